//! Categories (Catalogue > Catégories): create, edit (parent, description, SEO), delete.

use e5_domain::Slug;
use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde::Serialize;
use serde_json::json;

/// A category as the form edits it (id 0 = new).
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct CategoryRecord {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub slug: String,
    pub description: String,
    pub meta_title: String,
    pub meta_description: String,
    pub active: i64,
}

pub const CATEGORY_COLUMNS: &str =
    "id, parent_id, name, slug, description, meta_title, meta_description, active";

fn validate(c: &CategoryRecord) -> Result<(), CommandError> {
    refuse_if(
        c.name.trim().chars().count() < 2,
        "Le nom de la catégorie doit compter au moins 2 caractères.",
    )?;
    Slug::parse(&c.slug).map_err(|e| CommandError::invalid(format!("URL simplifiée : {e}.")))?;
    refuse_if(
        c.meta_title.chars().count() > 70,
        "La balise titre compte au plus 70 caractères.",
    )?;
    refuse_if(
        c.meta_description.chars().count() > 320,
        "La méta-description compte au plus 320 caractères.",
    )?;
    Ok(())
}

/// Checks the slug is free and the parent exists and is not the category or one of its
/// descendants (which would cut the branch off the tree).
async fn check_place(tx: &mut Tx<'_>, c: &CategoryRecord) -> Result<(), CommandError> {
    let taken: i64 = tx
        .one(
            "SELECT COUNT(*) FROM category WHERE slug = ? AND id != ?",
            (&c.slug, c.id),
        )
        .await?;
    refuse_if(
        taken > 0,
        "Cette URL simplifiée est déjà celle d'une autre catégorie.",
    )?;
    if let Some(parent) = c.parent_id {
        let inside: i64 = tx.one(
            "WITH RECURSIVE branch(id) AS (SELECT ?1 UNION ALL SELECT k.id FROM category k JOIN branch b ON k.parent_id = b.id)
             SELECT COUNT(*) FROM branch WHERE id = ?2",
            (c.id, parent),
        ).await?;
        let exists: i64 = tx
            .one("SELECT COUNT(*) FROM category WHERE id = ?", (parent,))
            .await?;
        refuse_if(
            exists == 0 || (c.id != 0 && inside > 0),
            "Une catégorie ne peut pas être rangée dans elle-même ni dans une de ses sous-catégories.",
        )?;
    }
    Ok(())
}

/// Creates a category at the end of its parent's children; returns its id.
pub async fn create(site: &Site, actor: &Actor, c: CategoryRecord) -> Result<i64, CommandError> {
    validate(&c)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        check_place(tx, &c).await?;
        let id: i64 = tx.one(
            "INSERT INTO category (parent_id, name, slug, description, meta_title, meta_description, active, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT COALESCE(MAX(position), 0) + 1 FROM category WHERE parent_id IS ?1))
             RETURNING id",
            (
                c.parent_id,
                c.name.trim(),
                &c.slug,
                &c.description,
                &c.meta_title,
                &c.meta_description,
                c.active,
            ),
        ).await?;
        tx.journal(
            Entry::new(Entity::Category, Some(id), "create", format!("Catégorie « {} » créée", c.name.trim()))
                .after(serde_json::to_value(&c).unwrap_or_default()),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// Saves a category.
pub async fn update(site: &Site, actor: &Actor, c: CategoryRecord) -> Result<(), CommandError> {
    validate(&c)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let before: CategoryRecord = sqlx::query_as(&format!("SELECT {CATEGORY_COLUMNS} FROM category WHERE id = ?"))
            .bind(c.id)
            .fetch_optional(tx.conn())
            .await?
            .ok_or(CommandError::NotFound("catégorie"))?;
        check_place(tx, &c).await?;
        tx.execute(
            "UPDATE category SET parent_id = ?, name = ?, slug = ?, description = ?, meta_title = ?, meta_description = ?, active = ? WHERE id = ?",
            (
                c.parent_id,
                c.name.trim(),
                &c.slug,
                &c.description,
                &c.meta_title,
                &c.meta_description,
                c.active,
                c.id,
            ),
        ).await?;
        let mut changes = Vec::new();
        if before.name != c.name.trim() {
            changes.push(format!("nom « {} » → « {} »", before.name, c.name.trim()));
        }
        if before.parent_id != c.parent_id {
            changes.push("catégorie parente".to_owned());
        }
        if before.description != c.description {
            changes.push("description".to_owned());
        }
        if before.slug != c.slug || before.meta_title != c.meta_title || before.meta_description != c.meta_description {
            changes.push("référencement SEO".to_owned());
        }
        if before.active != c.active {
            changes.push(if c.active != 0 { "affichée" } else { "masquée" }.to_owned());
        }
        if changes.is_empty() {
            tx.unchanged();
            return Ok(());
        }
        let summary = format!("Catégorie « {} » modifiée : {}", c.name.trim(), changes.join(", "));
        tx.journal(
            Entry::new(Entity::Category, Some(c.id), "update", summary)
                .before(serde_json::to_value(&before).unwrap_or_default())
                .after(serde_json::to_value(&c).unwrap_or_default()),
        )
        .await?;
        Ok(())
    })
    .await
}

/// Deletes an empty category; refuses while it has subcategories or is a product's default.
pub async fn delete(site: &Site, actor: &Actor, id: i64) -> Result<String, CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let before: CategoryRecord = sqlx::query_as(&format!("SELECT {CATEGORY_COLUMNS} FROM category WHERE id = ?"))
            .bind(id)
            .fetch_optional(tx.conn())
            .await?
            .ok_or(CommandError::NotFound("catégorie"))?;
        let (children, defaults, rules): (i64, i64, i64) = tx.row(
            "SELECT (SELECT COUNT(*) FROM category WHERE parent_id = ?1), (SELECT COUNT(*) FROM product WHERE category_id = ?1),
                    (SELECT COUNT(*) FROM catalog_rule WHERE category_id = ?1)",
            (id,),
        ).await?;
        refuse_if(children > 0, format!(
                "La catégorie « {} » contient {children} sous-catégorie(s) : déplacez-les ou supprimez-les d'abord.",
                before.name
            ))?;
        refuse_if(defaults > 0, format!(
                "La catégorie « {} » est la catégorie par défaut de {defaults} produit(s) : changez-la dans leur fiche d'abord.",
                before.name
            ))?;
        refuse_if(rules > 0, format!(
                "La catégorie « {} » est visée par {rules} règle(s) de prix catalogue : supprimez-les d'abord.",
                before.name
            ))?;
        tx.execute("DELETE FROM product_category WHERE category_id = ?", (id,)).await?;
        tx.execute("DELETE FROM category WHERE id = ?", (id,)).await?;
        let summary = format!("Catégorie « {} » supprimée", before.name);
        tx.journal(
            Entry::new(Entity::Category, Some(id), "delete", summary.clone())
                .before(json!(before)),
        )
        .await?;
        Ok(summary)
    })
    .await
}
