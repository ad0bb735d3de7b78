//! The data overlay: each declarative entry turned into SQL, all inside the caller's one
//! transaction, so that an overlay applies fully or not at all.

mod authorizer;
mod blocks;
pub mod spec;

use sqlx::{Sqlite, SqliteConnection, Transaction};

pub use blocks::text_to_blocks;
pub use spec::OverlayEntry;

use crate::diagnostic::Diagnostic;
use crate::model::Subject;
use crate::text::to_cents;

/// Applies every overlay entry of `subject` in `tx`. Returns the problems found (each at its
/// entry's line); the caller must roll back when there is any.
pub(crate) async fn apply(subject: &Subject, tx: &mut Transaction<'_, Sqlite>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let base: String =
        sqlx::query_scalar("SELECT COALESCE(MAX(created_at), '2026-10-31 18:00:00') FROM orders")
            .fetch_one(&mut **tx)
            .await
            .unwrap_or_else(|_| "2026-10-31 18:00:00".to_owned());
    for (index, entry) in subject.overlay.iter().enumerate() {
        // Entries without a time happen a few minutes apart, after the context's history.
        let default_at: String = sqlx::query_scalar("SELECT datetime(?, ?)")
            .bind(&base)
            .bind(format!("+{} minutes", (index + 1) * 7))
            .fetch_one(&mut **tx)
            .await
            .unwrap_or_else(|_| base.clone());
        let result = apply_one(&entry.item, &default_at, tx).await;
        if let Err(message) = result {
            found.push(Diagnostic::new(
                &subject.path,
                entry.line,
                format!("[[overlay.{}]] : {message}", entry.item.table()),
            ));
        }
    }
    found
}

type Step = Result<(), String>;

fn db_refused(e: &sqlx::Error) -> String {
    format!("la base refuse cette entrée : {e}")
}

async fn id_of(conn: &mut SqliteConnection, sql: &str, key: &str) -> Result<Option<i64>, String> {
    sqlx::query_scalar(sql)
        .bind(key.trim())
        .fetch_optional(conn)
        .await
        .map_err(|e| db_refused(&e))
}

async fn required(
    conn: &mut SqliteConnection,
    sql: &str,
    key: &str,
    what: &str,
) -> Result<i64, String> {
    id_of(conn, sql, key)
        .await?
        .ok_or_else(|| format!("{what} « {key} » n'existe pas dans le contexte"))
}

pub(crate) const PRODUCT_BY_REFERENCE: &str = "SELECT id FROM product WHERE reference = ?";
pub(crate) const CUSTOMER_BY_EMAIL: &str = "SELECT id FROM customer WHERE email = ? COLLATE NOCASE";
pub(crate) const ORDER_BY_REFERENCE: &str = "SELECT id FROM orders WHERE reference = ?";
const CATEGORY_BY_SLUG: &str = "SELECT id FROM category WHERE slug = ?";
const GROUP_BY_NAME: &str = "SELECT id FROM customer_group WHERE name = ? COLLATE NOCASE";
const PROFILE_BY_NAME: &str = "SELECT id FROM profile WHERE name = ? COLLATE NOCASE";
const EMPLOYEE_BY_EMAIL: &str = "SELECT id FROM employee WHERE email = ? COLLATE NOCASE";
const MEDIA_BY_FILE: &str = "SELECT id FROM media WHERE file = ?";

fn at_or(at: &Option<String>, default_at: &str) -> String {
    match at.as_deref() {
        Some(a) if a.len() == 10 => format!("{a} 09:00:00"),
        Some(a) if a.len() == 16 => format!("{a}:00"),
        Some(a) => a.to_owned(),
        None => default_at.to_owned(),
    }
}

async fn apply_one(
    entry: &OverlayEntry,
    default_at: &str,
    tx: &mut Transaction<'_, Sqlite>,
) -> Step {
    let conn: &mut SqliteConnection = tx;
    match entry {
        OverlayEntry::Customer(c) => customer(c, default_at, conn).await,
        OverlayEntry::Employee(e) => employee(e, conn).await,
        OverlayEntry::Product(p) => product(p, default_at, conn).await,
        OverlayEntry::ProductUpdate(p) => product_update(p, conn).await,
        OverlayEntry::Stock(s) => stock(s, conn).await,
        OverlayEntry::Post(p) => post(p, default_at, conn).await,
        OverlayEntry::PostUpdate(p) => post_update(p, default_at, conn).await,
        OverlayEntry::Comment(c) => comment(c, default_at, conn).await,
        OverlayEntry::Review(r) => review(r, default_at, conn).await,
        OverlayEntry::CustomerMessage(m) => customer_message(m, default_at, conn).await,
        OverlayEntry::OrderState(o) => order_state(o, default_at, conn).await,
        OverlayEntry::OrderReturn(o) => order_return(o, default_at, conn).await,
        OverlayEntry::Traffic(t) => traffic(t, conn).await,
        OverlayEntry::Setting(s) => {
            sqlx::query("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(s.key.trim())
                .bind(&s.value)
                .execute(conn)
                .await
                .map(drop)
                .map_err(|e| db_refused(&e))
        }
        OverlayEntry::Sql(s) => raw_sql(&s.sql, conn).await,
    }
}

/// Why a subject's SQL is refused, with the SQL word that was refused.
fn sql_refused(what: &str) -> String {
    format!(
        "instruction SQL refusée ({what}) : le SQL d'un sujet ne peut modifier que la base du sujet"
    )
}

/// Runs a subject's `[[overlay.sql]]` with the authorizer installed: rows of the prepared
/// database only, inside the caller's transaction (which the SQL cannot end).
async fn raw_sql(sql: &str, conn: &mut SqliteConnection) -> Step {
    if statement_starts(sql).any(|w| w.eq_ignore_ascii_case("VACUUM")) {
        return Err(sql_refused("VACUUM"));
    }
    let mut confined = authorizer::Confined::install(conn)
        .await
        .map_err(|e| format!("la requête SQL ne peut pas être isolée : {e}"))?;
    let result = sqlx::raw_sql(sql).execute(confined.conn()).await;
    let refused = confined
        .remove()
        .await
        .map_err(|e| format!("la requête SQL ne peut pas être isolée : {e}"))?;
    match (refused, result) {
        (Some(what), _) => Err(sql_refused(&what)),
        (None, Err(e)) if e.to_string().contains("cannot VACUUM") => Err(sql_refused("VACUUM")),
        (None, Err(e)) => Err(format!("la requête SQL échoue : {e}")),
        (None, Ok(_)) => Ok(()),
    }
}

/// The first word of each statement of `sql` (statements split at `;` outside quotes and
/// comments). Used to name VACUUM, the one statement SQLite's authorizer cannot see.
fn statement_starts(sql: &str) -> impl Iterator<Item = &str> {
    let bytes = sql.as_bytes();
    let mut starts = Vec::new();
    let mut i = 0;
    let mut at_start = true;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = sql[i..].find('\n').map_or(bytes.len(), |n| i + n + 1);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2);
                continue;
            }
            b';' => at_start = true,
            _ if c.is_ascii_whitespace() => {}
            _ => {
                if at_start && (c.is_ascii_alphabetic() || c == b'_') {
                    let end = sql[i..]
                        .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                        .map_or(bytes.len(), |n| i + n);
                    starts.push(&sql[i..end]);
                    i = end;
                    at_start = false;
                    continue;
                }
                at_start = false;
                let close = match c {
                    b'\'' => Some('\''),
                    b'"' => Some('"'),
                    b'`' => Some('`'),
                    b'[' => Some(']'),
                    _ => None,
                };
                if let Some(close) = close {
                    // Doubled quotes ('it''s') read as two adjacent quoted parts: same result.
                    i = sql[i + 1..]
                        .find(close)
                        .map_or(bytes.len(), |n| i + 1 + n + 1);
                    continue;
                }
            }
        }
        i += 1;
    }
    starts.into_iter()
}

async fn customer(c: &spec::Customer, default_at: &str, conn: &mut SqliteConnection) -> Step {
    if id_of(conn, CUSTOMER_BY_EMAIL, &c.email).await?.is_some() {
        return Err(format!(
            "le client {} existe déjà dans le contexte",
            c.email
        ));
    }
    let group_name = c.group.as_deref().unwrap_or("Client");
    let group = required(conn, GROUP_BY_NAME, group_name, "le groupe de clients").await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO customer (gender, first_name, last_name, email, newsletter, default_group_id, note, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(c.gender.as_deref().unwrap_or(""))
    .bind(&c.first_name)
    .bind(&c.last_name)
    .bind(c.email.trim())
    .bind(i64::from(c.newsletter))
    .bind(group)
    .bind(&c.note)
    .bind(at_or(&c.at, default_at))
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| db_refused(&e))?;
    sqlx::query("INSERT INTO customer_group_member (customer_id, group_id) VALUES (?, ?)")
        .bind(id)
        .bind(group)
        .execute(&mut *conn)
        .await
        .map_err(|e| db_refused(&e))?;
    if let (Some(address), Some(postcode), Some(city)) = (&c.address, &c.postcode, &c.city) {
        sqlx::query(
            "INSERT INTO address (customer_id, first_name, last_name, company, address1, postcode, city, phone) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(&c.first_name)
        .bind(&c.last_name)
        .bind(c.company.as_deref().unwrap_or(""))
        .bind(address)
        .bind(postcode)
        .bind(city)
        .bind(c.phone.as_deref().unwrap_or(""))
        .execute(&mut *conn)
        .await
        .map_err(|e| db_refused(&e))?;
    }
    Ok(())
}

async fn employee(e: &spec::Employee, conn: &mut SqliteConnection) -> Step {
    if id_of(conn, EMPLOYEE_BY_EMAIL, &e.email).await?.is_some() {
        return Err(format!(
            "l'employé {} existe déjà dans le contexte",
            e.email
        ));
    }
    let profile = required(conn, PROFILE_BY_NAME, &e.profile, "le profil").await?;
    sqlx::query("INSERT INTO employee (first_name, last_name, email, profile_id, wp_role, active) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(&e.first_name)
        .bind(&e.last_name)
        .bind(e.email.trim())
        .bind(profile)
        .bind(e.wp_role.as_deref().unwrap_or("author"))
        .bind(i64::from(e.active.unwrap_or(true)))
        .execute(conn)
        .await
        .map(drop)
        .map_err(|e| db_refused(&e))
}

async fn tax_rule(conn: &mut SqliteConnection, rate: f64) -> Result<(i64, f64), String> {
    let rules: Vec<(i64, f64)> = sqlx::query_as("SELECT id, rate FROM tax_rule ORDER BY id")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| db_refused(&e))?;
    rules
        .into_iter()
        .find(|(_, r)| (r - rate).abs() < 0.001)
        .ok_or_else(|| format!("aucune règle de TVA à {rate} % dans le contexte"))
}

fn ht_from_ttc(ttc_euros: f64, rate: f64) -> i64 {
    (to_cents(ttc_euros) as f64 / (1.0 + rate / 100.0)).round() as i64
}

async fn product(p: &spec::Product, default_at: &str, conn: &mut SqliteConnection) -> Step {
    if id_of(conn, PRODUCT_BY_REFERENCE, &p.reference)
        .await?
        .is_some()
    {
        return Err(format!(
            "le produit {} existe déjà dans le contexte : choisissez une autre référence",
            p.reference
        ));
    }
    let category = required(conn, CATEGORY_BY_SLUG, &p.category, "la catégorie").await?;
    let (tax, rate) = tax_rule(conn, p.tax.unwrap_or(20.0)).await?;
    let brand = match &p.brand {
        Some(b) => {
            Some(required(conn, "SELECT id FROM brand WHERE slug = ?", b, "la marque").await?)
        }
        None => None,
    };
    let media = match &p.image {
        Some(file) => Some(required(conn, MEDIA_BY_FILE, file, "l'image").await?),
        None => None,
    };
    let slug = match &p.slug {
        Some(s) => e5_domain::Slug::parse(s).map_err(|e| e.to_string())?,
        None => e5_domain::Slug::from_title(&p.name).map_err(|e| e.to_string())?,
    };
    if id_of(conn, "SELECT id FROM product WHERE slug = ?", slug.as_str())
        .await?
        .is_some()
    {
        return Err(format!(
            "l'adresse (slug) « {} » est déjà celle d'un autre produit : indiquez slug = …",
            slug.as_str()
        ));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO product (reference, name, slug, summary, description, category_id, brand_id, tax_rule_id, \
           price_ht_cents, quantity, active, cover_media_id, weight_grams, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(p.reference.trim())
    .bind(&p.name)
    .bind(slug.as_str())
    .bind(&p.summary)
    .bind(&p.description)
    .bind(category)
    .bind(brand)
    .bind(tax)
    .bind(p.price.map_or(0, |x| ht_from_ttc(x, rate)))
    .bind(p.quantity)
    .bind(i64::from(p.active))
    .bind(media)
    .bind(p.weight_grams.unwrap_or(0))
    .bind(default_at)
    .bind(default_at)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| db_refused(&e))?;
    sqlx::query("INSERT INTO product_category (product_id, category_id) VALUES (?, ?)")
        .bind(id)
        .bind(category)
        .execute(&mut *conn)
        .await
        .map_err(|e| db_refused(&e))?;
    if let Some(m) = media {
        sqlx::query("INSERT INTO product_media (product_id, media_id, position) VALUES (?, ?, 0)")
            .bind(id)
            .bind(m)
            .execute(&mut *conn)
            .await
            .map_err(|e| db_refused(&e))?;
    }
    Ok(())
}

async fn set_column(
    conn: &mut SqliteConnection,
    table: &str,
    column: &str,
    id: i64,
    value: Option<&str>,
) -> Step {
    if let Some(v) = value {
        sqlx::query(&format!("UPDATE {table} SET {column} = ? WHERE id = ?"))
            .bind(v)
            .bind(id)
            .execute(conn)
            .await
            .map_err(|e| db_refused(&e))?;
    }
    Ok(())
}

async fn product_update(p: &spec::ProductUpdate, conn: &mut SqliteConnection) -> Step {
    let id = required(conn, PRODUCT_BY_REFERENCE, &p.reference, "le produit").await?;
    for (column, value) in [
        ("name", &p.name),
        ("summary", &p.summary),
        ("description", &p.description),
        ("meta_title", &p.meta_title),
        ("meta_description", &p.meta_description),
        ("focus_keyword", &p.focus_keyword),
    ] {
        set_column(conn, "product", column, id, value.as_deref()).await?;
    }
    for (column, value) in [("active", p.active), ("featured", p.featured)] {
        if let Some(v) = value {
            sqlx::query(&format!("UPDATE product SET {column} = ? WHERE id = ?"))
                .bind(i64::from(v))
                .bind(id)
                .execute(&mut *conn)
                .await
                .map_err(|e| db_refused(&e))?;
        }
    }
    if let Some(price) = p.price {
        let rate: f64 = sqlx::query_scalar(
            "SELECT t.rate FROM product p JOIN tax_rule t ON t.id = p.tax_rule_id WHERE p.id = ?",
        )
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| db_refused(&e))?;
        sqlx::query("UPDATE product SET price_ht_cents = ? WHERE id = ?")
            .bind(ht_from_ttc(price, rate))
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(|e| db_refused(&e))?;
    }
    Ok(())
}

async fn stock(s: &spec::Stock, conn: &mut SqliteConnection) -> Step {
    if let Some(id) = id_of(conn, PRODUCT_BY_REFERENCE, &s.reference).await? {
        let combinations: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM combination WHERE product_id = ?")
                .bind(id)
                .fetch_one(&mut *conn)
                .await
                .map_err(|e| db_refused(&e))?;
        if combinations > 0 {
            return Err(format!(
                "le produit {} a des déclinaisons : indiquez la référence d'une déclinaison ({}-…)",
                s.reference, s.reference
            ));
        }
        sqlx::query("UPDATE product SET quantity = ? WHERE id = ?")
            .bind(s.quantity)
            .bind(id)
            .execute(conn)
            .await
            .map(drop)
            .map_err(|e| db_refused(&e))
    } else {
        let id = required(
            conn,
            "SELECT id FROM combination WHERE reference = ?",
            &s.reference,
            "la référence de produit ou de déclinaison",
        )
        .await?;
        sqlx::query("UPDATE combination SET quantity = ? WHERE id = ?")
            .bind(s.quantity)
            .bind(id)
            .execute(conn)
            .await
            .map(drop)
            .map_err(|e| db_refused(&e))
    }
}

async fn post_id(
    conn: &mut SqliteConnection,
    kind: crate::checks::spec::PostType,
    slug: &str,
) -> Result<Option<i64>, String> {
    sqlx::query_scalar("SELECT id FROM post WHERE kind = ? AND slug = ?")
        .bind(kind.as_str())
        .bind(slug.trim())
        .fetch_optional(conn)
        .await
        .map_err(|e| db_refused(&e))
}

fn post_noun(kind: crate::checks::spec::PostType) -> &'static str {
    match kind {
        crate::checks::spec::PostType::Post => "l'article",
        crate::checks::spec::PostType::Page => "la page",
    }
}

async fn post(p: &spec::Post, default_at: &str, conn: &mut SqliteConnection) -> Step {
    if post_id(conn, p.post_type, &p.slug).await?.is_some() {
        return Err(format!(
            "{} « {} » existe déjà dans le contexte",
            post_noun(p.post_type),
            p.slug
        ));
    }
    let author = match &p.author {
        Some(email) => Some(required(conn, EMPLOYEE_BY_EMAIL, email, "l'employé (auteur)").await?),
        None => None,
    };
    let status = p.status.as_deref().unwrap_or("draft");
    sqlx::query(
        "INSERT INTO post (kind, title, slug, excerpt, blocks, status, published_at, author_id, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(p.post_type.as_str())
    .bind(&p.title)
    .bind(p.slug.trim())
    .bind(&p.excerpt)
    .bind(text_to_blocks(&p.text))
    .bind(status)
    .bind((status == "publish").then_some(default_at))
    .bind(author)
    .bind(default_at)
    .bind(default_at)
    .execute(conn)
    .await
    .map(drop)
    .map_err(|e| db_refused(&e))
}

async fn post_update(p: &spec::PostUpdate, default_at: &str, conn: &mut SqliteConnection) -> Step {
    let Some(id) = post_id(conn, p.post_type, &p.slug).await? else {
        return Err(format!(
            "{} « {} » n'existe pas dans le contexte",
            post_noun(p.post_type),
            p.slug
        ));
    };
    for (column, value) in [
        ("title", &p.title),
        ("meta_title", &p.meta_title),
        ("meta_description", &p.meta_description),
        ("focus_keyword", &p.focus_keyword),
        ("status", &p.status),
    ] {
        set_column(conn, "post", column, id, value.as_deref()).await?;
    }
    if let Some(text) = &p.text {
        set_column(conn, "post", "blocks", id, Some(&text_to_blocks(text))).await?;
    }
    if p.status.as_deref() == Some("publish") {
        sqlx::query("UPDATE post SET published_at = COALESCE(published_at, ?) WHERE id = ?")
            .bind(default_at)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(|e| db_refused(&e))?;
    }
    Ok(())
}

async fn comment(c: &spec::Comment, default_at: &str, conn: &mut SqliteConnection) -> Step {
    let Some(post) = post_id(conn, c.post_type, &c.post).await? else {
        return Err(format!(
            "{} « {} » n'existe pas dans le contexte",
            post_noun(c.post_type),
            c.post
        ));
    };
    sqlx::query("INSERT INTO comment (post_id, author_name, author_email, content, status, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(post)
        .bind(&c.author)
        .bind(&c.email)
        .bind(&c.text)
        .bind(c.status.as_deref().unwrap_or("pending"))
        .bind(at_or(&c.at, default_at))
        .execute(conn)
        .await
        .map(drop)
        .map_err(|e| db_refused(&e))
}

async fn review(r: &spec::Review, default_at: &str, conn: &mut SqliteConnection) -> Step {
    let product = required(conn, PRODUCT_BY_REFERENCE, &r.product, "le produit").await?;
    let customer = match &r.customer {
        Some(email) => Some(required(conn, CUSTOMER_BY_EMAIL, email, "le client").await?),
        None => None,
    };
    sqlx::query(
        "INSERT INTO product_review (product_id, customer_id, author_name, title, content, rating, status, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(product)
    .bind(customer)
    .bind(&r.author)
    .bind(&r.title)
    .bind(&r.text)
    .bind(r.rating)
    .bind(r.status.as_deref().unwrap_or("pending"))
    .bind(at_or(&r.at, default_at))
    .execute(conn)
    .await
    .map(drop)
    .map_err(|e| db_refused(&e))
}

async fn customer_message(
    m: &spec::CustomerMessage,
    default_at: &str,
    conn: &mut SqliteConnection,
) -> Step {
    let customer = if m.guest {
        None
    } else {
        Some(
            id_of(conn, CUSTOMER_BY_EMAIL, &m.customer)
                .await?
                .ok_or_else(|| {
                    format!(
                        "le client « {} » n'existe pas dans le contexte (pour un visiteur sans compte, ajoutez guest = true)",
                        m.customer
                    )
                })?,
        )
    };
    let order = match &m.order {
        Some(reference) => {
            let row: Option<(i64, i64)> =
                sqlx::query_as("SELECT id, customer_id FROM orders WHERE reference = ?")
                    .bind(reference.trim())
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(|e| db_refused(&e))?;
            let (id, owner) = row.ok_or_else(|| {
                format!("la commande « {reference} » n'existe pas dans le contexte")
            })?;
            if customer.is_some_and(|c| c != owner) {
                return Err(format!(
                    "la commande {reference} n'a pas été passée par {}",
                    m.customer
                ));
            }
            Some(id)
        }
        None => None,
    };
    let product = match &m.product {
        Some(r) => Some(required(conn, PRODUCT_BY_REFERENCE, r, "le produit").await?),
        None => None,
    };
    let contact = required(
        conn,
        "SELECT id FROM contact WHERE name = ? COLLATE NOCASE",
        m.contact.as_deref().unwrap_or("Service client"),
        "le contact",
    )
    .await?;
    let at = at_or(&m.at, default_at);
    let thread: i64 = sqlx::query_scalar(
        "INSERT INTO customer_thread (contact_id, customer_id, order_id, product_id, email, subject, status, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
    )
    .bind(contact)
    .bind(customer)
    .bind(order)
    .bind(product)
    .bind(m.customer.trim())
    .bind(&m.subject)
    .bind(&at)
    .bind(&at)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| db_refused(&e))?;
    sqlx::query("INSERT INTO customer_message (thread_id, employee_id, message, private, created_at) VALUES (?, NULL, ?, 0, ?)")
        .bind(thread)
        .bind(&m.message)
        .bind(&at)
        .execute(conn)
        .await
        .map(drop)
        .map_err(|e| db_refused(&e))
}

async fn order_state(o: &spec::OrderState, default_at: &str, conn: &mut SqliteConnection) -> Step {
    let order = required(conn, ORDER_BY_REFERENCE, &o.order, "la commande").await?;
    let state = required(
        conn,
        "SELECT id FROM order_state WHERE name = ? COLLATE NOCASE",
        &o.state,
        "l'état de commande",
    )
    .await?;
    sqlx::query("UPDATE orders SET state_id = ? WHERE id = ?")
        .bind(state)
        .bind(order)
        .execute(&mut *conn)
        .await
        .map_err(|e| db_refused(&e))?;
    sqlx::query("INSERT INTO order_history (order_id, state_id, employee_id, created_at) VALUES (?, ?, NULL, ?)")
        .bind(order)
        .bind(state)
        .bind(at_or(&o.at, default_at))
        .execute(conn)
        .await
        .map(drop)
        .map_err(|e| db_refused(&e))
}

async fn order_return(
    o: &spec::OrderReturn,
    default_at: &str,
    conn: &mut SqliteConnection,
) -> Step {
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT o.id, s.name, s.delivered FROM orders o JOIN order_state s ON s.id = o.state_id WHERE o.reference = ?",
    )
    .bind(o.order.trim())
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| db_refused(&e))?;
    let (order, state, delivered) =
        row.ok_or_else(|| format!("la commande « {} » n'existe pas dans le contexte", o.order))?;
    if delivered == 0 {
        return Err(format!(
            "la commande {} n'est pas livrée (état « {state} ») : un retour porte sur une commande livrée",
            o.order
        ));
    }
    let lines: Vec<(i64, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT l.id, l.product_reference, l.quantity, p.reference FROM order_line l \
         LEFT JOIN product p ON p.id = l.product_id WHERE l.order_id = ? ORDER BY l.id",
    )
    .bind(order)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| db_refused(&e))?;
    let mut chosen = Vec::new();
    if o.products.is_empty() {
        chosen.extend(lines.iter().map(|l| (l.0, l.2)));
    } else {
        for wanted in &o.products {
            let line = lines
                .iter()
                .find(|l| l.1 == *wanted || l.3.as_deref() == Some(wanted.as_str()))
                .ok_or_else(|| {
                    format!(
                        "la commande {} ne contient pas le produit {wanted}",
                        o.order
                    )
                })?;
            chosen.push((line.0, line.2));
        }
    }
    let at = at_or(&o.at, default_at);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO order_return (order_id, state, reason, created_at, updated_at) VALUES (?, 'requested', ?, ?, ?) RETURNING id",
    )
    .bind(order)
    .bind(&o.reason)
    .bind(&at)
    .bind(&at)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| db_refused(&e))?;
    for (line, quantity) in chosen {
        sqlx::query(
            "INSERT INTO order_return_line (return_id, order_line_id, quantity) VALUES (?, ?, ?)",
        )
        .bind(id)
        .bind(line)
        .bind(quantity)
        .execute(&mut *conn)
        .await
        .map_err(|e| db_refused(&e))?;
    }
    Ok(())
}

async fn traffic(t: &spec::Traffic, conn: &mut SqliteConnection) -> Step {
    let s = t.sessions.unwrap_or(1.0);
    let bounces = t.bounces.unwrap_or(1.0) * s;
    let cc = t.carts_created.unwrap_or(1.0);
    let ca = t.carts_abandoned.unwrap_or(1.0);
    let done = sqlx::query(
        "UPDATE traffic_daily SET \
           sessions = CAST(ROUND(sessions * ?1) AS INTEGER), \
           visitors = MIN(CAST(ROUND(sessions * ?1) AS INTEGER), CAST(ROUND(visitors * ?1) AS INTEGER)), \
           new_visitors = MIN(CAST(ROUND(sessions * ?1) AS INTEGER), CAST(ROUND(visitors * ?1) AS INTEGER), CAST(ROUND(new_visitors * ?1) AS INTEGER)), \
           page_views = CAST(ROUND(page_views * ?1) AS INTEGER), \
           bounces = MIN(CAST(ROUND(sessions * ?1) AS INTEGER), CAST(ROUND(bounces * ?2) AS INTEGER)), \
           carts_created = CAST(ROUND(carts_created * ?3) AS INTEGER), \
           carts_abandoned = MIN(CAST(ROUND(carts_created * ?3) AS INTEGER), CAST(ROUND(carts_abandoned * ?4) AS INTEGER)) \
         WHERE day BETWEEN ?5 AND ?6 AND (?7 IS NULL OR source = ?7) AND (?8 IS NULL OR device = ?8)",
    )
    .bind(s)
    .bind(bounces)
    .bind(cc)
    .bind(ca)
    .bind(&t.from)
    .bind(&t.to)
    .bind(t.source.as_deref())
    .bind(t.device.as_deref())
    .execute(conn)
    .await
    .map_err(|e| db_refused(&e))?;
    if done.rows_affected() == 0 {
        return Err(format!(
            "aucune ligne de trafic du {} au {} : la période est hors de l'historique du contexte",
            t.from, t.to
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::statement_starts;

    #[test]
    fn statement_starts_skip_quotes_and_comments() {
        let words: Vec<&str> = statement_starts(
            "UPDATE media SET alt = 'a; VACUUM' WHERE id = 1; -- VACUUM\n/* ; VACUUM */ vacuum; \"x;vacuum\"",
        )
        .collect();
        assert_eq!(words, ["UPDATE", "vacuum"]);
        assert_eq!(
            statement_starts(";;SELECT 1").collect::<Vec<_>>(),
            ["SELECT"]
        );
    }

    #[test]
    fn statement_starts_read_non_ascii_text_without_panicking() {
        let words: Vec<&str> =
            statement_starts("UPDATE café SET nom = 'Thé' -- é\n; Vacuum; é; ÉTÉ; x").collect();
        assert_eq!(words, ["UPDATE", "Vacuum", "x"]);
    }
}
