//! Gaps closed in the shop back-office (issue 5): zones claim French postcodes as data (Corse:
//! 20…), an empty zone can be deleted, an automatic gift weighs in the parcel and leaves the
//! stock with the order, and a saved carrier's message shows in its card.

use e5_domain::Money;
use sqlx::SqlitePool;

use crate::browser;
use crate::helpers::{Shopper, TestApp, TestData};

const ADMIN_EMAIL: &str = "helene.guerin@toiles-de-loire.fr";
const PASSWORD: &str = "demo-e5-2027";
/// Torchon en lin « Pur Cholet »: 150 g, 12,90 €, plenty in stock.
const TORCHON: i64 = 29;
/// Tapis de bain en coton bouclé: 700 g, 3 in stock, not sold out of stock.
const TAPIS: i64 = 19;

struct Site {
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

    fn zones(&self, rest: &str) -> String {
        format!("/s/{}/admin/boutique/livraison/zones{rest}", self.id)
    }

    fn shop(&self, path: &str) -> String {
        format!("/s/{}{path}", self.id)
    }

    async fn journal_count(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM journal")
            .fetch_one(&self.db)
            .await
            .unwrap()
    }

    async fn last_journal(&self, entity: &str) -> (String, String) {
        sqlx::query_as(
            "SELECT action, summary FROM journal WHERE entity = ? ORDER BY id DESC LIMIT 1",
        )
        .bind(entity)
        .fetch_one(&self.db)
        .await
        .unwrap()
    }

    async fn stock(&self, product: i64) -> i64 {
        sqlx::query_scalar("SELECT quantity FROM product WHERE id = ?")
            .bind(product)
            .fetch_one(&self.db)
            .await
            .unwrap()
    }

    /// A shopper with one torchon in the cart.
    async fn shopper_with_torchon(&self, quantity: &str) -> Shopper {
        let shopper = self.app.shopper();
        let (added, _) = shopper
            .post(
                &self.shop("/panier/ajouter"),
                &[("product_id", &TORCHON.to_string()), ("quantity", quantity)],
            )
            .await;
        assert_eq!(added.status, 303);
        shopper
    }

    /// The checkout page's delivery offers for a French postcode.
    async fn offers(&self, shopper: &Shopper, postcode: &str) -> String {
        let page = shopper
            .get(&self.shop(&format!("/commande?pays=FR&cp={postcode}")))
            .await;
        assert_eq!(page.status, 200);
        page.body
    }

    /// An automatic rule offering the bath mat with any order.
    async fn gift_rule(&self) {
        let today = e5_domain::paris_now().day();
        let gift = TAPIS.to_string();
        let (created, page) = self
            .admin
            .post(
                &format!("/s/{}/admin/boutique/catalogue/reductions/nouveau", self.id),
                &[
                    ("name", "Tapis offert"),
                    ("code", ""),
                    ("description", ""),
                    ("starts_on", today.as_str()),
                    ("ends_on", "2099-12-31"),
                    ("minimum", "0"),
                    ("quantity", "100"),
                    ("quantity_per_customer", "10"),
                    ("combinable", "1"),
                    ("active", "1"),
                    ("priority", "1"),
                    ("reduction", "none"),
                    ("percent", ""),
                    ("amount", ""),
                    ("reduction_product_id", ""),
                    ("gift_product_id", gift.as_str()),
                ],
            )
            .await;
        assert_eq!(created.status, 303, "{}", page.body);
    }

    async fn place_order(&self, shopper: &Shopper, email: &str) -> (u16, String) {
        let (placed, next) = shopper
            .post(
                &self.shop("/commande"),
                &[
                    ("email", email),
                    ("first_name", "Camille"),
                    ("last_name", "Testeur"),
                    ("address1", "12 rue des Tisserands"),
                    ("postcode", "49300"),
                    ("city", "Cholet"),
                    ("country", "FR"),
                    ("carrier_id", "1"),
                    ("payment", "cheque"),
                    ("cgv", "1"),
                ],
            )
            .await;
        (placed.status, next.body)
    }
}

fn money(cents: i64) -> String {
    Money(cents).to_string()
}

/// The delivery offer of a carrier on the checkout page, e.g. "Colissimo Domicile … 7,90 €".
fn offer_of<'a>(page: &'a str, carrier: &str) -> Option<&'a str> {
    let at = page.find(&format!("<strong>{carrier}</strong>"))?;
    let end = page[at..].find("</label>")?;
    Some(&page[at..at + end])
}

// ------------------------------------------------------------------ zones by postcode

#[tokio::test]
async fn corsica_stays_its_own_zone_when_renamed_and_a_new_prefix_claims_its_addresses() {
    let s = Site::new().await;
    let page = s.admin.get(&s.zones("")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Codes postaux français commençant par"));
    assert!(
        page.body
            .contains("name=\"postcode_prefixes\" value=\"20\"")
    );
    assert!(page.body.contains("CP 20…"));

    // A Corsican address: the Corse prices, and no carrier that does not deliver there.
    let shopper = s.shopper_with_torchon("1").await;
    let corsica = s.offers(&shopper, "20000").await;
    assert!(
        offer_of(&corsica, "Colissimo Domicile")
            .unwrap()
            .contains(&money(790))
    );
    assert!(offer_of(&corsica, "Mondial Relay — Point relais").is_none());

    // Renamed: the rule goes with the zone, not with its name.
    let (renamed, page) = s
        .admin
        .post(
            &s.zones("/2"),
            &[
                ("name", "Île de Beauté"),
                ("postcode_prefixes", "20"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(renamed.status, 303);
    assert!(
        page.body
            .contains("Zone « Corse » renommée en « Île de Beauté ».")
    );
    assert_eq!(
        s.last_journal("zone").await,
        (
            "update".to_owned(),
            "Zone « Corse » renommée en « Île de Beauté »".to_owned()
        )
    );
    let corsica = s.offers(&shopper, "20000").await;
    assert!(
        offer_of(&corsica, "Colissimo Domicile")
            .unwrap()
            .contains(&money(790))
    );
    assert!(offer_of(&corsica, "Mondial Relay — Point relais").is_none());
    let mainland = s.offers(&shopper, "49300").await;
    assert!(
        offer_of(&mainland, "Colissimo Domicile")
            .unwrap()
            .contains(&money(495))
    );

    // A prefix given to another zone: French overseas postcodes priced as Outre-mer.
    let (claimed, page) = s
        .admin
        .post(
            &s.zones("/3"),
            &[
                ("name", "Outre-mer"),
                ("postcode_prefixes", " 97 "),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(claimed.status, 303);
    assert!(
        page.body
            .contains("Zone « Outre-mer » regroupe les codes postaux français 97….")
    );
    let stored: String = sqlx::query_scalar("SELECT postcode_prefixes FROM zone WHERE id = 3")
        .fetch_one(&s.db)
        .await
        .unwrap();
    assert_eq!(stored, "97");
    let overseas = s.offers(&shopper, "97200").await;
    assert!(
        offer_of(&overseas, "Colissimo Domicile")
            .unwrap()
            .contains(&money(1490))
    );

    // A new zone with its own prefix: no carrier serves it until one is set to.
    let (created, page) = s
        .admin
        .post(
            &s.zones("/nouveau"),
            &[
                ("name", "Anjou"),
                ("postcode_prefixes", "49, 49"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(created.status, 303);
    assert!(page.body.contains("Zone « Anjou » créée."));
    assert!(page.body.contains("CP 49…"));
    let (prefixes,): (String,) =
        sqlx::query_as("SELECT postcode_prefixes FROM zone WHERE name = 'Anjou'")
            .fetch_one(&s.db)
            .await
            .unwrap();
    assert_eq!(prefixes, "49");
    assert_eq!(
        s.last_journal("zone").await.1,
        "Zone « Anjou » créée (active, codes postaux français 49…, desservie par aucun transporteur)"
    );
    assert!(offer_of(&s.offers(&shopper, "49300").await, "Colissimo Domicile").is_none());
    assert!(offer_of(&s.offers(&shopper, "44000").await, "Colissimo Domicile").is_some());
}

#[tokio::test]
async fn bad_postcode_prefixes_are_refused_in_french_and_change_nothing() {
    let s = Site::new().await;
    let before = s.journal_count().await;

    let (refused, _) = s
        .admin
        .post(
            &s.zones("/nouveau"),
            &[
                ("name", "Corse du Sud"),
                ("postcode_prefixes", "2A"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("« 2A » n&#x27;est pas un début de code postal")
    );
    assert!(
        refused.body.contains("value=\"2A\""),
        "what was typed is kept"
    );
    let zones: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM zone")
        .fetch_one(&s.db)
        .await
        .unwrap();
    assert_eq!(zones, 5);

    // A prefix another zone already claims.
    let (taken, _) = s
        .admin
        .post(
            &s.zones("/3"),
            &[
                ("name", "Outre-mer"),
                ("postcode_prefixes", "97, 20"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(taken.status, 422);
    assert!(
        taken
            .body
            .contains("Les codes postaux commençant par 20 relèvent déjà de la zone « Corse »")
    );
    assert!(taken.body.contains("value=\"97, 20\""));
    let stored: String = sqlx::query_scalar("SELECT postcode_prefixes FROM zone WHERE id = 3")
        .fetch_one(&s.db)
        .await
        .unwrap();
    assert_eq!(stored, "");
    assert_eq!(s.journal_count().await, before, "nothing written");
}

// ------------------------------------------------------------------------ deleting zones

#[tokio::test]
async fn an_empty_zone_is_deleted_with_its_prices_and_a_zone_with_countries_is_kept() {
    let s = Site::new().await;
    let before = s.journal_count().await;

    // Countries first.
    let (kept, _) = s.admin.post(&s.zones("/4/supprimer"), &[]).await;
    assert_eq!(kept.status, 422);
    assert!(kept.body.contains(
        "La zone « Union européenne » regroupe encore 6 pays (Allemagne, Belgique, Espagne, Italie, Luxembourg, Pays-Bas) : affectez-les d&#x27;abord à une autre zone"
    ));
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM zone WHERE id = 4")
        .fetch_one(&s.db)
        .await
        .unwrap();
    assert_eq!(exists, 1);
    assert_eq!(s.journal_count().await, before);

    // Corse: its price ranges go with it; Corsican addresses fall back to mainland France.
    let (deleted, page) = s.admin.post(&s.zones("/2/supprimer"), &[]).await;
    assert_eq!(deleted.status, 303);
    let summary = "Zone « Corse » supprimée, avec 12 tranche(s) de prix (Colissimo Domicile, Chronopost Express) ; les codes postaux français 20… relèvent à nouveau de la zone de leur pays";
    assert!(page.body.contains(&format!("{summary}.")), "{}", page.body);
    assert!(!page.body.contains("id=\"zone-2\""));
    assert_eq!(
        s.last_journal("zone").await,
        ("delete".to_owned(), summary.to_owned())
    );
    let ranges: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM carrier_range WHERE zone_id = 2")
        .fetch_one(&s.db)
        .await
        .unwrap();
    assert_eq!(ranges, 0);
    let shopper = s.shopper_with_torchon("1").await;
    let corsica = s.offers(&shopper, "20000").await;
    assert!(
        offer_of(&corsica, "Colissimo Domicile")
            .unwrap()
            .contains(&money(495))
    );

    // A new zone is marked "not served" by every carrier: the marks go too.
    let (created, _) = s
        .admin
        .post(
            &s.zones("/nouveau"),
            &[("name", "Benelux"), ("active", "1")],
        )
        .await;
    assert_eq!(created.status, 303);
    let zone: i64 = sqlx::query_scalar("SELECT id FROM zone WHERE name = 'Benelux'")
        .fetch_one(&s.db)
        .await
        .unwrap();
    let (deleted, page) = s
        .admin
        .post(&s.zones(&format!("/{zone}/supprimer")), &[])
        .await;
    assert_eq!(deleted.status, 303);
    assert!(page.body.contains(
        "Zone « Benelux » supprimée, avec le réglage « zone non desservie » de 4 transporteur(s)"
    ));
    let marks: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM carrier_zone_excluded WHERE zone_id = ?")
            .bind(zone)
            .fetch_one(&s.db)
            .await
            .unwrap();
    assert_eq!(marks, 0);
}

#[tokio::test]
async fn a_profile_without_the_shipping_rights_cannot_delete_a_zone() {
    let s = Site::new().await;
    let before = s.journal_count().await;
    // Thomas Bernier is a Vendeur: no rights on Livraison.
    let seller = s.app.shopper();
    let (ok, _) = seller
        .post(
            &format!("/s/{}/admin/connexion", s.id),
            &[
                ("email", "thomas.bernier@toiles-de-loire.fr"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    let (answer, _) = seller.post(&s.zones("/2/supprimer"), &[]).await;
    assert_eq!(answer.status, 403);
    let zones: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM zone WHERE id = 2")
        .fetch_one(&s.db)
        .await
        .unwrap();
    assert_eq!(zones, 1);
    assert_eq!(s.journal_count().await, before);
}

// --------------------------------------------------------------------------------- gifts

#[tokio::test]
async fn a_gift_weighs_in_the_parcel_and_leaves_the_stock_with_the_order() {
    let s = Site::new().await;
    s.gift_rule().await;
    let shopper = s.shopper_with_torchon("1").await;
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
    let (order, shipping): (i64, i64) =
        sqlx::query_as("SELECT id, total_shipping_cents FROM orders ORDER BY id DESC LIMIT 1")
            .fetch_one(&s.db)
            .await
            .unwrap();
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
    let journal: String = sqlx::query_scalar(
        "SELECT after FROM journal WHERE entity = 'order' AND action = 'create' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&s.db)
    .await
    .unwrap();
    assert!(
        journal.contains(&format!("\"product_id\":{TAPIS}")),
        "{journal}"
    );
}

#[tokio::test]
async fn a_gift_out_of_stock_at_checkout_leaves_the_cart_with_a_message() {
    let s = Site::new().await;
    s.gift_rule().await;
    let first = s.shopper_with_torchon("1").await;
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cart_gift")
        .fetch_one(&s.db)
        .await
        .unwrap();
    assert_eq!(held, 1);

    // Someone else buys the last three mats: no gift for them (the paid mats take the stock).
    let other = s.app.shopper();
    let (added, _) = other
        .post(
            &s.shop("/panier/ajouter"),
            &[("product_id", &TAPIS.to_string()), ("quantity", "3")],
        )
        .await;
    assert_eq!(added.status, 303);
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cart_gift")
        .fetch_one(&s.db)
        .await
        .unwrap();
    assert_eq!(held, 1, "the second cart gets no mat as a gift");
    let (status, body) = s.place_order(&other, "dominique.tapis@exemple.fr").await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(s.stock(TAPIS).await, 0);

    // The first shopper's order stops, the gift leaves the cart, the shopper is told.
    let orders_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&s.db)
        .await
        .unwrap();
    let (status, page) = s.place_order(&first, "camille.cadeau@exemple.fr").await;
    assert_eq!(status, 303);
    assert!(
        page.contains("Le cadeau « Tapis de bain en coton bouclé"),
        "{page}"
    );
    assert!(page.contains("n&#x27;est plus en stock : il a été retiré de votre panier"));
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&s.db)
        .await
        .unwrap();
    assert_eq!(orders, orders_before, "no order placed");
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cart_gift")
        .fetch_one(&s.db)
        .await
        .unwrap();
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

// ------------------------------------------------------------------------------ carriers

fn colissimo_form(handling: &str) -> Vec<(&str, &str)> {
    vec![
        ("name", "Colissimo Domicile"),
        ("delay", "Livraison à domicile en 48 à 72 h"),
        ("billing", "weight"),
        ("handling", handling),
        ("max_weight", ""),
        ("position", "1"),
        (
            "tracking_url",
            "https://www.laposte.fr/outils/suivre-vos-envois?code=@",
        ),
        ("active", "1"),
        ("zones", "1"),
        ("zones", "2"),
        ("zones", "3"),
        ("zones", "4"),
        ("zones", "5"),
    ]
}

/// The part of the carriers page that is one carrier's card.
fn card(page: &str, id: i64) -> &str {
    let start = page
        .find(&format!("id=\"transporteur-{id}\""))
        .expect("the carrier's card");
    let end = page[start + 10..]
        .find("id=\"transporteur-")
        .map_or(page.len(), |e| start + 10 + e);
    &page[start..end]
}

#[tokio::test]
async fn a_saved_carrier_shows_its_message_in_its_card() {
    let s = Site::new().await;
    let (saved, page) = s
        .admin
        .post(
            &format!("/s/{}/admin/boutique/livraison/transporteurs/1", s.id),
            &colissimo_form("0,50"),
        )
        .await;
    assert_eq!(saved.status, 303);
    assert!(
        saved
            .location
            .as_deref()
            .unwrap_or("")
            .ends_with("/boutique/livraison/transporteurs?transporteur=1#transporteur-1")
    );
    let message = "Transporteur « Colissimo Domicile » enregistré.";
    assert!(card(&page.body, 1).contains(message), "in the card");
    assert_eq!(page.body.matches(message).count(), 1, "not at the top too");
    let (action, summary) = s.last_journal("carrier").await;
    assert_eq!(action, "update");
    assert!(summary.starts_with("Transporteur « Colissimo Domicile » modifié"));
    let handling: i64 = sqlx::query_scalar("SELECT handling_cents FROM carrier WHERE id = 1")
        .fetch_one(&s.db)
        .await
        .unwrap();
    assert_eq!(handling, 50);
    // Shown once.
    let again = s
        .admin
        .get(&format!(
            "/s/{}/admin/boutique/livraison/transporteurs",
            s.id
        ))
        .await;
    assert!(!again.body.contains(message));

    // A refused price range: the error, as an error, in the card it concerns.
    let (refused, page) = s
        .admin
        .post(
            &format!(
                "/s/{}/admin/boutique/livraison/transporteurs/2/tranches/nouveau",
                s.id
            ),
            &[
                ("billing", "weight"),
                ("zone_id", "1"),
                ("range_min", "deux"),
                ("range_max", "3"),
                ("price", "5"),
            ],
        )
        .await;
    assert_eq!(refused.status, 303);
    let card2 = card(&page.body, 2);
    assert!(card2.contains("avis-admin erreur"));
    assert!(card2.contains("Tranche non ajoutée"));
}

#[tokio::test]
async fn the_carrier_message_is_in_view_after_saving_in_a_browser() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let s = Site::new().await;
    let base = s.app.address.clone();
    browser
        .goto(&format!("{base}/s/{}/admin/connexion", s.id))
        .await;
    browser.find("#email").await.type_text(ADMIN_EMAIL).await;
    browser.find("#mdp").await.type_text(PASSWORD).await;
    browser.find("button[type=submit]").await.click().await;
    browser.wait_for_text("Bonjour").await;
    browser
        .goto(&format!(
            "{base}/s/{}/admin/boutique/livraison/transporteurs/4",
            s.id
        ))
        .await;
    browser.wait_for_text("Zones desservies").await;
    browser
        .script(
            "document.querySelector('#f-handling').value = '1,00';",
            vec![],
        )
        .await;
    browser
        .find(".barre-enregistrer button[type=submit]")
        .await
        .click()
        .await;
    browser
        .wait_for_text("Transporteur « Chronopost Express » enregistré.")
        .await;
    // The message is inside the visible part of the window.
    let visible = browser
        .script(
            "const m = document.querySelector('#transporteur-4 .avis-admin.succes');
             if (!m) return 'absent';
             const r = m.getBoundingClientRect();
             return (r.top >= 44 && r.bottom <= window.innerHeight) ? 'visible' : ('hors champ ' + r.top);",
            vec![],
        )
        .await;
    assert_eq!(visible.as_str(), Some("visible"), "{visible:?}");
    shot(&browser, "gaps-transporteur-enregistre.png").await;
    // Sanity check on the zones page too.
    browser
        .goto(&format!("{base}/s/{}/admin/boutique/livraison/zones", s.id))
        .await;
    browser.wait_for_text("Codes postaux").await;
    shot(&browser, "gaps-zones.png").await;
}

/// Saves a screenshot when E5_SCREENSHOTS names a folder.
async fn shot(browser: &browser::Browser, name: &str) {
    if let Ok(dir) = std::env::var("E5_SCREENSHOTS") {
        browser
            .screenshot(&std::path::Path::new(&dir).join(name))
            .await;
    }
}
