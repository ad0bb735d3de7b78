//! Password hashing for shop customers and employees (Argon2id, PHC strings), and the one
//! function every password sign-in of the platform checks a password with
//! ([`check_password`]: examiners, centre administrators, back-office employees, customers).

use std::sync::LazyLock;

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

/// A hash of a password nobody is given, with the same parameters as every real hash:
/// verified when the account is unknown so that a wrong e-mail costs as long as a wrong
/// password.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password_with_salt("e5: no such account", b"e5-dummy-salt-16"));

/// Argon2 verifications running at once: each one takes about 19 MiB and a core for tens
/// of milliseconds, so a burst of sign-ins queues instead of exhausting memory (the rate
/// limits bound how many wrong ones arrive; this bounds the right ones too).
static VERIFIERS: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    tokio::sync::Semaphore::new(cores.clamp(1, 4))
});

/// Checks a password against the stored hash of the account, `None` when there is no such
/// account (or it has no password): one Argon2 verification runs either way, against a
/// dummy hash when needed, so the answer's timing does not tell which e-mails exist. It runs
/// on Tokio's blocking pool, never on the workers serving pages.
pub async fn check_password(password: &str, hash: Option<&str>) -> bool {
    let hash = hash
        .filter(|h| PasswordHash::new(h).is_ok())
        .map(str::to_owned);
    let password = password.to_owned();
    // The semaphore is never closed; without a permit, verify anyway rather than refuse.
    let _permit = VERIFIERS.acquire().await.ok();
    tokio::task::spawn_blocking(move || match hash {
        Some(hash) => verify_password(&password, &hash),
        None => {
            let _ = verify_password(&password, &DUMMY_HASH);
            false
        }
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_unknown_account_costs_one_verification_and_never_passes() {
        let hash = hash_password("bonjour");
        assert!(check_password("bonjour", Some(&hash)).await);
        assert!(!check_password("bonjour!", Some(&hash)).await);
        assert!(!check_password("bonjour", None).await);
        assert!(!check_password("e5: no such account", None).await);
        assert!(!check_password("bonjour", Some("pas un hash")).await);
        // Same order of cost with or without an account (the fastest of three runs each,
        // so that a busy machine does not decide; debug builds are slow: generous).
        let mut known = std::time::Duration::MAX;
        let mut unknown = std::time::Duration::MAX;
        for _ in 0..3 {
            let start = std::time::Instant::now();
            check_password("x", Some(&hash)).await;
            known = known.min(start.elapsed());
            let start = std::time::Instant::now();
            check_password("x", None).await;
            unknown = unknown.min(start.elapsed());
        }
        assert!(
            unknown * 3 > known && known * 3 > unknown,
            "{known:?} vs {unknown:?}"
        );
    }

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
