//! Creating an order from the back-office (a customer on the phone, an order by mail): the
//! same path as the storefront — a cart for the customer, then the checkout command — so
//! prices, cart rules, stock and the customer's notification follow the same rules.

use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::catalog::Shopper;
use e5_shop::command::cart::AddToCart;
use e5_shop::command::order::{AddressInput, Checkout, Payment};
use e5_shop::command::{self, CommandError};
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::Serialize;

use crate::form::Fields;

/// How many product lines the form offers.
const LINES: usize = 4;

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Choice {
    value: String,
    label: String,
}

async fn render(staff: &Staff, error: Option<String>) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let customers: Vec<Choice> = db.rows(
        "SELECT CAST(c.id AS TEXT) AS value, c.last_name || ' ' || c.first_name || ' — ' || c.email AS label
         FROM customer c WHERE c.active = 1 AND EXISTS (SELECT 1 FROM address a WHERE a.customer_id = c.id)
         ORDER BY c.last_name, c.first_name",
        (),
    ).await?;
    // A product without combinations is "<id>:"; a combination is "<id>:<combination id>".
    let products: Vec<Choice> = db.rows(
        "SELECT p.id || ':' AS value, p.name || ' (' || p.reference || ')' AS label FROM product p
          WHERE p.active = 1 AND NOT EXISTS (SELECT 1 FROM combination c WHERE c.product_id = p.id)
         UNION ALL
         SELECT p.id || ':' || c.id, p.name || ' — ' ||
                COALESCE((SELECT group_concat(a.name, ', ') FROM combination_attribute ca JOIN attribute a ON a.id = ca.attribute_id
                          WHERE ca.combination_id = c.id), '') || ' (' || COALESCE(NULLIF(c.reference, ''), p.reference) || ')'
           FROM product p JOIN combination c ON c.product_id = p.id WHERE p.active = 1
         ORDER BY 2",
        (),
    ).await?;
    let carriers: Vec<Choice> =
        db.rows(
            "SELECT CAST(id AS TEXT) AS value, name || ' — ' || delay AS label FROM carrier WHERE active = 1 ORDER BY position, id",
            (),
        ).await?;
    let ctx = context! {
        customers, products, carriers, lines: (1..=LINES).collect::<Vec<_>>(), error,
    };
    let mut page = staff
        .render("admin/shop/order_new.html", "Nouvelle commande", ctx)
        .await?;
    if error.is_some() {
        *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

pub async fn form(staff: Staff) -> Result<Response, ShopError> {
    render(&staff, None).await
}

#[derive(sqlx::FromRow)]
struct AddressRow {
    first_name: String,
    last_name: String,
    address1: String,
    address2: String,
    postcode: String,
    city: String,
    phone: String,
    iso: Option<String>,
}

/// The customer's most recent address, as the checkout command takes it.
async fn address_of(
    db: &sqlx::SqlitePool,
    customer_id: i64,
) -> Result<Option<AddressInput>, sqlx::Error> {
    let row: Option<AddressRow> = db
        .row_optional(
            "SELECT a.first_name, a.last_name, a.address1, a.address2, a.postcode, a.city, a.phone,
                (SELECT iso FROM country WHERE name = a.country) AS iso
         FROM address a WHERE a.customer_id = ? ORDER BY a.id DESC LIMIT 1",
            (customer_id,),
        )
        .await?;
    Ok(row.map(|a| AddressInput {
        first_name: a.first_name,
        last_name: a.last_name,
        address1: a.address1,
        address2: a.address2,
        postcode: a.postcode,
        city: a.city,
        country_iso: a.iso.unwrap_or_else(|| "FR".into()),
        phone: a.phone,
    }))
}

pub async fn create(staff: Staff, f: Fields) -> Result<Response, ShopError> {
    let Some(customer_id) = f.opt_id("customer_id") else {
        return render(&staff, Some("Choisissez le client.".into())).await;
    };
    let mut lines = Vec::new();
    for n in 1..=LINES {
        let choice = f.text(&format!("product_{n}"));
        if choice.is_empty() {
            continue;
        }
        let (product, combination) = choice.split_once(':').unwrap_or((choice.as_str(), ""));
        let (Ok(product_id), quantity) = (
            product.parse::<i64>(),
            f.text(&format!("quantity_{n}")).parse::<i64>().unwrap_or(0),
        ) else {
            return render(&staff, Some("Un produit choisi est inconnu.".into())).await;
        };
        lines.push((product_id, combination.parse::<i64>().ok(), quantity));
    }
    if lines.is_empty() {
        return render(&staff, Some("Ajoutez au moins un produit.".into())).await;
    }
    let db = staff.site.db();
    let Some(address) = address_of(db, customer_id).await? else {
        return render(
            &staff,
            Some("Ce client n'a pas d'adresse : ajoutez-en une sur sa fiche.".into()),
        )
        .await;
    };
    let shopper = Shopper::load(db, Some(customer_id)).await?;
    if shopper.customer_id.is_none() {
        return render(
            &staff,
            Some("Ce client n'existe pas ou son compte est désactivé.".into()),
        )
        .await;
    }
    let actor = staff.actor();
    let mut cart_id = None;
    for (product_id, combination_id, quantity) in lines {
        let input = AddToCart {
            cart_id,
            product_id,
            combination_id,
            quantity,
            customization: String::new(),
        };
        match command::cart::add(&staff.site, &actor, &shopper, input).await {
            Ok(id) => cart_id = Some(id),
            Err(CommandError::Database(e)) => return Err(e.into()),
            Err(e) => return render(&staff, Some(format!("Produit refusé : {e}"))).await,
        }
    }
    let Some(cart_id) = cart_id else {
        return render(&staff, Some("Ajoutez au moins un produit.".into())).await;
    };
    let checkout = Checkout {
        cart_id,
        email: String::new(),
        address,
        carrier_id: f.opt_id("carrier_id"),
        payment: Payment::parse(&f.text("payment")),
        accept_terms: true,
        note: format!(
            "Commande saisie depuis le back-office par {}",
            staff.employee.name()
        ),
    };
    match command::order::place(&staff.site, &actor, &shopper, checkout).await {
        Ok(placed) => Ok(staff.redirect(
            &format!("/boutique/commandes/{}", placed.id),
            Some(&format!(
                "Commande {} créée pour {} : le client en est informé.",
                placed.reference,
                shopper.customer_name.unwrap_or_default()
            )),
        )),
        Err(CommandError::Database(e)) => Err(e.into()),
        Err(e) => render(&staff, Some(e.to_string())).await,
    }
}
