//! The visitor cookie: which cart and which logged-in customer, signed with the server key
//! and scoped to one sandbox, so that a cookie from one site means nothing in another.

use axum::http::HeaderMap;
use e5_domain::SandboxId;

use crate::web::cookies::{self, Purpose, SetCookie};

const NAME: &str = "e5_visite";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VisitorCookie {
    pub cart_id: Option<i64>,
    pub customer_id: Option<i64>,
    /// The last order placed from this browser, so a guest can see its confirmation.
    pub last_order_id: Option<i64>,
}

fn opt(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

impl VisitorCookie {
    pub fn from_headers(headers: &HeaderMap, sandbox: SandboxId, key: &[u8; 32]) -> VisitorCookie {
        cookies::values(headers, NAME)
            .find_map(|v| Self::verify(v, sandbox, key))
            .unwrap_or_default()
    }

    fn verify(value: &str, sandbox: SandboxId, key: &[u8; 32]) -> Option<VisitorCookie> {
        let payload = cookies::verify_signed(value, Purpose::Visitor, sandbox, key)?;
        // Exactly three parts, each empty or a number: nothing else was ever written.
        let mut parts = payload.split('.').map(|p| match p {
            "" => Some(None),
            n => n.parse::<i64>().ok().map(Some),
        });
        let cookie = VisitorCookie {
            cart_id: parts.next()??,
            customer_id: parts.next()??,
            last_order_id: parts.next()??,
        };
        parts.next().is_none().then_some(cookie)
    }

    /// The `Set-Cookie` header value storing this state for `sandbox`.
    pub fn header(&self, sandbox: SandboxId, key: &[u8; 32]) -> String {
        let payload = format!(
            "{}.{}.{}",
            opt(self.cart_id),
            opt(self.customer_id),
            opt(self.last_order_id)
        );
        SetCookie::for_sandbox(
            NAME,
            cookies::sign(key, Purpose::Visitor, sandbox, &payload),
            sandbox,
        )
        .header()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, header};

    fn headers(cookie: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        h
    }

    #[test]
    fn a_signed_cookie_round_trips_and_a_forged_one_is_ignored() {
        let key = [9u8; 32];
        let sandbox = SandboxId::new_random();
        let state = VisitorCookie {
            cart_id: Some(4),
            customer_id: Some(12),
            last_order_id: None,
        };
        let set = state.header(sandbox, &key);
        let value = set.split(';').next().unwrap();
        assert_eq!(
            VisitorCookie::from_headers(&headers(value), sandbox, &key),
            state
        );

        let forged = value.replace("4.12.", "4.13.");
        assert_eq!(
            VisitorCookie::from_headers(&headers(&forged), sandbox, &key),
            VisitorCookie::default()
        );
        let other_site = SandboxId::new_random();
        assert_eq!(
            VisitorCookie::from_headers(&headers(value), other_site, &key),
            VisitorCookie::default()
        );
    }
}
