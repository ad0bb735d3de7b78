//! The catalogue of the shop back-office, issue 5: rich-text product descriptions, editable
//! and restricted specific prices (and what the storefront and cart charge), the cover image,
//! automatic gifts, and the settings of the review, sharing and featured-product modules.
//! Each test checks what the user sees, the rows written and the journal row.

use e5_domain::Money;
use e5_shop::pricing::{Reduction, unit_price};
use serde_json::json;
use sqlx::SqlitePool;

use crate::browser;
use crate::helpers::{Page, Shopper, TestApp, TestData};

const ADMIN_EMAIL: &str = "helene.guerin@toiles-de-loire.fr";
const PASSWORD: &str = "demo-e5-2027";
/// Camille Martin, group "Client" (3), password client-demo.
const CAMILLE: &str = "camille.martin@exemple.fr";
/// Sophie Bertin, group "Professionnels" (4), password client-demo.
const SOPHIE: &str = "sophie.bertin@courriel.fr";

struct Site {
    /// Keeps the temporary data folder alive as long as the site.
    _data: TestData,
    app: TestApp,
    id: String,
    db: SqlitePool,
    admin: Shopper,
}

impl Site {
    async fn new() -> Site {
        let t = TestData::new().await;
        let sandbox = t.sandbox();
        let id = sandbox.to_string();
        let app = TestApp::spawn(&t.data).await;
        let admin = app.shopper();
        let (ok, _) = admin
            .post(
                &format!("/s/{id}/admin/connexion"),
                &[("email", ADMIN_EMAIL), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(ok.status, 303, "the administrator signs in");
        let db = t.open(sandbox).await;
        Site {
            _data: t,
            app,
            id,
            db,
            admin,
        }
    }

    fn admin_path(&self, path: &str) -> String {
        format!("/s/{}/admin/boutique{path}", self.id)
    }

    fn shop(&self, path: &str) -> String {
        format!("/s/{}{path}", self.id)
    }

    async fn customer(&self, email: &str) -> Shopper {
        let c = self.app.shopper();
        let (ok, _) = c
            .post(
                &self.shop("/compte/connexion"),
                &[("email", email), ("password", "client-demo")],
            )
            .await;
        assert_eq!(ok.status, 303, "{email} logs in");
        c
    }

    async fn last_journal(&self) -> String {
        sqlx::query_scalar("SELECT summary FROM journal ORDER BY id DESC LIMIT 1")
            .fetch_one(&self.db)
            .await
            .unwrap()
    }

    async fn journal_count(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM journal")
            .fetch_one(&self.db)
            .await
            .unwrap()
    }

    /// The product form as the browser sends it, filled with the product's stored values.
    async fn product_fields(&self, id: i64) -> Vec<(String, String)> {
        #[derive(sqlx::FromRow)]
        struct Row {
            reference: String,
            name: String,
            slug: String,
            summary: String,
            description: String,
            category_id: i64,
            brand_id: Option<i64>,
            tax_rule_id: i64,
            price_ht_cents: i64,
            wholesale_price_cents: i64,
            quantity: i64,
            low_stock_threshold: i64,
            out_of_stock: String,
            available_date: Option<String>,
            ean13: String,
            condition: String,
            active: i64,
            meta_title: String,
            meta_description: String,
            focus_keyword: String,
        }
        let r: Row = sqlx::query_as(
            "SELECT reference, name, slug, summary, description, category_id, brand_id, tax_rule_id, price_ht_cents,
                    wholesale_price_cents, quantity, low_stock_threshold, out_of_stock, available_date, ean13, condition,
                    active, meta_title, meta_description, focus_keyword FROM product WHERE id = ?",
        )
        .bind(id)
        .fetch_one(&self.db)
        .await
        .unwrap();
        let euros = |cents: i64| format!("{},{:02}", cents / 100, cents % 100);
        let mut f: Vec<(String, String)> = [
            ("reference", r.reference),
            ("name", r.name),
            ("slug", r.slug),
            ("summary", r.summary),
            ("description", r.description),
            ("category_id", r.category_id.to_string()),
            (
                "brand_id",
                r.brand_id.map(|b| b.to_string()).unwrap_or_default(),
            ),
            ("tax_rule_id", r.tax_rule_id.to_string()),
            ("price_ht", euros(r.price_ht_cents)),
            ("price_ttc", String::new()),
            ("wholesale_price", euros(r.wholesale_price_cents)),
            ("quantity", r.quantity.to_string()),
            ("low_stock_threshold", r.low_stock_threshold.to_string()),
            ("out_of_stock", r.out_of_stock),
            ("available_date", r.available_date.unwrap_or_default()),
            ("ean13", r.ean13),
            ("condition", r.condition),
            ("meta_title", r.meta_title),
            ("meta_description", r.meta_description),
            ("focus_keyword", r.focus_keyword),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        if r.active != 0 {
            f.push(("active".into(), "1".into()));
        }
        let categories: Vec<i64> =
            sqlx::query_scalar("SELECT category_id FROM product_category WHERE product_id = ?")
                .bind(id)
                .fetch_all(&self.db)
                .await
                .unwrap();
        for c in categories {
            f.push(("categories".into(), c.to_string()));
        }
        let accessories: Vec<i64> =
            sqlx::query_scalar("SELECT accessory_id FROM product_accessory WHERE product_id = ?")
                .bind(id)
                .fetch_all(&self.db)
                .await
                .unwrap();
        for a in accessories {
            f.push(("accessories".into(), a.to_string()));
        }
        let features: Vec<(i64, String)> =
            sqlx::query_as("SELECT feature_id, value FROM product_feature WHERE product_id = ?")
                .bind(id)
                .fetch_all(&self.db)
                .await
                .unwrap();
        for (feature, value) in features {
            f.push((format!("feature_{feature}"), value));
        }
        f
    }

    async fn save_product(&self, id: i64, fields: &[(String, String)]) -> (Page, Page) {
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.admin
            .post(
                &self.admin_path(&format!("/catalogue/produits/{id}")),
                &pairs,
            )
            .await
    }

    /// An online product without combinations nor any reduction today (no specific price,
    /// no catalogue rule on its categories or brand), so that its price is its regular one.
    async fn plain_product(&self, skip: i64) -> (i64, String, String, i64) {
        sqlx::query_as(
            "SELECT p.id, p.name, p.slug, p.price_ht_cents FROM product p WHERE p.active = 1 AND p.quantity > 20
               AND NOT EXISTS (SELECT 1 FROM combination c WHERE c.product_id = p.id)
               AND NOT EXISTS (SELECT 1 FROM specific_price s WHERE s.product_id = p.id)
               AND NOT EXISTS (SELECT 1 FROM catalog_rule r WHERE r.category_id IN (SELECT category_id FROM product_category WHERE product_id = p.id))
               AND p.tax_rule_id = (SELECT id FROM tax_rule WHERE rate = 20.0 LIMIT 1)
             ORDER BY p.id LIMIT 1 OFFSET ?",
        )
        .bind(skip)
        .fetch_one(&self.db)
        .await
        .unwrap()
    }

    async fn add_to_cart(
        &self,
        who: &Shopper,
        product: i64,
        combination: Option<i64>,
        quantity: i64,
    ) -> Page {
        let product = product.to_string();
        let combination = combination.map(|c| c.to_string()).unwrap_or_default();
        let quantity = quantity.to_string();
        let mut form = vec![
            ("product_id", product.as_str()),
            ("quantity", quantity.as_str()),
        ];
        if !combination.is_empty() {
            form.push(("combination_id", combination.as_str()));
        }
        let (added, _) = who.post(&self.shop("/panier/ajouter"), &form).await;
        assert_eq!(added.status, 303, "added to the cart");
        who.get(&self.shop("/panier")).await
    }
}

fn ttc(ht: i64) -> i64 {
    unit_price(ht, 20.0, &[], 0.0).ttc
}

fn money(cents: i64) -> String {
    Money(cents).to_string()
}

// ------------------------------------------------------------------ description and summary

#[tokio::test]
async fn the_description_is_edited_with_the_block_editor_and_shown_inert_on_the_storefront() {
    let s = Site::new().await;
    // A reference product: its plain-text description opens in the editor as paragraphs.
    let (first_words, slug): (String, String) =
        sqlx::query_as("SELECT substr(description, 1, 30), slug FROM product WHERE id = 1")
            .fetch_one(&s.db)
            .await
            .unwrap();
    let form = s.admin.get(&s.admin_path("/catalogue/produits/1")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("id=\"editeur-description\""));
    assert!(form.body.contains("id=\"editeur-summary\""));
    assert!(form.body.contains("/assets/vendor/editorjs.umd.js"));
    assert!(
        form.body.contains("name=\"description\""),
        "the textarea stays for a browser without JavaScript"
    );
    let start = form.body.find("id=\"blocs-description\">").unwrap();
    let opening = &form.body[start..start + 400];
    assert!(opening.contains("\"type\":\"paragraph\""), "{opening}");
    let escaped_start: String = first_words.chars().take(15).collect();
    assert!(
        opening.contains(&escaped_start.replace('\'', "\\u0027"))
            || opening.contains(&escaped_start),
        "the stored text is converted into blocks on load: {opening}"
    );

    // The editor posts blocks; hostile markup inside them must come out inert.
    let description = json!([
        {"type": "paragraph", "data": {"text": "Un drap housse en <b>lin lavé</b>, doux dès le premier jour.<script>alert('x')</script><img src=x onerror=alert(1)>"}},
        {"type": "header", "data": {"text": "Entretien", "level": 2}},
        {"type": "list", "data": {"style": "unordered", "items": [
            {"content": "Lavage à 40 °C", "items": [], "meta": {}},
            {"content": "<a href=\"javascript:alert(2)\">Séchage</a> à l'air libre", "items": [], "meta": {}}
        ]}},
        {"type": "quote", "data": {"text": "Le lin se transmet.", "caption": "L'atelier"}}
    ])
    .to_string();
    let summary = json!([{"type": "paragraph", "data": {"text": "Le drap housse <i>best-seller</i> de l'atelier."}}])
        .to_string();
    let mut fields = s.product_fields(1).await;
    fields.push(("description_blocks".into(), description.clone()));
    fields.push(("summary_blocks".into(), summary));
    let (saved, page) = s.save_product(1, &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(page.body.contains("enregistré"));
    let (text, blocks, summary_text): (String, String, String) =
        sqlx::query_as("SELECT description, description_blocks, summary FROM product WHERE id = 1")
            .fetch_one(&s.db)
            .await
            .unwrap();
    assert!(blocks.contains("\"type\":\"header\""), "{blocks}");
    assert!(
        text.starts_with("Un drap housse en lin lavé, doux dès le premier jour.")
            && text.contains("\n\nEntretien\n\nLavage à 40 °C\nSéchage à l'air libre"),
        "the plain text follows the blocks for searches and subject checks: {text:?}"
    );
    assert_eq!(summary_text, "Le drap housse best-seller de l'atelier.");
    let journal = s.last_journal().await;
    assert!(
        journal.starts_with("Produit « Drap housse en lin lavé — Écru » modifié")
            && journal.contains("résumé (")
            && journal.contains("description ("),
        "{journal}"
    );

    let shown = s
        .app
        .shopper()
        .get(&s.shop(&format!("/produit/{slug}")))
        .await;
    assert_eq!(shown.status, 200);
    assert!(shown.body.contains("<h2>Entretien</h2>"));
    assert!(shown.body.contains("<strong>lin lavé</strong>"));
    assert!(shown.body.contains("<li>Lavage à 40 °C</li>"));
    assert!(shown.body.contains("<em>best-seller</em>"));
    assert!(!shown.body.contains("<script>alert('x')"));
    assert!(!shown.body.contains("onerror=alert"));
    assert!(!shown.body.contains("javascript:alert"));

    // Bad editor content: a French message, nothing changed, nothing journaled.
    let journal_rows = s.journal_count().await;
    let mut bad = s.product_fields(1).await;
    bad.push(("description_blocks".into(), "{pas du json".into()));
    let (refused, _) = s.save_product(1, &bad).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("Description : Le contenu de l&#x27;éditeur est illisible")
            || refused
                .body
                .contains("Description : Le contenu de l'éditeur est illisible"),
        "{}",
        refused.body
    );
    let mut wrong_block = s.product_fields(1).await;
    wrong_block.push((
        "summary_blocks".into(),
        json!([{"type": "header", "data": {"text": "Titre", "level": 2}}]).to_string(),
    ));
    let (refused, _) = s.save_product(1, &wrong_block).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Résumé : le bloc n° 1"));
    assert_eq!(s.journal_count().await, journal_rows);
    let still: String = sqlx::query_scalar("SELECT description_blocks FROM product WHERE id = 1")
        .fetch_one(&s.db)
        .await
        .unwrap();
    assert_eq!(still, blocks);

    // Without JavaScript: the unchanged textarea keeps the blocks; an edited one replaces them.
    let fields = s.product_fields(1).await;
    let (saved, _) = s.save_product(1, &fields).await;
    assert_eq!(saved.status, 303);
    let kept: String = sqlx::query_scalar("SELECT description_blocks FROM product WHERE id = 1")
        .fetch_one(&s.db)
        .await
        .unwrap();
    assert_eq!(kept, blocks, "an unchanged textarea keeps the formatting");
    let mut plain = s.product_fields(1).await;
    for (k, v) in &mut plain {
        if k == "description" {
            *v = "Premier paragraphe <script>x</script>.\n\nSecond paragraphe.".into();
        }
    }
    let (saved, _) = s.save_product(1, &plain).await;
    assert_eq!(saved.status, 303);
    let (text, blocks): (String, String) =
        sqlx::query_as("SELECT description, description_blocks FROM product WHERE id = 1")
            .fetch_one(&s.db)
            .await
            .unwrap();
    assert_eq!(blocks, "");
    assert!(text.starts_with("Premier paragraphe"));
    let shown = s
        .app
        .shopper()
        .get(&s.shop(&format!("/produit/{slug}")))
        .await;
    assert!(
        shown
            .body
            .contains("<p>Premier paragraphe &lt;script&gt;x&lt;/script&gt;.</p>")
    );
    assert!(shown.body.contains("<p>Second paragraphe.</p>"));
}

// ------------------------------------------------------------------------ specific prices

#[tokio::test]
async fn a_specific_price_for_a_group_or_a_customer_is_seen_only_by_them_and_is_editable() {
    let s = Site::new().await;
    let (product, name, slug, ht) = s.plain_product(0).await;
    let regular = ttc(ht);
    let fifteen = unit_price(ht, 20.0, &[Reduction::Percent(15.0)], 0.0).ttc;
    let prices = s.admin_path(&format!("/catalogue/produits/{product}/prix-specifiques"));

    // −15 % for the group "Client" (3).
    let (added, page) = s
        .admin
        .post(
            &format!("{prices}/nouveau"),
            &[
                ("sp_combination", ""),
                ("sp_group", "3"),
                ("sp_customer", ""),
                ("sp_from_quantity", "1"),
                ("sp_kind", "percent"),
                ("sp_value", "15"),
                ("sp_starts_on", ""),
                ("sp_ends_on", ""),
            ],
        )
        .await;
    assert_eq!(added.status, 303);
    assert!(page.body.contains("Prix spécifique ajouté."));
    assert!(page.body.contains("Groupe Client"));
    let sid: i64 = sqlx::query_scalar(
        "SELECT id FROM specific_price WHERE product_id = ? AND customer_group_id = 3",
    )
    .bind(product)
    .fetch_one(&s.db)
    .await
    .unwrap();
    assert!(s.last_journal().await.starts_with(&format!(
        "Prix spécifique ajouté à « {name} » : −15 % pour le groupe Client"
    )));

    let page_of = |who: Shopper| {
        let path = s.shop(&format!("/produit/{slug}"));
        async move { who.get(&path).await.body }
    };
    let camille = s.customer(CAMILLE).await;
    let visitor = s.app.shopper();
    let seen = page_of(s.customer(CAMILLE).await).await;
    assert!(
        seen.contains(&money(fifteen)),
        "Camille (group Client) sees −15 %"
    );
    assert!(page_of(s.app.shopper()).await.contains(&money(regular)));
    assert!(
        !page_of(s.app.shopper()).await.contains(&money(fifteen)),
        "a visitor does not"
    );
    let cart = s.add_to_cart(&camille, product, None, 1).await;
    assert!(cart.body.contains(&money(fifteen)), "the cart charges it");
    let cart = s.add_to_cart(&visitor, product, None, 1).await;
    assert!(!cart.body.contains(&money(fifteen)));

    // The edit form opens with the values; changing the group is journaled.
    let edit = s
        .admin
        .get(&s.admin_path(&format!(
            "/catalogue/produits/{product}?prix_specifique={sid}"
        )))
        .await;
    assert!(edit.body.contains("Modifier le prix spécifique"));
    assert!(edit.body.contains(&format!("prix-specifiques/{sid}\"")));
    let (saved, page) = s
        .admin
        .post(
            &format!("{prices}/{sid}"),
            &[
                ("sp_combination", ""),
                ("sp_group", "4"),
                ("sp_customer", ""),
                ("sp_from_quantity", "1"),
                ("sp_kind", "percent"),
                ("sp_value", "15"),
                ("sp_starts_on", "2026-01-01"),
                ("sp_ends_on", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert!(page.body.contains("Prix spécifique modifié."));
    let group: Option<i64> =
        sqlx::query_scalar("SELECT customer_group_id FROM specific_price WHERE id = ?")
            .bind(sid)
            .fetch_one(&s.db)
            .await
            .unwrap();
    assert_eq!(group, Some(4));
    let journal = s.last_journal().await;
    assert!(
        journal.starts_with(&format!(
            "Prix spécifique du produit « {name} » modifié : −15 % pour le groupe Professionnels"
        )),
        "{journal}"
    );
    assert!(
        !page_of(s.customer(CAMILLE).await)
            .await
            .contains(&money(fifteen)),
        "Camille no longer gets it"
    );

    // Restricted to one customer, chosen by name and e-mail from the list.
    let (saved, _) = s
        .admin
        .post(
            &format!("{prices}/{sid}"),
            &[
                ("sp_combination", ""),
                ("sp_group", ""),
                ("sp_customer", "Camille Martin <camille.martin@exemple.fr>"),
                ("sp_from_quantity", "1"),
                ("sp_kind", "amount"),
                ("sp_value", "5,00"),
                ("sp_starts_on", ""),
                ("sp_ends_on", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    let (customer, cents): (Option<i64>, i64) =
        sqlx::query_as("SELECT customer_id, reduction_cents FROM specific_price WHERE id = ?")
            .bind(sid)
            .fetch_one(&s.db)
            .await
            .unwrap();
    assert_eq!((customer, cents), (Some(1), 500));
    assert!(s.last_journal().await.contains("−5,00"));
    assert!(
        s.last_journal()
            .await
            .contains("pour le client Camille Martin (camille.martin@exemple.fr)")
    );
    assert!(
        page_of(s.customer(CAMILLE).await)
            .await
            .contains(&money(regular - 500))
    );
    assert!(
        !page_of(s.customer(SOPHIE).await)
            .await
            .contains(&money(regular - 500))
    );

    // An unknown customer: a French message, nothing changed.
    let rows = s.journal_count().await;
    let (refused, page) = s
        .admin
        .post(
            &format!("{prices}/{sid}"),
            &[
                ("sp_group", ""),
                ("sp_customer", "personne@nulle.part"),
                ("sp_from_quantity", "1"),
                ("sp_kind", "percent"),
                ("sp_value", "10"),
            ],
        )
        .await;
    assert_eq!(refused.status, 303);
    assert!(
        page.body
            .contains("Prix spécifique non modifié : aucun client ne correspond")
    );
    assert_eq!(s.journal_count().await, rows);
    let still: i64 = sqlx::query_scalar("SELECT reduction_cents FROM specific_price WHERE id = ?")
        .bind(sid)
        .fetch_one(&s.db)
        .await
        .unwrap();
    assert_eq!(still, 500);
}

#[tokio::test]
async fn a_combination_price_and_a_quantity_price_apply_only_where_they_should() {
    let s = Site::new().await;
    // Product 1 has four sizes; the 160 × 200 one (combination 3) gets −20 %.
    let (ht, slug): (i64, String) =
        sqlx::query_as("SELECT price_ht_cents, slug FROM product WHERE id = 1")
            .fetch_one(&s.db)
            .await
            .unwrap();
    let impact = |c: i64| {
        let db = s.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT price_impact_cents FROM combination WHERE id = ?")
                .bind(c)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    let big = unit_price(ht + impact(3).await, 20.0, &[Reduction::Percent(20.0)], 0.0);
    let default_price = ttc(ht + impact(2).await);
    let (added, _) = s
        .admin
        .post(
            &s.admin_path("/catalogue/produits/1/prix-specifiques/nouveau"),
            &[
                ("sp_combination", "3"),
                ("sp_group", ""),
                ("sp_customer", ""),
                ("sp_from_quantity", "1"),
                ("sp_kind", "percent"),
                ("sp_value", "20"),
            ],
        )
        .await;
    assert_eq!(added.status, 303);
    assert!(s.last_journal().await.contains("déclinaison"));
    let product_page = s
        .app
        .shopper()
        .get(&s.shop(&format!("/produit/{slug}")))
        .await;
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

    // −10 % from 3 units of a plain product: 2 in the cart pay the regular price, 3 do not.
    let (product, _, _, pht) = s.plain_product(0).await;
    let (added, _) = s
        .admin
        .post(
            &s.admin_path(&format!(
                "/catalogue/produits/{product}/prix-specifiques/nouveau"
            )),
            &[
                ("sp_group", ""),
                ("sp_customer", ""),
                ("sp_from_quantity", "3"),
                ("sp_kind", "percent"),
                ("sp_value", "10"),
            ],
        )
        .await;
    assert_eq!(added.status, 303);
    assert!(s.last_journal().await.contains("dès 3 unité(s)"));
    let bulk = unit_price(pht, 20.0, &[Reduction::Percent(10.0)], 0.0).ttc;
    // The product page lists it, as PrestaShop's "Remises sur quantité".
    let (pslug,): (String,) = sqlx::query_as("SELECT slug FROM product WHERE id = ?")
        .bind(product)
        .fetch_one(&s.db)
        .await
        .unwrap();
    let page = s
        .app
        .shopper()
        .get(&s.shop(&format!("/produit/{pslug}")))
        .await;
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

// ------------------------------------------------------------------------------- cover

#[tokio::test]
async fn the_cover_is_chosen_among_the_images_and_shown_in_the_lists_and_the_storefront() {
    let s = Site::new().await;
    let (product, _, slug, _) = s.plain_product(1).await;
    let images: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM media WHERE mime LIKE 'image/%' AND id NOT IN (SELECT media_id FROM product_media WHERE product_id = ?) ORDER BY id LIMIT 2",
    )
    .bind(product)
    .fetch_all(&s.db)
    .await
    .unwrap();
    let gallery: Vec<i64> = sqlx::query_scalar(
        "SELECT media_id FROM product_media WHERE product_id = ? ORDER BY position",
    )
    .bind(product)
    .fetch_all(&s.db)
    .await
    .unwrap();
    // Star an image of the library (not yet in the gallery) as the cover, before saving.
    let form = s
        .admin
        .get(&s.admin_path(&format!("/catalogue/produits/{product}")))
        .await;
    assert!(
        form.body
            .contains(&format!("name=\"cover_media_id\" value=\"{}\"", images[0]))
    );
    let mut fields = s.product_fields(product).await;
    fields.push(("images_form".into(), "1".into()));
    for g in &gallery {
        fields.push(("gallery".into(), g.to_string()));
    }
    fields.push(("cover_media_id".into(), images[0].to_string()));
    let (saved, _) = s.save_product(product, &fields).await;
    assert_eq!(saved.status, 303);
    let (cover, in_gallery): (Option<i64>, i64) = sqlx::query_as(
        "SELECT cover_media_id, (SELECT COUNT(*) FROM product_media WHERE product_id = ?1 AND media_id = ?2) FROM product WHERE id = ?1",
    )
    .bind(product)
    .bind(images[0])
    .fetch_one(&s.db)
    .await
    .unwrap();
    assert_eq!((cover, in_gallery), (Some(images[0]), 1));
    assert!(s.last_journal().await.contains("image de couverture"));
    let list = s.admin.get(&s.admin_path("/catalogue/produits")).await;
    assert!(
        list.body
            .contains(&format!("/media/{}\" alt=\"\" width=\"45\"", images[0]))
    );
    let page = s
        .app
        .shopper()
        .get(&s.shop(&format!("/produit/{slug}")))
        .await;
    let main = page
        .body
        .find("class=\"image-principale\"")
        .expect("a main image");
    assert!(
        page.body[main..main + 120].contains(&format!("/media/{}\"", images[0])),
        "{}",
        &page.body[main..main + 120]
    );
}

// --------------------------------------------------------------------------- gift rules

#[tokio::test]
async fn an_automatic_gift_rule_puts_the_gift_in_the_cart_and_takes_it_out() {
    let s = Site::new().await;
    let (product, _, _, ht) = s.plain_product(0).await;
    let (gift, gift_name, _, _) = s.plain_product(2).await;
    let unit = ttc(ht);
    // Offered from three units of the product.
    let minimum = unit * 3 - 1;
    let minimum_text = format!("{},{:02}", minimum / 100, minimum % 100);
    let today = e5_domain::paris_now().day();
    let gift_text = gift.to_string();
    let (created, _) = s
        .admin
        .post(
            &s.admin_path("/catalogue/reductions/nouveau"),
            &[
                ("name", "Un cadeau dès trois articles"),
                ("code", ""),
                ("description", ""),
                ("starts_on", today.as_str()),
                ("ends_on", "2099-12-31"),
                ("minimum", minimum_text.as_str()),
                ("quantity", "100"),
                ("quantity_per_customer", "10"),
                ("combinable", "1"),
                ("active", "1"),
                ("priority", "1"),
                ("reduction", "none"),
                ("percent", ""),
                ("amount", ""),
                ("reduction_product_id", ""),
                ("gift_product_id", gift_text.as_str()),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let rule: i64 =
        sqlx::query_scalar("SELECT id FROM cart_rule WHERE name = 'Un cadeau dès trois articles'")
            .fetch_one(&s.db)
            .await
            .unwrap();

    let shopper = s.app.shopper();
    let cart = s.add_to_cart(&shopper, product, None, 2).await;
    assert!(!cart.body.contains("Cadeau"), "two units: no gift yet");
    let cart_id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM cart")
        .fetch_one(&s.db)
        .await
        .unwrap();
    let gifts = || {
        let db = s.db.clone();
        async move {
            sqlx::query_as::<_, (i64, i64)>(
                "SELECT cart_rule_id, product_id FROM cart_gift WHERE cart_id = ?",
            )
            .bind(cart_id)
            .fetch_all(&db)
            .await
            .unwrap()
        }
    };
    assert!(gifts().await.is_empty());

    let cart = s.add_to_cart(&shopper, product, None, 1).await;
    assert!(
        cart.body.contains("Cadeau"),
        "three units: the gift is in the cart"
    );
    assert!(
        cart.body.contains(&gift_name.replace('\'', "&#x27;")) || cart.body.contains(&gift_name)
    );
    assert_eq!(gifts().await, vec![(rule, gift)]);
    assert_eq!(
        s.last_journal().await,
        format!("Cadeau « {gift_name} » ajouté au panier (règle « Un cadeau dès trois articles »)")
    );
    // The gift costs nothing: the products total is the three paid units.
    assert!(cart.body.contains(&money(unit * 3)));
    let line: i64 = sqlx::query_scalar("SELECT id FROM cart_line WHERE cart_id = ?")
        .bind(cart_id)
        .fetch_one(&s.db)
        .await
        .unwrap();
    let (changed, cart) = shopper
        .post(
            &s.shop("/panier/ligne"),
            &[("line_id", &line.to_string()), ("quantity", "1")],
        )
        .await;
    assert_eq!(changed.status, 303);
    assert!(
        !cart.body.contains("Cadeau"),
        "back under the minimum: the gift goes"
    );
    assert!(gifts().await.is_empty());
    assert_eq!(
        s.last_journal().await,
        format!(
            "Cadeau « {gift_name} » retiré du panier (la règle « Un cadeau dès trois articles » ne s'applique plus)"
        )
    );
}

// ------------------------------------------------------------------------------ modules

#[tokio::test]
async fn module_settings_are_saved_journaled_and_honoured_by_the_storefront() {
    let s = Site::new().await;
    let modules = s.admin.get(&s.admin_path("/modules")).await;
    assert!(
        modules
            .body
            .contains("modules&#x2F;avis-produits\">Configurer"),
        "{} {}",
        modules.status,
        modules.body
    );

    // Reviews: published at once, signed-in customers only, 2 per page.
    let page = s.admin.get(&s.admin_path("/modules/avis-produits")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Avis par page"));
    let (refused, _) = s
        .admin
        .post(
            &s.admin_path("/modules/avis-produits"),
            &[("moderation", "after"), ("per_page", "0")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("entre 1 et 50"));
    let unset: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM setting WHERE key = 'reviews.per_page'")
            .fetch_one(&s.db)
            .await
            .unwrap();
    assert_eq!(unset, 0, "nothing written");
    let (saved, page) = s
        .admin
        .post(
            &s.admin_path("/modules/avis-produits"),
            &[("moderation", "after"), ("per_page", "2")],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert!(page.body.contains("Réglages du module enregistrés."));
    let settings: Vec<(String, String)> = sqlx::query_as(
        "SELECT key, value FROM setting WHERE key IN ('reviews.manual_approval', 'reviews.allow_guests', 'reviews.per_page') ORDER BY key",
    )
    .fetch_all(&s.db)
    .await
    .unwrap();
    assert_eq!(
        settings,
        vec![
            ("reviews.allow_guests".into(), "0".into()),
            ("reviews.manual_approval".into(), "0".into()),
            ("reviews.per_page".into(), "2".into()),
        ]
    );
    assert_eq!(
        s.last_journal().await,
        "Module Avis produits réglé : publication immédiate, avis réservés aux clients connectés, 2 avis par page"
    );
    let (slug, reviews): (String, i64) = sqlx::query_as(
        "SELECT p.slug, COUNT(*) FROM product_review r JOIN product p ON p.id = r.product_id
         WHERE r.status = 'approved' AND p.active = 1 GROUP BY p.id ORDER BY COUNT(*) DESC LIMIT 1",
    )
    .fetch_one(&s.db)
    .await
    .unwrap();
    assert!(reviews > 2);
    let visitor = s.app.shopper();
    let page = visitor.get(&s.shop(&format!("/produit/{slug}"))).await;
    assert!(page.body.contains("pour donner votre avis."));
    assert!(!page.body.contains("Envoyer mon avis"));
    assert!(
        page.body.contains(&format!("/produit/{slug}?avis=2#avis")),
        "reviews are paged by 2"
    );
    assert_eq!(page.body.matches("class=\"un-avis\"").count(), 2);
    let (_, back) = visitor
        .post(
            &s.shop(&format!("/produit/{slug}/avis")),
            &[
                ("author_name", "Anonyme"),
                ("title", "Bien"),
                ("content", "Très bien."),
                ("rating", "5"),
            ],
        )
        .await;
    assert!(
        back.body
            .contains("Connectez-vous à votre compte client pour donner votre avis.")
    );
    let camille = s.customer(CAMILLE).await;
    let (_, back) = camille
        .post(
            &s.shop(&format!("/produit/{slug}/avis")),
            &[
                ("author_name", "Camille"),
                ("title", "Parfait"),
                ("content", "Doux et solide."),
                ("rating", "5"),
            ],
        )
        .await;
    assert!(
        back.body.contains("Votre avis est publié"),
        "published at once"
    );

    // Sharing: Pinterest off.
    let (saved, _) = s
        .admin
        .post(
            &s.admin_path("/modules/partage-social"),
            &[("share_facebook", "1"), ("share_twitter", "1")],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Module Partage social réglé : Facebook affiché, Pinterest masqué, X (Twitter) affiché"
    );
    let page = s
        .app
        .shopper()
        .get(&s.shop(&format!("/produit/{slug}")))
        .await;
    let share = page
        .body
        .find("class=\"partage\"")
        .expect("sharing buttons");
    let share = &page.body[share..share + page.body[share..].find("</nav>").unwrap()];
    assert!(share.contains(">Facebook</a>"));
    assert!(!share.contains("Pinterest"), "{share}");

    // Featured products: 2 on the home page.
    let featured: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM product WHERE featured = 1 AND active = 1")
            .fetch_one(&s.db)
            .await
            .unwrap();
    assert!(featured > 2);
    let (saved, page) = s
        .admin
        .post(&s.admin_path("/modules/produits-phares"), &[("count", "2")])
        .await;
    assert_eq!(saved.status, 303);
    assert!(page.body.contains("Non affiché"));
    assert_eq!(
        s.last_journal().await,
        "Module Produits phares réglé : 2 produit(s) sur la page d'accueil"
    );
    let home = s.app.shopper().get(&s.shop("/")).await;
    let start = home.body.find("Nos coups de cœur").unwrap();
    let end = home.body[start..].find("</section>").unwrap();
    assert_eq!(
        home.body[start..start + end]
            .matches("class=\"carte-produit\"")
            .count(),
        2
    );
    // Saving the same values again writes nothing.
    let rows = s.journal_count().await;
    let (_, page) = s
        .admin
        .post(&s.admin_path("/modules/produits-phares"), &[("count", "2")])
        .await;
    assert!(page.body.contains("Aucune modification"));
    assert_eq!(s.journal_count().await, rows);
}

// ---------------------------------------------------------------------- real browser

async fn wait_until(b: &browser::Browser, js: &str) {
    for _ in 0..100 {
        if b.script(&format!("return !!({js});"), vec![]).await == json!(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {js}");
}

#[tokio::test]
async fn a_description_typed_in_the_block_editor_appears_on_the_storefront() {
    let Some(b) = browser::start().await else {
        return;
    };
    let s = Site::new().await;
    let shots = std::env::var("E5_SCREENSHOTS")
        .ok()
        .map(std::path::PathBuf::from);
    b.set_window_size(1366, 900).await;
    b.goto(&format!("{}/s/{}/admin/", s.app.address, s.id))
        .await;
    b.find("#email").await.type_text(ADMIN_EMAIL).await;
    b.find("#mdp").await.type_text(PASSWORD).await;
    b.find("button[type=submit]").await.click().await;
    b.wait_for_text("D'un coup d'œil").await;
    b.goto(&format!(
        "{}{}",
        s.app.address,
        s.admin_path("/catalogue/produits/1")
    ))
    .await;
    wait_until(
        &b,
        "window.e5EditeursProduit && document.querySelector('#editeur-description .ce-paragraph')",
    )
    .await;
    // The fallback textarea is hidden once the editor runs; the counter counts words.
    assert_eq!(
        b.script(
            "return document.getElementById('f-description').hidden;",
            vec![]
        )
        .await,
        json!(true)
    );
    b.script(
        "const p = document.querySelectorAll('#editeur-description .ce-paragraph'); p[p.length - 1].scrollIntoView({block: 'center'}); return true;",
        vec![],
    )
    .await;
    b.find("#editeur-description .ce-paragraph:last-of-type")
        .await
        .click()
        .await;
    b.script(
        "const p = document.querySelectorAll('#editeur-description .ce-paragraph'); const last = p[p.length - 1];
         last.focus(); const r = document.createRange(); r.selectNodeContents(last); r.collapse(false);
         const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); return true;",
        vec![],
    )
    .await;
    b.find("#editeur-description .ce-paragraph:last-of-type")
        .await
        .type_text(" Tissé et confectionné à Cholet par l'atelier.")
        .await;
    // A heading through the editor's API (what its toolbox does).
    b.script(
        "window.e5EditeursProduit[1].editor.blocks.insert('header', {text: 'Conseils d’entretien', level: 2}); return true;",
        vec![],
    )
    .await;
    wait_until(
        &b,
        "document.querySelector('#editeur-description .ce-header')",
    )
    .await;
    wait_until(
        &b,
        "/mots/.test(document.getElementById('compte-description').textContent)",
    )
    .await;
    // Let the editor's fade-in of the new block finish before looking at it.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    if let Some(dir) = &shots {
        b.script("window.scrollTo(0, 0); return true;", vec![])
            .await;
        b.screenshot(&dir.join("product-essentiel-editor.png"))
            .await;
    }
    b.script(
        "const f = document.getElementById('fiche-produit'); f.requestSubmit(); return true;",
        vec![],
    )
    .await;
    b.wait_for_text("enregistré").await;
    let (text, blocks): (String, String) =
        sqlx::query_as("SELECT description, description_blocks FROM product WHERE id = 1")
            .fetch_one(&s.db)
            .await
            .unwrap();
    assert!(
        text.contains("Tissé et confectionné à Cholet par l'atelier."),
        "{text}"
    );
    assert!(blocks.contains("Conseils d’entretien"), "{blocks}");
    let slug: String = sqlx::query_scalar("SELECT slug FROM product WHERE id = 1")
        .fetch_one(&s.db)
        .await
        .unwrap();
    b.goto(&format!(
        "{}{}",
        s.app.address,
        s.shop(&format!("/produit/{slug}"))
    ))
    .await;
    b.wait_for_text("Tissé et confectionné à Cholet par l'atelier.")
        .await;
    b.wait_for_text("Conseils d’entretien").await;
    if let Some(dir) = &shots {
        b.script(
            "document.querySelector('section.description').scrollIntoView(); return true;",
            vec![],
        )
        .await;
        b.screenshot(&dir.join("product-storefront-description.png"))
            .await;
        // The Prix tab with a specific price, and the module settings pages.
        s.admin
            .post(
                &s.admin_path("/catalogue/produits/1/prix-specifiques/nouveau"),
                &[
                    ("sp_combination", "3"),
                    ("sp_group", "4"),
                    ("sp_from_quantity", "2"),
                    ("sp_kind", "percent"),
                    ("sp_value", "15"),
                ],
            )
            .await;
        b.goto(&format!(
            "{}{}#prix",
            s.app.address,
            s.admin_path("/catalogue/produits/1")
        ))
        .await;
        b.wait_for_text("Prix spécifiques").await;
        b.screenshot(&dir.join("product-prix.png")).await;
        for (page, file, text) in [
            ("/modules/avis-produits", "module-avis.png", "Avis par page"),
            (
                "/modules/partage-social",
                "module-partage.png",
                "Boutons de partage",
            ),
            (
                "/modules/produits-phares",
                "module-phares.png",
                "Produits mis en avant",
            ),
            ("/catalogue/produits", "product-list.png", "Nouveau produit"),
        ] {
            b.goto(&format!("{}{}", s.app.address, s.admin_path(page)))
                .await;
            b.wait_for_text(text).await;
            b.screenshot(&dir.join(file)).await;
        }
    }
}
