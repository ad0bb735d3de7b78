//! Checks on the catalogue and prices: product sheets, stock, search aliases, cart rules,
//! catalogue rules and specific prices.

use e5_shop_db::query::Read;
use sqlx::SqlitePool;

use super::Baseline;
use super::facts::{Facts, best};
use super::spec::{CartRule, CatalogRule, ProductCompleted, SearchAlias, SpecificPrice, Stock};
use crate::text::{
    char_count, contains_folded, count, euros, french_date, percent, same_folded, strip_tags,
    to_cents,
};

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    name: String,
    active: i64,
    price_ht_cents: i64,
    rate: f64,
    quantity: i64,
    summary: String,
    description: String,
    meta_title: String,
    meta_description: String,
    focus_keyword: String,
    featured: i64,
    cover_media_id: Option<i64>,
    brand: Option<String>,
}

/// The product's texts as the candidate wrote them: résumé, description, SEO fields.
fn product_texts(p: &ProductRow) -> String {
    let mut out = Vec::new();
    for (label, text) in [
        ("Résumé", &p.summary),
        ("Description", &p.description),
        ("Balise titre", &p.meta_title),
        ("Méta-description", &p.meta_description),
    ] {
        let text = strip_tags(text);
        if !text.trim().is_empty() {
            out.push(format!("{label} : {}", text.trim()));
        }
    }
    out.join("\n\n")
}

pub(crate) fn ttc_cents(ht: i64, rate: f64) -> i64 {
    (ht as f64 * (1.0 + rate / 100.0)).round() as i64
}

pub(super) async fn product_completed(
    c: &ProductCompleted,
    db: &SqlitePool,
) -> Result<Facts, sqlx::Error> {
    let p: Option<ProductRow> = db.row_optional(
        "SELECT p.id, p.name, p.active, p.price_ht_cents, t.rate, p.quantity, p.summary, p.description, \
           p.meta_title, p.meta_description, p.focus_keyword, p.featured, p.cover_media_id, \
           (SELECT slug FROM brand WHERE id = p.brand_id) AS brand \
         FROM product p JOIN tax_rule t ON t.id = p.tax_rule_id WHERE p.reference = ?",
        (&c.reference,),
    ).await?;
    let Some(p) = p else {
        return Ok(Facts::missing(format!(
            "Produit {} introuvable (supprimé ?)",
            c.reference
        )));
    };
    let mut f = Facts::found(format!("Produit {} « {} »", c.reference, p.name));
    f.wrote(
        format!("Textes du produit « {} »", p.name),
        product_texts(&p),
    );
    if let Some(active) = c.active {
        let is = p.active != 0;
        f.expect(
            is == active,
            if is { "en ligne" } else { "hors ligne" },
            if active { "en ligne" } else { "hors ligne" },
        );
    }
    let ttc = ttc_cents(p.price_ht_cents, p.rate);
    match (c.price, c.price_ht) {
        (None, None) => f.info(format!("prix {} TTC", euros(ttc))),
        (ttc_expected, ht_expected) => {
            if let Some(e) = ttc_expected {
                f.expect(
                    (ttc - to_cents(e)).abs() <= 1,
                    format!("prix {} TTC", euros(ttc)),
                    euros(to_cents(e)),
                );
            }
            if let Some(e) = ht_expected {
                f.expect(
                    (p.price_ht_cents - to_cents(e)).abs() <= 1,
                    format!("prix {} HT", euros(p.price_ht_cents)),
                    euros(to_cents(e)),
                );
            }
        }
    }
    let (combinations, combination_stock): (i64, Option<i64>) = db
        .row(
            "SELECT COUNT(*), SUM(quantity) FROM combination WHERE product_id = ?",
            (p.id,),
        )
        .await?;
    if let Some(min) = c.min_combinations {
        f.expect(
            combinations >= i64::from(min),
            count(combinations, "déclinaison", "déclinaisons"),
            format!("au moins {min}"),
        );
    }
    let stock = if combinations > 0 {
        combination_stock.unwrap_or(0)
    } else {
        p.quantity
    };
    match c.min_quantity {
        Some(min) => f.expect(
            stock >= min,
            format!("stock {stock}"),
            format!("au moins {min}"),
        ),
        None => f.info(format!("stock {stock}")),
    }
    if let Some(slug) = &c.category {
        let cats: Vec<(String, String)> = db
            .rows(
                "SELECT slug, name FROM category WHERE id IN \
             (SELECT category_id FROM product_category WHERE product_id = ?1 \
              UNION SELECT category_id FROM product WHERE id = ?1)",
                (p.id,),
            )
            .await?;
        let names: Vec<String> = cats.iter().map(|(_, n)| format!("« {n} »")).collect();
        f.expect(
            cats.iter().any(|(s, _)| s == slug),
            format!("catégories {}", names.join(", ")),
            format!("la catégorie {slug}"),
        );
    }
    if let Some(brand) = &c.brand {
        let ok = p.brand.as_deref() == Some(brand.as_str());
        f.expect(
            ok,
            format!("marque {}", p.brand.as_deref().unwrap_or("aucune")),
            brand.clone(),
        );
    }
    if let Some(min) = c.min_images {
        let images: i64 = db.one(
            "SELECT COUNT(*) FROM (SELECT media_id FROM product_media WHERE product_id = ?1 \
             UNION SELECT cover_media_id FROM product WHERE id = ?1 AND cover_media_id IS NOT NULL)",
            (p.id,),
        ).await?;
        f.expect(
            images >= i64::from(min),
            count(images, "image", "images"),
            format!("au moins {min}"),
        );
    } else if p.cover_media_id.is_none() {
        f.info("sans image de couverture");
    }
    if let Some(min) = c.min_features {
        let n: i64 = db
            .one(
                "SELECT COUNT(*) FROM product_feature WHERE product_id = ? AND trim(value) <> ''",
                (p.id,),
            )
            .await?;
        f.expect(
            n >= i64::from(min),
            count(n, "caractéristique", "caractéristiques"),
            format!("au moins {min}"),
        );
    }
    if c.summary == Some(true) {
        let n = char_count(&strip_tags(&p.summary));
        f.expect(
            n > 0,
            if n == 0 {
                "sans résumé".to_owned()
            } else {
                format!("résumé {n} car.")
            },
            "un résumé",
        );
    }
    let description = char_count(&strip_tags(&p.description));
    match (c.description_min_chars, c.description_max_chars) {
        (None, None) => f.info(format!("description {description} car.")),
        (min, max) => {
            let ok = min.is_none_or(|m| description >= m as usize)
                && max.is_none_or(|m| description <= m as usize);
            let expected = match (min, max) {
                (Some(a), Some(b)) => format!("de {a} à {b} car."),
                (Some(a), None) => format!("au moins {a} car."),
                (None, Some(b)) => format!("au plus {b} car."),
                (None, None) => String::new(),
            };
            f.expect(ok, format!("description {description} car."), expected);
        }
    }
    if c.meta_title == Some(true) {
        let n = char_count(&p.meta_title);
        f.expect(
            n > 0,
            if n == 0 {
                "sans méta-titre".to_owned()
            } else {
                format!("méta-titre {n} car.")
            },
            "renseigné",
        );
    }
    if c.meta_description == Some(true) {
        let n = char_count(&p.meta_description);
        f.expect(
            n > 0,
            if n == 0 {
                "sans méta-description".to_owned()
            } else {
                format!("méta-description {n} car.")
            },
            "renseignée",
        );
    }
    if let Some(k) = &c.focus_keyword {
        let ok = contains_folded(&p.focus_keyword, k);
        f.expect(
            ok,
            format!("mot-clé « {} »", p.focus_keyword),
            format!("« {k} »"),
        );
    }
    for accessory in &c.accessories {
        let ok: bool = db.one(
            "SELECT EXISTS (SELECT 1 FROM product_accessory pa JOIN product a ON a.id = pa.accessory_id \
             WHERE pa.product_id = ? AND a.reference = ?)",
            (p.id, accessory),
        ).await?;
        f.expect(
            ok,
            format!(
                "produit associé {accessory} {}",
                if ok { "lié" } else { "absent" }
            ),
            "lié",
        );
    }
    if let Some(featured) = c.featured {
        let is = p.featured != 0;
        f.expect(
            is == featured,
            if is {
                "mis en avant"
            } else {
                "non mis en avant"
            },
            if featured {
                "mis en avant"
            } else {
                "non mis en avant"
            },
        );
    }
    Ok(f)
}

pub(super) async fn stock(c: &Stock, db: &SqlitePool) -> Result<Facts, sqlx::Error> {
    let product: Option<(i64, String, i64)> = db
        .row_optional(
            "SELECT id, name, quantity FROM product WHERE reference = ?",
            (&c.reference,),
        )
        .await?;
    let (name, quantity) = match product {
        Some((id, name, quantity)) => {
            let (n, sum): (i64, Option<i64>) = db
                .row(
                    "SELECT COUNT(*), SUM(quantity) FROM combination WHERE product_id = ?",
                    (id,),
                )
                .await?;
            (name, if n > 0 { sum.unwrap_or(0) } else { quantity })
        }
        None => {
            let combination: Option<(String, i64)> = db.row_optional(
                "SELECT p.name, c.quantity FROM combination c JOIN product p ON p.id = c.product_id WHERE c.reference = ?",
                (&c.reference,),
            ).await?;
            match combination {
                Some(x) => x,
                None => {
                    return Ok(Facts::missing(format!(
                        "Référence {} introuvable",
                        c.reference
                    )));
                }
            }
        }
    };
    let mut f = Facts::found(format!("Stock de {} « {name} »", c.reference));
    if let Some(q) = c.quantity {
        f.expect(quantity == q, format!("{quantity} en stock"), q.to_string());
    }
    if let Some(q) = c.min_quantity {
        f.expect(
            quantity >= q,
            format!("{quantity} en stock"),
            format!("au moins {q}"),
        );
    }
    Ok(f)
}

pub(super) async fn search_alias(c: &SearchAlias, db: &SqlitePool) -> Result<Facts, sqlx::Error> {
    let rows: Vec<(String, String)> = db
        .rows("SELECT alias, search FROM search_alias", ())
        .await?;
    let Some((alias, search)) = rows.into_iter().find(|(a, _)| same_folded(a, &c.alias)) else {
        return Ok(Facts::missing(format!(
            "Aucun alias de recherche « {} »",
            c.alias
        )));
    };
    let mut f = Facts::found(format!("Alias « {alias} »"));
    f.expect(
        same_folded(&search, &c.search),
        format!("renvoie vers « {search} »"),
        format!("« {} »", c.search),
    );
    Ok(f)
}

/// Compares a stored time with an expected day (or day and time) by its prefix.
fn same_start(stored: Option<&str>, expected: &str) -> bool {
    stored.is_some_and(|s| s.starts_with(expected.trim()))
}

fn expect_percent(f: &mut Facts, value: f64, expected: Option<f64>) {
    match expected {
        Some(e) => f.expect(
            (value - e).abs() < 0.001,
            format!("réduction {}", percent(value)),
            percent(e),
        ),
        None if value > 0.0 => f.info(format!("réduction {}", percent(value))),
        None => {}
    }
}

fn expect_amount(f: &mut Facts, cents: i64, expected: Option<f64>) {
    match expected {
        Some(e) => f.expect(
            (cents - to_cents(e)).abs() <= 1,
            format!("réduction de {}", euros(cents)),
            euros(to_cents(e)),
        ),
        None if cents > 0 => f.info(format!("réduction de {}", euros(cents))),
        None => {}
    }
}

fn expect_dates(
    f: &mut Facts,
    starts: Option<&str>,
    ends: Option<&str>,
    want_start: Option<&String>,
    want_end: Option<&String>,
) {
    if let Some(w) = want_start {
        let shown = starts.map_or("sans date".to_owned(), french_date);
        f.expect(
            same_start(starts, w),
            format!("à partir du {shown}"),
            french_date(w),
        );
    }
    if let Some(w) = want_end {
        let shown = ends.map_or("sans date".to_owned(), french_date);
        f.expect(
            same_start(ends, w),
            format!("jusqu'au {shown}"),
            french_date(w),
        );
    }
}

#[derive(sqlx::FromRow)]
struct CartRuleRow {
    id: i64,
    name: String,
    code: Option<String>,
    starts_at: String,
    ends_at: String,
    active: i64,
    highlight: i64,
    minimum_amount_cents: i64,
    quantity: i64,
    quantity_per_customer: i64,
    customer: Option<String>,
    exclude_discounted: i64,
    combinable: i64,
    free_shipping: i64,
    reduction_percent: f64,
    reduction_cents: i64,
    gift: Option<String>,
}

async fn restricted_to(
    db: &SqlitePool,
    rule: i64,
    kind: &str,
    wanted: &str,
) -> Result<(bool, Vec<String>), sqlx::Error> {
    let sql = match kind {
        "group" => {
            "SELECT g.name FROM cart_rule_restriction r JOIN customer_group g ON g.id = r.target_id WHERE r.cart_rule_id = ? AND r.kind = 'group'"
        }
        "category" => {
            "SELECT c.slug FROM cart_rule_restriction r JOIN category c ON c.id = r.target_id WHERE r.cart_rule_id = ? AND r.kind = 'category'"
        }
        _ => {
            "SELECT p.reference FROM cart_rule_restriction r JOIN product p ON p.id = r.target_id WHERE r.cart_rule_id = ? AND r.kind = 'product'"
        }
    };
    let names: Vec<String> = sqlx::query_scalar(sql).bind(rule).fetch_all(db).await?;
    Ok((names.iter().any(|n| same_folded(n, wanted)), names))
}

pub(super) async fn cart_rule(
    c: &CartRule,
    db: &SqlitePool,
    b: &Baseline,
) -> Result<Facts, sqlx::Error> {
    let base = "SELECT r.id, r.name, r.code, r.starts_at, r.ends_at, r.active, r.highlight, r.minimum_amount_cents, \
                r.quantity, r.quantity_per_customer, (SELECT email FROM customer WHERE id = r.customer_id) AS customer, \
                r.exclude_discounted, r.combinable, r.free_shipping, r.reduction_percent, r.reduction_cents, \
                (SELECT reference FROM product WHERE id = r.gift_product_id) AS gift FROM cart_rule r";
    let rows: Vec<CartRuleRow> = match &c.code {
        Some(code) => {
            db.rows(
                &format!("{base} WHERE trim(r.code) = trim(?) COLLATE NOCASE"),
                (code,),
            )
            .await?
        }
        None => {
            db.rows(
                &format!("{base} WHERE r.id > ? ORDER BY r.id"),
                (b.max_id("cart_rule"),),
            )
            .await?
        }
    };
    if rows.is_empty() {
        return Ok(Facts::missing(match &c.code {
            Some(code) => format!("Aucune règle panier avec le code {code}"),
            None => "Aucune nouvelle règle panier depuis le début de l'épreuve".to_owned(),
        }));
    }
    let mut all = Vec::new();
    for r in &rows {
        let head = match &r.code {
            Some(code) => format!("Code promo {code} (« {} »)", r.name),
            None => format!("Règle panier « {} » sans code", r.name),
        };
        let mut f = Facts::found(head);
        f.expect(
            r.active != 0,
            if r.active != 0 { "active" } else { "inactive" },
            "active",
        );
        if let Some(n) = &c.name_contains {
            f.expect(
                contains_folded(&r.name, n),
                format!("nom « {} »", r.name),
                format!("contenant « {n} »"),
            );
        }
        expect_percent(&mut f, r.reduction_percent, c.percent);
        expect_amount(&mut f, r.reduction_cents, c.amount);
        if let Some(fs) = c.free_shipping {
            let is = r.free_shipping != 0;
            f.expect(
                is == fs,
                if is {
                    "livraison offerte"
                } else {
                    "sans livraison offerte"
                },
                if fs { "livraison offerte" } else { "sans" },
            );
        }
        expect_dates(
            &mut f,
            Some(&r.starts_at),
            Some(&r.ends_at),
            c.starts.as_ref(),
            c.ends.as_ref(),
        );
        if let Some(n) = c.per_customer {
            f.expect(
                r.quantity_per_customer == n,
                count(
                    r.quantity_per_customer,
                    "utilisation par client",
                    "utilisations par client",
                ),
                n.to_string(),
            );
        }
        if let Some(n) = c.quantity {
            f.expect(
                r.quantity == n,
                count(r.quantity, "utilisation au total", "utilisations au total"),
                n.to_string(),
            );
        }
        if let Some(m) = c.min_amount {
            f.expect(
                (r.minimum_amount_cents - to_cents(m)).abs() <= 1,
                format!("montant minimum {}", euros(r.minimum_amount_cents)),
                euros(to_cents(m)),
            );
        }
        if let Some(x) = c.exclude_discounted {
            let is = r.exclude_discounted != 0;
            f.expect(
                is == x,
                if is {
                    "hors produits déjà remisés"
                } else {
                    "produits remisés inclus"
                },
                if x {
                    "exclure les produits remisés"
                } else {
                    "les inclure"
                },
            );
        }
        if let Some(x) = c.combinable {
            let is = r.combinable != 0;
            f.expect(
                is == x,
                if is { "cumulable" } else { "non cumulable" },
                if x { "cumulable" } else { "non cumulable" },
            );
        }
        if let Some(x) = c.highlight {
            let is = r.highlight != 0;
            f.expect(
                is == x,
                if is {
                    "mise en avant dans le panier"
                } else {
                    "non mise en avant"
                },
                if x {
                    "mise en avant"
                } else {
                    "non mise en avant"
                },
            );
        }
        if let Some(email) = &c.customer {
            let ok = r.customer.as_deref().is_some_and(|e| same_folded(e, email));
            f.expect(
                ok,
                format!(
                    "réservée à {}",
                    r.customer.as_deref().unwrap_or("tous les clients")
                ),
                email.clone(),
            );
        }
        if let Some(gift) = &c.gift_product {
            f.expect(
                r.gift.as_deref() == Some(gift.as_str()),
                format!("cadeau {}", r.gift.as_deref().unwrap_or("aucun")),
                gift.clone(),
            );
        }
        for (kind, wanted, label) in [
            ("group", &c.group, "groupe"),
            ("category", &c.category, "catégorie"),
            ("product", &c.product, "produit"),
        ] {
            if let Some(w) = wanted {
                let (ok, names) = restricted_to(db, r.id, kind, w).await?;
                let text = if names.is_empty() {
                    format!("sans restriction de {label}")
                } else {
                    format!("{label} {}", names.join(", "))
                };
                f.expect(ok, text, format!("{label} {w}"));
            }
        }
        all.push(f);
    }
    let n = rows.len();
    let mut found = best(all).unwrap_or_else(|| Facts::missing("?"));
    if n > 1 && c.code.is_none() {
        found.tail(format!(
            "({} créées en tout.)",
            count(n as i64, "règle", "règles")
        ));
    }
    Ok(found)
}

#[derive(sqlx::FromRow)]
struct CatalogRuleRow {
    name: String,
    category: Option<String>,
    brand: Option<String>,
    grp: Option<String>,
    from_quantity: i64,
    reduction_percent: f64,
    reduction_cents: i64,
    starts_at: Option<String>,
    ends_at: Option<String>,
    active: i64,
}

pub(super) async fn catalog_rule(
    c: &CatalogRule,
    db: &SqlitePool,
    b: &Baseline,
) -> Result<Facts, sqlx::Error> {
    let rows: Vec<CatalogRuleRow> = db.rows(
        "SELECT r.name, (SELECT slug FROM category WHERE id = r.category_id) AS category, \
           (SELECT slug FROM brand WHERE id = r.brand_id) AS brand, \
           (SELECT name FROM customer_group WHERE id = r.customer_group_id) AS grp, \
           r.from_quantity, r.reduction_percent, r.reduction_cents, r.starts_at, r.ends_at, r.active \
         FROM catalog_rule r WHERE r.id > ? ORDER BY r.id",
        (b.max_id("catalog_rule"),),
    ).await?;
    let mut all = Vec::new();
    for r in &rows {
        let mut f = Facts::found(format!("Règle catalogue « {} »", r.name));
        f.expect(
            r.active != 0,
            if r.active != 0 { "active" } else { "inactive" },
            "active",
        );
        if let Some(n) = &c.name_contains {
            f.expect(
                contains_folded(&r.name, n),
                format!("nom « {} »", r.name),
                format!("contenant « {n} »"),
            );
        }
        for (wanted, value, label) in [
            (&c.category, &r.category, "catégorie"),
            (&c.brand, &r.brand, "marque"),
            (&c.group, &r.grp, "groupe"),
        ] {
            if let Some(w) = wanted {
                let ok = value.as_deref().is_some_and(|v| same_folded(v, w));
                f.expect(
                    ok,
                    format!("{label} {}", value.as_deref().unwrap_or("toutes")),
                    w.clone(),
                );
            }
        }
        expect_percent(&mut f, r.reduction_percent, c.percent);
        expect_amount(&mut f, r.reduction_cents, c.amount);
        if let Some(q) = c.from_quantity {
            f.expect(
                r.from_quantity == q,
                format!("à partir de {} unité(s)", r.from_quantity),
                q.to_string(),
            );
        }
        expect_dates(
            &mut f,
            r.starts_at.as_deref(),
            r.ends_at.as_deref(),
            c.starts.as_ref(),
            c.ends.as_ref(),
        );
        all.push(f);
    }
    Ok(best(all).unwrap_or_else(|| {
        Facts::missing("Aucune nouvelle règle de prix catalogue depuis le début de l'épreuve")
    }))
}

#[derive(sqlx::FromRow)]
struct SpecificPriceRow {
    grp: Option<String>,
    from_quantity: i64,
    reduction_percent: f64,
    reduction_cents: i64,
    starts_at: Option<String>,
    ends_at: Option<String>,
}

pub(super) async fn specific_price(
    c: &SpecificPrice,
    db: &SqlitePool,
    b: &Baseline,
) -> Result<Facts, sqlx::Error> {
    let rows: Vec<SpecificPriceRow> = db.rows(
        "SELECT (SELECT name FROM customer_group WHERE id = s.customer_group_id) AS grp, s.from_quantity, \
           s.reduction_percent, s.reduction_cents, s.starts_at, s.ends_at \
         FROM specific_price s JOIN product p ON p.id = s.product_id WHERE p.reference = ? AND s.id > ? ORDER BY s.id",
        (&c.product, b.max_id("specific_price")),
    ).await?;
    let mut all = Vec::new();
    for SpecificPriceRow {
        grp: group,
        from_quantity,
        reduction_percent: pct,
        reduction_cents: cents,
        starts_at: starts,
        ends_at: ends,
    } in &rows
    {
        let mut f = Facts::found(format!("Prix spécifique sur {}", c.product));
        expect_percent(&mut f, *pct, c.percent);
        expect_amount(&mut f, *cents, c.amount);
        if let Some(g) = &c.group {
            let ok = group.as_deref().is_some_and(|v| same_folded(v, g));
            f.expect(
                ok,
                format!("groupe {}", group.as_deref().unwrap_or("tous")),
                g.clone(),
            );
        }
        if let Some(q) = c.from_quantity {
            f.expect(
                *from_quantity == q,
                format!("à partir de {from_quantity} unité(s)"),
                q.to_string(),
            );
        }
        expect_dates(
            &mut f,
            starts.as_deref(),
            ends.as_deref(),
            c.starts.as_ref(),
            c.ends.as_ref(),
        );
        all.push(f);
    }
    Ok(best(all).unwrap_or_else(|| {
        Facts::missing(format!("Aucun nouveau prix spécifique sur {}", c.product))
    }))
}
