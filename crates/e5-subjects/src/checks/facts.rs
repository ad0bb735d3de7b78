//! Evidence as the examiner reads it: a head ("Code promo NOEL15 trouvé") then facts, each
//! followed by what was expected when it does not match.

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Facts {
    head: String,
    parts: Vec<String>,
    tail: String,
    found: bool,
    met: usize,
    total: usize,
    writing: Option<Writing>,
}

/// What the candidate wrote that a check found (an article, a product's texts, a reply to
/// a customer), in plain text, for the examiner to read in full beside the grid row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Writing {
    /// What it is ("Article « Nos draps en lin »").
    pub title: String,
    /// The text, one paragraph per line.
    pub text: String,
}

impl Facts {
    /// The thing looked for exists; facts follow.
    pub(crate) fn found(head: impl Into<String>) -> Facts {
        Facts {
            head: head.into(),
            parts: Vec::new(),
            tail: String::new(),
            found: true,
            met: 0,
            total: 0,
            writing: None,
        }
    }

    /// What the candidate wrote in the thing found; kept only when there is text.
    pub(crate) fn wrote(&mut self, title: impl Into<String>, text: impl Into<String>) {
        let text: String = text.into();
        if !text.trim().is_empty() {
            self.writing = Some(Writing {
                title: title.into(),
                text: text.trim().to_owned(),
            });
        }
    }

    pub(crate) fn writing(&self) -> Option<&Writing> {
        self.writing.as_ref()
    }

    /// Nothing to look at: never satisfied.
    pub(crate) fn missing(sentence: impl Into<String>) -> Facts {
        Facts {
            found: false,
            ..Facts::found(sentence)
        }
    }

    /// A fact with no expectation attached.
    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.parts.push(text.into());
    }

    /// A fact that must hold; `expected` is shown when it does not.
    pub(crate) fn expect(
        &mut self,
        ok: bool,
        text: impl Into<String>,
        expected: impl Into<String>,
    ) {
        self.total += 1;
        let text = text.into();
        if ok {
            self.met += 1;
            self.parts.push(text);
        } else {
            self.parts
                .push(format!("{text} (attendu : {})", expected.into()));
        }
    }

    /// Something said after the facts ("3 articles publiés en tout").
    pub(crate) fn tail(&mut self, text: impl Into<String>) {
        self.tail = text.into();
    }

    pub(crate) fn satisfied(&self) -> bool {
        self.found && self.met == self.total
    }

    /// How close to what is expected, to pick the best of several candidates.
    pub(crate) fn score(&self) -> (bool, usize) {
        (self.satisfied(), self.met)
    }

    pub(crate) fn sentence(&self) -> String {
        let mut s = self.head.trim_end_matches('.').to_owned();
        if !self.parts.is_empty() {
            s.push_str(" : ");
            s.push_str(&self.parts.join(", "));
        }
        if !s.ends_with('.') {
            s.push('.');
        }
        if !self.tail.is_empty() {
            s.push(' ');
            s.push_str(&self.tail);
        }
        s
    }
}

/// The best-matching of several candidates (the latest one on ties).
pub(crate) fn best(candidates: Vec<Facts>) -> Option<Facts> {
    let mut best: Option<Facts> = None;
    for f in candidates {
        if best.as_ref().is_none_or(|b| f.score() >= b.score()) {
            best = Some(f);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_reads_as_one_french_sentence() {
        let mut f = Facts::found("Code promo NOEL15 trouvé");
        f.expect(true, "réduction 15 %", "15 %");
        f.expect(false, "3 utilisations par client", "1");
        assert!(!f.satisfied());
        assert_eq!(
            f.sentence(),
            "Code promo NOEL15 trouvé : réduction 15 %, 3 utilisations par client (attendu : 1)."
        );
    }

    #[test]
    fn a_missing_thing_is_never_satisfied() {
        let f = Facts::missing("Aucun article publié depuis le début de l'épreuve");
        assert!(!f.satisfied());
        assert_eq!(
            f.sentence(),
            "Aucun article publié depuis le début de l'épreuve."
        );
    }

    #[test]
    fn the_best_candidate_meets_the_most_expectations() {
        let mut a = Facts::found("A");
        a.expect(false, "x", "y");
        let mut b = Facts::found("B");
        b.expect(true, "x", "y");
        assert_eq!(best(vec![b.clone(), a]).unwrap(), b);
    }
}
