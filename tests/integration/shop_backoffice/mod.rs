//! The back-office, shop side (PrestaShop vocabulary): catalogue, prices, promotions, orders,
//! shipping, customers, employees, statistics and settings. Each test checks what the employee
//! sees, the rows written and the journal row. Shared here: the site with its signed-in
//! administrator, the journal readers, the cart and checkout steps.

mod brands_categories;
mod carriers;
mod customers;
mod descriptions;
mod employees;
mod images;
mod in_browser;
mod order_statuses;
mod orders;
mod prices;
mod products;
mod promotions;
mod settings;
mod statistics;
mod zones;

use crate::browser;
use crate::browser::wait_until;
use crate::helpers::{ADMIN_EMAIL, LOGISTICIAN_EMAIL, PASSWORD, Page, Shopper, TestApp, TestData};
use crate::helpers::{column_for, row_for, rows_for};
use crate::helpers::{one, one_for, order_form, total_of};
use e5_domain::Money;
use e5_domain::SandboxId;
use e5_shop::pricing::{Reduction, unit_price};
use serde_json::json;
use sqlx::SqlitePool;

async fn sign_in(user: &Shopper, id: &str, email: &str) {
    user.post_ok(
        &format!("/s/{id}/admin/connexion"),
        &[("email", email), ("password", PASSWORD)],
    )
    .await;
}

async fn last_journal(db: &SqlitePool, entity: &str) -> (String, String) {
    row_for(
        db,
        "SELECT action, summary FROM journal WHERE entity = ? ORDER BY id DESC LIMIT 1",
        entity,
    )
    .await
}

fn euros(cents: i64) -> String {
    e5_domain::Money(cents).to_string()
}

/// Saves a screenshot when E5_SCREENSHOTS names a folder.
async fn shot(browser: &browser::Browser, name: &str) {
    if let Ok(dir) = std::env::var("E5_SCREENSHOTS") {
        browser
            .screenshot(&std::path::Path::new(&dir).join(name))
            .await;
    }
}

/// "49,90 €" → 4990; "gratuite" → 0.
fn cents(text: &str) -> i64 {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(0)
}

/// Camille Martin, group "Client" (3), password client-demo.
const CAMILLE: &str = "camille.martin@exemple.fr";

/// Sophie Bertin, group "Professionnels" (4), password client-demo.
const SOPHIE: &str = "sophie.bertin@courriel.fr";

/// One sandbox of the reference shop, served, with its file open read-only and a client
/// (`admin`) signed in to the back-office.
struct Site {
    /// Keeps the temporary data folder alive as long as the site.
    t: TestData,
    sandbox: SandboxId,
    app: TestApp,
    id: String,
    db: SqlitePool,
    admin: Shopper,
}

impl Site {
    /// The administrator signed in.
    async fn new() -> Site {
        Site::signed_in(ADMIN_EMAIL).await
    }

    /// `email` (an employee, password `PASSWORD`) signed in.
    async fn signed_in(email: &str) -> Site {
        let s = Site::unsigned().await;
        sign_in(&s.admin, &s.id, email).await;
        s
    }

    /// Nobody signed in yet: `admin` is a fresh client.
    async fn unsigned() -> Site {
        let t = TestData::new().await;
        let sandbox = t.sandbox();
        let id = sandbox.to_string();
        let app = TestApp::spawn(&t.data).await;
        let admin = app.shopper();
        let db = t.open(sandbox).await;
        Site {
            t,
            sandbox,
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

    /// A new product `name`, created from the catalogue: its path, its id and the form the
    /// creation leads to.
    async fn new_product(&self, name: &str) -> (String, i64, Page) {
        let new = self.admin_path("/catalogue/produits/nouveau");
        let (created, form) = self.admin.post(&new, &[("name", name)]).await;
        let path = created
            .location
            .clone()
            .expect("sent to the product's form");
        let pid = path.rsplit('/').next().unwrap().parse().unwrap();
        (path, pid, form)
    }

    /// A page of the storefront as a visitor (nobody signed in) sees it.
    async fn visitor(&self, path: &str) -> Page {
        self.app.shopper().get(&self.shop(path)).await
    }

    async fn customer(&self, email: &str) -> Shopper {
        self.app.customer(&self.id, email).await
    }

    /// The summary of the last journal row.
    async fn last_summary(&self) -> String {
        one(
            &self.db,
            "SELECT summary FROM journal ORDER BY id DESC LIMIT 1",
        )
        .await
    }

    async fn journal_count(&self) -> i64 {
        one(&self.db, "SELECT COUNT(*) FROM journal").await
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
        let r: Row = row_for(&self.db, "SELECT reference, name, slug, summary, description, category_id, brand_id, tax_rule_id, price_ht_cents,
                    wholesale_price_cents, quantity, low_stock_threshold, out_of_stock, available_date, ean13, condition,
                    active, meta_title, meta_description, focus_keyword FROM product WHERE id = ?", id).await;
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
        let categories: Vec<i64> = column_for(
            &self.db,
            "SELECT category_id FROM product_category WHERE product_id = ?",
            id,
        )
        .await;
        for c in categories {
            f.push(("categories".into(), c.to_string()));
        }
        let accessories: Vec<i64> = column_for(
            &self.db,
            "SELECT accessory_id FROM product_accessory WHERE product_id = ?",
            id,
        )
        .await;
        for a in accessories {
            f.push(("accessories".into(), a.to_string()));
        }
        let features: Vec<(i64, String)> = rows_for(
            &self.db,
            "SELECT feature_id, value FROM product_feature WHERE product_id = ?",
            id,
        )
        .await;
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
        row_for(&self.db, "SELECT p.id, p.name, p.slug, p.price_ht_cents FROM product p WHERE p.active = 1 AND p.quantity > 20
               AND NOT EXISTS (SELECT 1 FROM combination c WHERE c.product_id = p.id)
               AND NOT EXISTS (SELECT 1 FROM specific_price s WHERE s.product_id = p.id)
               AND NOT EXISTS (SELECT 1 FROM catalog_rule r WHERE r.category_id IN (SELECT category_id FROM product_category WHERE product_id = p.id))
               AND p.tax_rule_id = (SELECT id FROM tax_rule WHERE rate = 20.0 LIMIT 1)
             ORDER BY p.id LIMIT 1 OFFSET ?", skip).await
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
        who.post_ok(&self.shop("/panier/ajouter"), &form).await;
        who.get(&self.shop("/panier")).await
    }
}

fn ttc(ht: i64) -> i64 {
    unit_price(ht, 20.0, &[], 0.0).ttc
}

fn money(cents: i64) -> String {
    Money(cents).to_string()
}

async fn journal_count(db: &SqlitePool) -> i64 {
    one(db, "SELECT COUNT(*) FROM journal").await
}

/// Torchon en lin « Pur Cholet »: 150 g, 12,90 €, plenty in stock.
const TORCHON: i64 = 29;

/// Tapis de bain en coton bouclé: 700 g, 3 in stock, not sold out of stock.
const TAPIS: i64 = 19;

impl Site {
    fn zones(&self, rest: &str) -> String {
        format!("/s/{}/admin/boutique/livraison/zones{rest}", self.id)
    }

    async fn last_journal(&self, entity: &str) -> (String, String) {
        row_for(
            &self.db,
            "SELECT action, summary FROM journal WHERE entity = ? ORDER BY id DESC LIMIT 1",
            entity,
        )
        .await
    }

    async fn stock(&self, product: i64) -> i64 {
        one_for(
            &self.db,
            "SELECT quantity FROM product WHERE id = ?",
            product,
        )
        .await
    }

    /// A shopper with one torchon in the cart.
    async fn shopper_with_torchon(&self, quantity: i64) -> Shopper {
        self.app.shopper_with(&self.id, TORCHON, quantity).await
    }

    /// The checkout page's delivery offers for a French postcode.
    async fn offers(&self, shopper: &Shopper, postcode: &str) -> String {
        let page = shopper
            .get_ok(&self.shop(&format!("/commande?pays=FR&cp={postcode}")))
            .await;
        page.body
    }

    /// An automatic rule offering the bath mat with any order.
    async fn gift_rule(&self) {
        self.gift_rule_from("Tapis offert", "0", TAPIS).await;
    }

    /// An automatic cart rule `name` offering `gift` from `minimum` (in euros, "12,50").
    async fn gift_rule_from(&self, name: &str, minimum: &str, gift: i64) {
        let today = e5_domain::paris_now().day();
        let form = format!(
            "name={name}&code=&description=&starts_on={today}&ends_on=2099-12-31&minimum={minimum}\
             &quantity=100&quantity_per_customer=10&combinable=1&active=1&priority=1&reduction=none\
             &percent=&amount=&reduction_product_id=&gift_product_id={gift}"
        );
        let path = self.admin_path("/catalogue/reductions/nouveau");
        self.admin.post_ok(&path, form).await;
    }

    async fn place_order(&self, shopper: &Shopper, email: &str) -> (u16, String) {
        let (placed, next) = shopper
            .post(&self.shop("/commande"), order_form(email, 1))
            .await;
        (placed.status, next.body)
    }
}

/// The delivery offer of a carrier on the checkout page, e.g. "Colissimo Domicile … 7,90 €".
fn offer_of<'a>(page: &'a str, carrier: &str) -> Option<&'a str> {
    let at = page.find(&format!("<strong>{carrier}</strong>"))?;
    let end = page[at..].find("</label>")?;
    Some(&page[at..at + end])
}

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

fn carrier_form<'a>(name: &'a str, zones: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("name", name),
        ("delay", "Livraison à vélo le jour même"),
        ("billing", "weight"),
        ("handling", "1,50"),
        ("max_weight", "30"),
        ("position", ""),
        ("tracking_url", ""),
        ("active", "1"),
    ];
    form.extend(zones.iter().map(|z| ("zones", *z)));
    form
}
