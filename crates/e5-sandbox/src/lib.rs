//! Contexts and sandboxes as SQLite files.
//!
//! - [`source`] reads the `reference-site/` sources into a golden shop database;
//! - [`package`] packs it as a deterministic `.e5ctx` file, verifies and imports one;
//! - [`manifest`] describes a package's entries and an installed context's provenance;
//! - [`keys`] holds the Ed25519 key files and signature entries (packages, archives);
//! - [`backup`] snapshots the whole data folder of a running server into one tar, and
//!   restores one into an empty folder;
//! - [`store`] is the data folder: installed contexts and candidate sandboxes, where a fork
//!   or a reset is a plain file copy of a database that is never written.

pub mod backup;
mod error;
mod fs_util;
pub mod keys;
pub mod manifest;
pub mod package;
pub mod source;
pub mod store;

pub use error::{Error, Location};
pub use package::{
    Manifest, ManifestEntry, Provenance, SIGNATURE_DOMAIN, Trust, Verified, import, pack,
    pack_signed, verify,
};
pub use store::{
    DataDir, InstalledContext, SandboxInfo, create_sandbox, delete_sandbox, find_context,
    fork_from, list_contexts, list_sandboxes, reset_sandbox,
};

/// The newest shop schema this program knows: the highest migration version.
pub fn schema_version_known() -> u32 {
    let newest = e5_shop_db::MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    u32::try_from(newest).unwrap_or(u32::MAX)
}
