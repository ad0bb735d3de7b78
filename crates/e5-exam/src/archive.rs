//! The session archive: one tar file with, per candidate, the grid and its hash-chained
//! change log, the timer events, the screen recording, the written work (`travaux.txt`)
//! and the final sandbox database, plus `manifest.json` (SHA-256 of every entry) and
//! `manifest.sig` (Ed25519 signature of the manifest by the centre's key,
//! `<data>/centre.key`). `verify` recomputes everything, including each grid from its
//! change log, and names what was altered; only the signature, checked against the
//! centre's public key, proves who wrote the archive.

use std::io::Read;
use std::path::Path;

use e5_sandbox::keys::{self, SigningKey, VerifyingKey};
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

/// The centre's private key, in the data folder.
pub const CENTRE_KEY_FILE: &str = "centre.key";
/// Prefixed to the manifest's bytes before signing: an archive signature is only that.
pub const SIGNATURE_DOMAIN: &[u8] = b"e5-session-archive manifest v1\n";

/// The centre's signing key, created (mode 0600) on first need.
pub fn centre_key(data_root: &Path) -> Result<SigningKey> {
    Ok(keys::load_or_create_private_key(
        &data_root.join(CENTRE_KEY_FILE),
        "Clé du centre d'examen e5 : signe les archives de session (ne la copiez pas)",
    )?)
}

/// The centre's public key, from its key in the data folder (never created here).
pub fn centre_public_key(data_root: &Path) -> Result<Option<VerifyingKey>> {
    let path = data_root.join(CENTRE_KEY_FILE);
    if !path.exists() {
        return Ok(None);
    }
    keys::restrict_to_owner(&path)?;
    Ok(Some(keys::read_private_key(&path)?.verifying_key()))
}

/// The text of the centre's public key file (`e5 exam key`).
pub fn centre_public_key_text(key: &VerifyingKey) -> String {
    keys::public_key_text(
        key,
        "Clé publique du centre d'examen e5 : vérifie ses archives (e5 exam verify-archive --key)",
    )
}

/// The short fingerprint of the centre's key shown on the fiche d'évaluation (the key is
/// created on first need); empty if it cannot be had.
pub fn centre_fingerprint(data_root: &Path) -> String {
    match centre_key(data_root) {
        Ok(key) => keys::fingerprint(&key.verifying_key()),
        Err(e) => {
            tracing::warn!("clé du centre indisponible : {e}");
            String::new()
        }
    }
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
                let pool = e5_shop_db::open_read_only(&src).await?;
                // A consistent copy even while the sandbox's WAL is not checkpointed.
                sqlx::query("VACUUM INTO ?")
                    .bind(copy.to_string_lossy().to_string())
                    .execute(&pool)
                    .await?;
                // The written work as plain text, readable without any tool.
                let (code, source) = crate::work::subject_of(p, s.commission_id).await?;
                let work = crate::work::read(&code, &source, &pool).await?;
                let who = format!("{} {} (n° {})", s.surname, s.first_name, s.number);
                files.push((
                    format!("{dir}/travaux.txt"),
                    work.to_text(&who).into_bytes(),
                ));
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
    let signature = keys::signature_entry(
        &centre_key(p.data.root())?,
        SIGNATURE_DOMAIN,
        &manifest_bytes,
    );
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
    add("manifest.sig", &signature)?;
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
    /// Whether the manifest's signature was checked (a key was given): without it, nothing
    /// says who wrote the archive.
    pub signature_checked: bool,
}

/// What an archive's `grille.json` holds.
#[derive(Debug, Deserialize)]
struct GridFile {
    rows: Vec<grid::GridRowDef>,
    grid: grid::Grid,
}

/// Largest entry of an archive (2 GiB: a candidate's site database or recording); checked
/// against the tar header and the manifest before the entry is read.
pub const MAX_ENTRY_BYTES: u64 = 2 << 30;
/// Largest JSON entry (`manifest.json`, a grid, a change log), the only ones held in
/// memory: 64 MiB, far above a real session's.
pub const MAX_JSON_BYTES: u64 = 64 << 20;
/// Largest `manifest.sig`.
const MAX_SIGNATURE_BYTES: u64 = 64 << 10;
/// Largest archive, all entries together (64 GiB).
pub const MAX_TOTAL_BYTES: u64 = 64 << 30;

/// Whether an entry is kept in memory to be read after its hash is checked.
fn kept_in_memory(name: &str) -> bool {
    name.ends_with("grille.json")
}

/// Reads at most `limit` bytes of an entry; refuses a larger one without reading it all.
fn read_small(name: &str, entry: &mut impl Read, limit: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name} : illisible ({e})"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "{name} : entrée trop grande ({limit} octets au plus)"
        ));
    }
    Ok(bytes)
}

/// SHA-256 and size of what is written through it.
struct Hashing {
    hasher: Sha256,
    size: u64,
}

impl std::io::Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.hasher.update(buf);
        self.size += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Verifies an archive: every entry listed with its hash and nothing else, the grid change
/// logs unbroken, every grid equal to the one its change log leads to, then the manifest's
/// signature when the centre's public `key` is given. The error names the first problem,
/// in French.
///
/// Bounded: the manifest is read first (skipping over the other entries), then every entry
/// is streamed through its hash, refused as soon as its tar header disagrees with the
/// manifest or exceeds [`MAX_ENTRY_BYTES`]; only the grids and change logs are kept in
/// memory (at most [`MAX_JSON_BYTES`] each).
pub fn verify(file: &Path, key: Option<&VerifyingKey>) -> Result<Verified, String> {
    let open = || {
        std::fs::File::open(file)
            .map_err(|e| format!("{} : ouverture impossible ({e})", file.display()))
    };
    let unreadable = |e: std::io::Error| format!("archive illisible : {e}");
    let name_of = |entry: &tar::Entry<'_, std::fs::File>| {
        entry
            .path()
            .map(|p| p.to_string_lossy().to_string())
            .map_err(|e| format!("nom d'entrée illisible : {e}"))
    };

    // First pass: the manifest and its signature; other entries are seeked over.
    let mut manifest_bytes = None;
    let mut sig = None;
    let mut archive = tar::Archive::new(open()?);
    for entry in archive.entries_with_seek().map_err(unreadable)? {
        let mut entry = entry.map_err(unreadable)?;
        let name = name_of(&entry)?;
        if name == "manifest.json" && manifest_bytes.is_none() {
            manifest_bytes = Some(read_small(&name, &mut entry, MAX_JSON_BYTES)?);
        } else if name == "manifest.sig" && sig.is_none() {
            sig = Some(read_small(&name, &mut entry, MAX_SIGNATURE_BYTES)?);
        }
    }
    let manifest_bytes = manifest_bytes.ok_or("manifest.json absent de l'archive")?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| format!("manifest.json illisible : {e}"))?;
    if manifest.format != FORMAT {
        return Err(format!(
            "format « {} » inconnu ({FORMAT} attendu)",
            manifest.format
        ));
    }
    let mut total: u64 = 0;
    for listed in &manifest.entries {
        let cap = if kept_in_memory(&listed.name) {
            MAX_JSON_BYTES
        } else {
            MAX_ENTRY_BYTES
        };
        if listed.size > cap {
            return Err(format!(
                "{} : {} octets annoncés par le manifeste, {cap} au plus",
                listed.name, listed.size
            ));
        }
        total = total.saturating_add(listed.size);
    }
    if total > MAX_TOTAL_BYTES {
        return Err(format!(
            "archive de {total} octets annoncés par le manifeste, {MAX_TOTAL_BYTES} au plus"
        ));
    }

    // Second pass: every other entry through its hash, its size checked before reading.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut kept: Vec<(String, Vec<u8>)> = Vec::new();
    let mut archive = tar::Archive::new(open()?);
    for entry in archive.entries_with_seek().map_err(unreadable)? {
        let mut entry = entry.map_err(unreadable)?;
        let name = name_of(&entry)?;
        if name == "manifest.json" || name == "manifest.sig" {
            continue;
        }
        let Some(listed) = manifest.entries.iter().find(|e| e.name == name) else {
            return Err(format!(
                "{name} : entrée absente du manifeste (ajoutée après coup)"
            ));
        };
        let modified = || format!("{name} : contenu modifié (SHA-256 différent du manifeste)");
        let announced = entry
            .header()
            .size()
            .map_err(|e| format!("{name} : en-tête illisible ({e})"))?;
        if announced != listed.size {
            return Err(modified());
        }
        let (size, sha256, bytes) = if kept_in_memory(&name) {
            let bytes = read_small(&name, &mut entry, listed.size)?;
            (bytes.len() as u64, sha(&bytes), Some(bytes))
        } else {
            let mut hashing = Hashing {
                hasher: Sha256::new(),
                size: 0,
            };
            std::io::copy(&mut (&mut entry).take(listed.size + 1), &mut hashing)
                .map_err(|e| format!("{name} : illisible ({e})"))?;
            (hashing.size, hex::encode(hashing.hasher.finalize()), None)
        };
        if size != listed.size || sha256 != listed.sha256 {
            return Err(modified());
        }
        if let Some(bytes) = bytes {
            if name.ends_with("journal-grille.json") {
                let events: Vec<grid::StoredEvent> = serde_json::from_slice(&bytes)
                    .map_err(|e| format!("{name} : illisible ({e})"))?;
                grid::verify_chain(&events).map_err(|why| format!("{name} : {why}"))?;
            }
            if !kept.iter().any(|(n, _)| n == &name) {
                kept.push((name.clone(), bytes));
            }
        }
        seen.insert(name);
    }
    for listed in &manifest.entries {
        if !seen.contains(&listed.name) {
            return Err(format!(
                "{} : entrée du manifeste manquante dans l'archive",
                listed.name
            ));
        }
    }
    let take = |n: &str| {
        kept.iter()
            .find(|(name, _)| name == n)
            .map(|(_, b)| b.clone())
    };
    for (name, bytes) in &kept {
        let Some(dir) = name.strip_suffix("/grille.json") else {
            continue;
        };
        check_grid(dir, bytes, take(&format!("{dir}/journal-grille.json")))?;
    }
    let mut signature_checked = false;
    if let Some(key) = key {
        let sig = sig.ok_or("manifest.sig absent : archive non signée")?;
        let (claimed, signature) =
            keys::parse_signature_entry(&sig).map_err(|m| format!("manifest.sig : {m}"))?;
        if &claimed != key {
            return Err(format!(
                "archive signée par une autre clé (empreinte {}) que celle du centre indiquée ({})",
                keys::fingerprint(&claimed),
                keys::fingerprint(key)
            ));
        }
        if !keys::verify(key, SIGNATURE_DOMAIN, &manifest_bytes, &signature) {
            return Err(
                "manifest.json : signature invalide (manifeste modifié après sa signature)".into(),
            );
        }
        signature_checked = true;
    }
    Ok(Verified {
        manifest,
        signature_checked,
    })
}

/// A grid must be exactly the one its change log leads to.
fn check_grid(dir: &str, grid_bytes: &[u8], log: Option<Vec<u8>>) -> Result<(), String> {
    let name = format!("{dir}/grille.json");
    let log =
        log.ok_or_else(|| format!("{dir}/journal-grille.json absent : {name} invérifiable"))?;
    let file: GridFile =
        serde_json::from_slice(grid_bytes).map_err(|e| format!("{name} : illisible ({e})"))?;
    let events: Vec<grid::StoredEvent> = serde_json::from_slice(&log)
        .map_err(|e| format!("{dir}/journal-grille.json : illisible ({e})"))?;
    let replayed = grid::replay(file.grid.seat_id, &file.rows, &events)
        .map_err(|why| format!("{dir}/journal-grille.json : {why}"))?;
    let differs = |what: &str, found: String, expected: String| {
        Err(format!(
            "{name} : {what} « {found} » différent(e) de celui que donne le journal des modifications (« {expected} »)"
        ))
    };
    let g = &file.grid;
    if g.mark != replayed.mark {
        return differs("note", g.mark.clone(), replayed.mark);
    }
    if g.levels != replayed.levels {
        return differs(
            "positionnement",
            format!("{:?}", g.levels),
            format!("{:?}", replayed.levels),
        );
    }
    if g.attendance != replayed.attendance {
        return differs("statut", g.attendance.clone(), replayed.attendance);
    }
    if g.signed_at != replayed.signed_at || g.signed_by != replayed.signed_by {
        return differs(
            "signature",
            format!("{:?} {}", g.signed_at, g.signed_by),
            format!("{:?} {}", replayed.signed_at, replayed.signed_by),
        );
    }
    if g != &replayed {
        return Err(format!(
            "{name} : contenu différent de celui que donne le journal des modifications"
        ));
    }
    Ok(())
}
