//! Every figure of the statistics dashboard, computed from the sandbox's own rows. The
//! formulas are documented for teachers in `docs/statistics.md`; keep both in step.

use e5_shop_db::query::Read;
use serde::Serialize;
use sqlx::SqlitePool;

use super::period::Period;

/// Orders that count as sales: every order except those whose current state is
/// "Annulé" (cancelled) or "Erreur de paiement".
pub const VALID_ORDER: &str = "o.state_id NOT IN (SELECT id FROM order_state WHERE cancelled = 1 OR name = 'Erreur de paiement')";

/// The headline figures of one period.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    pub sessions: i64,
    pub visitors: i64,
    pub new_visitors: i64,
    pub page_views: i64,
    pub bounces: i64,
    pub carts_created: i64,
    pub carts_abandoned: i64,
    pub orders: i64,
    pub revenue: i64,
    pub new_customers: i64,
    pub returning_customers: i64,
    pub reviews: i64,
    pub reviews_average: Option<f64>,
    /// Orders on days without any traffic row (a candidate's test orders): one session each.
    pub sessions_added: i64,
}

impl Summary {
    pub fn conversion_rate(&self) -> Option<f64> {
        ratio(self.orders, self.sessions)
    }
    pub fn abandonment_rate(&self) -> Option<f64> {
        ratio(self.carts_abandoned, self.carts_created)
    }
    pub fn bounce_rate(&self) -> Option<f64> {
        ratio(self.bounces, self.sessions)
    }
    pub fn average_basket(&self) -> Option<i64> {
        (self.orders > 0).then(|| (self.revenue as f64 / self.orders as f64).round() as i64)
    }
}

/// A percentage, `None` when the denominator is zero.
pub fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

pub async fn summary(db: &SqlitePool, p: &Period) -> Result<Summary, sqlx::Error> {
    let t: (i64, i64, i64, i64, i64, i64, i64) = db.row(
        "SELECT COALESCE(SUM(sessions), 0), COALESCE(SUM(visitors), 0), COALESCE(SUM(new_visitors), 0), COALESCE(SUM(page_views), 0),
                COALESCE(SUM(bounces), 0), COALESCE(SUM(carts_created), 0), COALESCE(SUM(carts_abandoned), 0)
         FROM traffic_daily WHERE day BETWEEN ? AND ?",
        (&p.from, &p.to),
    ).await?;
    let (orders, revenue): (i64, i64) = db.row(
        &format!(
        "SELECT COUNT(*), COALESCE(SUM(total_paid_cents), 0) FROM orders o WHERE substr(o.created_at, 1, 10) BETWEEN ? AND ? AND {VALID_ORDER}"
    ),
        (&p.from, &p.to),
    ).await?;
    let added = untracked_orders(db, p, None).await?;
    let (new_customers, returning_customers): (i64, i64) = db.row(
        &format!(
        "WITH buyers AS (SELECT DISTINCT o.customer_id FROM orders o WHERE substr(o.created_at, 1, 10) BETWEEN ?1 AND ?2 AND {VALID_ORDER}),
              firsts AS (SELECT o.customer_id, MIN(o.created_at) AS first FROM orders o WHERE {VALID_ORDER} GROUP BY o.customer_id)
         SELECT COALESCE(SUM(substr(f.first, 1, 10) >= ?1), 0), COALESCE(SUM(substr(f.first, 1, 10) < ?1), 0)
         FROM buyers b JOIN firsts f ON f.customer_id = b.customer_id"
    ),
        (&p.from, &p.to),
    ).await?;
    let (reviews, reviews_average): (i64, Option<f64>) = db.row(
        "SELECT COUNT(*), AVG(rating) FROM product_review WHERE status = 'approved' AND substr(created_at, 1, 10) BETWEEN ? AND ?",
        (&p.from, &p.to),
    ).await?;
    Ok(Summary {
        sessions: t.0 + added,
        visitors: t.1 + added,
        new_visitors: t.2,
        page_views: t.3,
        bounces: t.4,
        carts_created: t.5 + added,
        carts_abandoned: t.6,
        orders,
        revenue,
        new_customers,
        returning_customers,
        reviews,
        reviews_average,
        sessions_added: added,
    })
}

/// Valid orders placed on days that have no traffic row at all (optionally only those of
/// one source or device): each counts as one session, one visitor and one cart, so that a
/// candidate's test order never gives a conversion rate above 100 %.
async fn untracked_orders(
    db: &SqlitePool,
    p: &Period,
    filter: Option<(&str, &str)>,
) -> Result<i64, sqlx::Error> {
    let extra = match filter {
        Some(("source", _)) => " AND o.source = ?3",
        Some(_) => " AND o.device = ?3",
        None => " AND ?3 IS NULL",
    };
    db.one(
        &format!(
        "SELECT COUNT(*) FROM orders o WHERE substr(o.created_at, 1, 10) BETWEEN ?1 AND ?2 AND {VALID_ORDER}
           AND NOT EXISTS (SELECT 1 FROM traffic_daily t WHERE t.day = substr(o.created_at, 1, 10)){extra}"
    ),
        (&p.from, &p.to, filter.map(|(_, v)| v.to_owned())),
    ).await
}

/// One row of the sources or devices table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Segment {
    pub key: String,
    pub label: String,
    pub sessions: i64,
    pub orders: i64,
    pub revenue: i64,
    pub conversion: Option<f64>,
    pub share: Option<f64>,
    /// The two rates as shown ("2,35 %", "—").
    pub conversion_text: String,
    pub share_text: String,
}

pub const SOURCES: [(&str, &str); 6] = [
    ("direct", "Accès direct"),
    ("organic", "Recherche naturelle"),
    ("social", "Réseaux sociaux"),
    ("email", "E-mailing"),
    ("referral", "Sites référents"),
    ("paid", "Publicité payante"),
];

pub const DEVICES: [(&str, &str); 3] = [
    ("desktop", "Ordinateur"),
    ("mobile", "Mobile"),
    ("tablet", "Tablette"),
];

/// Sessions, orders, revenue and conversion per traffic source (`column` = "source") or
/// per device (`column` = "device").
pub async fn segments(
    db: &SqlitePool,
    p: &Period,
    column: &str,
) -> Result<Vec<Segment>, sqlx::Error> {
    let (column, labels): (&str, &[(&str, &str)]) = if column == "source" {
        ("source", &SOURCES)
    } else {
        ("device", &DEVICES)
    };
    let mut out = Vec::new();
    let mut total_sessions = 0;
    for (key, label) in labels {
        let traffic: i64 = db.one(
            &format!(
            "SELECT COALESCE(SUM(sessions), 0) FROM traffic_daily WHERE day BETWEEN ? AND ? AND {column} = ?"
        ),
            (&p.from, &p.to, key),
        ).await?;
        let (orders, revenue): (i64, i64) = db
            .row(
                &format!(
            "SELECT COUNT(*), COALESCE(SUM(total_paid_cents), 0) FROM orders o
             WHERE substr(o.created_at, 1, 10) BETWEEN ? AND ? AND {VALID_ORDER} AND o.{column} = ?"
        ),
                (&p.from, &p.to, key),
            )
            .await?;
        let sessions = traffic + untracked_orders(db, p, Some((column, key))).await?;
        total_sessions += sessions;
        out.push(Segment {
            key: (*key).to_owned(),
            label: (*label).to_owned(),
            sessions,
            orders,
            revenue,
            conversion: ratio(orders, sessions),
            share: None,
            conversion_text: super::percent_text(ratio(orders, sessions)),
            share_text: String::new(),
        });
    }
    for s in &mut out {
        s.share = ratio(s.sessions, total_sessions);
        s.share_text = super::percent_text(s.share);
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize, PartialEq, sqlx::FromRow)]
pub struct Ranked {
    pub name: String,
    pub quantity: i64,
    pub revenue: i64,
}

/// Best-selling products by revenue TTC (unit price after catalogue discounts × quantity).
pub async fn top_products(
    db: &SqlitePool,
    p: &Period,
    limit: i64,
) -> Result<Vec<Ranked>, sqlx::Error> {
    db.rows(
        &format!(
        "SELECT l.product_name AS name, SUM(l.quantity) AS quantity, SUM(l.unit_price_cents * l.quantity) AS revenue
         FROM order_line l JOIN orders o ON o.id = l.order_id
         WHERE substr(o.created_at, 1, 10) BETWEEN ? AND ? AND {VALID_ORDER}
         GROUP BY COALESCE(l.product_id, l.product_name) ORDER BY revenue DESC, quantity DESC, name LIMIT ?"
    ),
        (&p.from, &p.to, limit),
    ).await
}

/// Best-selling categories (the products' default category) by revenue TTC.
pub async fn top_categories(
    db: &SqlitePool,
    p: &Period,
    limit: i64,
) -> Result<Vec<Ranked>, sqlx::Error> {
    db.rows(
        &format!(
        "SELECT c.name AS name, SUM(l.quantity) AS quantity, SUM(l.unit_price_cents * l.quantity) AS revenue
         FROM order_line l JOIN orders o ON o.id = l.order_id JOIN product pr ON pr.id = l.product_id JOIN category c ON c.id = pr.category_id
         WHERE substr(o.created_at, 1, 10) BETWEEN ? AND ? AND {VALID_ORDER}
         GROUP BY c.id ORDER BY revenue DESC, name LIMIT ?"
    ),
        (&p.from, &p.to, limit),
    ).await
}

#[derive(Debug, Clone, Serialize, PartialEq, sqlx::FromRow)]
pub struct SearchTerm {
    pub term: String,
    pub searches: i64,
    pub without_result: i64,
}

/// The most searched terms (lower-cased, trimmed) and how many searches found nothing.
pub async fn search_terms(
    db: &SqlitePool,
    p: &Period,
    limit: i64,
) -> Result<Vec<SearchTerm>, sqlx::Error> {
    db.rows(
        "SELECT LOWER(TRIM(query)) AS term, COUNT(*) AS searches, SUM(results = 0) AS without_result
         FROM search_log WHERE substr(created_at, 1, 10) BETWEEN ? AND ?
         GROUP BY term ORDER BY searches DESC, term LIMIT ?",
        (&p.from, &p.to, limit),
    ).await
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Day {
    pub day: String,
    pub sessions: i64,
    pub orders: i64,
    pub revenue: i64,
}

/// Day by day: sessions (with the untracked orders' sessions), valid orders, revenue.
pub async fn daily(db: &SqlitePool, p: &Period) -> Result<Vec<Day>, sqlx::Error> {
    let traffic: Vec<(String, i64)> = db
        .rows(
            "SELECT day, SUM(sessions) FROM traffic_daily WHERE day BETWEEN ? AND ? GROUP BY day",
            (&p.from, &p.to),
        )
        .await?;
    let orders: Vec<(String, i64, i64)> = db
        .rows(
            &format!(
        "SELECT substr(o.created_at, 1, 10) AS day, COUNT(*), SUM(total_paid_cents) FROM orders o
         WHERE substr(o.created_at, 1, 10) BETWEEN ? AND ? AND {VALID_ORDER} GROUP BY day"
    ),
            (&p.from, &p.to),
        )
        .await?;
    Ok(p.each_day()
        .into_iter()
        .map(|day| {
            let (n, revenue) = orders
                .iter()
                .find(|(d, _, _)| *d == day)
                .map_or((0, 0), |(_, n, r)| (*n, *r));
            let sessions = traffic
                .iter()
                .find(|(d, _)| *d == day)
                .map_or(n, |(_, s)| *s);
            Day {
                day,
                sessions,
                orders: n,
                revenue,
            }
        })
        .collect())
}

/// The last day of the seeded traffic and the day of the latest order.
pub async fn data_bounds(db: &SqlitePool) -> Result<(String, String), sqlx::Error> {
    db.row(
        "SELECT COALESCE((SELECT MAX(day) FROM traffic_daily), date('now')), COALESCE((SELECT substr(MAX(created_at), 1, 10) FROM orders), '')",
        (),
    ).await
}
