//! Specific prices (per product, group, customer, combination, quantity) and catalogue rules,
//! with what the storefront and the cart charge.

use super::*;
use crate::helpers::row_for;
use crate::helpers::{one, one_for, row};

#[tokio::test]
async fn a_catalogue_rule_on_a_category_crosses_out_its_prices_in_the_storefront() {
    let s = Site::new().await;
    let (id, db, user) = (&s.id, &s.db, &s.admin);
    let (slug, ht, rate): (String, i64, f64) = row(db, "SELECT p.slug, p.price_ht_cents, t.rate FROM product p JOIN tax_rule t ON t.id = p.tax_rule_id WHERE p.id = 36").await;
    let before = user.get(&format!("/s/{id}/produit/{slug}")).await;
    before.lacks("Promo");
    let today = e5_domain::paris_now().day();
    let form = |value: &'static str| {
        vec![
            ("name", "Soirées d'hiver : plaids −20 %"),
            ("category_id", "15"),
            ("brand_id", ""),
            ("customer_group_id", ""),
            ("kind", "percent"),
            ("value", value),
            ("starts_on", today.as_str()),
            ("ends_on", "2099-01-31"),
        ]
    };
    let (_, page) = user
        .post(
            &format!("/s/{id}/admin/boutique/catalogue/reductions/catalogue/nouveau"),
            &form(""),
        )
        .await;
    assert!(
        page.body.contains("La règle n&#x27;a pas été créée")
            || page.body.contains("La règle n'a pas été créée")
    );
    user.post_shows(
        &format!("/s/{id}/admin/boutique/catalogue/reductions/catalogue/nouveau"),
        &form("20"),
        "Soirées d",
    )
    .await;
    let (_, summary) = last_journal(db, "catalog_rule").await;
    assert!(summary.starts_with("Règle de prix catalogue « Soirées d'hiver : plaids −20 % » créée (−20\u{a0}%, catégorie Plaids, du "), "{summary}");
    let regular = (ht as f64 * (1.0 + rate / 100.0)).round() as i64;
    let discounted = regular - (regular as f64 * 0.2).round() as i64;
    let after = user.get(&format!("/s/{id}/produit/{slug}")).await;
    assert!(after.body.contains("Promo"), "the Promo badge");
    assert!(
        after.body.contains(&euros(regular)) && after.body.contains(&euros(discounted)),
        "{} crossed out, {} now",
        euros(regular),
        euros(discounted)
    );
}

/// A catalogue rule without an end date, as PrestaShop allows: saved open-ended, listed
/// "sans fin", journalled as such, and applied in the storefront.
#[tokio::test]
async fn a_catalogue_rule_without_an_end_date_runs_until_removed() {
    let s = Site::new().await;
    let today = e5_domain::paris_now().day();
    let new = s.admin_path("/catalogue/reductions/catalogue/nouveau");
    let form = [
        ("name", "Plaids toute l'année"),
        ("category_id", "15"),
        ("brand_id", ""),
        ("customer_group_id", ""),
        ("kind", "percent"),
        ("value", "10"),
        ("starts_on", today.as_str()),
        ("ends_on", ""),
    ];
    s.admin.post_ok(&new, &form[..]).await;
    let ends: Option<String> = one(
        &s.db,
        "SELECT ends_at FROM catalog_rule WHERE name = 'Plaids toute l''année'",
    )
    .await;
    assert_eq!(ends, None);
    let (_, summary) = last_journal(&s.db, "catalog_rule").await;
    assert!(summary.ends_with("sans fin)"), "{summary}");
    s.admin
        .get_ok(&s.admin_path("/catalogue/reductions"))
        .await
        .shows("sans fin");
    let slug: String = one(&s.db, "SELECT slug FROM product WHERE id = 36").await;
    s.visitor(&format!("/produit/{slug}")).await.shows("Promo");
}

#[tokio::test]
async fn a_specific_price_is_added_to_a_product_then_removed() {
    let s = Site::new().await;
    let user = &s.admin;
    let (product, db, before) = a_specific_price_is_added(&s).await;
    the_specific_price_is_removed(user, &product, &db, before).await;
}

async fn a_specific_price_is_added(s: &Site) -> (String, SqlitePool, i64) {
    let (id, user) = (s.id.as_str(), &s.admin);
    let product = format!("/s/{id}/admin/boutique/catalogue/produits/6");
    let db = s.db.clone();
    let form = user.get(&product).await;
    form.shows("Ajouter un prix spécifique");
    let before = specific_prices_of_6(&db).await;

    // Bad input: a clear message, nothing written.
    for (form, message) in [
        (
            "sp_kind=percent&sp_value=150&sp_from_quantity=1",
            "Prix spécifique non ajouté",
        ),
        (
            "sp_kind=amount&sp_value=5,00&sp_from_quantity=1&sp_starts_on=2026-12-31&sp_ends_on=2026-12-01",
            "La date de fin doit suivre la date de début.",
        ),
    ] {
        user.post_shows(
            &format!("{product}/prix-specifiques/nouveau"),
            form,
            message,
        )
        .await;
    }
    assert_eq!(specific_prices_of_6(&db).await, before);

    user.post_shows(
        &format!("{product}/prix-specifiques/nouveau"),
        "sp_group=3&sp_kind=amount&sp_value=5,00&sp_from_quantity=2&sp_starts_on=2026-12-01&sp_ends_on=2026-12-31",
        "Prix spécifique ajouté.",
    )
    .await;
    (product, db, before)
}

async fn the_specific_price_is_removed(
    user: &Shopper,
    product: &str,
    db: &SqlitePool,
    before: i64,
) {
    let (sid, group, qty, cents, ends): (i64, Option<i64>, i64, i64, Option<String>) = row(db, "SELECT id, customer_group_id, from_quantity, reduction_cents, ends_at FROM specific_price WHERE product_id = 6 ORDER BY id DESC LIMIT 1").await;
    assert_eq!((group, qty, cents), (Some(3), 2, 500));
    assert_eq!(ends.as_deref(), Some("2026-12-31 23:59:59"));
    let (action, summary) = last_journal(db, "product").await;
    assert_eq!(action, "specific_price");
    assert!(
        summary.starts_with("Prix spécifique ajouté à « "),
        "{summary}"
    );
    assert!(
        summary.contains("dès 2 unité(s), du 01/12/2026 au 31/12/2026"),
        "{summary}"
    );

    user.post_shows(
        &format!("{product}/prix-specifiques/{sid}/supprimer"),
        "",
        "Prix spécifique supprimé.",
    )
    .await;
    assert_eq!(specific_prices_of_6(db).await, before);
    assert!(
        last_journal(db, "product")
            .await
            .1
            .starts_with(&format!("Prix spécifique n° {sid} supprimé"))
    );
}

#[tokio::test]
async fn a_specific_price_for_a_group_or_a_customer_is_seen_only_by_them_and_is_editable() {
    let s = Site::new().await;
    let (product, name, slug, regular, fifteen, prices, sid) =
        a_group_price_is_seen_by_the_group_only(&s).await;
    the_edit_form_opens_with_the_values_changing(&s, &slug, product, &name, fifteen, &prices, sid)
        .await;
    restricted_to_one_customer_chosen_by_name(&s, &slug, regular, &prices, sid).await;
    an_unknown_customer_a_french_message_nothing_changed(&s, &prices, sid).await;
}

async fn a_group_price_is_seen_by_the_group_only(
    s: &Site,
) -> (i64, String, String, i64, i64, String, i64) {
    let (product, name, slug, ht) = s.plain_product(0).await;
    let regular = ttc(ht);
    let fifteen = unit_price(ht, 20.0, &[Reduction::Percent(15.0)], 0.0).ttc;
    let prices = s.admin_path(&format!("/catalogue/produits/{product}/prix-specifiques"));

    // −15 % for the group "Client" (3).
    let page = s.admin.post_ok(
            &format!("{prices}/nouveau"),
            "sp_combination=&sp_group=3&sp_customer=&sp_from_quantity=1&sp_kind=percent&sp_value=15&sp_starts_on=&sp_ends_on=",
        ).await;
    page.shows("Prix spécifique ajouté.").shows("Groupe Client");
    let sid: i64 = one_for(
        &s.db,
        "SELECT id FROM specific_price WHERE product_id = ? AND customer_group_id = 3",
        product,
    )
    .await;
    assert!(s.last_summary().await.starts_with(&format!(
        "Prix spécifique ajouté à « {name} » : −15 % pour le groupe Client"
    )));

    let camille = s.customer(CAMILLE).await;
    let visitor = s.app.shopper();
    let seen = product_page_of(s, &slug, s.customer(CAMILLE).await).await;
    assert!(
        seen.contains(&money(fifteen)),
        "Camille (group Client) sees −15 %"
    );
    assert!(
        product_page_of(s, &slug, s.app.shopper())
            .await
            .contains(&money(regular))
    );
    assert!(
        !product_page_of(s, &slug, s.app.shopper())
            .await
            .contains(&money(fifteen)),
        "a visitor does not"
    );
    let cart = s.add_to_cart(&camille, product, None, 1).await;
    assert!(cart.body.contains(&money(fifteen)), "the cart charges it");
    let cart = s.add_to_cart(&visitor, product, None, 1).await;
    assert!(!cart.body.contains(&money(fifteen)));

    (product, name, slug, regular, fifteen, prices, sid)
}

async fn the_edit_form_opens_with_the_values_changing(
    s: &Site,
    slug: &str,
    product: i64,
    name: &str,
    fifteen: i64,
    prices: &str,
    sid: i64,
) {
    // The edit form opens with the values; changing the group is journaled.
    let edit = s
        .admin
        .get(&s.admin_path(&format!(
            "/catalogue/produits/{product}?prix_specifique={sid}"
        )))
        .await;
    edit.shows("Modifier le prix spécifique")
        .shows(&format!("prix-specifiques/{sid}\""));
    let page = s.admin.post_ok(
            &format!("{prices}/{sid}"),
            "sp_combination=&sp_group=4&sp_customer=&sp_from_quantity=1&sp_kind=percent&sp_value=15&sp_starts_on=2026-01-01&sp_ends_on=2099-12-31",
        ).await;
    page.shows("Prix spécifique modifié.");
    let group: Option<i64> = one_for(
        &s.db,
        "SELECT customer_group_id FROM specific_price WHERE id = ?",
        sid,
    )
    .await;
    assert_eq!(group, Some(4));
    let journal = s.last_summary().await;
    assert!(
        journal.starts_with(&format!(
            "Prix spécifique du produit « {name} » modifié : −15 % pour le groupe Professionnels"
        )),
        "{journal}"
    );
    assert!(
        !product_page_of(s, slug, s.customer(CAMILLE).await)
            .await
            .contains(&money(fifteen)),
        "Camille no longer gets it"
    );
}

async fn restricted_to_one_customer_chosen_by_name(
    s: &Site,
    slug: &str,
    regular: i64,
    prices: &str,
    sid: i64,
) {
    // Restricted to one customer, chosen by name and e-mail from the list.
    s.admin.post_ok(
            &format!("{prices}/{sid}"),
            "sp_combination=&sp_group=&sp_customer=Camille Martin <camille.martin@exemple.fr>&sp_from_quantity=1&sp_kind=amount&sp_value=5,00&sp_starts_on=&sp_ends_on=",
        ).await;
    let (customer, cents): (Option<i64>, i64) = row_for(
        &s.db,
        "SELECT customer_id, reduction_cents FROM specific_price WHERE id = ?",
        sid,
    )
    .await;
    assert_eq!((customer, cents), (Some(1), 500));
    assert!(s.last_summary().await.contains("−5,00"));
    assert!(
        s.last_summary()
            .await
            .contains("pour le client Camille Martin (camille.martin@exemple.fr)")
    );
    assert!(
        product_page_of(s, slug, s.customer(CAMILLE).await)
            .await
            .contains(&money(regular - 500))
    );
    assert!(
        !product_page_of(s, slug, s.customer(SOPHIE).await)
            .await
            .contains(&money(regular - 500))
    );
}

async fn an_unknown_customer_a_french_message_nothing_changed(s: &Site, prices: &str, sid: i64) {
    // An unknown customer: a French message, nothing changed.
    let rows = s.journal_count().await;
    let page = s.admin.post_ok(
            &format!("{prices}/{sid}"),
            "sp_group=&sp_customer=personne@nulle.part&sp_from_quantity=1&sp_kind=percent&sp_value=10",
        ).await;
    page.shows("Prix spécifique non modifié : aucun client ne correspond");
    assert_eq!(s.journal_count().await, rows);
    let still: i64 = one_for(
        &s.db,
        "SELECT reduction_cents FROM specific_price WHERE id = ?",
        sid,
    )
    .await;
    assert_eq!(still, 500);
}

#[tokio::test]
async fn a_combination_price_and_a_quantity_price_apply_only_where_they_should() {
    let s = Site::new().await;
    product_1_has_four_sizes_the_160_200(&s).await;
    step_10_from_3_units_of_a_plain_product(&s).await;
}

async fn product_1_has_four_sizes_the_160_200(s: &Site) {
    // Product 1 has four sizes; the 160 × 200 one (combination 3) gets −20 %.
    let (ht, slug): (i64, String) = row(
        &s.db,
        "SELECT price_ht_cents, slug FROM product WHERE id = 1",
    )
    .await;
    let impact = |c: i64| {
        let db = s.db.clone();
        async move {
            one_for::<i64, _>(
                &db,
                "SELECT price_impact_cents FROM combination WHERE id = ?",
                c,
            )
            .await
        }
    };
    let big = unit_price(ht + impact(3).await, 20.0, &[Reduction::Percent(20.0)], 0.0);
    let default_price = ttc(ht + impact(2).await);
    s.admin.post_ok(
            &s.admin_path("/catalogue/produits/1/prix-specifiques/nouveau"),
            "sp_combination=3&sp_group=&sp_customer=&sp_from_quantity=1&sp_kind=percent&sp_value=20",
        ).await;
    assert!(s.last_summary().await.contains("déclinaison"));
    let product_page = s.visitor(&format!("/produit/{slug}")).await;
    assert!(product_page.body.contains(&money(default_price)));
    let visitor = s.app.shopper();
    let cart = s.add_to_cart(&visitor, 1, Some(3), 1).await;
    assert!(
        cart.body.contains(&money(big.ttc)),
        "the 160 × 200 is −20 %"
    );
    assert!(
        cart.body.contains(&money(big.regular_ttc)),
        "its regular price crossed out"
    );
    let other = s.app.shopper();
    let cart = s.add_to_cart(&other, 1, Some(2), 1).await;
    assert!(cart.body.contains(&money(default_price)));
    assert!(!cart.body.contains(&money(big.ttc)), "not on the 140 × 190");
}

async fn step_10_from_3_units_of_a_plain_product(s: &Site) {
    // −10 % from 3 units of a plain product: 2 in the cart pay the regular price, 3 do not.
    let (product, _, _, pht) = s.plain_product(0).await;
    s.admin
        .post_ok(
            &s.admin_path(&format!(
                "/catalogue/produits/{product}/prix-specifiques/nouveau"
            )),
            "sp_group=&sp_customer=&sp_from_quantity=3&sp_kind=percent&sp_value=10",
        )
        .await;
    assert!(s.last_summary().await.contains("dès 3 unité(s)"));
    let bulk = unit_price(pht, 20.0, &[Reduction::Percent(10.0)], 0.0).ttc;
    // The product page lists it, as PrestaShop's "Remises sur quantité".
    let (pslug,): (String,) =
        row_for(&s.db, "SELECT slug FROM product WHERE id = ?", product).await;
    let page = s.visitor(&format!("/produit/{pslug}")).await;
    let table = page
        .body
        .find("Remises sur quantité")
        .expect("quantity prices shown");
    assert!(page.body[table..].contains(&format!("À partir de 3</td><td>{}", money(bulk))));
    let buyer = s.app.shopper();
    let cart = s.add_to_cart(&buyer, product, None, 2).await;
    assert!(
        cart.body.contains(&money(ttc(pht) * 2)),
        "2 units at the regular price"
    );
    assert!(!cart.body.contains(&money(bulk)));
    let cart = s.add_to_cart(&buyer, product, None, 1).await;
    assert!(
        cart.body.contains(&money(bulk * 3)),
        "3 units at −10 %: {} in {}",
        money(bulk * 3),
        &cart.body[cart.body.find("lignes-panier").unwrap_or(0)..]
            [..3000.min(cart.body.len() - cart.body.find("lignes-panier").unwrap_or(0))]
    );
}

async fn specific_prices_of_6(db: &SqlitePool) -> i64 {
    one(
        db,
        "SELECT COUNT(*) FROM specific_price WHERE product_id = 6",
    )
    .await
}

/// The product page `slug` as `who` sees it.
async fn product_page_of(s: &Site, slug: &str, who: Shopper) -> String {
    who.get(&s.shop(&format!("/produit/{slug}"))).await.body
}
