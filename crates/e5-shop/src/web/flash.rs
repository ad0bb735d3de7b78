//! The one-time message shown on the next page after a redirect, storefront and
//! back-office alike: a success or an error, in a signed cookie of the sandbox's path that
//! lives one minute and is cleared by the page that shows it.

use axum::http::HeaderMap;
use axum::response::Response;
use e5_domain::SandboxId;

use super::cookies::{self, Purpose, SetCookie};
use super::escape::{percent_decode, percent_encode};

/// The cookie's name.
pub const COOKIE: &str = "e5_message";
/// How long the message waits for the next page.
const SECONDS: i64 = 60;

/// A one-time message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flash {
    /// What was done ("Produit ajouté.").
    Success(String),
    /// Why it was refused, shown as an error.
    Error(String),
}

impl Flash {
    pub fn success(message: impl Into<String>) -> Flash {
        Flash::Success(message.into())
    }

    pub fn error(message: impl Into<String>) -> Flash {
        Flash::Error(message.into())
    }

    pub fn message(&self) -> &str {
        match self {
            Flash::Success(m) | Flash::Error(m) => m,
        }
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Flash::Error(_))
    }

    /// (success message, error message), as the layouts show them.
    pub fn split(flash: Option<&Flash>) -> (Option<&str>, Option<&str>) {
        match flash {
            Some(Flash::Success(m)) => (Some(m), None),
            Some(Flash::Error(m)) => (None, Some(m)),
            None => (None, None),
        }
    }

    /// `kind:expires:text`: the expiry is signed too, so a captured message cannot be
    /// shown again after its minute.
    fn payload(&self, now: i64) -> String {
        let kind = if self.is_error() { 'e' } else { 's' };
        let expires = now + SECONDS;
        format!("{kind}:{expires}:{}", percent_encode(self.message()))
    }

    /// The `Set-Cookie` value carrying this message to the next page of `sandbox`.
    pub fn set_cookie(&self, sandbox: SandboxId, key: &[u8; 32]) -> String {
        SetCookie::for_sandbox(
            COOKIE,
            cookies::sign(key, Purpose::Flash, sandbox, &self.payload(unix_now())),
            sandbox,
        )
        .max_age(SECONDS)
        .header()
    }

    /// The `Set-Cookie` value removing the message once shown.
    pub fn clear_cookie(sandbox: SandboxId) -> String {
        SetCookie::clear(COOKIE, sandbox.site_path("/")).header()
    }

    /// The message a request carries for `sandbox`, if its signature holds.
    pub fn from_headers(headers: &HeaderMap, sandbox: SandboxId, key: &[u8; 32]) -> Option<Flash> {
        cookies::values(headers, COOKIE)
            .filter_map(|v| cookies::verify_signed(v, Purpose::Flash, sandbox, key))
            .find_map(|payload| Flash::parse(payload, unix_now()))
    }

    fn parse(payload: &str, now: i64) -> Option<Flash> {
        let (kind, rest) = payload.split_once(':')?;
        let (expires, text) = rest.split_once(':')?;
        if now >= expires.parse::<i64>().ok()? {
            return None;
        }
        let text = percent_decode(text);
        match kind {
            "s" => Some(Flash::Success(text)),
            "e" => Some(Flash::Error(text)),
            _ => None,
        }
    }

    /// Whether a response (of this server) sets an error message for the next page.
    pub fn sets_error(response: &Response) -> bool {
        let prefix = format!("{COOKIE}=e:");
        response
            .headers()
            .get_all(axum::http::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|c| c.starts_with(&prefix))
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;

    fn request_with(set_cookie: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        let pair = set_cookie.split(';').next().unwrap();
        h.insert(header::COOKIE, HeaderValue::from_str(pair).unwrap());
        h
    }

    #[test]
    fn a_message_survives_the_cookie_with_its_kind() {
        let key = [9u8; 32];
        let sandbox = SandboxId::new_random();
        for flash in [
            Flash::success("Produit ajouté ; merci !"),
            Flash::error("!Refusé : 3 € > 2 €."),
        ] {
            let set = flash.set_cookie(sandbox, &key);
            assert!(
                set.contains("HttpOnly") && set.contains("Max-Age=60"),
                "{set}"
            );
            let h = request_with(&set);
            assert_eq!(Flash::from_headers(&h, sandbox, &key), Some(flash.clone()));
            // Another sandbox or a forged kind reads nothing.
            assert_eq!(Flash::from_headers(&h, SandboxId::new_random(), &key), None);
            let swapped = if flash.is_error() {
                set.replacen("=e:", "=s:", 1)
            } else {
                set.replacen("=s:", "=e:", 1)
            };
            assert_ne!(swapped, set);
            assert_eq!(
                Flash::from_headers(&request_with(&swapped), sandbox, &key),
                None
            );
        }
    }

    #[test]
    fn an_error_is_told_apart_from_a_success() {
        let key = [1u8; 32];
        let sandbox = SandboxId::new_random();
        assert_eq!(
            Flash::split(Some(&Flash::error("Non."))),
            (None, Some("Non."))
        );
        assert_eq!(
            Flash::split(Some(&Flash::success("Oui."))),
            (Some("Oui."), None)
        );
        let mut refused = ().into_response();
        cookies::append(
            &mut refused,
            &Flash::error("Non.").set_cookie(sandbox, &key),
        );
        assert!(Flash::sets_error(&refused));
        let mut done = ().into_response();
        cookies::append(&mut done, &Flash::success("Oui.").set_cookie(sandbox, &key));
        assert!(!Flash::sets_error(&done));
        // A success whose text starts with "!" stays a success.
        assert!(!Flash::success("!").is_error());
    }

    #[test]
    fn a_message_is_shown_within_its_minute_only() {
        let key = [3u8; 32];
        let sandbox = SandboxId::new_random();
        let flash = Flash::success("Enregistré.");
        let now = unix_now();
        let value = cookies::sign(&key, Purpose::Flash, sandbox, &flash.payload(now));
        let payload = cookies::verify_signed(&value, Purpose::Flash, sandbox, &key).unwrap();
        assert_eq!(Flash::parse(payload, now + 59), Some(flash.clone()));
        assert_eq!(Flash::parse(payload, now + SECONDS), None);
    }

    #[test]
    fn a_message_whose_text_a_visitor_chose_is_not_a_customer_sign_in() {
        let key = [4u8; 32];
        let sandbox = SandboxId::new_random();
        // "Le code « .42.7. » n'existe pas." — the refusal of a cart code a visitor typed.
        let set = Flash::error(".42.7.").set_cookie(sandbox, &key);
        let value = set.split(';').next().unwrap().split_once('=').unwrap().1;
        let forged = format!("e5_visite={value}");
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(&forged).unwrap());
        let visitor = crate::storefront::VisitorCookie::from_headers(&h, sandbox, &key);
        assert_eq!(visitor, crate::storefront::VisitorCookie::default());
    }
}
