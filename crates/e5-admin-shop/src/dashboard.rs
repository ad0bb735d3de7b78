//! Tableau de bord of the shop: today's activity and what is waiting.

use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;

pub async fn page(staff: Staff) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let (orders, threads): (i64, i64) = db.row(
        "SELECT (SELECT COUNT(*) FROM orders), (SELECT COUNT(*) FROM customer_thread WHERE status != 'closed')",
        (),
    ).await?;
    let ctx = context! { orders, threads };
    staff
        .render("admin/shop/dashboard.html", "Tableau de bord", ctx)
        .await
}
