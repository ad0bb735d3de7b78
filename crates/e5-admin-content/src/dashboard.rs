//! Tableau de bord: the site at a glance, with links to what is waiting, and a quick draft.

use axum::Form;
use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::Deserialize;

use crate::commands::{self, PostInput};
use crate::roles::Role;

pub async fn page(staff: Staff) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let (posts, pages, drafts, pending, scheduled, subscribers): (i64, i64, i64, i64, i64, i64) =
        db.row(
            "SELECT (SELECT COUNT(*) FROM post WHERE kind = 'post' AND status = 'publish'),
                (SELECT COUNT(*) FROM post WHERE kind = 'page' AND status = 'publish'),
                (SELECT COUNT(*) FROM post WHERE status = 'draft'),
                (SELECT COUNT(*) FROM comment WHERE status = 'pending'),
                (SELECT COUNT(*) FROM post WHERE status = 'future'),
                (SELECT COUNT(*) FROM newsletter_subscriber)",
            (),
        )
        .await?;
    let draft_list: Vec<(i64, String, String, String)> = db.rows(
        "SELECT id, kind, title, updated_at FROM post WHERE status = 'draft' ORDER BY updated_at DESC LIMIT 5",
        (),
    ).await?;
    let comments: Vec<(i64, String, String, String)> = db.rows(
        "SELECT c.id, c.author_name, substr(c.content, 1, 90), p.title FROM comment c JOIN post p ON p.id = c.post_id WHERE c.status = 'pending' ORDER BY c.created_at DESC LIMIT 5",
        (),
    ).await?;
    let orders: Vec<(i64, String, String, i64, String)> = db.rows(
        "SELECT o.id, o.reference, c.first_name || ' ' || c.last_name, o.total_paid_cents, s.name FROM orders o JOIN customer c ON c.id = o.customer_id JOIN order_state s ON s.id = o.state_id ORDER BY o.created_at DESC, o.id DESC LIMIT 5",
        (),
    ).await?;
    let messages: Vec<(i64, String, String, String)> = db.rows(
        "SELECT t.id, t.email, t.subject, t.created_at FROM customer_thread t WHERE t.status != 'closed' ORDER BY t.updated_at DESC LIMIT 5",
        (),
    ).await?;
    let has_answers: i64 = db
        .one(
            "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'answer'",
            (),
        )
        .await?;
    let ctx = context! {
        posts, pages, drafts, pending, scheduled, subscribers, draft_list, comments, orders,
        messages, has_answers: (has_answers > 0),
        can_write: staff.employee.can(e5_shop::admin::Tab::Content, e5_shop::admin::Right::Add),
    };
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
    staff.done(
        commands::save_post(
            &staff.site,
            &staff.actor(),
            Role::of(&staff),
            staff.employee.id,
            None,
            input,
        )
        .await,
        "/",
        "Brouillon enregistré.",
    )
}
