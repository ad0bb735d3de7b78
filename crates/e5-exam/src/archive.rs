//! The session archive: one tar file with, per candidate, the grid and its hash-chained
//! change log, the timer events, the screen recording and the final sandbox database, plus
//! `manifest.json` (SHA-256 of every entry) and `manifest.sig` (HMAC of the manifest with
//! the centre's server key). `verify` recomputes everything and names what was altered.

use std::io::Read;
use std::path::Path;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::{Platform, now_text};
use crate::error::{ExamError, Result};
use crate::grid;
use crate::planning;

pub const FORMAT: &str = "e5-session-archive/1";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: String,
    pub session: String,
    pub created: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The key signing manifests: derived from the server's secret key, so an archive can be
/// checked on this server (or one given the key) and not re-signed by anyone else.
/// The server's key file, created as the server creates it when the server has not run yet
/// (archives written from the command line must be signed too).
fn ensure_server_key(data_root: &Path) -> Result<()> {
    let path = data_root.join("secret.key");
    if std::fs::metadata(&path)
        .map(|m| m.len() == 32)
        .unwrap_or(false)
    {
        return Ok(());
    }
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| ExamError::Io(std::io::Error::other(e.to_string())))?;
    std::fs::write(&path, key)?;
    Ok(())
}

pub fn signing_key(data_root: &Path) -> Option<Vec<u8>> {
    let key = std::fs::read(data_root.join("secret.key")).ok()?;
    let mut h = Sha256::new();
    h.update(b"e5 session archive\0");
    h.update(&key);
    Some(h.finalize().to_vec())
}

fn sign(key: &[u8], manifest: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(manifest);
    hex::encode(mac.finalize().into_bytes())
}

/// Writes the archive of a session to `out`; returns the manifest.
pub async fn write(p: &Platform, session: i64, out: &Path) -> Result<Manifest> {
    let name: String = sqlx::query_scalar("SELECT name FROM exam_session WHERE id = ?")
        .bind(session)
        .fetch_optional(p.db())
        .await?
        .ok_or_else(|| ExamError::NotFound(format!("session {session}")))?;
    let seats = planning::seats_of_session(p, session).await?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let tmp = tempdir_in(p.data.root())?;
    for s in &seats {
        let dir = format!("commission-{}/{}", safe(&s.commission), safe(&s.number));
        let g = grid::load(p, s.seat_id).await?;
        let rows = grid::rows_of_seat(p, s.seat_id).await?;
        let events = grid::events(p, s.seat_id).await?;
        let timer: Vec<(i64, String, i64, String)> = sqlx::query_as(
            "SELECT at, kind, seconds, reason FROM timer_event WHERE seat_id = ? ORDER BY id",
        )
        .bind(s.seat_id)
        .fetch_all(p.db())
        .await?;
        let grid_json =
            serde_json::json!({ "seat": s, "rows": rows, "grid": g, "timer_events": timer });
        files.push((format!("{dir}/grille.json"), pretty(&grid_json)));
        files.push((
            format!("{dir}/journal-grille.json"),
            pretty(&serde_json::to_value(&events).unwrap_or_default()),
        ));
        let batches: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT received_ms, page, events FROM recording WHERE seat_id = ? ORDER BY id",
        )
        .bind(s.seat_id)
        .fetch_all(p.db())
        .await?;
        let mut rec = String::new();
        for (ms, page, ev) in batches {
            rec.push_str(&serde_json::json!({"received_ms": ms, "page": page, "events": serde_json::from_str::<serde_json::Value>(&ev).unwrap_or_default()}).to_string());
            rec.push('\n');
        }
        files.push((format!("{dir}/enregistrement.jsonl"), rec.into_bytes()));
        if let Some(id) = s
            .sandbox_id
            .as_deref()
            .and_then(|i| i.parse::<e5_domain::SandboxId>().ok())
        {
            let src = p.data.sandbox_path(id);
            if src.exists() {
                let copy = tmp.join(format!("{id}.db"));
                let pool = e5_shop::db::open_read_only(&src).await?;
                // A consistent copy even while the sandbox's WAL is not checkpointed.
                sqlx::query("VACUUM INTO ?")
                    .bind(copy.to_string_lossy().to_string())
                    .execute(&pool)
                    .await?;
                pool.close().await;
                files.push((format!("{dir}/site-{id}.db"), std::fs::read(&copy)?));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    let manifest = Manifest {
        format: FORMAT.into(),
        session: name,
        created: now_text(),
        entries: files
            .iter()
            .map(|(n, b)| Entry {
                name: n.clone(),
                size: b.len() as u64,
                sha256: sha(b),
            })
            .collect(),
    };
    let manifest_bytes = pretty(&serde_json::to_value(&manifest).unwrap_or_default());
    ensure_server_key(p.data.root())?;
    let signature = signing_key(p.data.root())
        .map(|k| sign(&k, &manifest_bytes))
        .unwrap_or_default();
    let file = std::fs::File::create(out)?;
    let mut tar = tar::Builder::new(file);
    let mut add = |name: &str, bytes: &[u8]| -> std::io::Result<()> {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes)
    };
    add("manifest.json", &manifest_bytes)?;
    add("manifest.sig", signature.as_bytes())?;
    for (n, b) in &files {
        add(n, b)?;
    }
    tar.into_inner()?.sync_all()?;
    Ok(manifest)
}

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec_pretty(v).unwrap_or_default()
}

fn safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn tempdir_in(root: &Path) -> Result<std::path::PathBuf> {
    let mut bytes = [0u8; 8];
    let _ = getrandom::fill(&mut bytes);
    let dir = root.join(format!(".archive-{}", hex::encode(bytes)));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// What verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub manifest: Manifest,
    /// Whether the manifest's signature was checked (a key was available).
    pub signature_checked: bool,
}

/// Verifies an archive: every entry listed with its hash and nothing else, the grid change
/// logs unbroken, and the manifest's signature when `key` is given. The error names the
/// first problem, in French.
pub fn verify(file: &Path, key: Option<&[u8]>) -> Result<Verified, String> {
    let f = std::fs::File::open(file)
        .map_err(|e| format!("{} : ouverture impossible ({e})", file.display()))?;
    let mut archive = tar::Archive::new(f);
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let list = archive
        .entries()
        .map_err(|e| format!("archive illisible : {e}"))?;
    for entry in list {
        let mut entry = entry.map_err(|e| format!("archive illisible : {e}"))?;
        let name = entry
            .path()
            .map_err(|e| format!("nom d'entrée illisible : {e}"))?
            .to_string_lossy()
            .to_string();
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{name} : illisible ({e})"))?;
        entries.push((name, bytes));
    }
    let take = |n: &str| {
        entries
            .iter()
            .find(|(name, _)| name == n)
            .map(|(_, b)| b.clone())
    };
    let manifest_bytes = take("manifest.json").ok_or("manifest.json absent de l'archive")?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| format!("manifest.json illisible : {e}"))?;
    if manifest.format != FORMAT {
        return Err(format!(
            "format « {} » inconnu ({FORMAT} attendu)",
            manifest.format
        ));
    }
    let mut signature_checked = false;
    if let Some(key) = key {
        let sig = take("manifest.sig").ok_or("manifest.sig absent de l'archive")?;
        if String::from_utf8_lossy(&sig).trim() != sign(key, &manifest_bytes) {
            return Err("manifest.json : signature invalide (manifeste modifié ou archive d'un autre serveur)".into());
        }
        signature_checked = true;
    }
    for (name, bytes) in &entries {
        if name == "manifest.json" || name == "manifest.sig" {
            continue;
        }
        let Some(listed) = manifest.entries.iter().find(|e| &e.name == name) else {
            return Err(format!(
                "{name} : entrée absente du manifeste (ajoutée après coup)"
            ));
        };
        if listed.size != bytes.len() as u64 || listed.sha256 != sha(bytes) {
            return Err(format!(
                "{name} : contenu modifié (SHA-256 différent du manifeste)"
            ));
        }
        if name.ends_with("journal-grille.json") {
            let events: Vec<grid::StoredEvent> =
                serde_json::from_slice(bytes).map_err(|e| format!("{name} : illisible ({e})"))?;
            grid::verify_chain(&events).map_err(|why| format!("{name} : {why}"))?;
        }
    }
    for listed in &manifest.entries {
        if !entries.iter().any(|(n, _)| n == &listed.name) {
            return Err(format!(
                "{} : entrée du manifeste manquante dans l'archive",
                listed.name
            ));
        }
    }
    Ok(Verified {
        manifest,
        signature_checked,
    })
}
