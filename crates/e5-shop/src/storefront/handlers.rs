//! Storefront pages and forms. Reads use the site's read pool; every write is a command.

use std::collections::BTreeMap;

use axum::Form;
use axum::body::Body;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use e5_shop_db::query::Read;
use serde::Deserialize;
use sqlx::SqlitePool;
use tera::Context;

use super::{Visit, VisitorCookie};
use crate::command::{self, CommandError, cart::AddToCart, order, visitor as visitor_cmd};
use crate::content::{self, MenuLink};
use crate::context;
use crate::journal::Actor;
use crate::web::ShopError;
use crate::web::cookies;
use crate::web::flash::Flash;
use crate::{cart, catalog};
use e5_domain::setting;

type PageResult = Result<Response, ShopError>;

const TEMPLATE_SETTINGS: &[&str] = &[
    setting::SHOP_NAME,
    setting::SHOP_SLOGAN,
    setting::SHOP_DESCRIPTION,
    setting::SHOP_ADDRESS,
    setting::SHOP_POSTCODE,
    setting::SHOP_CITY,
    setting::SHOP_PHONE,
    setting::SHOP_LEGAL_FORM,
    setting::SHOP_SIRET,
    setting::LOGO_MEDIA,
    setting::ICON_MEDIA,
    setting::HEADER_MEDIA,
    setting::SEO_BREADCRUMB,
    setting::SOCIAL_FACEBOOK,
    setting::SOCIAL_INSTAGRAM,
    setting::SOCIAL_PINTEREST,
    setting::SOCIAL_LINKEDIN,
    setting::PAYMENT_CHEQUE_PAYEE,
    setting::PAYMENT_CHEQUE_ADDRESS,
    setting::PAYMENT_TRANSFER_OWNER,
    setting::PAYMENT_TRANSFER_IBAN,
    setting::PAYMENT_TRANSFER_BIC,
];

#[derive(Deserialize)]
pub struct SlugParam {
    slug: String,
}

fn now() -> String {
    e5_domain::paris_now().db_format()
}

impl Visit {
    pub(super) fn actor(&self) -> Actor {
        match (self.shopper.customer_id, &self.shopper.customer_name) {
            (Some(id), Some(name)) => Actor::customer(id, name),
            _ => Actor::visitor(),
        }
    }

    /// Renders a page inside the shop layout (header, menus, footer).
    async fn render(
        &self,
        template: &str,
        title: &str,
        description: &str,
        mut ctx: Context,
    ) -> PageResult {
        let db = self.site.db();
        let layout = self.site.cached(Layout::load(db, &self.base)).await?;
        let shop_name = layout
            .settings
            .get(setting::SHOP_NAME)
            .cloned()
            .unwrap_or_default();
        let full_title = e5_domain::seo::page_title(title, &shop_name);
        let cart_count: i64 = match self.visitor.cart_id {
            Some(id) => {
                db.one(
                    "SELECT COALESCE(SUM(quantity), 0) FROM cart_line WHERE cart_id = ?",
                    (id,),
                )
                .await?
            }
            None => 0,
        };
        ctx.insert("base", &self.base);
        ctx.insert("s", &layout.settings);
        ctx.insert("title", &full_title);
        ctx.insert("meta_description", description);
        ctx.insert("menu_main", &self.visible_links(&layout.menu_main));
        ctx.insert("menu_footer", &self.visible_links(&layout.menu_footer));
        ctx.insert("footer_columns", &layout.footer_columns);
        ctx.insert("cart_count", &cart_count);
        ctx.insert("customer_name", &self.shopper.customer_name);
        ctx.insert("prices_ht", &self.shopper.prices_ht);
        let (flash, flash_error) = Flash::split(self.flash.as_ref());
        ctx.insert("flash", &flash);
        ctx.insert("flash_error", &flash_error);
        ctx.insert("free_threshold", &layout.free_threshold);
        ctx.insert("exam", &self.access);
        ctx.insert(
            "widgets",
            &content::widgets::load(db, &self.base, &now()).await?,
        );
        let html = self.state.templates.render(template, &ctx)?;
        let mut response = axum::response::Html(html).into_response();
        if self.flash.is_some() {
            cookies::append(&mut response, &Flash::clear_cookie(self.site.id));
        }
        Ok(response)
    }

    /// Menu links without those to categories the shopper's group does not see.
    fn visible_links(&self, links: &[MenuLink]) -> Vec<MenuLink> {
        let hidden = &self.shopper.hidden;
        links
            .iter()
            .filter(|l| hidden.is_empty() || !hidden.hides_link(&self.base, &l.url))
            .map(|l| MenuLink {
                children: self.visible_links(&l.children),
                ..l.clone()
            })
            .collect()
    }

    /// Redirects within the sandbox, optionally storing a new visitor state and a success
    /// message.
    pub(super) fn redirect(
        &self,
        to: &str,
        visitor: Option<VisitorCookie>,
        message: Option<&str>,
    ) -> Response {
        self.redirect_with(to, visitor, message.map(Flash::success))
    }

    /// Redirects within the sandbox, optionally storing a new visitor state and a message.
    pub(super) fn redirect_with(
        &self,
        to: &str,
        visitor: Option<VisitorCookie>,
        flash: Option<Flash>,
    ) -> Response {
        let mut response = Redirect::to(&format!("{}{to}", self.base)).into_response();
        let key = &self.state.cookie_key;
        if let Some(v) = visitor {
            cookies::append(&mut response, &v.header(self.site.id, key));
        }
        if let Some(f) = flash {
            cookies::append(&mut response, &f.set_cookie(self.site.id, key));
        }
        response
    }
}

const THEME_COLOURS: &[(&str, &str)] = &[
    ("color.primary", "#1F4E6B"),
    ("color.accent", "#A9522F"),
    ("color.background", "#F6F1E7"),
    ("color.text", "#22303A"),
];

fn is_hex_colour(v: &str) -> bool {
    v.len() <= 9
        && v.strip_prefix('#').is_some_and(|h| {
            matches!(h.len(), 3 | 6 | 8) && h.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// What every storefront page shows around its content. Read once and cached until the
/// next write to the site: it is most of the cost of a page otherwise.
struct Layout {
    settings: BTreeMap<String, String>,
    menu_main: Vec<MenuLink>,
    menu_footer: Vec<MenuLink>,
    footer_columns: Vec<(String, Vec<MenuLink>)>,
    free_threshold: Option<i64>,
}

impl Layout {
    async fn load(db: &sqlx::SqlitePool, base: &str) -> Result<Layout, ShopError> {
        let mut settings: BTreeMap<String, String> =
            content::settings(db).await?.into_iter().collect();
        // Templates read these keys; a context that leaves one out shows an empty text.
        for key in TEMPLATE_SETTINGS {
            settings.entry((*key).to_owned()).or_default();
        }
        // Colours go into a <style> element: only a hex colour is accepted.
        for (key, fallback) in THEME_COLOURS {
            let value = settings.entry((*key).to_owned()).or_default();
            if !is_hex_colour(value) {
                *value = (*fallback).to_owned();
            }
        }
        let mut footer_columns: Vec<(String, Vec<MenuLink>)> = Vec::new();
        for block in content::home_blocks(db, "footer_link").await? {
            let (url, external) = content::resolve_link(&block.link, base);
            let link = MenuLink {
                label: block.title,
                url,
                external,
                children: vec![],
            };
            match footer_columns
                .iter_mut()
                .find(|(t, _)| *t == block.column_title)
            {
                Some((_, links)) => links.push(link),
                None => footer_columns.push((block.column_title, vec![link])),
            }
        }
        Ok(Layout {
            settings,
            menu_main: content::menu(db, "main", base).await?,
            menu_footer: content::menu(db, "footer", base).await?,
            footer_columns,
            free_threshold: cart::free_shipping_threshold(db).await?,
        })
    }
}

/// A refused form goes back where it came from with the reason; a database failure is an error.
pub(super) fn refused(v: &Visit, to: &str, e: CommandError) -> PageResult {
    match e {
        CommandError::Database(e) => Err(ShopError::Database(e)),
        other => Ok(v.redirect_with(to, None, Some(Flash::error(other.to_string())))),
    }
}

pub async fn redirect_home(v: Visit) -> Response {
    v.redirect("/", None, None)
}

/// What the home page shows the same to every visitor (blocks, top categories, module
/// settings, the shop's description), built once per site and kept until the next write.
struct HomeBlocks {
    slides: Vec<content::HomeBlock>,
    reassurance: Vec<content::HomeBlock>,
    custom_text: Vec<content::HomeBlock>,
    top_categories: Vec<catalog::Category>,
    featured_count: usize,
    description: String,
}

impl HomeBlocks {
    async fn load(db: &SqlitePool, base: &str) -> Result<HomeBlocks, sqlx::Error> {
        let mut slides = content::home_blocks(db, "slide").await?;
        for slide in &mut slides {
            slide.link = content::resolve_link(&slide.link, base).0;
        }
        let modules = crate::modules::ModuleSettings::load(db).await?;
        Ok(HomeBlocks {
            slides,
            reassurance: content::home_blocks(db, "reassurance").await?,
            custom_text: content::home_blocks(db, "custom_text").await?,
            top_categories: catalog::categories(db)
                .await?
                .into_iter()
                .filter(|c| c.parent_id.is_none())
                .collect(),
            featured_count: usize::try_from(modules.featured_count).unwrap_or(12),
            description: db
                .optional(
                    "SELECT value FROM setting WHERE key = ?",
                    (setting::SHOP_DESCRIPTION,),
                )
                .await?
                .unwrap_or_default(),
        })
    }
}

pub async fn home(v: Visit) -> PageResult {
    let db = v.site.db();
    let now = now();
    let blocks = v.site.cached(HomeBlocks::load(db, &v.base)).await?;
    let mut ctx = context! {
        slides: blocks.slides, reassurance: blocks.reassurance, custom_text: blocks.custom_text,
    };
    let mut featured = catalog::featured(db, &v.shopper, &now).await?;
    featured.truncate(blocks.featured_count);
    ctx.insert("featured", &featured);
    ctx.insert("popular", &catalog::popular(db, &v.shopper, &now, 4).await?);
    let top: Vec<&catalog::Category> = blocks
        .top_categories
        .iter()
        .filter(|c| !v.shopper.hidden.hides(c.id))
        .collect();
    ctx.insert("categories", &top);
    // Not cached: a scheduled article appears when its time comes, without a write.
    ctx.insert("posts", &content::published_posts(db, &now, 1, 3).await?.0);
    v.render("storefront/home.html", "", &blocks.description, ctx)
        .await
}

#[derive(Deserialize)]
pub struct ListQuery {
    page: Option<String>,
    tri: Option<String>,
}

pub async fn category(
    v: Visit,
    Path(p): Path<SlugParam>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let db = v.site.db();
    let Some(cat) = catalog::category_by_slug(db, &p.slug)
        .await?
        .filter(|c| !v.shopper.hidden.hides(c.id))
    else {
        return Err(ShopError::NotFound);
    };
    let page_no = q.page.as_deref().and_then(|p| p.parse().ok()).unwrap_or(1);
    let sort = catalog::Sort::parse(q.tri.as_deref());
    let page = catalog::in_category(db, &v.shopper, &now(), cat.id, sort, page_no).await?;
    let children: Vec<catalog::Category> = catalog::categories(db)
        .await?
        .into_iter()
        .filter(|c| c.parent_id == Some(cat.id) && !v.shopper.hidden.hides(c.id))
        .collect();
    let ctx = context! {
        category: cat, path: catalog::category_path(db, cat.id).await?, children,
        products: page.items, total: page.total, page: page.page, pages: page.pages,
        sort: q.tri.as_deref().unwrap_or(""), sorts: catalog::Sort::OPTIONS,
    };
    let title = if cat.meta_title.is_empty() {
        cat.name.clone()
    } else {
        cat.meta_title.clone()
    };
    v.render(
        "storefront/category.html",
        &title,
        &cat.meta_description,
        ctx,
    )
    .await
}

/// `?avis=2`: the page of reviews (Modules › Avis produits sets how many per page).
#[derive(Deserialize, Default)]
pub struct ProductQuery {
    avis: Option<String>,
}

pub async fn product(
    v: Visit,
    Path(p): Path<SlugParam>,
    Query(q): Query<ProductQuery>,
) -> PageResult {
    let db = v.site.db();
    let now = now();
    let Some(product) = catalog::product_by_slug(db, &p.slug)
        .await?
        .filter(|p| !v.shopper.hidden.hides(p.category_id))
    else {
        return Err(ShopError::NotFound);
    };
    let combinations = catalog::combinations(db, &v.shopper, &now, product.id).await?;
    let default = combinations
        .iter()
        .find(|c| c.is_default)
        .or(combinations.first());
    let price = catalog::price_of(db, &v.shopper, product.id, default.map(|c| c.id), &now).await?;
    let stock = if combinations.is_empty() {
        product.quantity
    } else {
        combinations.iter().map(|c| c.quantity).sum()
    };
    let reviews = catalog::approved_reviews(db, product.id).await?;
    let rating = (!reviews.is_empty())
        .then(|| reviews.iter().map(|r| r.rating).sum::<i64>() as f64 / reviews.len() as f64);
    let mut ctx = context! {
        product,
        paragraphs: product.description.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>(),
        path: catalog::category_path(db, product.category_id).await?, combinations, price, stock,
        features: catalog::features(db, product.id).await?,
        accessories: catalog::accessories(db, &v.shopper, &now, product.id).await?,
        gallery: catalog::gallery(db, product.id).await?,
        pack_items: catalog::pack_items(db, product.id).await?,
        customization_fields: catalog::customization_fields(db, product.id).await?,
        quantity_prices: catalog::quantity_prices(db, &v.shopper, product.id, default.map(|c| c.id), &now).await?,
    };
    let modules = crate::modules::ModuleSettings::load(db).await?;
    let review_pages =
        (reviews.len() as i64 + modules.reviews_per_page - 1) / modules.reviews_per_page;
    let review_page = q
        .avis
        .and_then(|a| a.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, review_pages.max(1));
    ctx.insert("review_page", &review_page);
    ctx.insert("review_pages", &review_pages);
    ctx.insert("modules", &modules);
    ctx.insert(
        "description_html",
        &crate::product_text::html(&product.description_blocks, &product.description, &v.base),
    );
    ctx.insert(
        "summary_html",
        &crate::product_text::html(&product.summary_blocks, &product.summary, &v.base),
    );
    ctx.insert(
        "reviews",
        &reviews
            .iter()
            .skip(usize::try_from((review_page - 1) * modules.reviews_per_page).unwrap_or(0))
            .take(usize::try_from(modules.reviews_per_page).unwrap_or(10))
            .collect::<Vec<_>>(),
    );
    ctx.insert("reviews_total", &reviews.len());
    ctx.insert("rating", &rating);
    let title = if product.meta_title.is_empty() {
        product.name.clone()
    } else {
        product.meta_title.clone()
    };
    let description = if product.meta_description.is_empty() {
        product.summary.clone()
    } else {
        product.meta_description.clone()
    };
    v.render("storefront/product.html", &title, &description, ctx)
        .await
}

#[derive(Deserialize)]
pub struct ReviewForm {
    author_name: String,
    title: String,
    content: String,
    rating: String,
}

pub async fn post_review(
    v: Visit,
    Path(p): Path<SlugParam>,
    Form(f): Form<ReviewForm>,
) -> PageResult {
    let back = format!("/produit/{}#avis", p.slug);
    let Some(product) = catalog::product_by_slug(v.site.db(), &p.slug).await? else {
        return Err(ShopError::NotFound);
    };
    let input = visitor_cmd::ReviewInput {
        product_id: product.id,
        author_name: f.author_name,
        title: f.title,
        content: f.content,
        rating: f.rating.parse().unwrap_or(0),
    };
    match visitor_cmd::review(&v.site, &v.actor(), v.shopper.customer_id, input).await {
        Ok(true) => Ok(v.redirect(
            &back,
            None,
            Some("Merci ! Votre avis sera publié après validation par la boutique."),
        )),
        Ok(false) => Ok(v.redirect(&back, None, Some("Merci ! Votre avis est publié."))),
        Err(e) => refused(&v, &back, e),
    }
}

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

pub async fn search(v: Visit, Query(q): Query<SearchQuery>) -> PageResult {
    let query = q.q.unwrap_or_default();
    let results = if query.trim().is_empty() {
        Vec::new()
    } else {
        catalog::search(v.site.db(), &v.shopper, &now(), &query).await?
    };
    let ctx = context! { query, products: results };
    v.render(
        "storefront/search.html",
        &format!("Recherche « {} »", query.trim()),
        "",
        ctx,
    )
    .await
}

pub async fn cart(v: Visit) -> PageResult {
    let mut ctx = Context::new();
    let view = match v.visitor.cart_id {
        Some(id) => Some(
            cart::load(
                v.site.db(),
                &v.shopper,
                id,
                &now(),
                None,
                cart::Destination::FRANCE,
            )
            .await?,
        ),
        None => None,
    };
    ctx.insert("cart", &view);
    v.render("storefront/cart.html", "Panier", "", ctx).await
}

#[derive(Deserialize)]
pub struct AddForm {
    product_id: String,
    combination_id: Option<String>,
    quantity: Option<String>,
    #[serde(default)]
    customization: String,
    #[serde(default)]
    retour: String,
}

pub async fn cart_add(v: Visit, Form(f): Form<AddForm>) -> PageResult {
    let back = if f.retour.starts_with('/') && !f.retour.starts_with("//") {
        f.retour.clone()
    } else {
        "/panier".to_owned()
    };
    let Ok(product_id) = f.product_id.parse() else {
        return Err(ShopError::NotFound);
    };
    if !v.shopper.hidden.is_empty() {
        // A product of a category the shopper's group does not see cannot be bought either.
        let category: Option<i64> =
            sqlx::query_scalar("SELECT category_id FROM product WHERE id = ?")
                .bind(product_id)
                .fetch_optional(v.site.db())
                .await?;
        if category.is_some_and(|c| v.shopper.hidden.hides(c)) {
            return Err(ShopError::NotFound);
        }
    }
    let input = AddToCart {
        cart_id: v.visitor.cart_id,
        product_id,
        combination_id: f
            .combination_id
            .as_deref()
            .filter(|c| !c.is_empty())
            .and_then(|c| c.parse().ok()),
        quantity: f
            .quantity
            .as_deref()
            .and_then(|q| q.trim().parse().ok())
            .unwrap_or(0),
        customization: f.customization.trim().chars().take(250).collect(),
    };
    match command::cart::add(&v.site, &v.actor(), &v.shopper, input).await {
        Ok(cart_id) => {
            let visitor = VisitorCookie {
                cart_id: Some(cart_id),
                ..v.visitor
            };
            Ok(v.redirect(
                "/panier",
                Some(visitor),
                Some("Le produit a été ajouté à votre panier."),
            ))
        }
        Err(e) => refused(&v, &back, e),
    }
}

#[derive(Deserialize)]
pub struct LineForm {
    line_id: String,
    quantity: String,
}

pub async fn cart_line(v: Visit, Form(f): Form<LineForm>) -> PageResult {
    let (Some(cart_id), Ok(line_id)) = (v.visitor.cart_id, f.line_id.parse()) else {
        return Ok(v.redirect("/panier", None, None));
    };
    let quantity = f.quantity.trim().parse().unwrap_or(-1);
    match command::cart::set_quantity(&v.site, &v.actor(), cart_id, line_id, quantity).await {
        Ok(()) => Ok(v.redirect("/panier", None, Some("Votre panier a été mis à jour."))),
        Err(e) => refused(&v, "/panier", e),
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    rule_id: String,
}

pub async fn cart_code(v: Visit, Form(f): Form<CodeForm>) -> PageResult {
    let Some(cart_id) = v.visitor.cart_id else {
        return Ok(v.redirect("/panier", None, Some("Votre panier est vide.")));
    };
    match command::cart::apply_code(&v.site, &v.actor(), &v.shopper, cart_id, &f.code).await {
        Ok(message) => Ok(v.redirect("/panier", None, Some(&message))),
        Err(e) => refused(&v, "/panier", e),
    }
}

pub async fn cart_code_remove(v: Visit, Form(f): Form<CodeForm>) -> PageResult {
    let (Some(cart_id), Ok(rule_id)) = (v.visitor.cart_id, f.rule_id.parse()) else {
        return Ok(v.redirect("/panier", None, None));
    };
    match command::cart::remove_rule(&v.site, &v.actor(), cart_id, rule_id).await {
        Ok(()) => Ok(v.redirect("/panier", None, Some("Le bon de réduction a été retiré."))),
        Err(e) => refused(&v, "/panier", e),
    }
}

#[derive(Deserialize)]
pub struct CheckoutQuery {
    transporteur: Option<String>,
    pays: Option<String>,
    cp: Option<String>,
}

pub async fn checkout(v: Visit, Query(q): Query<CheckoutQuery>) -> PageResult {
    let db = v.site.db();
    let Some(cart_id) = v.visitor.cart_id else {
        return Ok(v.redirect("/panier", None, None));
    };
    let country = q.pays.unwrap_or_else(|| "FR".into());
    let carrier = q.transporteur.and_then(|c| c.parse().ok());
    let destination = cart::Destination {
        country_iso: &country,
        postcode: q.cp.as_deref().unwrap_or(""),
    };
    let view = cart::load(db, &v.shopper, cart_id, &now(), carrier, destination).await?;
    if view.lines.is_empty() {
        return Ok(v.redirect("/panier", None, Some("Votre panier est vide.")));
    }
    let address: Option<(String, String, String, String, String, String, String)> = match v.shopper.customer_id {
        Some(c) => db.row_optional(
            "SELECT first_name, last_name, address1, address2, postcode, city, phone FROM address WHERE customer_id = ? ORDER BY id DESC LIMIT 1",
            (c,),
        ).await?,
        None => None,
    };
    let ctx = context! { cart: view, address, country, countries: cart::countries(db).await? };
    v.render("storefront/checkout.html", "Commande", "", ctx)
        .await
}

#[derive(Deserialize)]
pub struct CheckoutForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    address1: String,
    #[serde(default)]
    address2: String,
    #[serde(default)]
    postcode: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    carrier_id: String,
    #[serde(default)]
    payment: String,
    cgv: Option<String>,
    #[serde(default)]
    note: String,
}

pub async fn place_order(v: Visit, Form(f): Form<CheckoutForm>) -> PageResult {
    let Some(cart_id) = v.visitor.cart_id else {
        return Ok(v.redirect("/panier", None, None));
    };
    let input = order::Checkout {
        cart_id,
        email: f.email,
        address: order::AddressInput {
            first_name: f.first_name,
            last_name: f.last_name,
            address1: f.address1,
            address2: f.address2,
            postcode: f.postcode.trim().to_owned(),
            city: f.city,
            country_iso: if f.country.is_empty() {
                "FR".into()
            } else {
                f.country
            },
            phone: f.phone,
        },
        carrier_id: f.carrier_id.parse().ok(),
        payment: order::Payment::parse(&f.payment),
        accept_terms: f.cgv.is_some(),
        note: f.note,
    };
    match order::place(&v.site, &v.actor(), &v.shopper, input).await {
        Ok(placed) => {
            let visitor = VisitorCookie {
                cart_id: None,
                last_order_id: Some(placed.id),
                ..v.visitor
            };
            Ok(v.redirect(
                &format!("/commande/confirmation/{}", placed.reference),
                Some(visitor),
                None,
            ))
        }
        Err(e) => refused(&v, "/commande", e),
    }
}

/// The status a customer sees for order `o`: a status marked hidden (Commandes › États)
/// shows as the last visible one the order went through.
const CUSTOMER_STATE: &str = "CASE WHEN (SELECT hidden FROM order_state WHERE id = o.state_id) = 1
    THEN COALESCE((SELECT h.state_id FROM order_history h JOIN order_state hs ON hs.id = h.state_id
                    WHERE h.order_id = o.id AND hs.hidden = 0 ORDER BY h.created_at DESC, h.id DESC LIMIT 1), o.state_id)
    ELSE o.state_id END";

#[derive(Deserialize)]
pub struct ReferenceParam {
    reference: String,
}

#[derive(Debug, serde::Serialize, sqlx::FromRow)]
struct OrderView {
    id: i64,
    reference: String,
    customer_id: i64,
    payment: String,
    state: String,
    state_color: String,
    total_products_cents: i64,
    total_discounts_cents: i64,
    total_shipping_cents: i64,
    total_paid_cents: i64,
    created_at: String,
    carrier: String,
    email: String,
    address: String,
}

async fn load_order(
    v: &Visit,
    reference: &str,
) -> Result<Option<(OrderView, Vec<(String, i64, i64)>)>, ShopError> {
    let db = v.site.db();
    let order: Option<OrderView> = db.row_optional(
        &format!(
        "SELECT o.id, o.reference, o.customer_id, o.payment, s.name AS state, s.color AS state_color, o.total_products_cents,
                o.total_discounts_cents, o.total_shipping_cents, o.total_paid_cents, o.created_at, k.name AS carrier, c.email,
                a.first_name || ' ' || a.last_name || ', ' || a.address1 || ', ' || a.postcode || ' ' || a.city AS address
         FROM orders o JOIN order_state s ON s.id = {CUSTOMER_STATE} JOIN carrier k ON k.id = o.carrier_id
         JOIN customer c ON c.id = o.customer_id JOIN address a ON a.id = o.delivery_address_id WHERE o.reference = ?",
    ),
        (reference,),
    ).await?;
    // Only the buyer sees an order: the logged-in customer, or the browser that placed it.
    let Some(order) = order.filter(|o| {
        v.shopper.customer_id == Some(o.customer_id) || v.visitor.last_order_id == Some(o.id)
    }) else {
        return Ok(None);
    };
    let lines = db.rows(
        "SELECT product_name, quantity, unit_price_cents FROM order_line WHERE order_id = ? ORDER BY id",
        (order.id,),
    ).await?;
    Ok(Some((order, lines)))
}

pub async fn confirmation(v: Visit, Path(p): Path<ReferenceParam>) -> PageResult {
    let Some((order, lines)) = load_order(&v, &p.reference).await? else {
        return Err(ShopError::NotFound);
    };
    let ctx = context! { order, lines };
    v.render(
        "storefront/confirmation.html",
        "Confirmation de commande",
        "",
        ctx,
    )
    .await
}

pub async fn account_order(v: Visit, Path(p): Path<ReferenceParam>) -> PageResult {
    if v.shopper.customer_id.is_none() {
        return Ok(v.redirect("/compte", None, None));
    }
    let Some((order, lines)) = load_order(&v, &p.reference).await? else {
        return Err(ShopError::NotFound);
    };
    let ctx = context! { order, lines };
    v.render(
        "storefront/order.html",
        &format!("Commande {}", order.reference),
        "",
        ctx,
    )
    .await
}

pub async fn account(v: Visit) -> PageResult {
    let mut ctx = Context::new();
    if let Some(customer_id) = v.shopper.customer_id {
        let orders: Vec<(String, String, i64, String, String)> = sqlx::query_as(&format!(
            "SELECT o.reference, o.created_at, o.total_paid_cents, s.name, s.color FROM orders o JOIN order_state s ON s.id = {CUSTOMER_STATE}
             WHERE o.customer_id = ? ORDER BY o.created_at DESC",
        ))
        .bind(customer_id)
        .fetch_all(v.site.db())
        .await?;
        ctx.insert("orders", &orders);
    }
    v.render("storefront/account.html", "Mon compte", "", ctx)
        .await
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
}

pub async fn login(v: Visit, Form(f): Form<LoginForm>) -> PageResult {
    match visitor_cmd::authenticate(v.site.db(), &f.email, &f.password).await? {
        Some((customer_id, _)) => {
            if let Some(cart_id) = v.visitor.cart_id
                && let Err(e) =
                    command::cart::attach_customer(&v.site, &v.actor(), cart_id, customer_id).await
            {
                return refused(&v, "/compte", e);
            }
            let visitor = VisitorCookie {
                customer_id: Some(customer_id),
                ..v.visitor
            };
            let to = if v.visitor.cart_id.is_some() {
                "/commande"
            } else {
                "/compte"
            };
            Ok(v.redirect(to, Some(visitor), Some("Vous êtes connecté.")))
        }
        None => Ok(v.redirect_with(
            "/compte",
            None,
            Some(Flash::error("Adresse e-mail ou mot de passe incorrect.")),
        )),
    }
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    gender: String,
    first_name: String,
    last_name: String,
    email: String,
    password: String,
    newsletter: Option<String>,
}

pub async fn register(v: Visit, Form(f): Form<RegisterForm>) -> PageResult {
    let input = visitor_cmd::Registration {
        gender: f.gender,
        first_name: f.first_name,
        last_name: f.last_name,
        email: f.email,
        password: f.password,
        newsletter: f.newsletter.is_some(),
    };
    match visitor_cmd::register(&v.site, &v.actor(), input).await {
        Ok(customer_id) => {
            let visitor = VisitorCookie {
                customer_id: Some(customer_id),
                ..v.visitor
            };
            Ok(v.redirect(
                "/compte",
                Some(visitor),
                Some("Votre compte a été créé. Bienvenue !"),
            ))
        }
        Err(e) => refused(&v, "/compte", e),
    }
}

pub async fn logout(v: Visit) -> Response {
    let visitor = VisitorCookie {
        customer_id: None,
        cart_id: None,
        last_order_id: None,
    };
    v.redirect("/", Some(visitor), Some("Vous êtes déconnecté."))
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<String>,
    categorie: Option<String>,
}

pub async fn blog(v: Visit, Query(q): Query<PageQuery>) -> PageResult {
    let db = v.site.db();
    let per_page: i64 = db
        .optional::<String>(
            "SELECT value FROM setting WHERE key = ?",
            (setting::READING_POSTS_PER_PAGE,),
        )
        .await?
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(6);
    let page = q
        .page
        .as_deref()
        .and_then(|p| p.parse().ok())
        .unwrap_or(1i64)
        .max(1);
    let category = q.categorie.as_deref().filter(|c| !c.is_empty());
    let (posts, total) = content::published_posts_in(db, &now(), category, page, per_page).await?;
    let ctx = context! {
        category: content::category_name(db, category).await?, posts, page,
        pages: ((total + per_page - 1) / per_page).max(1),
    };
    v.render("storefront/blog.html", "Le blog", "", ctx).await
}

pub async fn blog_post(v: Visit, Path(p): Path<SlugParam>) -> PageResult {
    let db = v.site.db();
    let Some(post) = content::post_by_slug(db, "post", &p.slug, &now()).await? else {
        return Err(ShopError::NotFound);
    };
    let ctx = context! {
        body: content::render_blocks(&post.blocks, &v.base),
        comments: content::approved_comments(db, post.id).await?, post,
    };
    let title = if post.meta_title.is_empty() {
        post.title.clone()
    } else {
        post.meta_title.clone()
    };
    let description = if post.meta_description.is_empty() {
        post.excerpt.clone()
    } else {
        post.meta_description.clone()
    };
    v.render("storefront/post.html", &title, &description, ctx)
        .await
}

#[derive(Deserialize)]
pub struct CommentForm {
    author_name: String,
    author_email: String,
    content: String,
}

pub async fn post_comment(
    v: Visit,
    Path(p): Path<SlugParam>,
    Form(f): Form<CommentForm>,
) -> PageResult {
    let back = format!("/blog/{}#commentaires", p.slug);
    let Some(post) = content::post_by_slug(v.site.db(), "post", &p.slug, &now()).await? else {
        return Err(ShopError::NotFound);
    };
    let input = visitor_cmd::CommentInput {
        post_id: post.id,
        author_name: f.author_name,
        author_email: f.author_email,
        content: f.content,
    };
    match visitor_cmd::comment(&v.site, &v.actor(), input).await {
        Ok(true) => Ok(v.redirect(
            &back,
            None,
            Some("Merci ! Votre commentaire est en attente de modération."),
        )),
        Ok(false) => Ok(v.redirect(&back, None, Some("Merci ! Votre commentaire est publié."))),
        Err(e) => refused(&v, &back, e),
    }
}

pub async fn page(v: Visit, Path(p): Path<SlugParam>) -> PageResult {
    render_page(v, &p.slug).await
}

/// A page by its slug: at `/page/<slug>`, or at `/` when the reading settings say so.
pub(super) async fn render_page(v: Visit, slug: &str) -> PageResult {
    let Some(page) = content::post_by_slug(v.site.db(), "page", slug, &now()).await? else {
        return Err(ShopError::NotFound);
    };
    let ctx = context! { body: content::render_blocks(&page.blocks, &v.base), page };
    let title = if page.meta_title.is_empty() {
        page.title.clone()
    } else {
        page.meta_title.clone()
    };
    v.render("storefront/page.html", &title, &page.meta_description, ctx)
        .await
}

pub async fn contact(v: Visit) -> PageResult {
    let contacts: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, name, description FROM contact ORDER BY id")
            .fetch_all(v.site.db())
            .await?;
    let email: Option<String> = match v.shopper.customer_id {
        Some(c) => {
            sqlx::query_scalar("SELECT email FROM customer WHERE id = ?")
                .bind(c)
                .fetch_optional(v.site.db())
                .await?
        }
        None => None,
    };
    // The Contact page of the site (its text, a map, opening hours…) above the form, as a
    // WordPress contact page shows its content with its form.
    let page = content::post_by_slug(v.site.db(), "page", "contact", &now()).await?;
    let (heading, title, description, body) = match &page {
        Some(p) => (
            p.title.clone(),
            if p.meta_title.is_empty() {
                p.title.clone()
            } else {
                p.meta_title.clone()
            },
            p.meta_description.clone(),
            content::render_blocks(&p.blocks, &v.base),
        ),
        None => (
            "Nous contacter".to_owned(),
            "Nous contacter".to_owned(),
            "Contactez le service client.".to_owned(),
            String::new(),
        ),
    };
    let ctx = context! { contacts, email, heading, body };
    v.render("storefront/contact.html", &title, &description, ctx)
        .await
}

#[derive(Deserialize)]
pub struct ContactForm {
    contact_id: String,
    email: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    order_reference: String,
    message: String,
}

pub async fn post_contact(v: Visit, Form(f): Form<ContactForm>) -> PageResult {
    let input = visitor_cmd::ContactMessage {
        contact_id: f.contact_id.parse().unwrap_or(0),
        email: f.email,
        subject: f.subject,
        order_reference: f.order_reference,
        message: f.message,
    };
    match visitor_cmd::contact(&v.site, &v.actor(), v.shopper.customer_id, input).await {
        Ok(_) => Ok(v.redirect(
            "/contact",
            None,
            Some("Votre message a bien été envoyé. Nous vous répondrons sous 48 heures ouvrées."),
        )),
        Err(e) => refused(&v, "/contact", e),
    }
}

#[derive(Deserialize)]
pub struct NewsletterForm {
    email: String,
}

pub async fn newsletter(v: Visit, Form(f): Form<NewsletterForm>) -> PageResult {
    match visitor_cmd::subscribe_newsletter(&v.site, &v.actor(), &f.email).await {
        Ok(()) => Ok(v.redirect(
            "/",
            None,
            Some("Merci ! Vous êtes inscrit à notre lettre d'information."),
        )),
        Err(e) => refused(&v, "/", e),
    }
}

#[derive(Deserialize)]
pub struct ExternalQuery {
    url: Option<String>,
}

/// Links to the outside world are shown, never followed: the exam forbids other sites.
pub async fn external_link(v: Visit, Query(q): Query<ExternalQuery>) -> PageResult {
    let mut ctx = Context::new();
    ctx.insert("url", &q.url.unwrap_or_default());
    v.render("storefront/external.html", "Lien externe", "", ctx)
        .await
}

pub async fn media(v: Visit, Path(id): Path<BTreeMap<String, String>>) -> PageResult {
    let Some(id) = id.get("id").and_then(|i| i.parse::<i64>().ok()) else {
        return Err(ShopError::NotFound);
    };
    let row: Option<(String, Vec<u8>)> =
        sqlx::query_as("SELECT mime, data FROM media WHERE id = ?")
            .bind(id)
            .fetch_optional(v.site.db())
            .await?;
    let Some((mime, data)) = row else {
        return Err(ShopError::NotFound);
    };
    // Only media types a page shows are served as such: anything else (a row written by a
    // subject, say, claiming `text/javascript`) is a download, so that no stored file can
    // pass for one of the site's scripts.
    const SHOWN: &[&str] = &[
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/svg+xml",
        "audio/mpeg",
        "audio/ogg",
        "audio/wav",
        "application/pdf",
    ];
    let shown = SHOWN.contains(&mime.as_str());
    let mut response = Response::new(Body::from(data));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        if shown {
            HeaderValue::from_str(&mime)
                .unwrap_or(HeaderValue::from_static("application/octet-stream"))
        } else {
            HeaderValue::from_static("application/octet-stream")
        },
    );
    if !shown {
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=300"),
    );
    // An uploaded SVG must not run script in the shop's origin.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    );
    // `nosniff`, like every response's, is set by the server's guard (web::guard).
    Ok(response)
}

pub async fn sitemap(v: Visit) -> PageResult {
    let db = v.site.db();
    let now = now();
    let mut urls: Vec<(String, String)> = vec![
        (format!("{}/", v.base), String::new()),
        (format!("{}/blog", v.base), String::new()),
    ];
    // What a visitor (the "Visiteur" group) may see, as search engines are visitors.
    let hidden = &v.shopper.hidden;
    let rows: Vec<(String, String, String)> = db.rows(
        &format!(
        "SELECT 'produit', slug, substr(updated_at, 1, 10) FROM product WHERE active = 1{}
         UNION ALL SELECT 'categorie', slug, '' FROM category WHERE active = 1{}
         UNION ALL SELECT CASE kind WHEN 'post' THEN 'blog' ELSE 'page' END, slug, substr(COALESCE(updated_at, published_at), 1, 10)
           FROM post WHERE status = 'publish' OR (status = 'future' AND published_at <= ?)",
        hidden.not_in("category_id"),
        hidden.not_in("id"),
    ),
        (&now,),
    ).await?;
    urls.extend(
        rows.into_iter()
            .map(|(prefix, slug, day)| (format!("{}/{prefix}/{slug}", v.base), day)),
    );
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, day) in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&crate::web::escape::escape(&loc));
        xml.push_str("</loc>");
        if !day.is_empty() {
            xml.push_str("<lastmod>");
            xml.push_str(&crate::web::escape::escape(&day));
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response())
}

pub async fn robots(v: Visit) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: {base}/panier\nDisallow: {base}/commande\nDisallow: {base}/compte\nSitemap: {base}/sitemap.xml\n",
        base = v.base
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}
