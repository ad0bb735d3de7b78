//! Candidate access: the access-code page, the candidate's home with the timer, the subject
//! sheet, and what the candidate's pages send (screen recording, current page).

use axum::extract::{FromRequestParts, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Json, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use tera::Context;

use super::{Candidate, ExamState, WebError, client_ip, with_cookie};
use crate::auth::{self, Principal};
use crate::db::unix_ms;
use crate::gate::timer_of;
use crate::planning;

pub fn router() -> Router<ExamState> {
    Router::new()
        .route("/", get(home).post(enter))
        .route("/epreuve", get(candidate_home))
        .route("/epreuve/sujet", get(subject_sheet))
        .route("/epreuve/etat", get(status))
        .route("/epreuve/enregistrement", post(record))
        .route("/epreuve/sortie", post(leave))
}

struct ClientIp(std::net::IpAddr);
impl FromRequestParts<ExamState> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &ExamState) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(parts)))
    }
}

async fn home(State(s): State<ExamState>, headers: HeaderMap) -> Result<Response, WebError> {
    if auth::principals(&s.platform, &headers)
        .await?
        .iter()
        .any(|p| matches!(p, Principal::Candidate(_)))
    {
        return Ok(Redirect::to("/epreuve").into_response());
    }
    code_page(&s, None, "")
}

fn code_page(s: &ExamState, error: Option<&str>, code: &str) -> Result<Response, WebError> {
    let mut ctx = Context::new();
    ctx.insert("error", &error);
    ctx.insert("code", code);
    s.render("exam/access.html", &ctx)
}

#[derive(Deserialize)]
struct CodeForm {
    code: String,
}

async fn enter(
    State(s): State<ExamState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    if s.limiter.blocked(ip) {
        let mut page = code_page(
            &s,
            Some(
                "Trop de codes erronés depuis ce poste : patientez une minute avant de réessayer, ou appelez le surveillant.",
            ),
            "",
        )?;
        *page.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
        return Ok(page);
    }
    let code = crate::codes::normalise(&f.code);
    let seat: Option<(i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT seat.id, seat.sandbox_id, s.candidate_employee_id FROM seat
         JOIN commission c ON c.id = seat.commission_id JOIN subject s ON s.id = c.subject_id
         WHERE seat.access_code = ?",
    )
    .bind(&code)
    .fetch_optional(s.platform.db())
    .await?;
    let Some((seat, Some(sandbox), employee)) = seat else {
        s.limiter.fail(ip);
        tracing::info!(%ip, "wrong access code");
        let mut page = code_page(
            &s,
            Some(
                "Code inconnu. Vérifiez les six caractères de votre convocation (sans O ni I : uniquement des lettres et des chiffres de 2 à 9).",
            ),
            &f.code,
        )?;
        *page.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
        return Ok(page);
    };
    let Ok(sandbox) = sandbox.parse::<e5_domain::SandboxId>() else {
        return Err(WebError::NotFound);
    };
    let session = auth::open(&s.platform, Principal::Candidate(seat)).await?;
    let response = Redirect::to("/epreuve").into_response();
    let response = with_cookie(response, &session);
    // The candidate works as the subject's employee, without typing a password.
    Ok(with_cookie(
        response,
        &e5_shop::admin::admin_cookie_header(sandbox, employee, &s.shop.cookie_key),
    ))
}

async fn candidate_home(
    State(s): State<ExamState>,
    Candidate(seat): Candidate,
) -> Result<Response, WebError> {
    let line = planning::seat(&s.platform, seat).await?;
    let timer = timer_of(&s.platform, seat).await?;
    let mut ctx = Context::new();
    ctx.insert("seat", &line);
    ctx.insert("timer", &timer);
    s.render("exam/candidate.html", &ctx)
}

async fn subject_sheet(
    State(s): State<ExamState>,
    Candidate(seat): Candidate,
) -> Result<Response, WebError> {
    let line = planning::seat(&s.platform, seat).await?;
    let source: String = sqlx::query_scalar(
        "SELECT s.source FROM subject s JOIN commission c ON c.subject_id = s.id WHERE c.id = ?",
    )
    .bind(line.commission_id)
    .fetch_one(s.platform.db())
    .await?;
    let sheet = crate::export::SubjectSheet::read(&source);
    let mut ctx = Context::new();
    ctx.insert("seat", &line);
    ctx.insert("sheet", &sheet);
    s.render("exam/subject.html", &ctx)
}

async fn status(
    State(s): State<ExamState>,
    Candidate(seat): Candidate,
) -> Result<Response, WebError> {
    let line = planning::seat(&s.platform, seat).await?;
    let timer = timer_of(&s.platform, seat).await?;
    Ok(Json(serde_json::json!({
        "timer": timer,
        "sandbox": line.sandbox_id,
        "candidate": format!("{} {}", line.first_name, line.surname),
        "adjustment": line.adjustment,
    }))
    .into_response())
}

#[derive(Deserialize)]
struct Batch {
    #[serde(default)]
    page: String,
    #[serde(default)]
    events: Vec<serde_json::Value>,
}

/// A batch of rrweb events from the candidate's page. Stored in platform.db, not in the
/// sandbox: the sandbox is written only by shop commands, each with a journal row the
/// examiner reads, and a recording every half-second would drown that journal.
async fn record(
    State(s): State<ExamState>,
    Candidate(seat): Candidate,
    Json(b): Json<Batch>,
) -> Result<Response, WebError> {
    if b.events.len() > 5000 {
        return Err(WebError::Exam(crate::ExamError::invalid(
            "lot d'enregistrement trop grand",
        )));
    }
    let page: String = b.page.chars().take(300).collect();
    let has_snapshot = b
        .events
        .iter()
        .any(|e| e.get("type").and_then(serde_json::Value::as_i64) == Some(2));
    let events = serde_json::to_string(&b.events).unwrap_or_else(|_| "[]".into());
    if !b.events.is_empty() || !page.is_empty() {
        let mut w = s.platform.write().await?;
        if !b.events.is_empty() {
            sqlx::query("INSERT INTO recording (seat_id, received_ms, has_snapshot, page, events) VALUES (?, ?, ?, ?, ?)")
                .bind(seat)
                .bind(unix_ms())
                .bind(i64::from(has_snapshot))
                .bind(&page)
                .bind(&events)
                .execute(&mut *w.tx)
                .await?;
        }
        sqlx::query("UPDATE seat SET current_page = ? WHERE id = ? AND current_page <> ?")
            .bind(&page)
            .bind(seat)
            .bind(&page)
            .execute(&mut *w.tx)
            .await?;
        w.commit().await?;
    }
    if !b.events.is_empty() {
        s.live.send(seat, "rrweb", events);
    }
    s.live.send(
        seat,
        "page",
        serde_json::to_string(&page).unwrap_or_default(),
    );
    Ok(axum::http::StatusCode::NO_CONTENT.into_response())
}

async fn leave(State(s): State<ExamState>, headers: HeaderMap) -> Result<Response, WebError> {
    auth::close(&s.platform, &headers).await?;
    Ok(with_cookie(
        Redirect::to("/").into_response(),
        &auth::clear_cookie(),
    ))
}
