//! Planning an exam session: subjects (with their grid frozen at import), candidates from a
//! CSV, examiners, commissions of at most three candidates with their access codes, and
//! the sandboxes prepared ahead so nothing waits on exam day.

use std::path::Path;

use e5_domain::SandboxId;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::{Platform, now_text};
use crate::error::{ExamError, Result};

/// An examiner may assess up to three candidates at the same time (regulation).
pub const MAX_SEATS: usize = 3;

pub async fn create_session(p: &Platform, name: &str) -> Result<i64> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ExamError::invalid("le nom de la session est vide"));
    }
    let mut w = p.write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO exam_session (name, created_at) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id",
    )
    .bind(name)
    .bind(now_text())
    .fetch_one(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(id)
}

pub async fn session_id(p: &Platform, name: &str) -> Result<i64> {
    sqlx::query_scalar("SELECT id FROM exam_session WHERE name = ?")
        .bind(name.trim())
        .fetch_optional(p.db())
        .await?
        .ok_or_else(|| ExamError::NotFound(format!("session « {name} »")))
}

// The subject file, read leniently: only what exam day needs (the subjects crate owns the
// full format and its validation).
#[derive(Deserialize)]
struct SubjectFile {
    subject: SubjectHead,
    #[serde(default)]
    grid: Option<GridFile>,
}
#[derive(Deserialize)]
struct SubjectHead {
    code: String,
    letter: String,
    title: String,
    #[serde(default)]
    side: Option<String>,
}
#[derive(Deserialize)]
struct GridFile {
    #[serde(default)]
    row: Vec<RowFile>,
}
#[derive(Deserialize)]
struct RowFile {
    id: String,
    question: u8,
    label: String,
    #[serde(default)]
    criteria: Vec<u8>,
    #[serde(default)]
    competence: String,
    #[serde(default)]
    ti: String,
    #[serde(default)]
    i: String,
    #[serde(default)]
    s: String,
    #[serde(default)]
    ts: String,
}

/// Imports (or re-imports, while no commission uses it) a subject file into a session.
pub async fn import_subject(
    p: &Platform,
    session: i64,
    file: &Path,
    candidate_employee: i64,
) -> Result<(String, usize)> {
    let source = std::fs::read_to_string(file).map_err(|e| {
        ExamError::invalid(format!("{} : lecture impossible ({e})", file.display()))
    })?;
    // The subjects crate is the authority on the format: a subject it refuses is not
    // imported, and its prepared database (context + overlay) is built now, not on exam day.
    let subject = e5_subjects::Subject::parse(file, &source).map_err(|e| {
        ExamError::invalid(
            e.0.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    e5_subjects::prepare(&subject, &p.data)
        .await
        .map_err(|diags| {
            ExamError::invalid(
                diags
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        })?;
    import_subject_text(
        p,
        session,
        &file.display().to_string(),
        &source,
        candidate_employee,
    )
    .await
}

pub async fn import_subject_text(
    p: &Platform,
    session: i64,
    name: &str,
    source: &str,
    candidate_employee: i64,
) -> Result<(String, usize)> {
    let parsed: SubjectFile = toml::from_str(source)
        .map_err(|e| ExamError::invalid(format!("{name} : sujet illisible : {}", e.message())))?;
    let rows = parsed.grid.map(|g| g.row).unwrap_or_default();
    if rows.is_empty() {
        return Err(ExamError::invalid(format!(
            "{name} : le sujet n'a pas de grille d'évaluation ([[grid.row]])"
        )));
    }
    let head = parsed.subject;
    let sha = hex::encode(Sha256::digest(source.as_bytes()));
    let mut w = p.write().await?;
    let used: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM commission c JOIN subject s ON s.id = c.subject_id
         WHERE s.session_id = ? AND s.code = ?",
    )
    .bind(session)
    .bind(&head.code)
    .fetch_one(&mut *w.tx)
    .await?;
    if used > 0 {
        return Err(ExamError::invalid(format!(
            "le sujet {} est déjà utilisé par une commission : il ne peut plus être remplacé",
            head.code
        )));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO subject (session_id, code, letter, title, side, source, source_sha256, candidate_employee_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_id, code) DO UPDATE SET letter = excluded.letter, title = excluded.title,
           side = excluded.side, source = excluded.source, source_sha256 = excluded.source_sha256,
           candidate_employee_id = excluded.candidate_employee_id
         RETURNING id",
    )
    .bind(session)
    .bind(&head.code)
    .bind(&head.letter)
    .bind(&head.title)
    .bind(head.side.as_deref().unwrap_or("shop"))
    .bind(source)
    .bind(&sha)
    .bind(candidate_employee)
    .fetch_one(&mut *w.tx)
    .await?;
    sqlx::query("DELETE FROM grid_row WHERE subject_id = ?")
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    for (position, r) in rows.iter().enumerate() {
        let criteria: Vec<String> = r.criteria.iter().map(u8::to_string).collect();
        sqlx::query(
            "INSERT INTO grid_row (subject_id, position, row_key, question, label, criteria, competence, ti, i, s, ts)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(i64::try_from(position).unwrap_or(0))
        .bind(&r.id)
        .bind(i64::from(r.question))
        .bind(&r.label)
        .bind(criteria.join(","))
        .bind(&r.competence)
        .bind(&r.ti)
        .bind(&r.i)
        .bind(&r.s)
        .bind(&r.ts)
        .execute(&mut *w.tx)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                ExamError::invalid(format!("{name} : la ligne de grille « {} » apparaît deux fois", r.id))
            }
            e => ExamError::Database(e),
        })?;
    }
    w.commit().await?;
    Ok((head.code, rows.len()))
}

/// One bad line of a candidates file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ligne {} : {}", self.line, self.message)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCandidate {
    pub surname: String,
    pub first_name: String,
    pub number: String,
    pub extra_seconds: i64,
    pub adjustment: String,
}

/// Reads "nom;prénom;numéro[;aménagement]" (`;` or `,`, optional header line). Every bad
/// line is reported; nothing is imported unless all lines are good.
pub fn parse_candidates(text: &str) -> Result<Vec<NewCandidate>, Vec<LineError>> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() >= first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map(|p| usize::try_from(p.line()).unwrap_or(index + 1))
            .unwrap_or(index + 1);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(LineError {
                    line,
                    message: format!("ligne illisible ({e})"),
                });
                continue;
            }
        };
        let fields: Vec<&str> = record.iter().collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        if index == 0
            && fields
                .first()
                .is_some_and(|f| f.to_lowercase().starts_with("nom"))
        {
            continue;
        }
        if fields.len() < 3 {
            errors.push(LineError {
                line,
                message: format!(
                    "3 colonnes attendues (nom ; prénom ; numéro de candidat), {} trouvée(s)",
                    fields.len()
                ),
            });
            continue;
        }
        let (surname, first_name, number) = (fields[0], fields[1], fields[2]);
        let mut problems = Vec::new();
        if surname.is_empty() {
            problems.push("le nom est vide".to_owned());
        }
        if first_name.is_empty() {
            problems.push("le prénom est vide".to_owned());
        }
        if number.is_empty()
            || number.len() > 20
            || !number.chars().all(|c| c.is_ascii_alphanumeric())
        {
            problems.push(format!(
                "numéro de candidat « {number} » invalide (chiffres et lettres, 20 au plus)"
            ));
        } else if let Some(previous) = seen.insert(number.to_owned(), line) {
            problems.push(format!("numéro {number} déjà présent ligne {previous}"));
        }
        let adjustment = fields.get(3).copied().unwrap_or("").to_owned();
        let extra_seconds = match parse_adjustment(&adjustment) {
            Ok(s) => s,
            Err(m) => {
                problems.push(m);
                0
            }
        };
        if problems.is_empty() {
            out.push(NewCandidate {
                surname: surname.to_owned(),
                first_name: first_name.to_owned(),
                number: number.to_owned(),
                extra_seconds,
                adjustment,
            });
        } else {
            errors.push(LineError {
                line,
                message: problems.join(" ; "),
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// "tiers-temps" → 13 min 20 s; "+10 min" → 10 min; other wording (e.g. "secrétaire",
/// "poste adapté") is recorded without extra time.
pub fn parse_adjustment(text: &str) -> Result<i64, String> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Ok(0);
    }
    if t.contains("tiers") {
        return Ok(crate::timer::TIERS_TEMPS_SECONDS);
    }
    if let Some(rest) = t.strip_prefix('+') {
        let minutes = rest.trim().trim_end_matches("min").trim();
        return minutes
            .parse::<i64>()
            .ok()
            .filter(|m| (1..=60).contains(m))
            .map(|m| m * 60)
            .ok_or_else(|| format!("aménagement « {text} » : « +N min » attendu (1 à 60)"));
    }
    Ok(0)
}

pub async fn import_candidates(
    p: &Platform,
    session: i64,
    text: &str,
) -> Result<usize, Vec<LineError>> {
    let list = parse_candidates(text)?;
    let db_error = |e: ExamError| {
        vec![LineError {
            line: 0,
            message: e.to_string(),
        }]
    };
    let mut w = p.write().await.map_err(db_error)?;
    for c in &list {
        sqlx::query(
            "INSERT INTO candidate (session_id, number, surname, first_name, extra_seconds, adjustment)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (session_id, number) DO UPDATE SET surname = excluded.surname,
               first_name = excluded.first_name, extra_seconds = excluded.extra_seconds,
               adjustment = excluded.adjustment",
        )
        .bind(session)
        .bind(&c.number)
        .bind(&c.surname)
        .bind(&c.first_name)
        .bind(c.extra_seconds)
        .bind(&c.adjustment)
        .execute(&mut *w.tx)
        .await
        .map_err(|e| db_error(e.into()))?;
    }
    w.commit().await.map_err(db_error)?;
    Ok(list.len())
}

fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < 8 {
        return Err(ExamError::invalid(
            "le mot de passe doit compter au moins 8 caractères",
        ));
    }
    Ok(())
}

fn check_email(email: &str) -> Result<()> {
    if !email.contains('@') || email.contains(char::is_whitespace) {
        return Err(ExamError::invalid(format!(
            "adresse e-mail « {email} » invalide"
        )));
    }
    Ok(())
}

pub async fn add_examiner(p: &Platform, email: &str, name: &str, password: &str) -> Result<i64> {
    add_person(p, "examiner", email, name, password).await
}

pub async fn add_centre_admin(
    p: &Platform,
    email: &str,
    name: &str,
    password: &str,
) -> Result<i64> {
    add_person(p, "centre_admin", email, name, password).await
}

async fn add_person(
    p: &Platform,
    table: &str,
    email: &str,
    name: &str,
    password: &str,
) -> Result<i64> {
    let (email, name) = (email.trim(), name.trim());
    check_email(email)?;
    check_password(password)?;
    if name.is_empty() {
        return Err(ExamError::invalid("le nom est vide"));
    }
    let hash = e5_shop::password::hash_password(password);
    let sql = format!(
        "INSERT INTO {table} (email, name, password_hash) VALUES (?, ?, ?)
         ON CONFLICT (email) DO UPDATE SET name = excluded.name, password_hash = excluded.password_hash
         RETURNING id"
    );
    let mut w = p.write().await?;
    let id: i64 = sqlx::query_scalar(&sql)
        .bind(email)
        .bind(name)
        .bind(hash)
        .fetch_one(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone)]
pub struct NewCommission {
    pub number: String,
    pub examiner_email: String,
    pub subject_code: String,
    pub room: String,
    pub starts_at: String,
    pub candidates: Vec<String>,
}

/// Creates a commission and a seat with an access code for each of its candidates.
pub async fn create_commission(p: &Platform, session: i64, c: &NewCommission) -> Result<i64> {
    if c.number.trim().is_empty() || c.room.trim().is_empty() {
        return Err(ExamError::invalid(
            "numéro de commission et salle sont obligatoires",
        ));
    }
    if c.candidates.is_empty() || c.candidates.len() > MAX_SEATS {
        return Err(ExamError::invalid(format!(
            "une commission compte de 1 à {MAX_SEATS} candidats ({} donnés)",
            c.candidates.len()
        )));
    }
    let mut w = p.write().await?;
    let examiner: i64 = sqlx::query_scalar("SELECT id FROM examiner WHERE email = ?")
        .bind(c.examiner_email.trim())
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or_else(|| ExamError::invalid(format!("aucun examinateur « {} »", c.examiner_email)))?;
    let subject: i64 =
        sqlx::query_scalar("SELECT id FROM subject WHERE session_id = ? AND code = ?")
            .bind(session)
            .bind(c.subject_code.trim())
            .fetch_optional(&mut *w.tx)
            .await?
            .ok_or_else(|| {
                ExamError::invalid(format!(
                    "aucun sujet « {} » dans cette session",
                    c.subject_code
                ))
            })?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO commission (session_id, number, examiner_id, subject_id, room, starts_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(session)
    .bind(c.number.trim())
    .bind(examiner)
    .bind(subject)
    .bind(c.room.trim())
    .bind(c.starts_at.trim())
    .fetch_one(&mut *w.tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            ExamError::invalid(format!("la commission {} existe déjà", c.number))
        }
        e => e.into(),
    })?;
    for number in &c.candidates {
        let candidate: i64 =
            sqlx::query_scalar("SELECT id FROM candidate WHERE session_id = ? AND number = ?")
                .bind(session)
                .bind(number.trim())
                .fetch_optional(&mut *w.tx)
                .await?
                .ok_or_else(|| {
                    ExamError::invalid(format!("aucun candidat n° {number} dans cette session"))
                })?;
        let code = loop {
            let code = crate::codes::generate();
            let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM seat WHERE access_code = ?")
                .bind(&code)
                .fetch_one(&mut *w.tx)
                .await?;
            if taken == 0 {
                break code;
            }
        };
        sqlx::query("INSERT INTO seat (commission_id, candidate_id, access_code) VALUES (?, ?, ?)")
            .bind(id)
            .bind(candidate)
            .bind(&code)
            .execute(&mut *w.tx)
            .await
            .map_err(|e| match e {
                sqlx::Error::Database(d) if d.is_unique_violation() => ExamError::invalid(format!(
                    "le candidat n° {number} est déjà dans une commission"
                )),
                e => e.into(),
            })?;
        sqlx::query("INSERT INTO grid (seat_id) SELECT id FROM seat WHERE candidate_id = ?")
            .bind(candidate)
            .execute(&mut *w.tx)
            .await?;
    }
    w.commit().await?;
    Ok(id)
}

/// Forks a sandbox for every seat that has none yet: from the subject's prepared database
/// when it exists, else from the newest installed context. Returns how many were made.
pub async fn prepare_sandboxes(p: &Platform, session: i64) -> Result<usize> {
    let seats: Vec<(i64, String)> = sqlx::query_as(
        "SELECT seat.id, s.code FROM seat JOIN commission c ON c.id = seat.commission_id
         JOIN subject s ON s.id = c.subject_id WHERE c.session_id = ? AND seat.sandbox_id IS NULL",
    )
    .bind(session)
    .fetch_all(p.db())
    .await?;
    let mut made = 0;
    for (seat, code) in seats {
        let id = fork_for_subject(p, &code)?;
        let mut w = p.write().await?;
        sqlx::query("UPDATE seat SET sandbox_id = ? WHERE id = ? AND sandbox_id IS NULL")
            .bind(id.to_string())
            .bind(seat)
            .execute(&mut *w.tx)
            .await?;
        w.commit().await?;
        made += 1;
    }
    Ok(made)
}

fn fork_for_subject(p: &Platform, code: &str) -> Result<SandboxId> {
    if let Some(prepared) = p.data.prepared_path(code).filter(|path| path.exists()) {
        return Ok(e5_sandbox::fork_from(&p.data, &prepared)?);
    }
    let contexts = e5_sandbox::list_contexts(&p.data)?;
    let Some(ctx) = contexts.last() else {
        return Err(ExamError::invalid(
            "aucun contexte installé : importez le contexte de référence (e5 context import) avant de préparer les postes",
        ));
    };
    Ok(e5_sandbox::create_sandbox(&p.data, ctx)?.id)
}

/// One line of the printable list of codes.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SeatLine {
    pub seat_id: i64,
    pub commission_id: i64,
    pub commission: String,
    pub room: String,
    pub starts_at: String,
    pub number: String,
    pub surname: String,
    pub first_name: String,
    pub adjustment: String,
    pub extra_seconds: i64,
    pub access_code: String,
    pub sandbox_id: Option<String>,
    pub examiner: String,
    pub subject_code: String,
    pub subject_letter: String,
}

const SEAT_LINE: &str = "SELECT seat.id AS seat_id, c.id AS commission_id, c.number AS commission, c.room, c.starts_at,
      k.number, k.surname, k.first_name, k.adjustment, k.extra_seconds, seat.access_code, seat.sandbox_id,
      e.name AS examiner, s.code AS subject_code, s.letter AS subject_letter
   FROM seat JOIN commission c ON c.id = seat.commission_id JOIN candidate k ON k.id = seat.candidate_id
   JOIN examiner e ON e.id = c.examiner_id JOIN subject s ON s.id = c.subject_id";

pub async fn seats_of_session(p: &Platform, session: i64) -> Result<Vec<SeatLine>> {
    Ok(sqlx::query_as(&format!(
        "{SEAT_LINE} WHERE c.session_id = ? ORDER BY c.room, c.starts_at, c.number, k.surname"
    ))
    .bind(session)
    .fetch_all(p.db())
    .await?)
}

pub async fn seats_of_commission(p: &Platform, commission: i64) -> Result<Vec<SeatLine>> {
    Ok(
        sqlx::query_as(&format!("{SEAT_LINE} WHERE c.id = ? ORDER BY seat.id"))
            .bind(commission)
            .fetch_all(p.db())
            .await?,
    )
}

pub async fn seat(p: &Platform, seat: i64) -> Result<SeatLine> {
    sqlx::query_as(&format!("{SEAT_LINE} WHERE seat.id = ?"))
        .bind(seat)
        .fetch_optional(p.db())
        .await?
        .ok_or_else(|| ExamError::NotFound(format!("poste {seat}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_candidates_file_with_bad_lines_reports_each_line() {
        let text = "nom;prénom;numéro;aménagement\nMartin;Léa;0123456789;\n;Paul;1234\nDurand;Zoé\nPetit;Hugo;0123456789\nRoux;Inès;555;tiers-temps\nBlanc;Éric;556;+abc";
        let errors = parse_candidates(text).expect_err("bad lines");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 7], "{errors:?}");
        assert!(errors[0].message.contains("le nom est vide"));
        assert!(errors[1].message.contains("3 colonnes"));
        assert!(errors[2].message.contains("déjà présent ligne 2"));
    }

    #[test]
    fn tiers_temps_is_read_from_the_file() {
        let list = parse_candidates("Roux,Inès,555,tiers-temps\nBlanc,Éric,556,").expect("good");
        assert_eq!(list[0].extra_seconds, 800);
        assert_eq!(list[1].extra_seconds, 0);
    }
}
