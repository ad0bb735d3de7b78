//! One way for every back-office screen (content and shop sides) to read its inputs and to
//! answer a write: typed forms, the id in the path, and a command result turned into a
//! redirect or a refusal.
//!
//! Forms are read with axum's `Form<T>` into serde structs. `Form` (serde_urlencoded) keeps
//! one value per field and refuses a repeated one, and an unchecked HTML checkbox is simply
//! absent: such fields use [`checkbox`] (present means checked) and `#[serde(default)]`.
//! Forms with repeated fields (checkbox lists, multiple selects) or keys made up by the page
//! (`pays_FR`, `qty_12`) are read through the [`Fields`] extractor instead.

use std::collections::HashMap;

use axum::Form;
use axum::extract::rejection::{FormRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::response::Response;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::Staff;
use crate::command::CommandError;
use crate::web::ShopError;

/// What a back-office handler answers.
pub type PageResult = Result<Response, ShopError>;

/// The French message of a refused command, to show the user; anything else stops the
/// request (a missing record answers 404, a database failure 500).
pub fn refusal(e: CommandError) -> Result<String, ShopError> {
    match e {
        CommandError::Invalid(message) => Ok(message),
        other => Err(other.into()),
    }
}

/// A command result split for the handler: `Ok(Ok(value))` done, `Ok(Err(message))`
/// refused (the French message to show), `Err` a failure that stops the request (see
/// [`refusal`]). Written `match command(…).await.or_refusal()? { Ok(v) => …, Err(m) => … }`.
pub trait OrRefusal<T> {
    fn or_refusal(self) -> Result<Result<T, String>, ShopError>;
}

impl<T> OrRefusal<T> for Result<T, CommandError> {
    fn or_refusal(self) -> Result<Result<T, String>, ShopError> {
        match self {
            Ok(value) => Ok(Ok(value)),
            Err(e) => refusal(e).map(Err),
        }
    }
}

impl Staff {
    /// Answers a write by redirecting to `to`: with the success message `done` makes from
    /// the result, or with the refusal (shown as an error). Other failures stop the request.
    pub fn answer<T>(
        &self,
        result: Result<T, CommandError>,
        to: &str,
        done: impl FnOnce(T) -> String,
    ) -> PageResult {
        match result {
            Ok(value) => Ok(self.redirect(to, Some(&done(value)))),
            Err(e) => Ok(self.refuse(to, Some(&refusal(e)?))),
        }
    }

    /// Answers a write by redirecting to `to`: with `message` when it was done, with its
    /// refusal otherwise (see [`Staff::refused`]).
    pub fn done<T>(&self, result: Result<T, CommandError>, to: &str, message: &str) -> PageResult {
        match result {
            Ok(_) => Ok(self.redirect(to, Some(message))),
            Err(e) => self.refused(to, e),
        }
    }

    /// A refused command goes back to `to` with its French message, a missing record too
    /// ("… introuvable"); a database failure is an error.
    pub fn refused(&self, to: &str, e: CommandError) -> PageResult {
        match e {
            CommandError::Database(e) => Err(ShopError::Database(e)),
            other => Ok(self.refuse(to, Some(&other.to_string()))),
        }
    }
}

/// The record id of a back-office path `/s/{sandbox}/admin/…/{id}…`; the sandbox segment is
/// already resolved by [`Staff`]. `Id<String>` reads a name (`{module}`, `{table}`).
#[derive(Debug, Clone, Copy)]
pub struct Id<T = i64>(pub T);

impl<S, T> FromRequestParts<S> for Id<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = PathRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path((_, id)) = Path::<(String, T)>::from_request_parts(parts, state).await?;
        Ok(Id(id))
    }
}

/// The two ids of a nested back-office path `/s/{sandbox}/admin/…/{id}/…/{sub}`.
#[derive(Debug, Clone, Copy)]
pub struct Ids(pub i64, pub i64);

impl<S> FromRequestParts<S> for Ids
where
    S: Send + Sync,
{
    type Rejection = PathRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path((_, id, sub)) =
            Path::<(String, i64, i64)>::from_request_parts(parts, state).await?;
        Ok(Ids(id, sub))
    }
}

/// A checkbox field: present (whatever its value) means checked; absent means unchecked
/// (use with `#[serde(default)]`).
pub fn checkbox<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let _ = String::deserialize(d)?;
    Ok(true)
}

/// A text field, trimmed.
pub fn trimmed<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    Ok(s.trim().to_owned())
}

/// A text field, trimmed; `None` when the form did not send it (use with `#[serde(default)]`).
pub fn opt_trimmed<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = String::deserialize(d)?;
    Ok(Some(s.trim().to_owned()))
}

/// A submitted form with repeated or page-made keys, keeping every value of each field.
/// Only for such forms: a form with fixed fields is a serde struct read with `Form<T>`.
#[derive(Debug, Default, Clone)]
pub struct Fields(HashMap<String, Vec<String>>);

impl<S> FromRequest<S> for Fields
where
    S: Send + Sync,
{
    type Rejection = FormRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, state).await?;
        Ok(Fields::new(pairs))
    }
}

impl Fields {
    pub fn new(pairs: Vec<(String, String)>) -> Fields {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in pairs {
            map.entry(k).or_default().push(v);
        }
        Fields(map)
    }

    /// The first value of a field, trimmed ("" when absent).
    pub fn text(&self, name: &str) -> String {
        self.opt_text(name).unwrap_or_default()
    }

    /// The first value of a field, trimmed; `None` when the form did not send it.
    pub fn opt_text(&self, name: &str) -> Option<String> {
        self.0
            .get(name)
            .and_then(|v| v.first())
            .map(|s| s.trim().to_owned())
    }

    /// A checkbox: present means checked.
    pub fn checked(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// Every value of a repeated field parsed as ids (checkbox lists, multiple selects).
    pub fn ids(&self, name: &str) -> Vec<i64> {
        self.0
            .get(name)
            .map(|v| v.iter().filter_map(|s| s.trim().parse().ok()).collect())
            .unwrap_or_default()
    }

    /// An optional id from a select whose empty option means "none".
    pub fn opt_id(&self, name: &str) -> Option<i64> {
        self.text(name).parse().ok()
    }

    /// The first value of a field as sent, untrimmed.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(|v| v.first()).map(String::as_str)
    }

    /// Every value of a repeated field as sent, untrimmed.
    pub fn raw_all(&self, name: &str) -> &[String] {
        self.0.get(name).map(Vec::as_slice).unwrap_or_default()
    }

    /// Fields whose name starts with `prefix`, as (rest of the name, value).
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, String)> {
        self.0.iter().filter_map(move |(k, v)| {
            k.strip_prefix(prefix).map(|rest| {
                (
                    rest,
                    v.first().map(|s| s.trim().to_owned()).unwrap_or_default(),
                )
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Sample {
        #[serde(default, deserialize_with = "trimmed")]
        name: String,
        #[serde(default, deserialize_with = "checkbox")]
        active: bool,
        #[serde(default, deserialize_with = "opt_trimmed")]
        prefixes: Option<String>,
    }

    async fn read(body: &'static str) -> Sample {
        let req = Request::builder()
            .method("POST")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap();
        Form::<Sample>::from_request(req, &()).await.unwrap().0
    }

    #[tokio::test]
    async fn a_typed_form_reads_checkboxes_and_trims_text() {
        let s = read("name=+Corse+&active=on").await;
        assert_eq!(s.name, "Corse");
        assert!(s.active);
        assert_eq!(s.prefixes, None);
        let s = read("prefixes=20&active=").await;
        assert_eq!(s.name, "");
        assert!(
            s.active,
            "a checkbox sent with an empty value is still checked"
        );
        assert_eq!(s.prefixes.as_deref(), Some("20"));
    }

    #[test]
    fn repeated_fields_keep_every_value() {
        let f = Fields::new(vec![
            ("group".into(), "1".into()),
            ("group".into(), "3".into()),
            ("pays_FR".into(), " 2 ".into()),
        ]);
        assert_eq!(f.ids("group"), vec![1, 3]);
        assert_eq!(
            f.with_prefix("pays_").collect::<Vec<_>>(),
            vec![("FR", "2".to_owned())]
        );
        assert!(!f.checked("active"));
    }
}
