//! Checks on what the candidate writes outside the site's objects: answers to diagnosis
//! questions, and the journal as a generic fallback.

use e5_shop_db::query::Read;
use sqlx::SqlitePool;

use super::Baseline;
use super::facts::Facts;
use super::spec::{Answer, JournalContains};
use crate::text::{contains_folded, count, word_count};

pub(super) async fn answer(c: &Answer, db: &SqlitePool) -> Result<Facts, sqlx::Error> {
    // Sandboxes of a bare context have no `answer` table: nothing was written.
    let has_table: bool = db
        .one(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'answer')",
            (),
        )
        .await?;
    let text: Option<String> = if has_table {
        db.optional(
            "SELECT text FROM answer WHERE question = ?",
            (i64::from(c.question),),
        )
        .await?
    } else {
        None
    };
    let text = text.unwrap_or_default();
    if text.trim().is_empty() {
        return Ok(Facts::missing(format!(
            "Aucune réponse écrite à la question {}",
            c.question
        )));
    }
    let words = word_count(&text);
    let mut f = Facts::found(format!("Réponse à la question {}", c.question));
    let min = c.min_words.unwrap_or(1) as usize;
    f.expect(
        words >= min,
        count(words as i64, "mot", "mots"),
        format!("au moins {min}"),
    );
    if !c.keywords.is_empty() {
        let (found, missing): (Vec<&String>, Vec<&String>) =
            c.keywords.iter().partition(|k| contains_folded(&text, k));
        let needed = c.min_keywords.map_or(c.keywords.len(), |n| n as usize);
        let shown = |v: &[&String]| {
            v.iter()
                .map(|k| format!("« {k} »"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut text = format!("{}/{} notions attendues", found.len(), c.keywords.len());
        if !found.is_empty() {
            text.push_str(&format!(" ({})", shown(&found)));
        }
        if !missing.is_empty() {
            text.push_str(&format!(", absentes : {}", shown(&missing)));
        }
        f.expect(found.len() >= needed, text, format!("au moins {needed}"));
    }
    Ok(f)
}

pub(super) async fn journal_contains(
    c: &JournalContains,
    db: &SqlitePool,
    b: &Baseline,
) -> Result<Facts, sqlx::Error> {
    let rows: Vec<(String, String)> = db.rows(
        "SELECT action, summary FROM journal WHERE entity = ? AND actor_kind = 'employee' AND id > ? ORDER BY id",
        (&c.entity, b.max_id("journal")),
    ).await?;
    let matching: Vec<&(String, String)> = rows
        .iter()
        .filter(|(action, summary)| {
            c.action.as_deref().is_none_or(|a| a == action)
                && c.summary_contains
                    .as_deref()
                    .is_none_or(|s| contains_folded(summary, s))
        })
        .collect();
    let min = c.min_count.unwrap_or(1) as usize;
    let what = match &c.action {
        Some(a) => format!("« {a} » sur « {} »", c.entity),
        None => format!("sur « {} »", c.entity),
    };
    if matching.is_empty() {
        return Ok(Facts::missing(format!(
            "Aucune action {what} dans le journal"
        )));
    }
    let mut f = Facts::found(format!("Journal : {what}"));
    let last = matching.last().map(|(_, s)| s.as_str()).unwrap_or_default();
    f.expect(
        matching.len() >= min,
        format!(
            "{} (dernière : « {last} »)",
            count(matching.len() as i64, "action", "actions")
        ),
        format!("au moins {min}"),
    );
    Ok(f)
}
