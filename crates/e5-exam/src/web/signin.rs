//! What the sign-in doors share: the password sign-in with its limits (console and centre
//! administration; the access-code door paces its checks itself, see `access.rs`), the
//! sign-in page's context, and the page an examiner lands on when their session expired.

use e5_shop::context;
use std::net::IpAddr;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use tera::Context;

use super::{ExamState, WebError};
use crate::auth;
use crate::limits::{self, Door};

/// Where an examiner whose session expired is sent (a page of its own: the console's
/// sign-in page stays as it is).
pub const CONSOLE_EXPIRED: &str = "/console/session-expiree";

pub const EXPIRED_MESSAGE: &str = "Votre session a expiré, reconnectez-vous.";

pub fn router() -> Router<ExamState> {
    Router::new().route(CONSOLE_EXPIRED, get(console_expired))
}

/// The context of `exam/login.html` for a door.
pub fn login_ctx(door: Door, error: Option<&str>, email: &str) -> Context {
    let (title, action) = match door {
        Door::Admin => ("Administration du centre d'examen", "/admin/connexion"),
        Door::Console | Door::Code => ("Console de l'examinateur", "/console/connexion"),
    };
    let ctx = context! { error, email, title, action };
    ctx
}

async fn console_expired(State(s): State<ExamState>) -> Result<Response, WebError> {
    s.render(
        "exam/login.html",
        &login_ctx(Door::Console, Some(EXPIRED_MESSAGE), ""),
    )
}

/// Signs in with a password at the console or the centre administration: refused (429)
/// before the password is checked when the account or the address has used up its
/// failures; otherwise one Argon2 check (whether or not the account exists) and a wrong
/// password is counted and answered 401. `Ok(Ok(id))`: the password is right.
pub async fn password_sign_in(
    s: &ExamState,
    door: Door,
    ip: IpAddr,
    email: &str,
    password: &str,
) -> Result<Result<i64, Response>, WebError> {
    let table = match door {
        Door::Console => "examiner",
        Door::Admin => "centre_admin",
        Door::Code => return Err(WebError::NotFound),
    };
    if let Some(wait) = limits::password_blocked(&s.platform, door, ip, email).await? {
        tracing::info!(%ip, ?door, "sign-in refused: too many failures");
        let mut page = s.render(
            "exam/login.html",
            &login_ctx(door, Some(&Door::message(wait)), email),
        )?;
        *page.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        return Ok(Err(page));
    }
    if let Some(id) = auth::check_password(&s.platform, table, email, password).await? {
        return Ok(Ok(id));
    }
    tracing::info!(%ip, ?door, "wrong password");
    limits::fail(&s.platform, door, ip, Some(email)).await?;
    let mut page = s.render(
        "exam/login.html",
        &login_ctx(
            door,
            Some("Adresse e-mail ou mot de passe incorrect."),
            email,
        ),
    )?;
    *page.status_mut() = StatusCode::UNAUTHORIZED;
    Ok(Err(page))
}
