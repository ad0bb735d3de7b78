//! Settings of the Avis produits, Partage social and Produits phares modules, stored in
//! `setting` (keys read by `e5_shop::modules::ModuleSettings`).

use e5_domain::journal::Entity;
use e5_domain::setting;
use e5_shop::command::{CommandError, Tx, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::modules::{FEATURED_COUNT, ModuleSettings, NETWORKS, REVIEWS_PER_PAGE};
use e5_shop::site::Site;
use serde_json::json;

/// One module's settings as its page submits them.
#[derive(Debug, Clone, PartialEq)]
pub enum ModuleChange {
    Reviews {
        moderated: bool,
        guests: bool,
        per_page: i64,
    },
    /// Network key ("facebook"…) and whether its button is shown.
    Sharing(Vec<(String, bool)>),
    Featured {
        count: i64,
    },
}

fn flag(on: bool) -> String {
    if on { "1" } else { "0" }.to_owned()
}

impl ModuleChange {
    fn validate(&self) -> Result<(), CommandError> {
        match self {
            ModuleChange::Reviews { per_page, .. }
                if !(REVIEWS_PER_PAGE.0..=REVIEWS_PER_PAGE.1).contains(per_page) =>
            {
                Err(CommandError::invalid(format!(
                    "Le nombre d'avis par page doit être compris entre {} et {}.",
                    REVIEWS_PER_PAGE.0, REVIEWS_PER_PAGE.1
                )))
            }
            ModuleChange::Featured { count }
                if !(FEATURED_COUNT.0..=FEATURED_COUNT.1).contains(count) =>
            {
                Err(CommandError::invalid(format!(
                    "Le nombre de produits phares doit être compris entre {} et {}.",
                    FEATURED_COUNT.0, FEATURED_COUNT.1
                )))
            }
            ModuleChange::Sharing(networks)
                if networks
                    .iter()
                    .any(|(k, _)| !NETWORKS.iter().any(|(n, _)| n == k)) =>
            {
                Err(CommandError::invalid("Réseau social inconnu."))
            }
            _ => Ok(()),
        }
    }

    /// The settings rows to write.
    fn rows(&self) -> Vec<(String, String)> {
        match self {
            ModuleChange::Reviews {
                moderated,
                guests,
                per_page,
            } => vec![
                (setting::REVIEWS_MANUAL_APPROVAL.into(), flag(*moderated)),
                (setting::REVIEWS_ALLOW_GUESTS.into(), flag(*guests)),
                (setting::REVIEWS_PER_PAGE.into(), per_page.to_string()),
            ],
            ModuleChange::Sharing(networks) => networks
                .iter()
                .map(|(k, on)| (format!("{}{k}", setting::SHARE_PREFIX), flag(*on)))
                .collect(),
            ModuleChange::Featured { count } => {
                vec![(setting::HOME_FEATURED_COUNT.into(), count.to_string())]
            }
        }
    }

    /// What the examiner reads: "Module Avis produits réglé : …".
    fn summary(&self) -> String {
        match self {
            ModuleChange::Reviews {
                moderated,
                guests,
                per_page,
            } => format!(
                "Module Avis produits réglé : {}, {}, {per_page} avis par page",
                if *moderated {
                    "modération avant publication"
                } else {
                    "publication immédiate"
                },
                if *guests {
                    "avis des visiteurs non connectés acceptés"
                } else {
                    "avis réservés aux clients connectés"
                }
            ),
            ModuleChange::Sharing(networks) => format!(
                "Module Partage social réglé : {}",
                networks
                    .iter()
                    .map(|(k, on)| {
                        let label = NETWORKS
                            .iter()
                            .find(|(n, _)| n == k)
                            .map_or(k.as_str(), |(_, l)| l);
                        format!("{label} {}", if *on { "affiché" } else { "masqué" })
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ModuleChange::Featured { count } => {
                format!("Module Produits phares réglé : {count} produit(s) sur la page d'accueil")
            }
        }
    }
}

/// Saves a module's settings; `Ok(false)` when nothing changed (nothing written).
pub async fn save(site: &Site, actor: &Actor, change: ModuleChange) -> Result<bool, CommandError> {
    change.validate()?;
    let rows = change.rows();
    let before = ModuleSettings::load(site.db()).await?;
    let mut current = Vec::new();
    for (key, _) in &rows {
        let v: Option<String> = sqlx::query_scalar("SELECT value FROM setting WHERE key = ?")
            .bind(key)
            .fetch_optional(site.db())
            .await?;
        current.push(v);
    }
    // Compare with what the storefront applies now (a missing key is its default).
    let unchanged = match &change {
        ModuleChange::Reviews {
            moderated,
            guests,
            per_page,
        } => {
            before.reviews_moderated == *moderated
                && before.reviews_guests == *guests
                && before.reviews_per_page == *per_page
        }
        ModuleChange::Sharing(networks) => networks
            .iter()
            .all(|(k, on)| before.share.get(k).copied().unwrap_or(true) == *on),
        ModuleChange::Featured { count } => before.featured_count == *count,
    };
    if unchanged {
        return Ok(false);
    }
    run(site, actor, async |tx: &mut Tx<'_>| {
        for (key, value) in &rows {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            ).await?;
        }
        let keys: Vec<&String> = rows.iter().map(|(k, _)| k).collect();
        tx.journal(
            Entry::new(Entity::Setting, None, "update", change.summary())
                .before(json!(keys.iter().zip(&current).map(|(k, v)| ((*k).clone(), json!(v))).collect::<serde_json::Map<_, _>>()))
                .after(json!(rows.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<serde_json::Map<_, _>>())),
        )
        .await
    })
    .await?;
    Ok(true)
}
