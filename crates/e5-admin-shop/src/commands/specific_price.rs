//! Specific prices of a product (Prix tab): a percentage or an amount off, for a group,
//! from a quantity, between two days.

use e5_domain::Money;
use e5_shop::command::{CommandError, Tx, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde::Serialize;
use serde_json::json;

/// What the employee asks for; days are `YYYY-MM-DD`, checked by the handler's parser.
#[derive(Debug, Clone, Serialize)]
pub struct NewSpecificPrice {
    pub product_id: i64,
    pub group_id: Option<i64>,
    pub from_quantity: i64,
    pub reduction_percent: f64,
    pub reduction_cents: i64,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
}

fn validate(s: &NewSpecificPrice) -> Result<(), CommandError> {
    if s.from_quantity < 1 {
        return Err(CommandError::invalid(
            "La quantité minimale est d'au moins 1 unité.",
        ));
    }
    if (s.reduction_percent <= 0.0) == (s.reduction_cents <= 0) {
        return Err(CommandError::invalid(
            "Indiquez une réduction : un pourcentage (entre 0 et 100) ou un montant en euros.",
        ));
    }
    if let (Some(a), Some(b)) = (&s.starts_on, &s.ends_on)
        && b < a
    {
        return Err(CommandError::invalid(
            "La date de fin doit suivre la date de début.",
        ));
    }
    Ok(())
}

/// Adds a specific price; returns its id.
pub async fn add(site: &Site, actor: &Actor, s: NewSpecificPrice) -> Result<i64, CommandError> {
    validate(&s)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let product: String = sqlx::query_scalar("SELECT name FROM product WHERE id = ?")
            .bind(s.product_id)
            .fetch_optional(tx.conn())
            .await?
            .ok_or(CommandError::NotFound("produit"))?;
        let group = match s.group_id {
            Some(g) => Some(
                sqlx::query_scalar::<_, String>("SELECT name FROM customer_group WHERE id = ?")
                    .bind(g)
                    .fetch_optional(tx.conn())
                    .await?
                    .ok_or_else(|| CommandError::invalid("Ce groupe de clients n'existe pas."))?,
            ),
            None => None,
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO specific_price (product_id, customer_group_id, from_quantity, reduction_percent, reduction_cents, starts_at, ends_at)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(s.product_id)
        .bind(s.group_id)
        .bind(s.from_quantity)
        .bind(s.reduction_percent)
        .bind(s.reduction_cents)
        .bind(s.starts_on.as_ref().map(|d| format!("{d} 00:00:00")))
        .bind(s.ends_on.as_ref().map(|d| format!("{d} 23:59:59")))
        .fetch_one(tx.conn())
        .await?;
        tx.journal(
            Entry::new("product", Some(s.product_id), "specific_price", format!("Prix spécifique ajouté à « {product} » : {}", describe(&s, group.as_deref())))
                .after(json!(s)),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// Removes one specific price of the product.
pub async fn remove(
    site: &Site,
    actor: &Actor,
    product_id: i64,
    id: i64,
) -> Result<(), CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let product: String = sqlx::query_scalar("SELECT name FROM product WHERE id = ?")
            .bind(product_id)
            .fetch_optional(tx.conn())
            .await?
            .ok_or(CommandError::NotFound("produit"))?;
        let done = sqlx::query("DELETE FROM specific_price WHERE id = ? AND product_id = ?")
            .bind(id)
            .bind(product_id)
            .execute(tx.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(CommandError::NotFound("prix spécifique"));
        }
        tx.journal(
            Entry::new(
                "product",
                Some(product_id),
                "specific_price",
                format!("Prix spécifique n° {id} supprimé de « {product} »"),
            )
            .before(json!({"specific_price_id": id})),
        )
        .await?;
        Ok(())
    })
    .await
}

/// "−20 % pour tous les clients, dès 1 unité(s), du 20/10/2026 au 31/12/2026".
fn describe(s: &NewSpecificPrice, group: Option<&str>) -> String {
    let amount = if s.reduction_percent > 0.0 {
        format!("−{} %", s.reduction_percent)
    } else {
        format!("−{} TTC", Money(s.reduction_cents))
    };
    let who = group.map_or("tous les clients".to_owned(), |g| format!("le groupe {g}"));
    let mut out = format!("{amount} pour {who}, dès {} unité(s)", s.from_quantity);
    let fr = |d: &str| d.split('-').rev().collect::<Vec<_>>().join("/");
    match (s.starts_on.as_deref().map(fr), s.ends_on.as_deref().map(fr)) {
        (Some(a), Some(b)) => out.push_str(&format!(", du {a} au {b}")),
        (Some(a), None) => out.push_str(&format!(", à partir du {a}")),
        (None, Some(b)) => out.push_str(&format!(", jusqu'au {b}")),
        (None, None) => {}
    }
    out
}
