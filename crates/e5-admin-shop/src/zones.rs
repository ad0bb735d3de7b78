//! Livraison › Zones: the zones carriers price their deliveries in, the French postcodes a
//! zone claims (Corse: 20…), deleting an empty zone, and which zone each country belongs to.

use axum::Form;
use axum::http::StatusCode;
use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::admin::form::OrRefusal;
use e5_shop::admin::form::{checkbox, opt_trimmed, trimmed};
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::{Deserialize, Serialize};

use crate::commands::zone as command;
use crate::form::Fields;

#[derive(Debug, Serialize, sqlx::FromRow)]
struct ZoneRow {
    id: i64,
    name: String,
    active: i64,
    countries: i64,
    carriers: i64,
    /// As stored ("971,972"); shown "971, 972" in the form.
    postcode_prefixes: String,
    #[sqlx(skip)]
    prefixes_shown: String,
    #[sqlx(skip)]
    prefixes_label: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct CountryRow {
    iso: String,
    name: String,
    zone_id: i64,
    active: i64,
}

/// A refused form: which one ("nouveau", "pays" or a zone id), its message, what was typed
/// (`typed`: the row shows it instead of the stored values).
#[derive(Debug, Default, Serialize)]
struct Refusal {
    form: String,
    message: String,
    typed: bool,
    name: String,
    prefixes: String,
}

async fn render(staff: &Staff, refusal: Option<Refusal>) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let mut zones: Vec<ZoneRow> = db.rows(
        "SELECT z.id, z.name, z.active, z.postcode_prefixes,
                (SELECT COUNT(*) FROM country c WHERE c.zone_id = z.id) AS countries,
                (SELECT COUNT(*) FROM carrier k WHERE k.active = 1 AND NOT EXISTS
                    (SELECT 1 FROM carrier_zone_excluded x WHERE x.carrier_id = k.id AND x.zone_id = z.id)) AS carriers
         FROM zone z ORDER BY z.id",
        (),
    ).await?;
    for z in &mut zones {
        z.prefixes_shown = z.postcode_prefixes.replace(',', ", ");
        z.prefixes_label = command::describe_prefixes(&z.postcode_prefixes);
    }
    let countries: Vec<CountryRow> = db
        .rows(
            "SELECT iso, name, zone_id, active FROM country ORDER BY iso != 'FR', name",
            (),
        )
        .await?;
    let mut ctx = context! { zones, countries };
    let refused = refusal.is_some();
    ctx.insert("refusal", &refusal.unwrap_or_default());
    let mut page = staff.render("admin/shop/zones.html", "Zones", ctx).await?;
    if refused {
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

pub async fn list(staff: Staff) -> Result<Response, ShopError> {
    render(&staff, None).await
}

/// What a zone row (or the new zone form) sends.
#[derive(Debug, Deserialize)]
pub struct ZoneFields {
    #[serde(default, deserialize_with = "trimmed")]
    name: String,
    /// `None` when the form did not send the field.
    #[serde(default, deserialize_with = "opt_trimmed")]
    postcode_prefixes: Option<String>,
    #[serde(default, deserialize_with = "checkbox")]
    active: bool,
}

pub async fn create(staff: Staff, Form(f): Form<ZoneFields>) -> Result<Response, ShopError> {
    let name = f.name;
    let prefixes = f.postcode_prefixes.unwrap_or_default();
    match command::create(&staff.site, &staff.actor(), &name, &prefixes, f.active)
    .await.or_refusal()?
    {
        Ok(_) => Ok(staff.redirect(
            "/boutique/livraison/zones",
            Some(&format!(
                "Zone « {name} » créée. Affectez-lui des pays, puis cochez-la dans les transporteurs qui la desservent."
            )),
        )),
        Err(message) => {
            let refusal = Refusal {
                form: "nouveau".into(),
                message,
                typed: true,
                name,
                prefixes,
            };
            render(&staff, Some(refusal)).await
        }
    }
}

pub async fn save(
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ZoneFields>,
) -> Result<Response, ShopError> {
    let name = f.name;
    // A form without the field (an old page) leaves the prefixes as they are.
    let prefixes = f.postcode_prefixes;
    match command::update(
        &staff.site,
        &staff.actor(),
        id,
        &name,
        prefixes.as_deref(),
        f.active,
    )
    .await
    .or_refusal()?
    {
        Ok(summary) => {
            Ok(staff.redirect("/boutique/livraison/zones", Some(&format!("{summary}."))))
        }
        Err(message) => {
            let refusal = Refusal {
                form: id.to_string(),
                message,
                typed: true,
                name,
                prefixes: prefixes.unwrap_or_default(),
            };
            render(&staff, Some(refusal)).await
        }
    }
}

pub async fn delete(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    match command::delete(&staff.site, &staff.actor(), id)
        .await
        .or_refusal()?
    {
        Ok(summary) => {
            Ok(staff.redirect("/boutique/livraison/zones", Some(&format!("{summary}."))))
        }
        Err(message) => {
            let refusal = Refusal {
                form: id.to_string(),
                message,
                ..Refusal::default()
            };
            render(&staff, Some(refusal)).await
        }
    }
}

pub async fn assign(staff: Staff, f: Fields) -> Result<Response, ShopError> {
    let mut assignments: Vec<(String, i64)> = Vec::new();
    for (iso, zone) in f.with_prefix("pays_") {
        let Ok(zone) = zone.parse::<i64>() else {
            let refusal = Refusal {
                form: "pays".into(),
                message: "Choisissez une zone dans la liste pour chaque pays.".into(),
                ..Refusal::default()
            };
            return render(&staff, Some(refusal)).await;
        };
        assignments.push((iso.to_owned(), zone));
    }
    assignments.sort();
    match command::assign_countries(&staff.site, &staff.actor(), &assignments)
        .await
        .or_refusal()?
    {
        Ok(summary) => Ok(staff.redirect(
            "/boutique/livraison/zones#pays",
            Some(&format!("{summary}.")),
        )),
        Err(message) => {
            let refusal = Refusal {
                form: "pays".into(),
                message,
                ..Refusal::default()
            };
            render(&staff, Some(refusal)).await
        }
    }
}
