//! What a teacher writes under `[[grid.row.check]]`: one `kind` and its expectations.
//! Every expectation is optional: a check only looks at what it is told to.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Check {
    /// An article or page published (a new one, or the one named by `slug`).
    PostPublished(PostPublished),
    /// A product sheet completed (the draft product of the overlay, usually).
    ProductCompleted(ProductCompleted),
    /// A cart rule (promo code) with given conditions.
    CartRule(CartRule),
    /// A catalogue price rule.
    CatalogRule(CatalogRule),
    /// A specific price on one product.
    SpecificPrice(SpecificPrice),
    /// An employee's public reply in a customer thread.
    ReplyToThread(ReplyToThread),
    /// A product review moderated and/or answered.
    ReviewHandled(ReviewHandled),
    /// A blog comment moderated (and possibly answered).
    CommentModerated(CommentModerated),
    /// A customer group with its reduction.
    CustomerGroup(CustomerGroup),
    /// A customer belonging to a group.
    CustomerInGroup(CustomerInGroup),
    /// A customer account created.
    CustomerAccount(CustomerAccount),
    /// An employee account with its profile.
    Employee(Employee),
    /// A menu entry.
    MenuItem(MenuItem),
    /// A home-page block (slide, reassurance, custom text, footer link).
    HomeBlock(HomeBlock),
    /// A widget of the blog sidebar or footer.
    Widget(Widget),
    /// A shop or site setting (slogan, reading settings, comments…).
    Setting(Setting),
    /// Alternative texts of media files.
    MediaAlt(MediaAlt),
    /// The current state of an order.
    OrderState(OrderState),
    /// A return (RMA) and its state.
    OrderReturn(OrderReturn),
    /// A credit slip for an order.
    CreditSlip(CreditSlip),
    /// The stock of a product or combination.
    Stock(Stock),
    /// A search alias.
    SearchAlias(SearchAlias),
    /// A written answer in the « Réponses » screen (diagnosis questions).
    Answer(Answer),
    /// Generic fallback: an action recorded in the journal.
    JournalContains(JournalContains),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PostType {
    #[default]
    Post,
    Page,
}

impl PostType {
    pub fn as_str(self) -> &'static str {
        match self {
            PostType::Post => "post",
            PostType::Page => "page",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            PostType::Post => "Article",
            PostType::Page => "Page",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PostPublished {
    #[serde(default)]
    pub post_type: PostType,
    /// An existing post or page to publish or complete; without it, any new one.
    pub slug: Option<String>,
    /// Expected status: `publish` (default), `future` (scheduled), `private`.
    pub status: Option<String>,
    pub min_words: Option<u32>,
    pub max_words: Option<u32>,
    pub min_headings: Option<u32>,
    pub min_paragraphs: Option<u32>,
    pub min_lists: Option<u32>,
    pub min_images: Option<u32>,
    pub min_images_with_alt: Option<u32>,
    pub min_links: Option<u32>,
    pub meta_title: Option<bool>,
    pub meta_description: Option<bool>,
    pub meta_description_max: Option<u32>,
    pub focus_keyword: Option<String>,
    pub excerpt: Option<bool>,
    pub featured_image: Option<bool>,
    /// A blog category, by its slug in the context's terms.
    pub category: Option<String>,
    pub min_tags: Option<u32>,
    pub sticky: Option<bool>,
    pub comments_open: Option<bool>,
    /// Words or phrases the text must contain (case and accents ignored).
    #[serde(default)]
    pub contains: Vec<String>,
    /// Editor blocks that must be present: `form`, `map`, `faq`, `table`, `gallery`…
    #[serde(default)]
    pub block_types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProductCompleted {
    pub reference: String,
    pub active: Option<bool>,
    /// Price with tax, in euros.
    pub price: Option<f64>,
    pub price_ht: Option<f64>,
    /// Stock (the sum of combinations when there are some).
    pub min_quantity: Option<i64>,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub min_combinations: Option<u32>,
    pub min_images: Option<u32>,
    pub min_features: Option<u32>,
    pub summary: Option<bool>,
    pub description_min_chars: Option<u32>,
    pub description_max_chars: Option<u32>,
    pub meta_title: Option<bool>,
    pub meta_description: Option<bool>,
    pub focus_keyword: Option<String>,
    #[serde(default)]
    pub accessories: Vec<String>,
    pub featured: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CartRule {
    pub code: Option<String>,
    pub name_contains: Option<String>,
    pub percent: Option<f64>,
    /// Amount off, with tax, in euros.
    pub amount: Option<f64>,
    pub free_shipping: Option<bool>,
    pub per_customer: Option<i64>,
    pub quantity: Option<i64>,
    /// `AAAA-MM-JJ` (or with the time).
    pub starts: Option<String>,
    pub ends: Option<String>,
    /// Minimum order amount, with tax, in euros.
    pub min_amount: Option<f64>,
    pub exclude_discounted: Option<bool>,
    pub combinable: Option<bool>,
    pub highlight: Option<bool>,
    pub group: Option<String>,
    pub category: Option<String>,
    pub product: Option<String>,
    pub customer: Option<String>,
    pub gift_product: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogRule {
    pub name_contains: Option<String>,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub group: Option<String>,
    pub percent: Option<f64>,
    pub amount: Option<f64>,
    pub from_quantity: Option<i64>,
    pub starts: Option<String>,
    pub ends: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SpecificPrice {
    pub product: String,
    pub percent: Option<f64>,
    pub amount: Option<f64>,
    pub group: Option<String>,
    pub from_quantity: Option<i64>,
    pub starts: Option<String>,
    pub ends: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyToThread {
    /// The thread's subject (as written in the overlay).
    pub subject: Option<String>,
    /// The customer's e-mail.
    pub customer: Option<String>,
    pub min_chars: Option<u32>,
    #[serde(default)]
    pub contains: Vec<String>,
    /// Expected thread status afterwards: `closed`, `open`, `pending1`, `pending2`.
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewHandled {
    pub product: String,
    pub author: String,
    /// `approved` or `refused`.
    pub status: Option<String>,
    pub min_reply_chars: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommentModerated {
    #[serde(default)]
    pub post_type: PostType,
    pub post: String,
    pub author: String,
    /// `approved`, `spam` or `trash`.
    pub status: String,
    /// An approved reply by an employee under this comment.
    pub reply: Option<bool>,
    pub min_reply_chars: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerGroup {
    pub name: String,
    pub reduction: Option<f64>,
    /// `TTC` or `HT`.
    pub price_display: Option<String>,
    pub show_prices: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerInGroup {
    pub customer: String,
    pub group: String,
    /// The group must also be the customer's default group.
    pub default: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerAccount {
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub group: Option<String>,
    pub newsletter: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Employee {
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub profile: Option<String>,
    /// `administrator`, `editor`, `author` or `contributor` (content side).
    pub wp_role: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// `main` or `footer`.
    pub menu: Option<String>,
    pub label: Option<String>,
    /// What the entry points to: a page, post, category or product slug, or part of a URL.
    pub target: Option<String>,
    pub parent: Option<String>,
    /// `false`: the entry must be gone.
    pub present: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HomeBlock {
    /// `slide`, `reassurance`, `custom_text` or `footer_link`.
    pub block: String,
    pub title_contains: Option<String>,
    pub body_contains: Option<String>,
    pub link_contains: Option<String>,
    pub image: Option<bool>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Widget {
    /// `sidebar` or `footer`.
    pub area: Option<String>,
    /// `recent_posts`, `categories`, `search`, `calendar`, `gallery`, `text` or `social`.
    pub widget: String,
    pub title_contains: Option<String>,
    /// For a text widget: words its text must contain.
    pub text_contains: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    pub key: String,
    pub equals: Option<String>,
    pub contains: Option<String>,
    pub not_empty: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MediaAlt {
    /// Media files as named in the context (`blog/lin-sechage.svg`).
    pub files: Vec<String>,
    pub min_chars: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrderState {
    pub order: String,
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrderReturn {
    pub order: String,
    /// `accepted`, `received`, `refunded` or `refused`.
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CreditSlip {
    pub order: String,
    /// Expected amount of products refunded, with tax, in euros.
    pub amount: Option<f64>,
    pub shipping: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stock {
    /// A product or combination reference.
    pub reference: String,
    pub quantity: Option<i64>,
    pub min_quantity: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SearchAlias {
    pub alias: String,
    pub search: String,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub question: u8,
    pub min_words: Option<u32>,
    /// Words an answer is expected to use (indicators, causes…).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// How many of `keywords` must appear (all of them by default).
    pub min_keywords: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct JournalContains {
    pub entity: String,
    pub action: Option<String>,
    pub summary_contains: Option<String>,
    pub min_count: Option<u32>,
}
