//! Access codes: eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), so a
//! candidate can type what the printed list shows without hesitation. Eight, not six: with
//! the sign-in pacing of `limits.rs`, guessing one of a session's codes stays negligible even
//! for an attacker with many addresses (31⁸ ≈ 8.5 × 10¹¹; `docs/rate-limits.md`).

use crate::{ExamError, Result};

pub const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const LENGTH: usize = 8;

/// A new access code. Fails when the system's random source does: a code derived from the
/// clock (or anything else predictable) could be guessed by a candidate, so there is no
/// fallback.
pub fn generate() -> Result<String> {
    generate_with(|bytes| getrandom::fill(bytes).map_err(|e| e.to_string()))
}

/// [`generate`] with the random source as a parameter (tests make it fail).
fn generate_with(mut fill: impl FnMut(&mut [u8]) -> Result<(), String>) -> Result<String> {
    // Bytes of 248 and more are drawn again: 248 = 8 × 31, so every character of the
    // alphabet stays equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let mut code = String::with_capacity(LENGTH);
    let mut bytes = [0u8; LENGTH];
    while code.len() < LENGTH {
        fill(&mut bytes).map_err(ExamError::Random)?;
        for b in bytes {
            if usize::from(b) < limit && code.len() < LENGTH {
                code.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
            }
        }
    }
    Ok(code)
}

/// What the candidate typed, tidied: spaces and dashes dropped, upper case, the usual
/// confusions mapped (a typed 0 means O is absent, so it cannot match anything wrongly).
pub fn normalise(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_has_six_unambiguous_characters() {
        for _ in 0..200 {
            let code = generate().expect("the system has a random source");
            assert_eq!(code.len(), LENGTH);
            assert!(code.bytes().all(|b| ALPHABET.contains(&b)));
            assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        }
    }

    #[test]
    fn without_a_random_source_no_code_is_made() {
        let err = generate_with(|_| Err("getrandom: unavailable".to_owned()))
            .expect_err("no code from the clock");
        assert!(matches!(err, ExamError::Random(_)));
        let message = err.to_string();
        assert!(message.contains("source d'aléa du système"), "{message}");
        assert!(message.contains("unavailable"), "{message}");
    }

    #[test]
    fn biased_bytes_are_drawn_again() {
        // 255 would be 'J' again by modulo: it is thrown away, the next draw is used.
        let mut draws = vec![[255u8; LENGTH], [0, 1, 2, 30, 31, 247, 3, 4]].into_iter();
        let code = generate_with(|b| {
            b.copy_from_slice(&draws.next().expect("two draws"));
            Ok(())
        })
        .expect("a code");
        assert_eq!(code, "ABC9A9DE");
        assert_eq!(code.len(), LENGTH);
        assert!(code.bytes().all(|b| ALPHABET.contains(&b)));
    }

    #[test]
    fn a_typed_code_is_tidied() {
        assert_eq!(normalise(" abc-2de "), "ABC2DE");
    }
}
