//! The back-office, shop side: catalogue, promotions, orders, statistics, permissions.
//! Each test checks what the employee sees, the rows written and the journal row.

use sqlx::SqlitePool;

use crate::browser;
use crate::helpers::{Shopper, TestApp, TestData};

const ADMIN_EMAIL: &str = "helene.guerin@toiles-de-loire.fr";
const LOGISTICIAN_EMAIL: &str = "sandrine.cosset@toiles-de-loire.fr";
const PASSWORD: &str = "demo-e5-2027";

async fn sign_in(user: &Shopper, id: &str, email: &str) {
    let (ok, _) = user
        .post(
            &format!("/s/{id}/admin/connexion"),
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(ok.status, 303, "signed in as {email}");
}

async fn last_journal(db: &SqlitePool, entity: &str) -> (String, String) {
    sqlx::query_as("SELECT action, summary FROM journal WHERE entity = ? ORDER BY id DESC LIMIT 1")
        .bind(entity)
        .fetch_one(db)
        .await
        .unwrap()
}

/// The form fields of a product, as the browser would send them after completing it.
fn product_form<'a>(name: &'a str, price: &'a str, quantity: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("reference", "TDL-CO-099"),
        (
            "summary",
            "Une housse de coussin en lin lavé, cousue à Cholet.",
        ),
        (
            "description",
            "Lin européen lavé.\n\nFermeture par zip invisible.",
        ),
        ("category_id", "14"),
        ("categories", "13"),
        ("brand_id", ""),
        ("quantity", quantity),
        ("low_stock_threshold", "3"),
        ("out_of_stock", "deny"),
        ("available_date", ""),
        ("price_ht", price),
        ("tax_rule_id", "1"),
        ("price_ttc", ""),
        ("wholesale_price", "12,00"),
        (
            "meta_title",
            "Housse de coussin en lin lavé Sauge | Toiles de Loire",
        ),
        (
            "meta_description",
            "Housse de coussin en lin lavé vert sauge, fabriquée à Cholet.",
        ),
        ("slug", "housse-coussin-lin-sauge"),
        ("focus_keyword", "housse de coussin lin"),
        ("condition", "new"),
        ("ean13", ""),
        ("accessories", "31"),
        ("active", "1"),
    ]
}

#[tokio::test]
async fn a_new_product_is_completed_in_the_tabbed_form() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let base = format!("/s/{id}/admin/boutique/catalogue/produits");

    let list = user.get(&base).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Drap housse en lin lavé"));
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
    assert!(form.body.contains("Produit créé hors ligne"));
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
    let db = t.open(id.parse().unwrap()).await;
    assert_eq!(
        last_journal(&db, "product").await.1,
        "Produit « Housse de coussin Sauge » créé (hors ligne)"
    );

    // Bad input: a clear message next to the form, nothing changed.
    let bad = product_form("Housse de coussin Sauge", "quarante", "12");
    let (refused, _) = user.post(&product_path, &bad).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("Le prix HT doit être un montant en euros")
    );
    let price: i64 = sqlx::query_scalar("SELECT price_ht_cents FROM product WHERE id = ?")
        .bind(pid)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(price, 0);

    let good = product_form(
        "Housse de coussin Sauge <script>alert(1)</script>",
        "41,58",
        "12",
    );
    let (saved, page) = user.post(&product_path, &good).await;
    assert_eq!(saved.status, 303);
    assert!(page.body.contains("enregistré"));
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
    let row: (i64, i64, i64, String, String) = sqlx::query_as(
        "SELECT price_ht_cents, quantity, active, slug, meta_description FROM product WHERE id = ?",
    )
    .bind(pid)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(row.0, 4158);
    assert_eq!(row.1, 12);
    assert_eq!(row.2, 1);
    assert_eq!(row.3, "housse-coussin-lin-sauge");
    let categories: Vec<i64> = sqlx::query_scalar(
        "SELECT category_id FROM product_category WHERE product_id = ? ORDER BY 1",
    )
    .bind(pid)
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(categories, vec![13, 14]);
    let (action, summary) = last_journal(&db, "product").await;
    assert_eq!(action, "update");
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
    let (generated, page) = user
        .post(
            &format!("{product_path}/declinaisons"),
            &[
                ("attributes", "12"),
                ("attributes", "13"),
                ("attributes", "18"),
                ("attributes", "19"),
            ],
        )
        .await;
    assert_eq!(generated.status, 303);
    assert!(page.body.contains("4 déclinaison(s) créée(s)"));
    assert!(page.body.contains("50 x 70 cm – Blanc"));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM combination WHERE product_id = ?")
        .bind(pid)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(count, 4);
    assert!(
        last_journal(&db, "product")
            .await
            .1
            .starts_with("4 déclinaison(s) créée(s) pour « Housse de coussin Sauge")
    );
    let (_, again) = user
        .post(
            &format!("{product_path}/declinaisons"),
            &[("attributes", "12"), ("attributes", "18")],
        )
        .await;
    assert!(again.body.contains("Ces déclinaisons existent déjà"));

    // The storefront shows the completed product.
    let shop = user
        .get(&format!("/s/{id}/produit/housse-coussin-lin-sauge"))
        .await;
    assert_eq!(shop.status, 200);
    assert!(shop.body.contains("49,90"));
}

#[tokio::test]
async fn a_logistician_may_not_create_products_and_gets_a_french_refusal() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, LOGISTICIAN_EMAIL).await;
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
    assert!(refused.body.contains("Accès refusé"));
    assert!(refused.body.contains("ne permet pas"));
    let db = t.open(id.parse().unwrap()).await;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM product WHERE name = 'Produit pirate'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

fn total_of(body: &str) -> String {
    let start = body
        .find("id=\"total-panier\">")
        .expect("the cart shows its total")
        + "id=\"total-panier\">".len();
    body[start..].split('<').next().unwrap_or("").to_owned()
}

fn euros(cents: i64) -> String {
    e5_domain::Money(cents).to_string()
}

#[tokio::test]
async fn a_five_percent_code_once_per_customer_for_thirty_orders_skips_discounted_products() {
    let t = TestData::new().await;
    let sandbox = t.sandbox();
    let id = sandbox.to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let rules = format!("/s/{id}/admin/boutique/catalogue/reductions");
    let form = user.get(&format!("{rules}/nouveau")).await;
    assert_eq!(form.status, 200);
    for tab in ["Informations", "Conditions", "Actions"] {
        assert!(form.body.contains(tab));
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
    assert!(
        refused
            .body
            .contains("Indiquez le pourcentage de réduction")
    );
    let db = t.open(sandbox).await;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cart_rule WHERE code = 'RENTREE5'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(n, 0);

    fields.retain(|(k, _)| *k != "percent");
    fields.push(("percent", "5"));
    let (created, list) = user.post(&format!("{rules}/nouveau"), &fields).await;
    assert_eq!(created.status, 303, "{}", created.body);
    assert!(list.body.contains("RENTREE5") && list.body.contains("Rentrée : −5 %"));
    let rule: (f64, i64, i64, i64, String) = sqlx::query_as(
        "SELECT reduction_percent, quantity, quantity_per_customer, exclude_discounted, ends_at FROM cart_rule WHERE code = 'RENTREE5'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(rule, (5.0, 30, 1, 1, "2099-12-31 23:59:59".to_owned()));
    let (action, summary) = last_journal(&db, "cart_rule").await;
    assert_eq!(action, "create");
    assert!(summary.starts_with("Bon de réduction RENTREE5 créé (−5\u{a0}%, 1 par client, 30 utilisations au total, hors produits déjà remisés"), "{summary}");

    // The same code twice is refused.
    let (twice, _) = user.post(&format!("{rules}/nouveau"), &fields).await;
    assert_eq!(twice.status, 422);
    assert!(twice.body.contains("Le code RENTREE5 est déjà utilisé"));

    // Worked example in the storefront: 2 × a regular product + 1 discounted product.
    let regular: (i64, i64) = sqlx::query_as(
        "SELECT p.id, CAST(ROUND(p.price_ht_cents * (1 + t.rate / 100.0)) AS INTEGER) FROM product p JOIN tax_rule t ON t.id = p.tax_rule_id
         WHERE p.id = 29",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let discounted: (i64, i64) = sqlx::query_as(
        "SELECT c.product_id, c.id FROM combination c JOIN specific_price s ON s.product_id = c.product_id
         WHERE s.customer_group_id IS NULL AND s.starts_at <= datetime('now') AND s.ends_at >= datetime('now') AND c.quantity > 0 LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let shopper = app.shopper();
    shopper
        .post(
            &format!("/s/{id}/panier/ajouter"),
            &[("product_id", &regular.0.to_string()), ("quantity", "2")],
        )
        .await;
    shopper
        .post(
            &format!("/s/{id}/panier/ajouter"),
            &[
                ("product_id", &discounted.0.to_string()),
                ("combination_id", &discounted.1.to_string()),
                ("quantity", "1"),
            ],
        )
        .await;
    let before = shopper.get(&format!("/s/{id}/panier")).await;
    let (_, after) = shopper
        .post(&format!("/s/{id}/panier/code"), &[("code", "rentree5")])
        .await;
    assert!(after.body.contains("(RENTREE5)"), "{}", after.body);
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
async fn an_order_status_change_notifies_the_customer_through_the_outbox() {
    let t = TestData::new().await;
    let sandbox = t.sandbox();
    let id = sandbox.to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    // The Logisticien may process orders.
    sign_in(&user, &id, LOGISTICIAN_EMAIL).await;
    let db = t.open(sandbox).await;
    let (order_id, reference, email): (i64, String, String) = sqlx::query_as(
        "SELECT o.id, o.reference, c.email FROM orders o JOIN customer c ON c.id = o.customer_id WHERE o.state_id = 3 ORDER BY o.id LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let list = user
        .get(&format!("/s/{id}/admin/boutique/commandes?etat=3"))
        .await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains(&reference));
    assert!(list.body.contains("Paiement accepté"));
    let filtered = user
        .get(&format!("/s/{id}/admin/boutique/commandes?q={reference}"))
        .await;
    assert!(filtered.body.contains("1 commande(s)"));

    let path = format!("/s/{id}/admin/boutique/commandes/{order_id}");
    let detail = user.get(&path).await;
    assert_eq!(detail.status, 200);
    assert!(detail.body.contains(&format!("Commande {reference}")));

    let (same, _) = user
        .post(&format!("{path}/statut"), &[("state_id", "3")])
        .await;
    assert_eq!(same.status, 422);
    assert!(same.body.contains("déjà au statut « Paiement accepté »"));

    let (done, page) = user
        .post(&format!("{path}/statut"), &[("state_id", "5")])
        .await;
    assert_eq!(done.status, 303);
    assert!(
        page.body
            .contains("Statut « Expédié » enregistré. Le client a été prévenu par e-mail")
    );
    let state: i64 = sqlx::query_scalar("SELECT state_id FROM orders WHERE id = ?")
        .bind(order_id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(state, 5);
    let history: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM order_history WHERE order_id = ? AND state_id = 5 AND employee_id = 3")
        .bind(order_id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(history, 1);
    let mail: (String, String) =
        sqlx::query_as("SELECT email, subject FROM outbox ORDER BY id DESC LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(mail.0, email);
    assert_eq!(mail.1, format!("Votre commande {reference} : expédié"));
    let (_, summary) = last_journal(&db, "order").await;
    assert_eq!(
        summary,
        format!(
            "Commande {reference} : statut « Paiement accepté » → « Expédié » (e-mail envoyé à {email})"
        )
    );

    let invoice = user.get(&format!("{path}/facture")).await;
    assert_eq!(invoice.status, 200);
    assert!(
        invoice.body.contains("Facture")
            && invoice.body.contains("SIRET")
            && invoice.body.contains(&reference)
    );
    let slip = user.get(&format!("{path}/bon-de-livraison")).await;
    assert!(slip.body.contains("Bon de livraison"));
}

/// Reads a CSV export: checks the French spreadsheet conventions, returns the rows.
fn read_csv(body: &str) -> Vec<Vec<String>> {
    assert!(body.starts_with('\u{feff}'), "UTF-8 with BOM");
    body.trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(';').map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn the_statistics_agree_with_the_raw_rows_and_move_with_a_new_order() {
    let t = TestData::new().await;
    let sandbox = t.sandbox();
    let id = sandbox.to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let db = t.open(sandbox).await;
    let stats = format!("/s/{id}/admin/boutique/statistiques");

    // Recomputed here from the raw rows, independently of the dashboard's code.
    let (from, to) = ("2026-10-02", "2026-10-31");
    let (sessions, abandoned, created): (i64, i64, i64) = sqlx::query_as(
        "SELECT SUM(sessions), SUM(carts_abandoned), SUM(carts_created) FROM traffic_daily WHERE day >= ? AND day <= ?",
    )
    .bind(from)
    .bind(to)
    .fetch_one(&db)
    .await
    .unwrap();
    let (orders, revenue): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(total_paid_cents) FROM orders WHERE created_at >= ? AND created_at < '2026-11-01' AND state_id NOT IN (7, 9)",
    )
    .bind(from)
    .fetch_one(&db)
    .await
    .unwrap();
    let organic: i64 = sqlx::query_scalar("SELECT SUM(sessions) FROM traffic_daily WHERE day >= ? AND day <= ? AND source = 'organic'")
        .bind(from)
        .bind(to)
        .fetch_one(&db)
        .await
        .unwrap();

    let page = user.get(&stats).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("du 2 octobre 2026 au 31 octobre 2026"));
    assert!(
        page.body
            .contains("Comparée au 2 septembre 2026 – 1er octobre 2026")
    );
    assert!(page.body.contains("Taux de conversion") && page.body.contains("Panier moyen TTC"));
    assert!(page.body.contains("/assets/vendor/chart.umd.min.js"));
    let conversion = format!("{:.2}", orders as f64 * 100.0 / sessions as f64).replace('.', ",");
    assert!(
        page.body.contains(&format!("{conversion}\u{a0}%")),
        "conversion {conversion} %"
    );
    let abandonment = format!("{:.2}", abandoned as f64 * 100.0 / created as f64).replace('.', ",");
    assert!(
        page.body.contains(&format!("{abandonment}\u{a0}%")),
        "abandonment {abandonment} %"
    );
    assert!(
        page.body.contains(&euros(revenue)),
        "revenue {}",
        euros(revenue)
    );
    assert!(
        page.body
            .contains(&euros((revenue as f64 / orders as f64).round() as i64)),
        "average basket"
    );

    let days = user.get(&format!("{stats}/export/jours.csv")).await;
    assert_eq!(days.status, 200);
    let rows = read_csv(&days.body);
    assert_eq!(rows[0], ["Jour", "Sessions", "Commandes", "CA TTC (€)"]);
    assert_eq!(rows.len(), 31);
    let sum = |col: usize| {
        rows[1..]
            .iter()
            .map(|r| r[col].replace(',', "").parse::<i64>().unwrap())
            .sum::<i64>()
    };
    assert_eq!((sum(1), sum(2), sum(3)), (sessions, orders, revenue));
    let sources = read_csv(&user.get(&format!("{stats}/export/sources.csv")).await.body);
    let organic_row = sources
        .iter()
        .find(|r| r[0] == "Recherche naturelle")
        .unwrap();
    assert_eq!(organic_row[1], organic.to_string());

    // A month and a custom period are understood; a bad one is explained.
    let month = user
        .get(&format!("{stats}?periode=mois&mois=2026-02"))
        .await;
    assert!(
        month
            .body
            .contains("du 1er février 2026 au 28 février 2026")
    );
    let bad = user
        .get(&format!(
            "{stats}?periode=perso&du=2026-05-10&au=2026-05-01"
        ))
        .await;
    assert!(
        bad.body
            .contains("La date de fin est antérieure à la date de début.")
    );

    // A candidate's own order today (after the seeded traffic) moves the figures.
    let shopper = app.shopper();
    shopper
        .post(
            &format!("/s/{id}/panier/ajouter"),
            &[("product_id", "29"), ("quantity", "1")],
        )
        .await;
    let carrier: i64 =
        sqlx::query_scalar("SELECT id FROM carrier WHERE active = 1 ORDER BY position, id LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
    let (placed, _) = shopper
        .post(
            &format!("/s/{id}/commande"),
            &[
                ("email", "test.candidat@exemple.fr"),
                ("first_name", "Test"),
                ("last_name", "Candidat"),
                ("address1", "1 rue du Test"),
                ("postcode", "49300"),
                ("city", "Cholet"),
                ("country", "FR"),
                ("carrier_id", &carrier.to_string()),
                ("payment", "cheque"),
                ("cgv", "1"),
            ],
        )
        .await;
    assert_eq!(placed.status, 303);
    let today = e5_domain::paris_now().day();
    let rows = read_csv(&user.get(&format!("{stats}/export/jours.csv")).await.body);
    let last = rows.last().unwrap();
    assert_eq!(last[0], today);
    assert_eq!(
        (last[1].as_str(), last[2].as_str()),
        ("1", "1"),
        "one session counted for the untracked order"
    );
    let page = user.get(&stats).await;
    assert!(
        page.body
            .contains("1 commande(s) passée(s) un jour sans données de trafic")
    );
}

/// Saves a screenshot when E5_SCREENSHOTS names a folder.
async fn shot(browser: &browser::Browser, name: &str) {
    if let Ok(dir) = std::env::var("E5_SCREENSHOTS") {
        browser
            .screenshot(&std::path::Path::new(&dir).join(name))
            .await;
    }
}

/// Clicks like a user who first scrolls the element to the middle of the screen (the sticky
/// bars of the back-office would otherwise cover it).
async fn click(browser: &browser::Browser, css: &str) {
    browser
        .script(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
            vec![css.into()],
        )
        .await;
    browser.find(css).await.click().await;
}

async fn set_value(browser: &browser::Browser, css: &str, value: &str) {
    browser
        .script(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![css.into(), value.into()],
        )
        .await;
}

#[tokio::test]
async fn in_a_real_browser_a_product_is_completed_then_a_code_lowers_the_cart_total() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let t = TestData::new().await;
    let sandbox = t.sandbox();
    let id = sandbox.to_string();
    let app = TestApp::spawn(&t.data).await;
    let a = format!("{}/s/{id}", app.address);
    browser.goto(&format!("{a}/admin/connexion")).await;
    browser.find("#email").await.type_text(ADMIN_EMAIL).await;
    browser.find("#mdp").await.type_text(PASSWORD).await;
    click(&browser, "button[type=submit]").await;
    browser.wait_for_text("Bonjour").await;

    // The product the subject pre-created, offline and empty.
    browser
        .goto(&format!("{a}/admin/boutique/catalogue/produits"))
        .await;
    browser
        .find("#f-nouveau")
        .await
        .type_text("Housse de coussin Sauge")
        .await;
    click(&browser, "form[action$='/nouveau'] button").await;
    browser.wait_for_text("Produit créé hors ligne").await;

    // Déclinaisons: 2 sizes × 2 colours.
    click(&browser, "button[data-cible=declinaisons]").await;
    for value in [12, 13, 18, 19] {
        click(
            &browser,
            &format!("input[name=attributes][value='{value}']"),
        )
        .await;
    }
    click(&browser, "button[formaction$='/declinaisons']").await;
    browser.wait_for_text("4 déclinaison(s) créée(s)").await;
    browser.script("document.querySelectorAll('input[name^=comb_qty_]').forEach(function (i) { i.value = '5'; });", vec![]).await;
    shot(&browser, "produit-declinaisons.png").await;

    // Essentiel, Prix (TTC typed, HT computed by the page), Stocks, SEO.
    click(&browser, "button[data-cible=essentiel]").await;
    set_value(&browser, "#f-summary", "Housse de coussin en lin lavé vert sauge, tissée en Europe et cousue dans notre atelier de Cholet. Douce dès le premier jour, elle se patine joliment au fil des lavages.").await;
    set_value(&browser, "#f-description", "Notre housse de coussin en lin lavé apporte une touche végétale au salon comme à la chambre.\n\nDimensions : 50 x 70 cm ou 65 x 65 cm. Fermeture par zip invisible. Lavage à 40 °C.").await;
    set_value(&browser, "#f-category_id", "14").await;
    click(&browser, "button[data-cible=prix]").await;
    set_value(&browser, "#f-price_ttc", "").await;
    browser.find("#f-price_ttc").await.type_text("49,90").await;
    let ht = browser
        .script("return document.getElementById('f-price_ht').value", vec![])
        .await;
    assert_eq!(
        ht.as_str(),
        Some("41,58"),
        "the HT price follows the TTC typed"
    );
    shot(&browser, "produit-prix.png").await;
    click(&browser, "button[data-cible=seo]").await;
    browser
        .find("#f-meta_title")
        .await
        .type_text("Housse de coussin en lin lavé Sauge | Les Toiles de Loire")
        .await;
    browser.find("#f-meta_description").await.type_text("Housse de coussin en lin lavé vert sauge, cousue à Cholet : douce, durable et facile à laver. Deux tailles, livraison offerte dès 69 €.").await;
    shot(&browser, "produit-seo.png").await;
    browser
        .script(
            "document.querySelector('input[name=active]').checked = true;",
            vec![],
        )
        .await;
    click(&browser, ".barre-enregistrer button[type=submit]").await;
    browser
        .wait_for_text("Produit « Housse de coussin Sauge » enregistré.")
        .await;
    click(&browser, "button[data-cible=seo]").await;
    browser.wait_for_text("Analyse SEO").await;
    shot(&browser, "produit-seo.png").await;
    let db = t.open(sandbox).await;
    let saved: (i64, i64, i64) = sqlx::query_as(
        "SELECT price_ht_cents, active, (SELECT SUM(quantity) FROM combination WHERE product_id = p.id) FROM product p WHERE name = 'Housse de coussin Sauge'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(saved, (4158, 1, 20));

    // The promo code.
    browser
        .goto(&format!("{a}/admin/boutique/catalogue/reductions/nouveau"))
        .await;
    browser
        .find("#f-name")
        .await
        .type_text("Offre Sauge : −10 %")
        .await;
    browser.find("#f-code").await.type_text("SAUGE10").await;
    click(&browser, "button[data-cible=conditions]").await;
    set_value(&browser, "#f-ends_on", "2099-12-31").await;
    shot(&browser, "regle-panier-conditions.png").await;
    click(&browser, "button[data-cible=actions]").await;
    browser.find("#f-percent").await.type_text("10").await;
    shot(&browser, "regle-panier-actions.png").await;
    click(&browser, ".barre-enregistrer button[type=submit]").await;
    browser
        .wait_for_text("Règle panier « Offre Sauge : −10 % » enregistrée.")
        .await;

    // A shopper uses it.
    browser
        .goto(&format!("{a}/produit/housse-de-coussin-sauge"))
        .await;
    click(&browser, ".form-achat button[type=submit]").await;
    browser.wait_for_text("Récapitulatif").await;
    browser.find("#code").await.type_text("sauge10").await;
    click(&browser, ".form-code button").await;
    browser.wait_for_text("est appliqué").await;
    let text = browser.page_text().await;
    assert!(text.contains("−4,99"), "10 % of 49,90 €: {text}");
    let shipping = browser
        .script(
            "var dt = Array.prototype.find.call(document.querySelectorAll('.recap dt'), function (d) { return d.textContent.trim() === 'Livraison'; }); return dt.nextElementSibling.textContent.trim();",
            vec![],
        )
        .await;
    let shipping = shipping.as_str().unwrap_or_default().to_owned();
    let shipping_cents = crate::admin_shop::cents(&shipping);
    let total = browser
        .script(
            "return document.getElementById('total-panier').textContent",
            vec![],
        )
        .await;
    assert_eq!(
        cents(total.as_str().unwrap_or_default()),
        4990 - 499 + shipping_cents,
        "total with shipping {shipping}"
    );
    shot(&browser, "panier-code.png").await;

    // The statistics dashboard, as the candidate sees it.
    browser
        .goto(&format!("{a}/admin/boutique/statistiques"))
        .await;
    browser.wait_for_text("Indicateurs clés").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    shot(&browser, "statistiques.png").await;
    browser.script("window.scrollTo(0, 850)", vec![]).await;
    shot(&browser, "statistiques-2.png").await;
}

/// "49,90 €" → 4990; "gratuite" → 0.
fn cents(text: &str) -> i64 {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(0)
}

#[tokio::test]
async fn a_customer_group_with_a_discount_is_created_and_a_customer_assigned_to_it() {
    let t = TestData::new().await;
    let sandbox = t.sandbox();
    let id = sandbox.to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let groups = format!("/s/{id}/admin/boutique/clients/groupes");
    let (bad, _) = user
        .post(
            &format!("{groups}/nouveau"),
            &[
                ("name", "Hôtellerie"),
                ("reduction", "150"),
                ("price_display", "HT"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("pourcentage entre 0 et 100"));
    let (ok, page) = user
        .post(
            &format!("{groups}/nouveau"),
            &[
                ("name", "Hôtellerie"),
                ("reduction", "12,5"),
                ("price_display", "HT"),
                ("show_prices", "1"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert!(page.body.contains("Groupe « Hôtellerie » enregistré."));
    let db = t.open(sandbox).await;
    let (gid, percent, display): (i64, f64, String) = sqlx::query_as(
        "SELECT id, reduction_percent, price_display FROM customer_group WHERE name = 'Hôtellerie'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((percent, display.as_str()), (12.5, "HT"));
    assert_eq!(
        last_journal(&db, "customer_group").await.1,
        "Groupe de clients « Hôtellerie » créé (−12,5\u{a0}%, prix affichés HT)"
    );

    let (cid, name): (i64, String) = sqlx::query_as(
        "SELECT id, first_name || ' ' || last_name FROM customer ORDER BY id LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let record = user
        .get(&format!("/s/{id}/admin/boutique/clients/{cid}"))
        .await;
    assert_eq!(record.status, 200);
    assert!(
        record.body.contains("Commandes")
            && record.body.contains("Adresses")
            && record.body.contains("Hôtellerie")
    );
    let gid_text = gid.to_string();
    let (saved, page) = user
        .post(
            &format!("/s/{id}/admin/boutique/clients/{cid}/groupes"),
            &[
                ("groups", "3"),
                ("groups", &gid_text),
                ("default_group_id", &gid_text),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert!(page.body.contains("Groupes du client enregistrés."));
    let default_group: i64 =
        sqlx::query_scalar("SELECT default_group_id FROM customer WHERE id = ?")
            .bind(cid)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(default_group, gid);
    let member: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM customer_group_member WHERE customer_id = ? AND group_id = ?",
    )
    .bind(cid)
    .bind(gid)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(member, 1);
    let (_, summary) = last_journal(&db, "customer").await;
    assert!(
        summary.starts_with(&format!("Client {name} : groupe par défaut « Hôtellerie »")),
        "{summary}"
    );
}

#[tokio::test]
async fn a_new_employee_signs_in_and_the_permissions_matrix_is_enforced() {
    let t = TestData::new().await;
    let sandbox = t.sandbox();
    let id = sandbox.to_string();
    let app = TestApp::spawn(&t.data).await;
    let admin = app.shopper();
    sign_in(&admin, &id, ADMIN_EMAIL).await;
    let team = format!("/s/{id}/admin/boutique/equipe");
    let fields = [
        ("first_name", "Lina"),
        ("last_name", "Martin"),
        ("email", "lina.martin@toiles-de-loire.fr"),
        ("password", "court"),
        ("profile_id", "5"),
        ("active", "1"),
    ];
    let (short, _) = admin.post(&format!("{team}/nouveau"), &fields).await;
    assert_eq!(short.status, 422);
    assert!(short.body.contains("au moins 8 caractères"));
    let mut fields = fields.to_vec();
    fields[3] = ("password", "vendeuse-2027");
    let (ok, page) = admin.post(&format!("{team}/nouveau"), &fields).await;
    assert_eq!(ok.status, 303);
    assert!(page.body.contains("Employé Lina Martin créé"));
    let db = t.open(sandbox).await;
    assert_eq!(
        last_journal(&db, "employee").await.1,
        "Employé Lina Martin créé (profil « Vendeur »)"
    );

    // Profile 5 (Vendeur) may see the catalogue…
    let lina = app.shopper();
    let (signed, _) = lina
        .post(
            &format!("/s/{id}/admin/connexion"),
            &[
                ("email", "lina.martin@toiles-de-loire.fr"),
                ("password", "vendeuse-2027"),
            ],
        )
        .await;
    assert_eq!(signed.status, 303);
    let products = format!("/s/{id}/admin/boutique/catalogue/produits");
    let can_see: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM profile_permission WHERE profile_id = 5 AND tab = 'catalog' AND can_view = 1")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(
        lina.get(&products).await.status,
        if can_see == 1 { 200 } else { 403 }
    );

    // …until the matrix takes the catalogue away from the profile.
    let matrix = admin.get(&format!("{team}/permissions?profil=5")).await;
    assert!(matrix.body.contains("name=\"catalog.view\""));
    let (saved, page) = admin
        .post(
            &format!("{team}/permissions"),
            &[
                ("profile_id", "5"),
                ("orders.view", "on"),
                ("orders.edit", "on"),
                ("customers.view", "on"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert!(page.body.contains("Permissions enregistrées"));
    let refused = lina.get(&products).await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("Accès refusé") && refused.body.contains("Catalogue"));
    assert_eq!(
        lina.get(&format!("/s/{id}/admin/boutique/commandes"))
            .await
            .status,
        200
    );
    let (_, summary) = last_journal(&db, "profile").await;
    assert!(
        summary.starts_with("Permissions du profil « Vendeur » modifiées :")
            && summary.contains("Catalogue"),
        "{summary}"
    );
    // The SuperAdmin profile cannot be locked out.
    let (_, page) = admin
        .post(&format!("{team}/permissions"), &[("profile_id", "1")])
        .await;
    assert!(page.body.contains("SuperAdmin ne se modifient pas"));
}

#[tokio::test]
async fn after_sales_a_reply_a_refunded_return_with_its_credit_slip_and_a_review_reply() {
    let t = TestData::new().await;
    let sandbox = t.sandbox();
    let id = sandbox.to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let db = t.open(sandbox).await;
    let sav = format!("/s/{id}/admin/boutique/sav");

    // A customer message: an empty reply is refused, a real one goes to the outbox.
    let (thread, email): (i64, String) = sqlx::query_as(
        "SELECT id, email FROM customer_thread WHERE status = 'open' ORDER BY id LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let list = user.get(&sav).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Ouvert"));
    let page = user.get(&format!("{sav}/{thread}")).await;
    assert!(page.body.contains("Message prédéfini"));
    let (empty, _) = user
        .post(
            &format!("{sav}/{thread}"),
            &[("message", ""), ("status", "open"), ("assigned", "")],
        )
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Écrivez une réponse"));
    let (sent, page) = user
        .post(
            &format!("{sav}/{thread}"),
            &[
                (
                    "message",
                    "Bonjour, votre colis part ce jour. <b>Merci</b> !",
                ),
                ("status", "closed"),
                ("assigned", "3"),
            ],
        )
        .await;
    assert_eq!(sent.status, 303);
    assert!(
        page.body
            .contains("Bonjour, votre colis part ce jour. &lt;b&gt;Merci&lt;&#x2F;b&gt; !"),
        "the reply is shown, inert"
    );
    let status: String = sqlx::query_scalar("SELECT status FROM customer_thread WHERE id = ?")
        .bind(thread)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(status, "closed");
    let mail: String = sqlx::query_scalar("SELECT email FROM outbox ORDER BY id DESC LIMIT 1")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(mail, email);
    let (_, summary) = last_journal(&db, "customer_thread").await;
    assert!(
        summary.contains(&format!("réponse envoyée à {email}"))
            && summary.contains("statut « Fermé »")
            && summary.contains("transmis à Sandrine Cosset"),
        "{summary}"
    );

    // A return: accept, receive, refund → a credit slip of the returned lines.
    let (ret, expected): (i64, i64) = sqlx::query_as(
        "SELECT r.id, SUM(l.unit_price_cents * rl.quantity) FROM order_return r JOIN order_return_line rl ON rl.return_id = r.id
         JOIN order_line l ON l.id = rl.order_line_id WHERE r.state = 'requested' GROUP BY r.id ORDER BY r.id LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let (wrong, page) = user
        .post(&format!("{sav}/retours/{ret}"), &[("etape", "rembourser")])
        .await;
    assert_eq!(wrong.status, 303);
    assert!(
        page.body
            .contains("Cette étape ne suit pas l&#x27;état actuel du retour.")
            || page
                .body
                .contains("Cette étape ne suit pas l'état actuel du retour.")
    );
    for step in ["accepter", "recevoir"] {
        let (ok, _) = user
            .post(&format!("{sav}/retours/{ret}"), &[("etape", step)])
            .await;
        assert_eq!(ok.status, 303);
    }
    let slips_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM credit_slip")
        .fetch_one(&db)
        .await
        .unwrap();
    let (_, page) = user
        .post(&format!("{sav}/retours/{ret}"), &[("etape", "rembourser")])
        .await;
    assert!(
        page.body
            .contains(&format!("avoir de {} créé", euros(expected))),
        "credit slip of {}",
        euros(expected)
    );
    let (count, amount): (i64, i64) = sqlx::query_as("SELECT COUNT(*), (SELECT amount_cents FROM credit_slip ORDER BY id DESC LIMIT 1) FROM credit_slip")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!((count, amount), (slips_before + 1, expected));
    let state: String = sqlx::query_scalar("SELECT state FROM order_return WHERE id = ?")
        .bind(ret)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(state, "refunded");
    let (action, summary) = last_journal(&db, "order_return").await;
    assert_eq!(action, "refunded");
    assert!(
        summary.starts_with(&format!("Retour n° {ret} (commande")),
        "{summary}"
    );

    // A review gets the shop's public reply.
    let review: i64 = sqlx::query_scalar("SELECT id FROM product_review WHERE status = 'approved' AND reply = '' ORDER BY id LIMIT 1").fetch_one(&db).await.unwrap();
    let reviews = user.get(&format!("{sav}/avis")).await;
    assert_eq!(reviews.status, 200);
    let (ok, _) = user
        .post(
            &format!("{sav}/avis/{review}"),
            &[
                ("status", "approved"),
                (
                    "reply",
                    "Merci pour ce retour, toute l'atelier vous salue !",
                ),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    let reply: String = sqlx::query_scalar("SELECT reply FROM product_review WHERE id = ?")
        .bind(review)
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(reply.starts_with("Merci pour ce retour"));
    let (_, summary) = last_journal(&db, "product_review").await;
    assert!(
        summary.contains("réponse de la boutique : « Merci pour ce retour"),
        "{summary}"
    );
}

#[tokio::test]
async fn every_shop_menu_entry_answers_in_french_and_settings_are_saved_with_their_journal() {
    let t = TestData::new().await;
    let sandbox = t.sandbox();
    let id = sandbox.to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    // Every link of the shop-side menu (entries, then each entry's sub-menu) leads to a page.
    let prefix = format!("/s/{id}/admin/boutique/");
    let links_of = |body: &str| -> Vec<String> {
        body.replace("&#x2F;", "/")
            .split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|href| href.starts_with(&prefix) && !href.contains("/export/"))
            .map(|href| href.split(['#', '?']).next().unwrap_or(href).to_owned())
            .collect()
    };
    let mut links = links_of(&user.get(&prefix).await.body);
    let mut seen = std::collections::BTreeSet::new();
    while let Some(link) = links.pop() {
        if !seen.insert(link.clone()) {
            continue;
        }
        let page = user.get(&link).await;
        assert_eq!(page.status, 200, "{link}");
        assert!(page.body.contains("lang=\"fr\""), "{link}");
        if link.matches('/').count() <= 6 {
            links.extend(
                links_of(&page.body)
                    .into_iter()
                    .filter(|l| l.matches('/').count() <= 7 && !l.ends_with("/nouveau")),
            );
        }
    }
    assert!(seen.len() >= 20, "{seen:?}");
    for path in [
        "catalogue/stocks",
        "catalogue/categories",
        "catalogue/marques",
        "catalogue/attributs",
        "modules",
        "livraison/transporteurs",
    ] {
        assert_eq!(
            user.get(&format!("/s/{id}/admin/boutique/{path}"))
                .await
                .status,
            200,
            "{path}"
        );
    }

    let db = t.open(sandbox).await;
    let prefs = format!("/s/{id}/admin/boutique/livraison/preferences");
    let (bad, _) = user.post(&prefs, &[("threshold", "beaucoup")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Le seuil doit être un montant en euros"));
    let (ok, _) = user.post(&prefs, &[("threshold", "59,00")]).await;
    assert_eq!(ok.status, 303);
    let threshold: String =
        sqlx::query_scalar("SELECT value FROM setting WHERE key = 'shipping.free_threshold_cents'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(threshold, "5900");
    assert!(
        last_journal(&db, "setting")
            .await
            .1
            .starts_with("Préférences de livraison")
    );

    let payment = format!("/s/{id}/admin/boutique/parametres/paiement");
    let form = user.get(&payment).await;
    assert!(form.body.contains("SAS Les Toiles de Loire"));
    let (ok, page) = user
        .post(
            &payment,
            &[
                ("payment_cheque_payee", "Les Toiles de Loire"),
                (
                    "payment_cheque_address",
                    "18 rue des Tisserands, 49300 Cholet",
                ),
                ("payment_transfer_owner", "SAS Les Toiles de Loire"),
                ("payment_transfer_iban", "FR76 1470 6000 3200 1234 5678 942"),
                ("payment_transfer_bic", "AGRIFRPP847"),
                (
                    "payment_transfer_bank",
                    "Crédit Agricole Anjou Maine — agence de Cholet",
                ),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert!(page.body.contains("Paramètres de paiement enregistrés."));
    let payee: String =
        sqlx::query_scalar("SELECT value FROM setting WHERE key = 'payment.cheque_payee'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(payee, "Les Toiles de Loire");
    assert_eq!(
        last_journal(&db, "setting").await.1,
        "Paramètres de paiement (chèque et virement) modifiés (2 réglage(s))"
    );

    // Social sharing on a product page goes through the external-link notice, never out.
    let slug: String =
        sqlx::query_scalar("SELECT slug FROM product WHERE active = 1 ORDER BY id LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
    let product = user.get(&format!("/s/{id}/produit/{slug}")).await;
    assert!(product.body.contains("Partager"));
    assert!(product.body.replace("&#x2F;", "/").contains(&format!(
        "/s/{id}/lien-externe?url=https%3A%2F%2Fwww.facebook.com%2Fsharer"
    )));
    assert!(
        !product
            .body
            .contains("href=\"https://www.facebook.com/sharer")
    );
}

#[tokio::test]
async fn a_catalogue_rule_on_a_category_crosses_out_its_prices_in_the_storefront() {
    let t = TestData::new().await;
    let sandbox = t.sandbox();
    let id = sandbox.to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let db = t.open(sandbox).await;
    let (slug, ht, rate): (String, i64, f64) = sqlx::query_as(
        "SELECT p.slug, p.price_ht_cents, t.rate FROM product p JOIN tax_rule t ON t.id = p.tax_rule_id WHERE p.id = 36",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let before = user.get(&format!("/s/{id}/produit/{slug}")).await;
    assert!(!before.body.contains("Promo"));
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
    let (ok, page) = user
        .post(
            &format!("/s/{id}/admin/boutique/catalogue/reductions/catalogue/nouveau"),
            &form("20"),
        )
        .await;
    assert_eq!(ok.status, 303);
    assert!(page.body.contains("Soirées d"));
    let (_, summary) = last_journal(&db, "catalog_rule").await;
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

#[tokio::test]
async fn product_features_are_filled_in_their_tab_and_an_empty_value_removes_one() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let base = format!("/s/{id}/admin/boutique/catalogue/produits");
    let (created, form) = user
        .post(
            &format!("{base}/nouveau"),
            &[("name", "Housse de coussin Sauge")],
        )
        .await;
    let product_path = created.location.clone().unwrap();
    let pid: i64 = product_path.rsplit('/').next().unwrap().parse().unwrap();
    assert!(form.body.contains("Caractéristiques"));
    assert!(form.body.contains("name=\"feature_1\""), "Matière field");
    assert!(form.body.contains("Grammage"));

    let mut fields = product_form("Housse de coussin Sauge", "41,58", "12");
    fields.push(("feature_1", "100 % lin lavé <b>épais</b>"));
    fields.push(("feature_4", "165 g/m²"));
    fields.push(("feature_2", ""));
    let (saved, page) = user.post(&product_path, &fields).await;
    assert_eq!(saved.status, 303);
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
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT feature_id, value FROM product_feature WHERE product_id = ? ORDER BY feature_id",
    )
    .bind(pid)
    .fetch_all(&db)
    .await
    .unwrap();
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
    let (saved, _) = user.post(&product_path, &fields).await;
    assert_eq!(saved.status, 303);
    let left: Vec<i64> =
        sqlx::query_scalar("SELECT feature_id FROM product_feature WHERE product_id = ?")
            .bind(pid)
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(left, vec![1]);
    assert_eq!(
        last_journal(&db, "product").await.1,
        "Produit « Housse de coussin Sauge » modifié : caractéristiques"
    );
}

#[tokio::test]
async fn cover_and_gallery_are_chosen_from_the_media_library_with_their_alt_texts() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let base = format!("/s/{id}/admin/boutique/catalogue/produits");
    let (created, form) = user
        .post(
            &format!("{base}/nouveau"),
            &[("name", "Housse de coussin Sauge")],
        )
        .await;
    let product_path = created.location.clone().unwrap();
    let pid: i64 = product_path.rsplit('/').next().unwrap().parse().unwrap();
    assert!(form.body.contains("Ce produit n'a pas encore d'image"));
    assert!(
        form.body
            .contains("Ajouter des images depuis la médiathèque")
    );
    assert!(form.body.contains("drap-housse-lin-lave-ecru.svg"));

    // Two images added from the library, the second as cover, its alt text rewritten.
    let mut fields = product_form("Housse de coussin Sauge", "41,58", "12");
    fields.extend([
        ("images_form", "1"),
        ("gallery", "31"),
        ("gallery", "32"),
        ("cover_media_id", "32"),
        ("alt_32", "Housse sauge <img src=x onerror=alert(1)>"),
    ]);
    let (saved, page) = user.post(&product_path, &fields).await;
    assert_eq!(saved.status, 303);
    assert!(page.body.contains("Images (2)"));
    assert!(
        page.body.contains("media&#x2F;32\"") || page.body.contains("media/32\""),
        "thumbnail of the cover"
    );
    assert!(
        !page.body.contains("<img src=x onerror"),
        "hostile alt text comes out inert"
    );
    let db = t.open(id.parse().unwrap()).await;
    let gallery: Vec<i64> = sqlx::query_scalar(
        "SELECT media_id FROM product_media WHERE product_id = ? ORDER BY position",
    )
    .bind(pid)
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(gallery, vec![31, 32]);
    let cover: Option<i64> = sqlx::query_scalar("SELECT cover_media_id FROM product WHERE id = ?")
        .bind(pid)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(cover, Some(32));
    let alt: String = sqlx::query_scalar("SELECT alt FROM media WHERE id = 32")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(alt, "Housse sauge <img src=x onerror=alert(1)>");
    let (_, summary) = last_journal(&db, "product").await;
    assert!(
        summary.contains("galerie (2 image(s))")
            && summary.contains("image de couverture")
            && summary.contains("1 texte(s) alternatif(s)"),
        "{summary}"
    );

    // Unticking the cover removes it from the gallery: the remaining image becomes the cover.
    let mut fields = product_form("Housse de coussin Sauge", "41,58", "12");
    fields.extend([
        ("images_form", "1"),
        ("gallery", "31"),
        ("cover_media_id", "32"),
        ("alt_31", "Drap housse en lin lavé — Écru"),
    ]);
    let (saved, _) = user.post(&product_path, &fields).await;
    assert_eq!(saved.status, 303);
    let cover: Option<i64> = sqlx::query_scalar("SELECT cover_media_id FROM product WHERE id = ?")
        .bind(pid)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(cover, Some(31));
    assert_eq!(
        last_journal(&db, "product").await.1,
        "Produit « Housse de coussin Sauge » modifié : galerie (1 image(s)), image de couverture"
    );

    // A form without the images tab leaves them alone.
    let (saved, _) = user
        .post(
            &product_path,
            &product_form("Housse de coussin Sauge", "41,58", "12"),
        )
        .await;
    assert_eq!(saved.status, 303);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM product_media WHERE product_id = ?")
        .bind(pid)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn a_brand_is_created_renamed_and_deleted_and_its_products_keep_existing() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let base = format!("/s/{id}/admin/boutique/catalogue/marques");
    let list = user.get(&base).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Ajouter une marque"));

    // Bad input: a clear message, nothing written.
    let (refused, _) = user
        .post(&format!("{base}/nouveau"), &[("name", "x")])
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("au moins 2 caractères"));
    let db = t.open(id.parse().unwrap()).await;
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM brand")
        .fetch_one(&db)
        .await
        .unwrap();

    let (created, page) = user
        .post(
            &format!("{base}/nouveau"),
            &[
                ("name", "Atelier Sauge <i>bio</i>"),
                ("description", "Coussins cousus à Cholet."),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(created.status, 303);
    assert!(page.body.contains("enregistrée"));
    assert!(!page.body.contains("<i>bio</i>"), "hostile name inert");
    let (bid, slug, active): (i64, String, i64) = sqlx::query_as(
        "SELECT id, slug, active FROM brand WHERE name = 'Atelier Sauge <i>bio</i>'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(slug.starts_with("atelier-sauge"), "{slug}");
    assert_eq!(active, 1);
    assert_eq!(
        last_journal(&db, "brand").await,
        (
            "create".to_owned(),
            "Marque « Atelier Sauge <i>bio</i> » créée".to_owned()
        )
    );

    // A duplicate name is refused.
    let (dup, _) = user
        .post(
            &format!("{base}/nouveau"),
            &[("name", "Atelier Sauge <i>bio</i>")],
        )
        .await;
    assert_eq!(dup.status, 422);
    assert!(dup.body.contains("existe déjà"));

    let edit = user.get(&format!("{base}/{bid}")).await;
    assert!(edit.body.contains("Modifier la marque"));
    let (saved, _) = user
        .post(
            &format!("{base}/{bid}"),
            &[("name", "Atelier Sauge"), ("description", "")],
        )
        .await;
    assert_eq!(saved.status, 303);
    let (name, active): (String, i64) =
        sqlx::query_as("SELECT name, active FROM brand WHERE id = ?")
            .bind(bid)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!((name.as_str(), active), ("Atelier Sauge", 0));
    assert_eq!(
        last_journal(&db, "brand").await.1,
        "Marque « Atelier Sauge <i>bio</i> » renommée en « Atelier Sauge »"
    );

    // Deleting a brand in use detaches its products.
    let used: i64 =
        sqlx::query_scalar("SELECT brand_id FROM product WHERE brand_id IS NOT NULL LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
    let in_use: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM product WHERE brand_id = ?")
        .bind(used)
        .fetch_one(&db)
        .await
        .unwrap();
    let (deleted, page) = user.post(&format!("{base}/{used}/supprimer"), &[]).await;
    assert_eq!(deleted.status, 303);
    assert!(
        page.body
            .contains(&format!("retirée de {in_use} produit(s)"))
    );
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM brand")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(left, before);
    let (action, summary) = last_journal(&db, "brand").await;
    assert_eq!(action, "delete");
    assert!(summary.ends_with(&format!("supprimée (retirée de {in_use} produit(s))")));

    // A Logisticien may look but not delete.
    let other = app.shopper();
    sign_in(&other, &id, LOGISTICIAN_EMAIL).await;
    let (denied, _) = other.post(&format!("{base}/{bid}/supprimer"), &[]).await;
    assert_ne!(denied.status, 303);
}

#[tokio::test]
async fn a_category_is_placed_in_the_tree_with_its_seo_and_deleted_only_when_empty() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let base = format!("/s/{id}/admin/boutique/catalogue/categories");
    let db = t.open(id.parse().unwrap()).await;

    let form = user.get(&format!("{base}/nouveau")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Nouvelle catégorie"));
    assert!(form.body.contains("Catégorie parente"));
    assert!(form.body.contains("Analyse SEO"));

    let (refused, _) = user
        .post(
            &format!("{base}/nouveau"),
            &[("name", "Tapis"), ("slug", "Tapis Épais!")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("URL simplifiée"));

    let (created, _) = user
        .post(
            &format!("{base}/nouveau"),
            &[
                ("name", "Tapis de bain <b>coton</b>"),
                ("parent_id", "6"),
                (
                    "description",
                    "Des tapis de bain en coton bio, tissés au Portugal.",
                ),
                ("meta_title", "Tapis de bain en coton bio | Toiles de Loire"),
                ("meta_description", ""),
                ("slug", ""),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(created.status, 303);
    let (cid, parent, slug): (i64, Option<i64>, String) = sqlx::query_as(
        "SELECT id, parent_id, slug FROM category WHERE name = 'Tapis de bain <b>coton</b>'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(parent, Some(6));
    assert!(slug.starts_with("tapis-de-bain"), "{slug}");
    assert_eq!(
        last_journal(&db, "category").await,
        (
            "create".to_owned(),
            "Catégorie « Tapis de bain <b>coton</b> » créée".to_owned()
        )
    );
    let tree = user.get(&base).await;
    assert!(
        tree.body.contains("Tapis de bain &lt;b&gt;coton&lt;"),
        "inert and listed"
    );

    // A category may not go under its own subcategory.
    let (loop_refused, _) = user
        .post(
            &format!("{base}/13"),
            &[
                ("name", "Décoration"),
                ("slug", "decoration"),
                ("parent_id", "14"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(loop_refused.status, 422);
    assert!(
        loop_refused
            .body
            .contains("ni dans une de ses sous-catégories")
    );
    let parent13: Option<i64> = sqlx::query_scalar("SELECT parent_id FROM category WHERE id = 13")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(parent13, None);

    // Moved and completed: journal says what changed.
    let (saved, page) = user
        .post(
            &format!("{base}/{cid}"),
            &[
                ("name", "Tapis de bain"),
                ("parent_id", "13"),
                ("description", "Des tapis de bain en coton bio, tissés au Portugal."),
                ("meta_title", "Tapis de bain en coton bio | Toiles de Loire"),
                ("meta_description", "Tapis de bain en coton biologique, épais et doux, tissés au Portugal : cinq coloris assortis à nos serviettes."),
                ("slug", "tapis-de-bain"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert!(
        page.body
            .contains("Catégorie « Tapis de bain » enregistrée.")
    );
    assert_eq!(
        last_journal(&db, "category").await.1,
        "Catégorie « Tapis de bain » modifiée : nom « Tapis de bain <b>coton</b> » → « Tapis de bain », catégorie parente, référencement SEO"
    );

    // A category with subcategories stays; an empty one goes.
    let (kept, page) = user.post(&format!("{base}/13/supprimer"), &[]).await;
    assert_eq!(kept.status, 303);
    assert!(page.body.contains("sous-catégorie(s)"));
    let (gone, page) = user.post(&format!("{base}/{cid}/supprimer"), &[]).await;
    assert_eq!(gone.status, 303);
    assert!(page.body.contains("Catégorie « Tapis de bain » supprimée."));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM category WHERE id = ?")
        .bind(cid)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(count, 0);
    assert_eq!(last_journal(&db, "category").await.0, "delete");
}

#[tokio::test]
async fn a_specific_price_is_added_to_a_product_then_removed() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let product = format!("/s/{id}/admin/boutique/catalogue/produits/6");
    let db = t.open(id.parse().unwrap()).await;
    let form = user.get(&product).await;
    assert!(form.body.contains("Ajouter un prix spécifique"));
    let count = async || -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM specific_price WHERE product_id = 6")
            .fetch_one(&db)
            .await
            .unwrap()
    };
    let before = count().await;

    // Bad input: a clear message, nothing written.
    let (refused, page) = user
        .post(
            &format!("{product}/prix-specifiques/nouveau"),
            &[
                ("sp_kind", "percent"),
                ("sp_value", "150"),
                ("sp_from_quantity", "1"),
            ],
        )
        .await;
    assert_eq!(refused.status, 303);
    assert!(page.body.contains("Prix spécifique non ajouté"));
    let (refused, page) = user
        .post(
            &format!("{product}/prix-specifiques/nouveau"),
            &[
                ("sp_kind", "amount"),
                ("sp_value", "5,00"),
                ("sp_from_quantity", "1"),
                ("sp_starts_on", "2026-12-31"),
                ("sp_ends_on", "2026-12-01"),
            ],
        )
        .await;
    assert_eq!(refused.status, 303);
    assert!(
        page.body
            .contains("La date de fin doit suivre la date de début.")
    );
    assert_eq!(count().await, before);

    let (added, page) = user
        .post(
            &format!("{product}/prix-specifiques/nouveau"),
            &[
                ("sp_group", "3"),
                ("sp_kind", "amount"),
                ("sp_value", "5,00"),
                ("sp_from_quantity", "2"),
                ("sp_starts_on", "2026-12-01"),
                ("sp_ends_on", "2026-12-31"),
            ],
        )
        .await;
    assert_eq!(added.status, 303);
    assert!(page.body.contains("Prix spécifique ajouté."));
    let (sid, group, qty, cents, ends): (i64, Option<i64>, i64, i64, Option<String>) = sqlx::query_as(
        "SELECT id, customer_group_id, from_quantity, reduction_cents, ends_at FROM specific_price WHERE product_id = 6 ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((group, qty, cents), (Some(3), 2, 500));
    assert_eq!(ends.as_deref(), Some("2026-12-31 23:59:59"));
    let (action, summary) = last_journal(&db, "product").await;
    assert_eq!(action, "specific_price");
    assert!(
        summary.starts_with("Prix spécifique ajouté à « "),
        "{summary}"
    );
    assert!(
        summary.contains("dès 2 unité(s), du 01/12/2026 au 31/12/2026"),
        "{summary}"
    );

    let (removed, page) = user
        .post(&format!("{product}/prix-specifiques/{sid}/supprimer"), &[])
        .await;
    assert_eq!(removed.status, 303);
    assert!(page.body.contains("Prix spécifique supprimé."));
    assert_eq!(count().await, before);
    assert!(
        last_journal(&db, "product")
            .await
            .1
            .starts_with(&format!("Prix spécifique n° {sid} supprimé"))
    );
}

#[tokio::test]
async fn in_a_real_browser_the_images_tab_and_the_category_form_are_usable() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let a = format!("{}/s/{id}", app.address);
    browser.goto(&format!("{a}/admin/connexion")).await;
    browser.find("#email").await.type_text(ADMIN_EMAIL).await;
    browser.find("#mdp").await.type_text(PASSWORD).await;
    click(&browser, "button[type=submit]").await;
    browser.wait_for_text("Bonjour").await;

    browser
        .goto(&format!("{a}/admin/boutique/catalogue/produits/6"))
        .await;
    click(&browser, "button[data-cible=images]").await;
    browser.wait_for_text("Images du produit").await;
    shot(&browser, "shop2-images.png").await;
    click(&browser, "button[data-cible=prix]").await;
    browser.wait_for_text("Ajouter un prix spécifique").await;
    shot(&browser, "shop2-prix.png").await;
    // The specific-price form is submitted by its own button, outside the product form.
    set_value(&browser, "#f-sp_value", "15").await;
    click(&browser, "button[form=prix-specifique]").await;
    browser.wait_for_text("Prix spécifique ajouté.").await;

    browser
        .goto(&format!("{a}/admin/boutique/catalogue/categories/14"))
        .await;
    browser.wait_for_text("Analyse SEO").await;
    shot(&browser, "shop2-categorie.png").await;
    browser
        .goto(&format!("{a}/admin/boutique/catalogue/marques"))
        .await;
    browser.wait_for_text("Ajouter une marque").await;
    shot(&browser, "shop2-marques.png").await;
    browser
        .goto(&format!("{a}/admin/boutique/catalogue/produits/10"))
        .await;
    click(&browser, "button[data-cible=options]").await;
    browser.wait_for_text("Pack de produits").await;
    browser
        .script(
            "document.querySelector('#f-pack_product').scrollIntoView({block: 'center'});",
            vec![],
        )
        .await;
    shot(&browser, "shop2-options.png").await;
    browser
        .goto(&format!("{a}/admin/boutique/livraison/transporteurs"))
        .await;
    browser.wait_for_text("Ajouter la tranche").await;
    shot(&browser, "shop2-transporteurs.png").await;
}

#[tokio::test]
async fn a_search_alias_is_added_then_removed() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let base = format!("/s/{id}/admin/boutique/catalogue/attributs");
    let db = t.open(id.parse().unwrap()).await;
    let page = user.get(&base).await;
    assert!(page.body.contains("Ajouter un alias"));

    let (refused, page) = user
        .post(
            &format!("{base}/alias/nouveau"),
            &[("alias", "Drap"), ("search", "draps")],
        )
        .await;
    assert_eq!(refused.status, 303);
    assert!(page.body.contains("alias « drap » existe déjà."));

    let (added, page) = user
        .post(
            &format!("{base}/alias/nouveau"),
            &[("alias", " Plaid "), ("search", "couverture")],
        )
        .await;
    assert_eq!(added.status, 303);
    assert!(page.body.contains("Alias de recherche ajouté."));
    let aid: i64 = sqlx::query_scalar(
        "SELECT id FROM search_alias WHERE alias = 'plaid' AND search = 'couverture'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        last_journal(&db, "search_alias").await.1,
        "Alias de recherche « plaid » → « couverture » créé"
    );

    let (removed, page) = user
        .post(&format!("{base}/alias/{aid}/supprimer"), &[])
        .await;
    assert_eq!(removed.status, 303);
    assert!(page.body.contains("Alias de recherche supprimé."));
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM search_alias WHERE id = ?")
        .bind(aid)
        .fetch_one(&db)
        .await
        .unwrap();
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
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let product = format!("/s/{id}/admin/boutique/catalogue/produits/6");
    let db = t.open(id.parse().unwrap()).await;
    assert!(user.get(&product).await.body.contains("Personnalisation"));

    let (refused, page) = user
        .post(
            &format!("{product}/personnalisation/nouveau"),
            &[("cf_label", " "), ("cf_kind", "text")],
        )
        .await;
    assert_eq!(refused.status, 303);
    assert!(page.body.contains("de 2 à 120 caractères"));

    let (added, page) = user
        .post(
            &format!("{product}/personnalisation/nouveau"),
            &[
                ("cf_label", "Prénom à broder <script>x</script>"),
                ("cf_kind", "text"),
                ("cf_required", "1"),
            ],
        )
        .await;
    assert_eq!(added.status, 303);
    assert!(page.body.contains("Champ de personnalisation ajouté."));
    assert!(!page.body.contains("<script>x</script>"), "inert");
    let (fid, kind, required): (i64, String, i64) = sqlx::query_as(
        "SELECT id, kind, required FROM customization_field WHERE product_id = 6 ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((kind.as_str(), required), ("text", 1));
    let summary = last_journal(&db, "product").await.1;
    assert!(
        summary.starts_with(
            "Champ de personnalisation « Prénom à broder <script>x</script> » (texte, obligatoire) ajouté à « "
        ),
        "{summary}"
    );

    let (removed, page) = user
        .post(&format!("{product}/personnalisation/{fid}/supprimer"), &[])
        .await;
    assert_eq!(removed.status, 303);
    assert!(page.body.contains("Champ de personnalisation retiré."));
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customization_field WHERE id = ?")
        .bind(fid)
        .fetch_one(&db)
        .await
        .unwrap();
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
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let with_combinations = format!("/s/{id}/admin/boutique/catalogue/produits/6");
    let (refused, page) = user
        .post(
            &format!("{with_combinations}/pack/nouveau"),
            &[("pack_product", "1"), ("pack_quantity", "1")],
        )
        .await;
    assert_eq!(refused.status, 303);
    assert!(
        page.body
            .contains("Un produit avec déclinaisons ne peut pas devenir un pack.")
    );
    let product = format!("/s/{id}/admin/boutique/catalogue/produits/10");
    let db = t.open(id.parse().unwrap()).await;
    assert!(
        user.get(&product)
            .await
            .body
            .contains("Ce produit n'est pas un pack.")
    );

    let (refused, page) = user
        .post(
            &format!("{product}/pack/nouveau"),
            &[("pack_product", "51"), ("pack_quantity", "1")],
        )
        .await;
    assert_eq!(refused.status, 303);
    assert!(
        page.body
            .contains("Un pack ne peut pas contenir un autre pack.")
    );

    let (added, page) = user
        .post(
            &format!("{product}/pack/nouveau"),
            &[("pack_product", "1"), ("pack_quantity", "2")],
        )
        .await;
    assert_eq!(added.status, 303);
    assert!(page.body.contains("Contenu du pack enregistré."));
    let (is_pack, qty): (i64, i64) = sqlx::query_as(
        "SELECT p.is_pack, i.quantity FROM product p JOIN pack_item i ON i.pack_id = p.id WHERE p.id = 10 AND i.product_id = 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((is_pack, qty), (1, 2));
    let (action, summary) = last_journal(&db, "product").await;
    assert_eq!(action, "pack");
    assert!(summary.contains(" : 2 × « "), "{summary}");

    let (removed, page) = user.post(&format!("{product}/pack/1/supprimer"), &[]).await;
    assert_eq!(removed.status, 303);
    assert!(page.body.contains("Produit retiré du pack."));
    let is_pack: i64 = sqlx::query_scalar("SELECT is_pack FROM product WHERE id = 10")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(is_pack, 0);
    assert!(
        last_journal(&db, "product")
            .await
            .1
            .contains("retiré du pack")
    );
}

#[tokio::test]
async fn a_carrier_price_range_is_added_per_zone_without_overlap_then_removed() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let base = format!("/s/{id}/admin/boutique/livraison/transporteurs");
    let db = t.open(id.parse().unwrap()).await;
    assert!(user.get(&base).await.body.contains("Ajouter la tranche"));

    let (refused, page) = user
        .post(
            &format!("{base}/1/tranches/nouveau"),
            &[
                ("billing", "weight"),
                ("zone_id", "4"),
                ("range_min", "25"),
                ("range_max", "40"),
                ("price", "45,00"),
            ],
        )
        .await;
    assert_eq!(refused.status, 303);
    assert!(page.body.contains("chevauche une tranche existante"));

    let (added, page) = user
        .post(
            &format!("{base}/1/tranches/nouveau"),
            &[
                ("billing", "weight"),
                ("zone_id", "4"),
                ("range_min", "30"),
                ("range_max", "50"),
                ("price", "49,90"),
            ],
        )
        .await;
    assert_eq!(added.status, 303);
    assert!(page.body.contains("Tranche ajoutée."));
    let (rid, min, max, price): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT id, range_min, range_max, price_cents FROM carrier_range WHERE carrier_id = 1 AND zone_id = 4 ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((min, max, price), (30_000, 50_000, 4990));
    assert_eq!(
        last_journal(&db, "carrier").await.1,
        "Tranche ajoutée à Colissimo Domicile (Union européenne) : de 30 à 50 kg, 49,90\u{a0}€ TTC"
    );

    let (removed, page) = user
        .post(&format!("{base}/1/tranches/{rid}/supprimer"), &[])
        .await;
    assert_eq!(removed.status, 303);
    assert!(page.body.contains("Tranche supprimée."));
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM carrier_range WHERE id = ?")
        .bind(rid)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(left, 0);
    assert!(last_journal(&db, "carrier").await.1.ends_with("supprimée"));
}

#[tokio::test]
async fn a_deactivated_employee_can_no_longer_sign_in_and_nobody_locks_themselves_out() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let db = t.open(id.parse().unwrap()).await;
    let antoine: i64 = sqlx::query_scalar(
        "SELECT id FROM employee WHERE email = 'antoine.pineau@toiles-de-loire.fr'",
    )
    .fetch_one(&db)
    .await
    .unwrap();

    let (answer, page) = user
        .post(
            &format!("/s/{id}/admin/boutique/equipe/{antoine}/statut"),
            &[],
        )
        .await;
    assert_eq!(answer.status, 303);
    assert!(
        page.body.contains("Le compte est désactivé"),
        "{}",
        page.body
    );
    let active: i64 = sqlx::query_scalar("SELECT active FROM employee WHERE id = ?")
        .bind(antoine)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(active, 0);
    let (action, summary) = last_journal(&db, "employee").await;
    assert_eq!(action, "update");
    assert!(summary.contains("Antoine Pineau désactivé"), "{summary}");

    let other = app.shopper();
    let (refused, _) = other
        .post(
            &format!("/s/{id}/admin/connexion"),
            &[
                ("email", "antoine.pineau@toiles-de-loire.fr"),
                ("password", "demo-e5-2027"),
            ],
        )
        .await;
    assert_eq!(refused.status, 401, "a deactivated account cannot sign in");

    // Reactivated, he signs in again; the signed-in SuperAdmin cannot deactivate herself.
    user.post(
        &format!("/s/{id}/admin/boutique/equipe/{antoine}/statut"),
        &[("active", "1")],
    )
    .await;
    let (ok, _) = other
        .post(
            &format!("/s/{id}/admin/connexion"),
            &[
                ("email", "antoine.pineau@toiles-de-loire.fr"),
                ("password", "demo-e5-2027"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    let (_, page) = user
        .post(&format!("/s/{id}/admin/boutique/equipe/1/statut"), &[])
        .await;
    assert!(page.body.contains("propre compte"), "{}", page.body);
    let still: i64 = sqlx::query_scalar("SELECT active FROM employee WHERE id = 1")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(still, 1);
}

#[tokio::test]
async fn an_order_taken_by_phone_is_created_from_the_back_office_and_the_customer_notified() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let form = user
        .get(&format!("/s/{id}/admin/boutique/commandes/nouveau"))
        .await;
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("Nouvelle commande") && form.body.contains("camille.martin@exemple.fr")
    );

    let db = t.open(id.parse().unwrap()).await;
    let (customer, email): (i64, String) =
        sqlx::query_as("SELECT id, email FROM customer WHERE email = 'camille.martin@exemple.fr'")
            .fetch_one(&db)
            .await
            .unwrap();
    let (product, stock): (i64, i64) = sqlx::query_as(
        "SELECT p.id, p.quantity FROM product p WHERE p.active = 1 AND p.quantity > 5 AND NOT EXISTS (SELECT 1 FROM combination c WHERE c.product_id = p.id) ORDER BY p.id LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let carrier: i64 =
        sqlx::query_scalar("SELECT id FROM carrier WHERE active = 1 ORDER BY position, id LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();

    // Without a product, nothing is created and the form says why.
    let (refused, _) = user
        .post(
            &format!("/s/{id}/admin/boutique/commandes/nouveau"),
            &[
                ("customer_id", &customer.to_string()),
                ("carrier_id", &carrier.to_string()),
                ("payment", "cheque"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Ajoutez au moins un produit."));

    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&db)
        .await
        .unwrap();
    let (created, detail) = user
        .post(
            &format!("/s/{id}/admin/boutique/commandes/nouveau"),
            &[
                ("customer_id", &customer.to_string()),
                ("product_1", &format!("{product}:")),
                ("quantity_1", "2"),
                ("carrier_id", &carrier.to_string()),
                ("payment", "virement"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    assert_eq!(detail.status, 200);
    assert!(detail.body.contains("créée pour"), "{}", detail.body);
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(after, before + 1);
    let (reference, owner, payment, quantity): (String, i64, String, i64) = sqlx::query_as(
        "SELECT o.reference, o.customer_id, o.payment, l.quantity FROM orders o JOIN order_line l ON l.order_id = o.id ORDER BY o.id DESC LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        (owner, payment.as_str(), quantity),
        (customer, "Virement bancaire", 2)
    );
    assert!(detail.body.contains(&reference));
    let left: i64 = sqlx::query_scalar("SELECT quantity FROM product WHERE id = ?")
        .bind(product)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(left, stock - 2, "the stock follows");
    let notified: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE email = ? AND subject LIKE '%' || ? || '%'",
    )
    .bind(&email)
    .bind(&reference)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(notified, 1);
    let (actor, summary): (String, String) = sqlx::query_as(
        "SELECT actor_label, summary FROM journal WHERE entity = 'order' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(actor, "Hélène Guérin");
    assert!(summary.contains(&reference), "{summary}");
}
