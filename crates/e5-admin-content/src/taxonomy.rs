//! Articles › Catégories and Étiquettes, and Apparence › Page d'accueil (home blocks).

use axum::Form;
use axum::extract::Path;
use e5_shop::admin::Staff;
use e5_shop::context;
use e5_shop_db::query::Read;
use serde::{Deserialize, Serialize};

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
    let ctx = context! { rows, taxonomy, heading: title, path };
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
    staff.done(
        commands::add_term(
            &staff.site,
            &staff.actor(),
            taxonomy,
            &f.name,
            &f.description,
        )
        .await,
        path,
        "Ajouté.",
    )
}

pub async fn delete(staff: Staff, Path(p): Path<IdParam>) -> PageResult {
    require(
        &staff,
        Role::can_edit_others,
        "gérer les catégories et étiquettes",
    )?;
    let (_, _, path) = taxonomy_of(&staff);
    staff.done(
        commands::delete_term(&staff.site, &staff.actor(), p.id).await,
        path,
        "Supprimé.",
    )
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
    let rows: Vec<Block> = db.rows(
        "SELECT id, kind, title, body, link, media_id, position, active FROM home_block WHERE kind IN ('slide', 'reassurance', 'custom_text') ORDER BY kind, position, id",
        (),
    ).await?;
    let images: Vec<(i64, String)> = db
        .rows(
            "SELECT id, file FROM media WHERE mime LIKE 'image/%' ORDER BY id DESC",
            (),
        )
        .await?;
    let ctx = context! {
        rows, images,
        kinds: [ ("slide", "Carrousel"), ("reassurance", "Réassurance"), ("custom_text", "Texte personnalisé"), ],
    };
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
    staff.done(
        commands::save_home_block(&staff.site, &staff.actor(), None, input(f)).await,
        "/apparence/accueil",
        "Bloc ajouté.",
    )
}

pub async fn save_block(
    staff: Staff,
    Path(p): Path<IdParam>,
    Form(f): Form<BlockForm>,
) -> PageResult {
    require(&staff, Role::is_admin, "modifier la page d'accueil")?;
    staff.done(
        commands::save_home_block(&staff.site, &staff.actor(), Some(p.id), input(f)).await,
        "/apparence/accueil",
        "Bloc enregistré.",
    )
}
