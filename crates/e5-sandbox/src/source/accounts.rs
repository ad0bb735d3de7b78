//! Passwords of employees and customers: written in clear in the sources (they are demo
//! accounts printed on the candidate sheet), stored hashed with a salt derived from the
//! e-mail so that building twice gives the same bytes.

use sha2::{Digest, Sha256};

pub(crate) fn deterministic_hash(password: &str, email: &str) -> String {
    let digest = Sha256::digest(email.as_bytes());
    e5_shop_db::password::hash_password_with_salt(password, &digest[..16])
}

/// Hashes many passwords on every core: Argon2 is slow on purpose, and the reference site
/// has many accounts. `None` in, `None` out (no account).
pub(crate) fn hash_all(inputs: &[Option<(String, String)>]) -> Vec<Option<String>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .max(1);
    let chunk = inputs.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = inputs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|i| i.as_ref().map(|(pw, email)| deterministic_hash(pw, email)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            // Hashing cannot panic on any input (see hash_password_with_salt); should it
            // anyway, pass the panic on rather than shift the hashes against their rows.
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_account_always_gets_the_same_hash() {
        let a = deterministic_hash("demo", "a@example.fr");
        assert_eq!(a, deterministic_hash("demo", "a@example.fr"));
        assert_ne!(a, deterministic_hash("demo", "b@example.fr"));
        assert!(e5_shop_db::password::verify_password("demo", &a));
    }
}
