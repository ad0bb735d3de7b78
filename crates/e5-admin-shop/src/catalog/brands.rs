//! Catalogue > Marques: the list with an add form, editing one brand, deleting it.

use axum::Form;
use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::admin::form::OrRefusal;
use e5_shop::admin::form::{checkbox, trimmed};
use e5_shop::command::CommandError;
use e5_shop::context;
use e5_shop::web::ShopError;
use serde::{Deserialize, Serialize};

use crate::commands::brand::{self as command, BrandRecord};

#[derive(Debug, Serialize, sqlx::FromRow)]
struct BrandRow {
    id: i64,
    name: String,
    description: String,
    active: i64,
    products: i64,
}

pub async fn list(staff: Staff) -> Result<Response, ShopError> {
    let empty = BrandRecord {
        active: 1,
        ..BrandRecord::default()
    };
    page(&staff, empty, None).await
}

pub async fn edit(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    let brand: BrandRecord =
        sqlx::query_as("SELECT id, name, description, active FROM brand WHERE id = ?")
            .bind(id)
            .fetch_optional(staff.site.db())
            .await?
            .ok_or(ShopError::NotFound)?;
    page(&staff, brand, None).await
}

/// What the brand form sends.
#[derive(Debug, Deserialize)]
pub struct BrandFields {
    #[serde(default, deserialize_with = "trimmed")]
    name: String,
    #[serde(default, deserialize_with = "trimmed")]
    description: String,
    #[serde(default, deserialize_with = "checkbox")]
    active: bool,
}

pub async fn create(staff: Staff, Form(f): Form<BrandFields>) -> Result<Response, ShopError> {
    let brand = read(0, f);
    let result = command::create(&staff.site, &staff.actor(), brand.clone()).await;
    answer(staff, brand, result.map(|_| ())).await
}

pub async fn save(
    staff: Staff,
    Id(id): Id,
    Form(f): Form<BrandFields>,
) -> Result<Response, ShopError> {
    let brand = read(id, f);
    let result = command::update(&staff.site, &staff.actor(), brand.clone()).await;
    answer(staff, brand, result).await
}

pub async fn delete(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    match command::delete(&staff.site, &staff.actor(), id)
        .await
        .or_refusal()?
    {
        Ok(summary) => {
            Ok(staff.redirect("/boutique/catalogue/marques", Some(&format!("{summary}."))))
        }
        Err(message) => Ok(staff.redirect("/boutique/catalogue/marques", Some(&message))),
    }
}

fn read(id: i64, f: BrandFields) -> BrandRecord {
    BrandRecord {
        id,
        name: f.name,
        description: f.description,
        active: i64::from(f.active),
    }
}

async fn answer(
    staff: Staff,
    brand: BrandRecord,
    result: Result<(), CommandError>,
) -> Result<Response, ShopError> {
    match result.or_refusal()? {
        Ok(()) => Ok(staff.redirect(
            "/boutique/catalogue/marques",
            Some(&format!("Marque « {} » enregistrée.", brand.name.trim())),
        )),
        Err(message) => {
            let mut page = page(&staff, brand, Some(message)).await?;
            *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
    }
}

async fn page(
    staff: &Staff,
    brand: BrandRecord,
    error: Option<String>,
) -> Result<Response, ShopError> {
    let rows: Vec<BrandRow> = sqlx::query_as(
        "SELECT b.id, b.name, b.description, b.active,
                (SELECT COUNT(*) FROM product p WHERE p.brand_id = b.id) AS products
         FROM brand b ORDER BY b.name",
    )
    .fetch_all(staff.site.db())
    .await?;
    let ctx = context! { rows, b: brand, error };
    staff.render("admin/shop/brands.html", "Marques", ctx).await
}
