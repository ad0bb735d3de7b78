//! Cart rules ("Règles panier", promo codes): creating and saving them with their
//! conditions, restrictions and actions.

use e5_domain::Money;
use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::pricing::trim_float;
use e5_shop::site::Site;
use serde::Serialize;

/// A cart rule as the back-office form edits it.
#[derive(Debug, Clone, Serialize, Default)]
pub struct CartRuleInput {
    pub id: Option<i64>,
    pub name: String,
    pub code: Option<String>,
    pub description: String,
    /// Days `YYYY-MM-DD`: the rule is valid from the start of `starts_on` to the end of `ends_on`.
    pub starts_on: String,
    pub ends_on: String,
    pub active: bool,
    pub highlight: bool,
    pub priority: i64,
    pub minimum_amount_cents: i64,
    pub quantity: i64,
    pub quantity_per_customer: i64,
    pub customer_id: Option<i64>,
    pub exclude_discounted: bool,
    pub combinable: bool,
    pub free_shipping: bool,
    pub reduction_percent: f64,
    pub reduction_cents: i64,
    pub reduction_product_id: Option<i64>,
    pub gift_product_id: Option<i64>,
    /// (kind, target id): group, carrier, product, category, brand.
    pub restrictions: Vec<(&'static str, i64)>,
}

impl CartRuleInput {
    fn validate(&self) -> Result<(), CommandError> {
        refuse_if(
            self.name.chars().count() < 3,
            "Donnez un nom à la règle (au moins 3 caractères) : il s'affiche dans le panier du client.",
        )?;
        if let Some(code) = &self.code
            && (code.len() > 32
                || !code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        {
            return Err(CommandError::invalid(
                "Le code ne peut contenir que des lettres sans accent, des chiffres, « - » et « _ » (32 au plus).",
            ));
        }
        refuse_if(
            !crate::form::is_day(&self.starts_on) || !crate::form::is_day(&self.ends_on),
            "Indiquez les dates de début et de fin de validité.",
        )?;
        refuse_if(
            self.ends_on < self.starts_on,
            "La date de fin de validité est antérieure à la date de début.",
        )?;
        refuse_if(
            self.quantity < 0 || self.quantity_per_customer < 1,
            "Les quantités doivent être positives (au moins 1 utilisation par client).",
        )?;
        refuse_if(
            self.reduction_percent > 0.0 && self.reduction_cents > 0,
            "Choisissez une réduction en pourcentage ou en montant, pas les deux.",
        )?;
        let does_something = self.free_shipping
            || self.reduction_percent > 0.0
            || self.reduction_cents > 0
            || self.gift_product_id.is_some();
        refuse_if(
            !does_something,
            "Choisissez au moins une action : livraison gratuite, réduction ou cadeau.",
        )?;
        Ok(())
    }

    /// "−10 %, 1 par client" — what the examiner reads in the journal.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.reduction_percent > 0.0 {
            parts.push(format!("−{}\u{a0}%", trim_float(self.reduction_percent)));
        }
        if self.reduction_cents > 0 {
            parts.push(format!("−{}", Money(self.reduction_cents)));
        }
        if self.free_shipping {
            parts.push("livraison offerte".to_owned());
        }
        if self.gift_product_id.is_some() {
            parts.push("produit offert".to_owned());
        }
        if self.minimum_amount_cents > 0 {
            parts.push(format!("dès {}", Money(self.minimum_amount_cents)));
        }
        if self.quantity_per_customer < 1000 {
            parts.push(format!("{} par client", self.quantity_per_customer));
        }
        if self.quantity < 1000 {
            parts.push(format!("{} utilisations au total", self.quantity));
        }
        if self.exclude_discounted {
            parts.push("hors produits déjà remisés".to_owned());
        }
        if !self.restrictions.is_empty() {
            parts.push("avec restrictions".to_owned());
        }
        parts.push(format!(
            "du {} au {}",
            french_day(&self.starts_on),
            french_day(&self.ends_on)
        ));
        parts.join(", ")
    }
}

fn french_day(day: &str) -> String {
    match (day.get(0..4), day.get(5..7), day.get(8..10)) {
        (Some(y), Some(m), Some(d)) => format!("{d}/{m}/{y}"),
        _ => day.to_owned(),
    }
}

/// Creates or updates a cart rule. Returns its id.
pub async fn save(site: &Site, actor: &Actor, rule: CartRuleInput) -> Result<i64, CommandError> {
    rule.validate()?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        if let Some(code) = &rule.code {
            let taken: i64 = tx.one(
                "SELECT COUNT(*) FROM cart_rule WHERE code = ? COLLATE NOCASE AND id IS NOT ?",
                (code, rule.id),
            ).await?;
            refuse_if(taken > 0, format!("Le code {code} est déjà utilisé par une autre règle panier."))?;
        }
        let starts = format!("{} 00:00:00", rule.starts_on);
        let ends = format!("{} 23:59:59", rule.ends_on);
        let before: Option<serde_json::Value> = match rule.id {
            Some(id) => {
                let row: Option<(String, Option<String>, String, String, f64, i64)> = sqlx::query_as(
                    "SELECT name, code, starts_at, ends_at, reduction_percent, reduction_cents FROM cart_rule WHERE id = ?",
                )
                .bind(id)
                .fetch_optional(tx.conn())
                .await?;
                let Some(row) = row else { return Err(CommandError::NotFound("règle panier")) };
                Some(serde_json::json!({"name": row.0, "code": row.1, "starts_at": row.2, "ends_at": row.3, "reduction_percent": row.4, "reduction_cents": row.5}))
            }
            None => None,
        };
        let sql = match rule.id {
            Some(_) => "UPDATE cart_rule SET name = ?1, code = ?2, description = ?3, starts_at = ?4, ends_at = ?5, active = ?6, priority = ?7,
                highlight = ?8, minimum_amount_cents = ?9, quantity = ?10, quantity_per_customer = ?11, customer_id = ?12,
                exclude_discounted = ?13, combinable = ?14, free_shipping = ?15, reduction_percent = ?16, reduction_cents = ?17,
                reduction_product_id = ?18, gift_product_id = ?19 WHERE id = ?20 RETURNING id",
            None => "INSERT INTO cart_rule (name, code, description, starts_at, ends_at, active, priority, highlight, minimum_amount_cents,
                quantity, quantity_per_customer, customer_id, exclude_discounted, combinable, free_shipping, reduction_percent,
                reduction_cents, reduction_product_id, gift_product_id, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) RETURNING id",
        };
        let query = sqlx::query_scalar::<_, i64>(sql)
            .bind(&rule.name)
            .bind(&rule.code)
            .bind(&rule.description)
            .bind(&starts)
            .bind(&ends)
            .bind(i64::from(rule.active))
            .bind(rule.priority)
            .bind(i64::from(rule.highlight))
            .bind(rule.minimum_amount_cents)
            .bind(rule.quantity)
            .bind(rule.quantity_per_customer)
            .bind(rule.customer_id)
            .bind(i64::from(rule.exclude_discounted))
            .bind(i64::from(rule.combinable))
            .bind(i64::from(rule.free_shipping))
            .bind(rule.reduction_percent)
            .bind(rule.reduction_cents)
            .bind(rule.reduction_product_id)
            .bind(rule.gift_product_id);
        // ?20 is the rule's id when saving, its creation time when creating.
        let query = match rule.id {
            Some(id) => query.bind(id),
            None => query.bind(e5_shop::command::now()),
        };
        let id = query.fetch_optional(tx.conn()).await?.ok_or(CommandError::NotFound("règle panier"))?;
        tx.execute("DELETE FROM cart_rule_restriction WHERE cart_rule_id = ?", (id,)).await?;
        for (kind, target) in &rule.restrictions {
            tx.execute(
                "INSERT OR IGNORE INTO cart_rule_restriction (cart_rule_id, kind, target_id) VALUES (?, ?, ?)",
                (id, kind, target),
            ).await?;
        }
        let label = match &rule.code {
            Some(code) => format!("Bon de réduction {code}"),
            None => format!("Règle panier automatique « {} »", rule.name),
        };
        let (action, verb) = if before.is_some() { ("update", "modifié") } else { ("create", "créé") };
        let mut entry = Entry::new(Entity::CartRule, Some(id), action, format!("{label} {verb} ({})", rule.describe()))
            .after(serde_json::to_value(&rule).unwrap_or_default());
        if let Some(b) = before {
            entry = entry.before(b);
        }
        tx.journal(entry).await?;
        Ok(id)
    })
    .await
}

/// A catalogue price rule: a reduction on a category, a brand and/or a customer group,
/// between two days. It shows as a crossed-out price and a "Promo" badge in the storefront.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogRuleInput {
    pub name: String,
    pub category_id: Option<i64>,
    pub brand_id: Option<i64>,
    pub customer_group_id: Option<i64>,
    pub reduction_percent: f64,
    pub reduction_cents: i64,
    pub starts_on: String,
    /// Empty: no end (the rule runs until it is switched off), as PrestaShop allows.
    pub ends_on: String,
}

pub async fn create_catalog_rule(
    site: &Site,
    actor: &Actor,
    rule: CatalogRuleInput,
) -> Result<i64, CommandError> {
    refuse_if(
        rule.name.chars().count() < 3,
        "Donnez un nom à la règle (au moins 3 caractères).",
    )?;
    refuse_if(
        (rule.reduction_percent > 0.0) == (rule.reduction_cents > 0),
        "Indiquez une réduction : un pourcentage ou un montant.",
    )?;
    let open_ended = rule.ends_on.trim().is_empty();
    refuse_if(
        !crate::form::is_day(&rule.starts_on)
            || (!open_ended
                && (!crate::form::is_day(&rule.ends_on) || rule.ends_on < rule.starts_on)),
        "Indiquez une date de début valide et, si la règle a une fin, une date de fin après le début.",
    )?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let mut targets = Vec::new();
        for (sql, id, prefix) in [
            ("SELECT name FROM category WHERE id = ?", rule.category_id, "catégorie"),
            ("SELECT name FROM brand WHERE id = ?", rule.brand_id, "marque"),
            ("SELECT name FROM customer_group WHERE id = ?", rule.customer_group_id, "groupe"),
        ] {
            if let Some(id) = id {
                let name: Option<String> = tx.optional(sql, (id,)).await?;
                match name {
                    Some(n) => targets.push(format!("{prefix} {n}")),
                    None => return Err(CommandError::invalid(format!("Cette {prefix} n'existe pas."))),
                }
            }
        }
        let id: i64 = tx.one(
            "INSERT INTO catalog_rule (name, category_id, brand_id, customer_group_id, reduction_percent, reduction_cents, starts_at, ends_at, active)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
            (
                &rule.name,
                rule.category_id,
                rule.brand_id,
                rule.customer_group_id,
                rule.reduction_percent,
                rule.reduction_cents,
                format!("{} 00:00:00", rule.starts_on),
                (!open_ended).then(|| format!("{} 23:59:59", rule.ends_on)),
            ),
        ).await?;
        let reduction = if rule.reduction_percent > 0.0 {
            format!("−{}\u{a0}%", trim_float(rule.reduction_percent))
        } else {
            format!("−{}", Money(rule.reduction_cents))
        };
        let scope = if targets.is_empty() { "tout le catalogue".to_owned() } else { targets.join(", ") };
        tx.journal(
            Entry::new(
                Entity::CatalogRule,
                Some(id),
                "create",
                format!(
                    "Règle de prix catalogue « {} » créée ({reduction}, {scope}, {})",
                    rule.name,
                    if open_ended {
                        format!("à partir du {}, sans fin", french_day(&rule.starts_on))
                    } else {
                        format!("du {} au {}", french_day(&rule.starts_on), french_day(&rule.ends_on))
                    }
                ),
            )
            .after(serde_json::to_value(&rule).unwrap_or_default()),
        )
        .await?;
        Ok(id)
    })
    .await
}
