//! The data folder: installed contexts (`contexts/<id>@<version>/`) and candidate
//! sandboxes (`sandboxes/<uuid>.db`). A sandbox is only its file.

mod contexts;
mod sandboxes;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use e5_domain::{ContextId, SandboxId};

pub(crate) use contexts::read_installed;
pub use contexts::{find_context, list_contexts};
pub use sandboxes::{create_sandbox, delete_sandbox, fork_from, list_sandboxes, reset_sandbox};

use crate::manifest::{Manifest, Provenance};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn contexts_dir(&self) -> PathBuf {
        self.root.join("contexts")
    }

    pub fn sandboxes_dir(&self) -> PathBuf {
        self.root.join("sandboxes")
    }

    /// `SandboxId` is a checked UUID, so this path never leaves `sandboxes/`.
    pub fn sandbox_path(&self, id: SandboxId) -> PathBuf {
        self.sandboxes_dir().join(format!("{id}.db"))
    }

    /// Both parts are checked (`ContextId`, version alphabet): no path escapes `contexts/`.
    pub fn context_dir(&self, id: &ContextId, version: &str) -> PathBuf {
        self.contexts_dir().join(format!("{id}@{version}"))
    }

    pub fn golden_path(&self, ctx: &InstalledContext) -> PathBuf {
        self.context_dir(&ctx.id, &ctx.version).join("golden.db")
    }

    /// Where prepared subject databases live: `subjects/<code>/prepared.db`.
    pub fn subjects_dir(&self) -> PathBuf {
        self.root.join("subjects")
    }

    /// The prepared database of a subject (golden + the subject's overlay), or `None` when
    /// `code` could leave `subjects/` (only letters, digits, `-` and `_` are accepted).
    pub fn prepared_path(&self, code: &str) -> Option<PathBuf> {
        let safe = !code.is_empty()
            && code.len() <= 64
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        safe.then(|| self.subjects_dir().join(code).join("prepared.db"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledContext {
    pub id: ContextId,
    pub version: String,
    pub title: String,
    pub created: String,
    pub dir: PathBuf,
    pub schema_version: u32,
    /// Signed by which key, or accepted unsigned for training.
    pub provenance: Provenance,
}

impl InstalledContext {
    pub(crate) fn from_manifest(m: &Manifest, dir: PathBuf, provenance: Provenance) -> Self {
        Self {
            id: m.id.clone(),
            version: m.version.clone(),
            title: m.title.clone(),
            created: m.created.clone(),
            dir,
            schema_version: m.schema_version,
            provenance,
        }
    }

    /// `id@version`, as typed on the command line.
    pub fn spec(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxInfo {
    pub id: SandboxId,
    pub context_id: String,
    pub context_version: String,
    pub subject: Option<String>,
    pub path: PathBuf,
    /// The database file plus its WAL, if any.
    pub size_bytes: u64,
    /// Latest change of the database file or its WAL.
    pub modified: SystemTime,
}
