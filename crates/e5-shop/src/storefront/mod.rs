//! The storefront of every sandbox, under `/s/<sandbox-id>/`.
//!
//! Every request resolves its sandbox in one place, the [`Visit`] extractor, which is where
//! exam-day access control plugs in.

mod handlers;
mod templates;
mod visitor;

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRef, FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use e5_domain::SandboxId;

use crate::catalog::Shopper;
use crate::site::{OpenError, Site, Sites};
pub use templates::build as build_templates;
pub use visitor::VisitorCookie;

/// What the storefront needs from the server.
#[derive(Clone)]
pub struct ShopState {
    pub sites: Sites,
    pub templates: Arc<tera::Tera>,
    /// Signs the visitor cookie (cart, logged-in customer) so it cannot be forged.
    pub cookie_key: Arc<[u8; 32]>,
}

impl std::fmt::Debug for ShopState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShopState")
            .field("sites", &self.sites)
            .finish_non_exhaustive()
    }
}

pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    ShopState: FromRef<S>,
{
    use handlers::*;
    Router::new()
        .route("/s/{sandbox}", get(redirect_home))
        .route("/s/{sandbox}/", get(home))
        .route("/s/{sandbox}/categorie/{slug}", get(category))
        .route("/s/{sandbox}/produit/{slug}", get(product))
        .route("/s/{sandbox}/produit/{slug}/avis", post(post_review))
        .route("/s/{sandbox}/recherche", get(search))
        .route("/s/{sandbox}/panier", get(cart))
        .route("/s/{sandbox}/panier/ajouter", post(cart_add))
        .route("/s/{sandbox}/panier/ligne", post(cart_line))
        .route("/s/{sandbox}/panier/code", post(cart_code))
        .route("/s/{sandbox}/panier/code/retirer", post(cart_code_remove))
        .route("/s/{sandbox}/commande", get(checkout).post(place_order))
        .route(
            "/s/{sandbox}/commande/confirmation/{reference}",
            get(confirmation),
        )
        .route("/s/{sandbox}/compte", get(account))
        .route("/s/{sandbox}/compte/connexion", post(login))
        .route("/s/{sandbox}/compte/inscription", post(register))
        .route("/s/{sandbox}/compte/deconnexion", post(logout))
        .route(
            "/s/{sandbox}/compte/commande/{reference}",
            get(account_order),
        )
        .route("/s/{sandbox}/blog", get(blog))
        .route("/s/{sandbox}/blog/{slug}", get(blog_post))
        .route("/s/{sandbox}/blog/{slug}/commentaire", post(post_comment))
        .route("/s/{sandbox}/page/{slug}", get(page))
        .route("/s/{sandbox}/contact", get(contact).post(post_contact))
        .route("/s/{sandbox}/newsletter", post(newsletter))
        .route("/s/{sandbox}/lien-externe", get(external_link))
        .route("/s/{sandbox}/media/{id}", get(media))
        .route("/s/{sandbox}/sitemap.xml", get(sitemap))
        .route("/s/{sandbox}/robots.txt", get(robots))
        .route("/assets/{file}", get(asset))
}

/// One storefront request: the sandbox it is for, who is visiting, and at what prices.
pub struct Visit {
    pub state: ShopState,
    pub site: Arc<Site>,
    /// URL prefix of this sandbox's storefront, `/s/<id>`.
    pub base: String,
    pub visitor: VisitorCookie,
    pub shopper: Shopper,
    pub flash: Option<String>,
}

impl<S> FromRequestParts<S> for Visit
where
    S: Send + Sync,
    ShopState: FromRef<S>,
{
    type Rejection = ShopError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
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
        let site = state.sites.get(id).await.map_err(|e| match e {
            OpenError::NotFound => ShopError::NotFound,
            OpenError::Database(e) => ShopError::Database(e),
        })?;
        let visitor = VisitorCookie::from_headers(&parts.headers, id, &state.cookie_key);
        let shopper = Shopper::load(site.db(), visitor.customer_id).await?;
        let flash = visitor::flash_from_headers(&parts.headers);
        Ok(Visit {
            base: format!("/s/{id}"),
            state,
            site,
            visitor,
            shopper,
            flash,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ShopError {
    #[error("page introuvable")]
    NotFound,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Template(#[from] tera::Error),
}

impl ShopError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            ShopError::NotFound => StatusCode::NOT_FOUND,
            ShopError::Database(_) | ShopError::Template(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<crate::command::CommandError> for ShopError {
    fn from(e: crate::command::CommandError) -> Self {
        match e {
            crate::command::CommandError::Database(e) => ShopError::Database(e),
            _ => ShopError::NotFound,
        }
    }
}

impl IntoResponse for ShopError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let (title, text) = if status == StatusCode::NOT_FOUND {
            (
                "Page introuvable",
                "La page demandée n'existe pas ou n'est plus disponible.",
            )
        } else {
            // The detail goes to the log, never to the page.
            tracing::error!(error = ?self, "storefront request failed");
            (
                "Erreur du site",
                "Une erreur est survenue. Réessayez dans un instant ; si elle persiste, prévenez l'examinateur.",
            )
        };
        let body = format!(
            "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{title}</title>\
             <link rel=\"stylesheet\" href=\"/assets/boutique.css\"></head><body class=\"page-erreur\">\
             <main class=\"conteneur\"><h1>{title}</h1><p>{text}</p></main></body></html>"
        );
        let mut response = (status, Html(body)).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}
