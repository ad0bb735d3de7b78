//! Settings of the shop's modules (Modules › Avis produits, Partage social, Produits phares),
//! stored in `setting` and read by the storefront. A missing key means the default, so the
//! reference data needs none of them.

use std::collections::HashMap;

use e5_domain::setting;
use e5_shop_db::query::Read;
use serde::Serialize;
use sqlx::SqlitePool;

/// The social networks of the sharing buttons: setting suffix and label.
pub const NETWORKS: [(&str, &str); 3] = [
    ("facebook", "Facebook"),
    ("pinterest", "Pinterest"),
    ("twitter", "X (Twitter)"),
];

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ModuleSettings {
    /// Reviews wait for an employee's approval before they are shown.
    pub reviews_moderated: bool,
    /// Visitors who are not signed in may post a review.
    pub reviews_guests: bool,
    pub reviews_per_page: i64,
    /// Sharing buttons shown on product pages, by network key.
    pub share: HashMap<String, bool>,
    /// How many featured products the home page shows.
    pub featured_count: i64,
}

pub const REVIEWS_PER_PAGE: (i64, i64) = (1, 50);
pub const FEATURED_COUNT: (i64, i64) = (1, 24);

impl ModuleSettings {
    pub async fn load(db: &SqlitePool) -> Result<ModuleSettings, sqlx::Error> {
        let rows: Vec<(String, String)> = db.rows(
            "SELECT key, value FROM setting WHERE key LIKE 'reviews.%' OR key LIKE 'share.%' OR key = 'home.featured_count'",
            (),
        ).await?;
        let get = |k: &str| {
            rows.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        let on = |k: &str| get(k) != Some("0");
        let number = |k: &str, default: i64, (min, max): (i64, i64)| {
            get(k)
                .and_then(|v| v.trim().parse::<i64>().ok())
                .map_or(default, |n| n.clamp(min, max))
        };
        Ok(ModuleSettings {
            reviews_moderated: on(setting::REVIEWS_MANUAL_APPROVAL),
            reviews_guests: on(setting::REVIEWS_ALLOW_GUESTS),
            reviews_per_page: number(setting::REVIEWS_PER_PAGE, 10, REVIEWS_PER_PAGE),
            share: NETWORKS
                .iter()
                .map(|(key, _)| {
                    (
                        (*key).to_owned(),
                        on(&format!("{}{key}", setting::SHARE_PREFIX)),
                    )
                })
                .collect(),
            featured_count: number(setting::HOME_FEATURED_COUNT, 12, FEATURED_COUNT),
        })
    }
}
