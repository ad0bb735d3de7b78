//! Cookies, for every page-serving crate: reading a request's cookies, signing a value for
//! one sandbox (HMAC-SHA-256 with the server's key, checked in constant time) and writing
//! the `Set-Cookie` header (always `HttpOnly`, with its `SameSite`, `Path` and `Max-Age`).

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use e5_domain::SandboxId;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Bytes of the MAC kept in a signed value (written as twice as many hex digits).
const MAC_BYTES: usize = 16;

/// What a signed value is for. It is part of what is signed, so that a value signed for one
/// purpose is worthless for another: a message whose text a visitor chose is never a
/// customer's sign-in, whatever its characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The storefront visitor's cart and customer (`e5_visite`).
    Visitor,
    /// A back-office sign-in (`e5_admin`).
    Admin,
    /// The one-time message of the next page (`e5_message`).
    Flash,
    /// The examiner's read-only view of a candidate's site (ticket and `e5_lecture`).
    Grant,
}

impl Purpose {
    fn domain(self) -> &'static [u8] {
        match self {
            Purpose::Visitor => b"e5 visitor v1",
            Purpose::Admin => b"e5 admin v1",
            Purpose::Flash => b"e5 flash v1",
            Purpose::Grant => b"e5 grant v1",
        }
    }
}

fn mac(key: &[u8; 32], purpose: Purpose, sandbox: SandboxId, payload: &str) -> Hmac<Sha256> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(purpose.domain());
    m.update(b"\0");
    m.update(sandbox.to_string().as_bytes());
    m.update(b"|");
    m.update(payload.as_bytes());
    m
}

/// `payload.signature`, the signature binding the payload to one purpose and one sandbox.
pub fn sign(key: &[u8; 32], purpose: Purpose, sandbox: SandboxId, payload: &str) -> String {
    let tag = mac(key, purpose, sandbox, payload).finalize().into_bytes();
    format!("{payload}.{}", hex::encode(&tag[..MAC_BYTES]))
}

/// The payload of a value made by [`sign`] for this purpose and sandbox, if the signature
/// holds.
pub fn verify_signed<'v>(
    value: &'v str,
    purpose: Purpose,
    sandbox: SandboxId,
    key: &[u8; 32],
) -> Option<&'v str> {
    let (payload, signature) = value.rsplit_once('.')?;
    // One spelling per value: lower-case hex only, as `sign` writes it.
    if !signature
        .bytes()
        .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return None;
    }
    let tag = hex::decode(signature).ok()?;
    // A shorter tag would be easier to guess: only the full truncated length is accepted.
    if tag.len() != MAC_BYTES {
        return None;
    }
    // `verify_truncated_left` compares in constant time.
    mac(key, purpose, sandbox, payload)
        .verify_truncated_left(&tag)
        .ok()
        .map(|()| payload)
}

/// The values of the request's cookies named `name` (a browser may send several).
pub fn values<'h>(headers: &'h HeaderMap, name: &'h str) -> impl Iterator<Item = &'h str> + 'h {
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

/// The `SameSite` attribute of a cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    /// Sent on top-level navigation from elsewhere (sites: a link to a product keeps the cart).
    Lax,
    /// Never sent from another site (exam sign-in sessions).
    Strict,
}

/// A `Set-Cookie` header: always `HttpOnly`; `Path`, `SameSite` and `Max-Age` chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCookie {
    name: String,
    value: String,
    path: String,
    same_site: SameSite,
    max_age: Option<i64>,
}

impl SetCookie {
    /// A cookie for the whole origin (`Path=/`), `SameSite=Lax`, kept until the browser
    /// closes.
    pub fn new(name: &str, value: impl Into<String>) -> SetCookie {
        SetCookie {
            name: name.to_owned(),
            value: value.into(),
            path: "/".to_owned(),
            same_site: SameSite::Lax,
            max_age: None,
        }
    }

    /// A cookie sent only with the requests of one sandbox (`Path=/s/<id>/`).
    pub fn for_sandbox(name: &str, value: impl Into<String>, sandbox: SandboxId) -> SetCookie {
        SetCookie::new(name, value).path(sandbox.site_path("/"))
    }

    /// Tells the browser to forget the cookie `name` of `path` (`Max-Age=0`).
    pub fn clear(name: &str, path: impl Into<String>) -> SetCookie {
        SetCookie::new(name, "").path(path).max_age(0)
    }

    pub fn path(mut self, path: impl Into<String>) -> SetCookie {
        self.path = path.into();
        self
    }

    pub fn same_site(mut self, same_site: SameSite) -> SetCookie {
        self.same_site = same_site;
        self
    }

    pub fn max_age(mut self, seconds: i64) -> SetCookie {
        self.max_age = Some(seconds);
        self
    }

    /// The header's value.
    pub fn header(&self) -> String {
        let same_site = match self.same_site {
            SameSite::Lax => "Lax",
            SameSite::Strict => "Strict",
        };
        let mut out = format!(
            "{}={}; Path={}; HttpOnly; SameSite={same_site}",
            self.name, self.value, self.path
        );
        if let Some(seconds) = self.max_age {
            out.push_str(&format!("; Max-Age={seconds}"));
        }
        out
    }

    /// Adds the header to a response.
    pub fn apply(&self, response: &mut Response) {
        append(response, &self.header());
    }
}

impl std::fmt::Display for SetCookie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.header())
    }
}

/// Adds a `Set-Cookie` header (its value as [`SetCookie::header`] wrote it) to a response.
pub fn append(response: &mut Response, set_cookie: &str) {
    if let Ok(v) = HeaderValue::from_str(set_cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// The response with one more `Set-Cookie` header.
pub fn with(mut response: Response, set_cookie: &str) -> Response {
    append(&mut response, set_cookie);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_value_holds_for_its_purpose_sandbox_and_key_only() {
        let key = [5u8; 32];
        let sandbox = SandboxId::new_random();
        let v = Purpose::Visitor;
        let value = sign(&key, v, sandbox, "12.a.b");
        assert_eq!(verify_signed(&value, v, sandbox, &key), Some("12.a.b"));
        assert_eq!(
            verify_signed(&value, v, SandboxId::new_random(), &key),
            None
        );
        assert_eq!(verify_signed(&value, v, sandbox, &[6u8; 32]), None);
        assert_eq!(
            verify_signed(&value.replace("12.", "13."), v, sandbox, &key),
            None
        );
        // A value signed for one purpose means nothing for another.
        for other in [Purpose::Admin, Purpose::Flash, Purpose::Grant] {
            assert_eq!(verify_signed(&value, other, sandbox, &key), None);
        }
        // One spelling: the upper-case signature is refused.
        let (payload, tag) = value.rsplit_once('.').unwrap();
        let upper = format!("{payload}.{}", tag.to_uppercase());
        assert_eq!(verify_signed(&upper, v, sandbox, &key), None);
        // A truncated signature is not a shorter one to guess.
        assert_eq!(
            verify_signed(&format!("{payload}.{}", &tag[..2]), v, sandbox, &key),
            None
        );
        assert_eq!(
            verify_signed(&format!("{payload}."), v, sandbox, &key),
            None
        );
        assert_eq!(verify_signed("sans-signature", v, sandbox, &key), None);
    }

    #[test]
    fn the_header_is_http_only_with_its_attributes() {
        assert_eq!(
            SetCookie::new("a", "1").header(),
            "a=1; Path=/; HttpOnly; SameSite=Lax"
        );
        let sandbox = SandboxId::new_random();
        assert_eq!(
            SetCookie::for_sandbox("b", "2", sandbox)
                .same_site(SameSite::Strict)
                .max_age(60)
                .header(),
            format!("b=2; Path=/s/{sandbox}/; HttpOnly; SameSite=Strict; Max-Age=60")
        );
        assert_eq!(
            SetCookie::clear("c", "/").header(),
            "c=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
        );
    }

    #[test]
    fn every_value_of_a_name_is_read() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("a=1; ab=2; a=3"));
        h.append(header::COOKIE, HeaderValue::from_static("a=4"));
        assert_eq!(values(&h, "a").collect::<Vec<_>>(), ["1", "3", "4"]);
    }
}
