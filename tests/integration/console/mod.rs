//! The examiner's console: screen recordings sent by candidates' pages, the live stream, the
//! replay's timeline, and exam day in real browsers.

mod answers_browser;
mod charts_browser;
mod exam_day_browser;
mod grid_browser;
mod live;
mod recordings;
mod replay;
mod replay_browser;
mod timer_browser;

use crate::exam::{Exam, edit, exam, exam_with};
use crate::helpers::Shopper;
use serde_json::{Value, json};
use std::time::Duration;

async fn candidate(e: &Exam, i: usize) -> Shopper {
    let user = e.app.shopper();
    user.post_ok("/", &[("code", &e.demo.seats[i].access_code)])
        .await;
    user
}

async fn examiner(e: &Exam, email: &str, password: &str) -> Shopper {
    let user = e.app.shopper();
    user.post_ok(
        "/console/connexion",
        &[("email", email), ("password", password)],
    )
    .await;
    user
}

async fn send(user: &Shopper, body: impl Into<reqwest::Body>, gzip: bool) -> (u16, String) {
    let r = user.recording(gzip).body(body).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

pub(crate) fn batch(key: &str, page: &str, events: Value) -> String {
    json!({"key": key, "page": page, "events": events}).to_string()
}

fn page_load(t: i64, text: &str) -> Value {
    json!([
        {"type": 4, "data": {"href": "http://poste/", "width": 1280, "height": 800}, "timestamp": t},
        {"type": 2, "data": {"node": {"type": 0, "childNodes": [], "id": 1}, "initialOffset": {"left": 0, "top": 0}, "text": text}, "timestamp": t + 1},
    ])
}

async fn rows(e: &Exam) -> Vec<(i64, i64, String)> {
    crate::helpers::rows(
        e.platform.db(),
        "SELECT seat_id, has_snapshot, page FROM recording ORDER BY id",
    )
    .await
}

/// The examiner's live stream of the demo commission.
async fn live_stream(e: &Exam, examiner: &Shopper) -> reqwest::Response {
    let path = format!("/console/commission/{}/flux", e.demo.commission);
    examiner.response(&path).await
}

/// Reads the event stream until `done` holds on what came, or a second passes.
async fn read_stream(stream: &mut reqwest::Response, done: impl Fn(&str) -> bool) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    let mut seen = String::new();
    while tokio::time::Instant::now() < deadline && !done(&seen) {
        if let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .map(|c| c.map_err(|_| ()))
        {
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
    seen
}

pub(crate) fn gzip(text: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(text).unwrap();
    z.finish().unwrap()
}
