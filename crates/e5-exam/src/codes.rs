//! Access codes: six characters from an alphabet without look-alikes (no 0/O, 1/I/L), so a
//! candidate can type what the printed list shows without hesitation.

pub const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const LENGTH: usize = 6;

pub fn generate() -> String {
    let mut bytes = [0u8; LENGTH];
    // Without randomness the codes would be guessable: better to fail loudly.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (nanos >> (i * 4)) as u8;
        }
    }
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
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
            let code = generate();
            assert_eq!(code.len(), LENGTH);
            assert!(code.bytes().all(|b| ALPHABET.contains(&b)));
            assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        }
    }

    #[test]
    fn a_typed_code_is_tidied() {
        assert_eq!(normalise(" abc-2de "), "ABC2DE");
    }
}
