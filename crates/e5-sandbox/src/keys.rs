//! Ed25519 keys as small text files, and signatures as one line of text.
//!
//! - a private key file: comment lines (`#`), then `ed25519-private <64 hex digits>`; created
//!   with mode 0600 from the start (never readable by others, even for an instant), and never
//!   written over;
//! - a public key file: a French comment line with the key's fingerprint, then
//!   `ed25519-public <64 hex digits>` (a bare line of 64 hex digits is accepted too);
//! - a signature entry (`manifest.sig`): `ed25519 <public key hex> <signature hex>`.
//!
//! What is signed is a domain string followed by the bytes (a manifest), so a signature made
//! for one kind of file can never be passed off as one of another kind.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

pub use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::Error;
use crate::fs_util::unique_sibling;

const PRIVATE_TAG: &str = "ed25519-private";
const PUBLIC_TAG: &str = "ed25519-public";
const SIGNATURE_TAG: &str = "ed25519";
const MAX_KEY_FILE: u64 = 4096;

/// A new key from the operating system's random source.
pub fn generate() -> Result<SigningKey, Error> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| Error::Key {
        path: "(aléa)".into(),
        message: format!("source d'aléa du système indisponible : {e}"),
    })?;
    let key = SigningKey::from_bytes(&secret);
    secret.fill(0);
    Ok(key)
}

/// A short, readable fingerprint of a public key: the first 8 bytes of its SHA-256, as
/// `xxxx:xxxx:xxxx:xxxx`.
pub fn fingerprint(key: &VerifyingKey) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let hex = hex::encode(&digest[..8]);
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(":")
}

/// The public key as 64 hex digits.
pub fn public_hex(key: &VerifyingKey) -> String {
    hex::encode(key.as_bytes())
}

/// Writes `bytes` to a new file `path` readable by its owner only (mode 0600 from its
/// creation), published in one step: the file appears complete or not at all, and an
/// existing file is never replaced (`AlreadyExists`).
pub fn write_secret_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => Path::new(".").to_owned(),
    };
    if path.symlink_metadata().is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "le fichier existe déjà",
        ));
    }
    let tmp = unique_sibling(&dir, "key", ".tmp");
    let written = write_new_private(&tmp, bytes).and_then(|()| {
        // A link fails if `path` exists: no check-then-write race with another process.
        match fs::hard_link(&tmp, path) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                // A file system without hard links: still created 0600 and never replacing.
                write_new_private(path, bytes)
            }
            linked => linked,
        }
    });
    let _ = fs::remove_file(&tmp);
    written?;
    crate::fs_util::sync_dir(&dir);
    Ok(())
}

/// Creates `path` (which must not exist) with mode 0600 from the start, writes and syncs it.
fn write_new_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if written.is_err() {
        // Ours, and incomplete: never leave half a key behind.
        let _ = fs::remove_file(path);
    }
    written
}

/// Mode bits of a file that let anyone but its owner read or write it (0 elsewhere than Unix).
fn open_bits(path: &Path) -> io::Result<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Ok(fs::metadata(path)?.permissions().mode() & 0o077)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(0)
    }
}

/// Makes a secret file owned by the platform (a key in the data folder) readable by its
/// owner only, if it was not already.
pub fn restrict_to_owner(path: &Path) -> io::Result<()> {
    if open_bits(path)? != 0 {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

fn private_text(key: &SigningKey, comment: &str) -> String {
    format!(
        "# {comment}\n# Clé privée : secrète, lisible par son seul propriétaire ; ne la publiez jamais.\n{PRIVATE_TAG} {}\n",
        hex::encode(key.to_bytes())
    )
}

/// Writes a new private key file (mode 0600); refuses to replace an existing file.
pub fn write_private_key(path: &Path, key: &SigningKey, comment: &str) -> Result<(), Error> {
    write_secret_file(path, private_text(key, comment).as_bytes()).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            key_error(
                path,
                "ce fichier existe déjà : il n'est jamais remplacé (choisissez un autre nom)",
            )
        } else {
            Error::io(path)(e)
        }
    })
}

fn key_error(path: &Path, message: impl Into<String>) -> Error {
    Error::Key {
        path: path.to_owned(),
        message: message.into(),
    }
}

fn read_small(path: &Path) -> Result<String, Error> {
    let meta = fs::metadata(path).map_err(Error::io(path))?;
    if meta.len() > MAX_KEY_FILE {
        return Err(key_error(path, "fichier trop grand pour être une clé"));
    }
    fs::read_to_string(path).map_err(|_| key_error(path, "ce n'est pas un fichier de clé (texte)"))
}

/// The one line of a key file that is not a comment, split as `tag value`.
fn key_line(text: &str) -> Option<(&str, &str)> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let line = lines.next()?;
    if lines.next().is_some() {
        return None;
    }
    Some(match line.split_once(char::is_whitespace) {
        Some((tag, value)) => (tag, value.trim()),
        None => ("", line),
    })
}

fn hex32(text: &str) -> Option<[u8; 32]> {
    let bytes = hex::decode(text).ok()?;
    <[u8; 32]>::try_from(bytes.as_slice()).ok()
}

/// Reads a private key file; refuses one that others than its owner may read.
pub fn read_private_key(path: &Path) -> Result<SigningKey, Error> {
    let open = open_bits(path).map_err(Error::io(path))?;
    if open != 0 {
        return Err(key_error(
            path,
            format!(
                "clé privée lisible par d'autres utilisateurs (droits {:03o} en trop) : \
                 restreignez-la avec « chmod 600 {} » avant de l'utiliser",
                open,
                path.display()
            ),
        ));
    }
    let text = read_small(path)?;
    match key_line(&text) {
        Some((PRIVATE_TAG, value)) => {
            hex32(value)
                .map(|b| SigningKey::from_bytes(&b))
                .ok_or_else(|| {
                    key_error(
                        path,
                        "clé privée illisible (64 chiffres hexadécimaux attendus)",
                    )
                })
        }
        Some((PUBLIC_TAG, _)) => Err(key_error(
            path,
            "c'est une clé publique : la clé privée (fichier .key) est attendue ici",
        )),
        _ => Err(key_error(
            path,
            format!("ce n'est pas une clé privée e5 (ligne « {PRIVATE_TAG} … » attendue)"),
        )),
    }
}

/// The key in `path`, created (mode 0600) on first need: for the platform's own keys in
/// the data folder. An existing key readable by others is restricted to its owner first.
pub fn load_or_create_private_key(path: &Path, comment: &str) -> Result<SigningKey, Error> {
    if path.exists() {
        restrict_to_owner(path).map_err(Error::io(path))?;
        return read_private_key(path);
    }
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(Error::io(dir))?;
    }
    let key = generate()?;
    match write_secret_file(path, private_text(&key, comment).as_bytes()) {
        Ok(()) => Ok(key),
        // Another process created it first: use theirs.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => read_private_key(path),
        Err(e) => Err(Error::io(path)(e)),
    }
}

/// The text of a public key file: a French comment with the fingerprint, then the key.
pub fn public_key_text(key: &VerifyingKey, comment: &str) -> String {
    format!(
        "# {comment} (empreinte {})\n{PUBLIC_TAG} {}\n",
        fingerprint(key),
        public_hex(key)
    )
}

/// Parses the text of a public key file (or a bare line of 64 hex digits).
pub fn parse_public_key(text: &str) -> Result<VerifyingKey, String> {
    let value = match key_line(text) {
        Some((PUBLIC_TAG | "", value)) => value,
        Some((PRIVATE_TAG, _)) => {
            return Err(
                "c'est une clé privée : donnez la clé publique (fichier .pub), et gardez la clé privée secrète"
                    .to_owned(),
            );
        }
        _ => {
            return Err(format!(
                "ce n'est pas une clé publique e5 (ligne « {PUBLIC_TAG} … » attendue)"
            ));
        }
    };
    let bytes = hex32(value)
        .ok_or_else(|| "clé publique illisible (64 chiffres hexadécimaux attendus)".to_owned())?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| "clé publique invalide".to_owned())
}

/// Reads a public key file.
pub fn read_public_key(path: &Path) -> Result<VerifyingKey, Error> {
    let text = read_small(path)?;
    parse_public_key(&text).map_err(|m| key_error(path, m))
}

fn signed_message(domain: &[u8], message: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(domain.len() + message.len());
    bytes.extend_from_slice(domain);
    bytes.extend_from_slice(message);
    bytes
}

/// The signature entry of `message` under `domain`: `ed25519 <public hex> <signature hex>\n`.
/// Ed25519 is deterministic: the same key and message give the same bytes.
pub fn signature_entry(key: &SigningKey, domain: &[u8], message: &[u8]) -> Vec<u8> {
    use ed25519_dalek::Signer as _;
    let signature = key.sign(&signed_message(domain, message));
    format!(
        "{SIGNATURE_TAG} {} {}\n",
        public_hex(&key.verifying_key()),
        hex::encode(signature.to_bytes())
    )
    .into_bytes()
}

/// Reads a signature entry: the key it claims, and the signature.
pub fn parse_signature_entry(bytes: &[u8]) -> Result<(VerifyingKey, Signature), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "signature illisible".to_owned())?;
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [SIGNATURE_TAG, key, signature] = parts.as_slice() else {
        return Err(format!(
            "signature illisible (« {SIGNATURE_TAG} <clé publique> <signature> » attendu)"
        ));
    };
    let key = hex32(key)
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .ok_or_else(|| "signature : clé publique illisible".to_owned())?;
    let signature = hex::decode(signature)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b.as_slice()).ok())
        .map(|b| Signature::from_bytes(&b))
        .ok_or_else(|| "signature illisible (128 chiffres hexadécimaux attendus)".to_owned())?;
    Ok((key, signature))
}

/// Whether `signature` is `key`'s signature of `message` under `domain` (strict checking:
/// no malleable or weak-key signature is accepted).
pub fn verify(key: &VerifyingKey, domain: &[u8], message: &[u8], signature: &Signature) -> bool {
    key.verify_strict(&signed_message(domain, message), signature)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_their_files_and_the_private_one_is_0600() {
        let dir = tempfile::tempdir().expect("temp dir");
        let private = dir.path().join("k.key");
        let key = generate().expect("key");
        write_private_key(&private, &key, "Clé de test").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&private).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(
            write_private_key(&private, &key, "x").is_err(),
            "no overwrite"
        );
        let read = read_private_key(&private).expect("read");
        assert_eq!(read.to_bytes(), key.to_bytes());
        let text = public_key_text(&key.verifying_key(), "Clé publique de test");
        assert!(text.contains(&fingerprint(&key.verifying_key())));
        assert_eq!(parse_public_key(&text), Ok(key.verifying_key()));
        assert!(parse_public_key(&private_text(&key, "x")).is_err());

        let entry = signature_entry(&key, b"d\n", b"message");
        assert_eq!(
            entry,
            signature_entry(&key, b"d\n", b"message"),
            "deterministic"
        );
        let (claimed, signature) = parse_signature_entry(&entry).expect("parse");
        assert_eq!(claimed, key.verifying_key());
        assert!(verify(&claimed, b"d\n", b"message", &signature));
        assert!(!verify(&claimed, b"d\n", b"messagE", &signature));
        assert!(!verify(&claimed, b"e\n", b"message", &signature), "domain");
    }

    #[cfg(unix)]
    #[test]
    fn a_private_key_readable_by_others_is_refused_and_the_platforms_own_is_tightened() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("k.key");
        let key = load_or_create_private_key(&path, "x").expect("created");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        let err = read_private_key(&path).expect_err("too open");
        assert!(err.to_string().contains("chmod 600"), "{err}");
        let again = load_or_create_private_key(&path, "x").expect("tightened");
        assert_eq!(again.to_bytes(), key.to_bytes());
        let mode = fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
