//! Reading a cart with its prices, cart rules and shipping options.

use e5_shop_db::query::Read;
use serde::Serialize;
use sqlx::SqlitePool;

use crate::catalog::{self, Shopper};
use crate::pricing::{self, CartRule, CartTotals, RuleContext, RuleLine, UnitPrice};
use e5_domain::setting;

#[derive(Debug, Clone, Serialize)]
pub struct CartLineView {
    pub id: i64,
    pub product_id: i64,
    pub combination_id: Option<i64>,
    pub name: String,
    pub slug: String,
    pub reference: String,
    pub options: String,
    pub customization: String,
    pub quantity: i64,
    pub cover_media_id: Option<i64>,
    pub unit: UnitPrice,
    pub total: i64,
    pub weight_grams: i64,
    pub tax_rate: f64,
    /// The gift of a cart rule: one unit at 0 €, shown "Cadeau", no quantity to change.
    pub gift: bool,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CarrierOption {
    pub id: i64,
    pub name: String,
    pub delay: String,
    pub is_free: i64,
    #[sqlx(skip)]
    pub price: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CartView {
    pub id: i64,
    pub lines: Vec<CartLineView>,
    pub item_count: i64,
    pub carriers: Vec<CarrierOption>,
    pub carrier_id: Option<i64>,
    pub totals: CartTotals,
    /// Cart rules the shopper entered that no longer apply, with the reason.
    pub rejected_rules: Vec<(String, String)>,
    /// The lines as the cart-rule engine sees them.
    #[serde(skip)]
    pub rule_lines: Vec<RuleLine>,
    /// The gifts the applying rules offer, as (rule id, rule name, product id): what
    /// `command::cart::sync_gifts` makes the cart hold.
    #[serde(skip)]
    pub offered_gifts: Vec<(i64, String, i64)>,
}

#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    product_id: i64,
    combination_id: Option<i64>,
    quantity: i64,
    customization: String,
    name: String,
    slug: String,
    reference: String,
    cover_media_id: Option<i64>,
    weight_grams: i64,
    brand_id: Option<i64>,
    rate: f64,
    options: Option<String>,
}

/// The free-shipping threshold from the shop settings, if one is set.
pub async fn free_shipping_threshold(db: &SqlitePool) -> Result<Option<i64>, sqlx::Error> {
    let v: Option<String> = db
        .optional(
            "SELECT value FROM setting WHERE key = ?",
            (setting::SHIPPING_FREE_THRESHOLD_CENTS,),
        )
        .await?;
    Ok(v.and_then(|v| v.trim().parse().ok())
        .filter(|v: &i64| *v > 0))
}

/// Where the cart is to be delivered; before the address is known, mainland France.
#[derive(Debug, Clone, Copy)]
pub struct Destination<'a> {
    pub country_iso: &'a str,
    pub postcode: &'a str,
}

impl Destination<'static> {
    pub const FRANCE: Destination<'static> = Destination {
        country_iso: "FR",
        postcode: "",
    };
}

pub async fn load(
    db: &SqlitePool,
    shopper: &Shopper,
    cart_id: i64,
    now: &str,
    carrier_id: Option<i64>,
    destination: Destination<'_>,
) -> Result<CartView, sqlx::Error> {
    let rows: Vec<LineRow> = db.rows(
        "SELECT l.id, l.product_id, l.combination_id, l.quantity, l.customization, p.name, p.slug,
                COALESCE(NULLIF(c.reference, ''), p.reference) AS reference, p.cover_media_id, p.weight_grams, p.brand_id, t.rate,
                (SELECT group_concat(g.public_name || ' : ' || a.name, ', ') FROM combination_attribute ca
                   JOIN attribute a ON a.id = ca.attribute_id JOIN attribute_group g ON g.id = a.group_id
                  WHERE ca.combination_id = l.combination_id) AS options
         FROM cart_line l JOIN product p ON p.id = l.product_id JOIN tax_rule t ON t.id = p.tax_rule_id
         LEFT JOIN combination c ON c.id = l.combination_id
         WHERE l.cart_id = ? ORDER BY l.id",
        (cart_id,),
    ).await?;

    let reductions = catalog::Reductions::load(db, now).await?;
    let mut lines = Vec::with_capacity(rows.len());
    let mut rule_lines = Vec::with_capacity(rows.len());
    for r in rows {
        let unit = catalog::price_for_quantity(
            db,
            &reductions,
            shopper,
            r.product_id,
            r.combination_id,
            r.quantity,
        )
        .await?;
        let category_ids: Vec<i64> =
            sqlx::query_scalar("SELECT category_id FROM product_category WHERE product_id = ?")
                .bind(r.product_id)
                .fetch_all(db)
                .await?;
        rule_lines.push(RuleLine {
            product_id: r.product_id,
            category_ids,
            brand_id: r.brand_id,
            quantity: r.quantity,
            unit_ttc: unit.ttc,
            discounted: unit.is_discounted(),
        });
        lines.push(CartLineView {
            id: r.id,
            product_id: r.product_id,
            combination_id: r.combination_id,
            name: r.name,
            slug: r.slug,
            reference: r.reference,
            options: r.options.unwrap_or_default(),
            customization: r.customization,
            quantity: r.quantity,
            cover_media_id: r.cover_media_id,
            total: unit.ttc * r.quantity,
            unit,
            weight_grams: r.weight_grams,
            tax_rate: r.rate,
            gift: false,
        });
    }

    let paid_weight: i64 = lines.iter().map(|l| l.weight_grams * l.quantity).sum();
    let products: i64 = lines.iter().map(|l| l.total).sum();
    // Gifts travel in the parcel too. The rules that keep them are only known once a carrier
    // is chosen, so the gifts the cart holds count first, and the shipping is priced again
    // below in the rare case a held gift is no longer offered.
    let gift_rows = held_gifts(db, cart_id).await?;
    let held_weight: i64 = gift_rows.iter().map(|g| g.weight_grams).sum();
    let (carriers, carrier_id, shipping) = price_shipping(
        db,
        destination,
        paid_weight + held_weight,
        products,
        carrier_id,
    )
    .await?;

    let ctx = RuleContext {
        now: now.to_owned(),
        customer_id: shopper.customer_id,
        group_ids: group_ids(db, shopper).await?,
        carrier_id,
        uses_by_customer: 0,
    };
    let (rules, rejected_rules) = valid_rules(db, cart_id, &rule_lines, &ctx).await?;
    let offered_gifts: Vec<(i64, String, i64)> = rules
        .iter()
        .filter_map(|r| Some((r.id, r.name.clone(), r.gift_product_id?)))
        .collect();
    let gifts = gift_lines(db, &reductions, shopper, gift_rows, &offered_gifts).await?;
    let gift_weight: i64 = gifts.iter().map(|g| g.weight_grams).sum();
    let (carriers, carrier_id, shipping) = if gift_weight == held_weight {
        (carriers, carrier_id, shipping)
    } else {
        let weight = paid_weight + gift_weight;
        price_shipping(db, destination, weight, products, carrier_id).await?
    };
    lines.extend(gifts);
    let threshold = free_shipping_threshold(db).await?;
    let tax_rate = lines.first().map_or(20.0, |l| l.tax_rate);
    let totals = pricing::apply_cart_rules(&rule_lines, &rules, shipping, threshold, tax_rate);
    Ok(CartView {
        id: cart_id,
        item_count: lines.iter().map(|l| l.quantity).sum(),
        lines,
        carriers,
        carrier_id,
        totals,
        rejected_rules,
        rule_lines,
        offered_gifts,
    })
}

/// The carriers for this parcel, the one chosen (the wanted one if it is offered, else the
/// first) and its price.
async fn price_shipping(
    db: &SqlitePool,
    destination: Destination<'_>,
    weight: i64,
    products: i64,
    wanted: Option<i64>,
) -> Result<(Vec<CarrierOption>, Option<i64>, i64), sqlx::Error> {
    let carriers = carrier_options(
        db,
        destination.country_iso,
        destination.postcode,
        weight,
        products,
    )
    .await?;
    let chosen = wanted
        .filter(|id| carriers.iter().any(|c| c.id == *id))
        .or_else(|| carriers.first().map(|c| c.id));
    let price = carriers
        .iter()
        .find(|c| Some(c.id) == chosen)
        .map_or(0, |c| c.price);
    Ok((carriers, chosen, price))
}

/// The gifts the cart holds (`cart_gift`), one unit each, whether or not their rule still
/// applies.
async fn held_gifts(db: &SqlitePool, cart_id: i64) -> Result<Vec<LineRow>, sqlx::Error> {
    db.rows(
        "SELECT -g.cart_rule_id AS id, g.product_id, g.combination_id, 1 AS quantity, '' AS customization, p.name, p.slug,
                COALESCE(NULLIF(c.reference, ''), p.reference) AS reference, p.cover_media_id, p.weight_grams, p.brand_id, t.rate,
                (SELECT group_concat(ag.public_name || ' : ' || a.name, ', ') FROM combination_attribute ca
                   JOIN attribute a ON a.id = ca.attribute_id JOIN attribute_group ag ON ag.id = a.group_id
                  WHERE ca.combination_id = g.combination_id) AS options
         FROM cart_gift g JOIN product p ON p.id = g.product_id JOIN tax_rule t ON t.id = p.tax_rule_id
         LEFT JOIN combination c ON c.id = g.combination_id
         WHERE g.cart_id = ? ORDER BY g.cart_rule_id",
        (cart_id,),
    ).await
}

/// The gift lines the cart holds for rules that still apply: one unit at 0 €, the regular
/// price shown crossed out. Placed after the rules are checked, so a gift never counts
/// towards the minimum amount that earns it.
async fn gift_lines(
    db: &SqlitePool,
    reductions: &catalog::Reductions,
    shopper: &Shopper,
    rows: Vec<LineRow>,
    offered: &[(i64, String, i64)],
) -> Result<Vec<CartLineView>, sqlx::Error> {
    let mut out = Vec::new();
    for r in rows {
        if !offered
            .iter()
            .any(|(rule, _, product)| -r.id == *rule && *product == r.product_id)
        {
            continue;
        }
        let price =
            catalog::price_with(db, reductions, shopper, r.product_id, r.combination_id).await?;
        let unit = UnitPrice {
            ttc: 0,
            ht: 0,
            discount_label: Some("Cadeau".to_owned()),
            ..price
        };
        out.push(CartLineView {
            id: r.id,
            product_id: r.product_id,
            combination_id: r.combination_id,
            name: r.name,
            slug: r.slug,
            reference: r.reference,
            options: r.options.unwrap_or_default(),
            customization: r.customization,
            quantity: r.quantity,
            cover_media_id: r.cover_media_id,
            unit,
            total: 0,
            weight_grams: r.weight_grams,
            tax_rate: r.rate,
            gift: true,
        });
    }
    Ok(out)
}

async fn group_ids(db: &SqlitePool, shopper: &Shopper) -> Result<Vec<i64>, sqlx::Error> {
    let mut ids: Vec<i64> = match shopper.customer_id {
        Some(c) => {
            sqlx::query_scalar("SELECT group_id FROM customer_group_member WHERE customer_id = ?")
                .bind(c)
                .fetch_all(db)
                .await?
        }
        None => Vec::new(),
    };
    ids.push(shopper.group_id);
    Ok(ids)
}

pub(crate) async fn load_rule(
    db: &SqlitePool,
    rule_id: i64,
) -> Result<Option<CartRule>, sqlx::Error> {
    let rule: Option<CartRule> = db.row_optional(
        "SELECT id, name, code, starts_at, ends_at, active, minimum_amount_cents, quantity, quantity_per_customer, customer_id,
                exclude_discounted, combinable, free_shipping, reduction_percent, reduction_cents, reduction_product_id, gift_product_id
         FROM cart_rule WHERE id = ?",
        (rule_id,),
    ).await?;
    let Some(mut rule) = rule else {
        return Ok(None);
    };
    rule.restrictions = db
        .rows(
            "SELECT kind, target_id FROM cart_rule_restriction WHERE cart_rule_id = ?",
            (rule_id,),
        )
        .await?;
    Ok(Some(rule))
}

pub(crate) async fn uses_by_customer(
    db: &SqlitePool,
    rule_id: i64,
    customer_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    match customer_id {
        None => Ok(0),
        Some(c) => db.one(
            "SELECT COUNT(*) FROM order_cart_rule r JOIN orders o ON o.id = r.order_id JOIN order_state s ON s.id = o.state_id
             WHERE r.cart_rule_id = ? AND o.customer_id = ? AND s.cancelled = 0",
            (rule_id, c),
        ).await,
    }
}

/// The cart's rules that still apply (entered codes plus automatic rules), and the entered
/// ones that no longer do, with why.
async fn valid_rules(
    db: &SqlitePool,
    cart_id: i64,
    lines: &[RuleLine],
    ctx: &RuleContext,
) -> Result<(Vec<CartRule>, Vec<(String, String)>), sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        // Applied by priority (1 first), then in order of creation, as PrestaShop does.
        "SELECT id FROM cart_rule WHERE id IN (SELECT cart_rule_id FROM cart_cart_rule WHERE cart_id = ?1)
            OR (code IS NULL AND active = 1 AND starts_at <= ?2 AND ends_at >= ?2) ORDER BY priority, id",
    )
    .bind(cart_id)
    .bind(&ctx.now)
    .fetch_all(db)
    .await?;
    let mut accepted: Vec<CartRule> = Vec::new();
    let mut rejected = Vec::new();
    for id in ids {
        let Some(rule) = load_rule(db, id).await? else {
            continue;
        };
        let ctx = RuleContext {
            uses_by_customer: uses_by_customer(db, id, ctx.customer_id).await?,
            ..ctx.clone()
        };
        match pricing::check_rule(&rule, lines, &ctx, &accepted) {
            Ok(()) => accepted.push(rule),
            Err(why) if rule.code.is_some() => rejected.push((rule.name.clone(), why)),
            Err(_) => {}
        }
    }
    Ok((accepted, rejected))
}

/// The active zone an address is delivered in: the zone claiming the start of its French
/// postcode (Corse: "20"; the longest prefix wins), else its country's zone. `None` when that
/// zone is switched off or the country unknown.
pub async fn delivery_zone(
    db: &SqlitePool,
    country_iso: &str,
    postcode: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let postcode: String = postcode.chars().filter(|c| !c.is_whitespace()).collect();
    let mut claimed: Option<(usize, i64)> = None;
    // Only once the postcode is known: the cart before the address costs no query.
    if country_iso == "FR" && !postcode.is_empty() {
        let zones: Vec<(i64, String)> = db
            .rows(
                "SELECT id, postcode_prefixes FROM zone WHERE postcode_prefixes != ''",
                (),
            )
            .await?;
        for (id, prefixes) in zones {
            for prefix in prefixes.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                if postcode.starts_with(prefix) && claimed.is_none_or(|(len, _)| prefix.len() > len)
                {
                    claimed = Some((prefix.len(), id));
                }
            }
        }
    }
    db.optional(
        "SELECT id FROM zone WHERE active = 1 AND id = COALESCE(?2, (SELECT zone_id FROM country WHERE iso = ?1))",
        (country_iso, claimed.map(|(_, id)| id)),
    ).await
}

/// Carriers that deliver to the address's zone for this weight, with their price: active
/// carriers serving that zone (if it is active), under their maximum weight, priced by their
/// range for the weight or amount plus their handling costs; a free carrier costs nothing.
pub async fn carrier_options(
    db: &SqlitePool,
    country_iso: &str,
    postcode: &str,
    weight_grams: i64,
    amount: i64,
) -> Result<Vec<CarrierOption>, sqlx::Error> {
    let Some(zone) = delivery_zone(db, country_iso, postcode).await? else {
        return Ok(Vec::new());
    };
    let mut carriers: Vec<CarrierOption> = db.rows(
        "SELECT id, name, delay, is_free FROM carrier c WHERE active = 1
            AND NOT EXISTS (SELECT 1 FROM carrier_zone_excluded x WHERE x.carrier_id = c.id AND x.zone_id = ?1)
            AND (max_weight_grams = 0 OR ?2 <= max_weight_grams)
         ORDER BY position, id",
        (zone, weight_grams),
    ).await?;
    let mut available = Vec::new();
    for mut c in carriers.drain(..) {
        let price: Option<i64> = db.optional(
            "SELECT r.price_cents + k.handling_cents FROM carrier_range r JOIN carrier k ON k.id = r.carrier_id
             WHERE r.carrier_id = ?1 AND r.zone_id = ?2
               AND (CASE k.billing WHEN 'weight' THEN ?3 ELSE ?4 END) >= r.range_min
               AND (CASE k.billing WHEN 'weight' THEN ?3 ELSE ?4 END) < r.range_max
             ORDER BY r.range_min LIMIT 1",
            (c.id, zone, weight_grams, amount),
        ).await?;
        match (c.is_free != 0, price) {
            (true, _) => {
                c.price = 0;
                available.push(c);
            }
            (false, Some(p)) => {
                c.price = p;
                available.push(c);
            }
            (false, None) => {}
        }
    }
    Ok(available)
}

pub async fn countries(db: &SqlitePool) -> Result<Vec<(String, String)>, sqlx::Error> {
    db.rows(
        "SELECT iso, name FROM country WHERE active = 1 ORDER BY iso != 'FR', name",
        (),
    )
    .await
}
