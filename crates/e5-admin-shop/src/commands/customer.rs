//! Customers and customer groups: group discounts and price display, a customer's groups.

use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::pricing::trim_float;
use e5_shop::site::Site;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize)]
pub struct GroupInput {
    pub id: Option<i64>,
    pub name: String,
    pub reduction_percent: f64,
    /// "TTC" or "HT".
    pub price_display: String,
    pub show_prices: bool,
    /// The categories its members see (Catégories visibles); None: unchanged.
    pub visible_categories: Option<Vec<i64>>,
}

/// Creates or updates a customer group. Returns its id.
pub async fn save_group(
    site: &Site,
    actor: &Actor,
    group: GroupInput,
) -> Result<i64, CommandError> {
    refuse_if(group.name.chars().count() < 2, "Donnez un nom au groupe.")?;
    refuse_if(
        !(0.0..=100.0).contains(&group.reduction_percent),
        "La réduction du groupe est un pourcentage entre 0 et 100.",
    )?;
    let display = if group.price_display == "HT" {
        "HT"
    } else {
        "TTC"
    };
    run(site, actor, async |tx: &mut Tx<'_>| {
        let taken: i64 = tx.one(
            "SELECT COUNT(*) FROM customer_group WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
            (&group.name, group.id),
        ).await?;
        refuse_if(taken > 0, format!("Un groupe « {} » existe déjà.", group.name))?;
        let id: i64 = match group.id {
            Some(id) => tx.optional(
                "UPDATE customer_group SET name = ?, reduction_percent = ?, price_display = ?, show_prices = ? WHERE id = ? RETURNING id",
                (&group.name, group.reduction_percent, display, i64::from(group.show_prices), id),
            ).await?
                .ok_or(CommandError::NotFound("groupe"))?,
            None => tx.one(
                "INSERT INTO customer_group (name, reduction_percent, price_display, show_prices) VALUES (?, ?, ?, ?) RETURNING id",
                (&group.name, group.reduction_percent, display, i64::from(group.show_prices)),
            ).await?,
        };
        let verb = if group.id.is_some() { "modifié" } else { "créé" };
        let reduction = if group.reduction_percent > 0.0 {
            format!("−{}\u{a0}%", trim_float(group.reduction_percent))
        } else {
            "sans réduction".to_owned()
        };
        tx.journal(
            Entry::new(Entity::CustomerGroup, Some(id), if group.id.is_some() { "update" } else { "create" }, format!("Groupe de clients « {} » {verb} ({reduction}, prix affichés {display})", group.name))
                .after(serde_json::to_value(&group).unwrap_or_default()),
        )
        .await?;
        if let Some(visible) = &group.visible_categories {
            set_visible_categories(tx, id, &group.name, visible).await?;
        }
        Ok(id)
    })
    .await
}

/// Sets a customer's default group and the groups they belong to (the default one included).
pub async fn set_groups(
    site: &Site,
    actor: &Actor,
    customer_id: i64,
    default_group: i64,
    groups: &[i64],
) -> Result<(), CommandError> {
    let mut groups: Vec<i64> = groups.to_vec();
    if !groups.contains(&default_group) {
        groups.push(default_group);
    }
    groups.sort_unstable();
    groups.dedup();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let name: String = tx
            .optional(
                "SELECT first_name || ' ' || last_name FROM customer WHERE id = ?",
                (customer_id,),
            )
            .await?
            .ok_or(CommandError::NotFound("client"))?;
        let mut names = Vec::new();
        for g in &groups {
            let n: Option<String> = tx
                .optional("SELECT name FROM customer_group WHERE id = ?", (g,))
                .await?;
            match n {
                Some(n) => names.push(n),
                None => return Err(CommandError::invalid("Ce groupe n'existe pas.")),
            }
        }
        let default_name: String = tx
            .one(
                "SELECT name FROM customer_group WHERE id = ?",
                (default_group,),
            )
            .await?;
        let before: Vec<i64> = sqlx::query_scalar(
            "SELECT group_id FROM customer_group_member WHERE customer_id = ? ORDER BY group_id",
        )
        .bind(customer_id)
        .fetch_all(tx.conn())
        .await?;
        tx.execute(
            "UPDATE customer SET default_group_id = ? WHERE id = ?",
            (default_group, customer_id),
        )
        .await?;
        tx.execute(
            "DELETE FROM customer_group_member WHERE customer_id = ?",
            (customer_id,),
        )
        .await?;
        for g in &groups {
            tx.execute(
                "INSERT INTO customer_group_member (customer_id, group_id) VALUES (?, ?)",
                (customer_id, g),
            )
            .await?;
        }
        tx.journal(
            Entry::new(
                Entity::Customer,
                Some(customer_id),
                "groups",
                format!(
                    "Client {name} : groupe par défaut « {default_name} », groupes : {}",
                    names.join(", ")
                ),
            )
            .before(json!({"groups": before}))
            .after(json!({"groups": groups, "default_group": default_group})),
        )
        .await
    })
    .await
}

/// Stores which categories a group sees, as the ones it does not (so that by default every
/// group sees everything). A hidden category hides its sub-categories too. Journals only a
/// change.
async fn set_visible_categories(
    tx: &mut Tx<'_>,
    group_id: i64,
    group_name: &str,
    visible: &[i64],
) -> Result<(), CommandError> {
    let tree: Vec<(i64, Option<i64>)> = tx
        .rows("SELECT id, parent_id FROM category ORDER BY id", ())
        .await?;
    refuse_if(
        visible.iter().any(|v| !tree.iter().any(|(id, _)| id == v)),
        "Une des catégories cochées n'existe pas : rechargez la page.",
    )?;
    let mut hidden: Vec<i64> = tree
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !visible.contains(id))
        .collect();
    loop {
        let more: Vec<i64> = tree
            .iter()
            .filter(|(id, parent)| {
                !hidden.contains(id) && parent.is_some_and(|p| hidden.contains(&p))
            })
            .map(|(id, _)| *id)
            .collect();
        if more.is_empty() {
            break;
        }
        hidden.extend(more);
    }
    hidden.sort_unstable();
    let before: Vec<i64> = sqlx::query_scalar(
        "SELECT category_id FROM customer_group_hidden_category WHERE group_id = ? ORDER BY category_id",
    )
    .bind(group_id)
    .fetch_all(tx.conn())
    .await?;
    if before == hidden {
        return Ok(());
    }
    tx.execute(
        "DELETE FROM customer_group_hidden_category WHERE group_id = ?",
        (group_id,),
    )
    .await?;
    for c in &hidden {
        tx.execute(
            "INSERT INTO customer_group_hidden_category (group_id, category_id) VALUES (?, ?)",
            (group_id, c),
        )
        .await?;
    }
    let total = tree.len();
    let shown = total - hidden.len();
    let label = if shown > 1 {
        "catégories visibles"
    } else {
        "catégorie visible"
    };
    tx.journal(
        Entry::new(
            Entity::CustomerGroup,
            Some(group_id),
            "categories",
            format!("Groupe « {group_name} » : {shown} {label} sur {total}"),
        )
        .before(json!({"hidden_categories": before}))
        .after(json!({"hidden_categories": hidden})),
    )
    .await
}
