//! What leaves the platform after the exam: the subject sheet as candidates read it, the
//! fiche d'évaluation of a candidate, and the CSV of marks for a French spreadsheet.

use serde::{Deserialize, Serialize};

use crate::db::Platform;
use crate::error::Result;
use crate::grid::{self, Grid, GridRowDef};
use crate::planning::{self, SeatLine};

/// The parts of a subject file the candidate reads (read leniently; the subjects crate
/// owns the format).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SubjectSheet {
    #[serde(default)]
    pub subject: Option<SheetHead>,
    #[serde(default)]
    pub commercial_context: Option<SheetText>,
    #[serde(default)]
    pub question: Vec<SheetQuestion>,
    #[serde(default)]
    pub annex: Vec<SheetAnnex>,
}
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SheetHead {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub letter: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub session: Option<u16>,
}
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SheetText {
    #[serde(default)]
    pub text: String,
}
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SheetQuestion {
    #[serde(default)]
    pub number: Option<u8>,
    #[serde(default)]
    pub text: String,
}
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SheetAnnex {
    #[serde(default)]
    pub number: Option<u8>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub text: String,
}

impl SubjectSheet {
    pub fn read(source: &str) -> SubjectSheet {
        toml::from_str(source).unwrap_or_default()
    }
}

/// Everything the fiche d'évaluation of one candidate shows.
#[derive(Debug, Clone, Serialize)]
pub struct Fiche {
    pub seat: SeatLine,
    pub session: String,
    pub subject_title: String,
    pub side: String,
    pub rows: Vec<FicheRow>,
    pub criteria: Vec<CriterionLine>,
    pub grid: Grid,
    pub timer_notes: Vec<String>,
    pub allowed_text: String,
    /// "12 mai 2027 à 9 h 04 (créneau prévu : 12 mai 2027 à 9 h 00)": when the candidate's
    /// clock started, Paris time, and the planned slot.
    pub date: String,
    /// "le 12 mai 2027 à 9 h 52": when the examiner signed, if they did.
    pub signed: String,
    /// Fingerprint of the centre's public key, which signs the session archive.
    pub centre_key: String,
    /// The académie and the centre holding the exam.
    pub centre: crate::planning::CentreIdentity,
}

#[derive(Debug, Clone, Serialize)]
pub struct FicheRow {
    pub row: GridRowDef,
    pub level: String,
    pub comment: String,
}

/// The eight performance criteria of the regulation, with the levels of the rows assessing them.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionLine {
    pub number: u8,
    pub label: &'static str,
    pub levels: Vec<String>,
}

pub const CRITERIA: [&str; 8] = [
    "Qualité et pertinence des contenus publiés",
    "Suivi rigoureux et optimisation du référencement",
    "Cohérence entre les techniques, les outils mobilisés, les contenus et les moyens de diffusion",
    "Rythme adapté d'actualisation des contenus",
    "Suivi des publications et contrôle de l'image",
    "Pertinence des choix et des actions menées pour développer les ventes et créer de la valeur",
    "Qualité de l'assistance et prise en compte des risques et de la réglementation",
    "Pertinence des indicateurs utilisés pour l'analyse des résultats",
];

pub async fn fiche(p: &Platform, seat: i64) -> Result<Fiche> {
    let line = planning::seat(p, seat).await?;
    let (session, title, side): (String, String, String) = sqlx::query_as(
        "SELECT es.name, s.title, s.side FROM commission c JOIN exam_session es ON es.id = c.session_id
         JOIN subject s ON s.id = c.subject_id WHERE c.id = ?",
    )
    .bind(line.commission_id)
    .fetch_one(p.db())
    .await?;
    let grid = grid::load(p, seat).await?;
    let defs = grid::rows_of_seat(p, seat).await?;
    let rows: Vec<FicheRow> = defs
        .into_iter()
        .map(|row| FicheRow {
            level: grid.levels.get(&row.row_key).cloned().unwrap_or_default(),
            comment: grid.comments.get(&row.row_key).cloned().unwrap_or_default(),
            row,
        })
        .collect();
    let criteria = CRITERIA
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let number = u8::try_from(i + 1).unwrap_or(0);
            let levels = rows
                .iter()
                .filter(|r| {
                    r.row
                        .criteria
                        .split(',')
                        .any(|c| c.trim() == number.to_string())
                })
                .filter(|r| !r.level.is_empty())
                .map(|r| format!("{} : {}", r.row.row_key, r.level))
                .collect();
            CriterionLine {
                number,
                label,
                levels,
            }
        })
        .collect();
    let timer = crate::timer::timer_of(p, seat).await?;
    // The day and time the candidate actually started (the examiner's start of their clock),
    // the planned slot until then.
    let started: Option<i64> = sqlx::query_scalar("SELECT started_at FROM seat WHERE id = ?")
        .bind(seat)
        .fetch_one(p.db())
        .await?;
    let date = match started {
        Some(unix) => format!(
            "{} (créneau prévu : {})",
            crate::slot::french_date_time(&e5_domain::LocalTime { unix_utc: unix }.db_format()),
            crate::slot::french_date_time(&line.starts_at)
        ),
        None => format!(
            "prévue le {} (épreuve non commencée)",
            crate::slot::french_date_time(&line.starts_at)
        ),
    };
    let signed = grid
        .signed_at
        .as_deref()
        .map(crate::slot::french)
        .unwrap_or_default();
    Ok(Fiche {
        seat: line,
        session,
        subject_title: title,
        side: if side == "content" {
            "Site de contenu (WordPress)".into()
        } else {
            "Site marchand (PrestaShop)".into()
        },
        rows,
        criteria,
        grid,
        timer_notes: timer.notes,
        allowed_text: timer.allowed_text,
        date,
        signed,
        centre_key: crate::archive::centre_fingerprint(p.data.root()),
        centre: crate::planning::centre_identity(p).await?,
    })
}

/// `2026-12-02 15:23:03` as a French spreadsheet reads a date and time: `02/12/2026 15:23`.
fn spreadsheet_date(at: &str) -> String {
    let b = at.as_bytes();
    let shaped = b.len() >= 16
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b' ' || b[10] == b'T')
        && b[13] == b':';
    match (
        shaped,
        at.get(..4),
        at.get(5..7),
        at.get(8..10),
        at.get(11..16),
    ) {
        (true, Some(y), Some(m), Some(d), Some(hm)) => format!("{d}/{m}/{y} {hm}"),
        _ => at.to_owned(),
    }
}

/// The marks of a list of seats: UTF-8 with BOM, `;`, CRLF, as Excel and LibreOffice in
/// French expect; dates as `jj/mm/aaaa hh:mm`.
pub async fn marks_csv(p: &Platform, seats: &[SeatLine]) -> Result<String> {
    const HEADER: [&str; 14] = [
        "Session",
        "Commission",
        "Salle",
        "Examinateur",
        "Sujet",
        "N° candidat",
        "Nom",
        "Prénom",
        "Aménagement",
        "Statut",
        "Note /20",
        "Note suggérée",
        "Signée le",
        "Appréciation",
    ];
    let mut rows = Vec::with_capacity(seats.len());
    let session: String = match seats.first() {
        Some(s) => sqlx::query_scalar("SELECT es.name FROM exam_session es JOIN commission c ON c.session_id = es.id WHERE c.id = ?")
            .bind(s.commission_id)
            .fetch_one(p.db())
            .await?,
        None => String::new(),
    };
    for s in seats {
        let g = grid::load(p, s.seat_id).await?;
        let cols = [
            session.as_str(),
            &s.commission,
            &s.room,
            &s.examiner,
            &format!("{} ({})", s.subject_letter, s.subject_code),
            &s.number,
            &s.surname,
            &s.first_name,
            &s.adjustment,
            &g.attendance_label,
            &g.mark,
            g.suggested.as_deref().unwrap_or(""),
            &g.signed_at
                .as_deref()
                .map(spreadsheet_date)
                .unwrap_or_default(),
            &g.appreciation,
        ];
        rows.push(cols.iter().map(|c| (*c).to_owned()).collect());
    }
    Ok(e5_domain::csv::document(&HEADER, &rows))
}

/// Marks across commissions for the harmonisation meeting.
#[derive(Debug, Clone, Serialize)]
pub struct Harmonisation {
    pub session: String,
    pub groups: Vec<MarkGroup>,
    /// Counts of signed marks in [0, 4), [4, 8), [8, 12), [12, 16), [16, 20].
    pub distribution: Vec<(String, usize)>,
    pub rows: Vec<RowPositioning>,
    /// Every candidate of the session, with their grid's state: each line links to the fiche.
    pub candidates: Vec<CandidateMark>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CandidateMark {
    pub seat_id: i64,
    pub name: String,
    pub number: String,
    pub examiner: String,
    pub subject: String,
    pub attendance: String,
    /// The mark as written on the grid ("" when none yet).
    pub mark: String,
    pub signed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MarkGroup {
    pub examiner: String,
    pub subject: String,
    /// Signed grids: only their marks count in the figures.
    pub count: usize,
    /// Candidates present whose grid is not signed yet (mark or not).
    pub unsigned: usize,
    pub mean: String,
    pub min: String,
    pub max: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowPositioning {
    pub subject: String,
    pub row_key: String,
    pub label: String,
    /// TI, I, S, TS counts.
    pub counts: [usize; 4],
}

fn mark_value(m: &str) -> Option<f64> {
    m.replace(',', ".").parse().ok()
}

fn fr(v: f64) -> String {
    format!("{v:.1}").replace('.', ",")
}

pub async fn harmonisation(p: &Platform, session: i64) -> Result<Harmonisation> {
    let name: String = sqlx::query_scalar("SELECT name FROM exam_session WHERE id = ?")
        .bind(session)
        .fetch_optional(p.db())
        .await?
        .ok_or_else(|| crate::ExamError::NotFound(format!("session {session}")))?;
    let seats = planning::seats_of_session(p, session).await?;
    // (examiner, subject, signed marks, unsigned grids of candidates present)
    let mut groups: Vec<(String, String, Vec<f64>, usize)> = Vec::new();
    let mut distribution = vec![0usize; 5];
    let mut rows: Vec<RowPositioning> = Vec::new();
    let mut candidates = Vec::new();
    for s in &seats {
        let g = grid::load(p, s.seat_id).await?;
        let subject = format!("{} ({})", s.subject_letter, s.subject_code);
        candidates.push(CandidateMark {
            seat_id: s.seat_id,
            name: format!("{} {}", s.surname, s.first_name),
            number: s.number.clone(),
            examiner: s.examiner.clone(),
            subject: subject.clone(),
            attendance: g.attendance_label.clone(),
            mark: g.mark.clone(),
            signed: g.signed_at.is_some(),
        });
        if g.attendance == "present" {
            let i = match groups
                .iter()
                .position(|(e, sub, _, _)| *e == s.examiner && *sub == subject)
            {
                Some(i) => i,
                None => {
                    groups.push((s.examiner.clone(), subject.clone(), Vec::new(), 0));
                    groups.len() - 1
                }
            };
            // A mark counts once its grid is signed: before, the examiner may still change it.
            match mark_value(&g.mark).filter(|_| g.signed_at.is_some()) {
                Some(v) => {
                    groups[i].2.push(v);
                    let bucket = ((v / 4.0).floor() as usize).min(4);
                    distribution[bucket] += 1;
                }
                None => groups[i].3 += 1,
            }
        }
        for def in grid::rows_of_seat(p, s.seat_id).await? {
            let idx = match g.levels.get(&def.row_key).map(String::as_str) {
                Some("TI") => Some(0),
                Some("I") => Some(1),
                Some("S") => Some(2),
                Some("TS") => Some(3),
                _ => None,
            };
            let entry = match rows
                .iter_mut()
                .position(|r| r.subject == subject && r.row_key == def.row_key)
            {
                Some(i) => &mut rows[i],
                None => {
                    rows.push(RowPositioning {
                        subject: subject.clone(),
                        row_key: def.row_key.clone(),
                        label: def.label.clone(),
                        counts: [0; 4],
                    });
                    let last = rows.len() - 1;
                    &mut rows[last]
                }
            };
            if let Some(i) = idx {
                entry.counts[i] += 1;
            }
        }
    }
    let groups = groups
        .into_iter()
        .map(|(examiner, subject, list, unsigned)| {
            let n = list.len();
            let figure = |v: f64| if n == 0 { "—".to_owned() } else { fr(v) };
            let mean = list.iter().sum::<f64>() / n.max(1) as f64;
            let min = list.iter().copied().fold(f64::INFINITY, f64::min);
            let max = list.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            MarkGroup {
                examiner,
                subject,
                count: n,
                unsigned,
                mean: figure(mean),
                min: figure(min),
                max: figure(max),
            }
        })
        .collect();
    let labels = [
        "0 à moins de 4",
        "4 à moins de 8",
        "8 à moins de 12",
        "12 à moins de 16",
        "16 à 20",
    ];
    Ok(Harmonisation {
        session: name,
        groups,
        distribution: labels
            .iter()
            .zip(distribution)
            .map(|(l, c)| ((*l).to_owned(), c))
            .collect(),
        rows,
        candidates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_the_french_way_for_spreadsheets() {
        assert_eq!(spreadsheet_date("2026-12-02 15:23:03"), "02/12/2026 15:23");
        assert_eq!(spreadsheet_date("2026-05-12T09:05"), "12/05/2026 09:05");
        assert_eq!(spreadsheet_date("hier"), "hier");
    }
}
