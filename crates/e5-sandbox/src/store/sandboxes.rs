//! Sandboxes: forking is copying a file, resetting is copying it again, nothing more, so
//! both stay within a few milliseconds (no SQLite work on the hot path).

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use e5_domain::{ContextId, SandboxId};
use sqlx::{Connection, SqliteConnection};

use super::{DataDir, InstalledContext, SandboxInfo};
use crate::Error;
use crate::fs_util::{TempPath, remove_if_exists, set_mode, unique_sibling};
use e5_shop_db::meta::{self as sandbox_meta, CONTEXT_ID, CONTEXT_VERSION, SUBJECT_CODE};

/// A new sandbox of an installed context.
pub fn create_sandbox(data: &DataDir, ctx: &InstalledContext) -> Result<SandboxInfo, Error> {
    let id = fork_from(data, &data.golden_path(ctx))?;
    let path = data.sandbox_path(id);
    let (size_bytes, modified) = size_and_time(&path)?;
    Ok(SandboxInfo {
        id,
        context_id: ctx.id.to_string(),
        context_version: ctx.version.clone(),
        subject: None,
        path,
        size_bytes,
        modified,
    })
}

/// Copies `origin_db` (a golden or prepared database) to a new sandbox file.
pub fn fork_from(data: &DataDir, origin_db: &Path) -> Result<SandboxId, Error> {
    let dir = data.sandboxes_dir();
    std::fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
    let id = SandboxId::new_random();
    let path = data.sandbox_path(id);
    // A new id has no drafts; a stray file of that name would not survive either.
    copy_into_place(origin_db, &path, &e5_shop_db::drafts::files_for(&path))?;
    Ok(id)
}

/// Every `sandboxes/<uuid>.db`, with its origin read from the file itself.
pub async fn list_sandboxes(data: &DataDir) -> Result<Vec<SandboxInfo>, Error> {
    let dir = data.sandboxes_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&dir)(e)),
    };
    let mut ids: Vec<SandboxId> = Vec::new();
    for entry in entries {
        let path = entry.map_err(Error::io(&dir))?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        // Anything else (a copy in progress, a stray file) is not a sandbox.
        if let Some(id) = name.strip_suffix(".db").and_then(|stem| stem.parse().ok()) {
            ids.push(id);
        }
    }
    ids.sort();
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let path = data.sandbox_path(id);
        let meta = read_meta(&path).await?;
        let (size_bytes, modified) = size_and_time(&path)?;
        found.push(SandboxInfo {
            id,
            context_id: meta.get(CONTEXT_ID).cloned().unwrap_or_default(),
            context_version: meta.get(CONTEXT_VERSION).cloned().unwrap_or_default(),
            subject: meta.get(SUBJECT_CODE).cloned(),
            path,
            size_bytes,
            modified,
        });
    }
    Ok(found)
}

/// Puts the sandbox back as its origin was. The shop must have closed its pools on it.
pub async fn reset_sandbox(data: &DataDir, id: SandboxId) -> Result<(), Error> {
    let path = data.sandbox_path(id);
    if !path.is_file() {
        return Err(Error::SandboxNotFound(id));
    }
    let origin = origin_of(data, &path).await?;
    // The back-office drafts (`e5_shop::drafts`; their file names: `e5_shop_db::drafts`) go
    // too: they are the previous candidate's.
    let mut stale = vec![wal_path(&path), shm_path(&path)];
    stale.extend(e5_shop_db::drafts::files_for(&path));
    copy_into_place(&origin, &path, &stale)
}

/// Removes the sandbox file, its WAL companions and its drafts file.
pub fn delete_sandbox(data: &DataDir, id: SandboxId) -> Result<(), Error> {
    let path = data.sandbox_path(id);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Error::SandboxNotFound(id)),
        Err(e) => return Err(Error::io(&path)(e)),
    }
    remove_if_exists(&wal_path(&path))?;
    remove_if_exists(&shm_path(&path))?;
    for file in e5_shop_db::drafts::files_for(&path) {
        remove_if_exists(&file)?;
    }
    Ok(())
}

/// Copies `origin` next to `target`, removes `stale` files, then renames over `target`:
/// readers never see a half-copied database.
fn copy_into_place(origin: &Path, target: &Path, stale: &[PathBuf]) -> Result<(), Error> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let partial = TempPath::new(unique_sibling(dir, "fork", ".tmp"));
    std::fs::copy(origin, partial.path()).map_err(Error::io(origin))?;
    // The origin is read-only (0444) and `copy` keeps modes: a sandbox must be writable.
    set_mode(partial.path(), 0o644)?;
    for file in stale {
        remove_if_exists(file)?;
    }
    std::fs::rename(partial.path(), target).map_err(Error::io(target))?;
    partial.keep();
    Ok(())
}

/// The database a sandbox was copied from, found from its own `sandbox_meta`.
async fn origin_of(data: &DataDir, sandbox: &Path) -> Result<PathBuf, Error> {
    let meta = read_meta(sandbox).await?;
    let bad = |message: String| Error::SandboxMeta {
        path: sandbox.to_owned(),
        message,
    };
    if let Some(subject) = meta.get(SUBJECT_CODE) {
        let prepared = data
            .prepared_path(subject)
            .ok_or_else(|| bad(format!("code de sujet invalide : « {subject} »")))?;
        if !prepared.is_file() {
            return Err(bad(format!(
                "la base préparée du sujet « {subject} » n'existe plus ({}) : préparez le sujet à nouveau",
                prepared.display()
            )));
        }
        return Ok(prepared);
    }
    let id: ContextId = meta
        .get(CONTEXT_ID)
        .ok_or_else(|| bad("sandbox_meta sans context_id : origine inconnue".to_owned()))?
        .parse()
        .map_err(|e| bad(format!("{e}")))?;
    let version = meta
        .get(CONTEXT_VERSION)
        .ok_or_else(|| bad("sandbox_meta sans context_version : origine inconnue".to_owned()))?;
    crate::source::check_version_text(version).map_err(bad)?;
    let golden = data.context_dir(&id, version).join("golden.db");
    if !golden.is_file() {
        return Err(bad(format!(
            "son contexte {id}@{version} n'est plus installé"
        )));
    }
    Ok(golden)
}

/// Reads `sandbox_meta` through a read-only connection (never creates the file).
async fn read_meta(path: &Path) -> Result<std::collections::BTreeMap<String, String>, Error> {
    let options = e5_shop_db::connect_options(path).read_only(true);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(Error::sqlite(path))?;
    let meta = sandbox_meta::read_from(&mut conn)
        .await
        .map_err(Error::sqlite(path));
    let closed = conn.close().await.map_err(Error::sqlite(path));
    let meta = meta?;
    closed?;
    Ok(meta)
}

fn size_and_time(path: &Path) -> Result<(u64, SystemTime), Error> {
    let db = std::fs::metadata(path).map_err(Error::io(path))?;
    let mut size = db.len();
    let mut modified = db.modified().map_err(Error::io(path))?;
    if let Ok(wal) = std::fs::metadata(wal_path(path)) {
        size += wal.len();
        if let Ok(t) = wal.modified() {
            modified = modified.max(t);
        }
    }
    Ok((size, modified))
}

fn wal_path(db: &Path) -> PathBuf {
    suffixed(db, "-wal")
}

fn shm_path(db: &Path) -> PathBuf {
    suffixed(db, "-shm")
}

fn suffixed(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
