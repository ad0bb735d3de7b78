//! Shop settings stored as key/value pairs (`setting`): payment modules, shipping preferences.

use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde_json::json;

/// Saves some settings; `what` names the screen in the journal ("Paiement par chèque et
/// virement"). Only keys under `allowed_prefix` may be written.
pub async fn save(
    site: &Site,
    actor: &Actor,
    what: &str,
    allowed_prefix: &str,
    values: Vec<(String, String)>,
) -> Result<(), CommandError> {
    refuse_if(
        values.iter().any(|(k, _)| !k.starts_with(allowed_prefix)),
        "Paramètre inconnu.",
    )?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let mut changed = Vec::new();
        let mut before = serde_json::Map::new();
        for (key, value) in &values {
            let old: Option<String> = tx.optional(
                "SELECT value FROM setting WHERE key = ?",
                (key,),
            ).await?;
            if old.as_deref() == Some(value.as_str()) {
                continue;
            }
            before.insert(key.clone(), json!(old));
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            ).await?;
            changed.push(key.clone());
        }
        refuse_if(changed.is_empty(), "Aucune modification à enregistrer.")?;
        let after: serde_json::Map<String, serde_json::Value> = values.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        tx.journal(
            Entry::new(Entity::Setting, None, "update", format!("{what} modifiés ({} réglage(s))", changed.len()))
                .before(serde_json::Value::Object(before))
                .after(serde_json::Value::Object(after)),
        )
        .await
    })
    .await
}
