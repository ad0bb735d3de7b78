//! `manifest.json`: what a package contains, with the size and SHA-256 of every entry; and
//! `provenance.json`: how an installed context's package was trusted.

use std::fmt;

use e5_domain::ContextId;
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "e5ctx";
pub const FORMAT_VERSION: u32 = 1;
pub const GOLDEN_ENTRY: &str = "golden.db";
pub const MANIFEST_ENTRY: &str = "manifest.json";
/// The national designers' Ed25519 signature of `manifest.json` (see `keys`).
pub const SIGNATURE_ENTRY: &str = "manifest.sig";
/// Where an installed context records how its package was trusted.
pub const PROVENANCE_FILE: &str = "provenance.json";
/// Prefixed to the manifest's bytes before signing: a package signature is only that.
pub const SIGNATURE_DOMAIN: &[u8] = b"e5ctx manifest v1\n";

/// Field order here is the order in the file: keep it stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub id: ContextId,
    pub version: String,
    pub title: String,
    pub schema_version: u32,
    pub created: String,
    pub entries: Vec<ManifestEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

impl Manifest {
    pub fn entry(&self, name: &str) -> Option<&ManifestEntry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// Pretty JSON with a final newline, as stored in the package and the data folder.
    pub fn to_json(&self) -> Vec<u8> {
        // Serializing plain strings and numbers cannot fail.
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Parses and checks a manifest; the message says what is wrong, in French.
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        // Look at the format first, so a future format gets "unsupported", not "bad field".
        let value: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| format!("manifest.json : JSON invalide : {e}"))?;
        if value.get("format").and_then(|v| v.as_str()) != Some(FORMAT) {
            return Err("manifest.json : ce n'est pas un manifeste de paquet e5ctx".to_owned());
        }
        let format_version = value.get("format_version").and_then(|v| v.as_u64());
        if format_version != Some(u64::from(FORMAT_VERSION)) {
            return Err(format!(
                "manifest.json : version de format {} non prise en charge (ce programme lit la version {FORMAT_VERSION}) : mettez à jour le logiciel",
                format_version.map_or_else(|| "absente".to_owned(), |v| v.to_string())
            ));
        }
        let manifest: Manifest = serde_json::from_value(value)
            .map_err(|e| format!("manifest.json : manifeste invalide : {e}"))?;
        crate::source::check_version_text(&manifest.version)
            .map_err(|m| format!("manifest.json : {m}"))?;
        let known = crate::schema_version_known();
        if manifest.schema_version > known {
            return Err(format!(
                "manifest.json : schéma {} plus récent que celui de ce programme ({known}) : mettez à jour le logiciel",
                manifest.schema_version
            ));
        }
        time::OffsetDateTime::parse(
            &manifest.created,
            &time::format_description::well_known::Rfc3339,
        )
        .map_err(|_| {
            format!(
                "manifest.json : date de création invalide : « {} »",
                manifest.created
            )
        })?;
        for (i, entry) in manifest.entries.iter().enumerate() {
            if entry.name != GOLDEN_ENTRY {
                return Err(format!(
                    "manifest.json : entrée inconnue « {} »",
                    entry.name
                ));
            }
            if manifest.entries[..i].iter().any(|e| e.name == entry.name) {
                return Err(format!(
                    "manifest.json : entrée « {} » en double",
                    entry.name
                ));
            }
        }
        if manifest.entry(GOLDEN_ENTRY).is_none() {
            return Err(format!(
                "manifest.json : l'entrée {GOLDEN_ENTRY} n'est pas déclarée"
            ));
        }
        Ok(manifest)
    }
}

/// How an installed context's package was trusted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "trust", rename_all = "snake_case")]
pub enum Provenance {
    /// Signed by a trusted key (hex) whose fingerprint is given.
    Signed {
        public_key: String,
        fingerprint: String,
    },
    /// Accepted without a trusted signature, on purpose (`--allow-unsigned`).
    Unsigned,
    /// Installed by a version that did not record it.
    #[serde(skip)]
    Unknown,
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Signed { fingerprint, .. } => write!(f, "signé, clé {fingerprint}"),
            Self::Unsigned => f.write_str("non signé (formation)"),
            Self::Unknown => f.write_str("provenance non enregistrée"),
        }
    }
}
