//! Products: creating a draft, saving the tabbed form, generating combinations.

use e5_domain::journal::Entity;
use e5_domain::{Money, Slug};
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde::Serialize;
use serde_json::json;

/// A product as the back-office form edits it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, PartialEq)]
pub struct ProductRecord {
    pub id: i64,
    pub reference: String,
    pub name: String,
    pub slug: String,
    pub summary: String,
    pub description: String,
    pub category_id: i64,
    pub brand_id: Option<i64>,
    pub tax_rule_id: i64,
    pub price_ht_cents: i64,
    pub wholesale_price_cents: i64,
    pub quantity: i64,
    pub low_stock_threshold: i64,
    pub out_of_stock: String,
    pub available_date: Option<String>,
    pub ean13: String,
    pub condition: String,
    pub active: i64,
    pub web_exclusive: i64,
    pub featured: i64,
    pub meta_title: String,
    pub meta_description: String,
    pub focus_keyword: String,
    /// Editor blocks of the summary and description ("" when only the plain text exists);
    /// `summary` and `description` are always their plain text.
    pub summary_blocks: String,
    pub description_blocks: String,
}

pub const PRODUCT_COLUMNS: &str = "id, reference, name, slug, summary, description, category_id, brand_id, tax_rule_id, price_ht_cents, wholesale_price_cents, quantity, low_stock_threshold, out_of_stock, available_date, ean13, condition, active, web_exclusive, featured, meta_title, meta_description, focus_keyword, summary_blocks, description_blocks";

/// What the form sends besides the product row: combinations' stock and price impact,
/// the categories the product appears in, its associated products.
#[derive(Debug, Clone, Default)]
pub struct ProductExtras {
    pub combinations: Vec<(i64, i64, i64)>,
    pub categories: Vec<i64>,
    pub accessories: Vec<i64>,
    /// Features (Matière, Origine…) as (feature id, value); an empty value removes it.
    pub features: Vec<(i64, String)>,
    /// The images tab, when the form carried it (older forms leave images untouched).
    pub images: Option<ProductImages>,
    /// Whether the summary and description came from the editor (blocks set on the record)
    /// or as plain text only (a form without JavaScript): then the stored blocks are kept
    /// while the text is unchanged, and dropped when it was edited.
    pub from_editor: bool,
}

/// Cover and gallery chosen from the media library, with the alt texts typed for them.
#[derive(Debug, Clone, Default)]
pub struct ProductImages {
    /// Gallery media ids in display order; the cover is one of them.
    pub gallery: Vec<i64>,
    pub cover: Option<i64>,
    pub alts: Vec<(i64, String)>,
}

/// Creates an offline draft with just a name, as PrestaShop's "Nouveau produit" does; the
/// candidate completes it in the form.
pub async fn create(site: &Site, actor: &Actor, name: &str) -> Result<i64, CommandError> {
    let name = name.trim();
    refuse_if(
        name.chars().count() < 3,
        "Le nom du produit doit compter au moins 3 caractères.",
    )?;
    let slug = Slug::from_title(name).map_err(|e| CommandError::invalid(e.to_string()))?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let slug = free_slug(tx, slug.as_str(), 0).await?;
        let next: i64 = tx.one("SELECT COALESCE(MAX(id), 0) + 1 FROM product", ()).await?;
        let category: i64 = tx.one(
            "SELECT id FROM category ORDER BY parent_id IS NOT NULL, position, id LIMIT 1",
            (),
        ).await?;
        let now = e5_shop::command::now();
        let id: i64 = tx.one(
            "INSERT INTO product (reference, name, slug, category_id, tax_rule_id, price_ht_cents, active, created_at, updated_at)
             VALUES (?, ?, ?, ?, (SELECT id FROM tax_rule ORDER BY rate DESC LIMIT 1), 0, 0, ?, ?) RETURNING id",
            (format!("NOUV-{next:03}"), name, &slug, category, &now, &now),
        ).await?;
        tx.execute(
            "INSERT INTO product_category (product_id, category_id) VALUES (?, ?)",
            (id, category),
        ).await?;
        tx.journal(
            Entry::new(Entity::Product, Some(id), "create", format!("Produit « {name} » créé (hors ligne)"))
                .after(json!({"name": name, "slug": slug})),
        )
        .await?;
        Ok(id)
    })
    .await
}

async fn free_slug(tx: &mut Tx<'_>, wanted: &str, except: i64) -> Result<String, CommandError> {
    let mut candidate = wanted.to_owned();
    let mut n = 2;
    while tx
        .one::<i64>(
            "SELECT COUNT(*) FROM product WHERE slug = ? AND id != ?",
            (&candidate, except),
        )
        .await?
        > 0
    {
        candidate = format!("{wanted}-{n}");
        n += 1;
    }
    Ok(candidate)
}

/// Checks a product before saving; the message says which field and why.
fn validate(p: &ProductRecord) -> Result<(), CommandError> {
    refuse_if(
        p.name.chars().count() < 3,
        "Le nom du produit doit compter au moins 3 caractères.",
    )?;
    refuse_if(
        p.reference.is_empty(),
        "La référence du produit est obligatoire.",
    )?;
    Slug::parse(&p.slug).map_err(|e| CommandError::invalid(format!("Référencement : {e}.")))?;
    refuse_if(
        p.quantity < 0 || p.low_stock_threshold < 0,
        "Les quantités ne peuvent pas être négatives.",
    )?;
    if let Some(d) = &p.available_date
        && !crate::form::is_day(d)
    {
        return Err(CommandError::invalid(
            "La date de disponibilité doit être une date (jj/mm/aaaa).",
        ));
    }
    refuse_if(
        !p.ean13.is_empty()
            && (p.ean13.len() != 13 || !p.ean13.chars().all(|c| c.is_ascii_digit())),
        "Le code EAN-13 compte exactement 13 chiffres.",
    )?;
    Ok(())
}

/// Saves the whole product form.
pub async fn update(
    site: &Site,
    actor: &Actor,
    product: ProductRecord,
    extras: ProductExtras,
) -> Result<(), CommandError> {
    validate(&product)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let before: ProductRecord = sqlx::query_as(&format!("SELECT {PRODUCT_COLUMNS} FROM product WHERE id = ?"))
            .bind(product.id)
            .fetch_optional(tx.conn())
            .await?
            .ok_or(CommandError::NotFound("produit"))?;
        let mut product = product.clone();
        if !extras.from_editor {
            product.summary_blocks = if product.summary == before.summary { before.summary_blocks.clone() } else { String::new() };
            product.description_blocks =
                if product.description == before.description { before.description_blocks.clone() } else { String::new() };
        }
        let taken: i64 = tx.one(
            "SELECT COUNT(*) FROM product WHERE (reference = ? OR slug = ?) AND id != ?",
            (&product.reference, &product.slug, product.id),
        ).await?;
        refuse_if(taken > 0, "Cette référence ou cette adresse (slug) est déjà utilisée par un autre produit.")?;
        let category_ok: i64 = tx.one(
            "SELECT COUNT(*) FROM category WHERE id = ?",
            (product.category_id,),
        ).await?;
        refuse_if(category_ok == 0, "Choisissez une catégorie par défaut.")?;
        tx.execute(
            "UPDATE product SET reference = ?, name = ?, slug = ?, summary = ?, description = ?, category_id = ?, brand_id = ?,
             tax_rule_id = ?, price_ht_cents = ?, wholesale_price_cents = ?, quantity = ?, low_stock_threshold = ?, out_of_stock = ?,
             available_date = ?, ean13 = ?, condition = ?, active = ?, web_exclusive = ?, featured = ?, meta_title = ?,
             meta_description = ?, focus_keyword = ?, summary_blocks = ?, description_blocks = ?, updated_at = ? WHERE id = ?",
            (
                &product.reference,
                &product.name,
                &product.slug,
                &product.summary,
                &product.description,
                product.category_id,
                product.brand_id,
                product.tax_rule_id,
                product.price_ht_cents,
                product.wholesale_price_cents,
                product.quantity,
                product.low_stock_threshold,
                &product.out_of_stock,
                &product.available_date,
                &product.ean13,
                &product.condition,
                product.active,
                product.web_exclusive,
                product.featured,
                &product.meta_title,
                &product.meta_description,
                &product.focus_keyword,
                &product.summary_blocks,
                &product.description_blocks,
                e5_shop::command::now(),
                product.id,
            ),
        ).await?;
        let mut changes = describe_changes(&before, &product);
        let mut combination_changed = false;
        for (cid, impact, quantity) in &extras.combinations {
            refuse_if(*quantity < 0, "Le stock d'une déclinaison ne peut pas être négatif.")?;
            let done = tx.execute(
                "UPDATE combination SET price_impact_cents = ?, quantity = ? WHERE id = ? AND product_id = ? AND (price_impact_cents != ? OR quantity != ?)",
                (impact, quantity, cid, product.id, impact, quantity),
            ).await?;
            combination_changed |= done.rows_affected() > 0;
        }
        if combination_changed {
            changes.push("déclinaisons (stock ou prix)".to_owned());
        }
        let mut categories = extras.categories.clone();
        if !categories.contains(&product.category_id) {
            categories.push(product.category_id);
        }
        categories.sort_unstable();
        let old_categories: Vec<i64> = sqlx::query_scalar("SELECT category_id FROM product_category WHERE product_id = ? ORDER BY category_id")
            .bind(product.id)
            .fetch_all(tx.conn())
            .await?;
        if old_categories != categories {
            tx.execute("DELETE FROM product_category WHERE product_id = ?", (product.id,)).await?;
            for c in &categories {
                tx.execute(
                    "INSERT INTO product_category (product_id, category_id) SELECT ?, id FROM category WHERE id = ?",
                    (product.id, c),
                ).await?;
            }
            changes.push("catégories associées".to_owned());
        }
        let mut accessories: Vec<i64> = extras.accessories.iter().copied().filter(|a| *a != product.id).collect();
        accessories.sort_unstable();
        accessories.dedup();
        let old_accessories: Vec<i64> = sqlx::query_scalar("SELECT accessory_id FROM product_accessory WHERE product_id = ? ORDER BY accessory_id")
            .bind(product.id)
            .fetch_all(tx.conn())
            .await?;
        if old_accessories != accessories {
            tx.execute("DELETE FROM product_accessory WHERE product_id = ?", (product.id,)).await?;
            for a in &accessories {
                tx.execute(
                    "INSERT INTO product_accessory (product_id, accessory_id) SELECT ?, id FROM product WHERE id = ?",
                    (product.id, a),
                ).await?;
            }
            changes.push("produits associés".to_owned());
        }
        if save_features(tx, product.id, &extras.features).await? {
            changes.push("caractéristiques".to_owned());
        }
        if let Some(images) = &extras.images {
            changes.extend(save_images(tx, product.id, images).await?);
        }
        if changes.is_empty() {
            tx.unchanged();
            return Ok(());
        }
        let summary = format!("Produit « {} » modifié : {}", product.name, changes.join(", "));
        tx.journal(
            Entry::new(Entity::Product, Some(product.id), "update", summary)
                .before(serde_json::to_value(&before).unwrap_or_default())
                .after(serde_json::to_value(&product).unwrap_or_default()),
        )
        .await?;
        Ok(())
    })
    .await
}

/// Replaces the product's features with the non-empty values sent; says whether anything
/// changed, so an unchanged form does not claim it did.
async fn save_features(
    tx: &mut Tx<'_>,
    product_id: i64,
    features: &[(i64, String)],
) -> Result<bool, CommandError> {
    let mut wanted: Vec<(i64, String)> = features
        .iter()
        .map(|(id, value)| (*id, value.trim().to_owned()))
        .filter(|(_, value)| !value.is_empty())
        .collect();
    refuse_if(
        wanted.iter().any(|(_, v)| v.chars().count() > 255),
        "Une caractéristique compte au plus 255 caractères.",
    )?;
    wanted.sort();
    wanted.dedup_by_key(|(id, _)| *id);
    let old: Vec<(i64, String)> = tx.rows(
        "SELECT feature_id, value FROM product_feature WHERE product_id = ? ORDER BY feature_id",
        (product_id,),
    ).await?;
    if old == wanted {
        return Ok(false);
    }
    tx.execute(
        "DELETE FROM product_feature WHERE product_id = ?",
        (product_id,),
    )
    .await?;
    for (feature, value) in &wanted {
        // Unknown feature ids (a forged form) are skipped rather than failing the whole save.
        tx.execute(
            "INSERT INTO product_feature (product_id, feature_id, value) SELECT ?, id, ? FROM feature WHERE id = ?",
            (product_id, value, feature),
        ).await?;
    }
    Ok(true)
}

/// Rewrites the gallery (order = position), the cover and the alt texts of the product's
/// images; returns what changed, in French, for the journal.
async fn save_images(
    tx: &mut Tx<'_>,
    product_id: i64,
    images: &ProductImages,
) -> Result<Vec<String>, CommandError> {
    let mut gallery: Vec<i64> = Vec::new();
    for id in &images.gallery {
        let is_image: i64 = tx
            .one(
                "SELECT COUNT(*) FROM media WHERE id = ? AND mime LIKE 'image/%'",
                (id,),
            )
            .await?;
        if is_image > 0 && !gallery.contains(id) {
            gallery.push(*id);
        }
    }
    let old_gallery: Vec<i64> = sqlx::query_scalar(
        "SELECT media_id FROM product_media WHERE product_id = ? ORDER BY position, media_id",
    )
    .bind(product_id)
    .fetch_all(tx.conn())
    .await?;
    // A cover starred in the media library (not yet in the gallery) joins the gallery first;
    // a gallery image unticked "Garder" stays out even if it was the cover.
    if let Some(cover) = images.cover
        && !old_gallery.contains(&cover)
        && !gallery.contains(&cover)
    {
        let is_image: i64 = tx
            .one(
                "SELECT COUNT(*) FROM media WHERE id = ? AND mime LIKE 'image/%'",
                (cover,),
            )
            .await?;
        if is_image > 0 {
            gallery.insert(0, cover);
        }
    }
    // The cover must be shown in the gallery; without a valid choice the first image is it.
    let cover = images
        .cover
        .filter(|c| gallery.contains(c))
        .or_else(|| gallery.first().copied());
    let mut changes = Vec::new();
    if old_gallery != gallery {
        tx.execute(
            "DELETE FROM product_media WHERE product_id = ?",
            (product_id,),
        )
        .await?;
        for (position, media) in (0_i64..).zip(&gallery) {
            tx.execute(
                "INSERT INTO product_media (product_id, media_id, position) VALUES (?, ?, ?)",
                (product_id, media, position),
            )
            .await?;
        }
        changes.push(format!("galerie ({} image(s))", gallery.len()));
    }
    let old_cover: Option<i64> = tx
        .one(
            "SELECT cover_media_id FROM product WHERE id = ?",
            (product_id,),
        )
        .await?;
    if old_cover != cover {
        tx.execute(
            "UPDATE product SET cover_media_id = ? WHERE id = ?",
            (cover, product_id),
        )
        .await?;
        changes.push("image de couverture".to_owned());
    }
    let mut alts_changed = 0;
    for (media, alt) in &images.alts {
        let alt = alt.trim();
        refuse_if(
            alt.chars().count() > 255,
            "Un texte alternatif compte au plus 255 caractères.",
        )?;
        if !gallery.contains(media) {
            continue;
        }
        let done = tx
            .execute(
                "UPDATE media SET alt = ? WHERE id = ? AND alt != ?",
                (alt, media, alt),
            )
            .await?;
        alts_changed += done.rows_affected();
    }
    if alts_changed > 0 {
        changes.push(format!("{alts_changed} texte(s) alternatif(s)"));
    }
    Ok(changes)
}

/// The changes an examiner cares about, in French ("prix HT 49,90 € → 44,90 €").
fn describe_changes(before: &ProductRecord, after: &ProductRecord) -> Vec<String> {
    let mut out = Vec::new();
    if before.name != after.name {
        out.push(format!("nom « {} » → « {} »", before.name, after.name));
    }
    if before.price_ht_cents != after.price_ht_cents {
        out.push(format!(
            "prix HT {} → {}",
            Money(before.price_ht_cents),
            Money(after.price_ht_cents)
        ));
    }
    if before.tax_rule_id != after.tax_rule_id {
        out.push("règle de taxe".to_owned());
    }
    if before.quantity != after.quantity {
        out.push(format!("stock {} → {}", before.quantity, after.quantity));
    }
    if before.category_id != after.category_id {
        out.push("catégorie par défaut".to_owned());
    }
    if before.active != after.active {
        out.push(
            if after.active != 0 {
                "mis en ligne"
            } else {
                "mis hors ligne"
            }
            .to_owned(),
        );
    }
    if before.summary != after.summary {
        out.push(format!(
            "résumé ({} caractères)",
            after.summary.chars().count()
        ));
    }
    if before.description != after.description {
        out.push(format!(
            "description ({} caractères)",
            after.description.chars().count()
        ));
    } else if before.description_blocks != after.description_blocks {
        out.push("mise en forme de la description".to_owned());
    }
    if before.summary == after.summary && before.summary_blocks != after.summary_blocks {
        out.push("mise en forme du résumé".to_owned());
    }
    if before.meta_title != after.meta_title
        || before.meta_description != after.meta_description
        || before.slug != after.slug
        || before.focus_keyword != after.focus_keyword
    {
        out.push("référencement SEO".to_owned());
    }
    let others = before.reference != after.reference
        || before.brand_id != after.brand_id
        || before.wholesale_price_cents != after.wholesale_price_cents
        || before.low_stock_threshold != after.low_stock_threshold
        || before.out_of_stock != after.out_of_stock
        || before.available_date != after.available_date
        || before.ean13 != after.ean13
        || before.condition != after.condition
        || before.web_exclusive != after.web_exclusive
        || before.featured != after.featured;
    if others {
        out.push("autres options".to_owned());
    }
    out
}

/// Every combination of the chosen attribute values (one per group: the cartesian product),
/// skipping those the product already has. Returns how many were created.
pub async fn generate_combinations(
    site: &Site,
    actor: &Actor,
    product_id: i64,
    attribute_ids: &[i64],
) -> Result<usize, CommandError> {
    refuse_if(
        attribute_ids.is_empty(),
        "Cochez au moins une valeur d'attribut (taille, couleur…).",
    )?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (name, reference): (String, String) = sqlx::query_as("SELECT name, reference FROM product WHERE id = ?")
            .bind(product_id)
            .fetch_optional(tx.conn())
            .await?
            .ok_or(CommandError::NotFound("produit"))?;
        let mut groups: Vec<(i64, Vec<(i64, String)>)> = Vec::new();
        for id in attribute_ids {
            let row: Option<(i64, String)> = sqlx::query_as("SELECT group_id, name FROM attribute WHERE id = ?")
                .bind(id)
                .fetch_optional(tx.conn())
                .await?;
            let Some((group, label)) = row else { continue };
            match groups.iter_mut().find(|(g, _)| *g == group) {
                Some((_, values)) => values.push((*id, label)),
                None => groups.push((group, vec![(*id, label)])),
            }
        }
        groups.sort_by_key(|(g, _)| *g);
        let existing: Vec<String> = sqlx::query_scalar(
            "SELECT GROUP_CONCAT(attribute_id) FROM (SELECT combination_id, attribute_id FROM combination_attribute ca
             JOIN combination c ON c.id = ca.combination_id WHERE c.product_id = ? ORDER BY combination_id, attribute_id)
             GROUP BY combination_id",
        )
        .bind(product_id)
        .fetch_all(tx.conn())
        .await?;
        let has_default: i64 = tx.one(
            "SELECT COUNT(*) FROM combination WHERE product_id = ? AND is_default = 1",
            (product_id,),
        ).await?;
        let mut created = Vec::new();
        for combo in cartesian(&groups) {
            let mut ids: Vec<i64> = combo.iter().map(|(id, _)| *id).collect();
            ids.sort_unstable();
            let key = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            if existing.contains(&key) {
                continue;
            }
            let label = combo.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>().join(" – ");
            let is_default = has_default == 0 && created.is_empty();
            let cid: i64 = tx.one(
                "INSERT INTO combination (product_id, reference, quantity, is_default) VALUES (?, ?, 0, ?) RETURNING id",
                (
                    product_id,
                    format!("{reference}-{}", existing.len() + created.len() + 1),
                    i64::from(is_default),
                ),
            ).await?;
            for a in &ids {
                tx.execute(
                    "INSERT INTO combination_attribute (combination_id, attribute_id) VALUES (?, ?)",
                    (cid, a),
                ).await?;
            }
            created.push(label);
        }
        refuse_if(created.is_empty(), "Ces déclinaisons existent déjà pour ce produit.")?;
        tx.journal(
            Entry::new(
                Entity::Product,
                Some(product_id),
                "combinations",
                format!("{} déclinaison(s) créée(s) pour « {name} » : {}", created.len(), created.join(", ")),
            )
            .after(json!({"combinations": created})),
        )
        .await?;
        Ok(created.len())
    })
    .await
}

/// The cartesian product of the groups' values: one value of each group per combination.
fn cartesian(groups: &[(i64, Vec<(i64, String)>)]) -> Vec<Vec<(i64, String)>> {
    let mut out: Vec<Vec<(i64, String)>> = vec![Vec::new()];
    for (_, values) in groups {
        out = out
            .iter()
            .flat_map(|prefix| {
                values.iter().map(move |v| {
                    let mut next = prefix.clone();
                    next.push(v.clone());
                    next
                })
            })
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_sizes_and_three_colours_make_six_combinations() {
        let groups = vec![
            (1, vec![(1, "S".to_owned()), (2, "M".to_owned())]),
            (
                2,
                vec![
                    (10, "Blanc".to_owned()),
                    (11, "Écru".to_owned()),
                    (12, "Bleu".to_owned()),
                ],
            ),
        ];
        let all = cartesian(&groups);
        assert_eq!(all.len(), 6);
        assert_eq!(all[0], vec![(1, "S".to_owned()), (10, "Blanc".to_owned())]);
    }
}
