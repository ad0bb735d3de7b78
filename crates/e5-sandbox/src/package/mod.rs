//! `.e5ctx` packages: packing the sources, verifying a package, importing it into the data
//! folder. A package is refused as a whole: a failed import leaves nothing installed.

mod archive;
mod golden_check;
mod manifest;

use std::path::Path;

pub use manifest::{FORMAT, FORMAT_VERSION, Manifest, ManifestEntry};

use crate::fs_util::{TempPath, set_mode, sync_dir, unique_sibling};
use crate::store::{DataDir, InstalledContext};
use crate::{Error, source};

/// Builds the golden database of `source_dir` and writes the package to `out_file`
/// (replaced atomically). Packing the same sources twice gives the same bytes.
pub async fn pack(source_dir: &Path, out_file: &Path) -> Result<Manifest, Error> {
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
    archive::write(partial.path(), &manifest, golden.path())?;
    std::fs::rename(partial.path(), out_file).map_err(Error::io(out_file))?;
    partial.keep();
    Ok(manifest)
}

fn journal_of(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-journal");
    name.into()
}

/// Reads and checks the whole package (every entry, hashes, the database inside) without
/// installing anything.
pub async fn verify(file: &Path) -> Result<Manifest, Error> {
    let work = TempPath::new(
        std::env::temp_dir().join(format!("e5-verify-{}", uuid::Uuid::new_v4().simple())),
    );
    std::fs::create_dir_all(work.path()).map_err(Error::io(work.path()))?;
    let golden = work.path().join(manifest::GOLDEN_ENTRY);
    let unpacked = archive::unpack(file, &golden)?;
    golden_check::check(file, &golden, &unpacked.manifest).await?;
    Ok(unpacked.manifest)
}

/// Verifies the package, then installs it as `contexts/<id>@<version>/` in one rename.
/// Importing the very same package again is a no-op; a different one with the same
/// id@version is refused.
pub async fn import(file: &Path, data: &DataDir) -> Result<InstalledContext, Error> {
    let contexts = data.contexts_dir();
    std::fs::create_dir_all(&contexts).map_err(Error::io(&contexts))?;
    let staging = TempPath::new(contexts.join(format!(".tmp-{}", uuid::Uuid::new_v4().simple())));
    std::fs::create_dir(staging.path()).map_err(Error::io(staging.path()))?;

    let golden = staging.path().join(manifest::GOLDEN_ENTRY);
    let unpacked = archive::unpack(file, &golden)?;
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
    Ok(InstalledContext::from_manifest(&manifest, target))
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
