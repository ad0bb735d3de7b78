//! The centre administration (`/admin/`, its own sign-in): planning screens (candidates,
//! commissions, sandboxes), printable lists of codes per room, marks, archive, harmonisation.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::console::{LoginForm, csv_response, render_fiche};
use super::{CentreAdmin, ExamState, WebError, with_cookie};
use crate::auth::{self, Principal};
use crate::planning;

pub fn router() -> Router<ExamState> {
    Router::new()
        .route("/admin", get(|| async { Redirect::to("/admin/") }))
        .route("/admin/", get(dashboard))
        .route("/admin/connexion", get(login_page).post(login))
        .route("/admin/deconnexion", post(logout))
        .route("/admin/session/{id}/candidats", post(import_candidates))
        .route("/admin/session/{id}/commissions", post(create_commission))
        .route("/admin/session/{id}/preparer", post(prepare))
        .route("/admin/session/{id}/codes", get(codes))
        .route("/admin/session/{id}/notes.csv", get(marks))
        .route("/admin/session/{id}/archive", get(archive))
        .route("/admin/session/{id}/harmonisation", get(harmonisation))
        .route("/admin/poste/{seat}/fiche", get(fiche))
}

fn login_ctx(error: Option<&str>, email: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert("error", &error);
    ctx.insert("email", email);
    ctx.insert("title", "Administration du centre d'examen");
    ctx.insert("action", "/admin/connexion");
    ctx
}

async fn login_page(State(s): State<ExamState>) -> Result<Response, WebError> {
    s.render("exam/login.html", &login_ctx(None, ""))
}

async fn login(State(s): State<ExamState>, Form(f): Form<LoginForm>) -> Result<Response, WebError> {
    match auth::check_password(&s.platform, "centre_admin", &f.email, &f.password).await? {
        Some(id) => {
            let cookie = auth::open(&s.platform, Principal::Admin(id)).await?;
            Ok(with_cookie(
                Redirect::to("/admin/").into_response(),
                &cookie,
            ))
        }
        None => {
            let mut page = s.render(
                "exam/login.html",
                &login_ctx(Some("Adresse e-mail ou mot de passe incorrect."), &f.email),
            )?;
            *page.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
            Ok(page)
        }
    }
}

async fn logout(State(s): State<ExamState>, headers: HeaderMap) -> Result<Response, WebError> {
    auth::close(&s.platform, &headers).await?;
    Ok(with_cookie(
        Redirect::to("/admin/connexion").into_response(),
        &auth::clear_cookie(),
    ))
}

#[derive(Serialize, sqlx::FromRow)]
struct SessionLine {
    id: i64,
    name: String,
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    message: Option<String>,
}

async fn dashboard(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    page(&s, n.message.as_deref(), &[]).await
}

async fn page(
    s: &ExamState,
    message: Option<&str>,
    errors: &[String],
) -> Result<Response, WebError> {
    let sessions: Vec<SessionLine> =
        sqlx::query_as("SELECT id, name FROM exam_session ORDER BY id DESC")
            .fetch_all(s.platform.db())
            .await?;
    let mut blocks = Vec::new();
    for session in &sessions {
        let seats = planning::seats_of_session(&s.platform, session.id).await?;
        let subjects: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT code, letter, title FROM subject WHERE session_id = ? ORDER BY letter",
        )
        .bind(session.id)
        .fetch_all(s.platform.db())
        .await?;
        let candidates: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM candidate WHERE session_id = ?")
                .bind(session.id)
                .fetch_one(s.platform.db())
                .await?;
        blocks.push(serde_json::json!({"session": session, "seats": seats, "subjects": subjects, "candidates": candidates}));
    }
    let examiners: Vec<(String, String)> =
        sqlx::query_as("SELECT name, email FROM examiner ORDER BY name")
            .fetch_all(s.platform.db())
            .await?;
    let mut ctx = Context::new();
    ctx.insert("blocks", &blocks);
    ctx.insert("examiners", &examiners);
    ctx.insert("message", &message);
    ctx.insert("errors", errors);
    let mut response = s.render("exam/centre.html", &ctx)?;
    if !errors.is_empty() {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[derive(Deserialize)]
struct CandidatesForm {
    csv: String,
}

async fn import_candidates(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(id): Path<i64>,
    Form(f): Form<CandidatesForm>,
) -> Result<Response, WebError> {
    match planning::import_candidates(&s.platform, id, &f.csv).await {
        Ok(n) => Ok(Redirect::to(&format!(
            "/admin/?message={}",
            e5_shop::content::percent_encode(&format!("{n} candidat(s) importé(s)."))
        ))
        .into_response()),
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            page(
                &s,
                Some("Aucun candidat importé : corrigez les lignes signalées."),
                &lines,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
struct CommissionForm {
    number: String,
    examiner: String,
    subject: String,
    room: String,
    starts_at: String,
    candidates: String,
}

async fn create_commission(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(id): Path<i64>,
    Form(f): Form<CommissionForm>,
) -> Result<Response, WebError> {
    let c = planning::NewCommission {
        number: f.number,
        examiner_email: f.examiner,
        subject_code: f.subject,
        room: f.room,
        starts_at: f.starts_at,
        candidates: f
            .candidates
            .split([',', ';', ' ', '\n'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect(),
    };
    match planning::create_commission(&s.platform, id, &c).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/admin/?message={}",
            e5_shop::content::percent_encode("Commission créée : préparez les postes.")
        ))
        .into_response()),
        Err(crate::ExamError::Invalid(m)) => page(&s, None, &[m]).await,
        Err(e) => Err(e.into()),
    }
}

async fn prepare(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    match planning::prepare_sandboxes(&s.platform, id).await {
        Ok(n) => Ok(Redirect::to(&format!(
            "/admin/?message={}",
            e5_shop::content::percent_encode(&format!("{n} poste(s) préparé(s)."))
        ))
        .into_response()),
        Err(crate::ExamError::Invalid(m)) => page(&s, None, &[m]).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct RoomQuery {
    #[serde(default)]
    salle: Option<String>,
}

async fn codes(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(id): Path<i64>,
    Query(q): Query<RoomQuery>,
) -> Result<Response, WebError> {
    let seats = planning::seats_of_session(&s.platform, id).await?;
    let mut rooms: Vec<(String, Vec<planning::SeatLine>)> = Vec::new();
    for seat in seats {
        if q.salle.as_deref().is_some_and(|r| r != seat.room) {
            continue;
        }
        match rooms.iter_mut().find(|(r, _)| *r == seat.room) {
            Some((_, list)) => list.push(seat),
            None => rooms.push((seat.room.clone(), vec![seat])),
        }
    }
    let mut ctx = Context::new();
    ctx.insert("rooms", &rooms);
    s.render("exam/codes.html", &ctx)
}

async fn marks(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let seats = planning::seats_of_session(&s.platform, id).await?;
    let csv = crate::export::marks_csv(&s.platform, &seats).await?;
    Ok(csv_response(csv, &format!("notes-session-{id}.csv")))
}

async fn archive(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let dir = s.platform.data.root().join("archives");
    std::fs::create_dir_all(&dir).map_err(crate::ExamError::from)?;
    let path = dir.join(format!("session-{id}.tar"));
    crate::archive::write(&s.platform, id, &path).await?;
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(crate::ExamError::from)?;
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
    let mut ctx = Context::new();
    ctx.insert("h", &view);
    s.render("exam/harmonisation.html", &ctx)
}

async fn fiche(
    State(s): State<ExamState>,
    CentreAdmin(_): CentreAdmin,
    Path(seat): Path<i64>,
) -> Result<Response, WebError> {
    render_fiche(&s, seat).await
}
