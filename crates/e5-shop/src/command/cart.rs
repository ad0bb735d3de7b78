//! Cart commands from the storefront.

use e5_domain::journal::Entity;
use e5_shop_db::query::Read;
use serde_json::json;

use super::{CommandError, Tx, refuse_if, run};
use crate::cart as cart_view;
use crate::catalog::Shopper;
use crate::journal::{Actor, Entry};
use crate::pricing::{self, RuleContext};
use crate::site::Site;

#[derive(Debug, Clone)]
pub struct AddToCart {
    pub cart_id: Option<i64>,
    pub product_id: i64,
    pub combination_id: Option<i64>,
    pub quantity: i64,
    pub customization: String,
}

/// Adds a product to the cart (creating the cart on first use) and returns the cart id.
pub async fn add(
    site: &Site,
    actor: &Actor,
    shopper: &Shopper,
    input: AddToCart,
) -> Result<i64, CommandError> {
    refuse_if(
        !(1..=99).contains(&input.quantity),
        "La quantité doit être comprise entre 1 et 99.",
    )?;
    let customer_id = shopper.customer_id;
    let cart_id = run(site, actor, async |tx: &mut Tx<'_>| {
        let product: Option<(String, i64, String, i64)> = sqlx::query_as(
            "SELECT name, quantity, out_of_stock, (SELECT COUNT(*) FROM combination WHERE product_id = p.id) FROM product p WHERE id = ? AND active = 1",
        )
        .bind(input.product_id)
        .fetch_optional(tx.conn())
        .await?;
        let Some((name, product_stock, out_of_stock, combinations)) = product else {
            return Err(CommandError::NotFound("produit"));
        };
        let stock = match (combinations, input.combination_id) {
            (0, None) => product_stock,
            (0, Some(_)) => return Err(CommandError::invalid("Ce produit n'a pas de déclinaison.")),
            (_, None) => return Err(CommandError::invalid("Choisissez une déclinaison (taille, couleur…).")),
            (_, Some(c)) => tx.optional(
                "SELECT quantity FROM combination WHERE id = ? AND product_id = ?",
                (c, input.product_id),
            ).await?
                .ok_or(CommandError::NotFound("déclinaison"))?,
        };
        let cart_id = match input.cart_id {
            Some(id) => id,
            None => {
                let now = super::now();
                let id: i64 = tx.one(
                    "INSERT INTO cart (customer_id, created_at, updated_at) VALUES (?, ?, ?) RETURNING id",
                    (customer_id, &now, &now),
                ).await?;
                tx.journal(Entry::new(Entity::Cart, Some(id), "create", format!("Panier n° {id} créé"))).await?;
                id
            }
        };
        let in_cart: i64 = tx.one(
            "SELECT COALESCE(SUM(quantity), 0) FROM cart_line WHERE cart_id = ? AND product_id = ? AND combination_id IS ?",
            (cart_id, input.product_id, input.combination_id),
        ).await?;
        refuse_if(out_of_stock == "deny" && in_cart + input.quantity > stock, if stock <= in_cart {
                "Ce produit n'est plus disponible en stock.".to_owned()
            } else {
                format!("Il ne reste que {} exemplaire(s) en stock.", stock - in_cart)
            })?;
        // The same product (and combination, and customisation) adds to its line. Matched
        // with `IS`, since the UNIQUE constraint never sees two NULL combinations as equal.
        let merged = tx.execute(
            "UPDATE cart_line SET quantity = quantity + ? WHERE cart_id = ? AND product_id = ? AND combination_id IS ? AND customization = ?",
            (
                input.quantity,
                cart_id,
                input.product_id,
                input.combination_id,
                &input.customization,
            ),
        ).await?;
        if merged.rows_affected() == 0 {
            tx.execute(
                "INSERT INTO cart_line (cart_id, product_id, combination_id, quantity, customization) VALUES (?, ?, ?, ?, ?)",
                (
                    cart_id,
                    input.product_id,
                    input.combination_id,
                    input.quantity,
                    &input.customization,
                ),
            ).await?;
        }
        touch(tx, cart_id).await?;
        tx.journal(
            Entry::new(Entity::Cart, Some(cart_id), "add", format!("Ajout au panier : {} × {}", input.quantity, name))
                .after(json!({"product_id": input.product_id, "combination_id": input.combination_id, "quantity": input.quantity})),
        )
        .await?;
        Ok(cart_id)
    })
    .await?;
    sync_gifts(site, actor, cart_id).await?;
    Ok(cart_id)
}

/// Sets a line's quantity; zero removes it.
pub async fn set_quantity(
    site: &Site,
    actor: &Actor,
    cart_id: i64,
    line_id: i64,
    quantity: i64,
) -> Result<(), CommandError> {
    refuse_if(
        !(0..=99).contains(&quantity),
        "La quantité doit être comprise entre 0 et 99.",
    )?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let line: Option<(String, i64)> = sqlx::query_as(
            "SELECT p.name, l.quantity FROM cart_line l JOIN product p ON p.id = l.product_id WHERE l.id = ? AND l.cart_id = ?",
        )
        .bind(line_id)
        .bind(cart_id)
        .fetch_optional(tx.conn())
        .await?;
        let Some((name, before)) = line else { return Err(CommandError::NotFound("ligne du panier")) };
        let summary = if quantity == 0 {
            tx.execute("DELETE FROM cart_line WHERE id = ?", (line_id,)).await?;
            format!("Retrait du panier : {name}")
        } else {
            tx.execute(
                "UPDATE cart_line SET quantity = ? WHERE id = ?",
                (quantity, line_id),
            ).await?;
            format!("Quantité modifiée dans le panier : {name} ({before} → {quantity})")
        };
        touch(tx, cart_id).await?;
        tx.journal(Entry::new(Entity::Cart, Some(cart_id), "update", summary).before(json!({"quantity": before})).after(json!({"quantity": quantity})))
            .await
    })
    .await?;
    sync_gifts(site, actor, cart_id).await
}

/// Applies a promo code to the cart after checking every condition of the rule.
pub async fn apply_code(
    site: &Site,
    actor: &Actor,
    shopper: &Shopper,
    cart_id: i64,
    code: &str,
) -> Result<String, CommandError> {
    let code = code.trim();
    refuse_if(code.is_empty(), "Saisissez un code de réduction.")?;
    let db = site.db();
    let rule_id: Option<i64> = db
        .optional(
            "SELECT id FROM cart_rule WHERE code = ? COLLATE NOCASE",
            (code,),
        )
        .await?;
    let Some(rule_id) = rule_id else {
        return Err(CommandError::invalid(format!(
            "Le code « {code} » n'existe pas."
        )));
    };
    let rule = cart_view::load_rule(db, rule_id)
        .await?
        .ok_or(CommandError::NotFound("bon de réduction"))?;
    let now = super::now();
    let view = cart_view::load(
        db,
        shopper,
        cart_id,
        &now,
        None,
        cart_view::Destination::FRANCE,
    )
    .await?;
    refuse_if(view.lines.is_empty(), "Votre panier est vide.")?;
    let ctx = RuleContext {
        now: now.clone(),
        customer_id: shopper.customer_id,
        group_ids: vec![shopper.group_id],
        carrier_id: view.carrier_id,
        uses_by_customer: cart_view::uses_by_customer(db, rule_id, shopper.customer_id).await?,
    };
    let mut others = Vec::new();
    for applied in view.totals.rules.iter().filter(|r| r.id != rule_id) {
        if let Some(r) = cart_view::load_rule(db, applied.id).await? {
            others.push(r);
        }
    }
    pricing::check_rule(&rule, &view.rule_lines, &ctx, &others).map_err(CommandError::Invalid)?;
    let description = rule.describe();
    run(site, actor, async |tx: &mut Tx<'_>| {
        tx.execute(
            "INSERT OR IGNORE INTO cart_cart_rule (cart_id, cart_rule_id) VALUES (?, ?)",
            (cart_id, rule_id),
        )
        .await?;
        touch(tx, cart_id).await?;
        tx.journal(Entry::new(
            Entity::Cart,
            Some(cart_id),
            "apply_code",
            format!(
                "Code de réduction {} appliqué au panier ({description})",
                rule.code.as_deref().unwrap_or(code)
            ),
        ))
        .await
    })
    .await?;
    sync_gifts(site, actor, cart_id).await?;
    Ok(format!(
        "Le bon « {} » est appliqué : {}.",
        rule.name, description
    ))
}

pub async fn remove_rule(
    site: &Site,
    actor: &Actor,
    cart_id: i64,
    rule_id: i64,
) -> Result<(), CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let removed = tx
            .execute(
                "DELETE FROM cart_cart_rule WHERE cart_id = ? AND cart_rule_id = ?",
                (cart_id, rule_id),
            )
            .await?
            .rows_affected();
        if removed == 0 {
            return Err(CommandError::NotFound("bon de réduction"));
        }
        tx.journal(Entry::new(
            Entity::Cart,
            Some(cart_id),
            "remove_code",
            "Code de réduction retiré du panier",
        ))
        .await
    })
    .await?;
    sync_gifts(site, actor, cart_id).await
}

/// Attaches a cart to the customer who just logged in.
pub async fn attach_customer(
    site: &Site,
    actor: &Actor,
    cart_id: i64,
    customer_id: i64,
) -> Result<(), CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        tx.execute(
            "UPDATE cart SET customer_id = ? WHERE id = ?",
            (customer_id, cart_id),
        )
        .await?;
        tx.journal(Entry::new(
            Entity::Cart,
            Some(cart_id),
            "update",
            "Panier rattaché au compte client",
        ))
        .await
    })
    .await?;
    sync_gifts(site, actor, cart_id).await
}

/// Makes the cart hold exactly the gifts of the cart rules that apply to it now (automatic
/// rules and entered codes), as PrestaShop does: a gift goes in when its rule starts to apply
/// and comes out when it stops (the cart fell under the minimum, the code was removed…).
/// Runs after each cart command, on what it committed; writes (and journals) only when the
/// gifts change.
pub async fn sync_gifts(site: &Site, actor: &Actor, cart_id: i64) -> Result<(), CommandError> {
    let db = site.db();
    let customer_id: Option<Option<i64>> = db
        .optional("SELECT customer_id FROM cart WHERE id = ?", (cart_id,))
        .await?;
    let Some(customer_id) = customer_id else {
        return Ok(());
    };
    let shopper = Shopper::load(db, customer_id).await?;
    let view = cart_view::load(
        db,
        &shopper,
        cart_id,
        &super::now(),
        None,
        cart_view::Destination::FRANCE,
    )
    .await?;
    let held: Vec<(i64, i64)> = db
        .rows(
            "SELECT cart_rule_id, product_id FROM cart_gift WHERE cart_id = ?",
            (cart_id,),
        )
        .await?;
    // A gift needs paid articles beside it, as in PrestaShop: an empty cart holds no gift.
    let offered: Vec<&(i64, String, i64)> = if view.rule_lines.is_empty() {
        Vec::new()
    } else {
        view.offered_gifts.iter().collect()
    };
    let mut to_add: Vec<(i64, String, i64, String, Option<i64>)> = Vec::new();
    for (rule, rule_name, product) in offered.iter().copied() {
        if held.contains(&(*rule, *product)) {
            continue;
        }
        // The default combination, in stock unless the product may be ordered without.
        let gift: Option<(String, Option<i64>)> = db.row_optional(
            "SELECT p.name, c.id FROM product p
             LEFT JOIN combination c ON c.id = (SELECT id FROM combination WHERE product_id = p.id ORDER BY is_default DESC, id LIMIT 1)
             WHERE p.id = ? AND p.active = 1",
            (product,),
        ).await?;
        if let Some((name, combination)) = gift
            && gift_in_stock(db, cart_id, *product, combination).await?
        {
            to_add.push((*rule, rule_name.clone(), *product, name, combination));
        }
    }
    // (rule, product, whether the rule still offers it: then its stock ran out)
    let mut to_remove: Vec<(i64, i64, bool)> = Vec::new();
    for (rule, product) in held.iter().copied() {
        let still_offered = offered.iter().any(|(r, _, p)| *r == rule && *p == product);
        // A held gift whose stock ran out (or went to the paid lines) leaves the cart too, so
        // the checkout never stops on an article the shopper cannot remove.
        if !still_offered {
            to_remove.push((rule, product, false));
        } else if !held_gift_in_stock(db, cart_id, rule).await? {
            to_remove.push((rule, product, true));
        }
    }
    if to_add.is_empty() && to_remove.is_empty() {
        return Ok(());
    }
    run(site, actor, async |tx: &mut Tx<'_>| {
        for (rule, product, out_of_stock) in &to_remove {
            let names: Option<(String, String)> = sqlx::query_as(
                "SELECT p.name, r.name FROM product p, cart_rule r WHERE p.id = ? AND r.id = ?",
            )
            .bind(product)
            .bind(rule)
            .fetch_optional(tx.conn())
            .await?;
            tx.execute(
                "DELETE FROM cart_gift WHERE cart_id = ? AND cart_rule_id = ?",
                (cart_id, rule),
            ).await?;
            let (product_name, rule_name) = names.unwrap_or_default();
            let why = if *out_of_stock {
                "plus en stock".to_owned()
            } else {
                format!("la règle « {rule_name} » ne s'applique plus")
            };
            tx.journal(
                Entry::new(Entity::Cart, Some(cart_id), "gift_remove", format!(
                    "Cadeau « {product_name} » retiré du panier ({why})"
                ))
                .before(json!({"cart_rule_id": rule, "product_id": product})),
            )
            .await?;
        }
        for (rule, rule_name, product, name, combination) in &to_add {
            tx.execute(
                "INSERT OR REPLACE INTO cart_gift (cart_id, cart_rule_id, product_id, combination_id) VALUES (?, ?, ?, ?)",
                (cart_id, rule, product, combination),
            ).await?;
            tx.journal(
                Entry::new(Entity::Cart, Some(cart_id), "gift_add", format!(
                    "Cadeau « {name} » ajouté au panier (règle « {rule_name} »)"
                ))
                .after(json!({"cart_rule_id": rule, "product_id": product, "combination_id": combination})),
            )
            .await?;
        }
        Ok(())
    })
    .await
}

/// Whether one more unit of the product (or combination) can go out as a gift beside what the
/// cart's paid lines already take from its stock: always when it may be ordered out of stock.
async fn gift_in_stock(
    db: &sqlx::SqlitePool,
    cart_id: i64,
    product: i64,
    combination: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64, String, i64)> = db.row_optional(
        "SELECT COALESCE((SELECT quantity FROM combination WHERE id = ?3), p.quantity), p.out_of_stock,
                (SELECT COALESCE(SUM(quantity), 0) FROM cart_line WHERE cart_id = ?1 AND product_id = ?2 AND combination_id IS ?3)
         FROM product p WHERE p.id = ?2 AND p.active = 1",
        (cart_id, product, combination),
    ).await?;
    Ok(row.is_some_and(|(stock, out_of_stock, paid)| out_of_stock == "allow" || stock > paid))
}

async fn held_gift_in_stock(
    db: &sqlx::SqlitePool,
    cart_id: i64,
    rule: i64,
) -> Result<bool, sqlx::Error> {
    let gift: Option<(i64, Option<i64>)> = db.row_optional(
        "SELECT product_id, combination_id FROM cart_gift WHERE cart_id = ? AND cart_rule_id = ?",
        (cart_id, rule),
    ).await?;
    match gift {
        Some((product, combination)) => gift_in_stock(db, cart_id, product, combination).await,
        None => Ok(false),
    }
}

/// Before an order is placed: a gift line the stock can no longer cover leaves the cart (with
/// its journal row), and the shopper is told so, to check the order and confirm it again.
pub(crate) async fn refuse_gifts_out_of_stock(
    site: &Site,
    actor: &Actor,
    view: &cart_view::CartView,
) -> Result<(), CommandError> {
    let db = site.db();
    let mut gone = Vec::new();
    for line in view.lines.iter().filter(|l| l.gift) {
        if !gift_in_stock(db, view.id, line.product_id, line.combination_id).await? {
            gone.push(line.name.clone());
        }
    }
    if gone.is_empty() {
        return Ok(());
    }
    sync_gifts(site, actor, view.id).await?;
    Err(CommandError::invalid(format!(
        "Le cadeau « {} » n'est plus en stock : il a été retiré de votre panier. Vérifiez votre commande, puis validez-la à nouveau.",
        gone.join(" », « ")
    )))
}

async fn touch(tx: &mut Tx<'_>, cart_id: i64) -> Result<(), CommandError> {
    tx.execute(
        "UPDATE cart SET updated_at = ? WHERE id = ?",
        (super::now(), cart_id),
    )
    .await?;
    Ok(())
}
