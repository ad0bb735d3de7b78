//! The evaluation grid of one candidate, filled live by the examiner. Every edit carries a
//! key the browser made up: applying the same key twice changes nothing, so edits queued
//! offline can be replayed safely. Each applied edit is committed (synchronous=FULL) with
//! an event appended to a hash chain before the examiner's page hears "enregistré".

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::{Platform, now_text};
use crate::error::{ExamError, Result};

pub const LEVELS: [&str; 4] = ["TI", "I", "S", "TS"];
pub const ATTENDANCE: [(&str, &str); 4] = [
    ("present", "Présent"),
    ("absent", "Absent"),
    ("absent_justifie", "Absent justifié"),
    ("fraude", "Suspicion de fraude"),
];

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct GridRowDef {
    pub row_key: String,
    pub question: i64,
    pub label: String,
    pub criteria: String,
    pub competence: String,
    pub ti: String,
    pub i: String,
    pub s: String,
    pub ts: String,
}

pub async fn rows_of_seat(p: &Platform, seat: i64) -> Result<Vec<GridRowDef>> {
    Ok(sqlx::query_as(
        "SELECT r.row_key, r.question, r.label, r.criteria, r.competence, r.ti, r.i, r.s, r.ts
         FROM grid_row r JOIN commission c ON c.subject_id = r.subject_id
         JOIN seat ON seat.commission_id = c.id WHERE seat.id = ? ORDER BY r.position",
    )
    .bind(seat)
    .fetch_all(p.db())
    .await?)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
struct GridRecord {
    levels: String,
    comments: String,
    mark: String,
    appreciation: String,
    attendance: String,
    fraud_report: String,
    signed_at: Option<String>,
    signed_by: String,
    updated_at: String,
}

/// The grid as the console shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Grid {
    pub seat_id: i64,
    pub levels: BTreeMap<String, String>,
    pub comments: BTreeMap<String, String>,
    pub mark: String,
    pub appreciation: String,
    pub attendance: String,
    pub attendance_label: String,
    pub fraud_report: String,
    pub signed_at: Option<String>,
    pub signed_by: String,
    pub updated_at: String,
    /// A mark from the levels, only a suggestion: the /20 is the examiner's judgement.
    pub suggested: Option<String>,
}

pub async fn load(p: &Platform, seat: i64) -> Result<Grid> {
    load_with(p.db(), seat).await
}

async fn load_with<'e, E>(db: E, seat: i64) -> Result<Grid>
where
    E: sqlx::SqliteExecutor<'e>,
{
    let r: GridRecord = sqlx::query_as(
        "SELECT levels, comments, mark, appreciation, attendance, fraud_report, signed_at, signed_by, updated_at
         FROM grid WHERE seat_id = ?",
    )
    .bind(seat)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| ExamError::NotFound(format!("grille du poste {seat}")))?;
    let levels: BTreeMap<String, String> = serde_json::from_str(&r.levels).unwrap_or_default();
    let comments = serde_json::from_str(&r.comments).unwrap_or_default();
    let suggested = suggest(levels.values().map(String::as_str));
    Ok(Grid {
        seat_id: seat,
        levels,
        comments,
        mark: r.mark,
        appreciation: r.appreciation,
        attendance_label: attendance_label(&r.attendance).to_owned(),
        attendance: r.attendance,
        fraud_report: r.fraud_report,
        signed_at: r.signed_at,
        signed_by: r.signed_by,
        updated_at: r.updated_at,
        suggested,
    })
}

pub fn attendance_label(code: &str) -> &'static str {
    ATTENDANCE
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or("Présent")
}

/// The middle of each level's band of the /20 (TI 0–5, I 5–10, S 10–15, TS 15–20), averaged
/// and rounded to the half point.
pub fn suggest<'a>(levels: impl Iterator<Item = &'a str>) -> Option<String> {
    let points: Vec<f64> = levels
        .filter_map(|l| match l {
            "TI" => Some(2.5),
            "I" => Some(7.5),
            "S" => Some(12.5),
            "TS" => Some(17.5),
            _ => None,
        })
        .collect();
    if points.is_empty() {
        return None;
    }
    let mean = points.iter().sum::<f64>() / points.len() as f64;
    Some(format_mark((mean * 2.0).round() / 2.0))
}

fn format_mark(m: f64) -> String {
    if m.fract() == 0.0 {
        format!("{m:.0}")
    } else {
        format!("{m:.1}").replace('.', ",")
    }
}

/// "12", "12,5", "12.5" → "12,5"; refused outside 0–20 or finer than a half point.
pub fn parse_mark(text: &str) -> Result<String> {
    let t = text.trim().replace(',', ".");
    if t.is_empty() {
        return Ok(String::new());
    }
    let value: f64 = t.parse().map_err(|_| {
        ExamError::invalid(format!(
            "« {text} » n'est pas une note : un nombre de 0 à 20 est attendu"
        ))
    })?;
    if !(0.0..=20.0).contains(&value) || (value * 2.0).fract() != 0.0 {
        return Err(ExamError::invalid(
            "la note doit être comprise entre 0 et 20, au demi-point près",
        ));
    }
    Ok(format_mark(value))
}

/// What an edit did.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// False when the key had already been applied (a replay): nothing changed.
    pub applied: bool,
    pub grid: Grid,
}

/// Applies one edit. `field` is `level:<row>`, `comment:<row>`, `mark`, `appreciation`,
/// `attendance`, `fraud_report`, `sign` or `reopen` (value = the reason).
pub async fn edit(
    p: &Platform,
    seat: i64,
    author: &str,
    key: &str,
    field: &str,
    value: &str,
) -> Result<Outcome> {
    let key = key.trim();
    if key.is_empty() || key.len() > 100 {
        return Err(ExamError::invalid("modification sans identifiant"));
    }
    let rows = rows_of_seat(p, seat).await?;
    let mut w = p.write().await?;
    let done: Option<i64> = sqlx::query_scalar("SELECT seat_id FROM grid_event WHERE idem_key = ?")
        .bind(key)
        .fetch_optional(&mut *w.tx)
        .await?;
    if let Some(done_seat) = done {
        if done_seat != seat {
            return Err(ExamError::invalid(
                "identifiant de modification déjà utilisé ailleurs",
            ));
        }
        let grid = load_with(&mut *w.tx, seat).await?;
        return Ok(Outcome {
            applied: false,
            grid,
        });
    }
    let mut grid = load_with(&mut *w.tx, seat).await?;
    let value = value.trim();
    let at = now_text();
    apply(&mut grid, &rows, field, value, &at)?;
    sqlx::query(
        "UPDATE grid SET levels = ?, comments = ?, mark = ?, appreciation = ?, attendance = ?,
           fraud_report = ?, signed_at = ?, signed_by = ?, updated_at = ? WHERE seat_id = ?",
    )
    .bind(serde_json::to_string(&grid.levels).unwrap_or_else(|_| "{}".into()))
    .bind(serde_json::to_string(&grid.comments).unwrap_or_else(|_| "{}".into()))
    .bind(&grid.mark)
    .bind(&grid.appreciation)
    .bind(&grid.attendance)
    .bind(&grid.fraud_report)
    .bind(&grid.signed_at)
    .bind(&grid.signed_by)
    .bind(&at)
    .bind(seat)
    .execute(&mut *w.tx)
    .await?;
    let prev: String = sqlx::query_scalar(
        "SELECT hash FROM grid_event WHERE seat_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(seat)
    .fetch_optional(&mut *w.tx)
    .await?
    .unwrap_or_else(genesis);
    let event = ChainEvent {
        seat_id: seat,
        idem_key: key.to_owned(),
        at,
        author: author.to_owned(),
        field: field.to_owned(),
        value: value.to_owned(),
    };
    let hash = chain_hash(&prev, &event);
    sqlx::query(
        "INSERT INTO grid_event (seat_id, idem_key, at, author, field, value, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(seat)
    .bind(&event.idem_key)
    .bind(&event.at)
    .bind(&event.author)
    .bind(&event.field)
    .bind(&event.value)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    let grid = load(p, seat).await?;
    Ok(Outcome {
        applied: true,
        grid,
    })
}

/// The grid of `seat` before any edit (the `grid` table's defaults).
pub fn blank(seat: i64) -> Grid {
    Grid {
        seat_id: seat,
        levels: BTreeMap::new(),
        comments: BTreeMap::new(),
        mark: String::new(),
        appreciation: String::new(),
        attendance: "present".to_owned(),
        attendance_label: attendance_label("present").to_owned(),
        fraud_report: String::new(),
        signed_at: None,
        signed_by: String::new(),
        updated_at: String::new(),
        suggested: None,
    }
}

/// Applies one edit (already trimmed) made at `at` to `grid`: the one place where an event's
/// meaning is defined, used live and when an archive's grid is recomputed from its log.
pub fn apply(
    grid: &mut Grid,
    rows: &[GridRowDef],
    field: &str,
    value: &str,
    at: &str,
) -> Result<()> {
    let signed = grid.signed_at.is_some();
    match field {
        "reopen" => {
            if !signed {
                return Err(ExamError::invalid("la grille n'est pas signée"));
            }
            if value.chars().count() < 5 {
                return Err(ExamError::invalid("indiquez le motif de la réouverture"));
            }
            grid.signed_at = None;
            grid.signed_by.clear();
        }
        _ if signed => {
            return Err(ExamError::invalid(
                "la grille est signée : rouvrez-la (motif obligatoire) pour la modifier",
            ));
        }
        "sign" => {
            if value.is_empty() {
                return Err(ExamError::invalid("le nom du signataire manque"));
            }
            let absent = grid.attendance.starts_with("absent");
            if !absent && grid.mark.is_empty() {
                return Err(ExamError::invalid(
                    "saisissez la note sur 20 avant de signer",
                ));
            }
            if grid.attendance == "fraude" && grid.fraud_report.trim().is_empty() {
                return Err(ExamError::invalid(
                    "rédigez le rapport de suspicion de fraude avant de signer",
                ));
            }
            grid.signed_at = Some(at.to_owned());
            grid.signed_by = value.to_owned();
        }
        "mark" => grid.mark = parse_mark(value)?,
        "appreciation" => grid.appreciation = limit(value, 4000)?,
        "fraud_report" => grid.fraud_report = limit(value, 8000)?,
        "attendance" => {
            if !ATTENDANCE.iter().any(|(c, _)| *c == value) {
                return Err(ExamError::invalid("statut inconnu"));
            }
            grid.attendance = value.to_owned();
            if value == "absent_justifie" || value == "absent" {
                grid.mark = "0".to_owned();
            }
        }
        f => {
            let (kind, row) = f.split_once(':').unwrap_or((f, ""));
            if !rows.iter().any(|r| r.row_key == row) {
                return Err(ExamError::invalid("ligne de grille inconnue"));
            }
            match kind {
                "level" => {
                    if value.is_empty() {
                        grid.levels.remove(row);
                    } else if LEVELS.contains(&value) {
                        grid.levels.insert(row.to_owned(), value.to_owned());
                    } else {
                        return Err(ExamError::invalid("niveau inconnu (TI, I, S ou TS)"));
                    }
                }
                "comment" => {
                    let v = limit(value, 2000)?;
                    if v.is_empty() {
                        grid.comments.remove(row);
                    } else {
                        grid.comments.insert(row.to_owned(), v);
                    }
                }
                _ => return Err(ExamError::invalid("champ de grille inconnu")),
            }
        }
    }
    grid.updated_at = at.to_owned();
    grid.attendance_label = attendance_label(&grid.attendance).to_owned();
    grid.suggested = suggest(grid.levels.values().map(String::as_str));
    Ok(())
}

/// The grid that a change log leads to, from a blank grid: what an archive's `grille.json`
/// must say. The error names the event that cannot be applied.
pub fn replay(seat: i64, rows: &[GridRowDef], events: &[StoredEvent]) -> Result<Grid, String> {
    let mut grid = blank(seat);
    for (n, e) in events.iter().enumerate() {
        if e.event.seat_id != seat {
            return Err(format!(
                "événement {} (n° {}) : concerne le poste {} et non le poste {seat}",
                n + 1,
                e.id,
                e.event.seat_id
            ));
        }
        apply(&mut grid, rows, &e.event.field, &e.event.value, &e.event.at).map_err(|why| {
            format!(
                "événement {} (n° {}) : inapplicable à la relecture ({why})",
                n + 1,
                e.id
            )
        })?;
    }
    Ok(grid)
}

fn limit(value: &str, max: usize) -> Result<String> {
    if value.chars().count() > max {
        return Err(ExamError::invalid(format!(
            "texte trop long ({max} caractères au plus)"
        )));
    }
    Ok(value.to_owned())
}

/// One link of the chain, as hashed.
#[derive(Debug, Clone, Serialize, serde::Deserialize, sqlx::FromRow, PartialEq, Eq)]
pub struct ChainEvent {
    pub seat_id: i64,
    pub idem_key: String,
    pub at: String,
    pub author: String,
    pub field: String,
    pub value: String,
}

pub fn genesis() -> String {
    "0".repeat(64)
}

/// sha256(prev_hash || canonical JSON): serde_json writes struct fields in declaration
/// order with no whitespace, so the bytes are the same wherever it is recomputed.
pub fn chain_hash(prev: &str, event: &ChainEvent) -> String {
    let json = serde_json::to_string(event).unwrap_or_default();
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(json.as_bytes());
    hex::encode(h.finalize())
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct StoredEvent {
    pub id: i64,
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub event: ChainEvent,
    pub prev_hash: String,
    pub hash: String,
}

pub async fn events(p: &Platform, seat: i64) -> Result<Vec<StoredEvent>> {
    Ok(sqlx::query_as(
        "SELECT id, seat_id, idem_key, at, author, field, value, prev_hash, hash
         FROM grid_event WHERE seat_id = ? ORDER BY id",
    )
    .bind(seat)
    .fetch_all(p.db())
    .await?)
}

/// Checks a chain: each event links to the previous one and hashes to what it says.
/// Returns the first broken event's position and why.
pub fn verify_chain(events: &[StoredEvent]) -> Result<(), String> {
    let mut prev = genesis();
    for (n, e) in events.iter().enumerate() {
        if e.prev_hash != prev {
            return Err(format!(
                "événement {} (n° {}) : maillon précédent rompu",
                n + 1,
                e.id
            ));
        }
        if chain_hash(&prev, &e.event) != e.hash {
            return Err(format!(
                "événement {} (n° {}) : contenu modifié après coup",
                n + 1,
                e.id
            ));
        }
        prev = e.hash.clone();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_is_read_the_french_way() {
        assert_eq!(parse_mark("12,5").ok().as_deref(), Some("12,5"));
        assert_eq!(parse_mark("14").ok().as_deref(), Some("14"));
        assert!(parse_mark("21").is_err());
        assert!(parse_mark("12,3").is_err());
        assert!(parse_mark("douze").is_err());
    }

    #[test]
    fn the_suggestion_averages_the_levels() {
        assert_eq!(suggest(["S", "TS"].into_iter()).as_deref(), Some("15"));
        assert_eq!(suggest(["TI", "S", "S"].into_iter()).as_deref(), Some("9"));
        assert_eq!(suggest([].into_iter()), None);
    }

    #[test]
    fn an_altered_event_breaks_the_chain() {
        let mut prev = genesis();
        let mut list = Vec::new();
        for (i, v) in ["S", "TS", "12"].iter().enumerate() {
            let event = ChainEvent {
                seat_id: 1,
                idem_key: format!("k{i}"),
                at: "2027-05-12 09:00:00".into(),
                author: "X".into(),
                field: "mark".into(),
                value: (*v).into(),
            };
            let hash = chain_hash(&prev, &event);
            list.push(StoredEvent {
                id: i as i64 + 1,
                event,
                prev_hash: prev.clone(),
                hash: hash.clone(),
            });
            prev = hash;
        }
        assert!(verify_chain(&list).is_ok());
        list[1].event.value = "TI".into();
        let broken = verify_chain(&list).expect_err("altered");
        assert!(broken.contains("événement 2"), "{broken}");
    }
}
