//! Catalogue > Catégories: the tree, and a form to add, edit (parent, description, SEO with
//! the shared traffic light) or delete a category.

use axum::Form;
use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::admin::form::OrRefusal;
use e5_shop::admin::form::{checkbox, trimmed};
use e5_shop::command::CommandError;
use e5_shop::context;
use e5_shop::web::ShopError;
use serde::Deserialize;

use crate::catalog::products::category_options;
use crate::commands::category::{self as command, CATEGORY_COLUMNS, CategoryRecord};

pub async fn new_form(staff: Staff) -> Result<Response, ShopError> {
    let empty = CategoryRecord {
        active: 1,
        ..CategoryRecord::default()
    };
    page(&staff, empty, None).await
}

pub async fn edit(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    let category: CategoryRecord = sqlx::query_as(&format!(
        "SELECT {CATEGORY_COLUMNS} FROM category WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(staff.site.db())
    .await?
    .ok_or(ShopError::NotFound)?;
    page(&staff, category, None).await
}

/// What the category form sends (`parent_id` empty for a top-level category).
#[derive(Debug, Deserialize)]
pub struct CategoryFields {
    #[serde(default, deserialize_with = "trimmed")]
    name: String,
    #[serde(default, deserialize_with = "trimmed")]
    slug: String,
    #[serde(default, deserialize_with = "trimmed")]
    parent_id: String,
    #[serde(default, deserialize_with = "trimmed")]
    description: String,
    #[serde(default, deserialize_with = "trimmed")]
    meta_title: String,
    #[serde(default, deserialize_with = "trimmed")]
    meta_description: String,
    #[serde(default, deserialize_with = "checkbox")]
    active: bool,
}

pub async fn create(staff: Staff, Form(f): Form<CategoryFields>) -> Result<Response, ShopError> {
    let category = read(0, f);
    let result = command::create(&staff.site, &staff.actor(), category.clone()).await;
    answer(staff, category, result.map(|_| ())).await
}

pub async fn save(
    staff: Staff,
    Id(id): Id,
    Form(f): Form<CategoryFields>,
) -> Result<Response, ShopError> {
    let category = read(id, f);
    let result = command::update(&staff.site, &staff.actor(), category.clone()).await;
    answer(staff, category, result).await
}

pub async fn delete(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    match command::delete(&staff.site, &staff.actor(), id)
        .await
        .or_refusal()?
    {
        Ok(summary) => Ok(staff.redirect(
            "/boutique/catalogue/categories",
            Some(&format!("{summary}.")),
        )),
        Err(message) => Ok(staff.refuse(
            &format!("/boutique/catalogue/categories/{id}"),
            Some(&message),
        )),
    }
}

fn read(id: i64, f: CategoryFields) -> CategoryRecord {
    let name = f.name;
    let typed = f.slug;
    // An empty slug is derived from the name, as PrestaShop does.
    let slug = if typed.is_empty() {
        e5_domain::Slug::from_title(name.trim())
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default()
    } else {
        typed
    };
    CategoryRecord {
        id,
        parent_id: f.parent_id.parse().ok(),
        name,
        slug,
        description: f.description,
        meta_title: f.meta_title,
        meta_description: f.meta_description,
        active: i64::from(f.active),
    }
}

async fn answer(
    staff: Staff,
    category: CategoryRecord,
    result: Result<(), CommandError>,
) -> Result<Response, ShopError> {
    match result.or_refusal()? {
        Ok(()) => Ok(staff.redirect(
            "/boutique/catalogue/categories",
            Some(&format!(
                "Catégorie « {} » enregistrée.",
                category.name.trim()
            )),
        )),
        Err(message) => {
            let mut page = page(&staff, category, Some(message)).await?;
            *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
    }
}

/// The SEO traffic light shared with products and articles; a category has no focus
/// keyword, so its name plays that part.
fn seo_report(c: &CategoryRecord, site_name: String) -> e5_domain::seo::SeoReport {
    let input = e5_domain::seo::SeoInput {
        site_name,
        focus_keyword: c.name.trim().to_lowercase(),
        seo_title: c.meta_title.clone(),
        title: c.name.clone(),
        meta_description: c.meta_description.clone(),
        slug: c.slug.clone(),
        text: c.description.clone(),
        first_paragraph: c
            .description
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .to_owned(),
        headings: Vec::new(),
        images: 0,
        images_with_alt: 0,
        internal_links: 0,
        outbound_links: 0,
    };
    e5_domain::seo::analyse(&input)
}

async fn page(
    staff: &Staff,
    category: CategoryRecord,
    error: Option<String>,
) -> Result<Response, ShopError> {
    let ctx = context! {
        tree: category_options(staff.site.db()).await?, seo: seo_report(&category, e5_shop::content::site_name(staff.site.db()).await?), c: category,
        error,
    };
    let title = if category.id == 0 {
        "Nouvelle catégorie".to_owned()
    } else {
        format!("Catégorie « {} »", category.name)
    };
    staff
        .render("admin/shop/category_form.html", &title, ctx)
        .await
}
