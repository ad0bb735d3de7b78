//! The centre administration (`/admin/`, its own sign-in): exam sessions, examiners,
//! subjects, candidates, commissions and their sandboxes, printable lists of codes per
//! room, marks, archive, harmonisation. Handlers read; every change goes through
//! `planning` / `staff`, which check it, write it in one transaction and log its author.

use std::collections::HashMap;

use axum::extract::rejection::FormRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::from_fn;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::console::{LoginForm, csv_response, recording_json, render_fiche, render_replay};
use super::signin::{EXPIRED_MESSAGE, login_ctx};
use super::{CentreAdmin, ExamState, WebError};
use crate::ExamError;
use crate::auth::{self, Principal};
use crate::limits::Door;
use crate::{planning, slot, staff};
use e5_shop::client::ClientIp;
use e5_shop::web::busy;
use e5_shop::web::cookies;
use e5_shop_db::query::Read;

pub fn router() -> Router<ExamState> {
    Router::new()
        .route("/admin", get(|| async { Redirect::to("/admin/") }))
        .route("/admin/", get(dashboard))
        .route("/admin/connexion", get(login_page).post(login))
        .route("/admin/deconnexion", post(logout))
        .route("/admin/sessions", post(create_session))
        .route("/admin/centre", post(set_centre))
        .route("/admin/session/{id}", get(session_page))
        .route(
            "/admin/session/{id}/sujets",
            post(import_subject)
                .layer(DefaultBodyLimit::max(SUBJECT_MAX_BYTES))
                .layer(from_fn(busy::limited)),
        )
        .route(
            "/admin/session/{id}/candidats",
            post(import_candidates)
                .layer(DefaultBodyLimit::max(CANDIDATES_MAX_BYTES))
                .layer(from_fn(busy::limited)),
        )
        .route("/admin/session/{id}/commissions", post(create_commission))
        .route(
            "/admin/session/{id}/preparer",
            post(prepare).layer(from_fn(busy::limited)),
        )
        .route("/admin/session/{id}/codes", get(codes))
        .route(
            "/admin/session/{id}/notes.csv",
            get(marks).layer(from_fn(busy::limited)),
        )
        .route(
            "/admin/session/{id}/archive",
            get(archive).layer(from_fn(busy::limited)),
        )
        .route(
            "/admin/session/{id}/harmonisation",
            get(harmonisation).layer(from_fn(busy::limited)),
        )
        .route(
            "/admin/commission/{id}",
            get(commission_page).post(edit_commission),
        )
        .route("/admin/commission/{id}/retirer", post(remove_seat))
        .route(
            "/admin/examinateurs",
            get(examiners_page).post(create_examiner),
        )
        .route(
            "/admin/examinateur/{id}",
            get(examiner_page).post(edit_examiner),
        )
        .route("/admin/examinateur/{id}/activation", post(examiner_active))
        .route("/admin/poste/{seat}/fiche", get(fiche))
        .route("/admin/poste/{seat}/revoir", get(replay))
        .route("/admin/poste/{seat}/enregistrement.json", get(recording))
}

// ---------------------------------------------------------------- sign-in

#[derive(Deserialize, Default)]
struct LoginQuery {
    #[serde(default)]
    expiree: Option<String>,
}

async fn login_page(
    State(s): State<ExamState>,
    Query(q): Query<LoginQuery>,
) -> Result<Response, WebError> {
    let error = q.expiree.is_some().then_some(EXPIRED_MESSAGE);
    s.render("exam/login.html", &login_ctx(Door::Admin, error, ""))
}

/// Limits, the password check and the failure count: `signin::password_sign_in`.
async fn login(
    State(s): State<ExamState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    match super::signin::password_sign_in(&s, Door::Admin, ip, &f.email, &f.password).await? {
        Ok(id) => {
            let cookie = auth::open(&s.platform, Principal::Admin(id)).await?;
            Ok(cookies::with(
                Redirect::to("/admin/").into_response(),
                &cookie,
            ))
        }
        Err(page) => Ok(page),
    }
}

async fn logout(State(s): State<ExamState>, headers: HeaderMap) -> Result<Response, WebError> {
    auth::close(&s.platform, &headers).await?;
    Ok(cookies::with(
        Redirect::to("/admin/connexion").into_response(),
        &auth::clear_cookie(),
    ))
}

/// "Marc Lefort <centre@…>": the author recorded in the planning log.
async fn actor(s: &ExamState, admin: i64) -> Result<String, WebError> {
    let (name, email): (String, String) =
        sqlx::query_as("SELECT name, email FROM centre_admin WHERE id = ?")
            .bind(admin)
            .fetch_one(s.platform.db())
            .await?;
    Ok(format!("{name} <{email}>"))
}

/// The context every centre page starts from: the disk warning that `_centre_nav.html` shows
/// at the top of each page while the data folder is nearly full.
fn centre_context(s: &ExamState) -> Context {
    let mut ctx = Context::new();
    ctx.insert("disk_warning", &s.platform.disk.warning());
    ctx
}

fn back_to(path: &str, message: &str) -> Response {
    // `#contenu`: the forms post to their section's anchor (so a refused form opens at its
    // errors); after a success, the message at the top of the page is what matters.
    Redirect::to(&format!(
        "{path}?message={}#contenu",
        e5_shop::web::escape::percent_encode(message)
    ))
    .into_response()
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    message: Option<String>,
}

/// A page that shows a refused form again, with its errors: 422.
fn refused(mut page: Response) -> Response {
    *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    page
}

// ---------------------------------------------------------------- dashboard

#[derive(Serialize, sqlx::FromRow)]
struct SessionLine {
    id: i64,
    name: String,
    created_at: String,
    subjects: i64,
    candidates: i64,
    commissions: i64,
}

async fn dashboard(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    dashboard_page(&s, n.message.as_deref(), None, "", None).await
}

/// The centre's dashboard: its sessions, its identity, its examiners. `error` is the
/// session form's refusal, `centre` the identity form's values and refusal.
async fn dashboard_page(
    s: &ExamState,
    message: Option<&str>,
    error: Option<&str>,
    name: &str,
    centre: Option<(&planning::CentreIdentity, &str)>,
) -> Result<Response, WebError> {
    let sessions: Vec<SessionLine> = sqlx::query_as(
        "SELECT es.id, es.name, es.created_at,
           (SELECT COUNT(*) FROM subject WHERE session_id = es.id) AS subjects,
           (SELECT COUNT(*) FROM candidate WHERE session_id = es.id) AS candidates,
           (SELECT COUNT(*) FROM commission WHERE session_id = es.id) AS commissions
         FROM exam_session es ORDER BY es.id DESC",
    )
    .fetch_all(s.platform.db())
    .await?;
    let examiners: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM examiner WHERE active = 1")
        .fetch_one(s.platform.db())
        .await?;
    let mut ctx = centre_context(s);
    ctx.insert("sessions", &sessions);
    ctx.insert("examiners", &examiners);
    ctx.insert("message", &message);
    ctx.insert("error", &error);
    ctx.insert("name", name);
    let identity = match centre {
        Some((values, _)) => values.clone(),
        None => planning::centre_identity(&s.platform).await?,
    };
    ctx.insert("identity", &identity);
    ctx.insert("centre_error", &centre.map(|(_, e)| e));
    s.render("exam/centre.html", &ctx)
}

#[derive(Deserialize)]
struct CentreForm {
    academie: String,
    centre: String,
    city: String,
}

async fn set_centre(
    State(s): State<ExamState>,
    CentreAdmin(me): CentreAdmin,
    Form(f): Form<CentreForm>,
) -> Result<Response, WebError> {
    let who = actor(&s, me).await?;
    let id = planning::CentreIdentity {
        academie: f.academie,
        centre: f.centre,
        city: f.city,
    };
    match planning::set_centre_identity(&s.platform, &who, &id).await {
        Ok(()) => Ok(back_to(
            "/admin/",
            "Centre enregistré : il figure sur les fiches, les codes et l'harmonisation.",
        )),
        Err(ExamError::Invalid(m)) => Ok(refused(
            dashboard_page(&s, None, None, "", Some((&id, &m))).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct SessionForm {
    name: String,
}

async fn create_session(
    State(s): State<ExamState>,
    CentreAdmin(me): CentreAdmin,
    Form(f): Form<SessionForm>,
) -> Result<Response, WebError> {
    let who = actor(&s, me).await?;
    match staff::create_session(&s.platform, &who, &f.name).await {
        Ok(id) => Ok(back_to(
            &format!("/admin/session/{id}"),
            "Session créée : importez maintenant le sujet, les candidats, puis créez les commissions.",
        )),
        Err(ExamError::Invalid(m)) => Ok(refused(
            dashboard_page(&s, None, Some(&m), &f.name, None).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- session page

#[derive(Serialize, sqlx::FromRow)]
struct SubjectLine {
    code: String,
    letter: String,
    title: String,
    side: String,
    rows: i64,
    used: i64,
}

#[derive(Serialize, sqlx::FromRow)]
struct CandidateLine {
    id: i64,
    number: String,
    surname: String,
    first_name: String,
    adjustment: String,
    extra_seconds: i64,
    commission: Option<String>,
    commission_id: Option<i64>,
}

#[derive(Serialize, sqlx::FromRow)]
struct ExaminerChoice {
    id: i64,
    name: String,
    email: String,
    active: i64,
}

#[derive(Serialize, sqlx::FromRow)]
struct LogLine {
    at: String,
    actor: String,
    summary: String,
}

/// What a refused form on the session page shows again.
#[derive(Default)]
struct Refusal<'a> {
    section: &'a str,
    errors: Vec<String>,
    values: HashMap<&'static str, String>,
}

async fn subjects_of(s: &ExamState, session: i64) -> Result<Vec<SubjectLine>, WebError> {
    Ok(sqlx::query_as(
        "SELECT s.code, s.letter, s.title, s.side,
           (SELECT COUNT(*) FROM grid_row WHERE subject_id = s.id) AS rows,
           (SELECT COUNT(*) FROM commission WHERE subject_id = s.id) AS used
         FROM subject s WHERE s.session_id = ? ORDER BY s.letter, s.code",
    )
    .bind(session)
    .fetch_all(s.platform.db())
    .await?)
}

async fn session_name(s: &ExamState, id: i64) -> Result<String, WebError> {
    sqlx::query_scalar("SELECT name FROM exam_session WHERE id = ?")
        .bind(id)
        .fetch_optional(s.platform.db())
        .await?
        .ok_or(WebError::NotFound)
}

async fn session_page(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    render_session(&s, id, n.message.as_deref(), &Refusal::default()).await
}

async fn render_session(
    s: &ExamState,
    id: i64,
    message: Option<&str>,
    refusal: &Refusal<'_>,
) -> Result<Response, WebError> {
    let name = session_name(s, id).await?;
    let db = s.platform.db();
    let subjects = subjects_of(s, id).await?;
    let candidates: Vec<CandidateLine> = db
        .rows(
            "SELECT k.id, k.number, k.surname, k.first_name, k.adjustment, k.extra_seconds,
           c.number AS commission, c.id AS commission_id
         FROM candidate k LEFT JOIN seat ON seat.candidate_id = k.id
         LEFT JOIN commission c ON c.id = seat.commission_id
         WHERE k.session_id = ? ORDER BY k.surname, k.first_name, k.number",
            (id,),
        )
        .await?;
    let seats = planning::seats_of_session(&s.platform, id).await?;
    let commissions = group_commissions(seats);
    let examiners: Vec<ExaminerChoice> = db
        .rows(
            "SELECT id, name, email, active FROM examiner ORDER BY name",
            (),
        )
        .await?;
    let mut log: Vec<LogLine> = db.rows(
        "SELECT at, actor, summary FROM planning_log WHERE session_id = ? ORDER BY id DESC LIMIT 15",
        (id,),
    ).await?;
    for line in &mut log {
        line.at = slot::french_date_time(&line.at);
    }
    let unprepared = candidates.iter().filter(|c| c.commission.is_some()).count()
        - commissions
            .iter()
            .flat_map(|c| c.seats.iter())
            .filter(|s| s.sandbox_id.is_some())
            .count();
    let mut ctx = centre_context(s);
    ctx.insert("session", &serde_json::json!({"id": id, "name": name}));
    ctx.insert("subjects", &subjects);
    ctx.insert("candidates", &candidates);
    ctx.insert(
        "free",
        &candidates
            .iter()
            .filter(|c| c.commission.is_none())
            .collect::<Vec<_>>(),
    );
    ctx.insert("commissions", &commissions);
    ctx.insert("examiners", &examiners);
    ctx.insert("examples", &staff::examples());
    ctx.insert("log", &log);
    ctx.insert(
        "centre_key",
        &crate::archive::centre_fingerprint(s.platform.data.root()),
    );
    ctx.insert("unprepared", &unprepared);
    ctx.insert("message", &message);
    ctx.insert("section", refusal.section);
    ctx.insert("errors", &refusal.errors);
    ctx.insert("v", &refusal.values);
    let page = s.render("exam/centre_session.html", &ctx)?;
    Ok(if refusal.errors.is_empty() {
        page
    } else {
        refused(page)
    })
}

/// A commission and its seats, for the session page.
#[derive(Serialize)]
struct CommissionBlock {
    id: i64,
    number: String,
    room: String,
    starts_at: String,
    when: String,
    examiner: String,
    subject: String,
    seats: Vec<planning::SeatLine>,
}

fn group_commissions(seats: Vec<planning::SeatLine>) -> Vec<CommissionBlock> {
    let mut out: Vec<CommissionBlock> = Vec::new();
    for seat in seats {
        match out.iter_mut().find(|c| c.id == seat.commission_id) {
            Some(c) => c.seats.push(seat),
            None => out.push(CommissionBlock {
                id: seat.commission_id,
                number: seat.commission.clone(),
                room: seat.room.clone(),
                starts_at: seat.starts_at.clone(),
                when: slot::french(&seat.starts_at),
                examiner: seat.examiner.clone(),
                subject: format!("Sujet {} ({})", seat.subject_letter, seat.subject_code),
                seats: vec![seat],
            }),
        }
    }
    out
}

// ---------------------------------------------------------------- subjects

/// Largest subject upload (a `.toml` of a few kilobytes): 2 Mio, the whole request.
pub const SUBJECT_MAX_BYTES: usize = 2 * 1024 * 1024;
/// Largest candidates form (CSV pasted as text; a few hundred lines are a few dozen
/// kilobytes): 2 Mio, the whole request.
pub const CANDIDATES_MAX_BYTES: usize = 2 * 1024 * 1024;

async fn import_subject(
    State(s): State<ExamState>,
    CentreAdmin(me): CentreAdmin,
    Path(id): Path<i64>,
    mut form: Multipart,
) -> Result<Response, WebError> {
    session_name(&s, id).await?;
    let mut upload: Option<(String, String)> = None;
    let mut example = String::new();
    let mut unreadable = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                unreadable = Some(format!("envoi incomplet ({e}) : réessayez"));
                break;
            }
        };
        match field.name() {
            Some("fichier") => {
                let name = field.file_name().unwrap_or("").to_owned();
                match field.bytes().await {
                    Ok(bytes) if !bytes.is_empty() => match String::from_utf8(bytes.to_vec()) {
                        Ok(text) => upload = Some((name, text)),
                        Err(_) => {
                            unreadable = Some(format!(
                                "{name} : ce fichier n'est pas un texte UTF-8 (un sujet est un fichier .toml)"
                            ));
                        }
                    },
                    Ok(_) => {}
                    Err(e) => unreadable = Some(format!("envoi incomplet ({e}) : réessayez")),
                }
            }
            Some("exemple") => example = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    let source = match (unreadable, upload, example.trim()) {
        (Some(why), _, _) => Err(vec![why]),
        (None, Some(file), _) => Ok(file),
        (None, None, "") => Err(vec![
            "choisissez le fichier du sujet (.toml) ou l'un des sujets d'exemple".to_owned(),
        ]),
        (None, None, chosen) => staff::example_text(chosen)
            .map(|text| (chosen.to_owned(), text.to_owned()))
            .ok_or_else(|| vec![format!("aucun sujet d'exemple « {chosen} »")]),
    };
    let result = match source {
        Ok((name, text)) => {
            let who = actor(&s, me).await?;
            // Only the file's own name: a browser may send a whole path.
            let file_name = std::path::Path::new(&name)
                .file_name()
                .and_then(|n| n.to_str())
                .filter(|n| !n.is_empty())
                .unwrap_or("sujet.toml")
                .to_owned();
            planning::import_subject_source(&s.platform, &who, id, &file_name, &text, 1)
                .await
                .map_err(|errors| (name, errors))
        }
        Err(errors) => Err((String::new(), errors)),
    };
    match result {
        Ok((code, rows)) => Ok(back_to(
            &format!("/admin/session/{id}"),
            &format!("Sujet {code} importé : {rows} ligne(s) de grille, base préparée."),
        )),
        Err((name, errors)) => {
            let mut values = HashMap::new();
            values.insert("fichier", name);
            render_session(
                &s,
                id,
                None,
                &Refusal {
                    section: "sujet",
                    errors,
                    values,
                },
            )
            .await
        }
    }
}

// ---------------------------------------------------------------- candidates

#[derive(Deserialize)]
struct CandidatesForm {
    csv: String,
}

async fn import_candidates(
    State(s): State<ExamState>,
    CentreAdmin(me): CentreAdmin,
    Path(id): Path<i64>,
    form: Result<Form<CandidatesForm>, FormRejection>,
) -> Result<Response, WebError> {
    session_name(&s, id).await?;
    let Ok(Form(f)) = form else {
        return render_session(
            &s,
            id,
            None,
            &Refusal {
                section: "candidats",
                errors: vec![format!(
                    "liste illisible ou trop longue ({} Mo au plus) : envoyez-la en plusieurs fois",
                    CANDIDATES_MAX_BYTES / 1024 / 1024
                )],
                values: HashMap::new(),
            },
        )
        .await;
    };
    let who = actor(&s, me).await?;
    match planning::import_candidates_by(&s.platform, &who, id, &f.csv).await {
        Ok(0) => {
            let mut values = HashMap::new();
            values.insert("csv", f.csv);
            render_session(
                &s,
                id,
                None,
                &Refusal {
                    section: "candidats",
                    errors: vec!["aucune ligne de candidat dans le texte envoyé".to_owned()],
                    values,
                },
            )
            .await
        }
        Ok(n) => Ok(back_to(
            &format!("/admin/session/{id}"),
            &format!("{n} candidat(s) importé(s)."),
        )),
        Err(errors) => {
            let mut values = HashMap::new();
            values.insert("csv", f.csv);
            render_session(
                &s,
                id,
                None,
                &Refusal {
                    section: "candidats",
                    errors: errors.iter().map(ToString::to_string).collect(),
                    values,
                },
            )
            .await
        }
    }
}

// ---------------------------------------------------------------- commissions

#[derive(Deserialize)]
struct CommissionForm {
    number: String,
    examiner: String,
    subject: String,
    room: String,
    starts_at: String,
    #[serde(default)]
    candidate1: String,
    #[serde(default)]
    candidate2: String,
    #[serde(default)]
    candidate3: String,
    /// More than three: refused with a message, never silently cut.
    #[serde(default)]
    candidate4: String,
}

impl CommissionForm {
    fn planned(&self) -> planning::NewCommission {
        planning::NewCommission {
            number: self.number.clone(),
            examiner_email: self.examiner.clone(),
            subject_code: self.subject.clone(),
            room: self.room.clone(),
            starts_at: self.starts_at.replace('T', " "),
            candidates: [
                &self.candidate1,
                &self.candidate2,
                &self.candidate3,
                &self.candidate4,
            ]
            .into_iter()
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect(),
        }
    }

    fn values(&self) -> HashMap<&'static str, String> {
        HashMap::from([
            ("number", self.number.clone()),
            ("examiner", self.examiner.clone()),
            ("subject", self.subject.clone()),
            ("room", self.room.clone()),
            ("starts_at", self.starts_at.replace(' ', "T")),
            ("candidate1", self.candidate1.clone()),
            ("candidate2", self.candidate2.clone()),
            ("candidate3", self.candidate3.clone()),
        ])
    }
}

async fn create_commission(
    State(s): State<ExamState>,
    CentreAdmin(me): CentreAdmin,
    Path(id): Path<i64>,
    Form(f): Form<CommissionForm>,
) -> Result<Response, WebError> {
    session_name(&s, id).await?;
    let who = actor(&s, me).await?;
    match planning::create_commission_by(&s.platform, &who, id, &f.planned()).await {
        Ok(_) => Ok(back_to(
            &format!("/admin/session/{id}"),
            &format!(
                "Commission {} créée : préparez les postes.",
                f.number.trim()
            ),
        )),
        Err(ExamError::Invalid(m)) => {
            render_session(
                &s,
                id,
                None,
                &Refusal {
                    section: "commission",
                    errors: vec![m],
                    values: f.values(),
                },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn prepare(
    State(s): State<ExamState>,
    CentreAdmin(me): CentreAdmin,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    session_name(&s, id).await?;
    let who = actor(&s, me).await?;
    match planning::prepare_sandboxes_by(&s.platform, &who, id).await {
        Ok(n) => Ok(back_to(
            &format!("/admin/session/{id}"),
            &format!("{n} poste(s) préparé(s)."),
        )),
        Err(ExamError::Invalid(m)) => {
            render_session(
                &s,
                id,
                None,
                &Refusal {
                    section: "postes",
                    errors: vec![m],
                    values: HashMap::new(),
                },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(sqlx::FromRow)]
struct CommissionRow {
    session_id: i64,
    number: String,
    room: String,
    starts_at: String,
    email: String,
    code: String,
}

async fn commission_row(s: &ExamState, id: i64) -> Result<CommissionRow, WebError> {
    sqlx::query_as(
        "SELECT c.session_id, c.number, c.room, c.starts_at, e.email, s.code FROM commission c
         JOIN examiner e ON e.id = c.examiner_id JOIN subject s ON s.id = c.subject_id WHERE c.id = ?",
    )
    .bind(id)
    .fetch_optional(s.platform.db())
    .await?
    .ok_or(WebError::NotFound)
}

async fn commission_page(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    render_commission(&s, id, n.message.as_deref(), &[], None).await
}

async fn render_commission(
    s: &ExamState,
    id: i64,
    message: Option<&str>,
    errors: &[String],
    values: Option<HashMap<&'static str, String>>,
) -> Result<Response, WebError> {
    let c = commission_row(s, id).await?;
    let seats = planning::seats_of_commission(&s.platform, id).await?;
    let started: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM seat WHERE commission_id = ? AND started_at IS NOT NULL",
    )
    .bind(id)
    .fetch_one(s.platform.db())
    .await?;
    let values = values.unwrap_or_else(|| {
        let mut v = HashMap::from([
            ("number", c.number.clone()),
            ("examiner", c.email.clone()),
            ("subject", c.code.clone()),
            ("room", c.room.clone()),
            ("starts_at", c.starts_at.replace(' ', "T")),
        ]);
        for (i, seat) in seats.iter().enumerate() {
            let key = ["candidate1", "candidate2", "candidate3"];
            if let Some(k) = key.get(i) {
                v.insert(k, seat.number.clone());
            }
        }
        v
    });
    let db = s.platform.db();
    let subjects = subjects_of(s, c.session_id).await?;
    let examiners: Vec<ExaminerChoice> = db
        .rows(
            "SELECT id, name, email, active FROM examiner ORDER BY name",
            (),
        )
        .await?;
    // Candidates who may sit here: those without a commission, and this one's.
    let candidates: Vec<CandidateLine> = db
        .rows(
            "SELECT k.id, k.number, k.surname, k.first_name, k.adjustment, k.extra_seconds,
           c.number AS commission, c.id AS commission_id
         FROM candidate k LEFT JOIN seat ON seat.candidate_id = k.id
         LEFT JOIN commission c ON c.id = seat.commission_id
         WHERE k.session_id = ? AND (c.id IS NULL OR c.id = ?) ORDER BY k.surname, k.first_name",
            (c.session_id, id),
        )
        .await?;
    let mut ctx = centre_context(s);
    ctx.insert("id", &id);
    ctx.insert(
        "session",
        &serde_json::json!({"id": c.session_id, "name": session_name(s, c.session_id).await?}),
    );
    ctx.insert("number", &c.number);
    ctx.insert("when", &slot::french(&c.starts_at));
    ctx.insert("seats", &seats);
    ctx.insert("started", &(started > 0));
    ctx.insert("subjects", &subjects);
    ctx.insert("examiners", &examiners);
    ctx.insert("candidates", &candidates);
    ctx.insert("commission_id", &id);
    ctx.insert("v", &values);
    ctx.insert("message", &message);
    ctx.insert("errors", errors);
    let page = s.render("exam/centre_commission.html", &ctx)?;
    Ok(if errors.is_empty() {
        page
    } else {
        refused(page)
    })
}

async fn edit_commission(
    State(s): State<ExamState>,
    CentreAdmin(me): CentreAdmin,
    Path(id): Path<i64>,
    Form(f): Form<CommissionForm>,
) -> Result<Response, WebError> {
    commission_row(&s, id).await?;
    let who = actor(&s, me).await?;
    match planning::update_commission_by(&s.platform, &who, id, &f.planned()).await {
        Ok(()) => Ok(back_to(
            &format!("/admin/commission/{id}"),
            "Commission enregistrée. Préparez les postes des candidats ajoutés ou si le sujet a changé.",
        )),
        Err(ExamError::Invalid(m)) => render_commission(&s, id, None, &[m], Some(f.values())).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct SeatForm {
    seat: String,
}

async fn remove_seat(
    State(s): State<ExamState>,
    CentreAdmin(me): CentreAdmin,
    Path(id): Path<i64>,
    Form(f): Form<SeatForm>,
) -> Result<Response, WebError> {
    commission_row(&s, id).await?;
    let who = actor(&s, me).await?;
    let Ok(seat) = f.seat.trim().parse::<i64>() else {
        return render_commission(
            &s,
            id,
            None,
            &["ce candidat n'est pas dans cette commission".to_owned()],
            None,
        )
        .await;
    };
    match planning::remove_seat_by(&s.platform, &who, id, seat).await {
        Ok(()) => Ok(back_to(
            &format!("/admin/commission/{id}"),
            "Candidat retiré de la commission : son code d'accès ne fonctionne plus.",
        )),
        Err(ExamError::Invalid(m)) => render_commission(&s, id, None, &[m], None).await,
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- examiners

#[derive(Serialize, sqlx::FromRow)]
struct ExaminerLine {
    id: i64,
    name: String,
    email: String,
    active: i64,
    commissions: i64,
}

async fn examiners_page(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    render_examiners(&s, n.message.as_deref(), &[], HashMap::new(), None).await
}

async fn render_examiners(
    s: &ExamState,
    message: Option<&str>,
    errors: &[String],
    values: HashMap<&'static str, String>,
    created: Option<(&str, &str, &str)>,
) -> Result<Response, WebError> {
    let list: Vec<ExaminerLine> = sqlx::query_as(
        "SELECT e.id, e.name, e.email, e.active,
           (SELECT COUNT(*) FROM commission WHERE examiner_id = e.id) AS commissions
         FROM examiner e ORDER BY e.active DESC, e.name",
    )
    .fetch_all(s.platform.db())
    .await?;
    let mut ctx = centre_context(s);
    ctx.insert("examiners", &list);
    ctx.insert("message", &message);
    ctx.insert("errors", errors);
    ctx.insert("values", &values);
    ctx.insert(
        "created",
        &created.map(|(name, email, password)| {
            serde_json::json!({"name": name, "email": email, "password": password})
        }),
    );
    let page = s.render("exam/centre_examiners.html", &ctx)?;
    Ok(if errors.is_empty() {
        page
    } else {
        refused(page)
    })
}

#[derive(Deserialize)]
struct ExaminerForm {
    name: String,
    email: String,
    #[serde(default)]
    password: String,
    /// "generer": the server chooses the password and shows it once.
    #[serde(default)]
    mode: String,
}

async fn create_examiner(
    State(s): State<ExamState>,
    CentreAdmin(me): CentreAdmin,
    Form(f): Form<ExaminerForm>,
) -> Result<Response, WebError> {
    let who = actor(&s, me).await?;
    let generated = f.mode == "generer";
    let password = if generated {
        staff::generate_password()?
    } else {
        f.password.clone()
    };
    match staff::create_examiner(&s.platform, &who, &f.email, &f.name, &password).await {
        Ok(_) if generated => {
            // Shown once, in this answer only: never in a URL, a log or the database.
            render_examiners(
                &s,
                Some("Examinateur créé."),
                &[],
                HashMap::new(),
                Some((f.name.trim(), f.email.trim(), &password)),
            )
            .await
        }
        Ok(_) => Ok(back_to(
            "/admin/examinateurs",
            &format!("Examinateur {} créé.", f.name.trim()),
        )),
        Err(ExamError::Invalid(m)) => {
            let values = HashMap::from([("name", f.name), ("email", f.email)]);
            render_examiners(&s, None, &[m], values, None).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn examiner_page(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    render_examiner(&s, id, n.message.as_deref(), &[], None, None).await
}

async fn render_examiner(
    s: &ExamState,
    id: i64,
    message: Option<&str>,
    errors: &[String],
    values: Option<HashMap<&'static str, String>>,
    new_password: Option<&str>,
) -> Result<Response, WebError> {
    let e: ExaminerLine = sqlx::query_as(
        "SELECT e.id, e.name, e.email, e.active,
           (SELECT COUNT(*) FROM commission WHERE examiner_id = e.id) AS commissions
         FROM examiner e WHERE e.id = ?",
    )
    .bind(id)
    .fetch_optional(s.platform.db())
    .await?
    .ok_or(WebError::NotFound)?;
    let values = values
        .unwrap_or_else(|| HashMap::from([("name", e.name.clone()), ("email", e.email.clone())]));
    let mut ctx = centre_context(s);
    ctx.insert("e", &e);
    ctx.insert("values", &values);
    ctx.insert("message", &message);
    ctx.insert("errors", errors);
    ctx.insert("new_password", &new_password);
    let page = s.render("exam/centre_examiner.html", &ctx)?;
    Ok(if errors.is_empty() {
        page
    } else {
        refused(page)
    })
}

async fn edit_examiner(
    State(s): State<ExamState>,
    CentreAdmin(me): CentreAdmin,
    Path(id): Path<i64>,
    Form(f): Form<ExaminerForm>,
) -> Result<Response, WebError> {
    let who = actor(&s, me).await?;
    let password = match f.mode.as_str() {
        "generer" => Some(staff::generate_password()?),
        "choisir" => Some(f.password.clone()),
        _ => None,
    };
    match staff::update_examiner(
        &s.platform,
        &who,
        id,
        &f.email,
        &f.name,
        password.as_deref(),
    )
    .await
    {
        Ok(()) if f.mode == "generer" => {
            render_examiner(
                &s,
                id,
                Some("Examinateur enregistré."),
                &[],
                None,
                password.as_deref(),
            )
            .await
        }
        Ok(()) => Ok(back_to(
            &format!("/admin/examinateur/{id}"),
            "Examinateur enregistré.",
        )),
        Err(ExamError::Invalid(m)) => {
            let values = HashMap::from([("name", f.name), ("email", f.email)]);
            render_examiner(&s, id, None, &[m], Some(values), None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct ActiveForm {
    active: String,
}

async fn examiner_active(
    State(s): State<ExamState>,
    CentreAdmin(me): CentreAdmin,
    Path(id): Path<i64>,
    Form(f): Form<ActiveForm>,
) -> Result<Response, WebError> {
    let who = actor(&s, me).await?;
    let active = f.active == "1";
    match staff::set_examiner_active(&s.platform, &who, id, active).await {
        Ok(()) => Ok(back_to(
            "/admin/examinateurs",
            if active {
                "Examinateur réactivé : il peut de nouveau se connecter."
            } else {
                "Examinateur désactivé : ses sessions sont fermées, ses grilles conservées."
            },
        )),
        Err(ExamError::Invalid(m)) => render_examiners(&s, None, &[m], HashMap::new(), None).await,
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- prints and exports

#[derive(Deserialize)]
struct RoomQuery {
    #[serde(default)]
    salle: Option<String>,
}

/// One printed page per room: its commissions' candidates and their codes.
#[derive(Serialize)]
struct RoomCodes {
    room: String,
    seats: Vec<CodeLine>,
}

#[derive(Serialize)]
struct CodeLine {
    seat: planning::SeatLine,
    when: String,
}

async fn codes(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(id): Path<i64>,
    Query(q): Query<RoomQuery>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let name = session_name(&s, id).await?;
    let seats = planning::seats_of_session(&s.platform, id).await?;
    let mut rooms: Vec<RoomCodes> = Vec::new();
    for seat in seats {
        if q.salle.as_deref().is_some_and(|r| r != seat.room) {
            continue;
        }
        let line = CodeLine {
            when: slot::french(&seat.starts_at),
            seat,
        };
        match rooms.iter_mut().find(|r| r.room == line.seat.room) {
            Some(r) => r.seats.push(line),
            None => rooms.push(RoomCodes {
                room: line.seat.room.clone(),
                seats: vec![line],
            }),
        }
    }
    let mut ctx = centre_context(&s);
    ctx.insert("rooms", &rooms);
    ctx.insert("session", &name);
    ctx.insert("session_id", &id);
    // What candidates type: the sites surface as this centre's browser reaches the server
    // (or its configured public URL).
    let address = s
        .shop
        .origins
        .base(e5_shop::web::guard::Surface::Sites, &headers);
    ctx.insert("address", &format!("{address}/"));
    ctx.insert("centre", &planning::centre_identity(&s.platform).await?);
    s.render("exam/codes.html", &ctx)
}

async fn marks(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    session_name(&s, id).await?;
    let seats = planning::seats_of_session(&s.platform, id).await?;
    let csv = crate::export::marks_csv(&s.platform, &seats).await?;
    Ok(csv_response(csv, &format!("notes-session-{id}.csv")))
}

async fn archive(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    session_name(&s, id).await?;
    let dir = s.platform.data.root().join("archives");
    std::fs::create_dir_all(&dir).map_err(ExamError::from)?;
    let path = dir.join(format!("session-{id}.tar"));
    crate::archive::write(&s.platform, id, &path).await?;
    let bytes = tokio::fs::read(&path).await.map_err(ExamError::from)?;
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-tar"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"session-{id}.tar\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

async fn harmonisation(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let view = crate::export::harmonisation(&s.platform, id).await?;
    let mut ctx = centre_context(&s);
    ctx.insert("h", &view);
    ctx.insert("centre", &planning::centre_identity(&s.platform).await?);
    s.render("exam/harmonisation.html", &ctx)
}

async fn fiche(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(seat): Path<i64>,
) -> Result<Response, WebError> {
    render_fiche(&s, seat).await
}

/// The replay of any seat of the centre, for harmonisation or an appeal.
async fn replay(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(seat): Path<i64>,
) -> Result<Response, WebError> {
    let line = planning::seat(&s.platform, seat).await?;
    let (session,): (i64,) = sqlx::query_as("SELECT session_id FROM commission WHERE id = ?")
        .bind(line.commission_id)
        .fetch_one(s.platform.db())
        .await?;
    let back = format!("/admin/session/{session}/harmonisation");
    let recording = format!("/admin/poste/{seat}/enregistrement.json");
    render_replay(
        &s,
        line,
        None,
        ("Retour à l'harmonisation", &back),
        &recording,
    )
    .await
}

async fn recording(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(seat): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let line = planning::seat(&s.platform, seat).await?;
    recording_json(&s, &line, &headers).await
}
