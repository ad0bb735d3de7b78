//! Automatic checks: declarative predicates read on a candidate's sandbox with plain
//! SELECTs. They produce evidence in French for the examiner; they never decide a level.

mod catalog;
mod content;
mod customers;
mod facts;
mod orders;
pub(crate) mod spec;
mod writing;

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::SqlitePool;

pub use spec::*;

use crate::model::Subject;
pub(crate) use facts::Facts;
pub use facts::Writing;

/// The result of one check on one sandbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// What is checked, in a few French words.
    pub label: String,
    pub satisfied: bool,
    /// What was found, with numbers, even when not satisfied.
    pub evidence: String,
    /// Line of the check in the subject file.
    pub line: u32,
    /// What the candidate wrote in what was found, to read in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub writing: Option<Writing>,
}

/// The evidence of one grid row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowEvidence {
    pub row_id: String,
    pub question: u8,
    pub checks: Vec<CheckResult>,
    /// Every check of the row is satisfied (false for a row without checks).
    pub satisfied: bool,
}

/// Evaluates every check of a subject on a sandbox database (opened read-only by the
/// caller). A check that cannot be read says so in its evidence and is not satisfied.
pub async fn evaluate(subject: &Subject, db: &SqlitePool) -> Vec<RowEvidence> {
    let baseline = Baseline::read(db).await;
    let mut out = Vec::with_capacity(subject.grid.len());
    for row in &subject.grid {
        let mut checks = Vec::with_capacity(row.checks.len());
        for c in &row.checks {
            let (satisfied, evidence, writing) = match run(&c.item, db, &baseline).await {
                Ok(f) => (f.satisfied(), f.sentence(), f.writing().cloned()),
                Err(e) => (false, format!("Vérification impossible : {e}"), None),
            };
            checks.push(CheckResult {
                label: describe(&c.item),
                satisfied,
                evidence,
                line: c.line,
                writing,
            });
        }
        out.push(RowEvidence {
            row_id: row.id.clone(),
            question: row.question,
            satisfied: !checks.is_empty() && checks.iter().all(|c| c.satisfied),
            checks,
        });
    }
    out
}

async fn run(check: &Check, db: &SqlitePool, b: &Baseline) -> Result<Facts, sqlx::Error> {
    match check {
        Check::PostPublished(c) => content::post_published(c, db, b).await,
        Check::CommentModerated(c) => content::comment_moderated(c, db, b).await,
        Check::MenuItem(c) => content::menu_item(c, db).await,
        Check::HomeBlock(c) => content::home_block(c, db).await,
        Check::Widget(c) => content::widget(c, db).await,
        Check::Setting(c) => content::setting(c, db).await,
        Check::MediaAlt(c) => content::media_alt(c, db).await,
        Check::ProductCompleted(c) => catalog::product_completed(c, db).await,
        Check::Stock(c) => catalog::stock(c, db).await,
        Check::SearchAlias(c) => catalog::search_alias(c, db).await,
        Check::CartRule(c) => catalog::cart_rule(c, db, b).await,
        Check::CatalogRule(c) => catalog::catalog_rule(c, db, b).await,
        Check::SpecificPrice(c) => catalog::specific_price(c, db, b).await,
        Check::ReplyToThread(c) => customers::reply_to_thread(c, db, b).await,
        Check::ReviewHandled(c) => customers::review_handled(c, db).await,
        Check::CustomerGroup(c) => customers::customer_group(c, db).await,
        Check::CustomerInGroup(c) => customers::customer_in_group(c, db).await,
        Check::CustomerAccount(c) => customers::customer_account(c, db).await,
        Check::Employee(c) => customers::employee(c, db).await,
        Check::OrderState(c) => orders::order_state(c, db).await,
        Check::OrderReturn(c) => orders::order_return(c, db).await,
        Check::CreditSlip(c) => orders::credit_slip(c, db, b).await,
        Check::Answer(c) => writing::answer(c, db).await,
        Check::JournalContains(c) => writing::journal_contains(c, db, b).await,
    }
}

/// The `kind` of a check, as written in the file.
pub fn kind_name(check: &Check) -> &'static str {
    match check {
        Check::PostPublished(_) => "post_published",
        Check::ProductCompleted(_) => "product_completed",
        Check::CartRule(_) => "cart_rule",
        Check::CatalogRule(_) => "catalog_rule",
        Check::SpecificPrice(_) => "specific_price",
        Check::ReplyToThread(_) => "reply_to_thread",
        Check::ReviewHandled(_) => "review_handled",
        Check::CommentModerated(_) => "comment_moderated",
        Check::CustomerGroup(_) => "customer_group",
        Check::CustomerInGroup(_) => "customer_in_group",
        Check::CustomerAccount(_) => "customer_account",
        Check::Employee(_) => "employee",
        Check::MenuItem(_) => "menu_item",
        Check::HomeBlock(_) => "home_block",
        Check::Widget(_) => "widget",
        Check::Setting(_) => "setting",
        Check::MediaAlt(_) => "media_alt",
        Check::OrderState(_) => "order_state",
        Check::OrderReturn(_) => "order_return",
        Check::CreditSlip(_) => "credit_slip",
        Check::Stock(_) => "stock",
        Check::SearchAlias(_) => "search_alias",
        Check::Answer(_) => "answer",
        Check::JournalContains(_) => "journal_contains",
    }
}

/// A short French label of what a check looks at, for the grid and the console.
pub fn describe(check: &Check) -> String {
    match check {
        Check::PostPublished(c) => {
            let e = if c.post_type == PostType::Page {
                "e"
            } else {
                ""
            };
            let done = match c.status.as_deref() {
                Some("future") => format!("programmé{e}"),
                Some("private") => format!("publié{e} en privé"),
                _ => format!("publié{e}"),
            };
            match &c.slug {
                Some(slug) => format!("{} « {slug} » {done}", c.post_type.noun()),
                None => format!("{} {done}", c.post_type.noun()),
            }
        }
        Check::ProductCompleted(c) => format!("Fiche produit {} complétée", c.reference),
        Check::CartRule(c) => match &c.code {
            Some(code) => format!("Code promo {code}"),
            None => "Règle panier".to_owned(),
        },
        Check::CatalogRule(_) => "Règle de prix catalogue".to_owned(),
        Check::SpecificPrice(c) => format!("Prix spécifique sur {}", c.product),
        Check::ReplyToThread(c) => match &c.subject {
            Some(s) => format!("Réponse au message « {s} »"),
            None => format!(
                "Réponse au message de {}",
                c.customer.as_deref().unwrap_or("?")
            ),
        },
        Check::ReviewHandled(c) => format!("Avis de {} sur {}", c.author, c.product),
        Check::CommentModerated(c) => format!("Commentaire de {} modéré", c.author),
        Check::CustomerGroup(c) => format!("Groupe de clients « {} »", c.name),
        Check::CustomerInGroup(c) => format!("{} dans le groupe « {} »", c.customer, c.group),
        Check::CustomerAccount(c) => format!("Compte client {}", c.email),
        Check::Employee(c) => format!("Compte employé {}", c.email),
        Check::MenuItem(c) => format!(
            "Entrée de menu {}",
            c.label.as_deref().or(c.target.as_deref()).unwrap_or("")
        ),
        Check::HomeBlock(c) => format!(
            "Bloc « {} » de la page d'accueil",
            block_kind_label(&c.block)
        ),
        Check::Widget(c) => format!("Widget « {} »", widget_kind_label(&c.widget)),
        Check::Setting(c) => format!("Réglage « {} »", e5_domain::setting::label(&c.key)),
        Check::MediaAlt(c) => format!(
            "Textes alternatifs ({})",
            text_count(c.files.len(), "image", "images")
        ),
        Check::OrderState(c) => format!("Commande {} : état « {} »", c.order, c.state),
        Check::OrderReturn(c) => format!("Retour sur la commande {}", c.order),
        Check::CreditSlip(c) => format!("Avoir sur la commande {}", c.order),
        Check::Stock(c) => format!("Stock de {}", c.reference),
        Check::SearchAlias(c) => format!("Alias de recherche « {} »", c.alias),
        Check::Answer(c) => format!("Réponse écrite à la question {}", c.question),
        Check::JournalContains(c) => format!("Action « {} » dans le journal", c.entity),
    }
}

fn text_count(n: usize, one: &str, many: &str) -> String {
    crate::text::count(i64::try_from(n).unwrap_or(i64::MAX), one, many)
}

pub(crate) fn widget_kind_label(kind: &str) -> &str {
    match kind {
        "recent_posts" => "articles récents",
        "categories" => "catégories",
        "search" => "recherche",
        "calendar" => "calendrier",
        "gallery" => "galerie",
        "text" => "texte",
        "social" => "réseaux sociaux",
        other => other,
    }
}

pub(crate) fn block_kind_label(kind: &str) -> &str {
    match kind {
        "slide" => "diapositive du carrousel",
        "reassurance" => "réassurance",
        "custom_text" => "texte personnalisé",
        "footer_link" => "lien de pied de page",
        other => other,
    }
}

/// What the sandbox held when the subject was prepared: the highest id of each table,
/// so that "new" rows are those the candidate made. Missing (a sandbox of a bare context):
/// every row counts as new.
#[derive(Debug, Default, Clone)]
pub(crate) struct Baseline {
    max_ids: BTreeMap<String, i64>,
}

/// Tables whose new rows checks look for.
pub(crate) const BASELINE_TABLES: &[&str] = &[
    "post",
    "comment",
    "customer_message",
    "cart_rule",
    "catalog_rule",
    "specific_price",
    "credit_slip",
    "order_return",
    "journal",
    "menu_item",
    "home_block",
];

impl Baseline {
    pub(crate) async fn read(db: &SqlitePool) -> Baseline {
        let rows: Vec<(String, String)> = e5_shop_db::meta::read_from(db)
            .await
            .unwrap_or_default()
            .into_iter()
            .collect();
        let max_ids = rows
            .into_iter()
            .filter_map(|(k, v)| {
                let table = k.strip_prefix(e5_shop_db::meta::BASELINE_PREFIX)?;
                Some((table.to_owned(), v.parse().ok()?))
            })
            .collect();
        Baseline { max_ids }
    }

    pub(crate) fn max_id(&self, table: &str) -> i64 {
        self.max_ids.get(table).copied().unwrap_or(0)
    }
}
