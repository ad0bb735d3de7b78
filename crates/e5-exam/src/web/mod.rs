//! The exam-day web: candidate access (`/`, `/epreuve/…`), the examiner console
//! (`/console/…`) and the centre administration (`/admin/…`). Who may call a handler is in
//! its signature: [`Candidate`], [`Examiner`], [`CentreAdmin`].

mod access;
mod centre;
mod console;
pub mod live;
pub mod recorder;
mod replay;
mod signin;

use axum::Router;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use e5_shop::web::ShopState;
use e5_shop::web::cookies;
use tera::Context;

use crate::auth::{self, Principal};
use crate::db::Platform;
use crate::error::ExamError;

/// What the exam pages need.
#[derive(Clone)]
pub struct ExamState {
    pub platform: Platform,
    pub shop: ShopState,
    pub live: live::Hub,
    pub recorder: recorder::Recorder,
    /// Slow lanes of access-code checks (see `limits`).
    pub code_lanes: std::sync::Arc<crate::limits::Lanes>,
}

impl std::fmt::Debug for ExamState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExamState")
            .field("platform", &self.platform)
            .finish_non_exhaustive()
    }
}

impl FromRef<ExamState> for ShopState {
    fn from_ref(s: &ExamState) -> ShopState {
        s.shop.clone()
    }
}

impl ExamState {
    pub fn new(platform: Platform, shop: ShopState) -> ExamState {
        let live = live::Hub::default();
        ExamState {
            recorder: recorder::Recorder::new(platform.clone(), live.clone()),
            platform,
            shop,
            live,
            code_lanes: Default::default(),
        }
    }

    pub fn render(&self, template: &str, ctx: &Context) -> Result<Response, WebError> {
        let html = self.shop.templates.render(template, ctx)?;
        let mut response = Html(html).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        Ok(response)
    }
}

pub fn router(state: ExamState) -> Router {
    Router::new()
        .merge(access::router())
        .merge(console::router())
        .merge(recorder::router())
        .merge(centre::router())
        .merge(signin::router())
        .with_state(state)
}

/// What the exam pages say when platform.db could not be written: nothing was saved.
pub const STORAGE_MESSAGE: &str = "L'enregistrement a échoué (disque ou base indisponible) : rien n'a été enregistré. Réessayez dans un instant ; si cela persiste, prévenez le centre.";

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(transparent)]
    Exam(#[from] ExamError),
    #[error(transparent)]
    Template(#[from] tera::Error),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("accès refusé")]
    Forbidden,
    #[error("page introuvable")]
    NotFound,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, text) = match &self {
            WebError::Exam(ExamError::Invalid(m)) => (StatusCode::UNPROCESSABLE_ENTITY, m.clone()),
            WebError::Exam(ExamError::NotFound(_)) | WebError::NotFound => (
                StatusCode::NOT_FOUND,
                "La page demandée n'existe pas.".to_owned(),
            ),
            WebError::Exam(e @ ExamError::Random(_)) => {
                tracing::error!(error = ?self, "no random source");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("{e}. Réessayez dans un instant."),
                )
            }
            WebError::Exam(e) if e.is_storage_failure() => {
                (StatusCode::SERVICE_UNAVAILABLE, STORAGE_MESSAGE.to_owned())
            }
            WebError::Database(e) if e5_shop::storage::note(e) => {
                (StatusCode::SERVICE_UNAVAILABLE, STORAGE_MESSAGE.to_owned())
            }
            WebError::Forbidden => (
                StatusCode::FORBIDDEN,
                "Accès refusé : cette page ne vous est pas ouverte.".to_owned(),
            ),
            _ => {
                tracing::error!(error = ?self, "exam request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Une erreur est survenue. Réessayez dans un instant.".to_owned(),
                )
            }
        };
        let body = format!(
            "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Épreuve E5</title>\
             <link rel=\"stylesheet\" href=\"/assets/exam/exam.css\"></head><body><main class=\"page-simple\">\
             <h1>Épreuve E5</h1><p role=\"alert\">{}</p><p><a href=\"/\">Accueil</a></p></main></body></html>",
            e5_shop::web::escape::escape(&text)
        );
        (status, Html(body)).into_response()
    }
}

async fn lookup(parts: &Parts, state: &ExamState) -> auth::Lookup {
    match auth::lookup(&state.platform, &parts.headers).await {
        Ok(found) => found,
        Err(e) => {
            // A session touch that could not be written renews the connections.
            e.is_storage_failure();
            tracing::error!(error = %e, "reading exam sessions failed");
            auth::Lookup::default()
        }
    }
}

/// A candidate signed in with their access code: their seat.
#[derive(Debug, Clone, Copy)]
pub struct Candidate(pub i64);
/// A signed-in examiner.
#[derive(Debug, Clone, Copy)]
pub struct Examiner(pub i64);
/// A signed-in centre administrator.
#[derive(Debug, Clone, Copy)]
pub struct CentreAdmin(pub i64);

/// Finds the principal `pick` accepts, else sends to `sign_in` (or `expired` when the
/// request's session has just expired, so the page can say why).
async fn extract<T>(
    parts: &Parts,
    state: &ExamState,
    pick: impl Fn(Principal) -> Option<T>,
    sign_in: &str,
    expired: &str,
) -> Result<T, Response> {
    let found = lookup(parts, state).await;
    if let Some(who) = found.principals.into_iter().find_map(pick) {
        return Ok(who);
    }
    tracing::debug!(path = %parts.uri.path(), expired = found.expired, "exam route needs another sign-in");
    if found.expired {
        return Err(cookies::with(
            Redirect::to(expired).into_response(),
            &auth::clear_cookie(),
        ));
    }
    Err(Redirect::to(sign_in).into_response())
}

impl FromRequestParts<ExamState> for Candidate {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &ExamState) -> Result<Self, Response> {
        extract(
            parts,
            state,
            |p| match p {
                Principal::Candidate(s) => Some(Candidate(s)),
                _ => None,
            },
            "/",
            "/?expiree=1",
        )
        .await
    }
}

impl FromRequestParts<ExamState> for Examiner {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &ExamState) -> Result<Self, Response> {
        extract(
            parts,
            state,
            |p| match p {
                Principal::Examiner(s) => Some(Examiner(s)),
                _ => None,
            },
            "/console/connexion",
            signin::CONSOLE_EXPIRED,
        )
        .await
    }
}

impl FromRequestParts<ExamState> for CentreAdmin {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &ExamState) -> Result<Self, Response> {
        extract(
            parts,
            state,
            |p| match p {
                Principal::Admin(s) => Some(CentreAdmin(s)),
                _ => None,
            },
            "/admin/connexion",
            "/admin/connexion?expiree=1",
        )
        .await
    }
}
