//! Planning an exam session: subjects (with their grid frozen at import), candidates from a
//! CSV, examiners, commissions of at most three candidates with their access codes, and
//! the sandboxes prepared ahead so nothing waits on exam day.

use std::path::Path;

use e5_domain::SandboxId;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::{Platform, now_text};
use crate::error::{ExamError, Result};
use crate::slot;

/// An examiner may assess up to three candidates at the same time (regulation).
pub const MAX_SEATS: usize = 3;

/// The author of planning changes made on the command line.
pub const CLI: &str = "ligne de commande";

/// Records who changed the planning, what and when, in the change's own transaction.
pub async fn log(
    w: &mut crate::db::Write<'_>,
    actor: &str,
    session: Option<i64>,
    action: &str,
    summary: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO planning_log (at, actor, session_id, action, summary) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(now_text())
    .bind(actor)
    .bind(session)
    .bind(action)
    .bind(summary)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}

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
    log(
        &mut w,
        CLI,
        Some(id),
        "session",
        &format!("Session « {name} » créée ou confirmée"),
    )
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
    let name = file.display().to_string();
    let source = std::fs::read_to_string(file)
        .map_err(|e| ExamError::invalid(format!("{name} : lecture impossible ({e})")))?;
    import_subject_source(p, CLI, session, &name, &source, candidate_employee)
        .await
        .map_err(|lines| ExamError::invalid(format!("{name} :\n{}", lines.join("\n"))))
}

/// Imports a subject given as text (a file, an upload, an example): the subjects crate,
/// the authority on the format, checks it and builds its prepared database (context +
/// overlay) now, not on exam day; then the session records it with its grid. A refused
/// subject returns its diagnostics, one "ligne N : message" each, and nothing is written.
pub async fn import_subject_source(
    p: &Platform,
    actor: &str,
    session: i64,
    file_name: &str,
    source: &str,
    candidate_employee: i64,
) -> std::result::Result<(String, usize), Vec<String>> {
    let subject = e5_subjects::Subject::parse(Path::new(file_name), source)
        .map_err(|e| diagnostic_lines(e.diagnostics()))?;
    prepare_subject(subject, &p.data).await?;
    record_subject(p, actor, session, file_name, source, candidate_employee)
        .await
        .map_err(|e| vec![e.to_string()])
}

/// "ligne N : message", as a teacher reads them next to the form.
fn diagnostic_lines(diags: &[e5_subjects::Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            if d.line == 0 {
                d.message.clone()
            } else {
                format!("ligne {} : {}", d.line, d.message)
            }
        })
        .collect()
}

/// Builds the subject's prepared database on a thread of its own: the subjects crate's
/// future cannot be proven `Send`, so it cannot run inside a request's task; and building
/// a database is blocking work anyway.
async fn prepare_subject(
    subject: e5_subjects::Subject,
    data: &e5_sandbox::DataDir,
) -> std::result::Result<(), Vec<String>> {
    let data = e5_sandbox::DataDir::new(data.root());
    tokio::task::spawn_blocking(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| vec![format!("préparation impossible : {e}")])?;
        runtime
            .block_on(e5_subjects::prepare(&subject, &data))
            .map(|_| ())
            .map_err(|diags| diagnostic_lines(&diags))
    })
    .await
    .unwrap_or_else(|e| Err(vec![format!("préparation interrompue : {e}")]))
}

/// Records a checked and prepared subject in the session, with its grid rows, and
/// `actor` in the planning log.
async fn record_subject(
    p: &Platform,
    actor: &str,
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
    let row_count = rows.len();
    for (position, r) in rows.into_iter().enumerate() {
        let criteria = r
            .criteria
            .iter()
            .map(u8::to_string)
            .collect::<Vec<String>>()
            .join(",");
        let key = r.id.clone();
        sqlx::query(
            "INSERT INTO grid_row (subject_id, position, row_key, question, label, criteria, competence, ti, i, s, ts)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(i64::try_from(position).unwrap_or(0))
        .bind(&r.id)
        .bind(i64::from(r.question))
        .bind(&r.label)
        .bind(criteria)
        .bind(&r.competence)
        .bind(&r.ti)
        .bind(&r.i)
        .bind(&r.s)
        .bind(&r.ts)
        .execute(&mut *w.tx)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                ExamError::invalid(format!("{name} : la ligne de grille « {key} » apparaît deux fois"))
            }
            e => ExamError::Database(e),
        })?;
    }
    log(
        &mut w,
        actor,
        Some(session),
        "subject",
        &format!(
            "Sujet {} ({}) importé depuis {name} : {} ligne(s) de grille",
            head.letter, head.code, row_count
        ),
    )
    .await?;
    w.commit().await?;
    Ok((head.code, row_count))
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
    import_candidates_by(p, CLI, session, text).await
}

/// Same as [`import_candidates`], recording `actor` in the planning log.
pub async fn import_candidates_by(
    p: &Platform,
    actor: &str,
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
    let numbers: Vec<&str> = list.iter().map(|c| c.number.as_str()).collect();
    log(
        &mut w,
        actor,
        Some(session),
        "candidates",
        &format!(
            "{} candidat(s) importé(s) : {}",
            list.len(),
            numbers.join(", ")
        ),
    )
    .await
    .map_err(db_error)?;
    w.commit().await.map_err(db_error)?;
    Ok(list.len())
}

pub(crate) fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < 8 {
        return Err(ExamError::invalid(
            "le mot de passe doit compter au moins 8 caractères",
        ));
    }
    Ok(())
}

pub(crate) fn check_email(email: &str) -> Result<()> {
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
    let hash = e5_shop_db::password::hash_password(password);
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
    let who = if table == "examiner" {
        "Examinateur"
    } else {
        "Administrateur du centre"
    };
    log(
        &mut w,
        CLI,
        None,
        table,
        &format!("{who} {name} <{email}> enregistré"),
    )
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
    create_commission_by(p, CLI, session, c).await
}

/// The checked fields of a commission, ids resolved.
struct CheckedCommission {
    number: String,
    room: String,
    starts_at: String,
    examiner: i64,
    examiner_name: String,
    subject: i64,
    subject_code: String,
    candidates: Vec<(i64, String)>,
}

/// Checks everything a commission needs (in the write transaction, so what was checked is
/// what is written). `itself` is the commission being edited, if any.
async fn check_commission(
    w: &mut crate::db::Write<'_>,
    session: i64,
    itself: Option<i64>,
    c: &NewCommission,
) -> Result<CheckedCommission> {
    let number = c.number.trim();
    let room = c.room.trim();
    if number.is_empty() || room.is_empty() {
        return Err(ExamError::invalid(
            "le numéro de commission et la salle sont obligatoires",
        ));
    }
    if number.chars().count() > 20 || room.chars().count() > 40 {
        return Err(ExamError::invalid(
            "numéro de commission (20 caractères au plus) ou salle (40 au plus) trop long",
        ));
    }
    let Some(start) = slot::parse(&c.starts_at) else {
        return Err(ExamError::invalid(format!(
            "créneau « {} » invalide : date et heure attendues sous la forme 2027-05-12 09:00",
            c.starts_at.trim()
        )));
    };
    let mut numbers: Vec<&str> = c
        .candidates
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    if numbers.is_empty() || numbers.len() > MAX_SEATS {
        return Err(ExamError::invalid(format!(
            "une commission compte de 1 à {MAX_SEATS} candidats ({} donné(s))",
            numbers.len()
        )));
    }
    let before = numbers.len();
    numbers.sort_unstable();
    numbers.dedup();
    if numbers.len() != before {
        return Err(ExamError::invalid("un même candidat est indiqué deux fois"));
    }
    let examiner: (i64, String, i64) =
        sqlx::query_as("SELECT id, name, active FROM examiner WHERE email = ?")
            .bind(c.examiner_email.trim())
            .fetch_optional(&mut *w.tx)
            .await?
            .ok_or_else(|| {
                ExamError::invalid(format!("aucun examinateur « {} »", c.examiner_email.trim()))
            })?;
    if examiner.2 != 1 {
        return Err(ExamError::invalid(format!(
            "l'examinateur {} est désactivé : réactivez-le ou choisissez-en un autre",
            examiner.1
        )));
    }
    let subject: i64 =
        sqlx::query_scalar("SELECT id FROM subject WHERE session_id = ? AND code = ?")
            .bind(session)
            .bind(c.subject_code.trim())
            .fetch_optional(&mut *w.tx)
            .await?
            .ok_or_else(|| {
                ExamError::invalid(format!(
                    "aucun sujet « {} » dans cette session",
                    c.subject_code.trim()
                ))
            })?;
    let mut candidates = Vec::new();
    let mut longest_extra = 0;
    for number in numbers {
        let found: Option<(i64, i64)> = sqlx::query_as(
            "SELECT id, extra_seconds FROM candidate WHERE session_id = ? AND number = ?",
        )
        .bind(session)
        .bind(number)
        .fetch_optional(&mut *w.tx)
        .await?;
        let Some((id, extra)) = found else {
            return Err(ExamError::invalid(format!(
                "aucun candidat n° {number} dans cette session"
            )));
        };
        let elsewhere: Option<(String, String, String)> = sqlx::query_as(
            "SELECT c.number, c.room, c.starts_at FROM seat JOIN commission c ON c.id = seat.commission_id
             WHERE seat.candidate_id = ? AND c.id IS NOT ?",
        )
        .bind(id)
        .bind(itself)
        .fetch_optional(&mut *w.tx)
        .await?;
        if let Some((other, other_room, other_start)) = elsewhere {
            return Err(ExamError::invalid(format!(
                "le candidat n° {number} est déjà dans la commission {other} (salle {other_room}, {}) : retirez-le d'abord de celle-ci",
                slot::french(&other_start)
            )));
        }
        longest_extra = longest_extra.max(extra);
        candidates.push((id, number.to_owned()));
    }
    // The examiner cannot be in two rooms at once: their commissions must not overlap.
    let end = start + slot::minutes(longest_extra);
    let others: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT c.number, c.starts_at, COALESCE(MAX(k.extra_seconds), 0) FROM commission c
         LEFT JOIN seat ON seat.commission_id = c.id LEFT JOIN candidate k ON k.id = seat.candidate_id
         WHERE c.examiner_id = ? AND c.id IS NOT ? GROUP BY c.id",
    )
    .bind(examiner.0)
    .bind(itself)
    .fetch_all(&mut *w.tx)
    .await?;
    for (other, other_start, extra) in others {
        let Some(o_start) = slot::parse(&other_start) else {
            continue;
        };
        if o_start < end && start < o_start + slot::minutes(extra) {
            return Err(ExamError::invalid(format!(
                "{} examine déjà la commission {other} {} : les deux créneaux se chevauchent",
                examiner.1,
                slot::french(&other_start)
            )));
        }
    }
    Ok(CheckedCommission {
        number: number.to_owned(),
        room: room.to_owned(),
        starts_at: slot::format(start),
        examiner: examiner.0,
        examiner_name: examiner.1,
        subject,
        subject_code: c.subject_code.trim().to_owned(),
        candidates,
    })
}

/// Gives a seat, an access code and an empty grid to a candidate.
async fn add_seat(w: &mut crate::db::Write<'_>, commission: i64, candidate: i64) -> Result<()> {
    let code = loop {
        let code = crate::codes::generate()?;
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM seat WHERE access_code = ?")
            .bind(&code)
            .fetch_one(&mut *w.tx)
            .await?;
        if taken == 0 {
            break code;
        }
    };
    let seat: i64 = sqlx::query_scalar(
        "INSERT INTO seat (commission_id, candidate_id, access_code) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(commission)
    .bind(candidate)
    .bind(&code)
    .fetch_one(&mut *w.tx)
    .await?;
    sqlx::query("INSERT INTO grid (seat_id) VALUES (?)")
        .bind(seat)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}

/// Same as [`create_commission`], recording `actor` in the planning log.
pub async fn create_commission_by(
    p: &Platform,
    actor: &str,
    session: i64,
    c: &NewCommission,
) -> Result<i64> {
    let mut w = p.write().await?;
    let k = check_commission(&mut w, session, None, c).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO commission (session_id, number, examiner_id, subject_id, room, starts_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(session)
    .bind(&k.number)
    .bind(k.examiner)
    .bind(k.subject)
    .bind(&k.room)
    .bind(&k.starts_at)
    .fetch_one(&mut *w.tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            ExamError::invalid(format!("la commission {} existe déjà", k.number))
        }
        e => e.into(),
    })?;
    for (candidate, _) in &k.candidates {
        add_seat(&mut w, id, *candidate).await?;
    }
    let numbers: Vec<&str> = k.candidates.iter().map(|(_, n)| n.as_str()).collect();
    log(
        &mut w,
        actor,
        Some(session),
        "commission",
        &format!(
            "Commission {} créée : {}, sujet {}, salle {}, {} ; candidats {}",
            k.number,
            k.examiner_name,
            k.subject_code,
            k.room,
            slot::french(&k.starts_at),
            numbers.join(", ")
        ),
    )
    .await?;
    w.commit().await?;
    Ok(id)
}

/// Whether any seat of the commission has started (its timer was launched).
async fn started(w: &mut crate::db::Write<'_>, commission: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM seat WHERE commission_id = ? AND started_at IS NOT NULL",
    )
    .bind(commission)
    .fetch_one(&mut *w.tx)
    .await?;
    Ok(n > 0)
}

/// Removes a seat that has not started: its sessions, recordings and empty grid go with it.
/// Returns the sandbox to delete once committed.
async fn drop_seat(w: &mut crate::db::Write<'_>, seat: i64) -> Result<Option<String>> {
    let (started_at, sandbox, number): (Option<i64>, Option<String>, String) = sqlx::query_as(
        "SELECT seat.started_at, seat.sandbox_id, k.number FROM seat JOIN candidate k ON k.id = seat.candidate_id
         WHERE seat.id = ?",
    )
    .bind(seat)
    .fetch_one(&mut *w.tx)
    .await?;
    let graded: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grid_event WHERE seat_id = ?")
        .bind(seat)
        .fetch_one(&mut *w.tx)
        .await?;
    if started_at.is_some() || graded > 0 {
        return Err(ExamError::invalid(format!(
            "l'épreuve du candidat n° {number} a commencé : il ne peut plus être retiré de sa commission"
        )));
    }
    for sql in [
        "DELETE FROM auth_session WHERE kind = 'candidate' AND principal_id = ?",
        "DELETE FROM recording WHERE seat_id = ?",
        "DELETE FROM timer_event WHERE seat_id = ?",
        "DELETE FROM grid WHERE seat_id = ?",
        "DELETE FROM seat WHERE id = ?",
    ] {
        sqlx::query(sql).bind(seat).execute(&mut *w.tx).await?;
    }
    Ok(sandbox)
}

/// Deletes the sandboxes of removed seats. After the commit: a failure only leaves a file
/// behind (logged), never a seat without its sandbox.
async fn delete_sandboxes(p: &Platform, sandboxes: &[String]) {
    for id in sandboxes {
        let deleted = match id.parse::<SandboxId>() {
            Ok(sid) => p.delete_sandbox(sid).await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        if let Err(e) = deleted {
            tracing::warn!(sandbox = %id, error = %e, "sandbox of a removed seat left on disk");
        }
    }
}

/// Changes a commission before its exam starts: examiner, subject, room, time slot and
/// its candidates (up to three). Candidates taken out lose their seat and sandbox; new ones
/// get a seat and a code; a new subject drops the prepared sandboxes (prepare again).
pub async fn update_commission_by(
    p: &Platform,
    actor: &str,
    commission: i64,
    c: &NewCommission,
) -> Result<()> {
    let mut w = p.write().await?;
    let (session, old_subject): (i64, i64) =
        sqlx::query_as("SELECT session_id, subject_id FROM commission WHERE id = ?")
            .bind(commission)
            .fetch_optional(&mut *w.tx)
            .await?
            .ok_or_else(|| ExamError::invalid("cette commission n'existe pas"))?;
    if started(&mut w, commission).await? {
        return Err(ExamError::invalid(
            "l'épreuve de cette commission a commencé : elle ne peut plus être modifiée",
        ));
    }
    let k = check_commission(&mut w, session, Some(commission), c).await?;
    sqlx::query(
        "UPDATE commission SET number = ?, examiner_id = ?, subject_id = ?, room = ?, starts_at = ? WHERE id = ?",
    )
    .bind(&k.number)
    .bind(k.examiner)
    .bind(k.subject)
    .bind(&k.room)
    .bind(&k.starts_at)
    .bind(commission)
    .execute(&mut *w.tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            ExamError::invalid(format!("la commission {} existe déjà", k.number))
        }
        e => e.into(),
    })?;
    let current: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, candidate_id FROM seat WHERE commission_id = ?")
            .bind(commission)
            .fetch_all(&mut *w.tx)
            .await?;
    let mut to_delete = Vec::new();
    for (seat, candidate) in &current {
        if !k.candidates.iter().any(|(id, _)| id == candidate) {
            to_delete.extend(drop_seat(&mut w, *seat).await?);
        }
    }
    for (candidate, _) in &k.candidates {
        if !current.iter().any(|(_, id)| id == candidate) {
            add_seat(&mut w, commission, *candidate).await?;
        }
    }
    if k.subject != old_subject {
        // Sandboxes are forked from the subject's prepared database: the old ones no longer fit.
        let prepared: Vec<Option<String>> =
            sqlx::query_scalar("SELECT sandbox_id FROM seat WHERE commission_id = ?")
                .bind(commission)
                .fetch_all(&mut *w.tx)
                .await?;
        to_delete.extend(prepared.into_iter().flatten());
        sqlx::query("UPDATE seat SET sandbox_id = NULL WHERE commission_id = ?")
            .bind(commission)
            .execute(&mut *w.tx)
            .await?;
    }
    let numbers: Vec<&str> = k.candidates.iter().map(|(_, n)| n.as_str()).collect();
    log(
        &mut w,
        actor,
        Some(session),
        "commission",
        &format!(
            "Commission {} modifiée : {}, sujet {}, salle {}, {} ; candidats {}",
            k.number,
            k.examiner_name,
            k.subject_code,
            k.room,
            slot::french(&k.starts_at),
            numbers.join(", ")
        ),
    )
    .await?;
    w.commit().await?;
    delete_sandboxes(p, &to_delete).await;
    Ok(())
}

/// Takes a candidate out of their commission before the exam starts.
pub async fn remove_seat_by(p: &Platform, actor: &str, commission: i64, seat: i64) -> Result<()> {
    let mut w = p.write().await?;
    let found: Option<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT c.session_id, c.number, k.number, k.surname, k.first_name FROM seat
         JOIN commission c ON c.id = seat.commission_id JOIN candidate k ON k.id = seat.candidate_id
         WHERE seat.id = ? AND c.id = ?",
    )
    .bind(seat)
    .bind(commission)
    .fetch_optional(&mut *w.tx)
    .await?;
    let Some((session, c_number, number, surname, first_name)) = found else {
        return Err(ExamError::invalid(
            "ce candidat n'est pas dans cette commission",
        ));
    };
    if started(&mut w, commission).await? {
        return Err(ExamError::invalid(format!(
            "l'épreuve de la commission {c_number} a commencé : ses candidats ne peuvent plus en être retirés"
        )));
    }
    let sandbox = drop_seat(&mut w, seat).await?;
    log(
        &mut w,
        actor,
        Some(session),
        "seat",
        &format!("{surname} {first_name} (n° {number}) retiré(e) de la commission {c_number}"),
    )
    .await?;
    w.commit().await?;
    delete_sandboxes(p, &sandbox.into_iter().collect::<Vec<_>>()).await;
    Ok(())
}

/// Forks a sandbox for every seat that has none yet, from its subject's prepared database
/// (a subject without one is an error). Returns how many were made.
pub async fn prepare_sandboxes(p: &Platform, session: i64) -> Result<usize> {
    prepare_sandboxes_by(p, CLI, session).await
}

/// Same as [`prepare_sandboxes`], recording `actor` in the planning log.
pub async fn prepare_sandboxes_by(p: &Platform, actor: &str, session: i64) -> Result<usize> {
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
    let mut w = p.write().await?;
    log(
        &mut w,
        actor,
        Some(session),
        "prepare",
        &format!("{made} poste(s) préparé(s)"),
    )
    .await?;
    w.commit().await?;
    Ok(made)
}

fn fork_for_subject(p: &Platform, code: &str) -> Result<SandboxId> {
    // Never a bare copy of the context instead: the candidate would get a site without the
    // subject's data and the checks would judge it against data it never had.
    match p.data.prepared_path(code).filter(|path| path.exists()) {
        Some(prepared) => Ok(e5_sandbox::fork_from(&p.data, &prepared)?),
        None => Err(ExamError::invalid(format!(
            "le sujet {code} n'a pas de base préparée : ajoutez-le de nouveau à la session \
             (il sera vérifié et préparé) avant de préparer les postes"
        ))),
    }
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
    /// `content` or `shop`: the side of the back-office the candidate's work starts on.
    pub subject_side: String,
}

const SEAT_LINE: &str = "SELECT seat.id AS seat_id, c.id AS commission_id, c.number AS commission, c.room, c.starts_at,
      k.number, k.surname, k.first_name, k.adjustment, k.extra_seconds, seat.access_code, seat.sandbox_id,
      e.name AS examiner, s.code AS subject_code, s.letter AS subject_letter, s.side AS subject_side
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

/// Who holds the exam, printed on the papers. Empty until the centre fills it in.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct CentreIdentity {
    /// "Académie de Nantes".
    pub academie: String,
    /// "Lycée Europe Robert Schuman".
    pub centre: String,
    pub city: String,
}

impl CentreIdentity {
    /// "Lycée Europe Robert Schuman, Cholet", or what is known of it.
    pub fn place(&self) -> String {
        [self.centre.as_str(), self.city.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub async fn centre_identity(p: &Platform) -> Result<CentreIdentity> {
    Ok(
        sqlx::query_as("SELECT academie, centre, city FROM centre_identity WHERE id = 1")
            .fetch_optional(p.db())
            .await?
            .unwrap_or_default(),
    )
}

/// Sets the académie and the centre; refuses an empty académie or centre, or a name too
/// long to print.
pub async fn set_centre_identity(p: &Platform, actor: &str, id: &CentreIdentity) -> Result<()> {
    let (academie, centre, city) = (id.academie.trim(), id.centre.trim(), id.city.trim());
    if academie.is_empty() || centre.is_empty() {
        return Err(ExamError::invalid(
            "l'académie et le nom du centre sont obligatoires",
        ));
    }
    if [academie, centre, city]
        .iter()
        .any(|s| s.chars().count() > 120)
    {
        return Err(ExamError::invalid(
            "120 caractères au plus pour l'académie, le centre et la ville",
        ));
    }
    let mut w = p.write().await?;
    sqlx::query("UPDATE centre_identity SET academie = ?, centre = ?, city = ? WHERE id = 1")
        .bind(academie)
        .bind(centre)
        .bind(city)
        .execute(&mut *w.tx)
        .await?;
    let summary = format!(
        "Centre : {academie}, {centre}{}",
        if city.is_empty() {
            String::new()
        } else {
            format!(", {city}")
        }
    );
    log(&mut w, actor, None, "centre", &summary).await?;
    w.commit().await?;
    Ok(())
}
