//! Carriers (Livraison › Transporteurs): the carrier itself (zones served, billing, handling
//! costs, maximum weight, position), its price ranges per zone, deactivating and deleting.

use e5_domain::Money;
use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde::Serialize;
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
    refuse_if(
        min < 0 || max <= min,
        "La borne haute de la tranche doit dépasser la borne basse.",
    )?;
    refuse_if(price_cents < 0, "Le prix ne peut pas être négatif.")?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (carrier, billing): (String, String) = sqlx::query_as("SELECT name, billing FROM carrier WHERE id = ?")
            .bind(carrier_id)
            .fetch_optional(tx.conn())
            .await?
            .ok_or(CommandError::NotFound("transporteur"))?;
        let zone: String = tx.optional("SELECT name FROM zone WHERE id = ?", (zone_id,)).await?
            .ok_or_else(|| CommandError::invalid("Choisissez une zone."))?;
        let served: i64 = tx.one(
            "SELECT COUNT(*) FROM carrier_zone_excluded WHERE carrier_id = ? AND zone_id = ?",
            (carrier_id, zone_id),
        ).await?;
        refuse_if(served > 0, format!(
                "{carrier} ne dessert pas la zone {zone} : cochez-la d'abord dans « Modifier » (zones desservies)."
            ))?;
        let overlapping: i64 = tx.one(
            "SELECT COUNT(*) FROM carrier_range WHERE carrier_id = ? AND zone_id = ? AND range_min < ? AND range_max > ?",
            (carrier_id, zone_id, max, min),
        ).await?;
        refuse_if(overlapping > 0, format!("Cette tranche chevauche une tranche existante de {carrier} en zone {zone}."))?;
        let id: i64 = tx.one(
            "INSERT INTO carrier_range (carrier_id, zone_id, range_min, range_max, price_cents) VALUES (?, ?, ?, ?, ?) RETURNING id",
            (carrier_id, zone_id, min, max, price_cents),
        ).await?;
        let bounds = if billing == "weight" {
            format!("de {} à {} kg", kg(min), kg(max))
        } else {
            format!("de {} à {}", Money(min), Money(max))
        };
        tx.journal(
            Entry::new(Entity::Carrier, Some(carrier_id), "range", format!("Tranche ajoutée à {carrier} ({zone}) : {bounds}, {} TTC", Money(price_cents)))
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
        tx.execute("DELETE FROM carrier_range WHERE id = ?", (id,)).await?;
        tx.journal(
            Entry::new(Entity::Carrier, Some(carrier_id), "range", format!("Tranche n° {id} de {carrier} ({zone}) supprimée"))
                .before(json!({"id": id})),
        )
        .await?;
        Ok(())
    })
    .await
}

/// Grams as French kilograms ("0,5").
pub fn kg(grams: i64) -> String {
    let text = format!("{},{:03}", grams / 1000, grams % 1000);
    text.trim_end_matches('0').trim_end_matches(',').to_owned()
}

/// What the carrier form submits, already parsed (amounts in cents, weights in grams).
#[derive(Debug, Clone, Serialize)]
pub struct CarrierInput {
    pub name: String,
    pub delay: String,
    pub active: bool,
    pub is_free: bool,
    /// "weight" or "price".
    pub billing: String,
    pub handling_cents: i64,
    /// 0: no limit.
    pub max_weight_grams: i64,
    pub zone_ids: Vec<i64>,
    /// None: after the last carrier.
    pub position: Option<i64>,
    pub tracking_url: String,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
struct CarrierRow {
    name: String,
    delay: String,
    active: i64,
    is_free: i64,
    billing: String,
    handling_cents: i64,
    max_weight_grams: i64,
    position: i64,
    tracking_url: String,
}

fn check(input: &CarrierInput) -> Result<(), CommandError> {
    let name_len = input.name.chars().count();
    refuse_if(
        !(2..=64).contains(&name_len),
        "Le nom du transporteur doit compter de 2 à 64 caractères.",
    )?;
    refuse_if(
        input.delay.is_empty() || input.delay.chars().count() > 128,
        "Indiquez le délai de livraison affiché au client (128 caractères au plus), par exemple « Livraison en 48 h ».",
    )?;
    refuse_if(
        input.billing != "weight" && input.billing != "price",
        "Choisissez une facturation selon le poids ou selon le prix.",
    )?;
    refuse_if(
        input.handling_cents < 0
            || input.max_weight_grams < 0
            || input.position.is_some_and(|p| p < 0),
        "Les frais de manutention, le poids maximal et la position ne peuvent pas être négatifs.",
    )?;
    refuse_if(
        input.zone_ids.is_empty(),
        "Cochez au moins une zone desservie.",
    )?;
    let url = &input.tracking_url;
    refuse_if(
        !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")),
        "L'adresse de suivi doit commencer par https:// (le numéro de suivi y remplace @).",
    )?;
    Ok(())
}

/// The names of the zones, in order, refusing an id that is not a zone.
async fn zone_names(tx: &mut Tx<'_>, ids: &[i64]) -> Result<Vec<String>, CommandError> {
    let mut names = Vec::with_capacity(ids.len());
    for id in ids {
        let name: Option<String> = tx
            .optional("SELECT name FROM zone WHERE id = ?", (id,))
            .await?;
        names.push(name.ok_or_else(|| {
            CommandError::invalid("Cette zone n'existe pas : rechargez la page.")
        })?);
    }
    Ok(names)
}

/// Creates a carrier (`id` None) or updates one. Returns its id.
pub async fn save_carrier(
    site: &Site,
    actor: &Actor,
    id: Option<i64>,
    mut input: CarrierInput,
) -> Result<i64, CommandError> {
    check(&input)?;
    input.zone_ids.sort_unstable();
    input.zone_ids.dedup();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let zones = zone_names(tx, &input.zone_ids).await?;
        let before: Option<CarrierRow> = match id {
            Some(id) => Some(
                sqlx::query_as("SELECT name, delay, active, is_free, billing, handling_cents, max_weight_grams, position, tracking_url FROM carrier WHERE id = ?")
                    .bind(id)
                    .fetch_optional(tx.conn())
                    .await?
                    .ok_or(CommandError::NotFound("transporteur"))?,
            ),
            None => None,
        };
        let position = match input.position {
            Some(p) => p,
            None => match &before {
                Some(b) => b.position,
                None => tx.one("SELECT COALESCE(MAX(position), 0) + 1 FROM carrier", ()).await?,
            },
        };
        let id: i64 = match id {
            Some(id) => tx.one(
                "UPDATE carrier SET name = ?, delay = ?, active = ?, is_free = ?, billing = ?, handling_cents = ?, max_weight_grams = ?, position = ?, tracking_url = ?
                 WHERE id = ? RETURNING id",
                (
                    &input.name,
                    &input.delay,
                    i64::from(input.active),
                    i64::from(input.is_free),
                    &input.billing,
                    input.handling_cents,
                    input.max_weight_grams,
                    position,
                    &input.tracking_url,
                    id,
                ),
            ).await?,
            None => tx.one(
                "INSERT INTO carrier (name, delay, active, is_free, billing, handling_cents, max_weight_grams, position, tracking_url)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    &input.name,
                    &input.delay,
                    i64::from(input.active),
                    i64::from(input.is_free),
                    &input.billing,
                    input.handling_cents,
                    input.max_weight_grams,
                    position,
                    &input.tracking_url,
                ),
            ).await?,
        };
        let zones_before: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM zone WHERE id NOT IN (SELECT zone_id FROM carrier_zone_excluded WHERE carrier_id = ?) ORDER BY id",
        )
        .bind(id)
        .fetch_all(tx.conn())
        .await?;
        // Zones served are stored as the zones not served (see migration 0004).
        tx.execute("DELETE FROM carrier_zone_excluded WHERE carrier_id = ?", (id,)).await?;
        let all_zones: Vec<i64> = sqlx::query_scalar("SELECT id FROM zone ORDER BY id").fetch_all(tx.conn()).await?;
        for z in all_zones.iter().filter(|z| !input.zone_ids.contains(z)) {
            tx.execute(
                "INSERT INTO carrier_zone_excluded (carrier_id, zone_id) VALUES (?, ?)",
                (id, z),
            ).await?;
        }
        let after = json!({
            "name": input.name, "delay": input.delay, "active": input.active, "is_free": input.is_free,
            "billing": input.billing, "handling_cents": input.handling_cents, "max_weight_grams": input.max_weight_grams,
            "position": position, "tracking_url": input.tracking_url, "zone_ids": input.zone_ids,
        });
        let zones_text = zones.join(", ");
        let summary = match &before {
            None => format!("Transporteur « {} » créé (zones : {zones_text})", input.name),
            Some(b) => {
                let mut changed = Vec::new();
                if b.name != input.name {
                    changed.push(format!("nom « {} » → « {} »", b.name, input.name));
                }
                if b.delay != input.delay {
                    changed.push("délai".to_owned());
                }
                if (b.active != 0) != input.active {
                    changed.push(if input.active { "activé" } else { "désactivé" }.to_owned());
                }
                if (b.is_free != 0) != input.is_free {
                    changed.push(if input.is_free { "gratuit" } else { "payant" }.to_owned());
                }
                if b.billing != input.billing {
                    changed.push(if input.billing == "weight" { "facturé selon le poids" } else { "facturé selon le prix" }.to_owned());
                }
                if b.handling_cents != input.handling_cents {
                    changed.push(format!("frais de manutention {}", Money(input.handling_cents)));
                }
                if b.max_weight_grams != input.max_weight_grams {
                    changed.push(if input.max_weight_grams == 0 { "sans poids maximal".to_owned() } else { format!("poids maximal {} kg", kg(input.max_weight_grams)) });
                }
                if b.position != position {
                    changed.push(format!("position {position}"));
                }
                if b.tracking_url != input.tracking_url {
                    changed.push("adresse de suivi".to_owned());
                }
                if zones_before != input.zone_ids {
                    changed.push(format!("zones : {zones_text}"));
                }
                refuse_if(changed.is_empty(), "Aucune modification à enregistrer.")?;
                format!("Transporteur « {} » modifié : {}", input.name, changed.join(", "))
            }
        };
        let mut entry = Entry::new(Entity::Carrier, Some(id), if before.is_some() { "update" } else { "create" }, summary).after(after);
        if let Some(b) = &before {
            entry = entry.before(json!({
                "name": b.name, "delay": b.delay, "active": b.active != 0, "is_free": b.is_free != 0, "billing": b.billing,
                "handling_cents": b.handling_cents, "max_weight_grams": b.max_weight_grams, "position": b.position,
                "tracking_url": b.tracking_url, "zone_ids": zones_before,
            }));
        }
        tx.journal(entry).await?;
        Ok(id)
    })
    .await
}

/// Switches a carrier on or off: an inactive carrier is no longer offered at checkout.
pub async fn set_active(
    site: &Site,
    actor: &Actor,
    id: i64,
    active: bool,
) -> Result<String, CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (name, was): (String, i64) =
            sqlx::query_as("SELECT name, active FROM carrier WHERE id = ?")
                .bind(id)
                .fetch_optional(tx.conn())
                .await?
                .ok_or(CommandError::NotFound("transporteur"))?;
        refuse_if(
            (was != 0) == active,
            format!(
                "Le transporteur « {name} » est déjà {}.",
                if active { "actif" } else { "inactif" }
            ),
        )?;
        tx.execute(
            "UPDATE carrier SET active = ? WHERE id = ?",
            (i64::from(active), id),
        )
        .await?;
        let summary = format!(
            "Transporteur « {name} » {}",
            if active { "activé" } else { "désactivé" }
        );
        tx.journal(
            Entry::new(Entity::Carrier, Some(id), "update", summary.clone())
                .before(json!({"active": was != 0}))
                .after(json!({"active": active})),
        )
        .await?;
        Ok(summary)
    })
    .await
}

/// Deletes a carrier no order used; one that served orders stays (their history needs it):
/// the message tells to deactivate it instead.
pub async fn delete_carrier(site: &Site, actor: &Actor, id: i64) -> Result<String, CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let name: String = tx.optional("SELECT name FROM carrier WHERE id = ?", (id,)).await?
            .ok_or(CommandError::NotFound("transporteur"))?;
        let orders: i64 = tx.one("SELECT COUNT(*) FROM orders WHERE carrier_id = ?", (id,)).await?;
        refuse_if(orders > 0, format!(
                "Le transporteur « {name} » a servi à {orders} commande{} : il ne peut pas être supprimé, l'historique des commandes en a besoin. \
                 Désactivez-le plutôt : il ne sera plus proposé aux clients.",
                if orders > 1 { "s" } else { "" }
            ))?;
        tx.execute("UPDATE cart SET carrier_id = NULL WHERE carrier_id = ?", (id,)).await?;
        tx.execute(
            "DELETE FROM cart_rule_restriction WHERE kind = 'carrier' AND target_id = ?",
            (id,),
        ).await?;
        tx.execute("DELETE FROM carrier WHERE id = ?", (id,)).await?;
        let summary = format!("Transporteur « {name} » supprimé");
        tx.journal(Entry::new(Entity::Carrier, Some(id), "delete", summary.clone()).before(json!({"name": name}))).await?;
        Ok(summary)
    })
    .await
}
