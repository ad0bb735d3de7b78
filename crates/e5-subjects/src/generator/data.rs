//! What the generator knows of a context: read once from its golden database, in a fixed
//! order, so that parameters are drawn from the context's own data.

use std::collections::BTreeMap;

use e5_domain::setting;
use e5_shop_db::query::Read;
use sqlx::SqlitePool;

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Product {
    pub reference: String,
    pub name: String,
    pub slug: String,
    pub category_slug: String,
    pub category_name: String,
    pub price_ttc_cents: i64,
    pub quantity: i64,
    pub combinations: i64,
    pub active: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Category {
    pub slug: String,
    pub name: String,
    pub products: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Customer {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub orders: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct OrderLine {
    pub order_reference: String,
    pub customer_email: String,
    pub customer_name: String,
    pub gender: String,
    pub product_reference: String,
    pub product_name: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct PendingOrder {
    pub reference: String,
    pub customer_name: String,
    pub payment: String,
    pub total_cents: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Post {
    pub kind: String,
    pub slug: String,
    pub title: String,
    pub status: String,
    pub sticky: i64,
    pub comment_status: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Employee {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub wp_role: String,
    pub active: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct MenuEntry {
    pub label: String,
    pub kind: String,
    pub target_slug: String,
    pub top_level: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct ContextData {
    pub context_id: String,
    pub context_version: String,
    pub settings: BTreeMap<String, String>,
    pub products: Vec<Product>,
    pub categories: Vec<Category>,
    pub customers: Vec<Customer>,
    pub delivered_lines: Vec<OrderLine>,
    pub pending_orders: Vec<PendingOrder>,
    pub posts: Vec<Post>,
    pub terms: Vec<(String, String, String)>,
    pub employees: Vec<Employee>,
    pub profiles: Vec<String>,
    pub groups: Vec<String>,
    pub main_menu: Vec<MenuEntry>,
    pub cart_rule_codes: Vec<String>,
    pub search_aliases: Vec<String>,
    pub blog_media: Vec<String>,
    pub slide_media: Vec<String>,
    pub home_titles: Vec<String>,
    pub traffic_last_day: String,
    pub has_widgets: bool,
    pub privacy_text: String,
}

impl ContextData {
    pub(crate) async fn read(db: &SqlitePool) -> Result<ContextData, sqlx::Error> {
        let meta: BTreeMap<String, String> = db
            .rows::<(String, String)>("SELECT key, value FROM sandbox_meta", ())
            .await?
            .into_iter()
            .collect();
        let settings = db
            .rows::<(String, String)>("SELECT key, value FROM setting ORDER BY key", ())
            .await?
            .into_iter()
            .collect();
        let products = db.rows(
            "SELECT p.reference, p.name, p.slug, c.slug AS category_slug, c.name AS category_name, \
               CAST(ROUND(p.price_ht_cents * (1 + t.rate / 100.0)) AS INTEGER) AS price_ttc_cents, \
               p.quantity, (SELECT COUNT(*) FROM combination WHERE product_id = p.id) AS combinations, p.active \
             FROM product p JOIN category c ON c.id = p.category_id JOIN tax_rule t ON t.id = p.tax_rule_id ORDER BY p.id",
            (),
        ).await?;
        let categories = db.rows(
            "SELECT c.slug, c.name, (SELECT COUNT(*) FROM product p WHERE p.category_id = c.id) AS products \
             FROM category c WHERE c.active = 1 ORDER BY c.id",
            (),
        ).await?;
        let customers = db
            .rows(
                "SELECT c.email, c.first_name, c.last_name, c.gender, \
               (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) AS orders \
             FROM customer c WHERE c.is_guest = 0 AND c.active = 1 ORDER BY c.id",
                (),
            )
            .await?;
        let delivered_lines = db.rows(
            "SELECT o.reference AS order_reference, c.email AS customer_email, \
               c.first_name || ' ' || c.last_name AS customer_name, c.gender, \
               l.product_reference, l.product_name, l.quantity, l.unit_price_cents, o.created_at \
             FROM order_line l JOIN orders o ON o.id = l.order_id JOIN customer c ON c.id = o.customer_id \
             JOIN order_state s ON s.id = o.state_id \
             WHERE s.delivered = 1 AND s.refunded = 0 AND c.is_guest = 0 \
               AND NOT EXISTS (SELECT 1 FROM order_return r WHERE r.order_id = o.id) \
               AND NOT EXISTS (SELECT 1 FROM credit_slip cs WHERE cs.order_id = o.id) \
               AND (SELECT COUNT(*) FROM order_line x WHERE x.order_id = o.id) = 1 \
             ORDER BY o.created_at DESC LIMIT 60",
            (),
        ).await?;
        let pending_orders = db.rows(
            "SELECT o.reference, c.first_name || ' ' || c.last_name AS customer_name, c.gender, o.payment, \
               s.name AS state, o.total_paid_cents AS total_cents \
             FROM orders o JOIN customer c ON c.id = o.customer_id JOIN order_state s ON s.id = o.state_id \
             WHERE s.paid = 0 AND s.cancelled = 0 AND o.payment IN ('Chèque', 'Virement bancaire') ORDER BY o.id",
            (),
        ).await?;
        let posts = db
            .rows(
                "SELECT kind, slug, title, status, sticky, comment_status FROM post ORDER BY id",
                (),
            )
            .await?;
        let terms = db
            .rows("SELECT taxonomy, slug, name FROM term ORDER BY id", ())
            .await?;
        let employees = db
            .rows(
                "SELECT e.email, e.first_name, e.last_name, e.wp_role, p.name AS profile, e.active \
             FROM employee e JOIN profile p ON p.id = e.profile_id ORDER BY e.id",
                (),
            )
            .await?;
        let profiles = sqlx::query_scalar("SELECT name FROM profile ORDER BY id")
            .fetch_all(db)
            .await?;
        let groups = sqlx::query_scalar("SELECT name FROM customer_group ORDER BY id")
            .fetch_all(db)
            .await?;
        let main_menu = db.rows(
            "SELECT mi.label, mi.kind, COALESCE(CASE WHEN mi.kind IN ('page', 'post') THEN (SELECT slug FROM post WHERE id = mi.target_id) \
               WHEN mi.kind = 'category' THEN (SELECT slug FROM category WHERE id = mi.target_id) ELSE mi.url END, '') AS target_slug, \
               (mi.parent_id IS NULL) AS top_level \
             FROM menu_item mi JOIN menu m ON m.id = mi.menu_id WHERE m.location = 'main' ORDER BY mi.position, mi.id",
            (),
        ).await?;
        let cart_rule_codes = sqlx::query_scalar(
            "SELECT UPPER(code) FROM cart_rule WHERE code IS NOT NULL ORDER BY id",
        )
        .fetch_all(db)
        .await?;
        let search_aliases = sqlx::query_scalar("SELECT alias FROM search_alias ORDER BY id")
            .fetch_all(db)
            .await?;
        let blog_media =
            sqlx::query_scalar("SELECT file FROM media WHERE file LIKE 'blog/%' ORDER BY id")
                .fetch_all(db)
                .await?;
        let slide_media =
            sqlx::query_scalar("SELECT file FROM media WHERE file LIKE 'slides/%' ORDER BY id")
                .fetch_all(db)
                .await?;
        let home_titles = sqlx::query_scalar("SELECT title FROM home_block ORDER BY id")
            .fetch_all(db)
            .await?;
        let traffic_last_day: Option<String> =
            db.one("SELECT MAX(day) FROM traffic_daily", ()).await?;
        let has_widgets: bool = db.one(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'widget')",
            (),
        ).await?;
        let privacy_text: Option<String> = db.optional(
            "SELECT blocks FROM post WHERE kind = 'page' AND slug = 'politique-de-confidentialite'",
            (),
        ).await?;
        Ok(ContextData {
            context_id: meta
                .get(e5_shop_db::meta::CONTEXT_ID)
                .cloned()
                .unwrap_or_default(),
            context_version: meta
                .get(e5_shop_db::meta::CONTEXT_VERSION)
                .cloned()
                .unwrap_or_default(),
            settings,
            products,
            categories,
            customers,
            delivered_lines,
            pending_orders,
            posts,
            terms,
            employees,
            profiles,
            groups,
            main_menu,
            cart_rule_codes,
            search_aliases,
            blog_media,
            slide_media,
            home_titles,
            traffic_last_day: traffic_last_day.unwrap_or_default(),
            has_widgets,
            privacy_text: privacy_text.unwrap_or_default(),
        })
    }

    pub(crate) fn setting(&self, key: &str) -> &str {
        self.settings.get(key).map_or("", String::as_str)
    }

    pub(crate) fn shop_name(&self) -> &str {
        match self.setting(setting::SHOP_NAME) {
            "" => "l'entreprise",
            name => name,
        }
    }

    pub(crate) fn published(&self, kind: &str) -> Vec<&Post> {
        self.posts
            .iter()
            .filter(|p| p.kind == kind && p.status == "publish")
            .collect()
    }

    pub(crate) fn product_exists(&self, reference: &str) -> bool {
        self.products.iter().any(|p| p.reference == reference)
    }
}
