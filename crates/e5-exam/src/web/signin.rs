//! What every sign-in door shares: the limit on wrong codes and passwords (a middleware on
//! the three doors, so each handler only answers 401 to a wrong secret), the sign-in page's
//! context, and the page an examiner lands on when their session has expired.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tera::Context;

use super::{ExamState, WebError, client_ip_of};
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
    let mut ctx = Context::new();
    ctx.insert("error", &error);
    ctx.insert("email", email);
    ctx.insert("title", title);
    ctx.insert("action", action);
    ctx
}

async fn console_expired(State(s): State<ExamState>) -> Result<Response, WebError> {
    s.render(
        "exam/login.html",
        &login_ctx(Door::Console, Some(EXPIRED_MESSAGE), ""),
    )
}

/// Refuses a blocked address before the secret is even checked; counts a 401 as a failure.
pub async fn guard(State(s): State<ExamState>, request: Request, next: Next) -> Response {
    let door = match (request.method(), request.uri().path()) {
        (&Method::POST, "/") => Door::Code,
        (&Method::POST, "/console/connexion") => Door::Console,
        (&Method::POST, "/admin/connexion") => Door::Admin,
        _ => return next.run(request).await,
    };
    let ip = client_ip_of(request.extensions());
    match limits::blocked(&s.platform, door, ip).await {
        Ok(Some(wait)) => {
            tracing::info!(%ip, ?door, "sign-in refused: too many failures");
            return blocked_page(&s, door, wait).unwrap_or_else(IntoResponse::into_response);
        }
        Ok(None) => {}
        // Fail closed: without the count, no secret is checked.
        Err(e) => return WebError::Exam(e).into_response(),
    }
    let response = next.run(request).await;
    if response.status() == StatusCode::UNAUTHORIZED {
        tracing::info!(%ip, ?door, "wrong access code or password");
        if let Err(e) = limits::fail(&s.platform, door, ip).await {
            tracing::error!(error = %e, "recording a sign-in failure failed");
        }
    }
    response
}

fn blocked_page(s: &ExamState, door: Door, wait: i64) -> Result<Response, WebError> {
    let message = door.message(wait);
    let mut page = match door {
        Door::Code => {
            let mut ctx = Context::new();
            ctx.insert("error", &Some(&message));
            ctx.insert("code", "");
            s.render("exam/access.html", &ctx)?
        }
        Door::Console | Door::Admin => {
            s.render("exam/login.html", &login_ctx(door, Some(&message), ""))?
        }
    };
    *page.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    Ok(page)
}
