//! Catalogue reference lists: stocks (with low-stock alerts), categories, brands, attributes
//! and features, search aliases.

use crate::form::Fields;
use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::admin::form::OrRefusal;
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::Serialize;
use tera::Context;

#[derive(Debug, Serialize, sqlx::FromRow)]
struct StockRow {
    product_id: i64,
    reference: String,
    name: String,
    combination: String,
    quantity: i64,
    low_stock_threshold: i64,
    available_date: Option<String>,
}

pub async fn stocks(staff: Staff) -> Result<Response, ShopError> {
    let rows: Vec<StockRow> = sqlx::query_as(
        "SELECT p.id AS product_id, COALESCE(NULLIF(c.reference, ''), p.reference) AS reference, p.name,
                COALESCE((SELECT GROUP_CONCAT(a.name, ' – ') FROM combination_attribute ca JOIN attribute a ON a.id = ca.attribute_id WHERE ca.combination_id = c.id), '') AS combination,
                COALESCE(c.quantity, p.quantity) AS quantity, p.low_stock_threshold, p.available_date
         FROM product p LEFT JOIN combination c ON c.product_id = p.id
         ORDER BY COALESCE(c.quantity, p.quantity) <= p.low_stock_threshold DESC, p.id, c.id",
    )
    .fetch_all(staff.site.db())
    .await?;
    let mut ctx = Context::new();
    ctx.insert("rows", &rows);
    staff.render("admin/shop/stocks.html", "Stocks", ctx).await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct CategoryRow {
    id: i64,
    name: String,
    depth: i64,
    slug: String,
    products: i64,
    active: i64,
    meta_title: String,
}

pub async fn categories(staff: Staff) -> Result<Response, ShopError> {
    let rows: Vec<CategoryRow> = sqlx::query_as(
        "WITH RECURSIVE tree(id, depth, path) AS (
            SELECT id, 0, printf('%04d-%06d', position, id) FROM category WHERE parent_id IS NULL
            UNION ALL SELECT c.id, t.depth + 1, t.path || '/' || printf('%04d-%06d', c.position, c.id) FROM category c JOIN tree t ON c.parent_id = t.id)
         SELECT c.id, c.name, t.depth, c.slug, (SELECT COUNT(*) FROM product_category pc WHERE pc.category_id = c.id) AS products, c.active, c.meta_title
         FROM tree t JOIN category c ON c.id = t.id ORDER BY t.path",
    )
    .fetch_all(staff.site.db())
    .await?;
    let mut ctx = Context::new();
    ctx.insert("rows", &rows);
    staff
        .render("admin/shop/categories.html", "Catégories", ctx)
        .await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct NamedCount {
    name: String,
    detail: String,
    count: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct AliasRow {
    id: i64,
    alias: String,
    search: String,
}

/// Adds a search alias from the form under the list.
pub async fn add_alias(staff: Staff, f: Fields) -> Result<Response, ShopError> {
    let to = "/boutique/catalogue/attributs#alias";
    match crate::commands::search_alias::add(
        &staff.site,
        &staff.actor(),
        &f.text("alias"),
        &f.text("search"),
    )
    .await
    .or_refusal()?
    {
        Ok(_) => Ok(staff.redirect(to, Some("Alias de recherche ajouté."))),
        Err(message) => Ok(staff.refuse(to, Some(&message))),
    }
}

pub async fn remove_alias(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    crate::commands::search_alias::remove(&staff.site, &staff.actor(), id).await?;
    Ok(staff.redirect(
        "/boutique/catalogue/attributs#alias",
        Some("Alias de recherche supprimé."),
    ))
}

pub async fn attributes(staff: Staff) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let groups: Vec<NamedCount> = db.rows(
        "SELECT g.public_name AS name, (SELECT GROUP_CONCAT(name, ', ') FROM (SELECT name FROM attribute WHERE group_id = g.id ORDER BY position)) AS detail,
                (SELECT COUNT(*) FROM attribute WHERE group_id = g.id) AS count FROM attribute_group g ORDER BY g.position",
        (),
    ).await?;
    let features: Vec<NamedCount> = db.rows(
        "SELECT f.name, '' AS detail, (SELECT COUNT(*) FROM product_feature pf WHERE pf.feature_id = f.id) AS count FROM feature f ORDER BY f.position",
        (),
    ).await?;
    let aliases: Vec<AliasRow> = db
        .rows(
            "SELECT id, alias, search FROM search_alias ORDER BY alias",
            (),
        )
        .await?;
    let ctx = context! { groups, features, aliases };
    staff
        .render(
            "admin/shop/attributes.html",
            "Attributs et caractéristiques",
            ctx,
        )
        .await
}
