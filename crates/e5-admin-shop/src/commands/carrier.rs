//! Carriers' price ranges per zone (Livraison > Transporteurs).

use e5_domain::Money;
use e5_shop::command::{CommandError, Tx, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde_json::json;

/// Adds a range [min, max) of a carrier in a zone; bounds in grams or cents per its billing.
pub async fn add_range(
    site: &Site,
    actor: &Actor,
    carrier_id: i64,
    zone_id: i64,
    min: i64,
    max: i64,
    price_cents: i64,
) -> Result<i64, CommandError> {
    if min < 0 || max <= min {
        return Err(CommandError::invalid(
            "La borne haute de la tranche doit dépasser la borne basse.",
        ));
    }
    if price_cents < 0 {
        return Err(CommandError::invalid("Le prix ne peut pas être négatif."));
    }
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (carrier, billing): (String, String) = sqlx::query_as("SELECT name, billing FROM carrier WHERE id = ?")
            .bind(carrier_id)
            .fetch_optional(tx.conn())
            .await?
            .ok_or(CommandError::NotFound("transporteur"))?;
        let zone: String = sqlx::query_scalar("SELECT name FROM zone WHERE id = ?")
            .bind(zone_id)
            .fetch_optional(tx.conn())
            .await?
            .ok_or_else(|| CommandError::invalid("Choisissez une zone."))?;
        let overlapping: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM carrier_range WHERE carrier_id = ? AND zone_id = ? AND range_min < ? AND range_max > ?",
        )
        .bind(carrier_id)
        .bind(zone_id)
        .bind(max)
        .bind(min)
        .fetch_one(tx.conn())
        .await?;
        if overlapping > 0 {
            return Err(CommandError::invalid(format!("Cette tranche chevauche une tranche existante de {carrier} en zone {zone}.")));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO carrier_range (carrier_id, zone_id, range_min, range_max, price_cents) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(carrier_id)
        .bind(zone_id)
        .bind(min)
        .bind(max)
        .bind(price_cents)
        .fetch_one(tx.conn())
        .await?;
        let bounds = if billing == "weight" {
            format!("de {} à {} kg", kg(min), kg(max))
        } else {
            format!("de {} à {}", Money(min), Money(max))
        };
        tx.journal(
            Entry::new("carrier", Some(carrier_id), "range", format!("Tranche ajoutée à {carrier} ({zone}) : {bounds}, {} TTC", Money(price_cents)))
                .after(json!({"id": id, "zone_id": zone_id, "range_min": min, "range_max": max, "price_cents": price_cents})),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// Removes one range of a carrier.
pub async fn remove_range(
    site: &Site,
    actor: &Actor,
    carrier_id: i64,
    id: i64,
) -> Result<(), CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (carrier, zone): (String, String) = sqlx::query_as(
            "SELECT c.name, z.name FROM carrier_range r JOIN carrier c ON c.id = r.carrier_id JOIN zone z ON z.id = r.zone_id
             WHERE r.id = ? AND r.carrier_id = ?",
        )
        .bind(id)
        .bind(carrier_id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or(CommandError::NotFound("tranche"))?;
        sqlx::query("DELETE FROM carrier_range WHERE id = ?").bind(id).execute(tx.conn()).await?;
        tx.journal(
            Entry::new("carrier", Some(carrier_id), "range", format!("Tranche n° {id} de {carrier} ({zone}) supprimée"))
                .before(json!({"id": id})),
        )
        .await?;
        Ok(())
    })
    .await
}

/// Grams as French kilograms ("0,5").
fn kg(grams: i64) -> String {
    let text = format!("{},{:03}", grams / 1000, grams % 1000);
    text.trim_end_matches('0').trim_end_matches(',').to_owned()
}
