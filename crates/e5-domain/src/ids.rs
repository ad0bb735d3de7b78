use std::fmt;
use std::str::FromStr;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseIdError {
    #[error("identifiant de bac à sable invalide : « {0} » (attendu : un UUID)")]
    Sandbox(String),
    #[error(
        "identifiant de contexte invalide : « {0} » (attendu : lettres minuscules, chiffres et tirets)"
    )]
    Context(String),
}

/// The id of one candidate sandbox. It is also the name of its database file, so only a
/// well-formed UUID is accepted: a forged id can never name a path outside the data folder.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct SandboxId(uuid::Uuid);

impl SandboxId {
    pub fn new_random() -> Self {
        Self(uuid::Uuid::new_v4())
    }

    /// A path of this sandbox's site, which every one of its pages is under:
    /// `site_path("/panier")` is `/s/{id}/panier`, `site_path("")` the site's base.
    pub fn site_path(&self, rest: &str) -> String {
        format!("/s/{self}{rest}")
    }

    /// A path of this sandbox's back-office: `admin_path("/connexion")` is
    /// `/s/{id}/admin/connexion`.
    pub fn admin_path(&self, rest: &str) -> String {
        format!("/s/{self}/admin{rest}")
    }
}

impl FromStr for SandboxId {
    type Err = ParseIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Only the hyphenated lowercase form, so that one sandbox has exactly one URL.
        let uuid = uuid::Uuid::parse_str(s).map_err(|_| ParseIdError::Sandbox(s.to_owned()))?;
        if uuid.hyphenated().to_string() != s {
            return Err(ParseIdError::Sandbox(s.to_owned()));
        }
        Ok(Self(uuid))
    }
}

impl TryFrom<String> for SandboxId {
    type Error = ParseIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<SandboxId> for String {
    fn from(id: SandboxId) -> Self {
        id.to_string()
    }
}

impl fmt::Display for SandboxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// The id of a reference context (`toiles-de-loire`): lowercase ASCII letters, digits and
/// inner hyphens, so it is safe as a folder name.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct ContextId(String);

impl ContextId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ContextId {
    type Err = ParseIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let well_formed = !s.is_empty()
            && s.len() <= 64
            && !s.starts_with('-')
            && !s.ends_with('-')
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if well_formed {
            Ok(Self(s.to_owned()))
        } else {
            Err(ParseIdError::Context(s.to_owned()))
        }
    }
}

impl TryFrom<String> for ContextId {
    type Error = ParseIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<ContextId> for String {
    fn from(id: ContextId) -> Self {
        id.0
    }
}

impl fmt::Display for ContextId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sandbox_id_round_trips_through_its_text() {
        let id = SandboxId::new_random();
        assert_eq!(id.to_string().parse::<SandboxId>(), Ok(id));
    }

    #[test]
    fn a_sandbox_id_that_could_name_another_path_is_rejected() {
        assert!("../platform".parse::<SandboxId>().is_err());
        assert!(
            "6F9619FF-8B86-D011-B42D-00C04FC964FF"
                .parse::<SandboxId>()
                .is_err()
        );
        assert!(
            "6f9619ff8b86d011b42d00c04fc964ff"
                .parse::<SandboxId>()
                .is_err()
        );
    }

    #[test]
    fn a_context_id_with_a_slash_or_capitals_is_rejected() {
        assert!("toiles-de-loire".parse::<ContextId>().is_ok());
        assert!("../etc".parse::<ContextId>().is_err());
        assert!("Toiles".parse::<ContextId>().is_err());
        assert!("-x".parse::<ContextId>().is_err());
    }
}
