//! Predefined replies of the customer service (SAV › Réponses prédéfinies): ready-made texts
//! an employee starts a reply from.

use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde_json::json;

fn check(title: &str, body: &str) -> Result<(), CommandError> {
    let len = title.chars().count();
    refuse_if(
        !(2..=80).contains(&len),
        "Le titre de la réponse doit compter de 2 à 80 caractères.",
    )?;
    refuse_if(
        body.trim().is_empty() || body.chars().count() > 5000,
        "Écrivez le texte de la réponse (5 000 caractères au plus).",
    )?;
    Ok(())
}

/// Creates (`id` None) or updates a predefined reply. Returns its id.
pub async fn save(
    site: &Site,
    actor: &Actor,
    id: Option<i64>,
    title: &str,
    body: &str,
) -> Result<i64, CommandError> {
    check(title, body)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let taken: i64 = tx.one(
            "SELECT COUNT(*) FROM predefined_reply WHERE title = ? COLLATE NOCASE AND id IS NOT ?",
            (title, id),
        ).await?;
        refuse_if(taken > 0, format!(
                "Une réponse « {title} » existe déjà."
            ))?;
        let (id, before) = match id {
            Some(id) => {
                let (old_title, old_body): (String, String) =
                    sqlx::query_as("SELECT title, body FROM predefined_reply WHERE id = ?")
                        .bind(id)
                        .fetch_optional(tx.conn())
                        .await?
                        .ok_or(CommandError::NotFound("réponse prédéfinie"))?;
                refuse_if(old_title == title && old_body == body, "Aucune modification à enregistrer.")?;
                tx.execute(
                    "UPDATE predefined_reply SET title = ?, body = ? WHERE id = ?",
                    (title, body, id),
                ).await?;
                (id, Some(json!({"title": old_title, "body": old_body})))
            }
            None => {
                let id: i64 = tx.one(
                    "INSERT INTO predefined_reply (title, body, position)
                     VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM predefined_reply)) RETURNING id",
                    (title, body),
                ).await?;
                (id, None)
            }
        };
        let verb = if before.is_some() { "modifiée" } else { "créée" };
        let mut entry = Entry::new(
            Entity::PredefinedReply,
            Some(id),
            if before.is_some() { "update" } else { "create" },
            format!("Réponse prédéfinie « {title} » {verb}"),
        )
        .after(json!({"title": title, "body": body}));
        if let Some(b) = before {
            entry = entry.before(b);
        }
        tx.journal(entry).await?;
        Ok(id)
    })
    .await
}

pub async fn delete(site: &Site, actor: &Actor, id: i64) -> Result<String, CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (title, body): (String, String) =
            sqlx::query_as("SELECT title, body FROM predefined_reply WHERE id = ?")
                .bind(id)
                .fetch_optional(tx.conn())
                .await?
                .ok_or(CommandError::NotFound("réponse prédéfinie"))?;
        tx.execute("DELETE FROM predefined_reply WHERE id = ?", (id,))
            .await?;
        let summary = format!("Réponse prédéfinie « {title} » supprimée");
        tx.journal(
            Entry::new(Entity::PredefinedReply, Some(id), "delete", summary.clone())
                .before(json!({"title": title, "body": body})),
        )
        .await?;
        Ok(summary)
    })
    .await
}
