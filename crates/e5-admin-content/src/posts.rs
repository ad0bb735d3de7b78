//! Articles and pages: the list, the block editor with its SEO panel, revisions, preview.

use std::collections::HashMap;

use axum::extract::{Path, Query};
use axum::response::{Html, IntoResponse};
use e5_domain::seo;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Fields;
use e5_shop::command::CommandError;
use e5_shop::content;
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop::web::escape::script_json;
use e5_shop_db::query::Read;
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::commands::{self, PostInput};
use crate::roles::Role;

pub use e5_shop::admin::form::PageResult;

#[derive(Deserialize)]
pub struct IdParam {
    pub id: i64,
}

#[derive(Deserialize)]
pub struct RevisionParam {
    pub id: i64,
    pub rev: i64,
}

fn kind_of(staff: &Staff) -> &'static str {
    if staff.path.starts_with(&format!("{}/pages", staff.admin)) {
        "page"
    } else {
        "post"
    }
}

fn section(kind: &str) -> &'static str {
    if kind == "page" {
        "/pages"
    } else {
        "/articles"
    }
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct ListRow {
    id: i64,
    title: String,
    slug: String,
    status: String,
    published_at: Option<String>,
    updated_at: String,
    sticky: i64,
    author: Option<String>,
    author_id: Option<i64>,
    categories: Option<String>,
    comments: i64,
    blocks: String,
    meta_title: String,
    meta_description: String,
    focus_keyword: String,
    #[sqlx(skip)]
    seo: String,
    #[sqlx(skip)]
    seo_label: String,
}

#[derive(Deserialize)]
pub struct ListQuery {
    statut: Option<String>,
    auteur: Option<i64>,
}

pub async fn list(staff: Staff, Query(q): Query<ListQuery>) -> PageResult {
    let kind = kind_of(&staff);
    let db = staff.site.db();
    let status = q
        .statut
        .filter(|s| ["draft", "publish", "future", "private", "trash"].contains(&s.as_str()));
    let mut rows: Vec<ListRow> = db.rows(
        "SELECT p.id, p.title, p.slug, p.status, p.published_at, p.updated_at, p.sticky, p.author_id,
                e.first_name || ' ' || e.last_name AS author,
                (SELECT group_concat(t.name, ', ') FROM post_term pt JOIN term t ON t.id = pt.term_id WHERE pt.post_id = p.id AND t.taxonomy = 'category') AS categories,
                (SELECT COUNT(*) FROM comment c WHERE c.post_id = p.id AND c.status = 'approved') AS comments,
                p.blocks, p.meta_title, p.meta_description, p.focus_keyword
         FROM post p LEFT JOIN employee e ON e.id = p.author_id
         WHERE p.kind = ? AND (?2 IS NULL AND p.status != 'trash' OR p.status = ?2) AND (?3 IS NULL OR p.author_id = ?3)
         ORDER BY COALESCE(p.published_at, p.updated_at) DESC, p.id DESC",
        (kind, &status, q.auteur),
    ).await?;
    let site_name = content::site_name(db).await?;
    for r in &mut rows {
        let report = analyse(
            &site_name,
            &r.title,
            &r.slug,
            &r.blocks,
            &r.meta_title,
            &r.meta_description,
            &r.focus_keyword,
        );
        r.seo = format!("{:?}", report.light).to_lowercase();
        r.seo_label = report.label.to_owned();
        r.blocks.clear();
    }
    let counts: Vec<(String, i64)> = db
        .rows(
            "SELECT status, COUNT(*) FROM post WHERE kind = ? GROUP BY status",
            (kind,),
        )
        .await?;
    let mut counts: HashMap<String, i64> = counts.into_iter().collect();
    for st in ["draft", "publish", "future", "private", "trash"] {
        counts.entry(st.to_owned()).or_insert(0);
    }
    let mut ctx = context! { rows, kind, section: section(kind), status };
    let tabs: Vec<(&str, &str, i64)> = [
        ("publish", "Publiés"),
        ("draft", "Brouillons"),
        ("future", "Planifiés"),
        ("private", "Privés"),
        ("trash", "Corbeille"),
    ]
    .iter()
    .map(|(k, l)| (*k, *l, counts.get(*k).copied().unwrap_or(0)))
    .collect();
    ctx.insert("tabs", &tabs);
    ctx.insert(
        "all",
        &counts
            .iter()
            .filter(|(k, _)| *k != "trash")
            .map(|(_, v)| v)
            .sum::<i64>(),
    );
    let title = if kind == "page" { "Pages" } else { "Articles" };
    staff.render("admin/content/posts.html", title, ctx).await
}

pub fn analyse(
    site_name: &str,
    title: &str,
    slug: &str,
    blocks: &str,
    meta_title: &str,
    meta_description: &str,
    keyword: &str,
) -> seo::SeoReport {
    let mut input = content::seo_input(blocks);
    input.site_name = site_name.to_owned();
    input.title = title.to_owned();
    input.seo_title = meta_title.to_owned();
    input.slug = slug.to_owned();
    input.meta_description = meta_description.to_owned();
    input.focus_keyword = keyword.to_owned();
    seo::analyse(&input)
}

/// What the editor shows: the stored post, or what was just typed when it was refused.
#[derive(Debug, Default, Serialize, Clone)]
struct Editing {
    id: Option<i64>,
    title: String,
    slug: String,
    excerpt: String,
    blocks: String,
    status: String,
    published_at: Option<String>,
    sticky: bool,
    featured_media_id: Option<i64>,
    comments_open: bool,
    meta_title: String,
    meta_description: String,
    focus_keyword: String,
    breadcrumb: bool,
    author_id: Option<i64>,
    parent_id: Option<i64>,
    terms: Vec<i64>,
    tags: String,
}

#[derive(sqlx::FromRow)]
struct PostRow {
    id: i64,
    title: String,
    slug: String,
    excerpt: String,
    blocks: String,
    status: String,
    published_at: Option<String>,
    sticky: i64,
    featured_media_id: Option<i64>,
    comment_status: String,
    meta_title: String,
    meta_description: String,
    focus_keyword: String,
    breadcrumb: i64,
    author_id: Option<i64>,
    parent_id: Option<i64>,
}

async fn load(staff: &Staff, kind: &str, id: i64) -> Result<Editing, ShopError> {
    let db = staff.site.db();
    let row: Option<PostRow> = db.row_optional(
        "SELECT id, title, slug, excerpt, blocks, status, published_at, sticky, featured_media_id, comment_status,
                meta_title, meta_description, focus_keyword, breadcrumb, author_id, parent_id FROM post WHERE id = ? AND kind = ?",
        (id, kind),
    ).await?;
    let Some(r) = row else {
        return Err(ShopError::NotFound);
    };
    let terms: Vec<(i64, String, String)> = db.rows(
        "SELECT t.id, t.taxonomy, t.name FROM post_term pt JOIN term t ON t.id = pt.term_id WHERE pt.post_id = ?",
        (id,),
    ).await?;
    Ok(Editing {
        id: Some(r.id),
        title: r.title,
        slug: r.slug,
        excerpt: r.excerpt,
        blocks: r.blocks,
        status: r.status,
        published_at: r.published_at,
        sticky: r.sticky != 0,
        featured_media_id: r.featured_media_id,
        comments_open: r.comment_status == "open",
        meta_title: r.meta_title,
        meta_description: r.meta_description,
        focus_keyword: r.focus_keyword,
        breadcrumb: r.breadcrumb != 0,
        author_id: r.author_id,
        parent_id: r.parent_id,
        terms: terms
            .iter()
            .filter(|t| t.1 == "category")
            .map(|t| t.0)
            .collect(),
        tags: terms
            .iter()
            .filter(|t| t.1 == "tag")
            .map(|t| t.2.clone())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// JSON for a `<script type="application/json">` element: `<` is escaped so the text cannot
/// close the element.
async fn editor(staff: &Staff, kind: &str, e: Editing, error: Option<String>) -> PageResult {
    let db = staff.site.db();
    let role = Role::of(staff);
    let categories: Vec<(i64, String)> = db
        .rows(
            "SELECT id, name FROM term WHERE taxonomy = 'category' ORDER BY name",
            (),
        )
        .await?;
    let authors: Vec<(i64, String)> = db.rows(
        "SELECT id, first_name || ' ' || last_name FROM employee WHERE active = 1 ORDER BY first_name",
        (),
    ).await?;
    let media: Vec<(i64, String, String, String)> = db
        .rows("SELECT id, file, mime, alt FROM media ORDER BY id DESC", ())
        .await?;
    let parents: Vec<(i64, String)> = if kind == "page" {
        db.rows(
            "SELECT id, title FROM post WHERE kind = 'page' AND status != 'trash' AND id IS NOT ? ORDER BY title",
            (e.id,),
        ).await?
    } else {
        Vec::new()
    };
    let revisions: Vec<(i64, String, String, Option<String>)> = match e.id {
        Some(id) => db.rows(
            "SELECT r.id, r.title, r.created_at, e.first_name || ' ' || e.last_name FROM post_revision r LEFT JOIN employee e ON e.id = r.author_id WHERE r.post_id = ? ORDER BY r.id DESC LIMIT 20",
            (id,),
        ).await?,
        None => Vec::new(),
    };
    let site_name = content::site_name(db).await?;
    let report = analyse(
        &site_name,
        &e.title,
        &e.slug,
        &e.blocks,
        &e.meta_title,
        &e.meta_description,
        &e.focus_keyword,
    );
    let media_list: Vec<serde_json::Value> = media
        .iter()
        .map(|(id, file, mime, alt)| serde_json::json!({"id": id, "file": file.rsplit('/').next().unwrap_or(file), "mime": mime, "alt": alt}))
        .collect();
    let towns: Vec<&str> = content::blocks::TOWNS.iter().map(|t| t.0).collect();
    let mut ctx = Context::new();
    let word_count = e5_domain::blocks::word_count(&content::blocks_text(&e.blocks));
    ctx.insert("word_count", &word_count);
    ctx.insert(
        "blocks_json",
        &script_json(
            &serde_json::from_str::<serde_json::Value>(&content::editor_blocks(&e.blocks))
                .unwrap_or(serde_json::json!([])),
        ),
    );
    ctx.insert("media_json", &script_json(&media_list));
    ctx.insert("towns_json", &script_json(&towns));
    let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    ctx.insert("featured", &opt(e.featured_media_id));
    ctx.insert("author_s", &opt(e.author_id));
    ctx.insert("parent_s", &opt(e.parent_id));
    ctx.insert("p", &e);
    ctx.insert("kind", kind);
    ctx.insert("section", section(kind));
    ctx.insert("categories", &categories);
    ctx.insert("authors", &authors);
    ctx.insert("parents", &parents);
    ctx.insert("revisions", &revisions);
    ctx.insert("report", &report);
    ctx.insert("error", &error);
    ctx.insert("can_publish", &role.can_publish());
    ctx.insert("can_edit_others", &role.can_edit_others());
    ctx.insert("role", role.label());
    ctx.insert("is_new", &e.id.is_none());
    // The search-result preview: the title as the storefront writes it, the site's name once.
    let seo_title = if e.meta_title.is_empty() {
        &e.title
    } else {
        &e.meta_title
    };
    ctx.insert("shown_title", &seo::page_title(seo_title, &site_name));
    ctx.insert("site_name", &site_name);
    let title = match (kind, e.id) {
        ("page", None) => "Ajouter une page",
        ("page", Some(_)) => "Modifier la page",
        (_, None) => "Ajouter un article",
        _ => "Modifier l'article",
    };
    let mut response = staff
        .render("admin/content/editor.html", title, ctx)
        .await?;
    if error.is_some() {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub async fn new(staff: Staff) -> PageResult {
    let kind = kind_of(&staff);
    if kind == "page" {
        crate::roles::require(&staff, Role::can_edit_pages, "créer des pages")?;
    }
    let e = Editing {
        comments_open: kind == "post",
        breadcrumb: true,
        author_id: Some(staff.employee.id),
        status: "draft".into(),
        blocks: "[]".into(),
        ..Editing::default()
    };
    editor(&staff, kind, e, None).await
}

pub async fn edit(staff: Staff, Path(p): Path<IdParam>) -> PageResult {
    let kind = kind_of(&staff);
    let e = load(&staff, kind, p.id).await?;
    let role = Role::of(&staff);
    if !role.can_edit_post(e.author_id == Some(staff.employee.id), &e.status)
        || (kind == "page" && !role.can_edit_pages())
    {
        return Err(ShopError::Forbidden(format!(
            "votre rôle WordPress « {} » ne permet pas de modifier ce contenu.",
            role.label()
        )));
    }
    editor(&staff, kind, e, None).await
}

fn form_input(kind: &str, form: &Fields) -> (PostInput, Result<String, String>) {
    let one = |k: &str| form.raw(k).unwrap_or_default().to_owned();
    let id = |k: &str| one(k).trim().parse::<i64>().ok();
    let blocks = content::validate_blocks(&one("blocks"));
    let input = PostInput {
        kind: kind.to_owned(),
        title: one("title"),
        slug: one("slug"),
        excerpt: one("excerpt"),
        blocks: blocks.clone().unwrap_or_default(),
        action: one("action"),
        publish_at: one("publish_at"),
        sticky: !one("sticky").is_empty(),
        featured_media_id: id("featured_media_id"),
        comments_open: !one("comments_open").is_empty(),
        meta_title: one("meta_title"),
        meta_description: one("meta_description"),
        focus_keyword: one("focus_keyword"),
        breadcrumb: !one("breadcrumb").is_empty(),
        author_id: id("author_id"),
        terms: form
            .raw_all("term")
            .iter()
            .filter_map(|v| v.parse().ok())
            .collect(),
        new_tags: one("tags"),
        parent_id: id("parent_id"),
    };
    (input, blocks)
}

async fn save(staff: Staff, id: Option<i64>, form: Fields) -> PageResult {
    let kind = kind_of(&staff);
    let (input, blocks) = form_input(kind, &form);
    let typed = Editing {
        id,
        title: input.title.clone(),
        slug: input.slug.clone(),
        excerpt: input.excerpt.clone(),
        blocks: form
            .raw("blocks")
            .and_then(|b| content::validate_blocks(b).ok())
            .unwrap_or_else(|| "[]".into()),
        status: "draft".into(),
        published_at: None,
        sticky: input.sticky,
        featured_media_id: input.featured_media_id,
        comments_open: input.comments_open,
        meta_title: input.meta_title.clone(),
        meta_description: input.meta_description.clone(),
        focus_keyword: input.focus_keyword.clone(),
        breadcrumb: input.breadcrumb,
        author_id: input.author_id,
        parent_id: input.parent_id,
        terms: input.terms.clone(),
        tags: input.new_tags.clone(),
    };
    if let Err(message) = blocks {
        return editor(&staff, kind, typed, Some(message)).await;
    }
    let role = Role::of(&staff);
    let action = input.action.clone();
    match commands::save_post(
        &staff.site,
        &staff.actor(),
        role,
        staff.employee.id,
        id,
        input,
    )
    .await
    {
        Ok(id) => {
            let message = match (kind, action.as_str()) {
                ("page", "publish") => "Page publiée.",
                (_, "publish") => "Article publié.",
                (_, "schedule") => "Publication planifiée.",
                _ => "Brouillon enregistré.",
            };
            Ok(staff.redirect(&format!("{}/{id}", section(kind)), Some(message)))
        }
        Err(CommandError::Database(e)) => Err(ShopError::Database(e)),
        Err(e) => editor(&staff, kind, typed, Some(e.to_string())).await,
    }
}

pub async fn create(staff: Staff, form: Fields) -> PageResult {
    save(staff, None, form).await
}

pub async fn update(staff: Staff, Path(p): Path<IdParam>, form: Fields) -> PageResult {
    save(staff, Some(p.id), form).await
}

pub async fn delete(staff: Staff, Path(p): Path<IdParam>) -> PageResult {
    let kind = kind_of(&staff);
    staff.done(
        commands::delete_post(
            &staff.site,
            &staff.actor(),
            Role::of(&staff),
            staff.employee.id,
            p.id,
        )
        .await,
        section(kind),
        "Élément déplacé dans la corbeille (ou supprimé définitivement s'il y était).",
    )
}

pub async fn restore(staff: Staff, Path(p): Path<RevisionParam>) -> PageResult {
    let kind = kind_of(&staff);
    let back = format!("{}/{}", section(kind), p.id);
    staff.done(
        commands::restore_revision(
            &staff.site,
            &staff.actor(),
            Role::of(&staff),
            staff.employee.id,
            p.id,
            p.rev,
        )
        .await,
        &back,
        "Révision restaurée.",
    )
}

/// The article or page as the storefront will show it, before it is published.
pub async fn preview(staff: Staff, Path(p): Path<IdParam>) -> PageResult {
    let kind = kind_of(&staff);
    let e = load(&staff, kind, p.id).await?;
    let ctx = context! {
        p: e, base: staff.base, admin: staff.admin, section: section(kind),
        body: content::render_blocks(&e.blocks, &staff.base),
    };
    let html = staff
        .state
        .templates
        .render("admin/content/preview.html", &ctx)?;
    Ok(Html(html).into_response())
}
