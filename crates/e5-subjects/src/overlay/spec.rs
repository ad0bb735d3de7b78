//! What a teacher writes under `[overlay]`: the data a subject adds to the reference context.
//! Everything is named by natural keys (product reference, customer e-mail, slugs, names).

use serde::{Deserialize, Serialize};

use crate::checks::spec::PostType;

/// One overlay entry. Entries are applied in the order of this enum, then in file order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OverlayEntry {
    Customer(Customer),
    Employee(Employee),
    Product(Product),
    ProductUpdate(ProductUpdate),
    Stock(Stock),
    Post(Post),
    PostUpdate(PostUpdate),
    Comment(Comment),
    Review(Review),
    CustomerMessage(CustomerMessage),
    OrderState(OrderState),
    OrderReturn(OrderReturn),
    Traffic(Traffic),
    Setting(Setting),
    Sql(Sql),
}

impl OverlayEntry {
    /// The TOML table name, for messages (`[[overlay.product]]`).
    pub fn table(&self) -> &'static str {
        match self {
            OverlayEntry::Customer(_) => "customer",
            OverlayEntry::Employee(_) => "employee",
            OverlayEntry::Product(_) => "product",
            OverlayEntry::ProductUpdate(_) => "product_update",
            OverlayEntry::Stock(_) => "stock",
            OverlayEntry::Post(_) => "post",
            OverlayEntry::PostUpdate(_) => "post_update",
            OverlayEntry::Comment(_) => "comment",
            OverlayEntry::Review(_) => "review",
            OverlayEntry::CustomerMessage(_) => "customer_message",
            OverlayEntry::OrderState(_) => "order_state",
            OverlayEntry::OrderReturn(_) => "order_return",
            OverlayEntry::Traffic(_) => "traffic",
            OverlayEntry::Setting(_) => "setting",
            OverlayEntry::Sql(_) => "sql",
        }
    }
}

/// A new customer account.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// `M.` or `Mme`.
    pub gender: Option<String>,
    /// Default group, by name (`Client` by default).
    pub group: Option<String>,
    #[serde(default)]
    pub newsletter: bool,
    #[serde(default)]
    pub note: String,
    pub company: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub phone: Option<String>,
    pub at: Option<String>,
}

/// A new employee (for instance, someone whose account must be changed).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Employee {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub profile: String,
    pub wp_role: Option<String>,
    pub active: Option<bool>,
}

/// A new product, usually a draft (offline) the candidate must complete.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub reference: String,
    pub name: String,
    /// Default category, by slug.
    pub category: String,
    pub slug: Option<String>,
    /// Price with tax, in euros (0 when left for the candidate).
    pub price: Option<f64>,
    /// VAT rate in percent (20 by default).
    pub tax: Option<f64>,
    pub brand: Option<String>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub quantity: i64,
    #[serde(default)]
    pub active: bool,
    /// A media file of the context used as cover image (`products/…svg`).
    pub image: Option<String>,
    pub weight_grams: Option<i64>,
}

/// Changes to an existing product (for instance, an SEO field emptied).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProductUpdate {
    pub reference: String,
    pub name: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub meta_title: Option<String>,
    pub meta_description: Option<String>,
    pub focus_keyword: Option<String>,
    pub price: Option<f64>,
    pub active: Option<bool>,
    pub featured: Option<bool>,
}

/// A stock level (product without combinations, or one combination by its reference).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stock {
    pub reference: String,
    pub quantity: i64,
}

/// A new article or page (a draft to finish, a page to publish…).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Post {
    #[serde(default)]
    pub post_type: PostType,
    pub title: String,
    pub slug: String,
    /// `draft` (default), `publish`, `private`.
    pub status: Option<String>,
    /// Simple text: paragraphs separated by a blank line, `## ` for headings.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub excerpt: String,
    /// Author, by employee e-mail.
    pub author: Option<String>,
}

/// Changes to an existing article or page.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PostUpdate {
    #[serde(default)]
    pub post_type: PostType,
    pub slug: String,
    pub status: Option<String>,
    pub title: Option<String>,
    pub text: Option<String>,
    pub meta_title: Option<String>,
    pub meta_description: Option<String>,
    pub focus_keyword: Option<String>,
}

/// A comment waiting for moderation (or already published).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    #[serde(default)]
    pub post_type: PostType,
    /// The article (or page), by slug.
    pub post: String,
    pub author: String,
    #[serde(default)]
    pub email: String,
    pub text: String,
    /// `pending` (default), `approved`, `spam`.
    pub status: Option<String>,
    pub at: Option<String>,
}

/// A product review waiting for moderation.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The product, by reference.
    pub product: String,
    pub author: String,
    /// The customer who wrote it, by e-mail (optional).
    pub customer: Option<String>,
    pub title: String,
    pub text: String,
    pub rating: i64,
    /// `pending` (default), `approved`, `refused`.
    pub status: Option<String>,
    pub at: Option<String>,
}

/// A customer's message to the customer service (a new thread).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerMessage {
    /// The customer, by e-mail (must exist, or be created by `[[overlay.customer]]`).
    pub customer: String,
    /// A visitor without an account: `customer` is then only an e-mail address.
    #[serde(default)]
    pub guest: bool,
    pub subject: String,
    pub message: String,
    /// The order concerned, by reference.
    pub order: Option<String>,
    /// The product concerned, by reference.
    pub product: Option<String>,
    /// The contact addressed, by name (`Service client` by default).
    pub contact: Option<String>,
    pub at: Option<String>,
}

/// Puts an order in a given state (with its history line).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrderState {
    pub order: String,
    pub state: String,
    pub at: Option<String>,
}

/// A return request on an order.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrderReturn {
    pub order: String,
    /// Product references of the lines returned (all lines when empty).
    #[serde(default)]
    pub products: Vec<String>,
    pub reason: String,
    pub at: Option<String>,
}

/// Multiplies traffic figures over days: an anomaly to diagnose from the statistics.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Traffic {
    /// First and last day, `AAAA-MM-JJ`.
    pub from: String,
    pub to: String,
    /// `direct`, `organic`, `social`, `email`, `referral` or `paid` (all when absent).
    pub source: Option<String>,
    /// `desktop`, `mobile` or `tablet` (all when absent).
    pub device: Option<String>,
    /// Factors (1 = unchanged).
    pub sessions: Option<f64>,
    pub bounces: Option<f64>,
    pub carts_created: Option<f64>,
    pub carts_abandoned: Option<f64>,
}

/// A setting of the shop or site.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    pub key: String,
    pub value: String,
}

/// Escape hatch: SQL run as is, inside the overlay's transaction.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sql {
    pub sql: String,
    /// What it does, for the next teacher reading the file.
    #[serde(default)]
    pub note: String,
}
