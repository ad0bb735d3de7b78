//! Sign-in sessions of the exam platform: a random token in an HttpOnly cookie, only its
//! SHA-256 stored, so a copy of the database opens nobody's session.

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};

use crate::db::{Platform, now_text};
use crate::error::Result;

pub const COOKIE: &str = "e5_epreuve";

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

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Opens a session; returns the `Set-Cookie` value.
pub async fn open(p: &Platform, who: Principal) -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| crate::ExamError::Io(std::io::Error::other(e.to_string())))?;
    let token = hex::encode(bytes);
    let (kind, id) = who.kind_id();
    let mut w = p.write().await?;
    sqlx::query("INSERT INTO auth_session (token_sha256, kind, principal_id, created_at) VALUES (?, ?, ?, ?)")
        .bind(digest(&token))
        .bind(kind)
        .bind(id)
        .bind(now_text())
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"))
}

pub async fn close(p: &Platform, headers: &HeaderMap) -> Result<()> {
    for token in tokens(headers) {
        let mut w = p.write().await?;
        sqlx::query("DELETE FROM auth_session WHERE token_sha256 = ?")
            .bind(digest(token))
            .execute(&mut *w.tx)
            .await?;
        w.commit().await?;
    }
    Ok(())
}

pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

fn tokens(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .filter(|t| t.len() == 64)
}

/// Every principal the request's cookies open (normally one).
pub async fn principals(p: &Platform, headers: &HeaderMap) -> Result<Vec<Principal>> {
    let mut out = Vec::new();
    for token in tokens(headers) {
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT kind, principal_id FROM auth_session WHERE token_sha256 = ?")
                .bind(digest(token))
                .fetch_optional(p.db())
                .await?;
        match row {
            Some((k, id)) if k == "candidate" => out.push(Principal::Candidate(id)),
            Some((k, id)) if k == "examiner" => out.push(Principal::Examiner(id)),
            Some((k, id)) if k == "admin" => out.push(Principal::Admin(id)),
            _ => {}
        }
    }
    Ok(out)
}

/// Checks an e-mail and password against `examiner` or `centre_admin`.
pub async fn check_password(
    p: &Platform,
    table: &str,
    email: &str,
    password: &str,
) -> Result<Option<i64>> {
    let sql = format!("SELECT id, password_hash FROM {table} WHERE email = ?");
    let row: Option<(i64, String)> = sqlx::query_as(&sql)
        .bind(email.trim())
        .fetch_optional(p.db())
        .await?;
    Ok(
        row.and_then(|(id, hash)| {
            e5_shop::password::verify_password(password, &hash).then_some(id)
        }),
    )
}
