//! Brands (Catalogue > Marques): create, edit, delete.

use e5_domain::Slug;
use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde::Serialize;
use serde_json::json;

/// A brand as the form edits it.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct BrandRecord {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub active: i64,
}

fn validate(b: &BrandRecord) -> Result<Slug, CommandError> {
    refuse_if(
        b.name.trim().chars().count() < 2,
        "Le nom de la marque doit compter au moins 2 caractères.",
    )?;
    refuse_if(
        b.description.chars().count() > 2000,
        "La description compte au plus 2 000 caractères.",
    )?;
    Slug::from_title(b.name.trim()).map_err(|e| CommandError::invalid(e.to_string()))
}

async fn ensure_free(
    tx: &mut Tx<'_>,
    name: &str,
    slug: &str,
    except: i64,
) -> Result<(), CommandError> {
    let taken: i64 = tx
        .one(
            "SELECT COUNT(*) FROM brand WHERE (name = ? OR slug = ?) AND id != ?",
            (name, slug, except),
        )
        .await?;
    refuse_if(taken > 0, format!("Une marque « {name} » existe déjà."))?;
    Ok(())
}

/// Creates a brand; returns its id.
pub async fn create(site: &Site, actor: &Actor, brand: BrandRecord) -> Result<i64, CommandError> {
    let slug = validate(&brand)?;
    let name = brand.name.trim().to_owned();
    run(site, actor, async |tx: &mut Tx<'_>| {
        ensure_free(tx, &name, slug.as_str(), 0).await?;
        let id: i64 = tx.one(
            "INSERT INTO brand (name, slug, description, active) VALUES (?, ?, ?, ?) RETURNING id",
            (&name, slug.as_str(), &brand.description, brand.active),
        ).await?;
        tx.journal(
            Entry::new(
                Entity::Brand,
                Some(id),
                "create",
                format!("Marque « {name} » créée"),
            )
            .after(json!({"name": name, "slug": slug.as_str(), "active": brand.active})),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// Saves a brand's name, description and status.
pub async fn update(site: &Site, actor: &Actor, brand: BrandRecord) -> Result<(), CommandError> {
    let slug = validate(&brand)?;
    let name = brand.name.trim().to_owned();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let before: BrandRecord =
            sqlx::query_as("SELECT id, name, description, active FROM brand WHERE id = ?")
                .bind(brand.id)
                .fetch_optional(tx.conn())
                .await?
                .ok_or(CommandError::NotFound("marque"))?;
        ensure_free(tx, &name, slug.as_str(), brand.id).await?;
        tx.execute(
            "UPDATE brand SET name = ?, slug = ?, description = ?, active = ? WHERE id = ?",
            (
                &name,
                slug.as_str(),
                &brand.description,
                brand.active,
                brand.id,
            ),
        )
        .await?;
        let summary = if before.name == name {
            format!("Marque « {name} » modifiée")
        } else {
            format!("Marque « {} » renommée en « {name} »", before.name)
        };
        tx.journal(
            Entry::new(Entity::Brand, Some(brand.id), "update", summary)
                .before(serde_json::to_value(&before).unwrap_or_default())
                .after(
                    json!({"name": name, "description": brand.description, "active": brand.active}),
                ),
        )
        .await?;
        Ok(())
    })
    .await
}

/// Deletes a brand; its products keep existing, without a brand (as PrestaShop does).
pub async fn delete(site: &Site, actor: &Actor, id: i64) -> Result<String, CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let before: BrandRecord =
            sqlx::query_as("SELECT id, name, description, active FROM brand WHERE id = ?")
                .bind(id)
                .fetch_optional(tx.conn())
                .await?
                .ok_or(CommandError::NotFound("marque"))?;
        let detached = tx
            .execute(
                "UPDATE product SET brand_id = NULL WHERE brand_id = ?",
                (id,),
            )
            .await?
            .rows_affected();
        tx.execute("DELETE FROM brand WHERE id = ?", (id,)).await?;
        let summary = if detached == 0 {
            format!("Marque « {} » supprimée", before.name)
        } else {
            format!(
                "Marque « {} » supprimée (retirée de {detached} produit(s))",
                before.name
            )
        };
        tx.journal(
            Entry::new(Entity::Brand, Some(id), "delete", summary.clone())
                .before(serde_json::to_value(&before).unwrap_or_default()),
        )
        .await?;
        Ok(summary)
    })
    .await
}
