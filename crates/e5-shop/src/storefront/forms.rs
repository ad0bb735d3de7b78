//! What the storefront must now show for the content side: the static front page chosen in
//! the reading settings, and the submissions of the editor's "form" blocks (contact message,
//! newsletter sign-up), each recorded by a command.

use axum::Form;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::handlers::refused;
use super::{Visit, handlers};
use crate::command::visitor;
use crate::content;
use crate::web::ShopError;

type PageResult = Result<Response, ShopError>;

/// `/`: the static page chosen in Réglages › Lecture, or the shop's home.
pub async fn front(v: Visit) -> PageResult {
    match content::static_front_page(v.site.db()).await? {
        Some(slug) => handlers::render_page(v, &slug).await,
        None => handlers::home(v).await,
    }
}

/// The page the form was on, from the Referer, as a path inside this sandbox (never elsewhere).
fn back_to(v: &Visit, headers: &HeaderMap) -> String {
    let referer = headers
        .get("referer")
        .and_then(|r| r.to_str().ok())
        .unwrap_or("");
    let path = referer
        .find(&v.base)
        .map(|i| &referer[i + v.base.len()..])
        .unwrap_or("/");
    if path.starts_with('/') && !path.starts_with("//") && !path.contains(['\r', '\n']) {
        path.split('#').next().unwrap_or("/").to_owned()
    } else {
        "/".to_owned()
    }
}

async fn post_of(v: &Visit, path: &str) -> Result<Option<(i64, String)>, sqlx::Error> {
    let slug = path
        .strip_prefix("/blog/")
        .or_else(|| path.strip_prefix("/page/"))
        .unwrap_or("");
    let slug = slug.split(['?', '/']).next().unwrap_or("");
    sqlx::query_as(
        "SELECT id, title FROM post WHERE slug = ? AND status IN ('publish', 'future') LIMIT 1",
    )
    .bind(slug)
    .fetch_optional(v.site.db())
    .await
}

#[derive(Deserialize)]
pub struct ContactBlockForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    message: String,
}

pub async fn contact(v: Visit, headers: HeaderMap, Form(f): Form<ContactBlockForm>) -> PageResult {
    let back = back_to(&v, &headers);
    let post = post_of(&v, &back).await?;
    let result =
        visitor::form_message(&v.site, &v.actor(), post, &f.name, &f.email, &f.message).await;
    match result {
        Ok(()) => Ok(v.redirect(
            &back,
            None,
            Some("Merci ! Votre message a bien été envoyé."),
        )),
        Err(e) => refused(&v, &back, e),
    }
}

#[derive(Deserialize)]
pub struct NewsletterBlockForm {
    #[serde(default)]
    email: String,
    consent: Option<String>,
}

pub async fn newsletter(
    v: Visit,
    headers: HeaderMap,
    Form(f): Form<NewsletterBlockForm>,
) -> PageResult {
    let back = back_to(&v, &headers);
    let post = post_of(&v, &back).await?;
    let result = visitor::form_newsletter(
        &v.site,
        &v.actor(),
        post.map(|p| p.0),
        &f.email,
        f.consent.is_some(),
    )
    .await;
    match result {
        Ok(()) => Ok(v.redirect(
            &back,
            None,
            Some("Merci ! Vous êtes inscrit à notre lettre d'information."),
        )),
        Err(e) => refused(&v, &back, e),
    }
}
