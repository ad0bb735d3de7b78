//! Specific prices of a product (Prix tab), as PrestaShop's "Prix spécifiques": a percentage
//! or an amount off, restricted to a combination, a customer group, one customer, from a
//! quantity, between two days. Added, edited and removed here; applied by
//! `e5_shop::pricing::Target` in the storefront and the cart.

use e5_domain::Money;
use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde::Serialize;
use serde_json::json;

/// What the employee asks for; days are `YYYY-MM-DD`, checked by the handler's parser.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NewSpecificPrice {
    pub product_id: i64,
    pub combination_id: Option<i64>,
    pub group_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub from_quantity: i64,
    pub reduction_percent: f64,
    pub reduction_cents: i64,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
}

fn validate(s: &NewSpecificPrice) -> Result<(), CommandError> {
    refuse_if(
        !(1..=9999).contains(&s.from_quantity),
        "La quantité minimale est d'au moins 1 unité.",
    )?;
    refuse_if(
        s.reduction_percent > 100.0,
        "Un pourcentage de réduction ne peut pas dépasser 100 %.",
    )?;
    refuse_if(
        (s.reduction_percent <= 0.0) == (s.reduction_cents <= 0),
        "Indiquez une réduction : un pourcentage (entre 0 et 100) ou un montant en euros.",
    )?;
    if let (Some(a), Some(b)) = (&s.starts_on, &s.ends_on)
        && b < a
    {
        return Err(CommandError::invalid(
            "La date de fin doit suivre la date de début.",
        ));
    }
    Ok(())
}

/// The names behind the ids, read in the transaction; unknown ids are refused in French.
struct Names {
    product: String,
    combination: Option<String>,
    group: Option<String>,
    customer: Option<String>,
}

async fn names(tx: &mut Tx<'_>, s: &NewSpecificPrice) -> Result<Names, CommandError> {
    let product: String = tx
        .optional("SELECT name FROM product WHERE id = ?", (s.product_id,))
        .await?
        .ok_or(CommandError::NotFound("produit"))?;
    let combination = match s.combination_id {
        Some(c) => Some(
            tx.optional::<String>(
                "SELECT COALESCE((SELECT GROUP_CONCAT(name, ' – ') FROM (SELECT a.name FROM combination_attribute ca
                    JOIN attribute a ON a.id = ca.attribute_id WHERE ca.combination_id = c.id ORDER BY a.group_id)), c.reference)
                 FROM combination c WHERE c.id = ? AND c.product_id = ?",
                (c, s.product_id),
            ).await?
            .ok_or_else(|| CommandError::invalid("Cette déclinaison n'appartient pas à ce produit."))?,
        ),
        None => None,
    };
    let group = match s.group_id {
        Some(g) => Some(
            tx.optional::<String>("SELECT name FROM customer_group WHERE id = ?", (g,))
                .await?
                .ok_or_else(|| CommandError::invalid("Ce groupe de clients n'existe pas."))?,
        ),
        None => None,
    };
    let customer = match s.customer_id {
        Some(c) => Some(
            tx.optional::<String>(
                "SELECT first_name || ' ' || last_name || ' (' || email || ')' FROM customer WHERE id = ?",
                (c,),
            ).await?
            .ok_or_else(|| CommandError::invalid("Ce client n'existe pas."))?,
        ),
        None => None,
    };
    Ok(Names {
        product,
        combination,
        group,
        customer,
    })
}

fn day_start(d: &Option<String>) -> Option<String> {
    d.as_ref().map(|d| format!("{d} 00:00:00"))
}

fn day_end(d: &Option<String>) -> Option<String> {
    d.as_ref().map(|d| format!("{d} 23:59:59"))
}

/// A specific price as stored, for the journal's "before".
#[derive(Debug, Serialize, sqlx::FromRow)]
struct Stored {
    id: i64,
    combination_id: Option<i64>,
    customer_group_id: Option<i64>,
    customer_id: Option<i64>,
    from_quantity: i64,
    reduction_percent: f64,
    reduction_cents: i64,
    starts_at: Option<String>,
    ends_at: Option<String>,
}

/// Adds a specific price; returns its id.
pub async fn add(site: &Site, actor: &Actor, s: NewSpecificPrice) -> Result<i64, CommandError> {
    validate(&s)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let n = names(tx, &s).await?;
        let id: i64 = tx.one(
            "INSERT INTO specific_price (product_id, combination_id, customer_group_id, customer_id, from_quantity, reduction_percent, reduction_cents, starts_at, ends_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                s.product_id,
                s.combination_id,
                s.group_id,
                s.customer_id,
                s.from_quantity,
                s.reduction_percent,
                s.reduction_cents,
                day_start(&s.starts_on),
                day_end(&s.ends_on),
            ),
        ).await?;
        tx.journal(
            Entry::new(Entity::Product, Some(s.product_id), "specific_price", format!("Prix spécifique ajouté à « {} » : {}", n.product, describe(&s, &n)))
                .after(json!(s)),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// Changes a specific price of the product (every field of the form).
pub async fn update(
    site: &Site,
    actor: &Actor,
    id: i64,
    s: NewSpecificPrice,
) -> Result<(), CommandError> {
    validate(&s)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let n = names(tx, &s).await?;
        let before: Option<Stored> = sqlx::query_as(
            "SELECT id, combination_id, customer_group_id, customer_id, from_quantity, reduction_percent, reduction_cents, starts_at, ends_at
             FROM specific_price WHERE id = ? AND product_id = ?",
        )
        .bind(id)
        .bind(s.product_id)
        .fetch_optional(tx.conn())
        .await?;
        let Some(before) = before else {
            return Err(CommandError::NotFound("prix spécifique"));
        };
        tx.execute(
            "UPDATE specific_price SET combination_id = ?, customer_group_id = ?, customer_id = ?, from_quantity = ?, reduction_percent = ?,
             reduction_cents = ?, starts_at = ?, ends_at = ? WHERE id = ? AND product_id = ?",
            (
                s.combination_id,
                s.group_id,
                s.customer_id,
                s.from_quantity,
                s.reduction_percent,
                s.reduction_cents,
                day_start(&s.starts_on),
                day_end(&s.ends_on),
                id,
                s.product_id,
            ),
        ).await?;
        tx.journal(
            Entry::new(Entity::Product, Some(s.product_id), "specific_price", format!("Prix spécifique du produit « {} » modifié : {}", n.product, describe(&s, &n)))
                .before(json!(before))
                .after(json!(s)),
        )
        .await
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
        let product: String = tx
            .optional("SELECT name FROM product WHERE id = ?", (product_id,))
            .await?
            .ok_or(CommandError::NotFound("produit"))?;
        let done = tx
            .execute(
                "DELETE FROM specific_price WHERE id = ? AND product_id = ?",
                (id, product_id),
            )
            .await?;
        if done.rows_affected() == 0 {
            return Err(CommandError::NotFound("prix spécifique"));
        }
        tx.journal(
            Entry::new(
                Entity::Product,
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

/// "−15 % pour le groupe Professionnels, dès 1 unité(s), du 20/10/2026 au 31/12/2026".
fn describe(s: &NewSpecificPrice, n: &Names) -> String {
    let amount = if s.reduction_percent > 0.0 {
        format!("−{} %", e5_shop::pricing::trim_float(s.reduction_percent))
    } else {
        format!("−{} TTC", Money(s.reduction_cents))
    };
    let who = match (&n.customer, &n.group) {
        (Some(c), Some(g)) => format!("le client {c} (groupe {g})"),
        (Some(c), None) => format!("le client {c}"),
        (None, Some(g)) => format!("le groupe {g}"),
        (None, None) => "tous les clients".to_owned(),
    };
    let mut out = format!("{amount} pour {who}");
    if let Some(c) = &n.combination {
        out.push_str(&format!(", déclinaison {c}"));
    }
    out.push_str(&format!(", dès {} unité(s)", s.from_quantity));
    let fr = |d: &str| d.split('-').rev().collect::<Vec<_>>().join("/");
    match (s.starts_on.as_deref().map(fr), s.ends_on.as_deref().map(fr)) {
        (Some(a), Some(b)) => out.push_str(&format!(", du {a} au {b}")),
        (Some(a), None) => out.push_str(&format!(", à partir du {a}")),
        (None, Some(b)) => out.push_str(&format!(", jusqu'au {b}")),
        (None, None) => {}
    }
    out
}
