//! The screen recordings: batches of rrweb events from the candidates' pages, checked,
//! written to platform.db and only then acknowledged and pushed to the consoles.
//!
//! One task writes every batch, committing all the batches waiting at that moment in one
//! transaction (group commit): with 30 candidates sending four batches a second, one fsync
//! serves several candidates instead of each waiting for the platform's writer lock in turn.

use std::collections::{HashMap, VecDeque};
use std::io::Read;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use tokio::sync::{mpsc, oneshot};

use super::live::{Hub, LiveKind};
use crate::db::{Platform, unix_ms};

/// Largest request body accepted (compressed or not).
pub const MAX_BODY: usize = 8 * 1024 * 1024;
/// Largest batch once decompressed (inflating stops there: a gzip bomb costs no more).
pub const MAX_JSON: usize = 8 * 1024 * 1024;
/// Largest single rrweb event (a page load's full snapshot is one event: a heavy back-office
/// page is well under 1 MiB).
pub const MAX_EVENT: usize = 4 * 1024 * 1024;
/// Recorded bytes one seat may store for the whole exam (a 40-minute exam with a candidate
/// busy all along writes 10 to 30 MiB). Beyond it the recording stops, the site goes on.
pub const SEAT_QUOTA: u64 = 200 * 1024 * 1024;
/// Most bytes of recordings one console's catch-up sends for one seat; one batch per message
/// (so at most `MAX_JSON` per message). Beyond it the catch-up stops and the live batches
/// follow: the mirror is right again at the candidate's next page load.
pub const CATCH_UP_MAX: u64 = 32 * 1024 * 1024;
/// Most events in one batch (a page load's full snapshot counts as one).
pub const MAX_EVENTS: usize = 5000;
/// Batches waiting for the writer before senders wait in turn.
const QUEUE: usize = 1024;
/// Recent batch keys remembered per seat, so that a batch sent again (its answer was lost,
/// or it was also saved for the next page) is written once.
const KEYS_KEPT: usize = 64;

/// Why a batch is refused: nothing was written.
#[derive(Debug)]
pub struct Refusal {
    pub status: axum::http::StatusCode,
    pub message: String,
}

fn refuse(status: axum::http::StatusCode, message: impl Into<String>) -> Refusal {
    Refusal {
        status,
        message: message.into(),
    }
}

#[derive(Deserialize)]
struct Wire<'a> {
    #[serde(default)]
    key: String,
    #[serde(default)]
    page: String,
    /// Kept as sent: checked event by event, then stored without being rebuilt.
    #[serde(borrow, default)]
    events: Vec<&'a serde_json::value::RawValue>,
}

/// What is checked of an event; the rest (`data`) is skipped without being built.
#[derive(Deserialize)]
struct Head {
    #[serde(rename = "type")]
    kind: i64,
    timestamp: f64,
}

/// A checked batch.
#[derive(Debug)]
pub struct Batch {
    pub key: String,
    pub page: String,
    /// The events as compact JSON (an array).
    pub events: String,
    pub count: usize,
    pub has_snapshot: bool,
}

/// Checks a request body: size, gzip, JSON shape, and that every event looks like an rrweb
/// event (a type from 0 to 6 and a timestamp).
pub fn parse(body: &[u8], gzip: bool) -> Result<Batch, Refusal> {
    use axum::http::StatusCode;
    let json: std::borrow::Cow<'_, [u8]> = if gzip {
        let mut out = Vec::new();
        let read = flate2::read::GzDecoder::new(body)
            .take(MAX_JSON as u64 + 1)
            .read_to_end(&mut out);
        if read.is_err() {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                "Lot d'enregistrement illisible : compression gzip invalide.",
            ));
        }
        if out.len() > MAX_JSON {
            return Err(refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "Lot d'enregistrement trop volumineux (plus de {} Mio une fois décompressé).",
                    MAX_JSON / (1024 * 1024)
                ),
            ));
        }
        out.into()
    } else {
        body.into()
    };
    let wire: Wire = serde_json::from_slice(&json).map_err(|e| {
        refuse(
            StatusCode::BAD_REQUEST,
            format!("Lot d'enregistrement illisible : JSON invalide ({e})."),
        )
    })?;
    if wire.events.len() > MAX_EVENTS {
        return Err(refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Lot d'enregistrement trop grand : {} événements (au plus {MAX_EVENTS}).",
                wire.events.len()
            ),
        ));
    }
    let mut has_snapshot = false;
    for (i, e) in wire.events.iter().enumerate() {
        if e.get().len() > MAX_EVENT {
            return Err(refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "Lot d'enregistrement refusé : l'événement n° {} est trop volumineux (plus de {} Mio).",
                    i + 1,
                    MAX_EVENT / (1024 * 1024)
                ),
            ));
        }
        match serde_json::from_str::<Head>(e.get()) {
            Ok(h) if (0..=6).contains(&h.kind) && h.timestamp > 0.0 => has_snapshot |= h.kind == 2,
            _ => {
                return Err(refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!(
                        "Lot d'enregistrement refusé : l'événement n° {} n'est pas un événement rrweb (type de 0 à 6 et horodatage attendus).",
                        i + 1
                    ),
                ));
            }
        }
    }
    if wire.key.len() > 100 {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Lot d'enregistrement refusé : clé trop longue.",
        ));
    }
    // The array as sent, whitespace between events aside.
    let mut events = String::with_capacity(json.len());
    events.push('[');
    for (i, e) in wire.events.iter().enumerate() {
        if i > 0 {
            events.push(',');
        }
        events.push_str(e.get());
    }
    events.push(']');
    Ok(Batch {
        key: wire.key,
        page: wire.page.chars().take(300).collect(),
        events,
        count: wire.events.len(),
        has_snapshot,
    })
}

/// What became of an accepted batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Written with this recording id.
    New(i64),
    /// Already written before (same key): nothing done.
    Duplicate,
    /// Refused: the seat's recordings reached [`SEAT_QUOTA`]; nothing written.
    OverQuota,
}

struct Job {
    seat: i64,
    batch: Batch,
    received_ms: i64,
    done: oneshot::Sender<Result<Written, String>>,
}

/// The recordings' writer; cheap to clone.
#[derive(Clone)]
pub struct Recorder {
    platform: Platform,
    live: Hub,
    tx: Arc<OnceLock<mpsc::Sender<Job>>>,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder").finish_non_exhaustive()
    }
}

impl Recorder {
    pub fn new(platform: Platform, live: Hub) -> Recorder {
        Recorder {
            platform,
            live,
            tx: Arc::new(OnceLock::new()),
        }
    }

    /// Writes a batch; answers once it is committed (or known already written).
    pub async fn record(&self, seat: i64, batch: Batch) -> Result<Written, String> {
        // Started on first use, inside the server's runtime.
        let tx = self.tx.get_or_init(|| {
            let (tx, rx) = mpsc::channel(QUEUE);
            tokio::spawn(writer(self.platform.clone(), self.live.clone(), rx));
            tx
        });
        let (done, answer) = oneshot::channel();
        let job = Job {
            seat,
            batch,
            received_ms: unix_ms(),
            done,
        };
        tx.send(job)
            .await
            .map_err(|_| "writer stopped".to_owned())?;
        answer.await.map_err(|_| "writer stopped".to_owned())?
    }
}

#[derive(Default)]
struct SeatMemory {
    keys: VecDeque<String>,
    page: Option<String>,
    /// Bytes of recordings stored for the seat (read from the database on first use).
    used: Option<u64>,
}

async fn writer(platform: Platform, live: Hub, mut rx: mpsc::Receiver<Job>) {
    let mut memory: HashMap<i64, SeatMemory> = HashMap::new();
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < 128 {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        match write_group(&platform, &mut memory, &jobs).await {
            Ok(outcomes) => {
                for (job, (written, page_changed)) in jobs.into_iter().zip(outcomes) {
                    if let Written::New(id) = written {
                        live.send(
                            job.seat,
                            LiveKind::Screen,
                            format!("{{\"id\":{id},\"age\":0,\"events\":{}}}", job.batch.events),
                        );
                    }
                    if page_changed {
                        live.send(
                            job.seat,
                            LiveKind::Page,
                            serde_json::to_string(&job.batch.page).unwrap_or_default(),
                        );
                    }
                    let _ = job.done.send(Ok(written));
                }
            }
            Err(e) => {
                // A full disk or a broken connection: the next group gets a fresh one.
                e.is_storage_failure();
                tracing::error!(error = %e, "writing screen recordings failed");
                // Nothing of the group is kept in memory as written: a retry writes it.
                for job in &jobs {
                    if let Some(m) = memory.get_mut(&job.seat) {
                        m.keys.retain(|k| k != &job.batch.key);
                        m.page = None;
                        m.used = None;
                    }
                }
                for job in jobs {
                    let _ = job.done.send(Err(e.to_string()));
                }
            }
        }
    }
}

/// One transaction for the group; per job, whether it was written and whether its page is
/// new for the seat.
async fn write_group(
    platform: &Platform,
    memory: &mut HashMap<i64, SeatMemory>,
    jobs: &[Job],
) -> crate::Result<Vec<(Written, bool)>> {
    let mut w = platform.write().await?;
    let mut outcomes = Vec::with_capacity(jobs.len());
    for job in jobs {
        let m = memory.entry(job.seat).or_default();
        let b = &job.batch;
        if !b.key.is_empty() && m.keys.contains(&b.key) {
            outcomes.push((Written::Duplicate, false));
            continue;
        }
        let used = match m.used {
            Some(used) => used,
            None => {
                let used: i64 = sqlx::query_scalar(
                    "SELECT COALESCE(SUM(octet_length(events)), 0) FROM recording WHERE seat_id = ?",
                )
                .bind(job.seat)
                .fetch_one(&mut *w.tx)
                .await?;
                let used = u64::try_from(used).unwrap_or(0);
                m.used = Some(used);
                used
            }
        };
        let size = b.events.len() as u64;
        if b.count > 0 && used.saturating_add(size) > SEAT_QUOTA {
            outcomes.push((Written::OverQuota, false));
            continue;
        }
        let mut written = Written::Duplicate;
        if b.count > 0 {
            m.used = Some(used + size);
            // The key is unique per seat in the table too: the in-memory keys are gone after
            // a restart, and a page sends its unanswered batch again.
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT OR IGNORE INTO recording (seat_id, received_ms, has_snapshot, page, events, batch_key)
                 VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(job.seat)
            .bind(job.received_ms)
            .bind(i64::from(b.has_snapshot))
            .bind(&b.page)
            .bind(&b.events)
            .bind((!b.key.is_empty()).then_some(&b.key))
            .fetch_optional(&mut *w.tx)
            .await?;
            match id {
                Some(id) => written = Written::New(id),
                None => m.used = Some(used),
            }
        }
        let page_changed = !b.page.is_empty() && m.page.as_deref() != Some(b.page.as_str());
        if page_changed {
            sqlx::query("UPDATE seat SET current_page = ? WHERE id = ?")
                .bind(&b.page)
                .bind(job.seat)
                .execute(&mut *w.tx)
                .await?;
            m.page = Some(b.page.clone());
        }
        if !b.key.is_empty() {
            m.keys.push_back(b.key.clone());
            if m.keys.len() > KEYS_KEPT {
                m.keys.pop_front();
            }
        }
        outcomes.push((written, page_changed));
    }
    w.commit().await?;
    Ok(outcomes)
}

/// What a console needs to show a seat's screen now: the ids of the batches since the last
/// full snapshot, oldest first, as many as fit in [`CATCH_UP_MAX`] bytes. Each is then sent
/// as its own message ([`catch_up_message`]): never one message of every batch at once.
pub async fn catch_up(platform: &Platform, seat: i64) -> crate::Result<Vec<i64>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, octet_length(events) FROM recording WHERE seat_id = ? AND id >= COALESCE(
           (SELECT MAX(id) FROM recording WHERE seat_id = ? AND has_snapshot = 1), 1 << 62) ORDER BY id",
    )
    .bind(seat)
    .bind(seat)
    .fetch_all(platform.db())
    .await?;
    Ok(within_budget(&rows, CATCH_UP_MAX))
}

/// The leading ids whose sizes add up to at most `budget` (the first always, so that the
/// full snapshot is shown even when it alone is large).
fn within_budget(rows: &[(i64, i64)], budget: u64) -> Vec<i64> {
    let mut total = 0u64;
    let mut ids = Vec::new();
    for &(id, size) in rows {
        total = total.saturating_add(u64::try_from(size).unwrap_or(0));
        if !ids.is_empty() && total > budget {
            tracing::warn!(
                batches = rows.len() - ids.len(),
                "screen catch-up cut at its budget: the mirror is complete again at the next page load"
            );
            break;
        }
        ids.push(id);
    }
    ids
}

/// One batch as a console message `{"id": batch, "age": ms since it arrived, "events": […]}`.
pub async fn catch_up_message(platform: &Platform, id: i64) -> crate::Result<Option<String>> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT received_ms, events FROM recording WHERE id = ?")
            .bind(id)
            .fetch_optional(platform.db())
            .await?;
    Ok(row.map(|(received, events)| {
        let age = (unix_ms() - received).max(0);
        format!("{{\"id\":{id},\"age\":{age},\"events\":{events}}}")
    }))
}

/// The recording route of the candidates' pages.
pub fn router() -> axum::Router<super::ExamState> {
    axum::Router::new().route(
        "/epreuve/enregistrement",
        axum::routing::post(record).layer(axum::extract::DefaultBodyLimit::disable()),
    )
}

/// A batch of rrweb events from the candidate's page, into the candidate's own seat (the
/// seat comes from their session, never from the request). Stored in platform.db, not in
/// the sandbox: the sandbox is written only by shop commands, each with a journal row the
/// examiner reads, and a recording every quarter-second would drown that journal. The answer
/// comes once the batch is on disk; a refused batch changes nothing and says why.
async fn record(
    axum::extract::State(s): axum::extract::State<super::ExamState>,
    super::Candidate(seat): super::Candidate,
    headers: axum::http::HeaderMap,
    body: axum::body::Body,
) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    let answer = |status: StatusCode, message: &str| {
        (
            status,
            axum::Json(serde_json::json!({"ok": false, "error": message})),
        )
            .into_response()
    };
    // A refusal that holds for the rest of the page: the page stops recording ("arret").
    let stop = |status: StatusCode, message: &str| {
        (
            status,
            axum::Json(serde_json::json!({"ok": false, "arret": true, "error": message})),
        )
            .into_response()
    };
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return answer(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!(
                "Lot d'enregistrement trop volumineux (plus de {} Mio).",
                MAX_BODY / (1024 * 1024)
            ),
        );
    };
    let gzip = headers
        .get(axum::http::header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("gzip"));
    // A nearly full disk stops the recordings first: grids and sites keep the space left.
    if s.platform.disk.low() {
        tracing::warn!(
            seat,
            "recording refused: the data folder's disk is nearly full"
        );
        return stop(
            StatusCode::INSUFFICIENT_STORAGE,
            "Enregistrement de l'écran suspendu : le disque du serveur est presque plein. Votre travail sur le site continue d'être enregistré.",
        );
    }
    let batch = match parse(&bytes, gzip) {
        Ok(b) => b,
        Err(r) => {
            // Refused batches are logged too: a page that keeps sending bad ones shows here.
            tracing::warn!(seat, status = %r.status, reason = %r.message, "recording batch refused");
            return answer(r.status, &r.message);
        }
    };
    match s.recorder.record(seat, batch).await {
        Ok(Written::OverQuota) => {
            tracing::warn!(seat, "recording refused: the seat's quota is reached");
            stop(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!(
                    "Enregistrement de l'écran arrêté : ce poste a atteint son quota ({} Mio). Votre travail sur le site continue d'être enregistré.",
                    SEAT_QUOTA / (1024 * 1024)
                ),
            )
        }
        // Written, or written before (same key): the page may forget it either way.
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            tracing::error!(error = %e, seat, "a recording batch could not be written");
            answer(
                StatusCode::SERVICE_UNAVAILABLE,
                "Enregistrement momentanément impossible : le lot sera renvoyé.",
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_of_rrweb_events_is_accepted() {
        let b = parse(
            br#"{"key":"p1:1","page":"/s/x/admin/","events":[{"type":4,"data":{},"timestamp":1},{"type":2,"data":{},"timestamp":2}]}"#,
            false,
        )
        .unwrap();
        assert_eq!(b.count, 2);
        assert!(b.has_snapshot);
        assert_eq!(b.page, "/s/x/admin/");
    }

    #[test]
    fn bad_batches_are_refused_with_a_reason() {
        let r = parse(b"{not json", false).unwrap_err();
        assert_eq!(r.status, axum::http::StatusCode::BAD_REQUEST);
        let r = parse(br#"{"events":[{"type":9,"timestamp":1}]}"#, false).unwrap_err();
        assert_eq!(r.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.message.contains("n° 1"), "{}", r.message);
        let r = parse(br#"{"events":["x"]}"#, false).unwrap_err();
        assert_eq!(r.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        let r = parse(b"\x1f\x8bnot gzip", true).unwrap_err();
        assert_eq!(r.status, axum::http::StatusCode::BAD_REQUEST);
    }

    #[test]
    fn oversized_events_and_gzip_bombs_are_refused() {
        use std::io::Write;
        let big = "x".repeat(MAX_EVENT);
        let body = format!(r#"{{"events":[{{"type":3,"data":{{"s":"{big}"}},"timestamp":5}}]}}"#);
        let r = parse(body.as_bytes(), false).unwrap_err();
        assert_eq!(r.status, axum::http::StatusCode::PAYLOAD_TOO_LARGE);
        assert!(r.message.contains("n° 1"), "{}", r.message);
        // 1 GiB of zeros compresses to about 1 MiB: inflating stops at MAX_JSON.
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..64 {
            z.write_all(&zeros).unwrap();
        }
        let r = parse(&z.finish().unwrap(), true).unwrap_err();
        assert_eq!(r.status, axum::http::StatusCode::PAYLOAD_TOO_LARGE);
    }

    #[test]
    fn the_catch_up_keeps_to_its_budget() {
        let rows = [(1, 10), (2, 10), (3, 10)];
        assert_eq!(within_budget(&rows, 25), vec![1, 2]);
        assert_eq!(within_budget(&rows, 30), vec![1, 2, 3]);
        // The snapshot alone is always sent.
        assert_eq!(within_budget(&[(7, 100), (8, 1)], 10), vec![7]);
        assert!(within_budget(&[], 10).is_empty());
    }

    #[test]
    fn gzip_batches_are_read() {
        use std::io::Write;
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(br#"{"events":[{"type":3,"data":{},"timestamp":5}]}"#)
            .unwrap();
        let b = parse(&z.finish().unwrap(), true).unwrap();
        assert_eq!(b.count, 1);
        assert!(!b.has_snapshot);
    }
}
