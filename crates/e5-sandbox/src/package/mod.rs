//! `.e5ctx` packages: packing the sources, verifying a package, importing it into the data
//! folder. A package is refused as a whole: a failed import leaves nothing installed.
//!
//! A package is trusted only through a signature by a key the centre was given
//! ([`Trust`]), or explicitly accepted unsigned for training; either way the choice is
//! recorded with the installed context ([`Provenance`]).

mod archive;
mod golden_check;

use std::path::Path;

use crate::manifest;
pub(crate) use crate::manifest::PROVENANCE_FILE;
pub use crate::manifest::{
    FORMAT, FORMAT_VERSION, Manifest, ManifestEntry, Provenance, SIGNATURE_DOMAIN,
};

use crate::keys::{self, SigningKey, VerifyingKey};

use crate::fs_util::{TempPath, set_mode, sync_dir, unique_sibling};
use crate::store::{DataDir, InstalledContext};
use crate::{Error, source};

/// Which packages to accept: signed by one of `keys`, or unsigned too when
/// `allow_unsigned` (training). With neither, every package is refused.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    pub keys: Vec<VerifyingKey>,
    pub allow_unsigned: bool,
}

impl Trust {
    /// Only packages signed by `key`.
    pub fn key(key: VerifyingKey) -> Self {
        Self {
            keys: vec![key],
            allow_unsigned: false,
        }
    }

    /// Any intact package, signed or not (training): recorded as unsigned.
    pub fn allow_unsigned() -> Self {
        Self {
            keys: Vec::new(),
            allow_unsigned: true,
        }
    }
}

/// A package whose every check passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub manifest: Manifest,
    pub provenance: Provenance,
}

/// Builds the golden database of `source_dir` and writes an unsigned package to `out_file`
/// (replaced atomically). Packing the same sources twice gives the same bytes.
pub async fn pack(source_dir: &Path, out_file: &Path) -> Result<Manifest, Error> {
    pack_with(source_dir, out_file, None).await
}

/// As [`pack`], with `manifest.sig`: `key`'s signature of the manifest. Ed25519 signatures
/// are deterministic, so the package is still the same bytes every time.
pub async fn pack_signed(
    source_dir: &Path,
    out_file: &Path,
    key: &SigningKey,
) -> Result<Manifest, Error> {
    pack_with(source_dir, out_file, Some(key)).await
}

async fn pack_with(
    source_dir: &Path,
    out_file: &Path,
    key: Option<&SigningKey>,
) -> Result<Manifest, Error> {
    let out_dir = match out_file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => Path::new(".").to_owned(),
    };
    std::fs::create_dir_all(&out_dir).map_err(Error::io(&out_dir))?;
    let golden = TempPath::new(unique_sibling(&out_dir, "golden", ".db"));
    let _journal = TempPath::new(journal_of(golden.path()));
    let context = source::build_golden(source_dir, golden.path()).await?;
    let (size, sha256) = archive::digest_file(golden.path())?;
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        id: context.id,
        version: context.version,
        title: context.title,
        schema_version: context.schema_version,
        created: context.created,
        entries: vec![ManifestEntry {
            name: manifest::GOLDEN_ENTRY.to_owned(),
            size,
            sha256,
        }],
    };
    let partial = TempPath::new(unique_sibling(&out_dir, "e5ctx", ".tmp"));
    let json = manifest.to_json();
    let signature = key.map(|k| keys::signature_entry(k, SIGNATURE_DOMAIN, &json));
    archive::write(partial.path(), &json, signature.as_deref(), golden.path())?;
    std::fs::rename(partial.path(), out_file).map_err(Error::io(out_file))?;
    partial.keep();
    Ok(manifest)
}

fn journal_of(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-journal");
    name.into()
}

/// Reads and checks the whole package (signature, every entry, hashes, the database
/// inside) without installing anything.
pub async fn verify(file: &Path, trust: &Trust) -> Result<Verified, Error> {
    require_some_trust(file, trust)?;
    let work = TempPath::new(
        std::env::temp_dir().join(format!("e5-verify-{}", uuid::Uuid::new_v4().simple())),
    );
    std::fs::create_dir_all(work.path()).map_err(Error::io(work.path()))?;
    let golden = work.path().join(manifest::GOLDEN_ENTRY);
    let unpacked = archive::unpack(file, &golden)?;
    let provenance = check_signature(file, &unpacked, trust)?;
    golden_check::check(file, &golden, &unpacked.manifest).await?;
    Ok(Verified {
        manifest: unpacked.manifest,
        provenance,
    })
}

fn require_some_trust(file: &Path, trust: &Trust) -> Result<(), Error> {
    if trust.keys.is_empty() && !trust.allow_unsigned {
        return Err(Error::package(
            file,
            "aucune clé de confiance : indiquez la clé publique des concepteurs nationaux \
             (--trust national.pub), ou --allow-unsigned pour une formation",
        ));
    }
    Ok(())
}

/// Checks `manifest.sig` against the trusted keys. The manifest holds the SHA-256 of every
/// entry (checked by `unpack`), so a valid signature covers the whole package.
fn check_signature(
    file: &Path,
    unpacked: &archive::Unpacked,
    trust: &Trust,
) -> Result<Provenance, Error> {
    let refuse = |message: String| Error::package(file, message);
    let expected = || {
        trust
            .keys
            .iter()
            .map(keys::fingerprint)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(entry) = &unpacked.signature else {
        return if trust.allow_unsigned {
            Ok(Provenance::Unsigned)
        } else {
            Err(refuse(format!(
                "paquet non signé : refusé (une signature de la clé {} est exigée ; \
                 --allow-unsigned pour une formation seulement)",
                expected()
            )))
        };
    };
    let (key, signature) = keys::parse_signature_entry(entry)
        .map_err(|m| refuse(format!("{} : {m}", manifest::SIGNATURE_ENTRY)))?;
    let trusted = trust.keys.contains(&key);
    if !trusted && !trust.allow_unsigned {
        return Err(refuse(format!(
            "paquet signé par une autre clé (empreinte {}) que la clé de confiance ({}) : refusé",
            keys::fingerprint(&key),
            expected()
        )));
    }
    if !keys::verify(&key, SIGNATURE_DOMAIN, &unpacked.manifest_bytes, &signature) {
        return Err(refuse(
            "signature invalide : le manifeste a été modifié après sa signature, paquet refusé"
                .to_owned(),
        ));
    }
    Ok(if trusted {
        Provenance::Signed {
            public_key: keys::public_hex(&key),
            fingerprint: keys::fingerprint(&key),
        }
    } else {
        Provenance::Unsigned
    })
}

/// Verifies the package, then installs it as `contexts/<id>@<version>/` in one rename, with
/// its provenance (signed by which key, or unsigned for training).
/// Importing the very same package again is a no-op; a different one with the same
/// id@version is refused.
pub async fn import(file: &Path, data: &DataDir, trust: &Trust) -> Result<InstalledContext, Error> {
    require_some_trust(file, trust)?;
    let contexts = data.contexts_dir();
    std::fs::create_dir_all(&contexts).map_err(Error::io(&contexts))?;
    let staging = TempPath::new(contexts.join(format!(".tmp-{}", uuid::Uuid::new_v4().simple())));
    std::fs::create_dir(staging.path()).map_err(Error::io(staging.path()))?;

    let golden = staging.path().join(manifest::GOLDEN_ENTRY);
    let unpacked = archive::unpack(file, &golden)?;
    let provenance = check_signature(file, &unpacked, trust)?;
    let manifest = unpacked.manifest;
    golden_check::check(file, &golden, &manifest).await?;

    let manifest_path = staging.path().join(manifest::MANIFEST_ENTRY);
    write_synced(&manifest_path, &unpacked.manifest_bytes)?;
    set_mode(&manifest_path, 0o444)?;
    set_mode(&golden, 0o444)?;
    if let Some(signature) = &unpacked.signature {
        let sig_path = staging.path().join(manifest::SIGNATURE_ENTRY);
        write_synced(&sig_path, signature)?;
        set_mode(&sig_path, 0o444)?;
    }
    let provenance_path = staging.path().join(manifest::PROVENANCE_FILE);
    let mut provenance_json = serde_json::to_vec_pretty(&provenance).unwrap_or_default();
    provenance_json.push(b'\n');
    write_synced(&provenance_path, &provenance_json)?;
    set_mode(&provenance_path, 0o444)?;

    let target = data.context_dir(&manifest.id, &manifest.version);
    if target.exists() {
        return already_installed(data, &target, &manifest);
    }
    if let Err(e) = std::fs::rename(staging.path(), &target) {
        // Another import of the same context may have won the race.
        return if target.exists() {
            already_installed(data, &target, &manifest)
        } else {
            Err(Error::io(&target)(e))
        };
    }
    staging.keep();
    sync_dir(&contexts);
    Ok(InstalledContext::from_manifest(
        &manifest, target, provenance,
    ))
}

fn already_installed(
    data: &DataDir,
    target: &Path,
    manifest: &Manifest,
) -> Result<InstalledContext, Error> {
    let installed = crate::store::read_installed(target)?;
    let expected = manifest
        .entry(manifest::GOLDEN_ENTRY)
        .map(|e| (e.size, e.sha256.clone()));
    let actual = archive::digest_file(&data.golden_path(&installed))?;
    if expected == Some(actual) {
        Ok(installed)
    } else {
        Err(Error::ContextConflict {
            id: manifest.id.to_string(),
            version: manifest.version.clone(),
        })
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let mut file = std::fs::File::create(path).map_err(Error::io(path))?;
    file.write_all(bytes).map_err(Error::io(path))?;
    file.sync_all().map_err(Error::io(path))
}
