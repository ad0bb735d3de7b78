//! Reading the catalogue as a shopper sees it: products with their prices, categories,
//! combinations, reviews. Read-only; every function takes the site's read pool.

use e5_shop_db::query::Read;
use serde::Serialize;
use sqlx::SqlitePool;

use crate::pricing::{self, Buying, Reduction, Target, UnitPrice};

/// Who is looking: prices depend on the customer's group.
#[derive(Debug, Clone, Serialize)]
pub struct Shopper {
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub group_id: i64,
    pub group_percent: f64,
    pub prices_ht: bool,
    /// Categories the shopper's group does not see (set by the storefront's `Visit`).
    #[serde(skip)]
    pub hidden: std::sync::Arc<crate::visibility::HiddenCategories>,
}

/// The "Visiteur" group (id 1) applies to anyone not logged in, as in PrestaShop.
const VISITOR_GROUP: i64 = 1;

impl Shopper {
    pub async fn load(db: &SqlitePool, customer_id: Option<i64>) -> Result<Shopper, sqlx::Error> {
        let customer: Option<(i64, String, String)> = match customer_id {
            Some(id) => db.row_optional(
                "SELECT default_group_id, first_name, last_name FROM customer WHERE id = ? AND active = 1",
                (id,),
            ).await?,
            None => None,
        };
        let group_id = customer.as_ref().map_or(VISITOR_GROUP, |c| c.0);
        let (group_percent, display): (f64, String) = db
            .row_optional(
                "SELECT reduction_percent, price_display FROM customer_group WHERE id = ?",
                (group_id,),
            )
            .await?
            .unwrap_or((0.0, "TTC".into()));
        Ok(Shopper {
            customer_id: customer.as_ref().and(customer_id),
            customer_name: customer.map(|c| format!("{} {}", c.1, c.2)),
            group_id,
            group_percent,
            prices_ht: display == "HT",
            hidden: Default::default(),
        })
    }
}

/// What a product's price depends on, besides the shopper and the date.
#[derive(Debug, Clone, sqlx::FromRow)]
struct PriceBase {
    id: i64,
    price_ht_cents: i64,
    rate: f64,
    brand_id: Option<i64>,
    /// Comma-separated ids of every category the product is in.
    category_ids: Option<String>,
}

impl PriceBase {
    fn categories(&self) -> Vec<i64> {
        self.category_ids
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter_map(|c| c.parse().ok())
            .collect()
    }
}

/// Catalogue reductions (specific prices and catalogue price rules) valid at one moment.
/// Read once per page and matched in memory, so that a list of products costs one query
/// for their prices rather than several per product.
#[derive(Debug, Default)]
pub struct Reductions {
    specific: Vec<SpecificRow>,
    rules: Vec<RuleRow>,
}

#[derive(Debug, sqlx::FromRow)]
struct SpecificRow {
    product_id: i64,
    combination_id: Option<i64>,
    customer_group_id: Option<i64>,
    customer_id: Option<i64>,
    from_quantity: i64,
    reduction_percent: f64,
    reduction_cents: i64,
}

#[derive(Debug, sqlx::FromRow)]
struct RuleRow {
    category_id: Option<i64>,
    brand_id: Option<i64>,
    customer_group_id: Option<i64>,
    from_quantity: i64,
    reduction_percent: f64,
    reduction_cents: i64,
}

fn reduction_of(percent: f64, cents: i64) -> impl Iterator<Item = Reduction> {
    let p = (percent > 0.0).then_some(Reduction::Percent(percent));
    let a = (cents > 0).then_some(Reduction::Amount(cents));
    p.into_iter().chain(a)
}

impl Reductions {
    pub async fn load(db: &SqlitePool, now: &str) -> Result<Reductions, sqlx::Error> {
        let specific = db.rows(
            "SELECT product_id, combination_id, customer_group_id, customer_id, from_quantity, reduction_percent, reduction_cents
             FROM specific_price WHERE (starts_at IS NULL OR starts_at <= ?1) AND (ends_at IS NULL OR ends_at >= ?1)",
            (now,),
        ).await?;
        let rules = db.rows(
            "SELECT category_id, brand_id, customer_group_id, from_quantity, reduction_percent, reduction_cents
             FROM catalog_rule WHERE active = 1
               AND (starts_at IS NULL OR starts_at <= ?1) AND (ends_at IS NULL OR ends_at >= ?1)",
            (now,),
        ).await?;
        Ok(Reductions { specific, rules })
    }

    /// The reductions that apply to this product (and combination) for this shopper, buying
    /// `quantity` units (1 on product pages and lists; the line's quantity in the cart).
    fn matching(
        &self,
        shopper: &Shopper,
        base: &PriceBase,
        combination_id: Option<i64>,
        quantity: i64,
    ) -> Vec<Reduction> {
        let buying = Buying {
            combination_id,
            group_id: shopper.group_id,
            customer_id: shopper.customer_id,
            quantity,
        };
        let categories = base.categories();
        let specific = self
            .specific
            .iter()
            .filter(|r| r.product_id == base.id)
            .filter(|r| {
                Target {
                    combination_id: r.combination_id,
                    group_id: r.customer_group_id,
                    customer_id: r.customer_id,
                    from_quantity: r.from_quantity,
                }
                .applies_to(&buying)
            })
            .flat_map(|r| reduction_of(r.reduction_percent, r.reduction_cents));
        let rules = self
            .rules
            .iter()
            .filter(|r| r.category_id.is_none_or(|c| categories.contains(&c)))
            .filter(|r| r.brand_id.is_none_or(|b| Some(b) == base.brand_id))
            .filter(|r| {
                Target {
                    group_id: r.customer_group_id,
                    from_quantity: r.from_quantity,
                    ..Target::default()
                }
                .applies_to(&buying)
            })
            .flat_map(|r| reduction_of(r.reduction_percent, r.reduction_cents));
        specific.chain(rules).collect()
    }

    fn price(
        &self,
        shopper: &Shopper,
        base: &PriceBase,
        combination_id: Option<i64>,
        impact: i64,
    ) -> UnitPrice {
        self.price_for(shopper, base, combination_id, impact, 1)
    }

    fn price_for(
        &self,
        shopper: &Shopper,
        base: &PriceBase,
        combination_id: Option<i64>,
        impact: i64,
        quantity: i64,
    ) -> UnitPrice {
        pricing::unit_price(
            base.price_ht_cents + impact,
            base.rate,
            &self.matching(shopper, base, combination_id, quantity),
            shopper.group_percent,
        )
    }
}

/// The unit price of a product (and combination) for this shopper, today.
pub async fn price_of(
    db: &SqlitePool,
    shopper: &Shopper,
    product_id: i64,
    combination_id: Option<i64>,
    now: &str,
) -> Result<UnitPrice, sqlx::Error> {
    let reductions = Reductions::load(db, now).await?;
    price_with(db, &reductions, shopper, product_id, combination_id).await
}

/// [`price_of`] with reductions already loaded, for pages that price several things.
pub async fn price_with(
    db: &SqlitePool,
    reductions: &Reductions,
    shopper: &Shopper,
    product_id: i64,
    combination_id: Option<i64>,
) -> Result<UnitPrice, sqlx::Error> {
    price_for_quantity(db, reductions, shopper, product_id, combination_id, 1).await
}

/// The unit price when buying `quantity` units at once: what the cart charges, so that a
/// specific price "from 3 units" applies to a line of 3.
pub async fn price_for_quantity(
    db: &SqlitePool,
    reductions: &Reductions,
    shopper: &Shopper,
    product_id: i64,
    combination_id: Option<i64>,
    quantity: i64,
) -> Result<UnitPrice, sqlx::Error> {
    let (base, impact): (PriceBase, i64) = {
        let row: PriceBaseWithImpact = db.row(
            "SELECT p.id, p.price_ht_cents, t.rate, p.brand_id,
                    (SELECT group_concat(category_id) FROM product_category WHERE product_id = p.id) AS category_ids,
                    COALESCE((SELECT price_impact_cents FROM combination WHERE id = ?2 AND product_id = p.id), 0) AS impact
             FROM product p JOIN tax_rule t ON t.id = p.tax_rule_id WHERE p.id = ?1",
            (product_id, combination_id),
        ).await?;
        (row.base, row.impact)
    };
    Ok(reductions.price_for(shopper, &base, combination_id, impact, quantity))
}

/// The product's quantity prices for this shopper today, as PrestaShop's "Remises sur
/// quantité" table: each minimum quantity (above 1) of its specific prices that lowers the
/// unit price, with that price (for the default combination when there are some).
pub async fn quantity_prices(
    db: &SqlitePool,
    shopper: &Shopper,
    product_id: i64,
    combination_id: Option<i64>,
    now: &str,
) -> Result<Vec<(i64, UnitPrice)>, sqlx::Error> {
    let reductions = Reductions::load(db, now).await?;
    let mut quantities: Vec<i64> = reductions
        .specific
        .iter()
        .filter(|r| r.product_id == product_id && r.from_quantity > 1)
        .map(|r| r.from_quantity)
        .collect();
    if quantities.is_empty() {
        return Ok(Vec::new());
    }
    quantities.sort_unstable();
    quantities.dedup();
    let single =
        price_for_quantity(db, &reductions, shopper, product_id, combination_id, 1).await?;
    let mut out: Vec<(i64, UnitPrice)> = Vec::new();
    for q in quantities {
        let price =
            price_for_quantity(db, &reductions, shopper, product_id, combination_id, q).await?;
        let lower = out.last().map_or(single.ttc, |(_, p)| p.ttc);
        if price.ttc < lower {
            out.push((q, price));
        }
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct PriceBaseWithImpact {
    #[sqlx(flatten)]
    base: PriceBase,
    impact: i64,
}

/// A product in a list (home, category, search).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ProductCard {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub summary: String,
    pub cover_media_id: Option<i64>,
    pub brand: Option<String>,
    pub stock: i64,
    pub low_stock_threshold: i64,
    pub out_of_stock: String,
    pub combinations: i64,
    pub rating: Option<f64>,
    pub reviews: i64,
    #[sqlx(skip)]
    pub price: Option<UnitPrice>,
    /// What the price is computed from (not shown).
    #[sqlx(flatten)]
    #[serde(skip)]
    base: PriceBase,
    #[serde(skip)]
    default_combination: Option<i64>,
    #[serde(skip)]
    default_impact: i64,
}

const CARD_SELECT: &str = "
    SELECT p.id, p.name, p.slug, p.summary, p.cover_media_id, b.name AS brand,
           CASE WHEN EXISTS (SELECT 1 FROM combination c WHERE c.product_id = p.id)
                THEN (SELECT SUM(quantity) FROM combination c WHERE c.product_id = p.id)
                ELSE p.quantity END AS stock,
           p.low_stock_threshold, p.out_of_stock,
           (SELECT COUNT(*) FROM combination c WHERE c.product_id = p.id) AS combinations,
           (SELECT AVG(rating) FROM product_review r WHERE r.product_id = p.id AND r.status = 'approved') AS rating,
           (SELECT COUNT(*) FROM product_review r WHERE r.product_id = p.id AND r.status = 'approved') AS reviews,
           p.price_ht_cents, t.rate, p.brand_id,
           (SELECT group_concat(category_id) FROM product_category pc WHERE pc.product_id = p.id) AS category_ids,
           (SELECT c.id FROM combination c WHERE c.product_id = p.id ORDER BY c.is_default DESC, c.id LIMIT 1) AS default_combination,
           COALESCE((SELECT c.price_impact_cents FROM combination c WHERE c.product_id = p.id ORDER BY c.is_default DESC, c.id LIMIT 1), 0) AS default_impact
    FROM product p JOIN tax_rule t ON t.id = p.tax_rule_id LEFT JOIN brand b ON b.id = p.brand_id";

async fn with_prices(
    db: &SqlitePool,
    shopper: &Shopper,
    now: &str,
    mut cards: Vec<ProductCard>,
) -> Result<Vec<ProductCard>, sqlx::Error> {
    let reductions = Reductions::load(db, now).await?;
    for card in &mut cards {
        card.price = Some(reductions.price(
            shopper,
            &card.base,
            card.default_combination,
            card.default_impact,
        ));
    }
    Ok(cards)
}

/// The featured products, newest first (at most 24: the home page shows as many as the
/// "Produits phares" module says).
pub async fn featured(
    db: &SqlitePool,
    shopper: &Shopper,
    now: &str,
) -> Result<Vec<ProductCard>, sqlx::Error> {
    let cards = db.rows(
        &format!(
        "{CARD_SELECT} WHERE p.active = 1 AND p.featured = 1{} ORDER BY p.updated_at DESC, p.id LIMIT 24",
        shopper.hidden.product_filter()
    ),
        (),
    ).await?;
    with_prices(db, shopper, now, cards).await
}

/// Best sellers over all orders, for the "popular products" block.
pub async fn popular(
    db: &SqlitePool,
    shopper: &Shopper,
    now: &str,
    limit: i64,
) -> Result<Vec<ProductCard>, sqlx::Error> {
    let cards = db.rows(
        &format!(
        "{CARD_SELECT} LEFT JOIN (SELECT product_id, SUM(quantity) AS sold FROM order_line GROUP BY product_id) s ON s.product_id = p.id
         WHERE p.active = 1{} ORDER BY COALESCE(s.sold, 0) DESC, p.id LIMIT ?",
        shopper.hidden.product_filter()
    ),
        (limit,),
    ).await?;
    with_prices(db, shopper, now, cards).await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Relevance,
    PriceAsc,
    PriceDesc,
    NameAsc,
    Newest,
}

impl Sort {
    /// The choices of the "Trier par" list: URL value and label.
    pub const OPTIONS: [(&str, &str); 5] = [
        ("", "Pertinence"),
        ("prix-croissant", "Prix croissant"),
        ("prix-decroissant", "Prix décroissant"),
        ("nom", "Nom, de A à Z"),
        ("nouveautes", "Nouveautés"),
    ];

    pub fn parse(s: Option<&str>) -> Sort {
        match s {
            Some("prix-croissant") => Sort::PriceAsc,
            Some("prix-decroissant") => Sort::PriceDesc,
            Some("nom") => Sort::NameAsc,
            Some("nouveautes") => Sort::Newest,
            _ => Sort::Relevance,
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            Sort::Relevance => "p.featured DESC, p.id",
            Sort::PriceAsc => "p.price_ht_cents, p.id",
            Sort::PriceDesc => "p.price_ht_cents DESC, p.id",
            Sort::NameAsc => "p.name COLLATE NOCASE, p.id",
            Sort::Newest => "p.created_at DESC, p.id DESC",
        }
    }
}

pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

pub const PER_PAGE: i64 = 12;

/// Active products of a category and its sub-categories.
pub async fn in_category(
    db: &SqlitePool,
    shopper: &Shopper,
    now: &str,
    category_id: i64,
    sort: Sort,
    page: i64,
) -> Result<Page<ProductCard>, sqlx::Error> {
    let scope = "p.active = 1 AND p.id IN (SELECT pc.product_id FROM product_category pc WHERE pc.category_id IN (
        WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT c.id FROM category c JOIN sub ON c.parent_id = sub.id WHERE c.active = 1)
        SELECT id FROM sub))";
    let scope = format!("{scope}{}", shopper.hidden.product_filter());
    let total: i64 = db
        .one(
            &format!("SELECT COUNT(*) FROM product p WHERE {scope}"),
            (category_id,),
        )
        .await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let cards = db
        .rows(
            &format!(
                "{CARD_SELECT} WHERE {scope} ORDER BY {} LIMIT ?2 OFFSET ?3",
                sort.order_by()
            ),
            (category_id, PER_PAGE, (page - 1) * PER_PAGE),
        )
        .await?;
    Ok(Page {
        items: with_prices(db, shopper, now, cards).await?,
        total,
        page,
        pages,
    })
}

/// Search by words in name, summary, reference and brand; search aliases rewrite the query
/// first ("couette" → "housse de couette").
pub async fn search(
    db: &SqlitePool,
    shopper: &Shopper,
    now: &str,
    query: &str,
) -> Result<Vec<ProductCard>, sqlx::Error> {
    let alias: Option<String> = db
        .optional(
            "SELECT search FROM search_alias WHERE alias = lower(?)",
            (query.trim(),),
        )
        .await?;
    let query = alias.unwrap_or_else(|| query.trim().to_owned());
    let words: Vec<String> = query
        .split_whitespace()
        .filter(|w| w.chars().count() > 1)
        .map(|w| format!("%{}%", w.replace(['%', '_'], "")))
        .collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let condition = words
        .iter()
        .enumerate()
        .map(|(i, _)| format!("(p.name LIKE ?{n} OR p.summary LIKE ?{n} OR p.reference LIKE ?{n} OR b.name LIKE ?{n})", n = i + 1))
        .collect::<Vec<_>>()
        .join(" AND ");
    let sql = format!(
        "{CARD_SELECT} WHERE p.active = 1 AND {condition}{} ORDER BY p.featured DESC, p.id LIMIT 48",
        shopper.hidden.product_filter()
    );
    let mut q = sqlx::query_as(&sql);
    for w in &words {
        q = q.bind(w);
    }
    let cards = q.fetch_all(db).await?;
    with_prices(db, shopper, now, cards).await
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Category {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub slug: String,
    pub description: String,
    pub meta_title: String,
    pub meta_description: String,
    pub image_media_id: Option<i64>,
}

pub async fn categories(db: &SqlitePool) -> Result<Vec<Category>, sqlx::Error> {
    db.rows(
        "SELECT id, parent_id, name, slug, description, meta_title, meta_description, image_media_id FROM category WHERE active = 1 ORDER BY position, name",
        (),
    ).await
}

pub async fn category_by_slug(
    db: &SqlitePool,
    slug: &str,
) -> Result<Option<Category>, sqlx::Error> {
    db.row_optional(
        "SELECT id, parent_id, name, slug, description, meta_title, meta_description, image_media_id FROM category WHERE slug = ? AND active = 1",
        (slug,),
    ).await
}

/// The chain of categories from the top down to `id`, for the breadcrumb.
pub async fn category_path(db: &SqlitePool, id: i64) -> Result<Vec<Category>, sqlx::Error> {
    db.rows(
        "WITH RECURSIVE up(id, depth) AS (SELECT ?, 0 UNION SELECT c.parent_id, depth + 1 FROM category c JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL)
         SELECT c.id, c.parent_id, c.name, c.slug, c.description, c.meta_title, c.meta_description, c.image_media_id
         FROM category c JOIN up ON up.id = c.id ORDER BY up.depth DESC",
        (id,),
    ).await
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ProductDetail {
    pub id: i64,
    pub reference: String,
    pub name: String,
    pub slug: String,
    pub summary: String,
    pub description: String,
    /// Editor blocks of the summary and description ("" when only the plain text exists).
    pub summary_blocks: String,
    pub description_blocks: String,
    pub category_id: i64,
    pub brand: Option<String>,
    pub quantity: i64,
    pub low_stock_threshold: i64,
    pub out_of_stock: String,
    pub available_date: Option<String>,
    pub web_exclusive: i64,
    pub is_pack: i64,
    pub cover_media_id: Option<i64>,
    pub meta_title: String,
    pub meta_description: String,
}

pub async fn product_by_slug(
    db: &SqlitePool,
    slug: &str,
) -> Result<Option<ProductDetail>, sqlx::Error> {
    db.row_optional(
        "SELECT p.id, p.reference, p.name, p.slug, p.summary, p.description, p.summary_blocks, p.description_blocks, p.category_id, b.name AS brand, p.quantity,
                p.low_stock_threshold, p.out_of_stock, p.available_date, p.web_exclusive, p.is_pack, p.cover_media_id,
                p.meta_title, p.meta_description
         FROM product p LEFT JOIN brand b ON b.id = p.brand_id WHERE p.slug = ? AND p.active = 1",
        (slug,),
    ).await
}

#[derive(Debug, Clone, Serialize)]
pub struct CombinationView {
    pub id: i64,
    pub label: String,
    pub quantity: i64,
    pub is_default: bool,
    pub price: UnitPrice,
}

pub async fn combinations(
    db: &SqlitePool,
    shopper: &Shopper,
    now: &str,
    product_id: i64,
) -> Result<Vec<CombinationView>, sqlx::Error> {
    let rows: Vec<(i64, i64, i64, Option<String>)> = db.rows(
        "SELECT c.id, c.quantity, c.is_default,
                (SELECT group_concat(g.public_name || ' : ' || a.name, ', ')
                   FROM combination_attribute ca JOIN attribute a ON a.id = ca.attribute_id
                   JOIN attribute_group g ON g.id = a.group_id WHERE ca.combination_id = c.id ORDER BY g.position)
         FROM combination c WHERE c.product_id = ? ORDER BY c.id",
        (product_id,),
    ).await?;
    let reductions = Reductions::load(db, now).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, quantity, is_default, label) in rows {
        let price = price_with(db, &reductions, shopper, product_id, Some(id)).await?;
        out.push(CombinationView {
            id,
            label: label.unwrap_or_default(),
            quantity,
            is_default: is_default != 0,
            price,
        });
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Review {
    pub author_name: String,
    pub title: String,
    pub content: String,
    pub rating: i64,
    pub reply: String,
    pub created_at: String,
}

pub async fn approved_reviews(
    db: &SqlitePool,
    product_id: i64,
) -> Result<Vec<Review>, sqlx::Error> {
    db.rows(
        "SELECT author_name, title, content, rating, reply, created_at FROM product_review WHERE product_id = ? AND status = 'approved' ORDER BY created_at DESC",
        (product_id,),
    ).await
}

pub async fn features(
    db: &SqlitePool,
    product_id: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    db.rows(
        "SELECT f.name, pf.value FROM product_feature pf JOIN feature f ON f.id = pf.feature_id WHERE pf.product_id = ? ORDER BY f.position, f.name",
        (product_id,),
    ).await
}

pub async fn accessories(
    db: &SqlitePool,
    shopper: &Shopper,
    now: &str,
    product_id: i64,
) -> Result<Vec<ProductCard>, sqlx::Error> {
    let cards = db.rows(
        &format!(
        "{CARD_SELECT} WHERE p.active = 1 AND p.id IN (SELECT accessory_id FROM product_accessory WHERE product_id = ?){} ORDER BY p.id",
        shopper.hidden.product_filter()
    ),
        (product_id,),
    ).await?;
    with_prices(db, shopper, now, cards).await
}

pub async fn gallery(db: &SqlitePool, product_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    db.rows(
        "SELECT m.id, m.alt FROM product_media pm JOIN media m ON m.id = pm.media_id WHERE pm.product_id = ? ORDER BY pm.position",
        (product_id,),
    ).await
}

pub async fn pack_items(
    db: &SqlitePool,
    product_id: i64,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    db.rows(
        "SELECT p.name, p.slug, i.quantity FROM pack_item i JOIN product p ON p.id = i.product_id WHERE i.pack_id = ? ORDER BY p.name",
        (product_id,),
    ).await
}

pub async fn customization_fields(
    db: &SqlitePool,
    product_id: i64,
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    db.rows(
        "SELECT id, label, required FROM customization_field WHERE product_id = ? AND kind = 'text' ORDER BY id",
        (product_id,),
    ).await
}
