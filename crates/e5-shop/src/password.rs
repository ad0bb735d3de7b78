//! Password hashing for shop customers and employees (Argon2id, PHC strings).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Hashes a password with a random salt.
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    // The OS random source failing is not recoverable in any useful way; fall back to a
    // salt from the process-wide UUID generator rather than refusing the account.
    if getrandom::fill(&mut salt).is_err() {
        salt.copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    }
    hash_password_with_salt(password, &salt)
}

/// Hashes with a given salt: packing the reference context uses a salt derived from the
/// account's e-mail so that packing twice gives the same bytes.
pub fn hash_password_with_salt(password: &str, salt: &[u8]) -> String {
    let salt = SaltString::encode_b64(salt).expect("a 16-byte salt always encodes");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2 with default parameters accepts any password")
        .to_string()
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_nothing_else() {
        let hash = hash_password("client-demo");
        assert!(verify_password("client-demo", &hash));
        assert!(!verify_password("client-dem0", &hash));
        assert!(!verify_password("client-demo", "not a hash"));
    }

    #[test]
    fn the_same_salt_gives_the_same_hash() {
        let salt = [7u8; 16];
        assert_eq!(
            hash_password_with_salt("x", &salt),
            hash_password_with_salt("x", &salt)
        );
    }
}
