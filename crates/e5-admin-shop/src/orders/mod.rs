//! Commandes: the list with filters, an order's detail with its status change (the customer
//! is notified through the outbox), printable invoices and delivery slips.

pub mod create;
pub mod documents;

use axum::Form;
use axum::extract::Query;
use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::admin::form::OrRefusal;
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::{Deserialize, Serialize};

use crate::commands::order as command;

const PER_PAGE: i64 = 50;

#[derive(Debug, Deserialize, Serialize, Default)]
pub struct OrderFilter {
    #[serde(default)]
    q: String,
    #[serde(default)]
    etat: String,
    #[serde(default)]
    du: String,
    #[serde(default)]
    au: String,
    #[serde(default)]
    page: Option<i64>,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct OrderRow {
    id: i64,
    reference: String,
    customer: String,
    total_paid_cents: i64,
    payment: String,
    state: String,
    color: String,
    created_at: String,
    source: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub(crate) struct StateOption {
    id: i64,
    name: String,
    color: String,
}

pub async fn list(staff: Staff, Query(filter): Query<OrderFilter>) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let like = format!("%{}%", filter.q.trim());
    let state: Option<i64> = filter.etat.parse().ok();
    let from = crate::form::is_day(&filter.du).then(|| filter.du.clone());
    let to = crate::form::is_day(&filter.au).then(|| filter.au.clone());
    let page = filter.page.unwrap_or(1).max(1);
    let where_clause = "WHERE (o.reference LIKE ?1 OR c.last_name LIKE ?1 OR c.first_name LIKE ?1 OR c.email LIKE ?1)
           AND (?2 IS NULL OR o.state_id = ?2) AND (?3 IS NULL OR substr(o.created_at, 1, 10) >= ?3)
           AND (?4 IS NULL OR substr(o.created_at, 1, 10) <= ?4)";
    let total: i64 = db.one(
        &format!(
        "SELECT COUNT(*) FROM orders o JOIN customer c ON c.id = o.customer_id {where_clause}"
    ),
        (&like, state, &from, &to),
    ).await?;
    let orders: Vec<OrderRow> = db.rows(
        &format!(
        "SELECT o.id, o.reference, c.first_name || ' ' || c.last_name AS customer, o.total_paid_cents, o.payment, s.name AS state, s.color,
                o.created_at, o.source
         FROM orders o JOIN customer c ON c.id = o.customer_id JOIN order_state s ON s.id = o.state_id
         {where_clause} ORDER BY o.created_at DESC, o.id DESC LIMIT ?5 OFFSET ?6"
    ),
        (&like, state, &from, &to, PER_PAGE, (page - 1) * PER_PAGE),
    ).await?;
    let states: Vec<StateOption> = db
        .rows("SELECT id, name, color FROM order_state ORDER BY id", ())
        .await?;
    let pages = (total + PER_PAGE - 1) / PER_PAGE;
    let mut ctx = context! { orders, states, state, f: filter, total, page, pages };
    let keep = format!(
        "q={}&etat={}&du={}&au={}",
        e5_shop::web::escape::percent_encode(&filter.q),
        state.map(|s| s.to_string()).unwrap_or_default(),
        from.unwrap_or_default(),
        to.unwrap_or_default()
    );
    ctx.insert("keep", &keep);
    staff
        .render("admin/shop/orders.html", "Commandes", ctx)
        .await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub(crate) struct OrderDetail {
    pub id: i64,
    pub reference: String,
    pub customer_id: i64,
    pub customer: String,
    pub email: String,
    pub payment: String,
    pub state_id: i64,
    pub state: String,
    pub color: String,
    pub carrier: String,
    pub total_products_ht_cents: i64,
    pub total_products_cents: i64,
    pub total_discounts_cents: i64,
    pub total_shipping_cents: i64,
    pub total_paid_cents: i64,
    pub invoice_number: Option<i64>,
    pub customer_note: String,
    pub source: String,
    pub device: String,
    pub created_at: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub(crate) struct Line {
    pub product_name: String,
    pub product_reference: String,
    pub quantity: i64,
    pub unit_price_ht_cents: i64,
    pub unit_price_cents: i64,
    pub tax_rate: f64,
    pub total_cents: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub(crate) struct Address {
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub address1: String,
    pub address2: String,
    pub postcode: String,
    pub city: String,
    pub country: String,
    pub phone: String,
}

pub(crate) async fn load(
    db: &sqlx::SqlitePool,
    id: i64,
) -> Result<(OrderDetail, Vec<Line>, Address, Address), ShopError> {
    let order: OrderDetail = db.row_optional(
        "SELECT o.id, o.reference, o.customer_id, c.first_name || ' ' || c.last_name AS customer, c.email, o.payment, o.state_id,
                s.name AS state, s.color, ca.name AS carrier, o.total_products_ht_cents, o.total_products_cents, o.total_discounts_cents,
                o.total_shipping_cents, o.total_paid_cents, o.invoice_number, o.customer_note, o.source, o.device, o.created_at
         FROM orders o JOIN customer c ON c.id = o.customer_id JOIN order_state s ON s.id = o.state_id JOIN carrier ca ON ca.id = o.carrier_id
         WHERE o.id = ?",
        (id,),
    ).await?
    .ok_or(ShopError::NotFound)?;
    let lines: Vec<Line> = db.rows(
        "SELECT product_name, product_reference, quantity, unit_price_ht_cents, unit_price_cents, tax_rate, unit_price_cents * quantity AS total_cents
         FROM order_line WHERE order_id = ? ORDER BY id",
        (id,),
    ).await?;
    let delivery = address(db, id, "delivery_address_id").await?;
    let invoice = address(db, id, "invoice_address_id").await?;
    Ok((order, lines, delivery, invoice))
}

async fn address(
    db: &sqlx::SqlitePool,
    order_id: i64,
    column: &str,
) -> Result<Address, sqlx::Error> {
    let sql = format!(
        "SELECT a.first_name, a.last_name, a.company, a.address1, a.address2, a.postcode, a.city, a.country, a.phone
         FROM address a JOIN orders o ON o.{column} = a.id WHERE o.id = ?"
    );
    db.row::<Address>(&sql, (order_id,)).await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct History {
    state: String,
    color: String,
    employee: Option<String>,
    created_at: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Discount {
    name: String,
    value_cents: i64,
    free_shipping: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Mail {
    subject: String,
    created_at: String,
}

pub async fn detail(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    show(&staff, id, None).await
}

async fn show(staff: &Staff, id: i64, error: Option<String>) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let (order, lines, delivery, invoice) = load(db, id).await?;
    let history: Vec<History> = db.rows(
        "SELECT s.name AS state, s.color, e.first_name || ' ' || e.last_name AS employee, h.created_at
         FROM order_history h JOIN order_state s ON s.id = h.state_id LEFT JOIN employee e ON e.id = h.employee_id
         WHERE h.order_id = ? ORDER BY h.created_at DESC, h.id DESC",
        (id,),
    ).await?;
    let discounts: Vec<Discount> = db
        .rows(
            "SELECT name, value_cents, free_shipping FROM order_cart_rule WHERE order_id = ?",
            (id,),
        )
        .await?;
    let mails: Vec<Mail> = db.rows(
        "SELECT subject, created_at FROM outbox WHERE customer_id = ? AND subject LIKE ? ORDER BY id DESC",
        (order.customer_id, format!("%{}%", order.reference)),
    ).await?;
    let (orders_count, spent): (i64, i64) = db
        .row(
            "SELECT COUNT(*), COALESCE(SUM(total_paid_cents), 0) FROM orders WHERE customer_id = ?",
            (order.customer_id,),
        )
        .await?;
    let states: Vec<StateOption> = db
        .rows("SELECT id, name, color FROM order_state ORDER BY id", ())
        .await?;
    let ctx = context! {
        o: order, lines, delivery, invoice, history, discounts, mails, states, orders_count, spent,
        error,
    };
    let mut page = staff
        .render(
            "admin/shop/order.html",
            &format!("Commande {}", order.reference),
            ctx,
        )
        .await?;
    if error.is_some() {
        *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

#[derive(Debug, Deserialize)]
pub struct NewState {
    #[serde(default)]
    state_id: String,
}

pub async fn change_state(
    staff: Staff,
    Id(id): Id,
    Form(form): Form<NewState>,
) -> Result<Response, ShopError> {
    let Ok(state_id) = form.state_id.parse::<i64>() else {
        return show(
            &staff,
            id,
            Some("Choisissez un statut dans la liste.".into()),
        )
        .await;
    };
    match command::set_state(&staff.site, &staff.actor(), staff.employee.id, id, state_id)
        .await
        .or_refusal()?
    {
        Ok(change) => {
            let message = match change.notified {
                Some(email) => format!(
                    "Statut « {} » enregistré. Le client a été prévenu par e-mail ({email}).",
                    change.state
                ),
                None => format!("Statut « {} » enregistré.", change.state),
            };
            Ok(staff.redirect(&format!("/boutique/commandes/{id}"), Some(&message)))
        }
        Err(message) => show(&staff, id, Some(message)).await,
    }
}
