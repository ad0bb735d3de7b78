//! Printable documents of an order: the invoice and the delivery slip, as HTML pages with
//! print CSS and the shop's legal details.

use std::collections::HashMap;

use axum::response::{Html, IntoResponse, Response};
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::Serialize;

#[derive(Debug, Serialize)]
struct TaxLine {
    rate: String,
    base_cents: i64,
    tax_cents: i64,
}

async fn document(staff: &Staff, id: i64, kind: &str) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let (order, lines, delivery, invoice) = super::load(db, id).await?;
    let settings: HashMap<String, String> = db
        .rows::<(String, String)>("SELECT key, value FROM setting WHERE key LIKE 'shop.%'", ())
        .await?
        .into_iter()
        .map(|(k, v)| (k.trim_start_matches("shop.").to_owned(), v))
        .collect();
    // VAT summary by rate, from the lines' TTC and HT (shipping at the standard rate).
    let mut taxes: Vec<(f64, i64, i64)> = Vec::new();
    for l in &lines {
        let ttc = l.unit_price_cents * l.quantity;
        let ht = l.unit_price_ht_cents * l.quantity;
        match taxes.iter_mut().find(|t| t.0 == l.tax_rate) {
            Some(t) => {
                t.1 += ht;
                t.2 += ttc - ht;
            }
            None => taxes.push((l.tax_rate, ht, ttc - ht)),
        }
    }
    let taxes: Vec<TaxLine> = taxes
        .into_iter()
        .map(|(rate, base, tax)| TaxLine {
            rate: e5_shop::pricing::trim_float(rate),
            base_cents: base,
            tax_cents: tax,
        })
        .collect();
    let ctx = context! {
        kind, o: order, lines, delivery, invoice, shop: settings, taxes, admin: staff.admin,
    };
    let html = staff
        .state
        .templates
        .render("admin/shop/order_document.html", &ctx)?;
    Ok(Html(html).into_response())
}

pub async fn invoice(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    document(&staff, id, "facture").await
}

pub async fn delivery_slip(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    document(&staff, id, "livraison").await
}
