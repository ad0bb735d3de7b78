//! Candidate access: the access-code page, the candidate's home with the timer, the subject
//! sheet, and what the candidate's pages send (screen recording, current page).

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Json, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::{Candidate, ExamState, WebError};
use crate::auth::{self, Principal};
use crate::limits;
use crate::planning;
use crate::timer::timer_of;
use e5_shop::client::ClientIp;
use e5_shop::context;
use e5_shop::web::cookies;

pub fn router() -> Router<ExamState> {
    Router::new()
        .route("/", get(home).post(enter))
        .route("/epreuve", get(candidate_home))
        .route("/epreuve/sujet", get(subject_sheet))
        .route("/epreuve/etat", get(status))
        .route("/epreuve/sortie", post(leave))
        .route("/epreuve/lecture", get(read_only_view))
}

#[derive(Deserialize)]
struct ViewQuery {
    site: String,
    jeton: String,
    /// Asked by the console as an image: answer one transparent pixel, not the site.
    #[serde(default)]
    image: Option<String>,
}

/// A transparent 1×1 GIF.
const PIXEL: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
];

/// The sites-surface end of the console's "open the site" link: a valid ticket becomes a
/// read-only view of that one sandbox ([`crate::grant`]), with the candidate's back-office
/// identity so the examiner sees what the candidate sees.
async fn read_only_view(
    State(s): State<ExamState>,
    Query(q): Query<ViewQuery>,
) -> Result<Response, WebError> {
    let refused = || {
        WebError::Exam(crate::ExamError::Invalid(
            "Ce lien de consultation n'est plus valable : rouvrez le site du candidat depuis la console."
                .to_owned(),
        ))
    };
    let sandbox: e5_domain::SandboxId = q.site.parse().map_err(|_| refused())?;
    let now = crate::db::unix_now();
    let grant =
        crate::grant::redeem(&s.shop.cookie_key, sandbox, &q.jeton, now).ok_or_else(refused)?;
    let employee: Option<i64> = sqlx::query_scalar(
        "SELECT s.candidate_employee_id FROM seat JOIN commission c ON c.id = seat.commission_id
         JOIN subject s ON s.id = c.subject_id
         WHERE seat.id = ? AND seat.sandbox_id = ? AND c.examiner_id = ?",
    )
    .bind(grant.seat)
    .bind(sandbox.to_string())
    .bind(grant.examiner)
    .fetch_optional(s.platform.db())
    .await?;
    let Some(employee) = employee else {
        return Err(refused());
    };
    if !crate::gate::examiner_active(&s.platform, grant.examiner).await? {
        return Err(refused());
    }
    let view = crate::grant::view_cookie(&s.shop.cookie_key, sandbox, grant, now);
    if q.image.is_some() {
        let pixel = (
            [
                (axum::http::header::CONTENT_TYPE, "image/gif"),
                (axum::http::header::CACHE_CONTROL, "no-store"),
            ],
            PIXEL,
        )
            .into_response();
        return Ok(cookies::with(pixel, &view));
    }
    let response = Redirect::to(&sandbox.admin_path("/")).into_response();
    let response = cookies::with(response, &view);
    Ok(cookies::with(
        response,
        &e5_shop::admin::admin_cookie_header(sandbox, employee, &s.shop.cookie_key),
    ))
}

#[derive(Deserialize, Default)]
struct HomeQuery {
    #[serde(default)]
    expiree: Option<String>,
}

async fn home(
    State(s): State<ExamState>,
    headers: HeaderMap,
    Query(q): Query<HomeQuery>,
) -> Result<Response, WebError> {
    let found = auth::lookup(&s.platform, &headers).await?;
    if found
        .principals
        .iter()
        .any(|p| matches!(p, Principal::Candidate(_)))
    {
        return Ok(Redirect::to("/epreuve").into_response());
    }
    let expired = found.expired || q.expiree.is_some();
    code_page(&s, expired.then_some(super::signin::EXPIRED_MESSAGE), "")
}

fn code_page(s: &ExamState, error: Option<&str>, code: &str) -> Result<Response, WebError> {
    let ctx = context! { error, code };
    s.render("exam/access.html", &ctx)
}

#[derive(Deserialize)]
struct CodeForm {
    code: String,
}

/// A correct code always opens its seat, whatever the address's failures; wrong codes are
/// counted per address and, beyond the free bound, the address's checks are paced (see
/// `limits`): a correct code then waits its turn, a wrong one answers 429.
async fn enter(
    State(s): State<ExamState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    // Held until the answer: the next check from this address sees this one's failure.
    let Some(turn) = s.code_lanes.turn(&s.platform, ip).await? else {
        tracing::info!(%ip, "access code refused unchecked: too many waiting");
        return refused(&s, limits::BUSY_MESSAGE, &f.code);
    };
    let pace = turn.pace;
    let code = crate::codes::normalise(&f.code);
    // An indexed equality lookup: its timing says nothing useful about other codes.
    let seat: Option<(i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT seat.id, seat.sandbox_id, s.candidate_employee_id FROM seat
         JOIN commission c ON c.id = seat.commission_id JOIN subject s ON s.id = c.subject_id
         WHERE seat.access_code = ?",
    )
    .bind(&code)
    .fetch_optional(s.platform.db())
    .await?;
    let Some((seat, Some(sandbox), employee)) = seat else {
        tracing::info!(%ip, ?pace, "wrong access code");
        limits::fail(&s.platform, limits::Door::Code, ip, None).await?;
        if let Some(spacing) = pace.address_spacing {
            return refused(
                &s,
                &limits::slow_code_message(
                    false,
                    (spacing + 1).min(limits::MAX_SPACING.unsigned_abs()),
                ),
                &f.code,
            );
        }
        if pace.global {
            return refused(
                &s,
                &limits::slow_code_message(true, limits::GLOBAL_SPACING),
                &f.code,
            );
        }
        let mut page = code_page(
            &s,
            Some(
                "Code inconnu. Vérifiez les huit caractères de votre convocation (sans O ni I : uniquement des lettres et des chiffres de 2 à 9).",
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
    let response = cookies::with(response, &session);
    // The candidate works as the subject's employee, without typing a password.
    Ok(cookies::with(
        response,
        &e5_shop::admin::admin_cookie_header(sandbox, employee, &s.shop.cookie_key),
    ))
}

/// The code page with a 429 and `message`.
fn refused(s: &ExamState, message: &str, code: &str) -> Result<Response, WebError> {
    let mut page = code_page(s, Some(message), code)?;
    *page.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
    Ok(page)
}

async fn candidate_home(
    State(s): State<ExamState>,
    Candidate(seat): Candidate,
) -> Result<Response, WebError> {
    let line = planning::seat(&s.platform, seat).await?;
    let timer = timer_of(&s.platform, seat).await?;
    let ctx = context! { seat: line, timer };
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
    let ctx = context! { seat: line, sheet };
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

async fn leave(State(s): State<ExamState>, headers: HeaderMap) -> Result<Response, WebError> {
    auth::close(&s.platform, &headers).await?;
    Ok(cookies::with(
        Redirect::to("/").into_response(),
        &auth::clear_cookie(),
    ))
}
