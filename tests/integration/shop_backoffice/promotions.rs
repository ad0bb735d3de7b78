//! Cart rules: promo codes, automatic gifts in the cart, in the parcel and in the stock.

use super::*;
use crate::helpers::rows_for;
use crate::helpers::{one, one_for, row};

#[tokio::test]
async fn a_five_percent_code_once_per_customer_for_thirty_orders_skips_discounted_products() {
    let s = Site::new().await;
    let (t, sandbox, id, user) = (&s.t, s.sandbox, &s.id, &s.admin);
    let rules = format!("/s/{id}/admin/boutique/catalogue/reductions");
    let form = user.get_ok(&format!("{rules}/nouveau")).await;
    for tab in ["Informations", "Conditions", "Actions"] {
        form.shows(tab);
    }
    let today = e5_domain::paris_now().day();
    let mut fields = vec![
        ("name", "Rentrée : −5 %"),
        ("code", "rentree5"),
        ("description", "Sujet A, question 3"),
        ("starts_on", today.as_str()),
        ("ends_on", "2099-12-31"),
        ("minimum", "0"),
        ("quantity", "30"),
        ("quantity_per_customer", "1"),
        ("exclude_discounted", "1"),
        ("combinable", "1"),
        ("active", "1"),
        ("priority", "1"),
        ("reduction", "percent"),
        ("percent", ""),
        ("amount", ""),
        ("reduction_product_id", ""),
        ("gift_product_id", ""),
    ];
    // No percentage: refused with a message, nothing written.
    let (refused, _) = user.post(&format!("{rules}/nouveau"), &fields).await;
    assert_eq!(refused.status, 422);
    refused.shows("Indiquez le pourcentage de réduction");
    let db = t.open(sandbox).await;
    let n: i64 = one(
        &db,
        "SELECT COUNT(*) FROM cart_rule WHERE code = 'RENTREE5'",
    )
    .await;
    assert_eq!(n, 0);

    fields.retain(|(k, _)| *k != "percent");
    fields.push(("percent", "5"));
    let list = user
        .post_shows(&format!("{rules}/nouveau"), &fields, "RENTREE5")
        .await;
    list.shows("Rentrée : −5 %");
    let rule: (f64, i64, i64, i64, String) = row(&db, "SELECT reduction_percent, quantity, quantity_per_customer, exclude_discounted, ends_at FROM cart_rule WHERE code = 'RENTREE5'").await;
    assert_eq!(rule, (5.0, 30, 1, 1, "2099-12-31 23:59:59".to_owned()));
    let (action, summary) = last_journal(&db, "cart_rule").await;
    assert_eq!(action, "create");
    assert!(summary.starts_with("Bon de réduction RENTREE5 créé (−5\u{a0}%, 1 par client, 30 utilisations au total, hors produits déjà remisés"), "{summary}");

    // The same code twice is refused.
    user.refused(
        &format!("{rules}/nouveau"),
        &fields,
        "Le code RENTREE5 est déjà utilisé",
    )
    .await;

    the_storefront_takes_five_percent_off_regular_products_only(&s, &db).await;
}

/// Worked example in the storefront: 2 × a regular product + 1 discounted product.
async fn the_storefront_takes_five_percent_off_regular_products_only(s: &Site, db: &SqlitePool) {
    let (id, app) = (&s.id, &s.app);
    let regular: (i64, i64) = row(db, "SELECT p.id, CAST(ROUND(p.price_ht_cents * (1 + t.rate / 100.0)) AS INTEGER) FROM product p JOIN tax_rule t ON t.id = p.tax_rule_id
         WHERE p.id = 29").await;
    let discounted: (i64, i64) = row(db, "SELECT c.product_id, c.id FROM combination c JOIN specific_price s ON s.product_id = c.product_id
         WHERE s.customer_group_id IS NULL AND s.starts_at <= datetime('now') AND s.ends_at >= datetime('now') AND c.quantity > 0 LIMIT 1").await;
    let shopper = app.shopper_with(id, regular.0, 2).await;
    shopper
        .post(
            &format!("/s/{id}/panier/ajouter"),
            &[
                ("product_id", &*discounted.0.to_string()),
                ("combination_id", &*discounted.1.to_string()),
                ("quantity", "1"),
            ],
        )
        .await;
    let before = shopper.get(&format!("/s/{id}/panier")).await;
    let (_, after) = shopper
        .post(&format!("/s/{id}/panier/code"), &[("code", "rentree5")])
        .await;
    after.shows("(RENTREE5)");
    // 5 % of the two regular units only: the discounted product is excluded.
    let expected = (regular.1 * 2 * 5 + 50) / 100;
    assert!(
        after.body.contains(&format!("−{}", euros(expected))),
        "discount of {} expected",
        euros(expected)
    );
    assert_ne!(total_of(&before.body), total_of(&after.body));
}

#[tokio::test]
async fn an_automatic_gift_rule_puts_the_gift_in_the_cart_and_takes_it_out() {
    let s = Site::new().await;
    let cart = a_gift_rule_and_a_cart_below_its_minimum(&s).await;
    the_gift_comes_and_goes_with_the_quantity(&s, &cart).await;
}

/// What the gift test's steps share: the product bought, the gift, the rule, the cart.
struct GiftCart {
    product: i64,
    gift: i64,
    gift_name: String,
    unit: i64,
    rule: i64,
    shopper: Shopper,
    cart_id: i64,
}

async fn a_gift_rule_and_a_cart_below_its_minimum(s: &Site) -> GiftCart {
    let (product, _, _, ht) = s.plain_product(0).await;
    let (gift, gift_name, _, _) = s.plain_product(2).await;
    let unit = ttc(ht);
    // Offered from three units of the product.
    let minimum = unit * 3 - 1;
    let minimum_text = format!("{},{:02}", minimum / 100, minimum % 100);
    s.gift_rule_from("Un cadeau dès trois articles", &minimum_text, gift)
        .await;
    let rule: i64 = one(
        &s.db,
        "SELECT id FROM cart_rule WHERE name = 'Un cadeau dès trois articles'",
    )
    .await;

    let shopper = s.app.shopper();
    let cart = s.add_to_cart(&shopper, product, None, 2).await;
    assert!(!cart.body.contains("Cadeau"), "two units: no gift yet");
    let cart_id: i64 = one(&s.db, "SELECT MAX(id) FROM cart").await;
    assert!(cart_gifts(&s.db, cart_id).await.is_empty());

    GiftCart {
        product,
        gift,
        gift_name,
        unit,
        rule,
        shopper,
        cart_id,
    }
}

async fn the_gift_comes_and_goes_with_the_quantity(s: &Site, c: &GiftCart) {
    let (product, gift, unit, rule, cart_id) = (c.product, c.gift, c.unit, c.rule, c.cart_id);
    let (gift_name, shopper) = (c.gift_name.as_str(), &c.shopper);
    let cart = s.add_to_cart(shopper, product, None, 1).await;
    assert!(
        cart.body.contains("Cadeau"),
        "three units: the gift is in the cart"
    );
    assert!(
        cart.body.contains(&gift_name.replace('\'', "&#x27;")) || cart.body.contains(gift_name)
    );
    assert_eq!(cart_gifts(&s.db, cart_id).await, vec![(rule, gift)]);
    assert_eq!(
        s.last_summary().await,
        format!("Cadeau « {gift_name} » ajouté au panier (règle « Un cadeau dès trois articles »)")
    );
    // The gift costs nothing: the products total is the three paid units.
    assert!(cart.body.contains(&money(unit * 3)));
    let line: i64 = one_for(&s.db, "SELECT id FROM cart_line WHERE cart_id = ?", cart_id).await;
    let cart = shopper
        .post_ok(
            &s.shop("/panier/ligne"),
            &[("line_id", &*line.to_string()), ("quantity", "1")],
        )
        .await;
    assert!(
        !cart.body.contains("Cadeau"),
        "back under the minimum: the gift goes"
    );
    assert!(cart_gifts(&s.db, cart_id).await.is_empty());
    assert_eq!(
        s.last_summary().await,
        format!(
            "Cadeau « {gift_name} » retiré du panier (la règle « Un cadeau dès trois articles » ne s'applique plus)"
        )
    );
}

#[tokio::test]
async fn a_gift_weighs_in_the_parcel_and_leaves_the_stock_with_the_order() {
    let s = Site::new().await;
    s.gift_rule().await;
    let shopper = s.shopper_with_torchon(1).await;
    let cart = shopper.get(&s.shop("/panier")).await;
    assert!(cart.body.contains("Cadeau"), "the gift is in the cart");

    // 150 g of torchon alone would cost 4,95 €; with the 700 g mat the parcel weighs 850 g.
    let offers = s.offers(&shopper, "49300").await;
    assert!(
        offer_of(&offers, "Colissimo Domicile")
            .unwrap()
            .contains(&money(595)),
        "{:?}",
        offer_of(&offers, "Colissimo Domicile")
    );

    let (torchons, mats) = (s.stock(TORCHON).await, s.stock(TAPIS).await);
    let (status, confirmation) = s.place_order(&shopper, "camille.cadeau@exemple.fr").await;
    assert_eq!(status, 303, "{confirmation}");
    assert!(confirmation.contains("Merci pour votre commande"));
    let (order, shipping): (i64, i64) = row(
        &s.db,
        "SELECT id, total_shipping_cents FROM orders ORDER BY id DESC LIMIT 1",
    )
    .await;
    assert_eq!(shipping, 595);
    let gift_line: (i64, i64) = sqlx::query_as(
        "SELECT quantity, unit_price_cents FROM order_line WHERE order_id = ? AND product_id = ?",
    )
    .bind(order)
    .bind(TAPIS)
    .fetch_one(&s.db)
    .await
    .unwrap();
    assert_eq!(gift_line, (1, 0), "the gift is on the order, at 0 €");
    assert_eq!(s.stock(TORCHON).await, torchons - 1);
    assert_eq!(s.stock(TAPIS).await, mats - 1, "the gift leaves the stock");
    let journal: String = one(&s.db, "SELECT after FROM journal WHERE entity = 'order' AND action = 'create' ORDER BY id DESC LIMIT 1").await;
    assert!(
        journal.contains(&format!("\"product_id\":{TAPIS}")),
        "{journal}"
    );
}

#[tokio::test]
async fn a_gift_out_of_stock_at_checkout_leaves_the_cart_with_a_message() {
    let s = Site::new().await;
    s.gift_rule().await;
    let first = s.shopper_with_torchon(1).await;
    let held: i64 = one(&s.db, "SELECT COUNT(*) FROM cart_gift").await;
    assert_eq!(held, 1);

    // Someone else buys the last three mats: no gift for them (the paid mats take the stock).
    let other = s.app.shopper_with(&s.id, TAPIS, 3).await;
    let held: i64 = one(&s.db, "SELECT COUNT(*) FROM cart_gift").await;
    assert_eq!(held, 1, "the second cart gets no mat as a gift");
    let (status, body) = s.place_order(&other, "dominique.tapis@exemple.fr").await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(s.stock(TAPIS).await, 0);

    // The first shopper's order stops, the gift leaves the cart, the shopper is told.
    let orders_before: i64 = one(&s.db, "SELECT COUNT(*) FROM orders").await;
    let (status, page) = s.place_order(&first, "camille.cadeau@exemple.fr").await;
    assert_eq!(status, 303);
    assert!(
        page.contains("Le cadeau « Tapis de bain en coton bouclé"),
        "{page}"
    );
    assert!(page.contains("n&#x27;est plus en stock : il a été retiré de votre panier"));
    let orders: i64 = one(&s.db, "SELECT COUNT(*) FROM orders").await;
    assert_eq!(orders, orders_before, "no order placed");
    let held: i64 = one(&s.db, "SELECT COUNT(*) FROM cart_gift").await;
    assert_eq!(held, 0);
    let (action, summary) = s.last_journal("cart").await;
    assert_eq!(action, "gift_remove");
    assert!(
        summary.ends_with("retiré du panier (plus en stock)"),
        "{summary}"
    );

    // Confirmed again: the order goes through without the gift, the stock stays at 0.
    let (status, confirmation) = s.place_order(&first, "camille.cadeau@exemple.fr").await;
    assert_eq!(status, 303);
    assert!(
        confirmation.contains("Merci pour votre commande"),
        "{confirmation}"
    );
    assert_eq!(s.stock(TAPIS).await, 0);
}

/// The gifts in a cart: (cart rule, product).
async fn cart_gifts(db: &SqlitePool, cart_id: i64) -> Vec<(i64, i64)> {
    rows_for(
        db,
        "SELECT cart_rule_id, product_id FROM cart_gift WHERE cart_id = ?",
        cart_id,
    )
    .await
}
