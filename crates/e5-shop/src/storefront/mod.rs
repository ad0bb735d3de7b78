//! The storefront of every sandbox, under `/s/<sandbox-id>/`.
//!
//! Every request resolves its sandbox through [`crate::web::resolve_site`], in the [`Visit`]
//! extractor.

mod forms;
mod handlers;
mod visitor;

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::routing::{get, post};

use crate::catalog::Shopper;
use crate::site::Site;
use crate::web::flash::Flash;
use crate::web::{ShopError, ShopState, resolve_site};
pub use visitor::VisitorCookie;

pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    ShopState: FromRef<S>,
{
    use handlers::*;
    Router::new()
        .route("/s/{sandbox}", get(redirect_home))
        .route("/s/{sandbox}/", get(forms::front))
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
        .route("/s/{sandbox}/formulaire/contact", post(forms::contact))
        .route(
            "/s/{sandbox}/formulaire/newsletter",
            post(forms::newsletter),
        )
        .route("/s/{sandbox}/lien-externe", get(external_link))
        .route("/s/{sandbox}/media/{id}", get(media))
        .route("/s/{sandbox}/sitemap.xml", get(sitemap))
        .route("/s/{sandbox}/robots.txt", get(robots))
}

/// One storefront request: the sandbox it is for, who is visiting, and at what prices.
pub struct Visit {
    pub state: ShopState,
    pub site: Arc<Site>,
    /// URL prefix of this sandbox's storefront, `/s/<id>`.
    pub base: String,
    pub visitor: VisitorCookie,
    pub shopper: Shopper,
    pub flash: Option<Flash>,
    /// What the exam-day gate decided (read-only, recorded), for the layout.
    pub access: crate::web::Access,
}

impl<S> FromRequestParts<S> for Visit
where
    S: Send + Sync,
    ShopState: FromRef<S>,
{
    type Rejection = ShopError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let (state, site) = resolve_site(parts, state).await?;
        let id = site.id;
        let visitor = VisitorCookie::from_headers(&parts.headers, id, &state.cookie_key);
        let mut shopper = Shopper::load(site.db(), visitor.customer_id).await?;
        let access = site
            .cached(crate::visibility::CategoryAccess::load(site.db()))
            .await?;
        shopper.hidden = access.for_group(shopper.group_id);
        let flash = Flash::from_headers(&parts.headers, id, &state.cookie_key);
        let access = parts
            .extensions
            .get::<crate::web::Access>()
            .copied()
            .unwrap_or_default();
        Ok(Visit {
            access,
            base: id.site_path(""),
            state,
            site,
            visitor,
            shopper,
            flash,
        })
    }
}
