//! Installed contexts: listing them and finding one from `id` or `id@version`.

use std::cmp::Ordering;
use std::path::Path;

use e5_domain::ContextId;

use super::{DataDir, InstalledContext};
use crate::Error;
use crate::manifest::{Manifest, Provenance};

/// Every installed context, by id then version (oldest first).
pub fn list_contexts(data: &DataDir) -> Result<Vec<InstalledContext>, Error> {
    let dir = data.contexts_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&dir)(e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.map_err(Error::io(&dir))?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        // `.tmp-*`: an import in progress (or interrupted), not a context.
        if name.starts_with('.') || !name.contains('@') || !path.is_dir() {
            continue;
        }
        found.push(read_installed(&path)?);
    }
    found.sort_by(|a, b| {
        a.id.cmp(&b.id)
            .then_with(|| compare_versions(&a.version, &b.version))
    });
    Ok(found)
}

/// `id@version`, or `id` alone for its newest installed version.
pub fn find_context(data: &DataDir, spec: &str) -> Result<InstalledContext, Error> {
    let not_found = || -> Error {
        let installed = list_contexts(data)
            .map(|all| {
                all.iter()
                    .map(InstalledContext::spec)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let installed = if installed.is_empty() {
            "aucun".to_owned()
        } else {
            installed
        };
        Error::ContextNotFound {
            spec: spec.to_owned(),
            installed,
        }
    };
    let (id, version) = match spec.split_once('@') {
        Some((id, version)) => (id, Some(version)),
        None => (spec, None),
    };
    let Ok(id) = id.parse::<ContextId>() else {
        return Err(not_found());
    };
    match version {
        Some(version) => {
            if crate::source::check_version_text(version).is_err() {
                return Err(not_found());
            }
            let dir = data.context_dir(&id, version);
            if dir.is_dir() {
                read_installed(&dir)
            } else {
                Err(not_found())
            }
        }
        None => list_contexts(data)?
            .into_iter()
            .filter(|c| c.id == id)
            .max_by(|a, b| compare_versions(&a.version, &b.version))
            .ok_or_else(not_found),
    }
}

/// Reads `<dir>/manifest.json`, the installed copy of the package manifest.
pub(crate) fn read_installed(dir: &Path) -> Result<InstalledContext, Error> {
    let broken = |message: String| Error::InstalledContext {
        dir: dir.to_owned(),
        message,
    };
    let bytes = std::fs::read(dir.join("manifest.json"))
        .map_err(|e| broken(format!("manifest.json : {e}")))?;
    let manifest = Manifest::parse(&bytes).map_err(broken)?;
    let expected = format!("{}@{}", manifest.id, manifest.version);
    if dir.file_name().and_then(|n| n.to_str()) != Some(expected.as_str()) {
        return Err(broken(format!("le dossier devrait s'appeler {expected}")));
    }
    let provenance = match std::fs::read(dir.join(crate::package::PROVENANCE_FILE)) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            broken(format!(
                "{} illisible : {e}",
                crate::package::PROVENANCE_FILE
            ))
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Provenance::Unknown,
        Err(e) => return Err(broken(format!("{} : {e}", crate::package::PROVENANCE_FILE))),
    };
    Ok(InstalledContext::from_manifest(
        &manifest,
        dir.to_owned(),
        provenance,
    ))
}

/// "2025.2" < "2025.10": digit runs compare as numbers, the rest as text.
fn compare_versions(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, xa), (db, xb)) in ca.iter().zip(cb.iter()) {
        let order = if *da && *db {
            let (ta, tb) = (xa.trim_start_matches('0'), xb.trim_start_matches('0'));
            ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb))
        } else {
            xa.cmp(xb)
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_like_numbers() {
        assert_eq!(compare_versions("2025.2", "2025.10"), Ordering::Less);
        assert_eq!(compare_versions("1.0", "1.0"), Ordering::Equal);
        assert_eq!(compare_versions("1.0", "1.0.1"), Ordering::Less);
        assert_eq!(compare_versions("2", "10"), Ordering::Less);
        assert_eq!(compare_versions("", "1"), Ordering::Less);
    }
}
