//! Commandes › États (PrestaShop's « États de commande »): the statuses an order goes
//! through, their colour and flags, and the e-mail the customer gets on entering one.

use axum::Form;
use axum::http::StatusCode;
use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::admin::form::OrRefusal;
use e5_shop::admin::form::{checkbox, trimmed};
use e5_shop::context;
use e5_shop::web::ShopError;
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::commands::order_state::{self as command, PLACEHOLDERS, STANDARD_BODY, StateInput};

#[derive(Debug, Serialize, sqlx::FromRow)]
struct StateRow {
    id: i64,
    name: String,
    color: String,
    paid: i64,
    shipped: i64,
    delivered: i64,
    cancelled: i64,
    refunded: i64,
    invoice: i64,
    hidden: i64,
    notify: i64,
    orders: i64,
}

pub async fn list(staff: Staff) -> Result<Response, ShopError> {
    let rows: Vec<StateRow> = sqlx::query_as(
        "SELECT s.id, s.name, s.color, s.paid, s.shipped, s.delivered, s.cancelled, s.refunded, COALESCE(s.invoice, s.paid) AS invoice,
                s.hidden, s.notify, (SELECT COUNT(*) FROM orders o WHERE o.state_id = s.id) AS orders
         FROM order_state s ORDER BY s.id",
    )
    .fetch_all(staff.site.db())
    .await?;
    let mut ctx = Context::new();
    ctx.insert("states", &rows);
    staff
        .render("admin/shop/order_states.html", "États de commande", ctx)
        .await
}

/// The form: what is stored, or what was typed.
#[derive(Debug, Serialize)]
struct StateForm {
    id: Option<i64>,
    #[serde(flatten)]
    input: StateInput,
}

async fn render(
    staff: &Staff,
    form: StateForm,
    error: Option<String>,
) -> Result<Response, ShopError> {
    let title = match form.id {
        Some(_) => format!("État « {} »", form.input.name),
        None => "Nouvel état de commande".to_owned(),
    };
    let ctx = context! { s: form, placeholders: PLACEHOLDERS, error };
    let mut page = staff
        .render("admin/shop/order_state_form.html", &title, ctx)
        .await?;
    if error.is_some() {
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

pub async fn new_form(staff: Staff) -> Result<Response, ShopError> {
    let input = StateInput {
        name: String::new(),
        color: "#777777".into(),
        paid: false,
        shipped: false,
        delivered: false,
        cancelled: false,
        refunded: false,
        invoice: false,
        hidden: false,
        notify: true,
        email_subject: String::new(),
        email_body: STANDARD_BODY.into(),
    };
    render(&staff, StateForm { id: None, input }, None).await
}

type Row = (
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    String,
    String,
);

pub async fn edit(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    let r: Row = sqlx::query_as(
        "SELECT name, color, paid, shipped, delivered, cancelled, refunded, COALESCE(invoice, paid), hidden, notify, email_subject, email_body
         FROM order_state WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(staff.site.db())
    .await?
    .ok_or(ShopError::NotFound)?;
    let input = StateInput {
        name: r.0,
        color: r.1,
        paid: r.2 != 0,
        shipped: r.3 != 0,
        delivered: r.4 != 0,
        cancelled: r.5 != 0,
        refunded: r.6 != 0,
        invoice: r.7 != 0,
        hidden: r.8 != 0,
        notify: r.9 != 0,
        email_subject: r.10,
        // The standard text, shown so that it can be edited.
        email_body: if r.11.trim().is_empty() {
            STANDARD_BODY.into()
        } else {
            r.11
        },
    };
    render(
        &staff,
        StateForm {
            id: Some(id),
            input,
        },
        None,
    )
    .await
}

/// What the order state form sends (unchecked boxes are absent).
#[derive(Debug, Deserialize)]
pub struct StateFields {
    #[serde(default, deserialize_with = "trimmed")]
    name: String,
    #[serde(default, deserialize_with = "trimmed")]
    color: String,
    #[serde(default, deserialize_with = "checkbox")]
    paid: bool,
    #[serde(default, deserialize_with = "checkbox")]
    shipped: bool,
    #[serde(default, deserialize_with = "checkbox")]
    delivered: bool,
    #[serde(default, deserialize_with = "checkbox")]
    cancelled: bool,
    #[serde(default, deserialize_with = "checkbox")]
    refunded: bool,
    #[serde(default, deserialize_with = "checkbox")]
    invoice: bool,
    #[serde(default, deserialize_with = "checkbox")]
    hidden: bool,
    #[serde(default, deserialize_with = "checkbox")]
    notify: bool,
    #[serde(default, deserialize_with = "trimmed")]
    email_subject: String,
    #[serde(default, deserialize_with = "trimmed")]
    email_body: String,
}

pub async fn create(staff: Staff, Form(f): Form<StateFields>) -> Result<Response, ShopError> {
    submit(staff, None, f).await
}

pub async fn save(
    staff: Staff,
    Id(id): Id,
    Form(f): Form<StateFields>,
) -> Result<Response, ShopError> {
    submit(staff, Some(id), f).await
}

async fn submit(staff: Staff, id: Option<i64>, f: StateFields) -> Result<Response, ShopError> {
    // Line ends as typed in a textarea (\r\n) are kept as \n, like the standard text.
    let body = f.email_body.replace("\r\n", "\n");
    let input = StateInput {
        name: f.name,
        color: f.color,
        paid: f.paid,
        shipped: f.shipped,
        delivered: f.delivered,
        cancelled: f.cancelled,
        refunded: f.refunded,
        invoice: f.invoice,
        hidden: f.hidden,
        notify: f.notify,
        email_subject: f.email_subject,
        email_body: body,
    };
    let mut stored = input.clone();
    if stored.email_body == STANDARD_BODY {
        // Unchanged standard text: keep following it.
        stored.email_body.clear();
    }
    match command::save(&staff.site, &staff.actor(), id, stored)
        .await
        .or_refusal()?
    {
        Ok(_) => Ok(staff.redirect(
            "/boutique/commandes/etats",
            Some(&format!("État « {} » enregistré.", input.name)),
        )),
        Err(m) => render(&staff, StateForm { id, input }, Some(m)).await,
    }
}

pub async fn delete(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    match command::delete(&staff.site, &staff.actor(), id)
        .await
        .or_refusal()?
    {
        Ok(summary) => {
            Ok(staff.redirect("/boutique/commandes/etats", Some(&format!("{summary}."))))
        }
        Err(m) => Ok(staff.refuse("/boutique/commandes/etats", Some(&m))),
    }
}
