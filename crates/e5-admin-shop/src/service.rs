//! SAV: customer-service threads (reply, status, forwarding), merchandise returns and credit
//! slips, product reviews and the shop's replies.

use axum::extract::Query;
use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::admin::form::OrRefusal;
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::commands::service::{self as command, THREAD_STATUSES, thread_status_label};
use crate::form::Fields;

#[derive(Debug, Deserialize, Default)]
pub struct ThreadFilter {
    #[serde(default)]
    statut: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct ThreadRow {
    id: i64,
    email: String,
    customer: Option<String>,
    subject: String,
    status: String,
    contact: String,
    updated_at: String,
    messages: i64,
    #[sqlx(skip)]
    status_label: &'static str,
}

pub async fn threads(
    staff: Staff,
    Query(filter): Query<ThreadFilter>,
) -> Result<Response, ShopError> {
    let status = THREAD_STATUSES
        .iter()
        .find(|(k, _)| *k == filter.statut)
        .map(|(k, _)| *k);
    let mut rows: Vec<ThreadRow> = sqlx::query_as(
        "SELECT t.id, t.email, c.first_name || ' ' || c.last_name AS customer, t.subject, t.status, ct.name AS contact, t.updated_at,
                (SELECT COUNT(*) FROM customer_message m WHERE m.thread_id = t.id) AS messages
         FROM customer_thread t JOIN contact ct ON ct.id = t.contact_id LEFT JOIN customer c ON c.id = t.customer_id
         WHERE ?1 IS NULL OR t.status = ?1 ORDER BY t.status = 'closed', t.updated_at DESC",
    )
    .bind(status)
    .fetch_all(staff.site.db())
    .await?;
    for r in &mut rows {
        r.status_label = thread_status_label(&r.status);
    }
    let ctx = context! { threads: rows, statuses: THREAD_STATUSES, status };
    staff
        .render("admin/shop/threads.html", "Messages clients", ctx)
        .await
}

#[derive(Debug, sqlx::FromRow)]
struct ThreadHead {
    email: String,
    subject: String,
    status: String,
    assigned: Option<i64>,
    order_reference: Option<String>,
    order_id: Option<i64>,
    product: Option<String>,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Message {
    author: Option<String>,
    message: String,
    created_at: String,
}

pub async fn thread(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    show_thread(&staff, id, None, String::new()).await
}

async fn show_thread(
    staff: &Staff,
    id: i64,
    error: Option<String>,
    draft: String,
) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let head: ThreadHead = db.row_optional(
        "SELECT t.email, t.subject, t.status, t.assigned_employee_id AS assigned, o.reference AS order_reference, t.order_id, p.name AS product
         FROM customer_thread t LEFT JOIN orders o ON o.id = t.order_id LEFT JOIN product p ON p.id = t.product_id WHERE t.id = ?",
        (id,),
    ).await?
    .ok_or(ShopError::NotFound)?;
    let messages: Vec<Message> = db.rows(
        "SELECT e.first_name || ' ' || e.last_name AS author, m.message, m.created_at FROM customer_message m
         LEFT JOIN employee e ON e.id = m.employee_id WHERE m.thread_id = ? ORDER BY m.created_at, m.id",
        (id,),
    ).await?;
    let employees: Vec<(i64, String)> = db.rows(
        "SELECT id, first_name || ' ' || last_name FROM employee WHERE active = 1 ORDER BY first_name",
        (),
    ).await?;
    let mut ctx = context! {
        id, email: head.email, subject: head.subject, status: head.status, assigned: head.assigned,
        order_reference: head.order_reference, order_id: head.order_id, product: head.product,
        messages, employees, statuses: THREAD_STATUSES,
    };
    // SAV › Réponses prédéfinies, as (title, text) pairs.
    let predefined: Vec<(String, String)> = crate::replies::all(db)
        .await?
        .into_iter()
        .map(|r| (r.title, r.body))
        .collect();
    ctx.insert("predefined", &predefined);
    ctx.insert("error", &error);
    ctx.insert("draft", &draft);
    let mut page = staff
        .render("admin/shop/thread.html", "Message client", ctx)
        .await?;
    if error.is_some() {
        *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

pub async fn reply(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    let message = f.text("message");
    match command::reply(
        &staff.site,
        &staff.actor(),
        staff.employee.id,
        id,
        &message,
        &f.text("status"),
        f.opt_id("assigned"),
    )
    .await
    .or_refusal()?
    {
        Ok(()) => Ok(staff.redirect(
            &format!("/boutique/sav/{id}"),
            Some("Message enregistré ; le client reçoit la réponse par e-mail."),
        )),
        Err(m) => show_thread(&staff, id, Some(m), message).await,
    }
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct ReturnRow {
    id: i64,
    order_id: i64,
    reference: String,
    customer: String,
    state: String,
    reason: String,
    amount: i64,
    created_at: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct SlipRow {
    id: i64,
    order_id: i64,
    reference: String,
    amount_cents: i64,
    shipping_cents: i64,
    created_at: String,
}

pub async fn returns(staff: Staff) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let rows: Vec<ReturnRow> = db.rows(
        "SELECT r.id, r.order_id, o.reference, c.first_name || ' ' || c.last_name AS customer, r.state, r.reason,
                (SELECT COALESCE(SUM(l.unit_price_cents * rl.quantity), 0) FROM order_return_line rl JOIN order_line l ON l.id = rl.order_line_id WHERE rl.return_id = r.id) AS amount,
                r.created_at
         FROM order_return r JOIN orders o ON o.id = r.order_id JOIN customer c ON c.id = o.customer_id ORDER BY r.created_at DESC",
        (),
    ).await?;
    let slips: Vec<SlipRow> = db.rows(
        "SELECT s.id, s.order_id, o.reference, s.amount_cents, s.shipping_cents, s.created_at FROM credit_slip s JOIN orders o ON o.id = s.order_id ORDER BY s.created_at DESC",
        (),
    ).await?;
    let ctx = context! { returns: rows, slips };
    staff
        .render("admin/shop/returns.html", "Retours produits", ctx)
        .await
}

pub async fn return_step(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    match command::return_step(
        &staff.site,
        &staff.actor(),
        id,
        &f.text("etape"),
        f.checked("shipping"),
    )
    .await
    .or_refusal()?
    {
        Ok(summary) => Ok(staff.redirect(
            "/boutique/sav/retours",
            Some(&format!("{summary}. Le client a été prévenu par e-mail.")),
        )),
        Err(m) => Ok(staff.refuse("/boutique/sav/retours", Some(&m))),
    }
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct ReviewRow {
    id: i64,
    product: String,
    author_name: String,
    title: String,
    content: String,
    rating: i64,
    status: String,
    reply: String,
    created_at: String,
}

pub async fn reviews(staff: Staff) -> Result<Response, ShopError> {
    let rows: Vec<ReviewRow> = sqlx::query_as(
        "SELECT r.id, p.name AS product, r.author_name, r.title, r.content, r.rating, r.status, r.reply, r.created_at
         FROM product_review r JOIN product p ON p.id = r.product_id ORDER BY r.status != 'pending', r.created_at DESC LIMIT 100",
    )
    .fetch_all(staff.site.db())
    .await?;
    let mut ctx = Context::new();
    ctx.insert("reviews", &rows);
    staff
        .render("admin/shop/reviews.html", "Avis produits", ctx)
        .await
}

pub async fn moderate(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    match command::moderate_review(
        &staff.site,
        &staff.actor(),
        id,
        &f.text("status"),
        &f.text("reply"),
    )
    .await
    .or_refusal()?
    {
        Ok(()) => Ok(staff.redirect(
            &format!("/boutique/sav/avis#avis-{id}"),
            Some("Avis enregistré."),
        )),
        Err(m) => Ok(staff.redirect(&format!("/boutique/sav/avis#avis-{id}"), Some(&m))),
    }
}
