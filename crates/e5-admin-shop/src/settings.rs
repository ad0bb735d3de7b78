//! Livraison and Paramètres: carriers with their price ranges, the free-shipping threshold,
//! and the payment modules (cheque and bank transfer).

use std::collections::HashMap;

use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::admin::form::OrRefusal;
use e5_shop::admin::form::{Id, Ids};
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::Serialize;
use tera::Context;

use crate::commands::settings as command;
use crate::form::{Fields, money_field, parse_money};
use e5_domain::setting;

#[derive(Debug, Serialize, sqlx::FromRow)]
struct CarrierRow {
    id: i64,
    name: String,
    delay: String,
    billing: String,
    is_free: i64,
    active: i64,
    handling_cents: i64,
    max_weight_grams: i64,
    /// Names of the zones it serves, comma-separated.
    zones: Option<String>,
    orders: i64,
    ranges: i64,
    /// Ids of the zones it serves, comma-separated (the range form offers only those).
    zone_list: Option<String>,
    #[sqlx(skip)]
    zone_ids: Vec<i64>,
    #[sqlx(skip)]
    max_weight: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct RangeRow {
    id: i64,
    carrier_id: i64,
    zone: String,
    range_min: i64,
    range_max: i64,
    price_cents: i64,
    /// Bounds in French kilograms ("0,5"), for carriers billed by weight.
    #[sqlx(skip)]
    min_kg: String,
    #[sqlx(skip)]
    max_kg: String,
}

async fn settings(
    db: &sqlx::SqlitePool,
    prefix: &str,
) -> Result<HashMap<String, String>, sqlx::Error> {
    Ok(db
        .rows::<(String, String)>(
            "SELECT key, value FROM setting WHERE key LIKE ? || '%'",
            (prefix,),
        )
        .await?
        .into_iter()
        .map(|(k, v)| (k.replace('.', "_"), v))
        .collect())
}

/// Where a change to one carrier sends the user back: its card, which also shows the
/// message (the one at the top of the page is out of view once the page has jumped there).
pub(crate) fn card_url(id: i64) -> String {
    format!("/boutique/livraison/transporteurs?transporteur={id}#transporteur-{id}")
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct CardQuery {
    transporteur: Option<String>,
}

/// The one-time message shown in a carrier's card.
#[derive(Debug, Serialize)]
struct CardMessage {
    id: i64,
    success: Option<String>,
    error: Option<String>,
}

pub async fn carriers(
    mut staff: Staff,
    axum::extract::Query(query): axum::extract::Query<CardQuery>,
) -> Result<Response, ShopError> {
    let card_id = query.transporteur.and_then(|id| id.parse::<i64>().ok());
    let card = match card_id {
        Some(id) => staff.take_flash().map(|flash| {
            let (success, error) = e5_shop::web::flash::Flash::split(Some(&flash));
            CardMessage {
                id,
                success: success.map(str::to_owned),
                error: error.map(str::to_owned),
            }
        }),
        // Not about one carrier: the layout shows it at the top as usual.
        None => None,
    };
    let db = staff.site.db();
    let mut carriers: Vec<CarrierRow> = db.rows(
        "SELECT c.id, c.name, c.delay, c.billing, c.is_free, c.active, c.handling_cents, c.max_weight_grams,
                (SELECT group_concat(z.name, ', ') FROM zone z WHERE z.id NOT IN
                    (SELECT zone_id FROM carrier_zone_excluded x WHERE x.carrier_id = c.id)) AS zones,
                (SELECT COUNT(*) FROM orders o WHERE o.carrier_id = c.id) AS orders,
                (SELECT COUNT(*) FROM carrier_range r WHERE r.carrier_id = c.id) AS ranges,
                (SELECT group_concat(z.id) FROM zone z WHERE z.id NOT IN
                    (SELECT zone_id FROM carrier_zone_excluded x WHERE x.carrier_id = c.id)) AS zone_list
         FROM carrier c ORDER BY c.position, c.id",
        (),
    ).await?;
    for c in &mut carriers {
        c.max_weight = crate::commands::carrier::kg(c.max_weight_grams);
        c.zone_ids = c
            .zone_list
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter_map(|z| z.parse().ok())
            .collect();
    }
    let mut ranges: Vec<RangeRow> = db.rows(
        "SELECT r.id, r.carrier_id, z.name AS zone, r.range_min, r.range_max, r.price_cents FROM carrier_range r JOIN zone z ON z.id = r.zone_id
         ORDER BY r.carrier_id, z.id, r.range_min",
        (),
    ).await?;
    for r in &mut ranges {
        r.min_kg = crate::commands::carrier::kg(r.range_min);
        r.max_kg = crate::commands::carrier::kg(r.range_max);
    }
    let mut ctx = context! { carriers, ranges };
    let zones: Vec<(i64, String)> = db.rows("SELECT id, name FROM zone ORDER BY id", ()).await?;
    ctx.insert("zones", &zones);
    ctx.insert("card", &card);
    staff
        .render("admin/shop/carriers.html", "Transporteurs", ctx)
        .await
}

/// Adds a price range to a carrier; bounds typed in kg or euros per the carrier's billing.
pub async fn add_range(
    staff: Staff,
    Id(id): Id,
    f: crate::form::Fields,
) -> Result<Response, ShopError> {
    let to = card_url(id);
    // Kilograms read like euros ("0,5") give hundredths: ×10 makes grams.
    let by_weight = f.text("billing") == "weight";
    let bound = |name: &str| {
        crate::form::parse_money(&f.text(name)).map(|v| if by_weight { v * 10 } else { v })
    };
    let (Some(min), Some(max), Some(price)) = (
        bound("range_min"),
        bound("range_max"),
        crate::form::parse_money(&f.text("price")),
    ) else {
        return Ok(staff.refuse(
            &to,
            Some("Tranche non ajoutée : indiquez les bornes et le prix en nombres (ex. 0,5 ou 49,90)."),
        ));
    };
    let zone = f.opt_id("zone_id").unwrap_or(0);
    match crate::commands::carrier::add_range(
        &staff.site,
        &staff.actor(),
        id,
        zone,
        min,
        max,
        price,
    )
    .await
    .or_refusal()?
    {
        Ok(_) => Ok(staff.redirect(&to, Some("Tranche ajoutée."))),
        Err(message) => Ok(staff.refuse(&to, Some(&format!("Tranche non ajoutée : {message}")))),
    }
}

pub async fn remove_range(staff: Staff, Ids(id, rid): Ids) -> Result<Response, ShopError> {
    crate::commands::carrier::remove_range(&staff.site, &staff.actor(), id, rid).await?;
    Ok(staff.redirect(&card_url(id), Some("Tranche supprimée.")))
}

pub async fn shipping_preferences(staff: Staff) -> Result<Response, ShopError> {
    render_preferences(&staff, None, None).await
}

async fn render_preferences(
    staff: &Staff,
    typed: Option<String>,
    error: Option<String>,
) -> Result<Response, ShopError> {
    let threshold: Option<String> = sqlx::query_scalar("SELECT value FROM setting WHERE key = ?")
        .bind(setting::SHIPPING_FREE_THRESHOLD_CENTS)
        .fetch_optional(staff.site.db())
        .await?;
    let value = typed.unwrap_or_else(|| {
        threshold
            .and_then(|t| t.parse::<i64>().ok())
            .map(money_field)
            .unwrap_or_default()
    });
    let ctx = context! { threshold: value, error };
    let mut page = staff
        .render(
            "admin/shop/shipping_preferences.html",
            "Préférences de livraison",
            ctx,
        )
        .await?;
    if error.is_some() {
        *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

pub async fn save_shipping_preferences(staff: Staff, f: Fields) -> Result<Response, ShopError> {
    let typed = f.text("threshold");
    let cents = if typed.is_empty() {
        Some(0)
    } else {
        parse_money(&typed)
    };
    let Some(cents) = cents else {
        return render_preferences(
            &staff,
            Some(typed),
            Some(
                "Le seuil doit être un montant en euros, par exemple 69,00 (0 pour aucun seuil)."
                    .into(),
            ),
        )
        .await;
    };
    let values = vec![(
        setting::SHIPPING_FREE_THRESHOLD_CENTS.to_owned(),
        cents.to_string(),
    )];
    match command::save(
        &staff.site,
        &staff.actor(),
        "Préférences de livraison (livraison offerte dès un montant)",
        "shipping.",
        values,
    )
    .await
    .or_refusal()?
    {
        Ok(()) => Ok(staff.redirect(
            "/boutique/livraison/preferences",
            Some("Préférences de livraison enregistrées."),
        )),
        Err(m) => render_preferences(&staff, Some(typed), Some(m)).await,
    }
}

pub async fn payment(staff: Staff) -> Result<Response, ShopError> {
    let mut ctx = Context::new();
    ctx.insert("s", &settings(staff.site.db(), "payment.").await?);
    staff
        .render("admin/shop/payment.html", "Paiement", ctx)
        .await
}

pub async fn save_payment(staff: Staff, f: Fields) -> Result<Response, ShopError> {
    let values: Vec<(String, String)> = setting::PAYMENT
        .iter()
        .map(|k| ((*k).to_owned(), f.text(&k.replace('.', "_"))))
        .collect();
    if values.iter().any(|(_, v)| v.is_empty()) {
        return Ok(staff.refuse(
            "/boutique/parametres/paiement",
            Some("Tous les champs sont nécessaires : le client les lit pour payer."),
        ));
    }
    match command::save(
        &staff.site,
        &staff.actor(),
        "Paramètres de paiement (chèque et virement)",
        "payment.",
        values,
    )
    .await
    .or_refusal()?
    {
        Ok(()) => Ok(staff.redirect(
            "/boutique/parametres/paiement",
            Some("Paramètres de paiement enregistrés."),
        )),
        Err(m) => Ok(staff.redirect("/boutique/parametres/paiement", Some(&m))),
    }
}
