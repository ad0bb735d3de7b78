//! The widgets of the storefront's blog sidebar and footer (Apparence › Widgets), ready for
//! the templates: every text is plain (the templates escape it), every URL built here.

use e5_domain::calendar::{days_from_civil, month_name};
use e5_shop_db::query::Read;
use serde::Serialize;
use serde_json::Value;
use sqlx::SqlitePool;

/// The kinds of widget the storefront renders, and their names in Apparence › Widgets.
pub const KINDS: &[(&str, &str)] = &[
    ("recent_posts", "Articles récents"),
    ("categories", "Catégories"),
    ("search", "Recherche"),
    ("calendar", "Calendrier"),
    ("gallery", "Galerie"),
    ("text", "Texte"),
    ("social", "Icônes de réseaux sociaux"),
];

/// The French name of a widget kind.
pub fn label(kind: &str) -> Option<&'static str> {
    KINDS.iter().find(|w| w.0 == kind).map(|w| w.1)
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
    pub extra: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Calendar {
    pub month: String,
    /// Weeks of 7 cells (Monday first): day number (0 = empty) and a link if posts that day.
    pub weeks: Vec<Vec<(u32, String)>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WidgetView {
    pub kind: String,
    pub title: String,
    pub text: String,
    pub links: Vec<Link>,
    pub media_ids: Vec<i64>,
    pub calendar: Option<Calendar>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Widgets {
    pub sidebar: Vec<WidgetView>,
    pub footer: Vec<WidgetView>,
}

fn truncate_words(s: &str, n: usize) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() <= n {
        words.join(" ")
    } else {
        format!("{}…", words[..n].join(" "))
    }
}

fn month_calendar(y: i64, m: i64, post_days: &[(u32, String)]) -> Calendar {
    let first = days_from_civil(y, m, 1);
    let next = if m == 12 {
        days_from_civil(y + 1, 1, 1)
    } else {
        days_from_civil(y, m + 1, 1)
    };
    let len = (next - first) as u32;
    // 1970-01-01 was a Thursday: Monday-based index 3.
    let offset = ((first % 7 + 7 + 3) % 7) as usize;
    let mut cells: Vec<(u32, String)> = vec![(0, String::new()); offset];
    for d in 1..=len {
        let url = post_days
            .iter()
            .find(|(day, _)| *day == d)
            .map(|(_, u)| u.clone())
            .unwrap_or_default();
        cells.push((d, url));
    }
    while !cells.len().is_multiple_of(7) {
        cells.push((0, String::new()));
    }
    Calendar {
        month: format!("{} {y}", month_name(m).unwrap_or_default()),
        weeks: cells.chunks(7).map(<[_]>::to_vec).collect(),
    }
}

/// Loads and prepares every widget; `now` is the site's local time (`YYYY-MM-DD HH:MM:SS`).
pub async fn load(db: &SqlitePool, base: &str, now: &str) -> Result<Widgets, sqlx::Error> {
    let exists: i64 = db
        .one(
            "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'widget'",
            (),
        )
        .await?;
    if exists == 0 {
        return Ok(Widgets::default());
    }
    let rows: Vec<(String, String, String, String)> = db
        .rows(
            "SELECT area, kind, title, settings FROM widget ORDER BY position, id",
            (),
        )
        .await?;
    let visible =
        "kind = 'post' AND (status = 'publish' OR (status = 'future' AND published_at <= ?))";
    let mut out = Widgets::default();
    for (area, kind, title, settings) in rows {
        let settings: Value = serde_json::from_str(&settings).unwrap_or(Value::Null);
        let mut w = WidgetView {
            kind: kind.clone(),
            title,
            text: String::new(),
            links: vec![],
            media_ids: vec![],
            calendar: None,
        };
        match kind.as_str() {
            "text" => w.text = settings["text"].as_str().unwrap_or("").to_owned(),
            "recent_posts" => {
                let count = settings["count"].as_i64().unwrap_or(5).clamp(1, 10);
                let words = settings["excerpt_words"].as_u64().unwrap_or(0) as usize;
                let posts: Vec<(String, String, String)> = db.rows(
                    &format!("SELECT title, slug, excerpt FROM post WHERE {visible} ORDER BY published_at DESC LIMIT ?"),
                    (now, count),
                ).await?;
                w.links = posts
                    .into_iter()
                    .map(|(t, s, e)| Link {
                        label: t,
                        url: format!("{base}/blog/{s}"),
                        extra: if words > 0 {
                            truncate_words(&e, words)
                        } else {
                            String::new()
                        },
                    })
                    .collect();
            }
            "categories" => {
                let cats: Vec<(String, String, i64)> = db.rows(
                    "SELECT t.name, t.slug, (SELECT COUNT(*) FROM post_term pt JOIN post p ON p.id = pt.post_id WHERE pt.term_id = t.id AND p.kind = 'post'
                       AND (p.status = 'publish' OR (p.status = 'future' AND p.published_at <= ?1))) AS n
                     FROM term t WHERE t.taxonomy = 'category' ORDER BY t.name",
                    (now,),
                ).await?;
                w.links = cats
                    .into_iter()
                    .filter(|c| c.2 > 0)
                    .map(|(n, s, c)| Link {
                        label: n,
                        url: format!("{base}/blog?categorie={s}"),
                        extra: c.to_string(),
                    })
                    .collect();
            }
            "gallery" => {
                w.media_ids = settings["media_ids"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_i64)
                    .take(12)
                    .collect();
            }
            "social" => {
                let nets: Vec<(String, String)> = db.rows(
                    "SELECT key, value FROM setting WHERE key LIKE 'social.%' AND value != '' ORDER BY key",
                    (),
                ).await?;
                w.links = nets
                    .into_iter()
                    .map(|(k, v)| {
                        let name = k.trim_start_matches(e5_domain::setting::SOCIAL_PREFIX);
                        let mut label = name.to_owned();
                        if let Some(f) = label.get_mut(0..1) {
                            f.make_ascii_uppercase();
                        }
                        Link {
                            label,
                            url: format!("{base}/lien-externe?url={}", super::percent_encode(&v)),
                            extra: name.to_owned(),
                        }
                    })
                    .collect();
            }
            "calendar" => {
                let y: i64 = now.get(0..4).and_then(|s| s.parse().ok()).unwrap_or(2027);
                let m: i64 = now.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(1);
                let prefix = format!("{y:04}-{m:02}-%");
                let days: Vec<(String, String)> = db.rows(
                    &format!("SELECT substr(published_at, 9, 2), slug FROM post WHERE {visible} AND published_at LIKE ? ORDER BY published_at"),
                    (now, &prefix),
                ).await?;
                let days: Vec<(u32, String)> = days
                    .into_iter()
                    .filter_map(|(d, s)| d.parse().ok().map(|d| (d, format!("{base}/blog/{s}"))))
                    .collect();
                w.calendar = Some(month_calendar(y, m, &days));
            }
            _ => {}
        }
        if area == "footer" {
            out.footer.push(w);
        } else {
            out.sidebar.push(w);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_starts_on_the_right_weekday() {
        // 1 March 2027 is a Monday; 1 November 2026 a Sunday.
        let c = month_calendar(2027, 3, &[(14, "/x".into())]);
        assert_eq!(c.weeks[0][0].0, 1);
        assert_eq!(c.month, "mars 2027");
        let n = month_calendar(2026, 11, &[]);
        assert_eq!(n.weeks[0][6].0, 1);
        assert!(c.weeks.iter().flatten().any(|(d, u)| *d == 14 && u == "/x"));
    }
}
