//! Commentaires: the moderation queue of blog comments, and of product reviews.

use axum::Form;
use axum::extract::{Path, Query};
use e5_shop::admin::Staff;
use e5_shop::context;
use e5_shop_db::query::Read;
use serde::{Deserialize, Serialize};

use crate::commands;
use crate::posts::PageResult;
use crate::roles::{Role, require};
use e5_domain::setting;

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Row {
    id: i64,
    author_name: String,
    author_email: String,
    content: String,
    status: String,
    created_at: String,
    post_id: i64,
    post_title: String,
    post_slug: String,
    from_shop: i64,
    parent_author: Option<String>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    statut: Option<String>,
}

pub async fn list(staff: Staff, Query(q): Query<ListQuery>) -> PageResult {
    let db = staff.site.db();
    let status = q
        .statut
        .filter(|s| ["pending", "approved", "spam", "trash"].contains(&s.as_str()));
    let rows: Vec<Row> = db.rows(
        "SELECT c.id, c.author_name, c.author_email, c.content, c.status, c.created_at, c.post_id, p.title AS post_title, p.slug AS post_slug,
                c.employee_id IS NOT NULL AS from_shop, (SELECT author_name FROM comment x WHERE x.id = c.parent_id) AS parent_author
         FROM comment c JOIN post p ON p.id = c.post_id
         WHERE (?1 IS NULL AND c.status IN ('pending', 'approved')) OR c.status = ?1
         ORDER BY c.created_at DESC, c.id DESC LIMIT 200",
        (&status,),
    ).await?;
    let counts: Vec<(String, i64)> = db
        .rows("SELECT status, COUNT(*) FROM comment GROUP BY status", ())
        .await?;
    let mut counts: std::collections::HashMap<String, i64> = counts.into_iter().collect();
    for st in ["pending", "approved", "spam", "trash"] {
        counts.entry(st.to_owned()).or_insert(0);
    }
    let ctx = context! { rows, status, counts, can_moderate: Role::of(&staff).can_moderate() };
    staff
        .render("admin/content/comments.html", "Commentaires", ctx)
        .await
}

#[derive(Deserialize)]
pub struct ActionParam {
    id: i64,
    action: String,
}

#[derive(Deserialize)]
pub struct BackForm {
    #[serde(default)]
    retour: String,
}

fn back(retour: &str) -> String {
    // Only a query string of this list: never an address elsewhere.
    if retour.starts_with('?') && !retour.contains("//") {
        format!("/commentaires{retour}")
    } else {
        "/commentaires".into()
    }
}

pub async fn moderate(
    staff: Staff,
    Path(p): Path<ActionParam>,
    Form(f): Form<BackForm>,
) -> PageResult {
    require(&staff, Role::can_moderate, "modérer les commentaires")?;
    let to = back(&f.retour);
    staff.done(
        commands::moderate_comment(&staff.site, &staff.actor(), p.id, &p.action).await,
        &to,
        "Commentaire mis à jour.",
    )
}

/// Trash from the list: the `/supprimer` path needs the delete right.
pub async fn trash(
    staff: Staff,
    Path(p): Path<crate::posts::IdParam>,
    Form(f): Form<BackForm>,
) -> PageResult {
    require(&staff, Role::can_moderate, "modérer les commentaires")?;
    let to = back(&f.retour);
    staff.done(
        commands::moderate_comment(&staff.site, &staff.actor(), p.id, "corbeille").await,
        &to,
        "Commentaire mis à la corbeille.",
    )
}

#[derive(Deserialize)]
pub struct ReplyForm {
    text: String,
}

pub async fn reply(
    staff: Staff,
    Path(p): Path<crate::posts::IdParam>,
    Form(f): Form<ReplyForm>,
) -> PageResult {
    require(&staff, Role::can_moderate, "répondre aux commentaires")?;
    let name = format!(
        "{} ({})",
        staff.employee.name(),
        staff_shop_name(&staff).await
    );
    staff.done(
        commands::reply_comment(
            &staff.site,
            &staff.actor(),
            staff.employee.id,
            &name,
            p.id,
            &f.text,
        )
        .await,
        "/commentaires",
        "Réponse publiée.",
    )
}

async fn staff_shop_name(staff: &Staff) -> String {
    sqlx::query_scalar("SELECT value FROM setting WHERE key = ?")
        .bind(setting::SHOP_NAME)
        .fetch_optional(staff.site.db())
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Review {
    id: i64,
    author_name: String,
    title: String,
    content: String,
    rating: i64,
    status: String,
    reply: String,
    created_at: String,
    product: String,
    product_slug: String,
}

pub async fn reviews(staff: Staff, Query(q): Query<ListQuery>) -> PageResult {
    let status = q
        .statut
        .filter(|s| ["pending", "approved", "refused"].contains(&s.as_str()));
    let rows: Vec<Review> = sqlx::query_as(
        "SELECT r.id, r.author_name, r.title, r.content, r.rating, r.status, r.reply, r.created_at, p.name AS product, p.slug AS product_slug
         FROM product_review r JOIN product p ON p.id = r.product_id WHERE ?1 IS NULL OR r.status = ?1 ORDER BY r.created_at DESC LIMIT 200",
    )
    .bind(&status)
    .fetch_all(staff.site.db())
    .await?;
    let ctx = context! { rows, status };
    staff
        .render("admin/content/reviews.html", "Avis produits", ctx)
        .await
}

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    reply: String,
}

pub async fn review_action(
    staff: Staff,
    Path(p): Path<ActionParam>,
    Form(f): Form<ReviewForm>,
) -> PageResult {
    require(&staff, Role::can_moderate, "modérer les avis")?;
    staff.done(
        commands::moderate_review(&staff.site, &staff.actor(), p.id, &p.action, &f.reply).await,
        "/commentaires/avis",
        "Avis mis à jour.",
    )
}
