//! Clients: the list, a customer's record (addresses, groups, orders, messages) and the
//! customer groups (discount, price display).

use axum::extract::Query;
use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::admin::form::OrRefusal;
use e5_shop::command::CommandError;
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::commands::customer::{self as command, AddressInput, CustomerInput, GroupInput};
use crate::form::{Fields, parse_percent};

#[derive(Debug, Deserialize, Default)]
pub struct Search {
    #[serde(default)]
    q: String,
    /// The column the list is sorted by (`id`, `nom`, `email`, `commandes`, `depense`,
    /// `inscription`) and its direction (`asc`, `desc`).
    #[serde(default)]
    tri: String,
    #[serde(default)]
    ordre: String,
}

/// The sortable columns of the customer list: (key, heading, SQL expression).
const SORTS: &[(&str, &str, &str)] = &[
    ("id", "ID", "c.id"),
    (
        "nom",
        "Client",
        "c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE",
    ),
    ("email", "E-mail", "c.email"),
    ("commandes", "Commandes", "orders"),
    ("depense", "Total dépensé", "spent"),
    ("inscription", "Inscription", "c.created_at"),
];

#[derive(Debug, Serialize, sqlx::FromRow)]
struct CustomerRow {
    id: i64,
    name: String,
    email: String,
    group_name: String,
    orders: i64,
    spent: i64,
    created_at: String,
    newsletter: i64,
}

pub async fn list(staff: Staff, Query(s): Query<Search>) -> Result<Response, ShopError> {
    let like = format!("%{}%", s.q.trim());
    // Newest first unless a column is chosen; a column's own default is the largest first
    // for figures, A to Z for names.
    let (sort, expression) = SORTS
        .iter()
        .find(|(key, _, _)| *key == s.tri)
        .map_or(("inscription", "c.created_at"), |(k, _, e)| (*k, *e));
    let descending = match s.ordre.as_str() {
        "asc" => false,
        "desc" => true,
        _ => !matches!(sort, "nom" | "email"),
    };
    let direction = if descending { "DESC" } else { "ASC" };
    let order = expression
        .split(", ")
        .map(|e| format!("{e} {direction}"))
        .collect::<Vec<_>>()
        .join(", ");
    let customers: Vec<CustomerRow> = sqlx::query_as(&format!(
        "SELECT c.id, c.first_name || ' ' || c.last_name AS name, c.email, g.name AS group_name,
                (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) AS orders,
                (SELECT COALESCE(SUM(total_paid_cents), 0) FROM orders o WHERE o.customer_id = c.id) AS spent,
                c.created_at, c.newsletter
         FROM customer c JOIN customer_group g ON g.id = c.default_group_id
         WHERE c.first_name || ' ' || c.last_name LIKE ?1 OR c.email LIKE ?1
         ORDER BY {order}, c.id DESC LIMIT 500",
    ))
    .bind(&like)
    .fetch_all(staff.site.db())
    .await?;
    // Each heading: its key, its label, and the direction a click on it asks for.
    let columns: Vec<(&str, &str, &str, &str)> = SORTS
        .iter()
        .map(|(key, label, _)| {
            let current = *key == sort;
            let next = if current && descending {
                "asc"
            } else if current {
                "desc"
            } else {
                ""
            };
            let state = match (current, descending) {
                (false, _) => "none",
                (true, true) => "descending",
                (true, false) => "ascending",
            };
            (*key, *label, next, state)
        })
        .collect();
    let q_url = e5_shop::web::escape::percent_encode(&s.q);
    let ctx = context! { customers, q: s.q, q_url, columns };
    staff
        .render("admin/shop/customers.html", "Clients", ctx)
        .await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct CustomerRecord {
    id: i64,
    gender: String,
    first_name: String,
    last_name: String,
    email: String,
    birthday: Option<String>,
    newsletter: i64,
    default_group_id: i64,
    is_guest: i64,
    note: String,
    created_at: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct AddressRow {
    alias: String,
    first_name: String,
    last_name: String,
    company: String,
    address1: String,
    address2: String,
    postcode: String,
    city: String,
    country: String,
    phone: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct CustomerOrder {
    id: i64,
    reference: String,
    total_paid_cents: i64,
    state: String,
    created_at: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Thread {
    id: i64,
    subject: String,
    status: String,
    updated_at: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct GroupRow {
    id: i64,
    name: String,
    reduction_percent: f64,
    price_display: String,
    show_prices: i64,
    members: i64,
    /// Categories its members see, out of all.
    visible_categories: i64,
    categories: i64,
}

async fn groups(db: &sqlx::SqlitePool) -> Result<Vec<GroupRow>, sqlx::Error> {
    db.rows(
        "SELECT g.id, g.name, g.reduction_percent, g.price_display, g.show_prices,
                (SELECT COUNT(*) FROM customer_group_member m WHERE m.group_id = g.id) AS members,
                (SELECT COUNT(*) FROM category) - (SELECT COUNT(*) FROM customer_group_hidden_category h WHERE h.group_id = g.id) AS visible_categories,
                (SELECT COUNT(*) FROM category) AS categories
         FROM customer_group g ORDER BY g.id",
        (),
    ).await
}

pub async fn record(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    render_record(&staff, id, None).await
}

/// A customer's record; `address` is the address form refused, with why.
async fn render_record(
    staff: &Staff,
    id: i64,
    address: Option<(AddressInput, String)>,
) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let customer: CustomerRecord = db.row_optional(
        "SELECT id, gender, first_name, last_name, email, birthday, newsletter, default_group_id, is_guest, note, created_at FROM customer WHERE id = ?",
        (id,),
    ).await?
    .ok_or(ShopError::NotFound)?;
    let addresses: Vec<AddressRow> = db.rows(
        "SELECT alias, first_name, last_name, company, address1, address2, postcode, city, country, phone FROM address WHERE customer_id = ?",
        (id,),
    ).await?;
    let orders: Vec<CustomerOrder> = db.rows(
        "SELECT o.id, o.reference, o.total_paid_cents, s.name AS state, o.created_at FROM orders o JOIN order_state s ON s.id = o.state_id
         WHERE o.customer_id = ? ORDER BY o.created_at DESC",
        (id,),
    ).await?;
    let threads: Vec<Thread> = db.rows(
        "SELECT id, subject, status, updated_at FROM customer_thread WHERE customer_id = ? ORDER BY updated_at DESC",
        (id,),
    ).await?;
    let member_of: Vec<i64> =
        sqlx::query_scalar("SELECT group_id FROM customer_group_member WHERE customer_id = ?")
            .bind(id)
            .fetch_all(db)
            .await?;
    let (new_address, address_error) = match address {
        Some((a, e)) => (a, Some(e)),
        None => (
            AddressInput {
                first_name: customer.first_name.clone(),
                last_name: customer.last_name.clone(),
                country: "France".into(),
                ..AddressInput::default()
            },
            None,
        ),
    };
    let ctx = context! {
        c: customer, addresses, orders, threads, groups: groups(db).await?, member_of,
        new_address, address_error,
    };
    staff
        .render(
            "admin/shop/customer.html",
            &format!("Client {} {}", customer.first_name, customer.last_name),
            ctx,
        )
        .await
}

pub async fn save_groups(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    let to = format!("/boutique/clients/{id}");
    let Some(default_group) = f.opt_id("default_group_id") else {
        return Ok(staff.refuse(&to, Some("Choisissez le groupe par défaut.")));
    };
    match command::set_groups(
        &staff.site,
        &staff.actor(),
        id,
        default_group,
        &f.ids("groups"),
    )
    .await
    .or_refusal()?
    {
        Ok(()) => Ok(staff.redirect(&to, Some("Groupes du client enregistrés."))),
        Err(m) => Ok(staff.refuse(&to, Some(&m))),
    }
}

pub async fn group_list(staff: Staff) -> Result<Response, ShopError> {
    render_groups(&staff, None, None).await
}

#[derive(Debug, Serialize, Default)]
struct GroupForm {
    id: Option<i64>,
    name: String,
    reduction: String,
    price_display: String,
    show_prices: bool,
    /// Ticked categories; None: all of them (a new group sees everything).
    visible: Option<Vec<i64>>,
}

/// A category of the "Catégories visibles" tree, in tree order.
#[derive(Debug, Serialize, sqlx::FromRow)]
struct TreeCategory {
    id: i64,
    name: String,
    depth: i64,
}

async fn category_tree(db: &sqlx::SqlitePool) -> Result<Vec<TreeCategory>, sqlx::Error> {
    db.rows(
        "WITH RECURSIVE t(id, name, depth, sort) AS (
             SELECT id, name, 0, printf('%05d-%05d', position, id) FROM category WHERE parent_id IS NULL
             UNION ALL
             SELECT c.id, c.name, t.depth + 1, t.sort || '/' || printf('%05d-%05d', c.position, c.id) FROM category c JOIN t ON c.parent_id = t.id)
         SELECT id, name, depth FROM t ORDER BY sort",
        (),
    ).await
}

async fn render_groups(
    staff: &Staff,
    form: Option<GroupForm>,
    error: Option<String>,
) -> Result<Response, ShopError> {
    let mut ctx = Context::new();
    ctx.insert("groups", &groups(staff.site.db()).await?);
    let tree = category_tree(staff.site.db()).await?;
    let visible: Vec<i64> = match form.as_ref().and_then(|f| f.visible.clone()) {
        Some(v) => v,
        None => tree.iter().map(|c| c.id).collect(),
    };
    ctx.insert("tree", &tree);
    ctx.insert("visible", &visible);
    ctx.insert(
        "g",
        &form.unwrap_or(GroupForm {
            price_display: "TTC".into(),
            show_prices: true,
            reduction: "0".into(),
            ..GroupForm::default()
        }),
    );
    ctx.insert("error", &error);
    let mut page = staff
        .render("admin/shop/groups.html", "Groupes de clients", ctx)
        .await?;
    if error.is_some() {
        *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

pub async fn group_edit(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    let row: (String, f64, String, i64) = sqlx::query_as("SELECT name, reduction_percent, price_display, show_prices FROM customer_group WHERE id = ?")
        .bind(id)
        .fetch_optional(staff.site.db())
        .await?
        .ok_or(ShopError::NotFound)?;
    let visible: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM category WHERE id NOT IN (SELECT category_id FROM customer_group_hidden_category WHERE group_id = ?)",
    )
    .bind(id)
    .fetch_all(staff.site.db())
    .await?;
    let form = GroupForm {
        id: Some(id),
        name: row.0,
        reduction: e5_shop::pricing::trim_float(row.1),
        price_display: row.2,
        show_prices: row.3 != 0,
        visible: Some(visible),
    };
    render_groups(&staff, Some(form), None).await
}

pub async fn group_create(staff: Staff, f: Fields) -> Result<Response, ShopError> {
    group_submit(staff, None, f).await
}

pub async fn group_save(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    group_submit(staff, Some(id), f).await
}

async fn group_submit(staff: Staff, id: Option<i64>, f: Fields) -> Result<Response, ShopError> {
    let form = GroupForm {
        id,
        name: f.text("name"),
        reduction: f.text("reduction"),
        price_display: f.text("price_display"),
        show_prices: f.checked("show_prices"),
        // Only a form showing the tree changes visibility (older forms leave it as it is).
        visible: f.checked("categories_form").then(|| f.ids("categories")),
    };
    let reduction = if form.reduction.is_empty() {
        Some(0.0)
    } else {
        parse_percent(&form.reduction)
    };
    let result = match reduction {
        Some(r) => {
            let input = GroupInput {
                id,
                name: form.name.clone(),
                reduction_percent: r,
                price_display: form.price_display.clone(),
                show_prices: form.show_prices,
                visible_categories: form.visible.clone(),
            };
            command::save_group(&staff.site, &staff.actor(), input).await
        }
        None => Err(CommandError::invalid(
            "La réduction du groupe est un pourcentage entre 0 et 100.",
        )),
    };
    match result.or_refusal()? {
        Ok(_) => Ok(staff.redirect(
            "/boutique/clients/groupes",
            Some(&format!("Groupe « {} » enregistré.", form.name)),
        )),
        Err(m) => render_groups(&staff, Some(form), Some(m)).await,
    }
}

/// The customer form (Ajouter un nouveau client, Modifier) with what was typed, kept on a
/// refusal with why.
async fn render_customer_form(
    staff: &Staff,
    customer: CustomerInput,
    error: Option<String>,
) -> Result<Response, ShopError> {
    let title = match customer.id {
        Some(_) => format!(
            "Modifier le client {} {}",
            customer.first_name, customer.last_name
        ),
        None => "Ajouter un nouveau client".to_owned(),
    };
    let ctx = context! {
        c: customer, groups: groups(staff.site.db()).await?, error,
        heading: title.clone(),
    };
    staff
        .render("admin/shop/customer_form.html", &title, ctx)
        .await
}

pub async fn new_customer(staff: Staff) -> Result<Response, ShopError> {
    let customer = CustomerInput {
        active: true,
        default_group: 3,
        groups: vec![3],
        ..CustomerInput::default()
    };
    render_customer_form(&staff, customer, None).await
}

pub async fn edit_customer(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let row: (String, String, String, String, Option<String>, i64, i64, i64, i64) = db
        .row_optional(
            "SELECT gender, first_name, last_name, email, birthday, active, newsletter, optin, default_group_id FROM customer WHERE id = ?",
            (id,),
        )
        .await?
        .ok_or(ShopError::NotFound)?;
    let groups: Vec<i64> =
        sqlx::query_scalar("SELECT group_id FROM customer_group_member WHERE customer_id = ?")
            .bind(id)
            .fetch_all(db)
            .await?;
    let customer = CustomerInput {
        id: Some(id),
        gender: row.0,
        first_name: row.1,
        last_name: row.2,
        email: row.3,
        password: String::new(),
        birthday: row.4.unwrap_or_default(),
        active: row.5 != 0,
        newsletter: row.6 != 0,
        optin: row.7 != 0,
        default_group: row.8,
        groups,
    };
    render_customer_form(&staff, customer, None).await
}

pub async fn create_customer(staff: Staff, f: Fields) -> Result<Response, ShopError> {
    submit_customer(staff, None, f).await
}

pub async fn save_customer(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    submit_customer(staff, Some(id), f).await
}

async fn submit_customer(staff: Staff, id: Option<i64>, f: Fields) -> Result<Response, ShopError> {
    let customer = CustomerInput {
        id,
        gender: f.text("gender"),
        first_name: f.text("first_name"),
        last_name: f.text("last_name"),
        email: f.text("email"),
        password: f.text("password"),
        birthday: f.text("birthday"),
        active: f.checked("active"),
        newsletter: f.checked("newsletter"),
        optin: f.checked("optin"),
        default_group: f.opt_id("default_group_id").unwrap_or(3),
        groups: f.ids("groups"),
    };
    let result = command::save_customer(&staff.site, &staff.actor(), customer.clone()).await;
    match result.or_refusal()? {
        Ok(saved) => Ok(staff.redirect(
            &format!("/boutique/clients/{saved}"),
            Some(&format!(
                "Client {} {} enregistré.",
                customer.first_name.trim(),
                customer.last_name.trim()
            )),
        )),
        Err(m) => {
            let mut page = render_customer_form(&staff, customer, Some(m)).await?;
            *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
    }
}

pub async fn add_address(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    let address = AddressInput {
        alias: f.text("alias"),
        first_name: f.text("first_name"),
        last_name: f.text("last_name"),
        company: f.text("company"),
        address1: f.text("address1"),
        address2: f.text("address2"),
        postcode: f.text("postcode"),
        city: f.text("city"),
        country: f.text("country"),
        phone: f.text("phone"),
    };
    let result = command::add_address(&staff.site, &staff.actor(), id, address.clone()).await;
    match result.or_refusal()? {
        Ok(_) => Ok(staff.redirect(
            &format!("/boutique/clients/{id}"),
            Some("Adresse enregistrée."),
        )),
        Err(m) => {
            let mut page = render_record(&staff, id, Some((address, m))).await?;
            *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
    }
}
