//! Pack contents (Options tab): the products a pack holds. The first item makes the product a
//! pack; removing the last one makes it a simple product again.

use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde_json::json;

/// Adds `quantity` of a product to the pack (adding it again sets the new quantity).
pub async fn set_item(
    site: &Site,
    actor: &Actor,
    pack_id: i64,
    product_id: i64,
    quantity: i64,
) -> Result<(), CommandError> {
    refuse_if(
        !(1..=99).contains(&quantity),
        "La quantité d'un produit du pack va de 1 à 99.",
    )?;
    refuse_if(
        pack_id == product_id,
        "Un pack ne peut pas se contenir lui-même.",
    )?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let pack: String = tx
            .optional("SELECT name FROM product WHERE id = ?", (pack_id,))
            .await?
            .ok_or(CommandError::NotFound("produit"))?;
        let combinations: i64 = tx
            .one(
                "SELECT COUNT(*) FROM combination WHERE product_id = ?",
                (pack_id,),
            )
            .await?;
        refuse_if(
            combinations > 0,
            "Un produit avec déclinaisons ne peut pas devenir un pack.",
        )?;
        let (item, item_is_pack): (String, i64) =
            sqlx::query_as("SELECT name, is_pack FROM product WHERE id = ?")
                .bind(product_id)
                .fetch_optional(tx.conn())
                .await?
                .ok_or_else(|| {
                    CommandError::invalid("Choisissez un produit à mettre dans le pack.")
                })?;
        refuse_if(
            item_is_pack != 0,
            "Un pack ne peut pas contenir un autre pack.",
        )?;
        tx.execute(
            "INSERT INTO pack_item (pack_id, product_id, quantity) VALUES (?, ?, ?)
             ON CONFLICT (pack_id, product_id) DO UPDATE SET quantity = excluded.quantity",
            (pack_id, product_id, quantity),
        )
        .await?;
        tx.execute("UPDATE product SET is_pack = 1 WHERE id = ?", (pack_id,))
            .await?;
        tx.journal(
            Entry::new(
                Entity::Product,
                Some(pack_id),
                "pack",
                format!("Pack « {pack} » : {quantity} × « {item} »"),
            )
            .after(json!({"product_id": product_id, "quantity": quantity})),
        )
        .await?;
        Ok(())
    })
    .await
}

/// Takes a product out of the pack.
pub async fn remove_item(
    site: &Site,
    actor: &Actor,
    pack_id: i64,
    product_id: i64,
) -> Result<(), CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (pack, item): (String, String) = sqlx::query_as(
            "SELECT (SELECT name FROM product WHERE id = i.pack_id), (SELECT name FROM product WHERE id = i.product_id)
             FROM pack_item i WHERE i.pack_id = ? AND i.product_id = ?",
        )
        .bind(pack_id)
        .bind(product_id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or(CommandError::NotFound("produit du pack"))?;
        tx.execute(
            "DELETE FROM pack_item WHERE pack_id = ? AND product_id = ?",
            (pack_id, product_id),
        ).await?;
        tx.execute(
            "UPDATE product SET is_pack = EXISTS (SELECT 1 FROM pack_item WHERE pack_id = ?1) WHERE id = ?1",
            (pack_id,),
        ).await?;
        tx.journal(
            Entry::new(Entity::Product, Some(pack_id), "pack", format!("« {item} » retiré du pack « {pack} »"))
                .before(json!({"product_id": product_id})),
        )
        .await?;
        Ok(())
    })
    .await
}
