//! Sign-in sessions of the exam platform: a random token in an HttpOnly cookie, only its
//! SHA-256 stored, so a copy of the database opens nobody's session.
//!
//! Sessions expire (checked on every request; an expired row is kept, inert, for a day so
//! that every later request of its holder says "expired" rather than "sign in", then purged
//! at the next sign-in):
//! - every session after [`ABSOLUTE_SECONDS`] (12 h: one exam day, never the next);
//! - examiner and centre-administrator sessions after [`IDLE_SECONDS`] without a request
//!   (2 h: a console left open on an unattended PC closes itself; any page load or grid
//!   click of an examiner who is working keeps them active);
//! - a candidate session [`CANDIDATE_MARGIN_SECONDS`] after their site turned read-only
//!   (time, extensions and grace over): the cookie then opens nothing.

use axum::http::HeaderMap;
use e5_shop::web::cookies::{self, SameSite, SetCookie};
use sha2::{Digest, Sha256};

use crate::db::{Platform, now_text, unix_now};
use crate::error::Result;

pub const COOKIE: &str = "e5_epreuve";

/// Longest life of any session.
pub const ABSOLUTE_SECONDS: i64 = 12 * 3600;
/// Longest pause between two requests of an examiner or a centre administrator.
pub const IDLE_SECONDS: i64 = 2 * 3600;
/// How long a candidate's cookie still opens their (read-only) site after the end.
pub const CANDIDATE_MARGIN_SECONDS: i64 = 30 * 60;
/// Expired rows are purged once this old.
pub const PURGE_AFTER_SECONDS: i64 = 24 * 3600;
/// `last_seen_unix` is refreshed at most this often: one small write a minute per person,
/// not one per request.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// Who a request comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal {
    /// A candidate, by seat (a candidate in a commission).
    Candidate(i64),
    Examiner(i64),
    Admin(i64),
}

impl Principal {
    fn kind_id(self) -> (&'static str, i64) {
        match self {
            Principal::Candidate(id) => ("candidate", id),
            Principal::Examiner(id) => ("examiner", id),
            Principal::Admin(id) => ("admin", id),
        }
    }
}

/// What the request's cookies open, and whether one of them has just expired (the sign-in
/// page then says so).
#[derive(Debug, Default, Clone)]
pub struct Lookup {
    pub principals: Vec<Principal>,
    pub expired: bool,
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Opens a session; returns the `Set-Cookie` value. Expired rows are purged on the way.
pub async fn open(p: &Platform, who: Principal) -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| crate::ExamError::Io(std::io::Error::other(e.to_string())))?;
    let token = hex::encode(bytes);
    let (kind, id) = who.kind_id();
    let now = unix_now();
    let mut w = p.write().await?;
    purge(&mut w, now).await?;
    sqlx::query(
        "INSERT INTO auth_session (token_sha256, kind, principal_id, created_at, created_unix, last_seen_unix)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(digest(&token))
    .bind(kind)
    .bind(id)
    .bind(now_text())
    .bind(now)
    .bind(now)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(SetCookie::new(COOKIE, token)
        .same_site(SameSite::Strict)
        .header())
}

/// Deletes the sessions opened more than a day ago: every one of them has expired (12 h
/// absolute limit), whatever the reason.
async fn purge(w: &mut crate::db::Write<'_>, now: i64) -> Result<()> {
    sqlx::query("DELETE FROM auth_session WHERE created_unix <= ?")
        .bind(now - PURGE_AFTER_SECONDS)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

/// Signs out: the request's sessions are deleted, so a copy of the cookie opens nothing.
pub async fn close(p: &Platform, headers: &HeaderMap) -> Result<()> {
    let mut w = p.write().await?;
    for token in tokens(headers) {
        sqlx::query("DELETE FROM auth_session WHERE token_sha256 = ?")
            .bind(digest(token))
            .execute(&mut *w.tx)
            .await?;
    }
    w.commit().await?;
    Ok(())
}

/// Closes every session of a person (password changed, examiner deactivated), inside the
/// caller's transaction.
pub async fn close_all(w: &mut crate::db::Write<'_>, who: Principal) -> Result<()> {
    let (kind, id) = who.kind_id();
    sqlx::query("DELETE FROM auth_session WHERE kind = ? AND principal_id = ?")
        .bind(kind)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

pub fn clear_cookie() -> String {
    SetCookie::clear(COOKIE, "/")
        .same_site(SameSite::Strict)
        .header()
}

fn tokens(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    cookies::values(headers, COOKIE).filter(|t| t.len() == 64)
}

/// Every principal the request's cookies open (normally one).
pub async fn principals(p: &Platform, headers: &HeaderMap) -> Result<Vec<Principal>> {
    Ok(lookup(p, headers).await?.principals)
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    kind: String,
    principal_id: i64,
    created_unix: i64,
    last_seen_unix: i64,
}

/// The principals of the request's cookies, expired sessions deleted and reported.
pub async fn lookup(p: &Platform, headers: &HeaderMap) -> Result<Lookup> {
    let mut out = Lookup::default();
    let now = unix_now();
    for token in tokens(headers) {
        let hash = digest(token);
        let row: Option<SessionRow> = sqlx::query_as(
            "SELECT kind, principal_id, created_unix, last_seen_unix FROM auth_session WHERE token_sha256 = ?",
        )
        .bind(&hash)
        .fetch_optional(p.db())
        .await?;
        let Some(row) = row else { continue };
        let who = match row.kind.as_str() {
            "candidate" => Principal::Candidate(row.principal_id),
            "examiner" => Principal::Examiner(row.principal_id),
            "admin" => Principal::Admin(row.principal_id),
            _ => continue,
        };
        match status(p, who, &row, now).await? {
            Status::Valid { touch } => {
                if touch {
                    let mut w = p.write().await?;
                    sqlx::query(
                        "UPDATE auth_session SET last_seen_unix = ? WHERE token_sha256 = ?",
                    )
                    .bind(now)
                    .bind(&hash)
                    .execute(&mut *w.tx)
                    .await?;
                    w.commit().await?;
                }
                out.principals.push(who);
            }
            Status::Expired => {
                tracing::debug!(kind = %row.kind, "expired exam session refused");
                out.expired = true;
            }
            Status::Gone => {
                let mut w = p.write().await?;
                sqlx::query("DELETE FROM auth_session WHERE token_sha256 = ?")
                    .bind(&hash)
                    .execute(&mut *w.tx)
                    .await?;
                w.commit().await?;
            }
        }
    }
    Ok(out)
}

enum Status {
    Valid {
        touch: bool,
    },
    Expired,
    /// The seat or the examiner no longer exists or is deactivated.
    Gone,
}

async fn status(p: &Platform, who: Principal, row: &SessionRow, now: i64) -> Result<Status> {
    if now - row.created_unix >= ABSOLUTE_SECONDS {
        return Ok(Status::Expired);
    }
    match who {
        Principal::Candidate(seat) => {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM seat WHERE id = ?")
                .bind(seat)
                .fetch_optional(p.db())
                .await?;
            if exists.is_none() {
                return Ok(Status::Gone);
            }
            let timer = crate::timer::timer_of(p, seat).await?;
            Ok(if candidate_expired(&timer) {
                Status::Expired
            } else {
                Status::Valid { touch: false }
            })
        }
        Principal::Examiner(_) | Principal::Admin(_) => {
            if now - row.last_seen_unix >= IDLE_SECONDS {
                return Ok(Status::Expired);
            }
            if let Principal::Examiner(id) = who {
                let active: Option<i64> =
                    sqlx::query_scalar("SELECT active FROM examiner WHERE id = ?")
                        .bind(id)
                        .fetch_optional(p.db())
                        .await?;
                if active != Some(1) {
                    return Ok(Status::Gone);
                }
            }
            Ok(Status::Valid {
                touch: now - row.last_seen_unix >= TOUCH_EVERY_SECONDS,
            })
        }
    }
}

/// A candidate's session ends [`CANDIDATE_MARGIN_SECONDS`] after their site turned
/// read-only.
pub fn candidate_expired(timer: &crate::timer::TimerState) -> bool {
    timer.read_only
        && timer.elapsed_seconds - timer.allowed_seconds - timer.grace_seconds
            >= CANDIDATE_MARGIN_SECONDS
}

/// Checks an e-mail and password against `examiner` (active ones only) or `centre_admin`
/// (see `e5_shop_db::password::check_password`: same cost whether or not the account exists).
pub async fn check_password(
    p: &Platform,
    table: &str,
    email: &str,
    password: &str,
) -> Result<Option<i64>> {
    let sql = match table {
        "examiner" => "SELECT id, password_hash FROM examiner WHERE email = ? AND active = 1",
        "centre_admin" => "SELECT id, password_hash FROM centre_admin WHERE email = ?",
        _ => return Ok(None),
    };
    let row: Option<(i64, String)> = sqlx::query_as(sql)
        .bind(email.trim())
        .fetch_optional(p.db())
        .await?;
    // One Argon2 verification whether or not the account exists, off the async workers.
    let hash = row.as_ref().map(|(_, h)| h.as_str());
    let verified = e5_shop_db::password::check_password(password, hash).await;
    Ok(row.filter(|_| verified).map(|(id, _)| id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_candidate_session_outlives_the_end_by_the_margin_only() {
        let end = crate::timer::BASE_SECONDS + 120;
        let t = crate::timer::compute(0, 120, Some(0), &[], end + 60);
        assert!(t.read_only && !candidate_expired(&t));
        let t = crate::timer::compute(0, 120, Some(0), &[], end + CANDIDATE_MARGIN_SECONDS);
        assert!(candidate_expired(&t));
        let t = crate::timer::compute(0, 120, None, &[], 1_000_000);
        assert!(
            !candidate_expired(&t),
            "not started: the 12 h limit applies"
        );
    }
}
