//! Zones (Livraison › Zones): creating, renaming and switching off a zone, and which zone
//! each country belongs to. Carriers price their deliveries per zone.

use e5_shop::command::{CommandError, Tx, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde_json::json;

fn check_name(name: &str) -> Result<(), CommandError> {
    let len = name.chars().count();
    if !(2..=64).contains(&len) {
        return Err(CommandError::invalid(
            "Le nom de la zone doit compter de 2 à 64 caractères.",
        ));
    }
    Ok(())
}

async fn name_taken(tx: &mut Tx<'_>, name: &str, id: Option<i64>) -> Result<(), CommandError> {
    let taken: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM zone WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
    )
    .bind(name)
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    if taken > 0 {
        return Err(CommandError::invalid(format!(
            "Une zone « {name} » existe déjà."
        )));
    }
    Ok(())
}

/// Creates a zone. As in PrestaShop, no carrier serves it until one is set to.
pub async fn create(
    site: &Site,
    actor: &Actor,
    name: &str,
    active: bool,
) -> Result<i64, CommandError> {
    check_name(name)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        name_taken(tx, name, None).await?;
        let id: i64 =
            sqlx::query_scalar("INSERT INTO zone (name, active) VALUES (?, ?) RETURNING id")
                .bind(name)
                .bind(i64::from(active))
                .fetch_one(tx.conn())
                .await?;
        sqlx::query(
            "INSERT INTO carrier_zone_excluded (carrier_id, zone_id) SELECT id, ? FROM carrier",
        )
        .bind(id)
        .execute(tx.conn())
        .await?;
        let state = if active { "active" } else { "inactive" };
        tx.journal(
            Entry::new(
                "zone",
                Some(id),
                "create",
                format!("Zone « {name} » créée ({state}, desservie par aucun transporteur)"),
            )
            .after(json!({"name": name, "active": active})),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// Renames a zone and switches it on or off (an inactive zone gets no delivery offer).
pub async fn update(
    site: &Site,
    actor: &Actor,
    id: i64,
    name: &str,
    active: bool,
) -> Result<String, CommandError> {
    check_name(name)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (old, was): (String, i64) =
            sqlx::query_as("SELECT name, active FROM zone WHERE id = ?")
                .bind(id)
                .fetch_optional(tx.conn())
                .await?
                .ok_or(CommandError::NotFound("zone"))?;
        name_taken(tx, name, Some(id)).await?;
        let mut changes = Vec::new();
        if old != name {
            changes.push(format!("renommée en « {name} »"));
        }
        if (was != 0) != active {
            changes.push(
                if active {
                    "activée"
                } else {
                    "désactivée (plus aucune livraison proposée)"
                }
                .to_owned(),
            );
        }
        if changes.is_empty() {
            return Err(CommandError::invalid("Aucune modification à enregistrer."));
        }
        sqlx::query("UPDATE zone SET name = ?, active = ? WHERE id = ?")
            .bind(name)
            .bind(i64::from(active))
            .bind(id)
            .execute(tx.conn())
            .await?;
        let summary = format!("Zone « {old} » {}", changes.join(", "));
        tx.journal(
            Entry::new("zone", Some(id), "update", summary.clone())
                .before(json!({"name": old, "active": was != 0}))
                .after(json!({"name": name, "active": active})),
        )
        .await?;
        Ok(summary)
    })
    .await
}

/// Moves countries to zones: `(iso, zone id)` for every country of the form; only the ones
/// that change are written.
pub async fn assign_countries(
    site: &Site,
    actor: &Actor,
    assignments: &[(String, i64)],
) -> Result<String, CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let mut moves = Vec::new();
        let mut before = serde_json::Map::new();
        let mut after = serde_json::Map::new();
        for (iso, zone_id) in assignments {
            let (country, old_zone): (String, i64) =
                sqlx::query_as("SELECT name, zone_id FROM country WHERE iso = ?")
                    .bind(iso)
                    .fetch_optional(tx.conn())
                    .await?
                    .ok_or_else(|| {
                        CommandError::invalid(format!("Le pays « {iso} » n'existe pas."))
                    })?;
            if old_zone == *zone_id {
                continue;
            }
            let zone: String = sqlx::query_scalar("SELECT name FROM zone WHERE id = ?")
                .bind(zone_id)
                .fetch_optional(tx.conn())
                .await?
                .ok_or_else(|| {
                    CommandError::invalid("Cette zone n'existe pas : rechargez la page.")
                })?;
            sqlx::query("UPDATE country SET zone_id = ? WHERE iso = ?")
                .bind(zone_id)
                .bind(iso)
                .execute(tx.conn())
                .await?;
            before.insert(iso.clone(), json!(old_zone));
            after.insert(iso.clone(), json!(zone_id));
            moves.push(format!("{country} → {zone}"));
        }
        if moves.is_empty() {
            return Err(CommandError::invalid(
                "Aucun pays ne change de zone : rien à enregistrer.",
            ));
        }
        let summary = format!("Pays affectés à une autre zone : {}", moves.join(", "));
        tx.journal(
            Entry::new("zone", None, "countries", summary.clone())
                .before(serde_json::Value::Object(before))
                .after(serde_json::Value::Object(after)),
        )
        .await?;
        Ok(summary)
    })
    .await
}
