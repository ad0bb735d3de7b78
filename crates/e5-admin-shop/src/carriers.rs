//! Livraison › Transporteurs: the carrier form (create and edit), switching a carrier on or
//! off, deleting one. The list and the price ranges are in `settings`.

use axum::http::StatusCode;
use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::admin::form::OrRefusal;
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::Serialize;

use crate::commands::carrier::{self as command, CarrierInput, kg};
use crate::form::{Fields, money_field, parse_money};

/// The form as typed, to show it again with a message.
#[derive(Debug, Default, Serialize)]
struct CarrierForm {
    id: Option<i64>,
    name: String,
    delay: String,
    active: bool,
    is_free: bool,
    billing: String,
    handling: String,
    max_weight: String,
    position: String,
    tracking_url: String,
    zone_ids: Vec<i64>,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct ZoneChoice {
    id: i64,
    name: String,
    active: i64,
    countries: i64,
    /// The French postcodes it claims, as the page writes them ("20…").
    prefixes: String,
}

async fn render(
    staff: &Staff,
    form: CarrierForm,
    error: Option<String>,
) -> Result<Response, ShopError> {
    let mut zones: Vec<ZoneChoice> = sqlx::query_as(
        "SELECT z.id, z.name, z.active, (SELECT COUNT(*) FROM country c WHERE c.zone_id = z.id) AS countries,
                z.postcode_prefixes AS prefixes FROM zone z ORDER BY z.id",
    )
    .fetch_all(staff.site.db())
    .await?;
    for z in &mut zones {
        z.prefixes = crate::commands::zone::describe_prefixes(&z.prefixes);
    }
    let title = match form.id {
        Some(_) => format!("Transporteur « {} »", form.name),
        None => "Nouveau transporteur".to_owned(),
    };
    let ctx = context! { c: form, zones, error };
    let mut page = staff
        .render("admin/shop/carrier_form.html", &title, ctx)
        .await?;
    if error.is_some() {
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

pub async fn new_form(staff: Staff) -> Result<Response, ShopError> {
    let zones: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM zone WHERE name = 'France métropolitaine'")
            .fetch_all(staff.site.db())
            .await?;
    let form = CarrierForm {
        active: true,
        billing: "weight".into(),
        handling: "0,00".into(),
        zone_ids: zones,
        ..CarrierForm::default()
    };
    render(&staff, form, None).await
}

#[derive(sqlx::FromRow)]
struct CarrierRow {
    name: String,
    delay: String,
    active: i64,
    is_free: i64,
    billing: String,
    handling_cents: i64,
    max_weight_grams: i64,
    position: i64,
    tracking_url: String,
}

pub async fn edit(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let row: CarrierRow = db.row_optional(
        "SELECT name, delay, active, is_free, billing, handling_cents, max_weight_grams, position, tracking_url FROM carrier WHERE id = ?",
        (id,),
    ).await?
    .ok_or(ShopError::NotFound)?;
    let zone_ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM zone WHERE id NOT IN (SELECT zone_id FROM carrier_zone_excluded WHERE carrier_id = ?) ORDER BY id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let form = CarrierForm {
        id: Some(id),
        name: row.name,
        delay: row.delay,
        active: row.active != 0,
        is_free: row.is_free != 0,
        billing: row.billing,
        handling: money_field(row.handling_cents),
        max_weight: if row.max_weight_grams == 0 {
            String::new()
        } else {
            kg(row.max_weight_grams)
        },
        position: row.position.to_string(),
        tracking_url: row.tracking_url,
        zone_ids,
    };
    render(&staff, form, None).await
}

pub async fn create(staff: Staff, f: Fields) -> Result<Response, ShopError> {
    submit(staff, None, f).await
}

pub async fn save(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    submit(staff, Some(id), f).await
}

/// Kilograms typed the French way ("0,5", "30") in grams; empty is 0 (no limit).
fn parse_kg(text: &str) -> Option<i64> {
    if text.is_empty() {
        return Some(0);
    }
    // Read like euros, "0,5" gives hundredths: ×10 makes grams.
    parse_money(text.trim_end_matches("kg").trim()).map(|v| v * 10)
}

async fn submit(staff: Staff, id: Option<i64>, f: Fields) -> Result<Response, ShopError> {
    let form = CarrierForm {
        id,
        name: f.text("name"),
        delay: f.text("delay"),
        active: f.checked("active"),
        is_free: f.checked("is_free"),
        billing: f.text("billing"),
        handling: f.text("handling"),
        max_weight: f.text("max_weight"),
        position: f.text("position"),
        tracking_url: f.text("tracking_url"),
        zone_ids: f.ids("zones"),
    };
    let handling = if form.handling.is_empty() {
        Some(0)
    } else {
        parse_money(&form.handling)
    };
    let Some(handling_cents) = handling else {
        let m = "Les frais de manutention sont un montant positif en euros, par exemple 1,50.";
        return render(&staff, form, Some(m.into())).await;
    };
    let Some(max_weight_grams) = parse_kg(&form.max_weight) else {
        let m = "Le poids maximal est un nombre positif de kilogrammes, par exemple 30 ou 0,5 (vide : sans limite).";
        return render(&staff, form, Some(m.into())).await;
    };
    let position = if form.position.is_empty() {
        None
    } else {
        match form.position.parse::<i64>() {
            Ok(p) if p >= 0 => Some(p),
            _ => {
                let m = "La position est un nombre entier positif (1 = proposé en premier).";
                return render(&staff, form, Some(m.into())).await;
            }
        }
    };
    let input = CarrierInput {
        name: form.name.clone(),
        delay: form.delay.clone(),
        active: form.active,
        is_free: form.is_free,
        billing: form.billing.clone(),
        handling_cents,
        max_weight_grams,
        zone_ids: form.zone_ids.clone(),
        position,
        tracking_url: form.tracking_url.clone(),
    };
    match command::save_carrier(&staff.site, &staff.actor(), id, input)
        .await
        .or_refusal()?
    {
        Ok(saved) => Ok(staff.redirect(
            &crate::settings::card_url(saved),
            Some(&match id {
                Some(_) => format!("Transporteur « {} » enregistré.", form.name),
                None => format!(
                    "Transporteur « {} » créé. Ajoutez ses tranches de prix par zone ci-dessous.",
                    form.name
                ),
            }),
        )),
        Err(m) => render(&staff, form, Some(m)).await,
    }
}

/// Switches a carrier on or off from the list.
pub async fn set_status(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    let to = crate::settings::card_url(id);
    match command::set_active(&staff.site, &staff.actor(), id, f.text("active") == "1")
        .await
        .or_refusal()?
    {
        Ok(summary) => Ok(staff.redirect(&to, Some(&format!("{summary}.")))),
        Err(m) => Ok(staff.refuse(&to, Some(&m))),
    }
}

pub async fn delete(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    match command::delete_carrier(&staff.site, &staff.actor(), id)
        .await
        .or_refusal()?
    {
        Ok(summary) => Ok(staff.redirect(
            "/boutique/livraison/transporteurs",
            Some(&format!("{summary}.")),
        )),
        Err(m) => Ok(staff.refuse(&crate::settings::card_url(id), Some(&m))),
    }
}
