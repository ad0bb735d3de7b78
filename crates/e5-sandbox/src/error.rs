//! The one error type of the crate. Every message is meant to be shown as is to the person
//! who can fix the problem: a data author (file:line), an exam centre (package, data folder).

use std::fmt;
use std::path::{Path, PathBuf};

use e5_domain::SandboxId;

/// A place in a source file, shown as `path:line` like a compiler does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: u64,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, line: u64) -> Self {
        Self {
            file: file.into(),
            line,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A problem at a precise line of a reference-site source file.
    #[error("{at} : {message}")]
    Source { at: Location, message: String },

    /// A problem with a whole source file or folder (no line to point at).
    #[error("{} : {message}", path.display())]
    SourceFile { path: PathBuf, message: String },

    /// A `.e5ctx` package that is refused (damaged, altered, unsupported).
    #[error("{} : {message}", path.display())]
    Package { path: PathBuf, message: String },

    /// A key file that cannot be used (missing, unreadable, too open, wrong kind).
    #[error("{} : {message}", path.display())]
    Key { path: PathBuf, message: String },

    #[error("contexte introuvable : « {spec} » (contextes installés : {installed})")]
    ContextNotFound { spec: String, installed: String },

    #[error(
        "le contexte {id}@{version} est déjà installé avec un contenu différent : \
         changez la version du paquet plutôt que de remplacer un contexte installé"
    )]
    ContextConflict { id: String, version: String },

    #[error("{} : contexte installé illisible : {message}", dir.display())]
    InstalledContext { dir: PathBuf, message: String },

    #[error("bac à sable introuvable : {0}")]
    SandboxNotFound(SandboxId),

    #[error("{} : {message}", path.display())]
    SandboxMeta { path: PathBuf, message: String },

    /// A backup that cannot be made or restored (refused folder, damaged or altered file).
    #[error("{} : {message}", path.display())]
    Backup { path: PathBuf, message: String },

    #[error("{} : {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{} : erreur SQLite : {source}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: sqlx::Error,
    },
}

impl Error {
    pub(crate) fn at(file: &Path, line: u64, message: impl Into<String>) -> Self {
        Self::Source {
            at: Location::new(file, line),
            message: message.into(),
        }
    }

    pub(crate) fn source_file(path: &Path, message: impl Into<String>) -> Self {
        Self::SourceFile {
            path: path.to_owned(),
            message: message.into(),
        }
    }

    pub(crate) fn package(path: &Path, message: impl Into<String>) -> Self {
        Self::Package {
            path: path.to_owned(),
            message: message.into(),
        }
    }

    /// For `map_err`: an I/O error on `path`.
    pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Self + '_ {
        move |source| Self::Io {
            path: path.to_owned(),
            source,
        }
    }

    /// For `map_err`: a SQLite error on the database `path`.
    pub(crate) fn sqlite(path: &Path) -> impl FnOnce(sqlx::Error) -> Self + '_ {
        move |source| Self::Sqlite {
            path: path.to_owned(),
            source,
        }
    }
}
