//! SAV › Réponses prédéfinies: the ready-made texts offered when replying to a customer
//! thread (PrestaShop's « messages prédéfinis »).

use axum::Form;
use axum::http::StatusCode;
use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::admin::form::OrRefusal;
use e5_shop::admin::form::trimmed;
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::{Deserialize, Serialize};

use crate::commands::reply as command;

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct Reply {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// The first words after the greeting, for the list.
    #[sqlx(skip)]
    pub excerpt: String,
}

/// Every predefined reply, in order: also what the thread page offers.
pub async fn all(db: &sqlx::SqlitePool) -> Result<Vec<Reply>, sqlx::Error> {
    let mut replies: Vec<Reply> = db
        .rows(
            "SELECT id, title, body FROM predefined_reply ORDER BY position, id",
            (),
        )
        .await?;
    for r in &mut replies {
        let words: Vec<&str> = r
            .body
            .trim_start_matches("Bonjour,")
            .split_whitespace()
            .collect();
        r.excerpt = words.iter().take(12).copied().collect::<Vec<_>>().join(" ");
        if words.len() > 12 {
            r.excerpt.push_str(" …");
        }
    }
    Ok(replies)
}

#[derive(Debug, Default, Serialize)]
struct ReplyForm {
    id: Option<i64>,
    title: String,
    body: String,
}

async fn render(
    staff: &Staff,
    form: ReplyForm,
    error: Option<String>,
) -> Result<Response, ShopError> {
    let ctx = context! { replies: all(staff.site.db()).await?, r: form, error };
    let mut page = staff
        .render("admin/shop/replies.html", "Réponses prédéfinies", ctx)
        .await?;
    if error.is_some() {
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

pub async fn list(staff: Staff) -> Result<Response, ShopError> {
    render(&staff, ReplyForm::default(), None).await
}

pub async fn edit(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    let (title, body): (String, String) =
        sqlx::query_as("SELECT title, body FROM predefined_reply WHERE id = ?")
            .bind(id)
            .fetch_optional(staff.site.db())
            .await?
            .ok_or(ShopError::NotFound)?;
    render(
        &staff,
        ReplyForm {
            id: Some(id),
            title,
            body,
        },
        None,
    )
    .await
}

/// What the reply form sends.
#[derive(Debug, Deserialize)]
pub struct ReplyFields {
    #[serde(default, deserialize_with = "trimmed")]
    title: String,
    #[serde(default, deserialize_with = "trimmed")]
    body: String,
}

pub async fn create(staff: Staff, Form(f): Form<ReplyFields>) -> Result<Response, ShopError> {
    submit(staff, None, f).await
}

pub async fn save(
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ReplyFields>,
) -> Result<Response, ShopError> {
    submit(staff, Some(id), f).await
}

async fn submit(staff: Staff, id: Option<i64>, f: ReplyFields) -> Result<Response, ShopError> {
    let form = ReplyForm {
        id,
        title: f.title,
        body: f.body.replace("\r\n", "\n"),
    };
    match command::save(&staff.site, &staff.actor(), id, &form.title, &form.body)
        .await
        .or_refusal()?
    {
        Ok(_) => Ok(staff.redirect(
            "/boutique/sav/reponses",
            Some(&format!("Réponse « {} » enregistrée.", form.title)),
        )),
        Err(m) => render(&staff, form, Some(m)).await,
    }
}

pub async fn delete(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    let summary = command::delete(&staff.site, &staff.actor(), id).await?;
    Ok(staff.redirect("/boutique/sav/reponses", Some(&format!("{summary}."))))
}
