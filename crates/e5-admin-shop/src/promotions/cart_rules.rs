//! Catalogue > Réductions: the cart rules (promo codes) with PrestaShop's three tabs
//! (Informations, Conditions, Actions), and the catalogue price rules in force.

use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::admin::form::OrRefusal;
use e5_shop::command::CommandError;
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::Serialize;
use sqlx::SqlitePool;

use crate::commands::cart_rule::{self as command, CartRuleInput};
use crate::form::{Fields, money_field, parse_money, parse_percent};

const KINDS: [&str; 5] = ["group", "carrier", "category", "product", "brand"];

#[derive(Debug, Serialize, sqlx::FromRow)]
struct RuleRow {
    id: i64,
    name: String,
    code: Option<String>,
    starts_at: String,
    ends_at: String,
    active: i64,
    quantity: i64,
    quantity_per_customer: i64,
    free_shipping: i64,
    reduction_percent: f64,
    reduction_cents: i64,
    gift_product_id: Option<i64>,
    used: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct CatalogRuleRow {
    name: String,
    target: String,
    reduction_percent: f64,
    reduction_cents: i64,
    starts_at: Option<String>,
    ends_at: Option<String>,
    active: i64,
}

pub async fn list(staff: Staff) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let rules: Vec<RuleRow> = db.rows(
        "SELECT r.id, r.name, r.code, r.starts_at, r.ends_at, r.active, r.quantity, r.quantity_per_customer, r.free_shipping,
                r.reduction_percent, r.reduction_cents, r.gift_product_id,
                (SELECT COUNT(*) FROM order_cart_rule o WHERE o.cart_rule_id = r.id) AS used
         FROM cart_rule r ORDER BY r.id DESC",
        (),
    ).await?;
    let catalog: Vec<CatalogRuleRow> = db.rows(
        "SELECT r.name, TRIM(COALESCE('catégorie ' || c.name, '') || ' ' || COALESCE('marque ' || b.name, '') || ' ' || COALESCE('groupe ' || g.name, '')) AS target,
                r.reduction_percent, r.reduction_cents, r.starts_at, r.ends_at, r.active
         FROM catalog_rule r LEFT JOIN category c ON c.id = r.category_id LEFT JOIN brand b ON b.id = r.brand_id
         LEFT JOIN customer_group g ON g.id = r.customer_group_id ORDER BY r.id DESC",
        (),
    ).await?;
    let groups: Vec<Choice> = db
        .rows("SELECT id, name FROM customer_group ORDER BY id", ())
        .await?;
    let brands: Vec<Choice> = db
        .rows("SELECT id, name FROM brand ORDER BY name", ())
        .await?;
    let ctx = context! {
        rules, catalog, groups, brands,
        categories: crate::catalog::products::category_options(db).await?,
        today: e5_domain::paris_now().day(),
    };
    staff
        .render("admin/shop/cart_rules.html", "Réductions", ctx)
        .await
}

/// The form's values as typed, so that a refused form comes back as it was sent.
#[derive(Debug, Serialize, Default)]
struct RuleForm {
    name: String,
    code: String,
    description: String,
    starts_on: String,
    ends_on: String,
    active: bool,
    highlight: bool,
    combinable: bool,
    exclude_discounted: bool,
    priority: String,
    minimum: String,
    quantity: String,
    quantity_per_customer: String,
    customer_email: String,
    free_shipping: bool,
    reduction: String,
    percent: String,
    amount: String,
    reduction_product_id: Option<i64>,
    gift_product_id: Option<i64>,
    group: Vec<i64>,
    carrier: Vec<i64>,
    category: Vec<i64>,
    product: Vec<i64>,
    brand: Vec<i64>,
}

pub async fn new_form(staff: Staff) -> Result<Response, ShopError> {
    let today = e5_domain::paris_now().day();
    let form = RuleForm {
        starts_on: today.clone(),
        ends_on: today,
        active: true,
        combinable: true,
        priority: "1".into(),
        minimum: "0,00".into(),
        quantity: "1000".into(),
        quantity_per_customer: "1".into(),
        reduction: "percent".into(),
        ..RuleForm::default()
    };
    render(&staff, None, form, None).await
}

pub async fn edit(staff: Staff, Id(id): Id) -> Result<Response, ShopError> {
    let db = staff.site.db();
    #[derive(sqlx::FromRow)]
    struct Full {
        name: String,
        code: Option<String>,
        description: String,
        starts_at: String,
        ends_at: String,
        active: i64,
        priority: i64,
        highlight: i64,
        minimum_amount_cents: i64,
        quantity: i64,
        quantity_per_customer: i64,
        email: Option<String>,
        exclude_discounted: i64,
        combinable: i64,
        free_shipping: i64,
        reduction_percent: f64,
        reduction_cents: i64,
        reduction_product_id: Option<i64>,
        gift_product_id: Option<i64>,
    }
    let r: Full = db.row_optional(
        "SELECT r.name, r.code, r.description, r.starts_at, r.ends_at, r.active, r.priority, r.highlight, r.minimum_amount_cents,
                r.quantity, r.quantity_per_customer, c.email, r.exclude_discounted, r.combinable, r.free_shipping,
                r.reduction_percent, r.reduction_cents, r.reduction_product_id, r.gift_product_id
         FROM cart_rule r LEFT JOIN customer c ON c.id = r.customer_id WHERE r.id = ?",
        (id,),
    ).await?
    .ok_or(ShopError::NotFound)?;
    let restrictions: Vec<(String, i64)> = db
        .rows(
            "SELECT kind, target_id FROM cart_rule_restriction WHERE cart_rule_id = ?",
            (id,),
        )
        .await?;
    let of = |kind: &str| {
        restrictions
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, t)| *t)
            .collect::<Vec<_>>()
    };
    let form = RuleForm {
        name: r.name,
        code: r.code.unwrap_or_default(),
        description: r.description,
        starts_on: r.starts_at.get(..10).unwrap_or_default().to_owned(),
        ends_on: r.ends_at.get(..10).unwrap_or_default().to_owned(),
        active: r.active != 0,
        highlight: r.highlight != 0,
        combinable: r.combinable != 0,
        exclude_discounted: r.exclude_discounted != 0,
        priority: r.priority.to_string(),
        minimum: money_field(r.minimum_amount_cents),
        quantity: r.quantity.to_string(),
        quantity_per_customer: r.quantity_per_customer.to_string(),
        customer_email: r.email.unwrap_or_default(),
        free_shipping: r.free_shipping != 0,
        reduction: if r.reduction_percent > 0.0 {
            "percent"
        } else if r.reduction_cents > 0 {
            "amount"
        } else {
            "none"
        }
        .into(),
        percent: if r.reduction_percent > 0.0 {
            e5_shop::pricing::trim_float(r.reduction_percent)
        } else {
            String::new()
        },
        amount: if r.reduction_cents > 0 {
            money_field(r.reduction_cents)
        } else {
            String::new()
        },
        reduction_product_id: r.reduction_product_id,
        gift_product_id: r.gift_product_id,
        group: of("group"),
        carrier: of("carrier"),
        category: of("category"),
        product: of("product"),
        brand: of("brand"),
    };
    render(&staff, Some(id), form, None).await
}

pub async fn create(staff: Staff, f: Fields) -> Result<Response, ShopError> {
    submit(staff, None, f).await
}

pub async fn save(staff: Staff, Id(id): Id, f: Fields) -> Result<Response, ShopError> {
    submit(staff, Some(id), f).await
}

async fn submit(staff: Staff, id: Option<i64>, f: Fields) -> Result<Response, ShopError> {
    let form = RuleForm {
        name: f.text("name"),
        code: f.text("code").to_uppercase(),
        description: f.text("description"),
        starts_on: f.text("starts_on"),
        ends_on: f.text("ends_on"),
        active: f.checked("active"),
        highlight: f.checked("highlight"),
        combinable: f.checked("combinable"),
        exclude_discounted: f.checked("exclude_discounted"),
        priority: f.text("priority"),
        minimum: f.text("minimum"),
        quantity: f.text("quantity"),
        quantity_per_customer: f.text("quantity_per_customer"),
        customer_email: f.text("customer_email"),
        free_shipping: f.checked("free_shipping"),
        reduction: f.text("reduction"),
        percent: f.text("percent"),
        amount: f.text("amount"),
        reduction_product_id: f.opt_id("reduction_product_id"),
        gift_product_id: f.opt_id("gift_product_id"),
        group: f.ids("group"),
        carrier: f.ids("carrier"),
        category: f.ids("category"),
        product: f.ids("product"),
        brand: f.ids("brand"),
    };
    let result = match to_input(staff.site.db(), id, &form).await? {
        Ok(input) => command::save(&staff.site, &staff.actor(), input).await,
        Err(message) => Err(CommandError::Invalid(message)),
    };
    match result.or_refusal()? {
        Ok(_) => Ok(staff.redirect(
            "/boutique/catalogue/reductions",
            Some(&format!("Règle panier « {} » enregistrée.", form.name)),
        )),
        Err(message) => {
            let mut page = render(&staff, id, form, Some(message)).await?;
            *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
    }
}

/// Turns the typed values into a rule, or says in French what is wrong.
async fn to_input(
    db: &SqlitePool,
    id: Option<i64>,
    form: &RuleForm,
) -> Result<Result<CartRuleInput, String>, ShopError> {
    let number = |text: &str, what: &str| -> Result<i64, String> {
        text.parse::<i64>()
            .map_err(|_| format!("{what} doit être un nombre entier."))
    };
    let customer_id = if form.customer_email.is_empty() {
        None
    } else {
        let found: Option<i64> = db
            .optional(
                "SELECT id FROM customer WHERE email = ? COLLATE NOCASE",
                (&form.customer_email,),
            )
            .await?;
        match found {
            Some(c) => Some(c),
            None => {
                return Ok(Err(format!(
                    "Aucun client n'a l'adresse e-mail « {} ».",
                    form.customer_email
                )));
            }
        }
    };
    let parsed = (|| -> Result<CartRuleInput, String> {
        let minimum = if form.minimum.is_empty() {
            0
        } else {
            parse_money(&form.minimum)
                .ok_or("Le montant minimum doit être un montant en euros, par exemple 50,00.")?
        };
        let (reduction_percent, reduction_cents) = match form.reduction.as_str() {
            "percent" => (
                parse_percent(&form.percent)
                    .filter(|p| *p > 0.0)
                    .ok_or("Indiquez le pourcentage de réduction (entre 0 et 100).")?,
                0,
            ),
            "amount" => (
                0.0,
                parse_money(&form.amount)
                    .filter(|a| *a > 0)
                    .ok_or("Indiquez le montant de la réduction en euros TTC.")?,
            ),
            _ => (0.0, 0),
        };
        let mut restrictions = Vec::new();
        for kind in KINDS {
            let ids = match kind {
                "group" => &form.group,
                "carrier" => &form.carrier,
                "category" => &form.category,
                "product" => &form.product,
                _ => &form.brand,
            };
            restrictions.extend(ids.iter().map(|t| (kind, *t)));
        }
        Ok(CartRuleInput {
            id,
            name: form.name.clone(),
            code: (!form.code.is_empty()).then(|| form.code.clone()),
            description: form.description.clone(),
            starts_on: form.starts_on.clone(),
            ends_on: form.ends_on.clone(),
            active: form.active,
            highlight: form.highlight,
            priority: if form.priority.is_empty() {
                1
            } else {
                number(&form.priority, "La priorité")?
            },
            minimum_amount_cents: minimum,
            quantity: number(&form.quantity, "La quantité totale")?,
            quantity_per_customer: number(&form.quantity_per_customer, "La quantité par client")?,
            customer_id,
            exclude_discounted: form.exclude_discounted,
            combinable: form.combinable,
            free_shipping: form.free_shipping,
            reduction_percent,
            reduction_cents,
            reduction_product_id: if form.reduction == "none" {
                None
            } else {
                form.reduction_product_id
            },
            gift_product_id: form.gift_product_id,
            restrictions,
        })
    })();
    Ok(parsed)
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Choice {
    id: i64,
    name: String,
}

async fn render(
    staff: &Staff,
    id: Option<i64>,
    form: RuleForm,
    error: Option<String>,
) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let groups: Vec<Choice> = db
        .rows("SELECT id, name FROM customer_group ORDER BY id", ())
        .await?;
    let carriers: Vec<Choice> = db
        .rows("SELECT id, name FROM carrier ORDER BY position, id", ())
        .await?;
    let brands: Vec<Choice> = db
        .rows("SELECT id, name FROM brand ORDER BY name", ())
        .await?;
    let products: Vec<Choice> = db
        .rows(
            "SELECT id, reference || ' — ' || name AS name FROM product ORDER BY name",
            (),
        )
        .await?;
    let categories = crate::catalog::products::category_options(db).await?;
    let ctx = context! { id, r: form, error, groups, carriers, brands, products, categories };
    let title = if id.is_some() {
        "Modifier la règle panier"
    } else {
        "Nouvelle règle panier"
    };
    staff
        .render("admin/shop/cart_rule_form.html", title, ctx)
        .await
}

/// Creates a catalogue price rule from the form under the list of rules.
pub async fn create_catalog_rule(staff: Staff, f: Fields) -> Result<Response, ShopError> {
    let value = f.text("value");
    let (percent, cents) = match f.text("kind").as_str() {
        "amount" => (0.0, parse_money(&value).unwrap_or(0)),
        _ => (parse_percent(&value).unwrap_or(0.0), 0),
    };
    let rule = command::CatalogRuleInput {
        name: f.text("name"),
        category_id: f.opt_id("category_id"),
        brand_id: f.opt_id("brand_id"),
        customer_group_id: f.opt_id("customer_group_id"),
        reduction_percent: percent,
        reduction_cents: cents,
        starts_on: f.text("starts_on"),
        ends_on: f.text("ends_on"),
    };
    let to = "/boutique/catalogue/reductions#regles-catalogue";
    match command::create_catalog_rule(&staff.site, &staff.actor(), rule.clone()).await.or_refusal()? {
        Ok(_) => Ok(staff.redirect(to, Some(&format!("Règle de prix catalogue « {} » créée : les prix barrés apparaissent dans la boutique.", rule.name)))),
        Err(m) => Ok(staff.refuse(to, Some(&format!("La règle n'a pas été créée : {m}")))),
    }
}
