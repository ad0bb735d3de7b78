//! What every page of a sandbox shares, storefront and back-office alike: the server state,
//! resolving the sandbox of a request, errors, templates and static assets.

pub mod assets;
pub mod busy;
pub mod cookies;
pub mod escape;
pub mod flash;
pub mod guard;
pub mod request_log;
pub mod templates;

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use e5_domain::SandboxId;
use include_dir::Dir;

use crate::site::{OpenError, Site, Sites};

/// What the sandbox pages need from the server.
#[derive(Clone)]
pub struct ShopState {
    pub sites: Sites,
    pub templates: Arc<tera::Tera>,
    /// Static files of every crate that serves pages, looked up in order.
    pub assets: Arc<Vec<&'static Dir<'static>>>,
    /// Signs the visitor and back-office cookies so they cannot be forged.
    pub cookie_key: Arc<[u8; 32]>,
    /// Exam-day access control: who may reach which sandbox ([`OpenGate`] outside exams).
    pub gate: Arc<dyn SandboxGate>,
    /// Where the sites and staff surfaces are reached ([`guard`]).
    pub origins: Arc<guard::Origins>,
    /// Reverse proxies whose `X-Forwarded-For` gives the client address (rate limits).
    pub trusted_proxies: crate::client::TrustedProxies,
    /// Back-office sign-in failures and signed-out cookies (kept in memory).
    pub back_office: Arc<crate::admin::BackOfficeGuard>,
    /// The back-office's left menu, the entries of every back-office crate.
    pub menu: Arc<crate::admin::menu::Menu>,
}

/// What the gate decided for a sandbox request that may go on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Access {
    /// Only reads pass: the examiner looking, or the candidate outside their running time
    /// (before the start, during a pause, after the end).
    pub read_only: bool,
    /// Why only reads pass, in French: said when a write is refused.
    pub read_only_reason: &'static str,
    /// The candidate's screen is mirrored to the examiner: pages load the recorder.
    pub record: bool,
    /// The request comes from an exam-day session (pages show the exam banner).
    pub exam: bool,
}

/// Decides whether a request may reach a sandbox. Exam sessions plug theirs in; the
/// default lets everything through (practice servers, tests of the shop alone).
pub trait SandboxGate: Send + Sync {
    fn check<'a>(
        &'a self,
        parts: &'a Parts,
        sandbox: SandboxId,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Access, String>> + Send + 'a>>;
}

/// The gate of a server without exam sessions: every sandbox is open, nothing recorded.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenGate;

impl SandboxGate for OpenGate {
    fn check<'a>(
        &'a self,
        _parts: &'a Parts,
        _sandbox: SandboxId,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Access, String>> + Send + 'a>>
    {
        Box::pin(async { Ok(Access::default()) })
    }
}

impl std::fmt::Debug for ShopState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShopState")
            .field("sites", &self.sites)
            .finish_non_exhaustive()
    }
}

/// The sandbox a request is for, from its `{sandbox}` path parameter. This is the one place
/// every sandbox request passes through: exam-day access control belongs here.
pub async fn resolve_site<S>(
    parts: &mut Parts,
    state: &S,
) -> Result<(ShopState, Arc<Site>), ShopError>
where
    S: Send + Sync,
    ShopState: FromRef<S>,
{
    let state = ShopState::from_ref(state);
    let params = RawPathParams::from_request_parts(parts, &())
        .await
        .map_err(|_| ShopError::NotFound)?;
    let raw = params
        .iter()
        .find(|(k, _)| *k == "sandbox")
        .map(|(_, v)| v)
        .ok_or(ShopError::NotFound)?;
    let id: SandboxId = raw.parse().map_err(|_| ShopError::NotFound)?;
    let access = state
        .gate
        .check(parts, id)
        .await
        .map_err(ShopError::Forbidden)?;
    if access.read_only && !matches!(parts.method, Method::GET | Method::HEAD) {
        let reason = match access.read_only_reason {
            "" => "le site est en lecture seule : aucune modification n'est possible",
            reason => reason,
        };
        return Err(ShopError::Forbidden(format!("{reason}.")));
    }
    parts.extensions.insert(access);
    let site = state.sites.get(id).await.map_err(|e| match e {
        OpenError::NotFound => ShopError::NotFound,
        OpenError::Database(e) => ShopError::Database(e),
    })?;
    Ok((state, site))
}

#[derive(Debug, thiserror::Error)]
pub enum ShopError {
    #[error("page introuvable")]
    NotFound,
    #[error("accès refusé : {0}")]
    Forbidden(String),
    /// A command refused its input (French, for the user): the page says why.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Template(#[from] tera::Error),
}

impl ShopError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            ShopError::NotFound => StatusCode::NOT_FOUND,
            ShopError::Forbidden(_) => StatusCode::FORBIDDEN,
            ShopError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ShopError::Database(e) if crate::storage::is_storage_error(e) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ShopError::Database(_) | ShopError::Template(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<crate::command::CommandError> for ShopError {
    fn from(e: crate::command::CommandError) -> Self {
        match e {
            crate::command::CommandError::Database(e) => ShopError::Database(e),
            crate::command::CommandError::Invalid(why) => ShopError::Invalid(why),
            crate::command::CommandError::NotFound(_) => ShopError::NotFound,
        }
    }
}

impl IntoResponse for ShopError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let (title, text) = match &self {
            ShopError::NotFound => (
                "Page introuvable",
                "La page demandée n'existe pas ou n'est plus disponible.".to_owned(),
            ),
            ShopError::Forbidden(why) => ("Accès refusé", escape::escape(why)),
            ShopError::Invalid(why) => ("Modification refusée", escape::escape(why)),
            ShopError::Database(e) if crate::storage::note(e) => (
                "Enregistrement impossible",
                escape::escape(crate::storage::CANDIDATE_MESSAGE),
            ),
            _ => {
                // The detail goes to the log, never to the page.
                tracing::error!(error = ?self, "sandbox request failed");
                ("Erreur du site", "Une erreur est survenue. Réessayez dans un instant ; si elle persiste, prévenez l'examinateur.".to_owned())
            }
        };
        error_page(status, title, &text)
    }
}

/// The plain French page of a request that cannot go on (`text` is HTML, already escaped):
/// the one page of refusals and errors outside the sites' own layouts.
pub fn error_page(status: StatusCode, title: &str, text: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <link rel=\"stylesheet\" href=\"/assets/boutique.css\"><script src=\"/assets/page.js\" defer></script></head><body class=\"page-erreur\">\
         <main class=\"conteneur\"><h1>{title}</h1><p>{text}</p><p><a href=\"/\" data-retour>Revenir à la page précédente</a></p></main></body></html>"
    );
    let mut response = (status, Html(body)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A request for a sandbox, with nobody signed in required (sign-in pages).
pub struct SandboxSite {
    pub state: ShopState,
    pub site: Arc<Site>,
}

impl<S> FromRequestParts<S> for SandboxSite
where
    S: Send + Sync,
    ShopState: FromRef<S>,
{
    type Rejection = ShopError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let (state, site) = resolve_site(parts, state).await?;
        Ok(SandboxSite { state, site })
    }
}

#[cfg(test)]
mod error_tests {
    use super::*;
    use crate::command::CommandError;

    async fn page(e: ShopError) -> (StatusCode, String) {
        let response = e.into_response();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn a_refused_input_says_why_and_is_not_a_missing_page() {
        let (status, body) = page(CommandError::invalid("Le prix doit être positif.").into()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Modification refusée"), "{body}");
        assert!(body.contains("Le prix doit être positif."), "{body}");
        let (status, body) = page(CommandError::NotFound("produit").into()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("Page introuvable"), "{body}");
    }
}
