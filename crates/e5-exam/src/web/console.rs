//! The examiner console: the commission's candidates side by side with timer, live screen
//! mirror, current page and journal, and the grid filled live (autosaved per click).

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Json, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};
use tera::Context;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::live::LiveKind;
use super::{ExamState, Examiner, WebError};
use crate::auth::{self, Principal};
use crate::grid;
use crate::limits::Door;
use crate::planning::{self, SeatLine};
use crate::timer::{timer_action, timer_of};
use e5_shop::client::ClientIp;
use e5_shop::context;
use e5_shop::web::cookies;

pub fn router() -> Router<ExamState> {
    Router::new()
        .route("/console", get(|| async { Redirect::to("/console/") }))
        .route("/console/", get(index))
        .route("/console/connexion", get(login_page).post(login))
        .route("/console/deconnexion", post(logout))
        .route("/console/commission/{id}", get(commission))
        .route("/console/commission/{id}/flux", get(stream))
        .route(
            "/console/commission/{id}/notes.csv",
            get(marks_csv).layer(axum::middleware::from_fn(e5_shop::web::busy::limited)),
        )
        .route(
            "/console/poste/{seat}/grille",
            get(grid_page).post(grid_edit),
        )
        .route("/console/poste/{seat}/grille/formulaire", post(grid_form))
        .route("/console/poste/{seat}/chrono", post(timer))
        .route("/console/commission/{id}/chrono", post(start_all))
        .route("/console/poste/{seat}/ouvrir", get(open_site))
        .route("/console/poste/{seat}/fiche", get(fiche))
        .route("/console/poste/{seat}/revoir", get(replay))
        .route(
            "/console/poste/{seat}/enregistrement.json",
            get(recording).layer(axum::middleware::from_fn(e5_shop::web::busy::limited)),
        )
        .route("/console/poste/{seat}/indices", get(evidence))
}

async fn login_page(State(s): State<ExamState>) -> Result<Response, WebError> {
    let ctx = context! {
        error: None::<String>, email: "", title: "Console de l'examinateur",
        action: "/console/connexion",
    };
    s.render("exam/login.html", &ctx)
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    pub email: String,
    pub password: String,
}

async fn login(
    State(s): State<ExamState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    match super::signin::password_sign_in(&s, Door::Console, ip, &f.email, &f.password).await? {
        Ok(id) => {
            let cookie = auth::open(&s.platform, Principal::Examiner(id)).await?;
            Ok(cookies::with(
                Redirect::to("/console/").into_response(),
                &cookie,
            ))
        }
        Err(page) => Ok(page),
    }
}

async fn logout(State(s): State<ExamState>, headers: HeaderMap) -> Result<Response, WebError> {
    auth::close(&s.platform, &headers).await?;
    Ok(cookies::with(
        Redirect::to("/console/connexion").into_response(),
        &auth::clear_cookie(),
    ))
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct CommissionLine {
    id: i64,
    number: String,
    room: String,
    starts_at: String,
    session: String,
    subject: String,
    seats: i64,
}

async fn index(State(s): State<ExamState>, Examiner(me): Examiner) -> Result<Response, WebError> {
    let list: Vec<CommissionLine> = sqlx::query_as(
        "SELECT c.id, c.number, c.room, c.starts_at, es.name AS session, s.letter || ' – ' || s.title AS subject,
           (SELECT COUNT(*) FROM seat WHERE seat.commission_id = c.id) AS seats
         FROM commission c JOIN exam_session es ON es.id = c.session_id JOIN subject s ON s.id = c.subject_id
         WHERE c.examiner_id = ? ORDER BY c.starts_at, c.number",
    )
    .bind(me)
    .fetch_all(s.platform.db())
    .await?;
    let name: String = sqlx::query_scalar("SELECT name FROM examiner WHERE id = ?")
        .bind(me)
        .fetch_one(s.platform.db())
        .await?;
    let ctx = context! { commissions: list, examiner: name };
    s.render("exam/console_index.html", &ctx)
}

/// The commission, if it is this examiner's.
async fn own_commission(s: &ExamState, me: i64, id: i64) -> Result<Vec<SeatLine>, WebError> {
    let owner: Option<i64> = sqlx::query_scalar("SELECT examiner_id FROM commission WHERE id = ?")
        .bind(id)
        .fetch_optional(s.platform.db())
        .await?;
    match owner {
        Some(o) if o == me => Ok(planning::seats_of_commission(&s.platform, id).await?),
        Some(_) => Err(WebError::Forbidden),
        None => Err(WebError::NotFound),
    }
}

/// The seat, if it is in one of this examiner's commissions.
async fn own_seat(s: &ExamState, me: i64, seat: i64) -> Result<SeatLine, WebError> {
    let line = planning::seat(&s.platform, seat)
        .await
        .map_err(|_| WebError::NotFound)?;
    let owner: i64 = sqlx::query_scalar("SELECT examiner_id FROM commission WHERE id = ?")
        .bind(line.commission_id)
        .fetch_one(s.platform.db())
        .await?;
    if owner == me {
        Ok(line)
    } else {
        Err(WebError::Forbidden)
    }
}

#[derive(Serialize)]
struct Panel {
    /// Loaded as an image: the read-only view that lets the mirror show the candidate's
    /// images.
    view_pixel: Option<String>,
    seat: SeatLine,
    timer: crate::timer::TimerState,
    grid: grid::Grid,
    current_page: String,
    allowed_text: String,
}

async fn commission(
    State(s): State<ExamState>,
    Examiner(me): Examiner,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let seats = own_commission(&s, me, id).await?;
    let rows = match seats.first() {
        Some(first) => grid::rows_of_seat(&s.platform, first.seat_id).await?,
        None => Vec::new(),
    };
    let mut panels = Vec::new();
    for seat in seats {
        let timer = timer_of(&s.platform, seat.seat_id).await?;
        let grid = grid::load(&s.platform, seat.seat_id).await?;
        let current_page: String = sqlx::query_scalar("SELECT current_page FROM seat WHERE id = ?")
            .bind(seat.seat_id)
            .fetch_one(s.platform.db())
            .await?;
        panels.push(Panel {
            view_pixel: view_address(&s, &headers, &seat, me, true),
            allowed_text: timer.allowed_text.clone(),
            seat,
            timer,
            grid,
            current_page,
        });
    }
    let name: String = sqlx::query_scalar("SELECT name FROM examiner WHERE id = ?")
        .bind(me)
        .fetch_one(s.platform.db())
        .await?;
    // Seats with a site whose clock has not started: what "Démarrer les trois" would start.
    let waiting = panels
        .iter()
        .filter(|p| p.seat.sandbox_id.is_some() && !p.timer.started)
        .count();
    let ctx = context! {
        commission_id: id, panels, rows, levels: grid::LEVELS, attendance: grid::ATTENDANCE,
        examiner: name, waiting,
    };
    s.render("exam/console.html", &ctx)
}

#[derive(Serialize, sqlx::FromRow)]
struct JournalLine {
    id: i64,
    at: String,
    actor: String,
    summary: String,
}

/// Server-sent events for the console: journal rows of each candidate's sandbox, screen
/// recording batches, current pages, timer and grid changes. Each seat is followed by its own
/// task: it subscribes first, then sends what the console needs to catch up (the screen since
/// the last full snapshot, the recent journal), then every live message newer than that.
/// A console that falls behind catches up again from the database instead of missing batches.
async fn stream(
    State(s): State<ExamState>,
    Examiner(me): Examiner,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let seats = own_commission(&s, me, id).await?;
    let (tx, rx) = mpsc::channel::<Event>(256);
    for seat in &seats {
        let site = match seat
            .sandbox_id
            .as_deref()
            .and_then(|i| i.parse::<e5_domain::SandboxId>().ok())
        {
            Some(sandbox) => match s.shop.sites.get(sandbox).await {
                Ok(site) => Some(site),
                Err(e) => {
                    tracing::warn!(error = ?e, "sandbox of a seat cannot be opened");
                    None
                }
            },
            None => None,
        };
        tokio::spawn(follow_seat(s.clone(), seat.seat_id, site, tx.clone()));
    }
    let ids: Vec<i64> = seats.iter().map(|s| s.seat_id).collect();
    let platform = s.platform.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        // The disk warning is sent when it changes (and at once if the disk is already low).
        let mut warned: Option<String> = None;
        loop {
            tokio::select! {
                _ = tx.closed() => break,
                _ = tick.tick() => {
                    let warning = platform.disk.warning();
                    if warning != warned {
                        let data = serde_json::json!({ "warning": warning }).to_string();
                        if tx.send(event(LiveKind::Disk, 0, &data)).await.is_err() {
                            return;
                        }
                        warned = warning;
                    }
                    for seat in &ids {
                        if let Ok(t) = timer_of(&platform, *seat).await
                            && tx.send(event(LiveKind::Timer, *seat, &serde_json::to_string(&t).unwrap_or_default())).await.is_err() {
                            return;
                        }
                    }
                }
            }
        }
    });
    let stream = futures_util::StreamExt::map(ReceiverStream::new(rx), Ok::<Event, Infallible>);
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

async fn follow_seat(
    s: ExamState,
    seat: i64,
    site: Option<std::sync::Arc<e5_shop::site::Site>>,
    tx: mpsc::Sender<Event>,
) {
    use tokio::sync::broadcast::error::RecvError;
    let mut live = s.live.subscribe(seat);
    let mut journal = site.as_ref().map(|site| site.subscribe());
    let Ok(mut seen) = send_screen(&s, seat, &tx).await else {
        return;
    };
    if let Some(site) = &site
        && send_recent_journal(site, seat, &tx).await.is_err()
    {
        return;
    }
    loop {
        let next_journal = async {
            match journal.as_mut() {
                Some(j) => j.recv().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = tx.closed() => break,
            got = live.recv() => match got {
                Ok(m) => {
                    // A batch the catch-up already carried.
                    if m.kind == LiveKind::Screen && recording_id(&m.data).is_some_and(|id| id <= seen) {
                        continue;
                    }
                    if let Some(id) = recording_id(&m.data).filter(|_| m.kind == LiveKind::Screen) {
                        seen = id;
                    }
                    if tx.send(event(m.kind, seat, &m.data)).await.is_err() { break; }
                }
                Err(RecvError::Lagged(_)) => match send_screen(&s, seat, &tx).await {
                    Ok(id) => seen = id,
                    Err(()) => break,
                },
                Err(RecvError::Closed) => break,
            },
            got = next_journal => match got {
                Ok(e) => {
                    let line = JournalLine { id: e.id, at: e.at, actor: e.actor, summary: e.summary };
                    if tx.send(event(LiveKind::Journal, seat, &serde_json::to_string(&line).unwrap_or_default())).await.is_err() { break; }
                }
                Err(RecvError::Lagged(_)) => {
                    if let Some(site) = &site && send_recent_journal(site, seat, &tx).await.is_err() { break; }
                }
                Err(RecvError::Closed) => journal = None,
            },
        }
    }
}

/// The seat's screen since its last full snapshot, one batch per message (bounded in all by
/// `recorder::CATCH_UP_MAX`); the last recording id sent.
async fn send_screen(s: &ExamState, seat: i64, tx: &mpsc::Sender<Event>) -> Result<i64, ()> {
    let ids = match super::recorder::catch_up(&s.platform, seat).await {
        Ok(ids) => ids,
        Err(e) => {
            tracing::warn!(error = %e, seat, "reading a seat's recording failed");
            return Ok(0);
        }
    };
    let mut last = 0;
    for id in ids {
        match super::recorder::catch_up_message(&s.platform, id).await {
            Ok(Some(data)) => {
                tx.send(event(LiveKind::Screen, seat, &data))
                    .await
                    .map_err(|_| ())?;
                last = id;
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %e, seat, "reading a seat's recording failed");
                break;
            }
        }
    }
    Ok(last)
}

async fn send_recent_journal(
    site: &e5_shop::site::Site,
    seat: i64,
    tx: &mpsc::Sender<Event>,
) -> Result<(), ()> {
    let recent: Vec<JournalLine> = sqlx::query_as(
        "SELECT id, at, actor_label AS actor, summary FROM journal ORDER BY id DESC LIMIT 20",
    )
    .fetch_all(site.db())
    .await
    .unwrap_or_default();
    for line in recent.into_iter().rev() {
        tx.send(event(
            LiveKind::Journal,
            seat,
            &serde_json::to_string(&line).unwrap_or_default(),
        ))
        .await
        .map_err(|_| ())?;
    }
    Ok(())
}

/// The recording id at the head of an rrweb message (`{"id":N,…`).
fn recording_id(data: &str) -> Option<i64> {
    let rest = data.strip_prefix("{\"id\":")?;
    let end = rest.find(|c: char| !c.is_ascii_digit())?;
    rest[..end].parse().ok()
}

fn event(kind: LiveKind, seat: i64, data: &str) -> Event {
    Event::default()
        .event(kind.event_name())
        .data(format!("{{\"seat\":{seat},\"data\":{data}}}"))
}

#[derive(Deserialize)]
struct Edit {
    key: String,
    field: String,
    #[serde(default)]
    value: String,
}

async fn examiner_name(s: &ExamState, me: i64) -> Result<String, WebError> {
    Ok(sqlx::query_scalar("SELECT name FROM examiner WHERE id = ?")
        .bind(me)
        .fetch_one(s.platform.db())
        .await?)
}

/// One grid edit from the console's script. The answer comes only once the edit is
/// committed; a replayed key answers `applied: false`.
async fn grid_edit(
    State(s): State<ExamState>,
    Examiner(me): Examiner,
    Path(seat): Path<i64>,
    Json(e): Json<Edit>,
) -> Result<Response, WebError> {
    own_seat(&s, me, seat).await?;
    let author = examiner_name(&s, me).await?;
    let value = if e.field == "sign" {
        author.clone()
    } else {
        e.value
    };
    // The edit and its broadcast run in their own task: if this request is cancelled (its
    // client gone, the server stopping), a committed edit still reaches the consoles.
    let task = {
        let s = s.clone();
        tokio::spawn(async move {
            let outcome = grid::edit(&s.platform, seat, &author, &e.key, &e.field, &value).await;
            if let Ok(outcome) = &outcome {
                s.live.send(
                    seat,
                    LiveKind::Grid,
                    serde_json::to_string(&outcome.grid).unwrap_or_default(),
                );
            }
            outcome
        })
    };
    match joined(task.await)? {
        Ok(outcome) => Ok(Json(
            serde_json::json!({"ok": true, "applied": outcome.applied, "grid": outcome.grid}),
        )
        .into_response()),
        Err(crate::ExamError::Invalid(m)) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({"ok": false, "error": m})),
        )
            .into_response()),
        // Not on disk: the console keeps the edit queued and sends it again.
        Err(e) if e.is_storage_failure() => Ok((
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Json(
                serde_json::json!({"ok": false, "applied": false, "error": super::STORAGE_MESSAGE}),
            ),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

/// The outcome of a task that commits and broadcasts (a panic inside goes on as a panic).
fn joined<T>(outcome: Result<T, tokio::task::JoinError>) -> Result<T, WebError> {
    match outcome {
        Ok(value) => Ok(value),
        Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
        Err(_) => Err(crate::ExamError::from(std::io::Error::other(
            "tâche d'enregistrement interrompue",
        ))
        .into()),
    }
}

/// The same edit from a plain form (no JavaScript): applied, then back to the grid page.
async fn grid_form(
    State(s): State<ExamState>,
    Examiner(me): Examiner,
    Path(seat): Path<i64>,
    Form(e): Form<Edit>,
) -> Result<Response, WebError> {
    own_seat(&s, me, seat).await?;
    let author = examiner_name(&s, me).await?;
    let value = if e.field == "sign" {
        author.clone()
    } else {
        e.value
    };
    grid::edit(&s.platform, seat, &author, &e.key, &e.field, &value).await?;
    Ok(Redirect::to(&format!("/console/poste/{seat}/grille")).into_response())
}

async fn grid_page(
    State(s): State<ExamState>,
    Examiner(me): Examiner,
    Path(seat): Path<i64>,
) -> Result<Response, WebError> {
    let line = own_seat(&s, me, seat).await?;
    let mut ctx = Context::new();
    let grid = grid::load(&s.platform, seat).await?;
    ctx.insert("p", &serde_json::json!({"seat": line, "grid": grid}));
    ctx.insert("seat", &line);
    ctx.insert("rows", &grid::rows_of_seat(&s.platform, seat).await?);
    ctx.insert("levels", &grid::LEVELS);
    ctx.insert("attendance", &grid::ATTENDANCE);
    ctx.insert("new_key", &new_key());
    s.render("exam/grid.html", &ctx)
}

fn new_key() -> String {
    let mut b = [0u8; 12];
    let _ = getrandom::fill(&mut b);
    hex::encode(b)
}

#[derive(Deserialize)]
struct TimerForm {
    action: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    reason: String,
}

async fn timer(
    State(s): State<ExamState>,
    Examiner(me): Examiner,
    Path(seat): Path<i64>,
    headers: HeaderMap,
    Form(f): Form<TimerForm>,
) -> Result<Response, WebError> {
    let line = own_seat(&s, me, seat).await?;
    let minutes = f.minutes.trim().parse::<i64>().unwrap_or(0);
    // The change and its broadcast run in their own task, as a grid edit's.
    let task = {
        let s = s.clone();
        tokio::spawn(async move {
            let result = timer_action(&s.platform, seat, &f.action, minutes, &f.reason).await;
            let _ = broadcast_timer(&s, seat).await;
            result
        })
    };
    let result = joined(task.await)?;
    let wants_json = wants_json(&headers);
    match result {
        Ok(()) if wants_json => Ok(Json(
            serde_json::json!({"ok": true, "timer": timer_of(&s.platform, seat).await?}),
        )
        .into_response()),
        Ok(()) => Ok(
            Redirect::to(&format!("/console/commission/{}", line.commission_id)).into_response(),
        ),
        Err(crate::ExamError::Invalid(m)) if wants_json => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({"ok": false, "error": m})),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

/// Whether the page asked for JSON (the console's scripts) rather than a page to follow.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"))
}

/// Tells the consoles watching `seat` its timer as it is now, and returns it.
async fn broadcast_timer(s: &ExamState, seat: i64) -> crate::Result<crate::timer::TimerState> {
    let t = timer_of(&s.platform, seat).await?;
    s.live.send(
        seat,
        LiveKind::Timer,
        serde_json::to_string(&t).unwrap_or_default(),
    );
    Ok(t)
}

/// "Démarrer les trois": starts the clock of every seat of the commission that has its site
/// and has not started yet, each with its broadcast; answers with the seats started.
async fn start_all(
    State(s): State<ExamState>,
    Examiner(me): Examiner,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let seats = own_commission(&s, me, id).await?;
    let task = {
        let s = s.clone();
        tokio::spawn(async move {
            let mut started = Vec::new();
            for line in seats.iter().filter(|l| l.sandbox_id.is_some()) {
                if timer_of(&s.platform, line.seat_id).await?.started {
                    continue;
                }
                timer_action(&s.platform, line.seat_id, "start", 0, "").await?;
                let t = broadcast_timer(&s, line.seat_id).await?;
                started.push(serde_json::json!({"seat": line.seat_id, "timer": t}));
            }
            Ok::<_, crate::ExamError>(started)
        })
    };
    let started = joined(task.await)??;
    if wants_json(&headers) {
        Ok(Json(serde_json::json!({"ok": true, "started": started})).into_response())
    } else {
        Ok(Redirect::to(&format!("/console/commission/{id}")).into_response())
    }
}

/// Opens the candidate's back-office for the examiner: read-only, enforced by the gate.
/// The address on the sites surface that turns a one-minute ticket for this seat into a
/// read-only view ([`crate::grant`]); `None` before the seat has a sandbox. With `pixel`,
/// the answer is an image: the console and the replay load it so that the candidate's
/// images show in the mirror, which the browser fetches from the sites surface.
fn view_address(
    s: &ExamState,
    headers: &HeaderMap,
    line: &SeatLine,
    examiner: i64,
    pixel: bool,
) -> Option<String> {
    let sandbox = line
        .sandbox_id
        .as_deref()
        .and_then(|i| i.parse::<e5_domain::SandboxId>().ok())?;
    let grant = crate::grant::Grant {
        seat: line.seat_id,
        examiner,
    };
    let ticket = crate::grant::ticket(&s.shop.cookie_key, sandbox, grant, crate::db::unix_now());
    let sites = s
        .shop
        .origins
        .base(e5_shop::web::guard::Surface::Sites, headers);
    Some(format!(
        "{sites}/epreuve/lecture?site={sandbox}&jeton={}{}",
        e5_shop::web::escape::percent_encode(&ticket),
        if pixel { "&image=1" } else { "" }
    ))
}

/// Sends the examiner to the candidate's site on the sites surface with a one-minute
/// ticket: the console's session stays on the staff surface ([`crate::grant`]).
async fn open_site(
    State(s): State<ExamState>,
    Examiner(me): Examiner,
    Path(seat): Path<i64>,
    headers: axum::http::HeaderMap,
) -> Result<Response, WebError> {
    let line = own_seat(&s, me, seat).await?;
    let to = view_address(&s, &headers, &line, me, false).ok_or(WebError::NotFound)?;
    Ok(Redirect::to(&to).into_response())
}

async fn fiche(
    State(s): State<ExamState>,
    Examiner(me): Examiner,
    Path(seat): Path<i64>,
) -> Result<Response, WebError> {
    own_seat(&s, me, seat).await?;
    render_fiche(&s, seat).await
}

pub(super) async fn render_fiche(s: &ExamState, seat: i64) -> Result<Response, WebError> {
    let fiche = crate::export::fiche(&s.platform, seat).await?;
    let mut ctx = Context::new();
    ctx.insert("f", &fiche);
    s.render("exam/fiche.html", &ctx)
}

async fn marks_csv(
    State(s): State<ExamState>,
    Examiner(me): Examiner,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let seats = own_commission(&s, me, id).await?;
    let csv = crate::export::marks_csv(&s.platform, &seats).await?;
    Ok(csv_response(csv, &format!("notes-commission-{id}.csv")))
}

pub(super) fn csv_response(csv: String, filename: &str) -> Response {
    let mut response = csv.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

async fn replay(
    State(s): State<ExamState>,
    Examiner(me): Examiner,
    Path(seat): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let line = own_seat(&s, me, seat).await?;
    let pixel = view_address(&s, &headers, &line, me, true);
    let back = format!("/console/commission/{}", line.commission_id);
    let recording = format!("/console/poste/{seat}/enregistrement.json");
    render_replay(&s, line, pixel, ("Retour à la console", &back), &recording).await
}

/// The replay page of a seat (for its examiner or the centre): the recording and journal
/// (fetched from `recording`), then the candidate's written work, read from their site now.
pub(super) async fn render_replay(
    s: &ExamState,
    line: SeatLine,
    view_pixel: Option<String>,
    back: (&str, &str),
    recording: &str,
) -> Result<Response, WebError> {
    let work = match seat_site(s, &line).await {
        Ok(site) => {
            let (code, source) = crate::work::subject_of(&s.platform, line.commission_id).await?;
            Some(
                crate::work::read(&code, &source, site.db())
                    .await?
                    .by_question(),
            )
        }
        Err(_) => None,
    };
    let ctx = context! {
        view_pixel, work, recording,
        back_label: back.0, back: back.1,
        seat: line,
    };
    s.render("exam/replay.html", &ctx)
}

/// Every recorded event of a candidate and their journal on one timeline, for the replay
/// page: the events of every page load in time order, the page loads, and each journal row
/// with its moment `t` in milliseconds from the start of the recording.
async fn recording(
    State(s): State<ExamState>,
    Examiner(me): Examiner,
    Path(seat): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let line = own_seat(&s, me, seat).await?;
    recording_json(&s, &line, &headers).await
}

pub(super) async fn recording_json(
    s: &ExamState,
    line: &SeatLine,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let seat = line.seat_id;
    let batches: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT received_ms, has_snapshot, page, events FROM recording WHERE seat_id = ? ORDER BY id",
    )
    .bind(seat)
    .fetch_all(s.platform.db())
    .await?;
    let timeline = super::replay::Timeline::build(&batches);
    let mut journal: Vec<JournalLine> = Vec::new();
    if let Some(sandbox) = line
        .sandbox_id
        .as_deref()
        .and_then(|i| i.parse::<e5_domain::SandboxId>().ok())
        && let Ok(site) = s.shop.sites.get(sandbox).await
    {
        journal = sqlx::query_as(
            "SELECT id, at, actor_label AS actor, summary FROM journal ORDER BY id DESC LIMIT 2000",
        )
        .fetch_all(site.db())
        .await?;
        journal.reverse();
    }
    let marks: Vec<serde_json::Value> = journal
        .iter()
        .filter_map(|j| {
            let t = timeline.moment_of(&j.at)?;
            Some(serde_json::json!({
                "id": j.id, "at": j.at, "time": j.at.get(11..19).unwrap_or_default(),
                "actor": j.actor, "summary": j.summary, "t": t,
            }))
        })
        .collect();
    // Written by hand around the events as stored: a whole exam is tens of megabytes.
    let body = format!(
        "{{\"start\":{},\"duration\":{},\"pages\":{},\"journal\":{},\"events\":{}}}",
        timeline.start,
        timeline.duration(),
        serde_json::to_string(&timeline.pages).unwrap_or_else(|_| "[]".into()),
        serde_json::to_string(&marks).unwrap_or_else(|_| "[]".into()),
        timeline.events_json()
    );
    Ok(json_maybe_gzip(headers, body))
}

/// A JSON answer, compressed when the browser accepts gzip (recordings compress about 10×).
fn json_maybe_gzip(headers: &HeaderMap, body: String) -> Response {
    use std::io::Write as _;
    let gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("gzip"));
    let mut packed = None;
    if gzip && body.len() > 1024 {
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        if z.write_all(body.as_bytes()).is_ok() {
            packed = z.finish().ok();
        }
    }
    let mut response = match packed {
        Some(bytes) => {
            let mut r = bytes.into_response();
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            r
        }
        None => body.into_response(),
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// The candidate's written work and the live evidence of the subject's automatic checks on
/// their site, per question (`crate::work`).
async fn evidence(
    State(s): State<ExamState>,
    Examiner(me): Examiner,
    Path(seat): Path<i64>,
) -> Result<Response, WebError> {
    let line = own_seat(&s, me, seat).await?;
    let site = seat_site(&s, &line).await?;
    let (code, source) = crate::work::subject_of(&s.platform, line.commission_id).await?;
    let work = crate::work::read(&code, &source, site.db()).await?;
    Ok(Json(work).into_response())
}

/// The candidate's site of a seat, opened for reading.
pub(super) async fn seat_site(
    s: &ExamState,
    line: &SeatLine,
) -> Result<std::sync::Arc<e5_shop::Site>, WebError> {
    let sandbox = line
        .sandbox_id
        .as_deref()
        .and_then(|i| i.parse::<e5_domain::SandboxId>().ok())
        .ok_or(WebError::NotFound)?;
    s.shop
        .sites
        .get(sandbox)
        .await
        .map_err(|_| WebError::NotFound)
}
