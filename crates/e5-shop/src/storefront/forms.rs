//! What the storefront must now show for the content side: the static front page chosen in
//! the reading settings, and the submissions of the editor's "form" blocks (contact message,
//! newsletter sign-up), each recorded by a command.

use axum::Form;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::{Visit, handlers};
use crate::command::{CommandError, Tx, run};
use crate::content;
use crate::journal::Entry;
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

fn email(value: &str) -> Result<String, CommandError> {
    let v = value.trim().to_lowercase();
    if crate::command::order::looks_like_email(&v) {
        Ok(v)
    } else {
        Err(CommandError::invalid(
            "Cette adresse e-mail n'est pas valide.",
        ))
    }
}

fn refused(v: &Visit, to: &str, e: CommandError) -> PageResult {
    match e {
        CommandError::Database(e) => Err(ShopError::Database(e)),
        other => Ok(v.redirect(to, None, Some(&other.to_string()))),
    }
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
    let result = async {
        let name = f.name.trim().to_owned();
        let message = f.message.trim().to_owned();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(CommandError::invalid("Merci d'indiquer votre nom (80 caractères au plus)."));
        }
        if message.is_empty() || message.chars().count() > 3000 {
            return Err(CommandError::invalid("Merci d'écrire votre message (3 000 caractères au plus)."));
        }
        let mail = email(&f.email)?;
        let now = crate::command::now();
        let where_ = post.as_ref().map(|p| format!(" depuis « {} »", p.1)).unwrap_or_default();
        run(&v.site, &v.actor(), async |tx: &mut Tx<'_>| {
            let id: i64 = sqlx::query_scalar("INSERT INTO form_submission (post_id, kind, name, email, message, created_at) VALUES (?, 'contact', ?, ?, ?, ?) RETURNING id")
                .bind(post.as_ref().map(|p| p.0)).bind(&name).bind(&mail).bind(&message).bind(&now).fetch_one(tx.conn()).await?;
            tx.journal(Entry::new("form_submission", Some(id), "create", format!("Message de {name} ({mail}) reçu par le formulaire{where_}"))).await
        })
        .await
    }
    .await;
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
    let result = async {
        if f.consent.is_none() {
            return Err(CommandError::invalid("Cochez la case d'accord pour recevoir la lettre d'information."));
        }
        let mail = email(&f.email)?;
        let now = crate::command::now();
        run(&v.site, &v.actor(), async |tx: &mut Tx<'_>| {
            let inserted = sqlx::query("INSERT OR IGNORE INTO newsletter_subscriber (email, source, created_at) VALUES (?, 'formulaire', ?)")
                .bind(&mail).bind(&now).execute(tx.conn()).await?.rows_affected();
            if inserted == 0 {
                return Err(CommandError::invalid("Cette adresse est déjà inscrite à la lettre d'information."));
            }
            sqlx::query("INSERT INTO form_submission (post_id, kind, email, created_at) VALUES (?, 'newsletter', ?, ?)")
                .bind(post.as_ref().map(|p| p.0)).bind(&mail).bind(&now).execute(tx.conn()).await?;
            tx.journal(Entry::new("newsletter", None, "subscribe", format!("Inscription à la newsletter : {mail} (formulaire de page)"))).await
        })
        .await
    }
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
