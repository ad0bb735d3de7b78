use std::fmt;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SlugError {
    #[error("l'adresse (slug) est vide")]
    Empty,
    #[error(
        "l'adresse (slug) « {0} » ne doit contenir que des lettres minuscules sans accent, des chiffres et des tirets"
    )]
    Invalid(String),
}

/// The last part of a friendly URL (`drap-housse-lin-lave`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Slug(String);

impl Slug {
    /// Accepts a slug exactly as typed, or explains what is wrong with it.
    pub fn parse(s: &str) -> Result<Slug, SlugError> {
        if s.is_empty() {
            return Err(SlugError::Empty);
        }
        let ok = s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok {
            Ok(Slug(s.to_owned()))
        } else {
            Err(SlugError::Invalid(s.to_owned()))
        }
    }

    /// Builds a slug from a French title: accents removed, words joined by hyphens.
    pub fn from_title(title: &str) -> Result<Slug, SlugError> {
        let mut out = String::new();
        for c in title.chars().flat_map(fold_accent) {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        Slug::parse(&out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn fold_accent(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' => "a",
        'ç' | 'Ç' => "c",
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
        'î' | 'ï' | 'Î' | 'Ï' => "i",
        'ô' | 'ö' | 'Ô' | 'Ö' => "o",
        'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => "u",
        'ÿ' => "y",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        _ => "",
    };
    let single = folded.is_empty().then_some(c);
    folded.chars().chain(single)
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_french_title_becomes_a_slug() {
        assert_eq!(
            Slug::from_title("Drap housse en lin lavé — Écru")
                .unwrap()
                .as_str(),
            "drap-housse-en-lin-lave-ecru"
        );
        assert_eq!(
            Slug::from_title("  Œuvre d'art !").unwrap().as_str(),
            "oeuvre-d-art"
        );
    }

    #[test]
    fn a_slug_with_spaces_or_capitals_is_rejected() {
        assert!(Slug::parse("mon article").is_err());
        assert!(Slug::parse("Article").is_err());
        assert!(Slug::parse("").is_err());
        assert!(Slug::parse("a--b").is_err());
        assert!(Slug::parse("linge-de-lit-2").is_ok());
    }
}
