//! Placing an order from the storefront checkout (no real payment: cheque or bank transfer).

use e5_domain::Money;
use e5_domain::journal::Entity;
use e5_shop_db::query::Read;
use serde_json::json;

use super::{CommandError, Tx, refuse_if, run};
use crate::cart as cart_view;
use crate::catalog::Shopper;
use crate::journal::{Actor, Entry};
use crate::site::Site;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payment {
    Cheque,
    Transfer,
}

impl Payment {
    pub fn parse(s: &str) -> Option<Payment> {
        match s {
            "cheque" => Some(Payment::Cheque),
            "virement" => Some(Payment::Transfer),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Payment::Cheque => "Chèque",
            Payment::Transfer => "Virement bancaire",
        }
    }
    /// Order states 1 and 2 of the reference context: waiting for the cheque / transfer.
    fn waiting_state(self) -> i64 {
        match self {
            Payment::Cheque => 1,
            Payment::Transfer => 2,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct AddressInput {
    pub first_name: String,
    pub last_name: String,
    pub address1: String,
    pub address2: String,
    pub postcode: String,
    pub city: String,
    pub country_iso: String,
    pub phone: String,
}

#[derive(Debug, Clone)]
pub struct Checkout {
    pub cart_id: i64,
    /// For a guest; ignored when the shopper is logged in.
    pub email: String,
    pub address: AddressInput,
    pub carrier_id: Option<i64>,
    pub payment: Option<Payment>,
    pub accept_terms: bool,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct PlacedOrder {
    pub id: i64,
    pub reference: String,
    pub customer_id: i64,
    pub total: i64,
}

fn validate(input: &Checkout, logged_in: bool) -> Result<(), CommandError> {
    let a = &input.address;
    let mut missing = Vec::new();
    if !logged_in && !looks_like_email(&input.email) {
        missing.push("une adresse e-mail valide");
    }
    for (value, what) in [
        (&a.first_name, "le prénom"),
        (&a.last_name, "le nom"),
        (&a.address1, "l'adresse"),
        (&a.city, "la ville"),
    ] {
        if value.trim().is_empty() {
            missing.push(what);
        }
    }
    if a.country_iso == "FR"
        && !(a.postcode.len() == 5 && a.postcode.bytes().all(|b| b.is_ascii_digit()))
    {
        missing.push("un code postal à 5 chiffres");
    }
    if input.payment.is_none() {
        missing.push("un moyen de paiement");
    }
    refuse_if(
        !missing.is_empty(),
        format!("Merci d'indiquer {}.", missing.join(", ")),
    )?;
    refuse_if(
        !input.accept_terms,
        "Vous devez accepter les conditions générales de vente pour commander.",
    )?;
    Ok(())
}

pub fn looks_like_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

pub async fn place(
    site: &Site,
    actor: &Actor,
    shopper: &Shopper,
    input: Checkout,
) -> Result<PlacedOrder, CommandError> {
    validate(&input, shopper.customer_id.is_some())?;
    let db = site.db();
    let now = super::now();
    let view = cart_view::load(
        db,
        shopper,
        input.cart_id,
        &now,
        input.carrier_id,
        cart_view::Destination {
            country_iso: &input.address.country_iso,
            postcode: input.address.postcode.trim(),
        },
    )
    .await?;
    refuse_if(view.lines.is_empty(), "Votre panier est vide.")?;
    super::cart::refuse_gifts_out_of_stock(site, actor, &view).await?;
    let Some(carrier_id) = view
        .carrier_id
        .filter(|c| input.carrier_id.is_none_or(|wanted| wanted == *c))
    else {
        return Err(CommandError::invalid(
            "Ce transporteur ne livre pas à cette adresse : choisissez-en un autre.",
        ));
    };
    let country: Option<String> = db
        .optional(
            "SELECT name FROM country WHERE iso = ? AND active = 1",
            (&input.address.country_iso,),
        )
        .await?;
    let Some(country) = country else {
        return Err(CommandError::invalid("Nous ne livrons pas dans ce pays."));
    };
    let payment = input.payment.unwrap_or(Payment::Cheque);
    let reference = new_reference();

    run(site, actor, async |tx: &mut Tx<'_>| {
        let a = &input.address;
        let customer_id = match shopper.customer_id {
            Some(id) => id,
            None => guest_customer(tx, &input.email, a, &now).await?,
        };
        let address_id: i64 = tx.one(
            "INSERT INTO address (customer_id, alias, first_name, last_name, address1, address2, postcode, city, country, phone)
             VALUES (?, 'Adresse de commande', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                customer_id,
                a.first_name.trim(),
                a.last_name.trim(),
                a.address1.trim(),
                a.address2.trim(),
                a.postcode.trim(),
                a.city.trim(),
                &country,
                a.phone.trim(),
            ),
        ).await?;

        for line in &view.lines {
            take_stock(tx, line).await?;
        }
        let totals = &view.totals;
        let products_ht: i64 = view.lines.iter().map(|l| l.unit.ht * l.quantity).sum();
        let order_id: i64 = tx.one(
            "INSERT INTO orders (reference, customer_id, delivery_address_id, invoice_address_id, carrier_id, cart_id, payment, state_id,
                                 total_products_ht_cents, total_products_cents, total_discounts_cents, total_shipping_cents, total_paid_cents,
                                 source, device, customer_note, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'direct', 'desktop', ?, ?) RETURNING id",
            (
                &reference,
                customer_id,
                address_id,
                address_id,
                carrier_id,
                input.cart_id,
                payment.label(),
                payment.waiting_state(),
                products_ht,
                totals.products,
                totals.discounts,
                totals.shipping,
                totals.total,
                input.note.trim(),
                &now,
            ),
        ).await?;
        for line in &view.lines {
            let name = if line.options.is_empty() { line.name.clone() } else { format!("{} ({})", line.name, line.options) };
            tx.execute(
                "INSERT INTO order_line (order_id, product_id, combination_id, product_name, product_reference, quantity, unit_price_ht_cents, unit_price_cents, tax_rate)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    order_id,
                    line.product_id,
                    line.combination_id,
                    &name,
                    &line.reference,
                    line.quantity,
                    line.unit.ht,
                    line.unit.ttc,
                    line.tax_rate,
                ),
            ).await?;
        }
        for rule in &totals.rules {
            tx.execute(
                "INSERT INTO order_cart_rule (order_id, cart_rule_id, name, value_cents, free_shipping) VALUES (?, ?, ?, ?, ?)",
                (order_id, rule.id, &rule.name, rule.value, rule.free_shipping),
            ).await?;
            tx.execute(
                "UPDATE cart_rule SET quantity = quantity - 1 WHERE id = ? AND quantity > 0",
                (rule.id,),
            ).await?;
        }
        tx.execute(
            "INSERT INTO order_history (order_id, state_id, created_at) VALUES (?, ?, ?)",
            (order_id, payment.waiting_state(), &now),
        ).await?;
        let email: String = tx.one(
            "SELECT email FROM customer WHERE id = ?",
            (customer_id,),
        ).await?;
        tx.execute(
            "INSERT INTO outbox (customer_id, email, subject, body, created_at) VALUES (?, ?, ?, ?, ?)",
            (
                customer_id,
                &email,
                format!("Confirmation de votre commande {reference}"),
                format!( "Bonjour {},\n\nNous avons bien reçu votre commande {reference} d'un montant de {} (paiement : {}).\nElle sera préparée dès réception de votre règlement.\n\nMerci de votre confiance.", a.first_name.trim(), Money(totals.total), payment.label() ),
                &now,
            ),
        ).await?;
        let articles: i64 = view.lines.iter().map(|l| l.quantity).sum();
        tx.journal(
            Entry::new(
                Entity::Order,
                Some(order_id),
                "create",
                format!(
                    "Commande {reference} passée pour {} {} ({email}) : {articles} article(s), total {} ({})",
                    a.first_name.trim(),
                    a.last_name.trim(),
                    Money(totals.total),
                    payment.label()
                ),
            )
            .after(json!({
                "reference": reference, "customer_id": customer_id, "total_cents": totals.total,
                "discounts_cents": totals.discounts, "shipping_cents": totals.shipping, "carrier_id": carrier_id,
                "payment": payment.label(), "lines": view.lines.iter().map(|l| json!({"product_id": l.product_id, "combination_id": l.combination_id, "quantity": l.quantity, "unit_cents": l.unit.ttc})).collect::<Vec<_>>(),
            })),
        )
        .await?;
        Ok(PlacedOrder { id: order_id, reference: reference.clone(), customer_id, total: totals.total })
    })
    .await
}

/// A guest gets a customer record without a password; an e-mail already known reuses it.
async fn guest_customer(
    tx: &mut Tx<'_>,
    email: &str,
    a: &AddressInput,
    now: &str,
) -> Result<i64, CommandError> {
    let email = email.trim().to_lowercase();
    let existing: Option<i64> = tx
        .optional("SELECT id FROM customer WHERE lower(email) = ?", (&email,))
        .await?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id: i64 = tx.one(
        "INSERT INTO customer (first_name, last_name, email, default_group_id, is_guest, created_at) VALUES (?, ?, ?, 2, 1, ?) RETURNING id",
        (a.first_name.trim(), a.last_name.trim(), &email, now),
    ).await?;
    tx.execute(
        "INSERT INTO customer_group_member (customer_id, group_id) VALUES (?, 2)",
        (id,),
    )
    .await?;
    tx.journal(Entry::new(
        Entity::Customer,
        Some(id),
        "create",
        format!(
            "Client invité créé : {} {} ({email})",
            a.first_name.trim(),
            a.last_name.trim()
        ),
    ))
    .await?;
    Ok(id)
}

async fn take_stock(tx: &mut Tx<'_>, line: &cart_view::CartLineView) -> Result<(), CommandError> {
    let (table, id) = match line.combination_id {
        Some(c) => ("combination", c),
        None => ("product", line.product_id),
    };
    let allow: String = tx
        .one(
            "SELECT out_of_stock FROM product WHERE id = ?",
            (line.product_id,),
        )
        .await?;
    let stock: i64 = tx
        .one(&format!("SELECT quantity FROM {table} WHERE id = ?"), (id,))
        .await?;
    refuse_if(
        allow == "deny" && stock < line.quantity,
        format!(
            "Stock insuffisant pour « {} » : il en reste {stock}.",
            line.name
        ),
    )?;
    tx.execute(
        &format!("UPDATE {table} SET quantity = quantity - ? WHERE id = ?"),
        (line.quantity, id),
    )
    .await?;
    Ok(())
}

/// A 9-letter order reference, as PrestaShop makes them.
fn new_reference() -> String {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    bytes
        .iter()
        .take(9)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_needs_a_user_and_a_dotted_domain() {
        assert!(looks_like_email("marie.dupont@exemple.fr"));
        assert!(!looks_like_email("marie.dupont"));
        assert!(!looks_like_email("@exemple.fr"));
        assert!(!looks_like_email("marie@exemple"));
        assert!(!looks_like_email("ma rie@exemple.fr"));
    }

    #[test]
    fn an_order_reference_is_nine_capital_letters() {
        let r = new_reference();
        assert_eq!(r.len(), 9);
        assert!(r.bytes().all(|b| b.is_ascii_uppercase()));
    }
}
