//! Read-only grants: how an examiner reads a candidate's site on the sites surface without
//! the console's session ever reaching that origin.
//!
//! The console (staff surface) hands out a *ticket*, valid [`TICKET_SECONDS`], in the
//! address it sends the examiner to; the sites surface exchanges it for a *view* cookie
//! scoped to that one sandbox's path, valid [`VIEW_SECONDS`]. Both are signed with the
//! server's key for that sandbox, and name the seat and the examiner: the gate lets the
//! view through read-only while that examiner is active and still examines that seat.

use axum::http::HeaderMap;
use e5_domain::SandboxId;
use e5_shop::web::cookies::{self, Purpose, SetCookie, sign, verify_signed};

/// The cookie of a read-only view.
pub const COOKIE: &str = "e5_lecture";
/// How long the console's link may take to be followed.
pub const TICKET_SECONDS: i64 = 60;
/// How long a view lasts: an exam with a tiers-temps, then the grading.
pub const VIEW_SECONDS: i64 = 2 * 3600;

/// Who a grant is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub seat: i64,
    pub examiner: i64,
}

fn payload(kind: &str, g: Grant, expires: i64) -> String {
    format!("{kind}:{}:{}:{expires}", g.seat, g.examiner)
}

fn open(value: &str, kind: &str, sandbox: SandboxId, key: &[u8; 32], now: i64) -> Option<Grant> {
    let payload = verify_signed(value, Purpose::Grant, sandbox, key)?;
    let mut parts = payload.split(':');
    if parts.next()? != kind {
        return None;
    }
    let seat = parts.next()?.parse().ok()?;
    let examiner = parts.next()?.parse().ok()?;
    let expires: i64 = parts.next()?.parse().ok()?;
    (parts.next().is_none() && now < expires).then_some(Grant { seat, examiner })
}

/// The ticket the console puts in the address of the sites surface.
pub fn ticket(key: &[u8; 32], sandbox: SandboxId, g: Grant, now: i64) -> String {
    sign(
        key,
        Purpose::Grant,
        sandbox,
        &payload("ticket", g, now + TICKET_SECONDS),
    )
}

/// The grant a ticket carries, if it is genuine, for this sandbox, and not stale.
pub fn redeem(key: &[u8; 32], sandbox: SandboxId, ticket: &str, now: i64) -> Option<Grant> {
    open(ticket, "ticket", sandbox, key, now)
}

/// The `Set-Cookie` value of a view of `sandbox` (its path only).
pub fn view_cookie(key: &[u8; 32], sandbox: SandboxId, g: Grant, now: i64) -> String {
    let value = sign(
        key,
        Purpose::Grant,
        sandbox,
        &payload("vue", g, now + VIEW_SECONDS),
    );
    SetCookie::for_sandbox(COOKIE, value, sandbox)
        .max_age(VIEW_SECONDS)
        .header()
}

/// The view grants of a request for `sandbox` that still hold.
pub fn views(key: &[u8; 32], sandbox: SandboxId, headers: &HeaderMap, now: i64) -> Vec<Grant> {
    cookies::values(headers, COOKIE)
        .filter_map(|v| open(v, "vue", sandbox, key, now))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [7; 32];
    const G: Grant = Grant {
        seat: 3,
        examiner: 2,
    };

    fn sandbox() -> SandboxId {
        "0b6c4d0e-8f1a-4c56-9a2b-0e1f2a3b4c5d".parse().expect("id")
    }

    #[test]
    fn a_ticket_opens_its_sandbox_for_a_minute_only() {
        let t = ticket(&KEY, sandbox(), G, 1000);
        assert_eq!(redeem(&KEY, sandbox(), &t, 1059), Some(G));
        assert_eq!(redeem(&KEY, sandbox(), &t, 1060), None);
        let other: SandboxId = "1b6c4d0e-8f1a-4c56-9a2b-0e1f2a3b4c5d".parse().expect("id");
        assert_eq!(redeem(&KEY, other, &t, 1001), None);
        assert_eq!(redeem(&[8; 32], sandbox(), &t, 1001), None);
    }

    #[test]
    fn a_ticket_is_not_a_view_and_a_forged_one_is_nothing() {
        let t = ticket(&KEY, sandbox(), G, 1000);
        let mut h = HeaderMap::new();
        h.insert("cookie", format!("{COOKIE}={t}").parse().expect("header"));
        assert!(views(&KEY, sandbox(), &h, 1001).is_empty());
        let forged = t.replace("ticket:3", "ticket:4");
        assert_eq!(redeem(&KEY, sandbox(), &forged, 1001), None);
        let cookie = view_cookie(&KEY, sandbox(), G, 1000);
        let value = cookie
            .split(';')
            .next()
            .and_then(|c| c.split_once('='))
            .map(|(_, v)| v)
            .expect("value");
        h.insert(
            "cookie",
            format!("{COOKIE}={value}").parse().expect("header"),
        );
        assert_eq!(views(&KEY, sandbox(), &h, 1001), vec![G]);
        assert!(views(&KEY, sandbox(), &h, 1000 + VIEW_SECONDS).is_empty());
    }
}
