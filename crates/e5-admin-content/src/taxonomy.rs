//! Articles › Catégories and Étiquettes, and Apparence › Page d'accueil (home blocks).

use axum::Form;
use axum::extract::Path;
use e5_shop::admin::Staff;
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::commands::{self, HomeBlockInput};
use crate::posts::{IdParam, PageResult};
use crate::roles::{Role, require};

fn taxonomy_of(staff: &Staff) -> (&'static str, &'static str, &'static str) {
    if staff.path.contains("/etiquettes") {
        ("tag", "Étiquettes", "/articles/etiquettes")
    } else {
        ("category", "Catégories", "/articles/categories")
    }
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Term {
    id: i64,
    name: String,
    slug: String,
    description: String,
    posts: i64,
}

pub async fn list(staff: Staff) -> PageResult {
    let (taxonomy, title, path) = taxonomy_of(&staff);
    let rows: Vec<Term> = sqlx::query_as(
        "SELECT t.id, t.name, t.slug, t.description, (SELECT COUNT(*) FROM post_term pt JOIN post p ON p.id = pt.post_id WHERE pt.term_id = t.id AND p.status != 'trash') AS posts
         FROM term t WHERE t.taxonomy = ? ORDER BY t.name",
    )
    .bind(taxonomy)
    .fetch_all(staff.site.db())
    .await?;
    let mut ctx = Context::new();
    ctx.insert("rows", &rows);
    ctx.insert("taxonomy", taxonomy);
    ctx.insert("heading", title);
    ctx.insert("path", path);
    staff.render("admin/content/terms.html", title, ctx).await
}

#[derive(Deserialize)]
pub struct TermForm {
    name: String,
    #[serde(default)]
    description: String,
}

pub async fn add(staff: Staff, Form(f): Form<TermForm>) -> PageResult {
    require(
        &staff,
        Role::can_edit_others,
        "gérer les catégories et étiquettes",
    )?;
    let (taxonomy, _, path) = taxonomy_of(&staff);
    match commands::add_term(
        &staff.site,
        &staff.actor(),
        taxonomy,
        &f.name,
        &f.description,
    )
    .await
    {
        Ok(_) => Ok(staff.redirect(path, Some("Ajouté."))),
        Err(e) => staff.refused(path, e),
    }
}

pub async fn delete(staff: Staff, Path(p): Path<IdParam>) -> PageResult {
    require(
        &staff,
        Role::can_edit_others,
        "gérer les catégories et étiquettes",
    )?;
    let (_, _, path) = taxonomy_of(&staff);
    match commands::delete_term(&staff.site, &staff.actor(), p.id).await {
        Ok(()) => Ok(staff.redirect(path, Some("Supprimé."))),
        Err(e) => staff.refused(path, e),
    }
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Block {
    id: i64,
    kind: String,
    title: String,
    body: String,
    link: String,
    media_id: Option<i64>,
    position: i64,
    active: i64,
}

pub async fn home(staff: Staff) -> PageResult {
    let db = staff.site.db();
    let rows: Vec<Block> = sqlx::query_as("SELECT id, kind, title, body, link, media_id, position, active FROM home_block WHERE kind IN ('slide', 'reassurance', 'custom_text') ORDER BY kind, position, id")
        .fetch_all(db)
        .await?;
    let images: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, file FROM media WHERE mime LIKE 'image/%' ORDER BY id DESC")
            .fetch_all(db)
            .await?;
    let mut ctx = Context::new();
    ctx.insert("rows", &rows);
    ctx.insert("images", &images);
    ctx.insert(
        "kinds",
        &[
            ("slide", "Carrousel"),
            ("reassurance", "Réassurance"),
            ("custom_text", "Texte personnalisé"),
        ],
    );
    staff
        .render("admin/content/home_blocks.html", "Page d'accueil", ctx)
        .await
}

#[derive(Deserialize)]
pub struct BlockForm {
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    link: String,
    #[serde(default)]
    media_id: String,
    #[serde(default)]
    position: String,
    active: Option<String>,
}

fn input(f: BlockForm) -> HomeBlockInput {
    HomeBlockInput {
        kind: f.kind,
        title: f.title,
        body: f.body,
        link: f.link,
        media_id: f.media_id.parse().ok(),
        position: f.position.parse().unwrap_or(0),
        active: f.active.is_some(),
    }
}

pub async fn add_block(staff: Staff, Form(f): Form<BlockForm>) -> PageResult {
    require(&staff, Role::is_admin, "modifier la page d'accueil")?;
    match commands::save_home_block(&staff.site, &staff.actor(), None, input(f)).await {
        Ok(_) => Ok(staff.redirect("/apparence/accueil", Some("Bloc ajouté."))),
        Err(e) => staff.refused("/apparence/accueil", e),
    }
}

pub async fn save_block(
    staff: Staff,
    Path(p): Path<IdParam>,
    Form(f): Form<BlockForm>,
) -> PageResult {
    require(&staff, Role::is_admin, "modifier la page d'accueil")?;
    match commands::save_home_block(&staff.site, &staff.actor(), Some(p.id), input(f)).await {
        Ok(_) => Ok(staff.redirect("/apparence/accueil", Some("Bloc enregistré."))),
        Err(e) => staff.refused("/apparence/accueil", e),
    }
}
