//! Catalogue > Produits: the list, a new draft, the tabbed form (Essentiel, Déclinaisons,
//! Stocks, Prix, Référencement SEO, Options) and the combination generator.

use axum::Form;
use axum::extract::Query;
use axum::response::Response;
use e5_domain::Money;
use e5_shop::admin::Staff;
use e5_shop::admin::form::OrRefusal;
use e5_shop::admin::form::{Id, Ids};
use e5_shop::command::CommandError;
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use crate::commands::product::{
    self as command, PRODUCT_COLUMNS, ProductExtras, ProductImages, ProductRecord,
};
use crate::form::{Fields, money_field, parse_money, parse_percent};

#[derive(Debug, Deserialize, Default)]
pub struct ListFilter {
    #[serde(default)]
    q: String,
    #[serde(default)]
    categorie: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct ProductRow {
    id: i64,
    cover_media_id: Option<i64>,
    reference: String,
    name: String,
    category: String,
    price_ht_cents: i64,
    price_ttc_cents: i64,
    quantity: i64,
    active: i64,
}

pub async fn list(staff: Staff, Query(filter): Query<ListFilter>) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let like = format!("%{}%", filter.q.trim());
    let category: Option<i64> = filter.categorie.parse().ok();
    let products: Vec<ProductRow> = db.rows(
        "SELECT p.id, p.cover_media_id, p.reference, p.name, c.name AS category, p.price_ht_cents,
                CAST(ROUND(p.price_ht_cents * (1 + t.rate / 100.0)) AS INTEGER) AS price_ttc_cents,
                CASE WHEN EXISTS (SELECT 1 FROM combination WHERE product_id = p.id)
                     THEN (SELECT SUM(quantity) FROM combination WHERE product_id = p.id) ELSE p.quantity END AS quantity,
                p.active
         FROM product p JOIN category c ON c.id = p.category_id JOIN tax_rule t ON t.id = p.tax_rule_id
         WHERE (p.name LIKE ?1 OR p.reference LIKE ?1)
           AND (?2 IS NULL OR p.id IN (SELECT product_id FROM product_category WHERE category_id = ?2))
         ORDER BY p.id",
        (&like, category),
    ).await?;
    let ctx = context! {
        products, q: filter.q, category, categories: category_options(db).await?,
    };
    staff
        .render("admin/shop/products.html", "Produits", ctx)
        .await
}

#[derive(Debug, Deserialize)]
pub struct NewProduct {
    #[serde(default)]
    name: String,
}

pub async fn create(staff: Staff, Form(form): Form<NewProduct>) -> Result<Response, ShopError> {
    match command::create(&staff.site, &staff.actor(), &form.name)
        .await
        .or_refusal()?
    {
        Ok(id) => Ok(staff.redirect(
            &format!("/boutique/catalogue/produits/{id}"),
            Some("Produit créé hors ligne : complétez sa fiche puis mettez-le en ligne."),
        )),
        Err(message) => Ok(staff.refuse(
            "/boutique/catalogue/produits",
            Some(&format!("Le produit n'a pas été créé : {message}")),
        )),
    }
}

/// `?prix_specifique=<id>` opens that specific price for editing in the Prix tab.
#[derive(Debug, Deserialize, Default)]
pub struct EditQuery {
    #[serde(default)]
    prix_specifique: String,
}

pub async fn edit(
    staff: Staff,
    Id(id): Id,
    Query(q): Query<EditQuery>,
) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let product: ProductRecord = db
        .row_optional(
            &format!("SELECT {PRODUCT_COLUMNS} FROM product WHERE id = ?"),
            (id,),
        )
        .await?
        .ok_or(ShopError::NotFound)?;
    let categories: Vec<i64> =
        sqlx::query_scalar("SELECT category_id FROM product_category WHERE product_id = ?")
            .bind(id)
            .fetch_all(db)
            .await?;
    let accessories: Vec<i64> =
        sqlx::query_scalar("SELECT accessory_id FROM product_accessory WHERE product_id = ?")
            .bind(id)
            .fetch_all(db)
            .await?;
    let features: Vec<(i64, String)> = db
        .rows(
            "SELECT feature_id, value FROM product_feature WHERE product_id = ?",
            (id,),
        )
        .await?;
    let price_ht = money_field(product.price_ht_cents);
    render_form(
        &staff,
        product,
        price_ht,
        categories,
        accessories,
        features,
        Shown {
            error: None,
            editing_specific_price: q.prix_specifique.parse().ok(),
        },
    )
    .await
}

pub async fn save(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    match save_fields(&staff, id, &f).await? {
        Ok(name) => Ok(staff.redirect(
            &format!("/boutique/catalogue/produits/{id}"),
            Some(&format!("Produit « {name} » enregistré.")),
        )),
        Err(page) => Ok(page),
    }
}

/// Saves the product form as posted: the product's name once saved, or the form shown again
/// with what was wrong (nothing saved).
async fn save_fields(
    staff: &Staff,
    id: i64,
    f: &Fields,
) -> Result<Result<String, Response>, ShopError> {
    let price_text = f.text("price_ht");
    let wholesale_text = f.text("wholesale_price");
    let mut problems = Vec::new();
    let price = parse_money(&price_text).unwrap_or_else(|| {
        problems.push("Le prix HT doit être un montant en euros, par exemple 49,90.");
        0
    });
    let wholesale = if wholesale_text.is_empty() {
        0
    } else {
        parse_money(&wholesale_text).unwrap_or_else(|| {
            problems.push("Le prix d'achat doit être un montant en euros.");
            0
        })
    };
    let quantity = f.text("quantity").parse::<i64>().unwrap_or_else(|_| {
        problems.push("La quantité en stock doit être un nombre entier.");
        0
    });
    let threshold = f.text("low_stock_threshold").parse::<i64>().unwrap_or(3);
    let available = f.text("available_date");
    // The editor posts its blocks (JSON) in hidden fields; without JavaScript only the
    // fallback textareas come, as plain text.
    let editor = EditorTexts::read(f);
    let mut text_problem = editor.problem.clone();
    let product = ProductRecord {
        id,
        reference: f.text("reference"),
        name: f.text("name"),
        slug: f.text("slug"),
        summary: editor.summary.clone(),
        description: editor.description.clone(),
        summary_blocks: editor.summary_blocks.clone(),
        description_blocks: editor.description_blocks.clone(),
        category_id: f.opt_id("category_id").unwrap_or(0),
        brand_id: f.opt_id("brand_id"),
        tax_rule_id: f.opt_id("tax_rule_id").unwrap_or(1),
        price_ht_cents: price,
        wholesale_price_cents: wholesale,
        quantity,
        low_stock_threshold: threshold,
        out_of_stock: if f.text("out_of_stock") == "allow" {
            "allow"
        } else {
            "deny"
        }
        .to_owned(),
        available_date: (!available.is_empty()).then_some(available),
        ean13: f.text("ean13"),
        condition: match f.text("condition").as_str() {
            "used" => "used",
            "refurbished" => "refurbished",
            _ => "new",
        }
        .to_owned(),
        active: i64::from(f.checked("active")),
        web_exclusive: i64::from(f.checked("web_exclusive")),
        featured: i64::from(f.checked("featured")),
        meta_title: f.text("meta_title"),
        meta_description: f.text("meta_description"),
        focus_keyword: f.text("focus_keyword"),
    };
    let mut combinations = Vec::new();
    for (rest, value) in f.with_prefix("comb_qty_") {
        let Ok(cid) = rest.parse::<i64>() else {
            continue;
        };
        let Ok(qty) = value.parse::<i64>() else {
            problems.push("Le stock d'une déclinaison doit être un nombre entier.");
            continue;
        };
        let impact_text = f.text(&format!("comb_impact_{cid}"));
        let negative = impact_text.starts_with('-');
        let impact = parse_money(impact_text.trim_start_matches('-')).unwrap_or(0);
        combinations.push((cid, if negative { -impact } else { impact }, qty));
    }
    let extras = ProductExtras {
        combinations,
        categories: f.ids("categories"),
        accessories: f.ids("accessories"),
        features: f
            .with_prefix("feature_")
            .filter_map(|(rest, value)| Some((rest.parse::<i64>().ok()?, value)))
            .collect(),
        from_editor: editor.from_editor,
        images: f.checked("images_form").then(|| ProductImages {
            gallery: f.ids("gallery"),
            cover: f.opt_id("cover_media_id"),
            alts: f
                .with_prefix("alt_")
                .filter_map(|(rest, value)| Some((rest.parse::<i64>().ok()?, value)))
                .collect(),
        }),
    };
    let result = if problems.is_empty() && text_problem.is_none() {
        command::update(&staff.site, &staff.actor(), product.clone(), extras.clone()).await
    } else {
        let mut all: Vec<String> = problems.iter().map(|p| (*p).to_owned()).collect();
        all.extend(text_problem.take());
        Err(CommandError::invalid(all.join(" ")))
    };
    match result.or_refusal()? {
        Ok(()) => Ok(Ok(product.name)),
        Err(message) => {
            let mut page = render_form(
                staff,
                product,
                price_text,
                extras.categories,
                extras.accessories,
                extras.features,
                Shown {
                    error: Some(message),
                    editing_specific_price: None,
                },
            )
            .await?;
            *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(Err(page))
        }
    }
}

/// The summary and description as the form sent them: from the editor (blocks, checked,
/// with their plain text) or from the fallback textareas (plain text only).
#[derive(Debug, Clone, Default)]
struct EditorTexts {
    summary: String,
    description: String,
    summary_blocks: String,
    description_blocks: String,
    from_editor: bool,
    /// What was wrong with the editor's content, in French.
    problem: Option<String>,
}

impl EditorTexts {
    fn read(f: &Fields) -> EditorTexts {
        use e5_shop::product_text::{DESCRIPTION_BLOCKS, SUMMARY_BLOCKS, plain_text, validate};
        let (summary_json, description_json) =
            (f.text("summary_blocks"), f.text("description_blocks"));
        let mut out = EditorTexts {
            summary: f.text("summary"),
            description: f.text("description"),
            ..EditorTexts::default()
        };
        if summary_json.is_empty() && description_json.is_empty() {
            return out;
        }
        out.from_editor = true;
        let mut problems = Vec::new();
        for (json, allowed, what, blocks, text) in [
            (
                &summary_json,
                SUMMARY_BLOCKS,
                "Résumé",
                &mut out.summary_blocks,
                &mut out.summary,
            ),
            (
                &description_json,
                DESCRIPTION_BLOCKS,
                "Description",
                &mut out.description_blocks,
                &mut out.description,
            ),
        ] {
            if json.is_empty() {
                // This editor did not load: keep its textarea's text.
                *blocks = e5_shop::product_text::blocks_from_plain(text);
                continue;
            }
            match validate(json, allowed, what) {
                Ok(valid) => {
                    *text = plain_text(&valid);
                    *blocks = if e5_shop::product_text::has_blocks(&valid) {
                        valid
                    } else {
                        String::new()
                    };
                }
                Err(message) => problems.push(message),
            }
        }
        if !problems.is_empty() {
            out.problem = Some(problems.join(" "));
        }
        out
    }
}

/// Reads the specific-price form of the Prix tab (shared by "Ajouter" and "Modifier"); the
/// customer is typed or picked from the list as "Prénom Nom <e-mail>" (or just the e-mail).
async fn specific_price_form(
    db: &SqlitePool,
    product_id: i64,
    f: &Fields,
) -> Result<Result<crate::commands::specific_price::NewSpecificPrice, String>, ShopError> {
    let value = f.text("sp_value");
    let (percent, cents) = if f.text("sp_kind") == "amount" {
        (0.0, parse_money(&value))
    } else {
        (parse_percent(&value).unwrap_or(-1.0), Some(0))
    };
    let day = |name: &str| {
        let d = f.text(name);
        (!d.is_empty()).then_some(d)
    };
    let (starts_on, ends_on) = (day("sp_starts_on"), day("sp_ends_on"));
    let bad_day = [&starts_on, &ends_on]
        .into_iter()
        .flatten()
        .any(|d| !crate::form::is_day(d));
    let Some(cents) = cents.filter(|_| percent >= 0.0 && !bad_day) else {
        return Ok(Err("la réduction doit être un pourcentage entre 0 et 100 ou un montant en euros, et les dates des jours du calendrier.".to_owned()));
    };
    let Ok(from_quantity) = f.text("sp_from_quantity").parse::<i64>() else {
        return Ok(Err(
            "la quantité minimale doit être un nombre entier (1 pour tous les achats).".to_owned(),
        ));
    };
    let customer_text = f.text("sp_customer");
    let customer_id = if customer_text.is_empty() {
        None
    } else {
        let email = customer_text
            .rsplit_once('<')
            .map_or(customer_text.as_str(), |(_, e)| e.trim_end_matches('>'))
            .trim();
        let found: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM customer WHERE email = ?1 COLLATE NOCASE
             OR (NOT EXISTS (SELECT 1 FROM customer WHERE email = ?1 COLLATE NOCASE)
                 AND (first_name || ' ' || last_name) = ?2 COLLATE NOCASE) LIMIT 2",
        )
        .bind(email)
        .bind(&customer_text)
        .fetch_all(db)
        .await?;
        match found.as_slice() {
            [one] => Some(*one),
            [] => {
                return Ok(Err(format!(
                    "aucun client ne correspond à « {customer_text} » : choisissez-le dans la liste ou saisissez son adresse e-mail."
                )));
            }
            _ => {
                return Ok(Err(format!(
                    "plusieurs clients s'appellent « {customer_text} » : saisissez son adresse e-mail."
                )));
            }
        }
    };
    Ok(Ok(crate::commands::specific_price::NewSpecificPrice {
        product_id,
        combination_id: f.opt_id("sp_combination"),
        group_id: f.opt_id("sp_group"),
        customer_id,
        from_quantity,
        reduction_percent: percent,
        reduction_cents: cents,
        starts_on,
        ends_on,
    }))
}

/// Prix tab: adds a specific price (its own small form, outside the product form).
pub async fn add_specific_price(
    staff: Staff,
    Id(id): Id,
    f: Fields,
) -> Result<Response, ShopError> {
    let to = format!("/boutique/catalogue/produits/{id}#prix");
    let new = match specific_price_form(staff.site.db(), id, &f).await? {
        Ok(new) => new,
        Err(why) => {
            return Ok(staff.refuse(&to, Some(&format!("Prix spécifique non ajouté : {why}"))));
        }
    };
    match crate::commands::specific_price::add(&staff.site, &staff.actor(), new)
        .await
        .or_refusal()?
    {
        Ok(_) => Ok(staff.redirect(&to, Some("Prix spécifique ajouté."))),
        Err(message) => Ok(staff.refuse(
            &to,
            Some(&format!("Prix spécifique non ajouté : {message}")),
        )),
    }
}

/// Prix tab: saves the specific price opened with "Modifier".
pub async fn save_specific_price(
    staff: Staff,
    Ids(id, sid): Ids,
    f: Fields,
) -> Result<Response, ShopError> {
    let back = format!("/boutique/catalogue/produits/{id}?prix_specifique={sid}#prix");
    let changed = match specific_price_form(staff.site.db(), id, &f).await? {
        Ok(changed) => changed,
        Err(why) => {
            return Ok(staff.refuse(&back, Some(&format!("Prix spécifique non modifié : {why}"))));
        }
    };
    match crate::commands::specific_price::update(&staff.site, &staff.actor(), sid, changed)
        .await
        .or_refusal()?
    {
        Ok(()) => Ok(staff.redirect(
            &format!("/boutique/catalogue/produits/{id}#prix"),
            Some("Prix spécifique modifié."),
        )),
        Err(message) => Ok(staff.refuse(
            &back,
            Some(&format!("Prix spécifique non modifié : {message}")),
        )),
    }
}

pub async fn remove_specific_price(staff: Staff, Ids(id, sid): Ids) -> Result<Response, ShopError> {
    crate::commands::specific_price::remove(&staff.site, &staff.actor(), id, sid).await?;
    Ok(staff.redirect(
        &format!("/boutique/catalogue/produits/{id}#prix"),
        Some("Prix spécifique supprimé."),
    ))
}

/// Options tab: adds a customisation field (its own small form).
pub async fn add_customization(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    let to = format!("/boutique/catalogue/produits/{id}#options");
    let done = crate::commands::customization::add(
        &staff.site,
        &staff.actor(),
        id,
        &f.text("cf_label"),
        &f.text("cf_kind"),
        f.checked("cf_required"),
    )
    .await;
    match done.or_refusal()? {
        Ok(_) => Ok(staff.redirect(&to, Some("Champ de personnalisation ajouté."))),
        Err(message) => Ok(staff.refuse(&to, Some(&message))),
    }
}

pub async fn remove_customization(staff: Staff, Ids(id, fid): Ids) -> Result<Response, ShopError> {
    crate::commands::customization::remove(&staff.site, &staff.actor(), id, fid).await?;
    Ok(staff.redirect(
        &format!("/boutique/catalogue/produits/{id}#options"),
        Some("Champ de personnalisation retiré."),
    ))
}

/// Options tab: puts a product in the pack (its own small form).
pub async fn add_pack_item(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    let to = format!("/boutique/catalogue/produits/{id}#options");
    let quantity = f.text("pack_quantity").parse::<i64>().unwrap_or(0);
    let item = f.opt_id("pack_product").unwrap_or(0);
    match crate::commands::pack::set_item(&staff.site, &staff.actor(), id, item, quantity)
        .await
        .or_refusal()?
    {
        Ok(()) => Ok(staff.redirect(&to, Some("Contenu du pack enregistré."))),
        Err(message) => Ok(staff.refuse(&to, Some(&message))),
    }
}

pub async fn remove_pack_item(staff: Staff, Ids(id, item): Ids) -> Result<Response, ShopError> {
    crate::commands::pack::remove_item(&staff.site, &staff.actor(), id, item).await?;
    Ok(staff.redirect(
        &format!("/boutique/catalogue/produits/{id}#options"),
        Some("Produit retiré du pack."),
    ))
}

pub async fn generate(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    let to = format!("/boutique/catalogue/produits/{id}#declinaisons");
    // The button sends the whole product form: what was typed is saved first, so that
    // generating loses nothing (and nothing is generated when the form is refused).
    if f.opt_text("name").is_some()
        && let Err(page) = save_fields(&staff, id, &f).await?
    {
        return Ok(page);
    }
    match command::generate_combinations(&staff.site, &staff.actor(), id, &f.ids("attributes")).await.or_refusal()? {
        Ok(n) => Ok(staff.redirect(
            &to,
            Some(&format!("{n} déclinaison(s) créée(s) : indiquez leur stock et leur impact sur le prix, puis enregistrez.")),
        )),
        Err(message) => Ok(staff.refuse(&to, Some(&message))),
    }
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Option2 {
    id: i64,
    name: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct CategoryOption {
    id: i64,
    name: String,
    depth: i64,
}

/// Categories as a tree, depth first, for selects and checkbox lists.
pub async fn category_options(db: &SqlitePool) -> Result<Vec<CategoryOption>, sqlx::Error> {
    db.rows(
        "WITH RECURSIVE tree(id, name, depth, path) AS (
            SELECT id, name, 0, printf('%04d-%06d', position, id) FROM category WHERE parent_id IS NULL
            UNION ALL
            SELECT c.id, c.name, t.depth + 1, t.path || '/' || printf('%04d-%06d', c.position, c.id)
            FROM category c JOIN tree t ON c.parent_id = t.id)
         SELECT id, name, depth FROM tree ORDER BY path",
        (),
    ).await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct PackRow {
    id: i64,
    name: String,
    quantity: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct CustomizationRow {
    id: i64,
    kind: String,
    label: String,
    required: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct ImageChoice {
    id: i64,
    file: String,
    alt: String,
}

/// The product's gallery (in order) and the other images of the media library.
async fn image_choices(
    db: &SqlitePool,
    product_id: i64,
) -> Result<(Vec<ImageChoice>, Vec<ImageChoice>), sqlx::Error> {
    let gallery = db
        .rows(
            "SELECT m.id, m.file, m.alt FROM product_media pm JOIN media m ON m.id = pm.media_id
         WHERE pm.product_id = ? ORDER BY pm.position, m.id",
            (product_id,),
        )
        .await?;
    let library = db
        .rows(
            "SELECT id, file, alt FROM media WHERE mime LIKE 'image/%'
         AND id NOT IN (SELECT media_id FROM product_media WHERE product_id = ?) ORDER BY id DESC",
            (product_id,),
        )
        .await?;
    Ok((gallery, library))
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct FeatureField {
    id: i64,
    name: String,
    #[sqlx(skip)]
    value: String,
}

/// Every feature of the shop, filled with the product's value when it has one.
async fn feature_fields(
    db: &SqlitePool,
    values: &[(i64, String)],
) -> Result<Vec<FeatureField>, sqlx::Error> {
    let mut fields: Vec<FeatureField> = db
        .rows("SELECT id, name FROM feature ORDER BY position, id", ())
        .await?;
    for field in &mut fields {
        if let Some((_, value)) = values.iter().find(|(id, _)| *id == field.id) {
            field.value.clone_from(value);
        }
    }
    Ok(fields)
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct TaxOption {
    id: i64,
    name: String,
    rate: f64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct CombinationRow {
    id: i64,
    reference: String,
    label: String,
    price_impact_cents: i64,
    quantity: i64,
    is_default: i64,
    #[sqlx(skip)]
    impact: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct AttributeRow {
    id: i64,
    group_name: String,
    name: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct SpecificPriceRow {
    id: i64,
    combination_id: Option<i64>,
    customer_group_id: Option<i64>,
    group: Option<String>,
    /// "Prénom Nom <e-mail>", as the customer field shows it.
    customer: Option<String>,
    from_quantity: i64,
    reduction_percent: f64,
    reduction_cents: i64,
    starts_at: Option<String>,
    ends_at: Option<String>,
    /// The form's values when the row is edited.
    #[sqlx(skip)]
    value: String,
    #[sqlx(skip)]
    starts_on: String,
    #[sqlx(skip)]
    ends_on: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct CustomerChoice {
    label: String,
}

/// What the form shows besides the product: the refusal message of a save, the specific
/// price opened for editing.
struct Shown {
    error: Option<String>,
    editing_specific_price: Option<i64>,
}

async fn render_form(
    staff: &Staff,
    product: ProductRecord,
    price_ht: String,
    categories: Vec<i64>,
    accessories: Vec<i64>,
    features: Vec<(i64, String)>,
    shown: Shown,
) -> Result<Response, ShopError> {
    let Shown {
        error,
        editing_specific_price,
    } = shown;
    let db = staff.site.db();
    let id = product.id;
    let taxes: Vec<TaxOption> = db
        .rows("SELECT id, name, rate FROM tax_rule ORDER BY id", ())
        .await?;
    let rate = taxes
        .iter()
        .find(|t| t.id == product.tax_rule_id)
        .map_or(20.0, |t| t.rate);
    let brands: Vec<Option2> = db
        .rows("SELECT id, name FROM brand ORDER BY name", ())
        .await?;
    let others: Vec<Option2> = db.rows(
        "SELECT id, reference || ' — ' || name AS name FROM product WHERE id != ? ORDER BY name",
        (id,),
    ).await?;
    let mut combinations: Vec<CombinationRow> = db.rows(
        "SELECT c.id, c.reference, COALESCE((SELECT GROUP_CONCAT(name, ' – ') FROM (SELECT a.name FROM combination_attribute ca
                JOIN attribute a ON a.id = ca.attribute_id WHERE ca.combination_id = c.id ORDER BY a.group_id)), '') AS label,
                c.price_impact_cents, c.quantity, c.is_default
         FROM combination c WHERE c.product_id = ? ORDER BY c.id",
        (id,),
    ).await?;
    for c in &mut combinations {
        let sign = if c.price_impact_cents < 0 { "-" } else { "" };
        c.impact = format!("{sign}{}", money_field(c.price_impact_cents.abs()));
    }
    let attributes: Vec<AttributeRow> = db.rows(
        "SELECT a.id, g.public_name AS group_name, a.name FROM attribute a JOIN attribute_group g ON g.id = a.group_id ORDER BY g.position, a.position",
        (),
    ).await?;
    let mut specific: Vec<SpecificPriceRow> = db
        .rows(
            "SELECT s.id, s.combination_id, s.customer_group_id, g.name AS \"group\",
                cu.first_name || ' ' || cu.last_name || ' <' || cu.email || '>' AS customer,
                s.from_quantity, s.reduction_percent, s.reduction_cents, s.starts_at, s.ends_at
         FROM specific_price s LEFT JOIN customer_group g ON g.id = s.customer_group_id
         LEFT JOIN customer cu ON cu.id = s.customer_id WHERE s.product_id = ? ORDER BY s.id",
            (id,),
        )
        .await?;
    for s in &mut specific {
        s.value = if s.reduction_percent > 0.0 {
            e5_shop::pricing::trim_float(s.reduction_percent)
        } else {
            money_field(s.reduction_cents)
        };
        let day = |t: &Option<String>| t.as_deref().unwrap_or("").chars().take(10).collect();
        s.starts_on = day(&s.starts_at);
        s.ends_on = day(&s.ends_at);
    }
    let editing = editing_specific_price.and_then(|e| specific.iter().position(|s| s.id == e));
    let customers: Vec<CustomerChoice> = db
        .rows(
            "SELECT first_name || ' ' || last_name || ' <' || email || '>' AS label FROM customer
         WHERE active = 1 AND is_guest = 0 ORDER BY last_name, first_name",
            (),
        )
        .await?;
    let (images, images_with_alt): (i64, i64) = db.row(
        "SELECT COUNT(*), COALESCE(SUM(m.alt != ''), 0) FROM media m
         WHERE m.id IN (SELECT media_id FROM product_media WHERE product_id = ?1) OR m.id = (SELECT cover_media_id FROM product WHERE id = ?1)",
        (id,),
    ).await?;
    let seo = seo_report(
        &product,
        images,
        images_with_alt,
        e5_shop::content::site_name(db).await?,
    );
    let slug_url = format!("{}/produit/{}", staff.base, product.slug);
    let price_ttc = parse_money(&price_ht)
        .map(|ht| money_field(Money(ht).with_tax(rate).cents()))
        .unwrap_or_default();
    let mut ctx = context! {
        combinations_stock: combinations.iter().map(|c| c.quantity).sum::<i64>(),
        available_date: product.available_date.as_deref().unwrap_or(""),
        summary_blocks_json: editor_json(&product.summary_blocks, &product.summary),
        description_blocks_json: editor_json(&product.description_blocks, &product.description),
        description_words: product.description.split_whitespace().count(), p: product, price_ht,
        price_ttc, wholesale: money_field(product.wholesale_price_cents), taxes, brands,
        category_tree: category_options(db).await?, product_categories: categories, accessories,
        others, combinations, attributes, editing: editing.map(|i| &specific[i]), specific,
        customers,
    };
    let groups: Vec<Option2> = db
        .rows("SELECT id, name FROM customer_group ORDER BY id", ())
        .await?;
    ctx.insert("customer_groups", &groups);
    let customization: Vec<CustomizationRow> = db.rows(
        "SELECT id, kind, label, required FROM customization_field WHERE product_id = ? ORDER BY id",
        (id,),
    ).await?;
    ctx.insert("customization", &customization);
    let pack: Vec<PackRow> = db.rows(
        "SELECT p.id, p.reference || ' — ' || p.name AS name, i.quantity FROM pack_item i JOIN product p ON p.id = i.product_id
         WHERE i.pack_id = ? ORDER BY p.name",
        (id,),
    ).await?;
    ctx.insert("pack", &pack);
    ctx.insert("features", &feature_fields(db, &features).await?);
    let (gallery, library) = image_choices(db, id).await?;
    let cover_media_id: Option<i64> = db
        .optional("SELECT cover_media_id FROM product WHERE id = ?", (id,))
        .await?
        .flatten();
    ctx.insert("gallery", &gallery);
    ctx.insert("library", &library);
    ctx.insert("cover_media_id", &cover_media_id);
    ctx.insert("error", &error);
    ctx.insert("seo", &seo);
    ctx.insert("product_url", &slug_url);
    staff
        .render(
            "admin/shop/product_form.html",
            &format!("Produit « {} »", product.name),
            ctx,
        )
        .await
}

/// The blocks the editor opens with, as JSON safe inside a `<script>` element: the stored
/// blocks, or the plain text converted into paragraphs (reference products, forms saved
/// without JavaScript).
fn editor_json(blocks: &str, plain: &str) -> String {
    let blocks = if e5_shop::product_text::has_blocks(blocks) {
        blocks.to_owned()
    } else {
        e5_shop::product_text::blocks_from_plain(plain)
    };
    let value: serde_json::Value = serde_json::from_str(&e5_shop::content::editor_blocks(&blocks))
        .unwrap_or(serde_json::Value::Array(Vec::new()));
    e5_shop::web::escape::script_json(&value)
}

/// The SEO traffic light of the product sheet, shared with the content side
/// (`e5_domain::seo`): the summary counts as the first paragraph, summary and description as
/// the text.
fn seo_report(
    p: &ProductRecord,
    images: i64,
    images_with_alt: i64,
    site_name: String,
) -> e5_domain::seo::SeoReport {
    // Headings and links come from the description's blocks when it has them.
    let blocks = e5_shop::content::seo_input(&p.description_blocks);
    let input = e5_domain::seo::SeoInput {
        site_name,
        focus_keyword: p.focus_keyword.clone(),
        seo_title: p.meta_title.clone(),
        title: p.name.clone(),
        meta_description: p.meta_description.clone(),
        slug: p.slug.clone(),
        text: format!("{}\n\n{}", p.summary, p.description),
        first_paragraph: if p.summary.is_empty() {
            p.description
                .split("\n\n")
                .next()
                .unwrap_or_default()
                .to_owned()
        } else {
            p.summary.clone()
        },
        headings: blocks.headings,
        images: usize::try_from(images).unwrap_or(0),
        images_with_alt: usize::try_from(images_with_alt).unwrap_or(0),
        internal_links: blocks.internal_links,
        outbound_links: blocks.outbound_links,
    };
    e5_domain::seo::analyse(&input)
}
