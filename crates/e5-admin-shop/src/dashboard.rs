//! Tableau de bord of the shop: today's activity and what is waiting.

use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::web::ShopError;
use tera::Context;

pub async fn page(staff: Staff) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let (orders, threads): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM orders), (SELECT COUNT(*) FROM customer_thread WHERE status != 'closed')",
    )
    .fetch_one(db)
    .await?;
    let mut ctx = Context::new();
    ctx.insert("orders", &orders);
    ctx.insert("threads", &threads);
    staff
        .render("admin/shop/dashboard.html", "Tableau de bord", ctx)
        .await
}
