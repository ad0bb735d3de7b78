//! Tableau de bord: the site at a glance, with links to what is waiting.

use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::web::ShopError;
use tera::Context;

pub async fn page(staff: Staff) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let (posts, pages, drafts, pending): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM post WHERE kind = 'post' AND status = 'publish'),
                (SELECT COUNT(*) FROM post WHERE kind = 'page' AND status = 'publish'),
                (SELECT COUNT(*) FROM post WHERE status = 'draft'),
                (SELECT COUNT(*) FROM comment WHERE status = 'pending')",
    )
    .fetch_one(db)
    .await?;
    let mut ctx = Context::new();
    ctx.insert("posts", &posts);
    ctx.insert("pages", &pages);
    ctx.insert("drafts", &drafts);
    ctx.insert("pending", &pending);
    staff
        .render("admin/content/dashboard.html", "Tableau de bord", ctx)
        .await
}
