//! Products: the tabbed form, features, search aliases, customisation fields, packs, and the
//! logistician's refusal.

use super::*;
use crate::helpers::{column_for, row_for, rows_for};
use crate::helpers::{one, one_for, row};

#[tokio::test]
async fn a_new_product_is_completed_in_the_tabbed_form() {
    let s = Site::new().await;
    let (id, user) = (&s.id, &s.admin);
    let (product_path, pid, db) = a_product_is_created_offline(&s).await;
    let summary =
        bad_product_input_is_refused_then_the_tabs_are_saved(user, &product_path, pid, &db).await;
    combinations_are_generated_and_shown_on_the_storefront(
        id,
        user,
        &product_path,
        pid,
        &db,
        &summary,
    )
    .await;
}

async fn a_product_is_created_offline(s: &Site) -> (String, i64, SqlitePool) {
    let (id, user) = (s.id.as_str(), &s.admin);
    let base = format!("/s/{id}/admin/boutique/catalogue/produits");

    let list = user.get_ok(&base).await;
    list.shows("Drap housse en lin lavé");
    assert!(
        list.body.contains("74,17\u{a0}€") || list.body.contains("74,17 €"),
        "price HT shown"
    );

    let (created, form) = user
        .post(
            &format!("{base}/nouveau"),
            &[("name", "Housse de coussin Sauge")],
        )
        .await;
    assert_eq!(created.status, 303);
    let product_path = created.location.clone().unwrap();
    let pid: i64 = product_path.rsplit('/').next().unwrap().parse().unwrap();
    form.shows("Produit créé hors ligne");
    for tab in [
        "Essentiel",
        "Déclinaisons",
        "Stocks",
        "Prix",
        "Référencement SEO",
        "Options",
    ] {
        assert!(form.body.contains(tab), "tab {tab}");
    }
    let db = s.db.clone();
    assert_eq!(
        last_journal(&db, "product").await.1,
        "Produit « Housse de coussin Sauge » créé (hors ligne)"
    );

    (product_path, pid, db)
}

async fn bad_product_input_is_refused_then_the_tabs_are_saved(
    user: &Shopper,
    product_path: &str,
    pid: i64,
    db: &SqlitePool,
) -> String {
    // Bad input: a clear message next to the form, nothing changed.
    let bad = product_form("Housse de coussin Sauge", "quarante", "12");
    user.refused(
        product_path,
        &bad,
        "Le prix HT doit être un montant en euros",
    )
    .await;
    let price: i64 = one_for(db, "SELECT price_ht_cents FROM product WHERE id = ?", pid).await;
    assert_eq!(price, 0);

    let good = product_form(
        "Housse de coussin Sauge <script>alert(1)</script>",
        "41,58",
        "12",
    );
    let page = user.post_shows(product_path, &good, "enregistré").await;
    assert!(
        !page.body.contains("<script>alert(1)</script>"),
        "hostile name comes out inert"
    );
    assert!(
        page.body.contains("49,90"),
        "TTC shown from HT 41,58 with 20 % VAT"
    );
    assert!(
        page.body.contains("Analyse SEO"),
        "the SEO traffic light of the product"
    );
    assert!(
        page.body.contains("niveau-good"),
        "some SEO rules pass once the fields are filled"
    );
    let row: (i64, i64, i64, String, String) = row_for(
        db,
        "SELECT price_ht_cents, quantity, active, slug, meta_description FROM product WHERE id = ?",
        pid,
    )
    .await;
    assert_eq!(row.0, 4158);
    assert_eq!(row.1, 12);
    assert_eq!(row.2, 1);
    assert_eq!(row.3, "housse-coussin-lin-sauge");
    let categories: Vec<i64> = column_for(
        db,
        "SELECT category_id FROM product_category WHERE product_id = ? ORDER BY 1",
        pid,
    )
    .await;
    assert_eq!(categories, vec![13, 14]);
    let (action, summary) = last_journal(db, "product").await;
    assert_eq!(action, "update");
    summary
}

async fn combinations_are_generated_and_shown_on_the_storefront(
    id: &str,
    user: &Shopper,
    product_path: &str,
    pid: i64,
    db: &SqlitePool,
    summary: &str,
) {
    assert!(
        summary.contains("prix HT 0,00\u{a0}€ → 41,58\u{a0}€"),
        "{summary}"
    );
    assert!(
        summary.contains("stock 0 → 12")
            && summary.contains("mis en ligne")
            && summary.contains("référencement SEO"),
        "{summary}"
    );

    // Combinations: 2 sizes × 2 colours = 4, generated once.
    let page = user
        .post_shows(
            &format!("{product_path}/declinaisons"),
            "attributes=12&attributes=13&attributes=18&attributes=19",
            "4 déclinaison(s) créée(s)",
        )
        .await;
    page.shows("50 x 70 cm – Blanc");
    let count: i64 = one_for(
        db,
        "SELECT COUNT(*) FROM combination WHERE product_id = ?",
        pid,
    )
    .await;
    assert_eq!(count, 4);
    assert!(
        last_journal(db, "product")
            .await
            .1
            .starts_with("4 déclinaison(s) créée(s) pour « Housse de coussin Sauge")
    );
    let (_, again) = user
        .post(
            &format!("{product_path}/declinaisons"),
            "attributes=12&attributes=18",
        )
        .await;
    again.shows("Ces déclinaisons existent déjà");

    // The storefront shows the completed product.
    let shop = user
        .get_ok(&format!("/s/{id}/produit/housse-coussin-lin-sauge"))
        .await;
    shop.shows("49,90");
}

#[tokio::test]
async fn a_logistician_may_not_create_products_and_gets_a_french_refusal() {
    let s = Site::signed_in(LOGISTICIAN_EMAIL).await;
    let (t, id, user) = (&s.t, &s.id, &s.admin);
    let list = user
        .get(&format!("/s/{id}/admin/boutique/catalogue/produits"))
        .await;
    assert_eq!(list.status, 200, "the Logisticien may view the catalogue");
    let (refused, _) = user
        .post(
            &format!("/s/{id}/admin/boutique/catalogue/produits/nouveau"),
            &[("name", "Produit pirate")],
        )
        .await;
    assert_eq!(refused.status, 403);
    refused.shows("Accès refusé").shows("ne permet pas");
    let db = t.open(id.parse().unwrap()).await;
    let n: i64 = one(
        &db,
        "SELECT COUNT(*) FROM product WHERE name = 'Produit pirate'",
    )
    .await;
    assert_eq!(n, 0);
}

#[tokio::test]
async fn product_features_are_filled_in_their_tab_and_an_empty_value_removes_one() {
    let s = Site::new().await;
    let (t, id, user) = (&s.t, &s.id, &s.admin);
    let (product_path, pid, form) = s.new_product("Housse de coussin Sauge").await;
    form.shows("Caractéristiques");
    assert!(form.body.contains("name=\"feature_1\""), "Matière field");
    form.shows("Grammage");

    let mut fields = product_form("Housse de coussin Sauge", "41,58", "12");
    fields.push(("feature_1", "100 % lin lavé <b>épais</b>"));
    fields.push(("feature_4", "165 g/m²"));
    fields.push(("feature_2", ""));
    let page = user.post_ok(&product_path, &fields).await;
    assert!(
        page.body.contains("value=\"165 g&#x2F;m²\""),
        "value shown back in the form"
    );
    assert!(
        page.body
            .contains("100 % lin lavé &lt;b&gt;épais&lt;&#x2F;b&gt;")
            || page
                .body
                .contains("100 % lin lavé &lt;b&gt;épais&lt;/b&gt;"),
        "hostile markup comes out inert"
    );
    let db = t.open(id.parse().unwrap()).await;
    let rows: Vec<(i64, String)> = rows_for(
        &db,
        "SELECT feature_id, value FROM product_feature WHERE product_id = ? ORDER BY feature_id",
        pid,
    )
    .await;
    assert_eq!(
        rows,
        vec![
            (1, "100 % lin lavé <b>épais</b>".to_owned()),
            (4, "165 g/m²".to_owned())
        ]
    );
    let (_, summary) = last_journal(&db, "product").await;
    assert!(summary.contains("caractéristiques"), "{summary}");

    // Emptying a value removes that feature only.
    let mut fields = product_form("Housse de coussin Sauge", "41,58", "12");
    fields.push(("feature_1", "100 % lin lavé <b>épais</b>"));
    fields.push(("feature_4", ""));
    user.post_ok(&product_path, &fields).await;
    let left: Vec<i64> = column_for(
        &db,
        "SELECT feature_id FROM product_feature WHERE product_id = ?",
        pid,
    )
    .await;
    assert_eq!(left, vec![1]);
    assert_eq!(
        last_journal(&db, "product").await.1,
        "Produit « Housse de coussin Sauge » modifié : caractéristiques"
    );
}

#[tokio::test]
async fn a_search_alias_is_added_then_removed() {
    let s = Site::new().await;
    let (t, id, user) = (&s.t, &s.id, &s.admin);
    let base = format!("/s/{id}/admin/boutique/catalogue/attributs");
    let db = t.open(id.parse().unwrap()).await;
    let page = user.get(&base).await;
    page.shows("Ajouter un alias");

    for (form, message) in [
        ("alias=Drap&search=draps", "alias « drap » existe déjà."),
        (
            "alias= Plaid &search=couverture",
            "Alias de recherche ajouté.",
        ),
    ] {
        user.post_shows(&format!("{base}/alias/nouveau"), form, message)
            .await;
    }
    let aid: i64 = one(
        &db,
        "SELECT id FROM search_alias WHERE alias = 'plaid' AND search = 'couverture'",
    )
    .await;
    assert_eq!(
        last_journal(&db, "search_alias").await.1,
        "Alias de recherche « plaid » → « couverture » créé"
    );

    user.post_shows(
        &format!("{base}/alias/{aid}/supprimer"),
        "",
        "Alias de recherche supprimé.",
    )
    .await;
    let left: i64 = one_for(&db, "SELECT COUNT(*) FROM search_alias WHERE id = ?", aid).await;
    assert_eq!(left, 0);
    assert_eq!(
        last_journal(&db, "search_alias").await,
        (
            "delete".to_owned(),
            "Alias de recherche « plaid » supprimé".to_owned()
        )
    );
}

#[tokio::test]
async fn a_customisation_field_is_added_to_a_product_then_removed() {
    let s = Site::new().await;
    let (t, id, user) = (&s.t, &s.id, &s.admin);
    let product = format!("/s/{id}/admin/boutique/catalogue/produits/6");
    let db = t.open(id.parse().unwrap()).await;
    user.get(&product).await.shows("Personnalisation");

    user.post_shows(
        &format!("{product}/personnalisation/nouveau"),
        "cf_label= &cf_kind=text",
        "de 2 à 120 caractères",
    )
    .await;

    let page = user
        .post_shows(
            &format!("{product}/personnalisation/nouveau"),
            "cf_label=Prénom à broder <script>x</script>&cf_kind=text&cf_required=1",
            "Champ de personnalisation ajouté.",
        )
        .await;
    assert!(!page.body.contains("<script>x</script>"), "inert");
    let (fid, kind, required): (i64, String, i64) = row(&db, "SELECT id, kind, required FROM customization_field WHERE product_id = 6 ORDER BY id DESC LIMIT 1").await;
    assert_eq!((kind.as_str(), required), ("text", 1));
    let summary = last_journal(&db, "product").await.1;
    assert!(
        summary.starts_with(
            "Champ de personnalisation « Prénom à broder <script>x</script> » (texte, obligatoire) ajouté à « "
        ),
        "{summary}"
    );

    user.post_shows(
        &format!("{product}/personnalisation/{fid}/supprimer"),
        "",
        "Champ de personnalisation retiré.",
    )
    .await;
    let left: i64 = one_for(
        &db,
        "SELECT COUNT(*) FROM customization_field WHERE id = ?",
        fid,
    )
    .await;
    assert_eq!(left, 0);
    assert!(
        last_journal(&db, "product")
            .await
            .1
            .contains("retiré de « ")
    );
}

#[tokio::test]
async fn a_product_becomes_a_pack_with_its_contents_then_a_simple_product_again() {
    let s = Site::new().await;
    let (t, id, user) = (&s.t, &s.id, &s.admin);
    let with_combinations = format!("/s/{id}/admin/boutique/catalogue/produits/6");
    user.post_shows(
        &format!("{with_combinations}/pack/nouveau"),
        "pack_product=1&pack_quantity=1",
        "Un produit avec déclinaisons ne peut pas devenir un pack.",
    )
    .await;
    let product = format!("/s/{id}/admin/boutique/catalogue/produits/10");
    let db = t.open(id.parse().unwrap()).await;
    user.get(&product)
        .await
        .shows("Ce produit n'est pas un pack.");

    for (form, message) in [
        (
            "pack_product=51&pack_quantity=1",
            "Un pack ne peut pas contenir un autre pack.",
        ),
        (
            "pack_product=1&pack_quantity=2",
            "Contenu du pack enregistré.",
        ),
    ] {
        user.post_shows(&format!("{product}/pack/nouveau"), form, message)
            .await;
    }
    let (is_pack, qty): (i64, i64) = row(&db, "SELECT p.is_pack, i.quantity FROM product p JOIN pack_item i ON i.pack_id = p.id WHERE p.id = 10 AND i.product_id = 1").await;
    assert_eq!((is_pack, qty), (1, 2));
    let (action, summary) = last_journal(&db, "product").await;
    assert_eq!(action, "pack");
    assert!(summary.contains(" : 2 × « "), "{summary}");

    user.post_shows(
        &format!("{product}/pack/1/supprimer"),
        "",
        "Produit retiré du pack.",
    )
    .await;
    let is_pack: i64 = one(&db, "SELECT is_pack FROM product WHERE id = 10").await;
    assert_eq!(is_pack, 0);
    assert!(
        last_journal(&db, "product")
            .await
            .1
            .contains("retiré du pack")
    );
}

/// A product out of stock that refuses orders shows its back-in-stock date (Stocks › Date de
/// disponibilité) beside "Rupture de stock", as PrestaShop does.
#[tokio::test]
async fn an_out_of_stock_product_shows_when_it_is_back() {
    let s = Site::new().await;
    let (id, slug): (i64, String) = row(
        &s.db,
        "SELECT id, slug FROM product WHERE id NOT IN (SELECT product_id FROM combination) ORDER BY id LIMIT 1",
    )
    .await;
    let mut fields: Vec<(String, String)> = s
        .product_fields(id)
        .await
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "quantity" | "out_of_stock" | "available_date"))
        .collect();
    fields.extend([
        ("quantity".to_owned(), "0".to_owned()),
        ("out_of_stock".to_owned(), "deny".to_owned()),
        ("available_date".to_owned(), "2099-03-15".to_owned()),
    ]);
    let (saved, _) = s.save_product(id, &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    s.visitor(&format!("/produit/{slug}"))
        .await
        .shows("Rupture de stock – de retour le 15 mars 2099");
}
