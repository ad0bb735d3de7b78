//! Zones (Livraison › Zones): creating, renaming, switching off and deleting a zone, the
//! French postcodes it claims (Corse: 20…), and which zone each country belongs to. Carriers
//! price their deliveries per zone.

use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde_json::json;

fn check_name(name: &str) -> Result<(), CommandError> {
    let len = name.chars().count();
    refuse_if(
        !(2..=64).contains(&len),
        "Le nom de la zone doit compter de 2 à 64 caractères.",
    )?;
    Ok(())
}

/// The French postcode prefixes a zone claims, typed comma-separated ("20", "971, 972"), in
/// their stored form ("971,972"); empty claims none.
pub fn parse_prefixes(text: &str) -> Result<String, CommandError> {
    let mut prefixes: Vec<&str> = Vec::new();
    for prefix in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        refuse_if(
            !(1..=5).contains(&prefix.len()) || !prefix.bytes().all(|b| b.is_ascii_digit()),
            format!(
                "« {prefix} » n'est pas un début de code postal : saisissez de 1 à 5 chiffres, séparés par des virgules (par exemple 20 ou 971, 972)."
            ),
        )?;
        if !prefixes.contains(&prefix) {
            prefixes.push(prefix);
        }
    }
    Ok(prefixes.join(","))
}

/// How the journal and the page write a zone's prefixes: "20…, 971…".
pub fn describe_prefixes(stored: &str) -> String {
    stored
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| format!("{p}…"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A prefix claimed by another zone would make the address's zone depend on luck.
async fn prefixes_taken(
    tx: &mut Tx<'_>,
    prefixes: &str,
    id: Option<i64>,
) -> Result<(), CommandError> {
    let others: Vec<(String, String)> = tx.rows(
        "SELECT name, postcode_prefixes FROM zone WHERE postcode_prefixes != '' AND id IS NOT ?",
        (id,),
    ).await?;
    for prefix in prefixes.split(',').filter(|p| !p.is_empty()) {
        if let Some((zone, _)) = others
            .iter()
            .find(|(_, theirs)| theirs.split(',').any(|t| t == prefix))
        {
            return Err(CommandError::invalid(format!(
                "Les codes postaux commençant par {prefix} relèvent déjà de la zone « {zone} » : retirez-les d'abord de cette zone."
            )));
        }
    }
    Ok(())
}

async fn name_taken(tx: &mut Tx<'_>, name: &str, id: Option<i64>) -> Result<(), CommandError> {
    let taken: i64 = tx
        .one(
            "SELECT COUNT(*) FROM zone WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
            (name, id),
        )
        .await?;
    refuse_if(taken > 0, format!("Une zone « {name} » existe déjà."))?;
    Ok(())
}

/// Creates a zone. As in PrestaShop, no carrier serves it until one is set to.
pub async fn create(
    site: &Site,
    actor: &Actor,
    name: &str,
    prefixes: &str,
    active: bool,
) -> Result<i64, CommandError> {
    check_name(name)?;
    let prefixes = parse_prefixes(prefixes)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        name_taken(tx, name, None).await?;
        prefixes_taken(tx, &prefixes, None).await?;
        let id: i64 = tx
            .one(
                "INSERT INTO zone (name, active, postcode_prefixes) VALUES (?, ?, ?) RETURNING id",
                (name, i64::from(active), &prefixes),
            )
            .await?;
        tx.execute(
            "INSERT INTO carrier_zone_excluded (carrier_id, zone_id) SELECT id, ? FROM carrier",
            (id,),
        )
        .await?;
        let state = if active { "active" } else { "inactive" };
        let claims = if prefixes.is_empty() {
            String::new()
        } else {
            format!(", codes postaux français {}", describe_prefixes(&prefixes))
        };
        tx.journal(
            Entry::new(
                Entity::Zone,
                Some(id),
                "create",
                format!(
                    "Zone « {name} » créée ({state}{claims}, desservie par aucun transporteur)"
                ),
            )
            .after(json!({"name": name, "active": active, "postcode_prefixes": prefixes})),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// Renames a zone, sets the French postcodes it claims (`None`: unchanged) and switches it
/// on or off (an inactive zone gets no delivery offer).
pub async fn update(
    site: &Site,
    actor: &Actor,
    id: i64,
    name: &str,
    prefixes: Option<&str>,
    active: bool,
) -> Result<String, CommandError> {
    check_name(name)?;
    let prefixes = prefixes.map(parse_prefixes).transpose()?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (old, was, old_prefixes): (String, i64, String) =
            sqlx::query_as("SELECT name, active, postcode_prefixes FROM zone WHERE id = ?")
                .bind(id)
                .fetch_optional(tx.conn())
                .await?
                .ok_or(CommandError::NotFound("zone"))?;
        name_taken(tx, name, Some(id)).await?;
        let prefixes = prefixes.clone().unwrap_or_else(|| old_prefixes.clone());
        prefixes_taken(tx, &prefixes, Some(id)).await?;
        let mut changes = Vec::new();
        if old != name {
            changes.push(format!("renommée en « {name} »"));
        }
        if old_prefixes != prefixes {
            changes.push(match (old_prefixes.is_empty(), prefixes.is_empty()) {
                (_, true) => format!(
                    "ne regroupe plus les codes postaux français {}",
                    describe_prefixes(&old_prefixes)
                ),
                (true, false) => format!(
                    "regroupe les codes postaux français {}",
                    describe_prefixes(&prefixes)
                ),
                (false, false) => format!(
                    "codes postaux français {} → {}",
                    describe_prefixes(&old_prefixes),
                    describe_prefixes(&prefixes)
                ),
            });
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
        refuse_if(changes.is_empty(), "Aucune modification à enregistrer.")?;
        tx.execute(
            "UPDATE zone SET name = ?, active = ?, postcode_prefixes = ? WHERE id = ?",
            (name, i64::from(active), &prefixes, id),
        )
        .await?;
        let summary = format!("Zone « {old} » {}", changes.join(", "));
        tx.journal(
            Entry::new(Entity::Zone, Some(id), "update", summary.clone())
                .before(json!({"name": old, "active": was != 0, "postcode_prefixes": old_prefixes}))
                .after(json!({"name": name, "active": active, "postcode_prefixes": prefixes})),
        )
        .await?;
        Ok(summary)
    })
    .await
}

/// Deletes a zone no country belongs to, with the carriers' price ranges in it and their
/// "does not serve" marks; returns the summary.
pub async fn delete(site: &Site, actor: &Actor, id: i64) -> Result<String, CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (name, active, prefixes): (String, i64, String) =
            sqlx::query_as("SELECT name, active, postcode_prefixes FROM zone WHERE id = ?")
                .bind(id)
                .fetch_optional(tx.conn())
                .await?
                .ok_or(CommandError::NotFound("zone"))?;
        let countries: Vec<String> =
            sqlx::query_scalar("SELECT name FROM country WHERE zone_id = ? ORDER BY name")
                .bind(id)
                .fetch_all(tx.conn())
                .await?;
        refuse_if(!countries.is_empty(), format!(
                "La zone « {name} » regroupe encore {} pays ({}) : affectez-les d'abord à une autre zone (« Pays et zones », plus bas), puis supprimez-la.",
                countries.len(),
                countries.join(", ")
            ))?;
        let ranges: Vec<(String, i64, i64, i64)> = tx.rows(
            "SELECT k.name, r.range_min, r.range_max, r.price_cents FROM carrier_range r JOIN carrier k ON k.id = r.carrier_id
             WHERE r.zone_id = ? ORDER BY k.position, k.id, r.range_min",
            (id,),
        ).await?;
        let not_serving: Vec<String> = sqlx::query_scalar(
            "SELECT k.name FROM carrier_zone_excluded x JOIN carrier k ON k.id = x.carrier_id
             WHERE x.zone_id = ? ORDER BY k.position, k.id",
        )
        .bind(id)
        .fetch_all(tx.conn())
        .await?;
        tx.execute("DELETE FROM carrier_range WHERE zone_id = ?", (id,)).await?;
        tx.execute("DELETE FROM carrier_zone_excluded WHERE zone_id = ?", (id,)).await?;
        tx.execute("DELETE FROM zone WHERE id = ?", (id,)).await?;
        let mut gone = Vec::new();
        if !ranges.is_empty() {
            let mut carriers: Vec<&str> = ranges.iter().map(|r| r.0.as_str()).collect();
            carriers.dedup();
            gone.push(format!(
                "{} tranche(s) de prix ({})",
                ranges.len(),
                carriers.join(", ")
            ));
        }
        if !not_serving.is_empty() {
            gone.push(format!(
                "le réglage « zone non desservie » de {} transporteur(s) ({})",
                not_serving.len(),
                not_serving.join(", ")
            ));
        }
        let mut summary = format!("Zone « {name} » supprimée");
        if !gone.is_empty() {
            summary.push_str(&format!(", avec {}", gone.join(" et ")));
        }
        if !prefixes.is_empty() {
            summary.push_str(&format!(
                " ; les codes postaux français {} relèvent à nouveau de la zone de leur pays",
                describe_prefixes(&prefixes)
            ));
        }
        tx.journal(
            Entry::new(Entity::Zone, Some(id), "delete", summary.clone()).before(json!({
                "name": name, "active": active != 0, "postcode_prefixes": prefixes,
                "ranges": ranges.iter().map(|(carrier, min, max, price)| json!({"carrier": carrier, "min": min, "max": max, "price_cents": price})).collect::<Vec<_>>(),
                "not_served_by": not_serving,
            })),
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
            let zone: String = tx
                .optional("SELECT name FROM zone WHERE id = ?", (zone_id,))
                .await?
                .ok_or_else(|| {
                    CommandError::invalid("Cette zone n'existe pas : rechargez la page.")
                })?;
            tx.execute(
                "UPDATE country SET zone_id = ? WHERE iso = ?",
                (zone_id, iso),
            )
            .await?;
            before.insert(iso.clone(), json!(old_zone));
            after.insert(iso.clone(), json!(zone_id));
            moves.push(format!("{country} → {zone}"));
        }
        refuse_if(
            moves.is_empty(),
            "Aucun pays ne change de zone : rien à enregistrer.",
        )?;
        let summary = format!("Pays affectés à une autre zone : {}", moves.join(", "));
        tx.journal(
            Entry::new(Entity::Zone, None, "countries", summary.clone())
                .before(serde_json::Value::Object(before))
                .after(serde_json::Value::Object(after)),
        )
        .await?;
        Ok(summary)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcode_prefixes_are_digits_separated_by_commas() {
        assert_eq!(
            parse_prefixes(" 971, 972 ,971,").ok(),
            Some("971,972".to_owned())
        );
        assert_eq!(parse_prefixes("").ok(), Some(String::new()));
        assert!(parse_prefixes("2A").is_err());
        assert!(parse_prefixes("20; 97").is_err());
        assert!(parse_prefixes("123456").is_err());
        assert_eq!(describe_prefixes("971,972"), "971…, 972…");
    }
}
