//! Tableau de bord: the site at a glance, with links to what is waiting, and a quick draft.

use axum::Form;
use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::web::ShopError;
use serde::Deserialize;
use tera::Context;

use crate::commands::{self, PostInput};
use crate::roles::Role;

pub async fn page(staff: Staff) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let (posts, pages, drafts, pending, scheduled, subscribers): (i64, i64, i64, i64, i64, i64) =
        sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM post WHERE kind = 'post' AND status = 'publish'),
                (SELECT COUNT(*) FROM post WHERE kind = 'page' AND status = 'publish'),
                (SELECT COUNT(*) FROM post WHERE status = 'draft'),
                (SELECT COUNT(*) FROM comment WHERE status = 'pending'),
                (SELECT COUNT(*) FROM post WHERE status = 'future'),
                (SELECT COUNT(*) FROM newsletter_subscriber)",
        )
        .fetch_one(db)
        .await?;
    let draft_list: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, kind, title, updated_at FROM post WHERE status = 'draft' ORDER BY updated_at DESC LIMIT 5",
    )
    .fetch_all(db)
    .await?;
    let comments: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT c.id, c.author_name, substr(c.content, 1, 90), p.title FROM comment c JOIN post p ON p.id = c.post_id WHERE c.status = 'pending' ORDER BY c.created_at DESC LIMIT 5",
    )
    .fetch_all(db)
    .await?;
    let orders: Vec<(i64, String, String, i64, String)> = sqlx::query_as(
        "SELECT o.id, o.reference, c.first_name || ' ' || c.last_name, o.total_paid_cents, s.name FROM orders o JOIN customer c ON c.id = o.customer_id JOIN order_state s ON s.id = o.state_id ORDER BY o.created_at DESC, o.id DESC LIMIT 5",
    )
    .fetch_all(db)
    .await?;
    let messages: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT t.id, t.email, t.subject, t.created_at FROM customer_thread t WHERE t.status != 'closed' ORDER BY t.updated_at DESC LIMIT 5",
    )
    .fetch_all(db)
    .await?;
    let has_answers: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'answer'",
    )
    .fetch_one(db)
    .await?;
    let mut ctx = Context::new();
    ctx.insert("posts", &posts);
    ctx.insert("pages", &pages);
    ctx.insert("drafts", &drafts);
    ctx.insert("pending", &pending);
    ctx.insert("scheduled", &scheduled);
    ctx.insert("subscribers", &subscribers);
    ctx.insert("draft_list", &draft_list);
    ctx.insert("comments", &comments);
    ctx.insert("orders", &orders);
    ctx.insert("messages", &messages);
    ctx.insert("has_answers", &(has_answers > 0));
    ctx.insert(
        "can_write",
        &staff
            .employee
            .can(e5_shop::admin::Tab::Content, e5_shop::admin::Right::Add),
    );
    staff
        .render("admin/content/dashboard.html", "Tableau de bord", ctx)
        .await
}

#[derive(Deserialize)]
pub struct QuickDraft {
    title: String,
    #[serde(default)]
    text: String,
}

/// "Brouillon rapide": a title and a few lines become a draft article.
pub async fn quick_draft(staff: Staff, Form(f): Form<QuickDraft>) -> Result<Response, ShopError> {
    let blocks: Vec<serde_json::Value> = f
        .text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let text = e5_shop::web::escape::escape(p).replace('\n', "<br>");
            e5_domain::blocks::Block::Paragraph { text }.to_json()
        })
        .collect();
    let input = PostInput {
        kind: "post".into(),
        title: f.title,
        blocks: serde_json::Value::Array(blocks).to_string(),
        action: "draft".into(),
        comments_open: true,
        breadcrumb: true,
        ..PostInput::default()
    };
    match commands::save_post(
        &staff.site,
        &staff.actor(),
        Role::of(&staff),
        staff.employee.id,
        None,
        input,
    )
    .await
    {
        Ok(_) => Ok(staff.redirect("/", Some("Brouillon enregistré."))),
        Err(e) => staff.refused("/", e),
    }
}
