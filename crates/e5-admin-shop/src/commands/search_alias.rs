//! Search aliases (Catalogue > Attributs et caractéristiques): what a visitor types → what
//! the shop searches.

use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde_json::json;

/// Adds an alias; the typed word is stored lower-case, as the search compares it.
pub async fn add(
    site: &Site,
    actor: &Actor,
    alias: &str,
    search: &str,
) -> Result<i64, CommandError> {
    let alias = alias.trim().to_lowercase();
    let search = search.trim().to_owned();
    refuse_if(
        alias.is_empty() || search.is_empty(),
        "Indiquez le mot tapé par le visiteur et la recherche à lancer.",
    )?;
    refuse_if(
        alias.chars().count() > 80 || search.chars().count() > 120,
        "Cet alias est trop long.",
    )?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let taken: i64 = tx
            .one(
                "SELECT COUNT(*) FROM search_alias WHERE alias = ?",
                (&alias,),
            )
            .await?;
        refuse_if(taken > 0, format!("L'alias « {alias} » existe déjà."))?;
        let id: i64 = tx
            .one(
                "INSERT INTO search_alias (alias, search) VALUES (?, ?) RETURNING id",
                (&alias, &search),
            )
            .await?;
        tx.journal(
            Entry::new(
                Entity::SearchAlias,
                Some(id),
                "create",
                format!("Alias de recherche « {alias} » → « {search} » créé"),
            )
            .after(json!({"alias": alias, "search": search})),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// Deletes an alias.
pub async fn remove(site: &Site, actor: &Actor, id: i64) -> Result<(), CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (alias, search): (String, String) =
            sqlx::query_as("SELECT alias, search FROM search_alias WHERE id = ?")
                .bind(id)
                .fetch_optional(tx.conn())
                .await?
                .ok_or(CommandError::NotFound("alias"))?;
        tx.execute("DELETE FROM search_alias WHERE id = ?", (id,))
            .await?;
        tx.journal(
            Entry::new(
                Entity::SearchAlias,
                Some(id),
                "delete",
                format!("Alias de recherche « {alias} » supprimé"),
            )
            .before(json!({"alias": alias, "search": search})),
        )
        .await?;
        Ok(())
    })
    .await
}
