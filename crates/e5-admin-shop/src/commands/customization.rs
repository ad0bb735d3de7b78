//! Customisation fields of a product (Options tab): what the customer types or sends with
//! the order ("Initiales à broder").

use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde_json::json;

/// Adds a field; `kind` is "text" or "file".
pub async fn add(
    site: &Site,
    actor: &Actor,
    product_id: i64,
    label: &str,
    kind: &str,
    required: bool,
) -> Result<i64, CommandError> {
    let label = label.trim().to_owned();
    refuse_if(
        label.chars().count() < 2 || label.chars().count() > 120,
        "Le libellé du champ de personnalisation compte de 2 à 120 caractères.",
    )?;
    let kind = if kind == "file" { "file" } else { "text" };
    run(site, actor, async |tx: &mut Tx<'_>| {
        let product: String = tx.optional(
            "SELECT name FROM product WHERE id = ?",
            (product_id,),
        ).await?
            .ok_or(CommandError::NotFound("produit"))?;
        let id: i64 = tx.one(
            "INSERT INTO customization_field (product_id, kind, label, required) VALUES (?, ?, ?, ?) RETURNING id",
            (product_id, kind, &label, i64::from(required)),
        ).await?;
        let what = if kind == "file" { "fichier" } else { "texte" };
        let need = if required { ", obligatoire" } else { "" };
        tx.journal(
            Entry::new(Entity::Product, Some(product_id), "customization", format!("Champ de personnalisation « {label} » ({what}{need}) ajouté à « {product} »"))
                .after(json!({"id": id, "label": label, "kind": kind, "required": required})),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// Removes a field of the product.
pub async fn remove(
    site: &Site,
    actor: &Actor,
    product_id: i64,
    id: i64,
) -> Result<(), CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (label, product): (String, String) = sqlx::query_as(
            "SELECT f.label, p.name FROM customization_field f JOIN product p ON p.id = f.product_id WHERE f.id = ? AND f.product_id = ?",
        )
        .bind(id)
        .bind(product_id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or(CommandError::NotFound("champ de personnalisation"))?;
        tx.execute("DELETE FROM customization_field WHERE id = ?", (id,)).await?;
        tx.journal(
            Entry::new(Entity::Product, Some(product_id), "customization", format!("Champ de personnalisation « {label} » retiré de « {product} »"))
                .before(json!({"id": id, "label": label})),
        )
        .await?;
        Ok(())
    })
    .await
}
