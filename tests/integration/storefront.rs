//! The storefront of three sandboxes made from one context: pages, cart, guest checkout,
//! independence, journal, sitemap, hostile input.

use crate::helpers::{Page, order_form, total_of};
use crate::helpers::{TestApp, TestData};
use crate::helpers::{column, row_for};
use crate::helpers::{one, one_for, row};
use e5_domain::SandboxId;
use sqlx::SqlitePool;

async fn product_with_combinations(db: &sqlx::SqlitePool) -> (i64, String, i64, String) {
    sqlx::query_as(
        "SELECT p.id, p.slug, c.id, p.name FROM product p JOIN combination c ON c.product_id = p.id
         WHERE p.active = 1 AND c.quantity >= 5 ORDER BY p.id, c.id LIMIT 1",
    )
    .fetch_one(db)
    .await
    .expect("the reference context has a product with combinations in stock")
}

async fn category_with_products(db: &sqlx::SqlitePool) -> (String, String) {
    row(db, "SELECT c.slug, c.name FROM category c JOIN product_category pc ON pc.category_id = c.id JOIN product p ON p.id = pc.product_id
         WHERE c.active = 1 AND p.active = 1 GROUP BY c.id ORDER BY COUNT(*) DESC LIMIT 1").await
}

#[tokio::test]
async fn three_sandboxes_serve_the_shop_and_an_order_stays_in_its_own_sandbox() {
    let t = TestData::new().await;
    let (ids, app, golden, product_id, combination_id, product_name) =
        three_sandboxes_serve_the_same_shop(&t).await;
    let (base, confirmation, first) = a_guest_buys_in_the_first_sandbox_only(
        &t,
        &ids,
        &app,
        &golden,
        product_id,
        combination_id,
        &product_name,
    )
    .await;
    the_order_stays_in_its_sandbox_and_browser(&t, &ids, &app, &base, &confirmation, &first).await;
}

async fn three_sandboxes_serve_the_same_shop(
    t: &TestData,
) -> ([SandboxId; 3], TestApp, SqlitePool, i64, i64, String) {
    let ids = [t.sandbox(), t.sandbox(), t.sandbox()];
    let app = TestApp::spawn(&t.data).await;
    let golden = e5_shop_db::open_read_only(&t.data.golden_path(&t.context))
        .await
        .unwrap();
    let shop_name: String = one(&golden, "SELECT value FROM setting WHERE key = 'shop.name'").await;
    let (product_id, slug, combination_id, product_name) = product_with_combinations(&golden).await;
    let (category_slug, category_name) = category_with_products(&golden).await;

    for id in ids {
        let shopper = app.shopper();
        let base = format!("/s/{id}");
        let home = shopper.get_ok(&format!("{base}/")).await;
        home.shows(&shop_name);
        let category = shopper
            .get_ok(&format!("{base}/categorie/{category_slug}"))
            .await;
        category.shows(&category_name);
        let product = shopper.get_ok(&format!("{base}/produit/{slug}")).await;
        assert!(
            product.body.contains("name=\"combination_id\""),
            "a product with combinations offers a choice"
        );
    }

    (ids, app, golden, product_id, combination_id, product_name)
}

async fn a_guest_buys_in_the_first_sandbox_only(
    t: &TestData,
    ids: &[SandboxId; 3],
    app: &TestApp,
    golden: &SqlitePool,
    product_id: i64,
    combination_id: i64,
    product_name: &str,
) -> (String, Page, SqlitePool) {
    // A guest buys in the first sandbox only.
    let shopper = app.shopper();
    let base = format!("/s/{}", ids[0]);
    let cart = shopper
        .post_ok(
            &format!("{base}/panier/ajouter"),
            &[
                ("product_id", &*product_id.to_string()),
                ("combination_id", &*combination_id.to_string()),
                ("quantity", "2"),
            ],
        )
        .await;
    assert!(
        cart.body.contains(&html_escape(product_name)),
        "the cart lists the product"
    );
    let checkout = shopper.get_ok(&format!("{base}/commande")).await;
    checkout.shows("name=\"carrier_id\"");
    let carrier: i64 = one(
        golden,
        "SELECT id FROM carrier WHERE active = 1 AND is_free = 0 ORDER BY position, id LIMIT 1",
    )
    .await;
    let (placed, confirmation) = shopper
        .post(
            &format!("{base}/commande"),
            order_form("camille.test@exemple.fr", carrier),
        )
        .await;
    assert_eq!(placed.status, 303, "{}", confirmation.body);
    assert!(
        placed
            .location
            .as_deref()
            .unwrap_or("")
            .contains("/commande/confirmation/")
    );
    assert_eq!(confirmation.status, 200);
    confirmation.shows("Merci pour votre commande");

    let first = t.open(ids[0]).await;
    (base, confirmation, first)
}

async fn the_order_stays_in_its_sandbox_and_browser(
    t: &TestData,
    ids: &[SandboxId; 3],
    app: &TestApp,
    base: &str,
    confirmation: &Page,
    first: &SqlitePool,
) {
    let order: (String, i64, String) = row(first, "SELECT o.reference, o.total_paid_cents, c.email FROM orders o JOIN customer c ON c.id = o.customer_id ORDER BY o.id DESC LIMIT 1").await;
    assert_eq!(order.2, "camille.test@exemple.fr");
    confirmation.shows(&order.0);
    let journal: i64 = one_for(first, "SELECT COUNT(*) FROM journal WHERE entity = 'order' AND action = 'create' AND summary LIKE '%' || ? || '%'", &order.0).await;
    assert_eq!(journal, 1, "the order has its journal row");
    let lines: i64 = one_for(first, "SELECT quantity FROM order_line WHERE order_id = (SELECT id FROM orders WHERE reference = ?)", &order.0).await;
    assert_eq!(lines, 2);

    for other in &ids[1..] {
        let db = t.open(*other).await;
        let found: i64 = one_for(
            &db,
            "SELECT COUNT(*) FROM orders WHERE reference = ?",
            &order.0,
        )
        .await;
        assert_eq!(found, 0, "the order must not appear in another sandbox");
        let journal: i64 = one(&db, "SELECT COUNT(*) FROM journal").await;
        assert_eq!(journal, 0);
    }

    // The confirmation belongs to the buyer's browser only.
    let stranger = app.shopper();
    let peek = stranger
        .get(&format!("{base}/commande/confirmation/{}", order.0))
        .await;
    assert_eq!(peek.status, 404);
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

#[tokio::test]
async fn the_sitemap_lists_every_published_product_and_page() {
    let (t, id, app) = TestData::served().await;
    let sitemap = app.shopper().get(&format!("/s/{id}/sitemap.xml")).await;
    assert_eq!(sitemap.status, 200);
    let db = t.open(id).await;
    let products: Vec<String> = column(&db, "SELECT slug FROM product WHERE active = 1").await;
    let pages: Vec<String> = column(
        &db,
        "SELECT slug FROM post WHERE kind = 'page' AND status = 'publish'",
    )
    .await;
    let drafts: Vec<String> = column(&db, "SELECT slug FROM post WHERE status = 'draft'").await;
    assert!(products.len() >= 40 && pages.len() >= 7);
    for slug in &products {
        assert!(
            sitemap
                .body
                .contains(&format!("/s/{id}/produit/{slug}</loc>")),
            "product {slug} missing"
        );
    }
    for slug in &pages {
        assert!(
            sitemap.body.contains(&format!("/s/{id}/page/{slug}</loc>")),
            "page {slug} missing"
        );
    }
    for slug in &drafts {
        assert!(
            !sitemap.body.contains(&format!("/{slug}</loc>")),
            "draft {slug} must not be listed"
        );
    }
    let robots = app.shopper().get(&format!("/s/{id}/robots.txt")).await;
    robots.shows(&format!("Sitemap: /s/{id}/sitemap.xml"));
}

#[tokio::test]
async fn pages_carry_the_seo_title_and_meta_description() {
    let (t, id, app) = TestData::served().await;
    let db = t.open(id).await;
    let (slug, meta_title, meta_description): (String, String, String) =
        row(&db, "SELECT slug, meta_title, meta_description FROM product WHERE active = 1 AND meta_title != '' AND meta_description != '' LIMIT 1").await;
    let page = app.shopper().get(&format!("/s/{id}/produit/{slug}")).await;
    assert!(
        page.body
            .contains(&format!("<title>{}", html_escape(&meta_title))),
        "title from the SEO field"
    );
    assert!(page.body.contains(&format!(
        "<meta name=\"description\" content=\"{}\">",
        html_escape(&meta_description)
    )));
    let blog = app.shopper().get(&format!("/s/{id}/blog")).await;
    assert_eq!(blog.status, 200);
    let post: String = one(
        &db,
        "SELECT slug FROM post WHERE kind = 'post' AND status = 'publish' LIMIT 1",
    )
    .await;
    let article = app.shopper().get(&format!("/s/{id}/blog/{post}")).await;
    assert_eq!(article.status, 200);
    article.shows("<div class=\"contenu-riche\"><");
}

#[tokio::test]
async fn a_forged_sandbox_id_or_a_cookie_from_another_sandbox_grants_nothing() {
    let t = TestData::new().await;
    let (a, b) = (t.sandbox(), t.sandbox());
    let app = TestApp::spawn(&t.data).await;
    let shopper = app.shopper();
    for forged in [
        "/s/../platform.db/",
        "/s/not-a-uuid/",
        "/s/00000000-0000-0000-0000-000000000000/",
    ] {
        assert_eq!(shopper.get(forged).await.status, 404, "{forged}");
    }
    // Log in on A; the same browser is anonymous on B.
    let golden = t.open(a).await;
    let email: String = one(
        &golden,
        "SELECT email FROM customer WHERE password_hash IS NOT NULL ORDER BY id LIMIT 1",
    )
    .await;
    let (login, account) = shopper
        .post(
            &format!("/s/{a}/compte/connexion"),
            &[("email", &*email), ("password", "client-demo")],
        )
        .await;
    assert_eq!(login.status, 303);
    assert!(
        account.body.contains("Historique de mes commandes"),
        "the demo customer logs in"
    );
    let on_b = shopper.get(&format!("/s/{b}/compte")).await;
    assert!(
        on_b.body.contains("J'ai déjà un compte"),
        "a login on A means nothing on B"
    );
}

#[tokio::test]
async fn hostile_input_is_stored_as_text_and_shown_inert() {
    let (t, id, app) = TestData::served().await;
    let shopper = app.shopper();
    let hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let search = shopper
        .get_ok(&format!(
            "/s/{id}/recherche?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
        ))
        .await;
    search.lacks("<script>alert(1)");
    search.shows("&lt;script&gt;alert(1)");

    shopper
        .post_shows(
            &format!("/s/{id}/contact"),
            &[
                ("contact_id", "1"),
                ("email", "pirate@exemple.fr"),
                ("subject", hostile),
                ("message", hostile),
            ],
            "Votre message a bien été envoyé",
        )
        .await;
    let db = t.open(id).await;
    let stored: String = one(
        &db,
        "SELECT message FROM customer_message ORDER BY id DESC LIMIT 1",
    )
    .await;
    assert_eq!(stored, hostile, "kept verbatim as evidence");
    let journal: String = one(
        &db,
        "SELECT summary FROM journal WHERE entity = 'customer_thread' ORDER BY id DESC LIMIT 1",
    )
    .await;
    assert!(journal.contains("pirate@exemple.fr"));

    let back = shopper
        .post_ok(
            &format!("/s/{id}/contact"),
            "contact_id=1&email=pas-une-adresse&message=Bonjour",
        )
        .await;
    assert!(
        back.body.contains("adresse e-mail n&#x27;est pas valide")
            || back.body.contains("adresse e-mail n'est pas valide"),
        "a clear French message"
    );
}

#[tokio::test]
async fn a_promo_code_is_checked_and_lowers_the_cart_total() {
    let (t, id, app) = TestData::served().await;
    let db = t.open(id).await;
    let (product_id,): (i64,) = row(&db, "SELECT p.id FROM product p WHERE p.active = 1 AND p.quantity > 5 AND NOT EXISTS (SELECT 1 FROM combination c WHERE c.product_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM specific_price s WHERE s.product_id = p.id) ORDER BY p.price_ht_cents DESC LIMIT 1").await;
    let shopper = app.shopper_with(id, product_id, 1).await;

    let (_, unknown) = shopper
        .post(&format!("/s/{id}/panier/code"), &[("code", "N-EXISTE-PAS")])
        .await;
    assert!(unknown.body.contains("n&#x27;existe pas") || unknown.body.contains("n'existe pas"));

    // A rule valid today, for everyone, with a percentage: the reference context has one.
    let rule: Option<(String, f64)> = sqlx::query_as(
        "SELECT code, reduction_percent FROM cart_rule r WHERE code IS NOT NULL AND active = 1 AND reduction_percent > 0
           AND starts_at <= datetime('now') AND ends_at >= datetime('now') AND customer_id IS NULL AND minimum_amount_cents <= 2000
           AND NOT EXISTS (SELECT 1 FROM cart_rule_restriction x WHERE x.cart_rule_id = r.id) LIMIT 1",
    )
    .fetch_optional(&db)
    .await
    .unwrap();
    let Some((code, percent)) = rule else {
        panic!("the reference context needs an open percentage code")
    };
    let before = shopper.get(&format!("/s/{id}/panier")).await;
    let (_, after) = shopper
        .post(&format!("/s/{id}/panier/code"), &[("code", &code)])
        .await;
    after.shows("est appliqué").shows(&format!("({code})"));
    assert_ne!(total_of(&before.body), total_of(&after.body));
    // The discount line is the rule's percentage of the product's price.
    let (ht, rate): (i64, f64) = row_for(&db, "SELECT p.price_ht_cents, t.rate FROM product p JOIN tax_rule t ON t.id = p.tax_rule_id WHERE p.id = ?", product_id).await;
    let discount = e5_domain::Money(ht).with_tax(rate).percent(percent);
    assert!(
        after.body.contains(&format!("−{discount}")),
        "expected a discount of {discount}"
    );
    let journal: i64 = one(
        &t.open(id).await,
        "SELECT COUNT(*) FROM journal WHERE action = 'apply_code'",
    )
    .await;
    assert_eq!(journal, 1);
}

#[tokio::test]
async fn the_health_check_answers() {
    let t = TestData::new().await;
    let app = TestApp::spawn(&t.data).await;
    let page = app.shopper().get("/healthz").await;
    assert_eq!(page.status, 200);
    let health: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(health["status"], "ok", "{}", page.body);
    assert!(health["free_bytes"].as_u64().is_some_and(|f| f > 0));
}

#[tokio::test]
async fn a_review_that_cannot_be_written_is_refused_visibly_and_the_next_one_is_kept() {
    use sqlx::{Connection, Executor};
    let t = TestData::new().await;
    let app = TestApp::spawn(&t.data).await;
    let id = t.sandbox();
    let db = t.open(id).await;
    let slug: String = one(&db, "SELECT slug FROM product WHERE active = 1 LIMIT 1").await;
    let visitor = app.shopper();
    let page = format!("/s/{id}/produit/{slug}");
    assert_eq!(visitor.get(&page).await.status, 200);
    let form = [
        ("author_name", "Nadia"),
        ("title", "Très doux"),
        ("content", "Parfait."),
        ("rating", "5"),
    ];
    // Another process holds the sandbox's write lock (as a full disk would fail the write).
    let path = t.data.sandbox_path(id);
    let mut blocker = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    blocker.execute("BEGIN IMMEDIATE").await.unwrap();
    let (answer, _) = visitor.post(&format!("{page}/avis"), &form).await;
    assert_eq!(answer.status, 503, "{}", answer.body);
    answer.shows("prévenez l").lacks("Merci");
    blocker.execute("ROLLBACK").await.unwrap();
    blocker.close().await.unwrap();
    let count = || async {
        one::<i64>(
            &db,
            "SELECT COUNT(*) FROM product_review WHERE author_name = 'Nadia'",
        )
        .await
    };
    assert_eq!(count().await, 0);
    // Space back: the same review is kept, without restarting the server.
    visitor
        .post_shows(&format!("{page}/avis"), &form, "Merci")
        .await;
    assert_eq!(count().await, 1);
}
