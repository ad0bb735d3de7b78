//! The `.e5ctx` container: a gzip-compressed tar whose every byte depends only on its
//! entries (mtime 0, uid/gid 0, no user names, mode 0644, fixed entry order).

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;

use flate2::read::GzDecoder;
use flate2::{Compression, GzBuilder};
use sha2::{Digest, Sha256};

use crate::Error;
use crate::manifest::{GOLDEN_ENTRY, MANIFEST_ENTRY, Manifest, SIGNATURE_ENTRY};

const MAX_MANIFEST_BYTES: u64 = 1 << 20;
const MAX_SIGNATURE_BYTES: u64 = 64 << 10;
/// Largest `golden.db` accepted (2 GiB): a reference site is a few megabytes; the size is
/// checked against the manifest and this cap before a byte is written.
pub(crate) const MAX_GOLDEN_BYTES: u64 = 2 << 30;
/// Most bytes read after the last entry (tar padding, 1 KiB from our writer): a package
/// padded with gigabytes of zeros is refused instead of being decompressed to the end.
const MAX_TRAILER_BYTES: u64 = 1 << 20;

/// SHA-256 and size of a file, streamed.
pub(crate) fn digest_file(path: &Path) -> Result<(u64, String), Error> {
    let mut file = BufReader::new(File::open(path).map_err(Error::io(path))?);
    let mut hasher = HashingWriter::new(io::sink());
    io::copy(&mut file, &mut hasher).map_err(Error::io(path))?;
    Ok(hasher.finish())
}

/// Writes `manifest.json`, `manifest.sig` when signed, then `golden.db` into `out` (a new
/// file).
pub(crate) fn write(
    out: &Path,
    manifest_json: &[u8],
    signature: Option<&[u8]>,
    golden: &Path,
) -> Result<(), Error> {
    let file = File::create(out).map_err(Error::io(out))?;
    let gz = GzBuilder::new()
        .mtime(0)
        .write(BufWriter::new(file), Compression::default());
    let mut tar = tar::Builder::new(gz);
    tar.mode(tar::HeaderMode::Deterministic);
    tar.append(
        &header(MANIFEST_ENTRY, manifest_json.len() as u64)?,
        manifest_json,
    )
    .map_err(Error::io(out))?;
    if let Some(signature) = signature {
        tar.append(&header(SIGNATURE_ENTRY, signature.len() as u64)?, signature)
            .map_err(Error::io(out))?;
    }
    let size = std::fs::metadata(golden).map_err(Error::io(golden))?.len();
    let golden_file = BufReader::new(File::open(golden).map_err(Error::io(golden))?);
    tar.append(&header(GOLDEN_ENTRY, size)?, golden_file)
        .map_err(Error::io(out))?;
    let gz = tar.into_inner().map_err(Error::io(out))?;
    let buffered = gz.finish().map_err(Error::io(out))?;
    let file = buffered
        .into_inner()
        .map_err(|e| Error::io(out)(e.into_error()))?;
    file.sync_all().map_err(Error::io(out))
}

fn header(name: &str, size: u64) -> Result<tar::Header, Error> {
    let mut h = tar::Header::new_ustar();
    h.set_path(name).map_err(Error::io(Path::new(name)))?;
    h.set_size(size);
    h.set_mode(0o644);
    h.set_mtime(0);
    h.set_uid(0);
    h.set_gid(0);
    h.set_username("").map_err(Error::io(Path::new(name)))?;
    h.set_groupname("").map_err(Error::io(Path::new(name)))?;
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    Ok(h)
}

/// What was read from a package whose entries all matched its manifest.
#[derive(Debug)]
pub(crate) struct Unpacked {
    pub manifest: Manifest,
    pub manifest_bytes: Vec<u8>,
    pub signature: Option<Vec<u8>>,
}

/// Reads the whole package, writing `golden.db` to `golden_out` and checking every entry
/// against the manifest. Does not look inside the database (see `golden_check`).
pub(crate) fn unpack(file: &Path, golden_out: &Path) -> Result<Unpacked, Error> {
    let refuse = |message: String| Error::package(file, message);
    let damaged = |e: io::Error| refuse(format!("le fichier est tronqué ou corrompu ({e})"));

    let mut input = BufReader::new(File::open(file).map_err(Error::io(file))?);
    let mut magic = [0u8; 2];
    if input.read_exact(&mut magic).is_err() || magic != [0x1f, 0x8b] {
        return Err(refuse(
            "ce n'est pas un paquet de contexte .e5ctx (fichier gzip attendu)".to_owned(),
        ));
    }
    let chained = io::Cursor::new(magic).chain(input);
    let mut archive = tar::Archive::new(GzDecoder::new(chained));

    let mut manifest: Option<(Manifest, Vec<u8>)> = None;
    let mut signature = None;
    let mut golden_seen = false;
    for (index, entry) in archive.entries().map_err(damaged)?.enumerate() {
        let mut entry = entry.map_err(damaged)?;
        let name = entry
            .path()
            .map_err(damaged)?
            .to_string_lossy()
            .into_owned();
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(refuse(format!(
                "entrée « {name} » : seul un fichier ordinaire est permis"
            )));
        }
        match (index, name.as_str(), &manifest) {
            (0, MANIFEST_ENTRY, _) => {
                let bytes = read_limited(&mut entry, MAX_MANIFEST_BYTES).map_err(damaged)?;
                let parsed = Manifest::parse(&bytes).map_err(refuse)?;
                manifest = Some((parsed, bytes));
            }
            (_, _, None) => {
                return Err(refuse(format!(
                    "{MANIFEST_ENTRY} manquant ou pas en première position"
                )));
            }
            (_, SIGNATURE_ENTRY, Some(_)) if signature.is_none() => {
                signature = Some(read_limited(&mut entry, MAX_SIGNATURE_BYTES).map_err(damaged)?);
            }
            (_, GOLDEN_ENTRY, Some((m, _))) if !golden_seen => {
                golden_seen = true;
                let Some(expected) = m.entry(GOLDEN_ENTRY).cloned() else {
                    return Err(refuse(format!(
                        "{GOLDEN_ENTRY} n'est pas déclaré par le manifeste"
                    )));
                };
                if expected.size > MAX_GOLDEN_BYTES {
                    return Err(refuse(format!(
                        "{GOLDEN_ENTRY} : {} octets annoncés, {} Gio au plus",
                        expected.size,
                        MAX_GOLDEN_BYTES >> 30
                    )));
                }
                // The tar header says how much follows: refused before anything is written.
                let announced = entry.header().size().map_err(damaged)?;
                if announced != expected.size {
                    return Err(refuse(format!(
                        "{GOLDEN_ENTRY} : taille {announced} octets au lieu de {} annoncés par le manifeste : le paquet a été modifié",
                        expected.size
                    )));
                }
                let out = File::create(golden_out).map_err(Error::io(golden_out))?;
                let mut hasher = HashingWriter::new(BufWriter::new(out));
                // Never more than declared (plus one byte to notice), whatever the header.
                io::copy(&mut (&mut entry).take(expected.size + 1), &mut hasher)
                    .map_err(damaged)?;
                let (size, sha256) = hasher.finish_into(golden_out)?;
                if size != expected.size {
                    return Err(refuse(format!(
                        "{GOLDEN_ENTRY} : taille {size} octets au lieu de {} annoncés par le manifeste : le paquet a été modifié",
                        expected.size
                    )));
                }
                if sha256 != expected.sha256 {
                    return Err(refuse(format!(
                        "{GOLDEN_ENTRY} : empreinte SHA-256 différente du manifeste : le paquet a été modifié"
                    )));
                }
            }
            (_, MANIFEST_ENTRY | SIGNATURE_ENTRY | GOLDEN_ENTRY, _) => {
                return Err(refuse(format!("entrée « {name} » en double")));
            }
            _ => return Err(refuse(format!("entrée inattendue « {name} »"))),
        }
    }
    // Read to the very end: the gzip trailer (CRC, length) catches a cut or altered tail.
    let trailer = io::copy(
        &mut archive.into_inner().take(MAX_TRAILER_BYTES + 1),
        &mut io::sink(),
    )
    .map_err(damaged)?;
    if trailer > MAX_TRAILER_BYTES {
        return Err(refuse(
            "données inattendues après la dernière entrée : le paquet a été modifié".to_owned(),
        ));
    }

    let Some((manifest, manifest_bytes)) = manifest else {
        return Err(refuse(format!(
            "{MANIFEST_ENTRY} manquant : ce paquet est vide"
        )));
    };
    if !golden_seen {
        return Err(refuse(format!(
            "{GOLDEN_ENTRY} manquant alors que le manifeste le déclare"
        )));
    }
    Ok(Unpacked {
        manifest,
        manifest_bytes,
        signature,
    })
}

fn read_limited(reader: &mut impl Read, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "entrée trop grande",
        ));
    }
    Ok(bytes)
}

/// Counts and hashes what goes through it.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    size: u64,
}

impl<W: Write> HashingWriter<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            size: 0,
        }
    }

    fn finish(self) -> (u64, String) {
        (self.size, hex::encode(self.hasher.finalize()))
    }
}

impl HashingWriter<BufWriter<File>> {
    /// Flushes and syncs the file written to `path`, then gives its size and hash.
    fn finish_into(self, path: &Path) -> Result<(u64, String), Error> {
        let file = self
            .inner
            .into_inner()
            .map_err(|e| Error::io(path)(e.into_error()))?;
        file.sync_all().map_err(Error::io(path))?;
        Ok((self.size, hex::encode(self.hasher.finalize())))
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest_json(golden_size: u64) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(&serde_json::json!({
            "format": super::super::FORMAT,
            "format_version": super::super::FORMAT_VERSION,
            "id": "toiles-de-loire",
            "version": "1.0.0",
            "title": "Test",
            "schema_version": 1,
            "created": "2026-01-01T00:00:00Z",
            "entries": [{"name": GOLDEN_ENTRY, "size": golden_size, "sha256": "00"}],
        }))
        .unwrap();
        bytes.push(b'\n');
        assert!(Manifest::parse(&bytes).is_ok());
        bytes
    }

    /// A `golden.db` larger than the manifest says is refused before a byte is written.
    #[test]
    fn an_entry_larger_than_declared_is_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let golden = dir.path().join("big.db");
        File::create(&golden).unwrap().set_len(8 << 20).unwrap();
        let package = dir.path().join("forged.e5ctx");
        write(&package, &manifest_json(4096), None, &golden).unwrap();
        let out = dir.path().join("out.db");
        let err = unpack(&package, &out).unwrap_err().to_string();
        assert!(
            err.contains("taille 8388608 octets au lieu de 4096 annoncés"),
            "{err}"
        );
        assert!(!out.exists(), "nothing written");

        // A manifest announcing more than the cap is refused whatever follows.
        let package = dir.path().join("huge.e5ctx");
        write(&package, &manifest_json(3 << 30), None, &golden).unwrap();
        let err = unpack(&package, &out).unwrap_err().to_string();
        assert!(err.contains("2 Gio au plus"), "{err}");
        assert!(!out.exists(), "nothing written");
    }
}
