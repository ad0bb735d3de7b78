//! The visitor cookie: which cart and which logged-in customer, signed with the server key
//! and scoped to one sandbox, so that a cookie from one site means nothing in another.

use axum::http::{HeaderMap, header};
use e5_domain::SandboxId;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const NAME: &str = "e5_visite";
const FLASH: &str = "e5_message";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VisitorCookie {
    pub cart_id: Option<i64>,
    pub customer_id: Option<i64>,
    /// The last order placed from this browser, so a guest can see its confirmation.
    pub last_order_id: Option<i64>,
}

/// `payload.signature`, the signature binding the payload to one sandbox.
pub fn sign(key: &[u8; 32], sandbox: SandboxId, payload: &str) -> String {
    format!("{payload}.{}", mac(key, sandbox, payload))
}

/// The payload of a value made by [`sign`] for this sandbox, if the signature holds.
pub fn verify_signed<'v>(value: &'v str, sandbox: SandboxId, key: &[u8; 32]) -> Option<&'v str> {
    let (payload, signature) = value.rsplit_once('.')?;
    let expected = mac(key, sandbox, payload);
    // Compared in constant time: the answer's timing says nothing about the right MAC.
    let same = expected.len() == signature.len()
        && expected
            .bytes()
            .zip(signature.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    same.then_some(payload)
}

fn mac(key: &[u8; 32], sandbox: SandboxId, payload: &str) -> String {
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(sandbox.to_string().as_bytes());
    m.update(b"|");
    m.update(payload.as_bytes());
    hex::encode(&m.finalize().into_bytes()[..16])
}

fn opt(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

pub fn cookie_values<'h>(
    headers: &'h HeaderMap,
    name: &'h str,
) -> impl Iterator<Item = &'h str> + 'h {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(move |kv| {
            kv.trim()
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
        })
}

impl VisitorCookie {
    pub fn from_headers(headers: &HeaderMap, sandbox: SandboxId, key: &[u8; 32]) -> VisitorCookie {
        cookie_values(headers, NAME)
            .find_map(|v| Self::verify(v, sandbox, key))
            .unwrap_or_default()
    }

    fn verify(value: &str, sandbox: SandboxId, key: &[u8; 32]) -> Option<VisitorCookie> {
        let payload = verify_signed(value, sandbox, key)?;
        let mut parts = payload.split('.');
        let mut next = || parts.next().map(|p| p.parse::<i64>().ok());
        Some(VisitorCookie {
            cart_id: next()?,
            customer_id: next()?,
            last_order_id: next()?,
        })
    }

    /// The `Set-Cookie` header value storing this state for `sandbox`.
    pub fn header(&self, sandbox: SandboxId, key: &[u8; 32]) -> String {
        let payload = format!(
            "{}.{}.{}",
            opt(self.cart_id),
            opt(self.customer_id),
            opt(self.last_order_id)
        );
        format!(
            "{NAME}={}; Path=/s/{sandbox}/; HttpOnly; SameSite=Lax",
            sign(key, sandbox, &payload)
        )
    }
}

/// A one-time message shown on the next page (after a redirect).
pub fn flash_header(sandbox: SandboxId, message: &str) -> String {
    format!(
        "{FLASH}={}; Path=/s/{sandbox}/; HttpOnly; SameSite=Lax; Max-Age=60",
        crate::content::percent_encode(message)
    )
}

pub fn clear_flash_header(sandbox: SandboxId) -> String {
    format!("{FLASH}=; Path=/s/{sandbox}/; HttpOnly; SameSite=Lax; Max-Age=0")
}

pub fn flash_from_headers(headers: &HeaderMap) -> Option<String> {
    cookie_values(headers, FLASH)
        .find(|v| !v.is_empty())
        .map(percent_decode)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

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

    #[test]
    fn a_flash_message_survives_the_cookie() {
        let sandbox = SandboxId::new_random();
        let set = flash_header(sandbox, "Produit ajouté ; merci !");
        let value = set.split("; Path").next().unwrap();
        assert_eq!(
            flash_from_headers(&headers(value)).as_deref(),
            Some("Produit ajouté ; merci !")
        );
    }
}
