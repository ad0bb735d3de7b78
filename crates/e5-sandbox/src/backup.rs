//! Online backups of the whole data folder (`e5 backup`, `e5 restore`).
//!
//! A backup is one tar: `sauvegarde.json` first (every file's path, size, SHA-256 and mode,
//! the time and the e5 version), then every file of the data folder. SQLite databases are
//! copied with `VACUUM INTO`, a consistent snapshot of a live WAL database that only holds a
//! read transaction while it runs, so the server goes on serving; other files (keys,
//! manifests, provenance) are copied as they are. `-wal`, `-shm` and `-journal` files and
//! hidden names (staging folders, temporary files) are left out. The tar is written to a
//! temporary file and renamed: a failed backup leaves nothing.
//!
//! A restore goes into an empty (or absent) folder only. Every entry is checked against the
//! manifest (a plain file, a relative path without `..`, size, SHA-256), every database gets
//! `PRAGMA integrity_check`, all of it in a staging folder that is renamed into place last;
//! on any problem the staging folder is removed and nothing is left.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::Connection as _;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

use crate::Error;
use crate::fs_util::{TempPath, set_mode, sync_dir, unique_sibling};
use crate::store::DataDir;

/// The manifest's name, the first entry of every backup.
pub const MANIFEST_NAME: &str = "sauvegarde.json";
const FORMAT: &str = "e5-sauvegarde v1";
/// A manifest bigger than this is not one of ours.
const MAX_MANIFEST: u64 = 64 * 1024 * 1024;
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BackupManifest {
    pub format: String,
    /// UTC, RFC 3339.
    pub created: String,
    pub e5_version: String,
    pub files: Vec<BackupEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BackupEntry {
    /// Relative to the data folder, `/`-separated.
    pub path: String,
    pub size: u64,
    pub sha256: String,
    /// Unix permission bits (key files: 0600).
    pub mode: u32,
    /// Copied with `VACUUM INTO`; checked with `PRAGMA integrity_check` on restore.
    pub database: bool,
}

#[derive(Debug, Clone)]
pub struct BackupSummary {
    pub output: PathBuf,
    pub files: usize,
    pub databases: usize,
    /// Size of the tar file.
    pub bytes: u64,
    pub duration: Duration,
}

#[derive(Debug, Clone)]
pub struct RestoreSummary {
    pub files: usize,
    pub databases: usize,
    pub bytes: u64,
    pub created: String,
    pub duration: Duration,
}

fn refused(path: &Path, message: impl Into<String>) -> Error {
    Error::Backup {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// Snapshots the data folder of a running server into `output` (a tar).
pub async fn backup(data: &DataDir, output: &Path) -> Result<BackupSummary, Error> {
    let started = Instant::now();
    let root = data.root();
    if !root.is_dir() {
        return Err(refused(root, "dossier de données introuvable"));
    }
    let mut files = Vec::new();
    collect_files(root, Path::new(""), &mut files)?;
    files.sort();

    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("sauvegarde");
    let staging = TempPath::new(unique_sibling(&parent, name, ".staging"));
    fs::create_dir_all(staging.path()).map_err(Error::io(staging.path()))?;

    let mut entries = Vec::new();
    for rel in files {
        let src = root.join(&rel);
        let dest = staging.path().join(&rel);
        if let Some(dir) = dest.parent() {
            fs::create_dir_all(dir).map_err(Error::io(dir))?;
        }
        let meta = match fs::symlink_metadata(&src) {
            Ok(m) => m,
            // Deleted since the listing (a sandbox removed meanwhile): not in the backup.
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(&src)(e)),
        };
        let database = is_database(&src)?;
        if database {
            vacuum_into(&src, &dest).await?;
        } else {
            match fs::copy(&src, &dest) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::io(&src)(e)),
            }
        }
        let (size, sha256) = hash_file(&dest)?;
        let path = rel_string(&rel).ok_or_else(|| refused(&src, "nom de fichier non UTF-8"))?;
        entries.push(BackupEntry {
            mode: entry_mode(&path, &meta),
            path,
            size,
            sha256,
            database,
        });
    }

    let now = time::OffsetDateTime::now_utc();
    let manifest = BackupManifest {
        format: FORMAT.to_owned(),
        created: now
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        e5_version: env!("CARGO_PKG_VERSION").to_owned(),
        files: entries,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| refused(output, e.to_string()))?;
    let mtime = u64::try_from(now.unix_timestamp()).unwrap_or(0);

    let tmp = TempPath::new(unique_sibling(&parent, name, ".tmp"));
    {
        let file = fs::File::create(tmp.path()).map_err(Error::io(tmp.path()))?;
        let mut tar = tar::Builder::new(io::BufWriter::new(file));
        let mut header = regular_header(MANIFEST_NAME, json.len() as u64, 0o644, mtime)
            .map_err(Error::io(tmp.path()))?;
        header.set_cksum();
        tar.append(&header, json.as_slice())
            .map_err(Error::io(tmp.path()))?;
        for e in &manifest.files {
            let staged = staging.path().join(&e.path);
            let file = fs::File::open(&staged).map_err(Error::io(&staged))?;
            let mut header =
                regular_header(&e.path, e.size, e.mode, mtime).map_err(Error::io(tmp.path()))?;
            header.set_cksum();
            tar.append(&header, file.take(e.size))
                .map_err(Error::io(tmp.path()))?;
        }
        let writer = tar.into_inner().map_err(Error::io(tmp.path()))?;
        let file = writer
            .into_inner()
            .map_err(|e| Error::io(tmp.path())(e.into_error()))?;
        file.sync_all().map_err(Error::io(tmp.path()))?;
    }
    fs::rename(tmp.path(), output).map_err(Error::io(output))?;
    tmp.keep();
    sync_dir(&parent);
    drop(staging);

    let bytes = fs::metadata(output).map_err(Error::io(output))?.len();
    Ok(BackupSummary {
        output: output.to_owned(),
        files: manifest.files.len(),
        databases: manifest.files.iter().filter(|e| e.database).count(),
        bytes,
        duration: started.elapsed(),
    })
}

/// Restores `archive` into `data`, which must be empty or absent.
pub async fn restore(archive: &Path, data: &DataDir) -> Result<RestoreSummary, Error> {
    let started = Instant::now();
    let root = data.root();
    if root.exists() {
        let empty = root.is_dir()
            && fs::read_dir(root)
                .map_err(Error::io(root))?
                .next()
                .is_none();
        if !empty {
            return Err(refused(
                root,
                "le dossier de données n'est pas vide : restaurez dans un dossier vide ou absent \
                 (rien n'a été modifié)",
            ));
        }
    }
    let parent = match root.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(Error::io(&parent))?;
    let staging = TempPath::new(unique_sibling(&parent, "restauration", ""));
    fs::create_dir(staging.path()).map_err(Error::io(staging.path()))?;

    let manifest = unpack(archive, staging.path())?;

    let mut bytes = 0;
    for e in &manifest.files {
        bytes += e.size;
        if e.database {
            let path = staging.path().join(&e.path);
            integrity_check(&path).await.map_err(|message| {
                refused(
                    archive,
                    format!("{} : base de données abîmée : {message}", e.path),
                )
            })?;
        }
    }

    if root.exists() {
        fs::remove_dir(root).map_err(Error::io(root))?;
    }
    fs::rename(staging.path(), root).map_err(Error::io(root))?;
    staging.keep();
    sync_dir(&parent);
    Ok(RestoreSummary {
        files: manifest.files.len(),
        databases: manifest.files.iter().filter(|e| e.database).count(),
        bytes,
        created: manifest.created,
        duration: started.elapsed(),
    })
}

/// Extracts `archive` into `dest`, checking every entry against the manifest.
fn unpack(archive: &Path, dest: &Path) -> Result<BackupManifest, Error> {
    let bad = |message: String| refused(archive, message);
    let file = fs::File::open(archive).map_err(Error::io(archive))?;
    let mut tar = tar::Archive::new(io::BufReader::new(file));
    let mut entries = tar
        .entries()
        .map_err(|e| bad(format!("archive illisible : {e}")))?;

    let mut first = entries
        .next()
        .ok_or_else(|| bad("archive vide".into()))?
        .map_err(|e| bad(format!("archive illisible : {e}")))?;
    let first_path = String::from_utf8_lossy(&first.path_bytes()).into_owned();
    if first_path != MANIFEST_NAME
        || first.header().entry_type() != tar::EntryType::Regular
        || first.size() > MAX_MANIFEST
    {
        return Err(bad(format!(
            "ce n'est pas une sauvegarde e5 : {MANIFEST_NAME} attendu en tête"
        )));
    }
    let mut json = Vec::new();
    first
        .read_to_end(&mut json)
        .map_err(|e| bad(format!("archive illisible : {e}")))?;
    let manifest: BackupManifest = serde_json::from_slice(&json)
        .map_err(|e| bad(format!("{MANIFEST_NAME} illisible : {e}")))?;
    if manifest.format != FORMAT {
        return Err(bad(format!(
            "format de sauvegarde inconnu : « {} »",
            manifest.format
        )));
    }
    let mut expected: BTreeMap<&str, &BackupEntry> = BTreeMap::new();
    for e in &manifest.files {
        if !is_safe_path(&e.path) || e.path == MANIFEST_NAME {
            return Err(bad(format!(
                "chemin refusé dans {MANIFEST_NAME} : {}",
                e.path
            )));
        }
        if expected.insert(&e.path, e).is_some() {
            return Err(bad(format!(
                "fichier en double dans {MANIFEST_NAME} : {}",
                e.path
            )));
        }
    }

    for entry in entries {
        let mut entry = entry.map_err(|e| bad(format!("archive illisible : {e}")))?;
        let path = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(bad(format!(
                "{path} : seuls des fichiers ordinaires sont acceptés (ni lien ni dossier)"
            )));
        }
        if !is_safe_path(&path) {
            return Err(bad(format!(
                "{path} : chemin refusé (absolu ou avec « .. »)"
            )));
        }
        let Some(e) = expected.remove(path.as_str()) else {
            return Err(bad(format!(
                "{path} : absent de {MANIFEST_NAME} ou présent deux fois"
            )));
        };
        if entry.size() != e.size {
            return Err(bad(format!(
                "{path} : taille différente de {MANIFEST_NAME}"
            )));
        }
        let out = dest.join(&path);
        if let Some(dir) = out.parent() {
            fs::create_dir_all(dir).map_err(Error::io(dir))?;
        }
        let mut file = fs::File::create(&out).map_err(Error::io(&out))?;
        let (size, sha256) = copy_hashing(&mut entry, &mut file)
            .map_err(|err| bad(format!("{path} : lecture impossible : {err}")))?;
        if size != e.size || sha256 != e.sha256 {
            return Err(bad(format!(
                "{path} : contenu modifié (taille ou SHA-256 différents de {MANIFEST_NAME})"
            )));
        }
        file.sync_all().map_err(Error::io(&out))?;
        drop(file);
        set_mode(&out, safe_mode(&path, e.mode))?;
    }
    if let Some(missing) = expected.keys().next() {
        return Err(bad(format!(
            "{missing} : listé dans {MANIFEST_NAME} mais absent de l'archive"
        )));
    }
    Ok(manifest)
}

fn collect_files(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let dir = root.join(rel);
    for entry in fs::read_dir(&dir).map_err(Error::io(&dir))? {
        let entry = entry.map_err(Error::io(&dir))?;
        let name = entry.file_name();
        let Some(name_str) = name.to_str() else {
            continue;
        };
        if name_str.starts_with('.')
            || ["-wal", "-shm", "-journal"]
                .iter()
                .any(|s| name_str.ends_with(s))
        {
            continue;
        }
        let kind = entry.file_type().map_err(Error::io(&entry.path()))?;
        let child = rel.join(&name);
        if kind.is_dir() {
            collect_files(root, &child, out)?;
        } else if kind.is_file() {
            out.push(child);
        }
        // Links and special files are not part of a data folder: left out.
    }
    Ok(())
}

fn rel_string(rel: &Path) -> Option<String> {
    let parts = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(parts.join("/"))
}

/// A relative `/`-separated path with plain names only: nothing can leave the folder.
fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 1024
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

fn is_key(path: &str) -> bool {
    path.ends_with(".key")
}

fn safe_mode(path: &str, mode: u32) -> u32 {
    if is_key(path) { 0o600 } else { mode & 0o755 }
}

fn entry_mode(path: &str, meta: &fs::Metadata) -> u32 {
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o777
    };
    #[cfg(not(unix))]
    let mode = if meta.permissions().readonly() {
        0o444
    } else {
        0o644
    };
    safe_mode(path, mode)
}

fn regular_header(path: &str, size: u64, mode: u32, mtime: u64) -> io::Result<tar::Header> {
    let mut header = tar::Header::new_gnu();
    header.set_path(path)?;
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(size);
    header.set_mode(mode);
    header.set_mtime(mtime);
    Ok(header)
}

fn is_database(path: &Path) -> Result<bool, Error> {
    if path.extension().and_then(|e| e.to_str()) != Some("db") {
        return Ok(false);
    }
    let mut head = [0u8; 16];
    let mut file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(path)(e)),
    };
    match file.read_exact(&mut head) {
        Ok(()) => Ok(&head == SQLITE_HEADER),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(Error::io(path)(e)),
    }
}

fn connect_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .busy_timeout(Duration::from_secs(30))
}

/// A consistent copy of a live database: one read transaction for the time of the copy.
async fn vacuum_into(src: &Path, dest: &Path) -> Result<(), Error> {
    let target = dest
        .to_str()
        .ok_or_else(|| refused(dest, "chemin non UTF-8"))?;
    let mut conn = SqliteConnection::connect_with(&connect_options(src))
        .await
        .map_err(Error::sqlite(src))?;
    let result = sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(&mut conn)
        .await;
    let _ = conn.close().await;
    result.map_err(Error::sqlite(src))?;
    Ok(())
}

/// `Err` with SQLite's findings when the database is damaged.
async fn integrity_check(path: &Path) -> Result<(), String> {
    let mut conn = SqliteConnection::connect_with(&connect_options(path))
        .await
        .map_err(|e| e.to_string())?;
    let rows: Result<Vec<String>, _> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await;
    let _ = conn.close().await;
    let rows = rows.map_err(|e| e.to_string())?;
    if rows.len() == 1 && rows[0] == "ok" {
        Ok(())
    } else {
        Err(rows.join(" ; "))
    }
}

fn hash_file(path: &Path) -> Result<(u64, String), Error> {
    let mut file = fs::File::open(path).map_err(Error::io(path))?;
    copy_hashing(&mut file, &mut io::sink()).map_err(Error::io(path))
}

fn copy_hashing(from: &mut impl Read, to: &mut impl Write) -> io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = from.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        to.write_all(&buf[..n])?;
        size += n as u64;
    }
    Ok((size, hex::encode(hasher.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_safe() {
        for ok in ["platform.db", "sandboxes/a.db", "contexts/x@1/golden.db"] {
            assert!(is_safe_path(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "./a",
            "a/",
            "a\\b",
            "a/.",
        ] {
            assert!(!is_safe_path(bad), "{bad}");
        }
    }

    /// `dir/name`: a tar whose manifest lists `listed` ("hi"), then what `write` appends.
    fn crafted(
        dir: &Path,
        name: &str,
        listed: &str,
        write: impl FnOnce(&mut tar::Builder<fs::File>),
    ) -> PathBuf {
        let manifest = BackupManifest {
            format: FORMAT.into(),
            created: String::new(),
            e5_version: String::new(),
            files: vec![BackupEntry {
                path: listed.into(),
                size: 2,
                sha256: hex::encode(Sha256::digest(b"hi")),
                mode: 0o644,
                database: false,
            }],
        };
        let json = serde_json::to_vec(&manifest).expect("json");
        let path = dir.join(name);
        let mut tar = tar::Builder::new(fs::File::create(&path).expect("create"));
        let mut h = regular_header(MANIFEST_NAME, json.len() as u64, 0o644, 0).expect("header");
        h.set_cksum();
        tar.append(&h, json.as_slice()).expect("append");
        write(&mut tar);
        tar.finish().expect("finish");
        path
    }

    #[tokio::test]
    async fn links_and_escaping_paths_are_refused_and_leave_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let link = crafted(dir.path(), "lien.tar", "a", |tar| {
            let mut h = tar::Header::new_gnu();
            h.set_entry_type(tar::EntryType::Symlink);
            h.set_size(0);
            h.set_path("a").expect("path");
            h.set_link_name("/etc/passwd").expect("link");
            h.set_cksum();
            tar.append(&h, io::empty()).expect("append");
        });
        let escape = crafted(dir.path(), "evasion.tar", "a", |tar| {
            let mut h = tar::Header::new_gnu();
            h.set_entry_type(tar::EntryType::Regular);
            h.set_size(2);
            // set_path refuses "..": write the name bytes directly.
            h.as_old_mut().name[..4].copy_from_slice(b"../a");
            h.set_cksum();
            tar.append(&h, &b"hi"[..]).expect("append");
        });
        for (tar, expected) in [(&link, "lien"), (&escape, "chemin refusé")] {
            let target = dir.path().join("cible");
            let err = restore(tar, &DataDir::new(&target))
                .await
                .expect_err("refused")
                .to_string();
            assert!(err.contains(expected), "{err}");
            assert!(!target.exists());
            assert!(!dir.path().parent().expect("tmp").join("a").exists());
            let left: Vec<_> = fs::read_dir(dir.path())
                .expect("read")
                .filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
                .collect();
            assert!(left.is_empty(), "staging left behind");
        }
    }

    #[test]
    fn key_files_stay_private() {
        assert_eq!(safe_mode("secret.key", 0o644), 0o600);
        assert_eq!(safe_mode("platform.db", 0o4755), 0o755);
    }
}
