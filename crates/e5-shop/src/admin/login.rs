//! Signing in to a sandbox's back-office with an employee's e-mail and password.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use axum::extract::FromRef;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use e5_domain::SandboxId;
use serde::Deserialize;

use super::COOKIE;
use crate::client::ClientIp;
use crate::context;
use crate::limits::{MemoryLimiter, Rule, wait_text};
use crate::web::cookies::{self, Purpose, SetCookie, sign, verify_signed};
use crate::web::flash::Flash;
use crate::web::{SandboxSite, ShopError, ShopState};
use e5_domain::setting;

/// Longest life of a back-office cookie: one exam day (or one class day), never the next.
pub const COOKIE_SECONDS: i64 = 12 * 3600;

/// Wrong passwords allowed for one e-mail of one sandbox, over 15 minutes; then that
/// account's sign-in waits (whether or not the e-mail exists: same answer).
pub const PER_ACCOUNT: Rule = Rule {
    max: 5,
    window: Duration::from_secs(15 * 60),
};
/// Wrong passwords allowed from one client address (all sandboxes), over 15 minutes: a
/// class of 30 practising behind one NAT address has room for typing slips.
pub const PER_ADDRESS: Rule = Rule {
    max: 50,
    window: Duration::from_secs(15 * 60),
};

/// What the back-office keeps in memory: sign-in failures and signed-out cookies.
///
/// Both are lost when the server restarts, which is acceptable for practice and exam
/// sites: the limits only slow guessing down, and a cookie signed out before a restart
/// would open the back-office again only until its 12 hours are over (exam-day access also
/// goes through the exam gate, which checks the candidate's session in platform.db). The
/// alternative, writing them to the sandbox, would put non-candidate rows in the
/// candidate's evidence (every sandbox write is journaled).
#[derive(Debug, Default)]
pub struct BackOfficeGuard {
    limiter: MemoryLimiter,
    /// Nonces of signed-out cookies, with the time (unix) their cookie expires anyway.
    revoked: Mutex<HashMap<String, i64>>,
}

impl BackOfficeGuard {
    fn revoke(&self, cookie: &AdminCookie) {
        let now = unix_now();
        let mut revoked = self.revoked.lock().unwrap_or_else(PoisonError::into_inner);
        revoked.retain(|_, expires| *expires > now);
        revoked.insert(cookie.nonce.clone(), cookie.issued + COOKIE_SECONDS);
    }

    fn is_revoked(&self, nonce: &str) -> bool {
        self.revoked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(nonce)
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A verified back-office cookie: `<employee>:<issued unix>:<nonce>`, signed for its
/// sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminCookie {
    pub employee: i64,
    pub issued: i64,
    pub nonce: String,
}

fn cookie_value(sandbox: SandboxId, employee_id: i64, issued: i64, key: &[u8; 32]) -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        bytes.copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    }
    sign(
        key,
        Purpose::Admin,
        sandbox,
        &format!("{employee_id}:{issued}:{}", hex::encode(bytes)),
    )
}

/// The cookie's content if its signature holds for this sandbox and it is neither expired
/// (12 h after it was issued) nor from the future; signed-out cookies are checked apart
/// ([`employee_of`]).
pub fn verify_admin_cookie(
    value: &str,
    sandbox: SandboxId,
    key: &[u8; 32],
    now: i64,
) -> Option<AdminCookie> {
    let payload = verify_signed(value, Purpose::Admin, sandbox, key)?;
    let mut parts = payload.split(':');
    let employee = parts.next()?.parse().ok()?;
    let issued: i64 = parts.next()?.parse().ok()?;
    let nonce = parts.next()?.to_owned();
    if parts.next().is_some() || nonce.len() != 32 {
        return None;
    }
    // A minute of tolerance for a clock set back.
    if now - issued >= COOKIE_SECONDS || issued - now > 60 {
        return None;
    }
    Some(AdminCookie {
        employee,
        issued,
        nonce,
    })
}

/// The employee a request's back-office cookie signs in, if any.
pub(super) fn employee_of(
    headers: &HeaderMap,
    sandbox: SandboxId,
    state: &ShopState,
) -> Option<i64> {
    let now = unix_now();
    cookies::values(headers, COOKIE).find_map(|v| {
        verify_admin_cookie(v, sandbox, &state.cookie_key, now)
            .filter(|c| !state.back_office.is_revoked(&c.nonce))
            .map(|c| c.employee)
    })
}

/// The `Set-Cookie` value signing `employee_id` in to `sandbox`'s back-office for 12 hours
/// (checked by the server; the cookie itself lasts until the browser closes, so a shared
/// school PC does not keep it). Exam-day access uses it to open a candidate's back-office
/// without a password.
pub fn admin_cookie_header(sandbox: SandboxId, employee_id: i64, key: &[u8; 32]) -> String {
    SetCookie::for_sandbox(
        COOKIE,
        cookie_value(sandbox, employee_id, unix_now(), key),
        sandbox,
    )
    .header()
}

pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    ShopState: FromRef<S>,
{
    Router::new()
        .route("/s/{sandbox}/admin/connexion", get(page).post(sign_in))
        .route("/s/{sandbox}/admin/deconnexion", post(sign_out))
}

async fn render(s: &SandboxSite, error: Option<&str>, email: &str) -> Result<Response, ShopError> {
    let shop_name: String = sqlx::query_scalar("SELECT value FROM setting WHERE key = ?")
        .bind(setting::SHOP_NAME)
        .fetch_optional(s.site.db())
        .await?
        .unwrap_or_default();
    let ctx = context! { base: s.site.id.site_path(""), shop_name, error, email };
    Ok(axum::response::Html(s.state.templates.render("admin/login.html", &ctx)?).into_response())
}

async fn page(s: SandboxSite, headers: axum::http::HeaderMap) -> Result<Response, ShopError> {
    let flash = Flash::from_headers(&headers, s.site.id, &s.state.cookie_key);
    render(&s, flash.as_ref().map(Flash::message), "").await
}

#[derive(Deserialize)]
struct SignIn {
    email: String,
    password: String,
}

async fn sign_in(
    s: SandboxSite,
    ClientIp(ip): ClientIp,
    Form(f): Form<SignIn>,
) -> Result<Response, ShopError> {
    let guard = &s.state.back_office;
    // The typed e-mail, whether or not such an employee exists: no enumeration.
    let account = format!("{}|{}", s.site.id, f.email.trim().to_lowercase());
    let address = ip.to_string();
    let wait = [
        guard.limiter.blocked(&account, PER_ACCOUNT),
        guard.limiter.blocked(&address, PER_ADDRESS),
    ]
    .into_iter()
    .flatten()
    .max();
    if let Some(wait) = wait {
        tracing::info!(sandbox = %s.site.id, %ip, "back-office sign-in refused: too many failures");
        let message = format!(
            "Trop de tentatives de connexion erronées : patientez {} avant de réessayer.",
            wait_text(wait.as_secs())
        );
        let mut page = render(&s, Some(&message), &f.email).await?;
        *page.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        return Ok(page);
    }
    let row: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT id, password_hash FROM employee WHERE lower(email) = lower(?) AND active = 1",
    )
    .bind(f.email.trim())
    .fetch_optional(s.site.db())
    .await?;
    let (id, hash) = row.map_or((None, None), |(id, hash)| (Some(id), hash));
    let verified = e5_shop_db::password::check_password(&f.password, hash.as_deref()).await;
    let Some(employee_id) = id.filter(|_| verified) else {
        guard.limiter.fail(&account, PER_ACCOUNT);
        guard.limiter.fail(&address, PER_ADDRESS);
        let mut page = render(
            &s,
            Some("Adresse e-mail ou mot de passe incorrect."),
            &f.email,
        )
        .await?;
        *page.status_mut() = StatusCode::UNAUTHORIZED;
        return Ok(page);
    };
    let mut response = Redirect::to(&s.site.id.admin_path("/")).into_response();
    cookies::append(
        &mut response,
        &admin_cookie_header(s.site.id, employee_id, &s.state.cookie_key),
    );
    Ok(response)
}

/// Signs out: the cookie is cleared and its nonce revoked, so a copy of it opens nothing.
async fn sign_out(s: SandboxSite, headers: HeaderMap) -> Response {
    let now = unix_now();
    for value in cookies::values(&headers, COOKIE) {
        if let Some(cookie) = verify_admin_cookie(value, s.site.id, &s.state.cookie_key, now) {
            s.state.back_office.revoke(&cookie);
        }
    }
    let mut response = Redirect::to(&s.site.id.admin_path("/connexion")).into_response();
    cookies::append(
        &mut response,
        &SetCookie::clear(COOKIE, s.site.id.site_path("/")).header(),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_lives_twelve_hours_for_its_sandbox_only() {
        let key = [3u8; 32];
        let sandbox = SandboxId::new_random();
        let other = SandboxId::new_random();
        let issued = 1_800_000_000;
        let value = cookie_value(sandbox, 7, issued, &key);
        let cookie = verify_admin_cookie(&value, sandbox, &key, issued + 60).expect("valid");
        assert_eq!(cookie.employee, 7);
        assert_eq!(cookie.issued, issued);
        assert_eq!(
            verify_admin_cookie(&value, sandbox, &key, issued + COOKIE_SECONDS - 1)
                .map(|c| c.employee),
            Some(7)
        );
        assert!(verify_admin_cookie(&value, sandbox, &key, issued + COOKIE_SECONDS).is_none());
        assert!(verify_admin_cookie(&value, sandbox, &key, issued - 3600).is_none());
        assert!(verify_admin_cookie(&value, other, &key, issued + 60).is_none());
        assert!(verify_admin_cookie(&value, sandbox, &[4u8; 32], issued + 60).is_none());
        // The old format (a signed employee id alone) opens nothing any more.
        assert!(
            verify_admin_cookie(
                &sign(&key, Purpose::Admin, sandbox, "7"),
                sandbox,
                &key,
                issued
            )
            .is_none()
        );
        // Two sign-ins give two nonces.
        assert_ne!(value, cookie_value(sandbox, 7, issued, &key));
    }

    #[test]
    fn a_revoked_nonce_stays_revoked_until_its_cookie_expires() {
        let guard = BackOfficeGuard::default();
        let now = unix_now();
        let cookie = AdminCookie {
            employee: 1,
            issued: now,
            nonce: "a".repeat(32),
        };
        guard.revoke(&cookie);
        assert!(guard.is_revoked(&cookie.nonce));
        // An entry whose cookie has expired is dropped at the next revocation.
        let old = AdminCookie {
            employee: 1,
            issued: now - COOKIE_SECONDS - 1,
            nonce: "b".repeat(32),
        };
        guard.revoke(&old);
        guard.revoke(&AdminCookie {
            employee: 1,
            issued: now,
            nonce: "c".repeat(32),
        });
        assert!(!guard.is_revoked(&old.nonce));
        assert!(guard.is_revoked(&cookie.nonce));
    }
}
