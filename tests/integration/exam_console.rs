//! The console's screen recordings over HTTP: what a candidate's page may send (and what is
//! refused, changing nothing), the live catch-up of a console, and the replay's timeline.

use std::time::Duration;

use serde_json::{Value, json};

use crate::exam::{Exam, edit, exam, exam_with};
use crate::helpers::Shopper;

async fn candidate(e: &Exam, i: usize) -> Shopper {
    let user = e.app.shopper();
    let (answer, _) = user
        .post("/", &[("code", &e.demo.seats[i].access_code)])
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    user
}

async fn examiner(e: &Exam, email: &str, password: &str) -> Shopper {
    let user = e.app.shopper();
    let (answer, _) = user
        .post(
            "/console/connexion",
            &[("email", email), ("password", password)],
        )
        .await;
    assert_eq!(answer.status, 303);
    user
}

async fn send(user: &Shopper, body: impl Into<reqwest::Body>, gzip: bool) -> (u16, String) {
    let mut request = user
        .client
        .post(format!("{}/epreuve/enregistrement", user.address))
        .header("Content-Type", "application/json");
    if gzip {
        request = request.header("Content-Encoding", "gzip");
    }
    let r = request.body(body).send().await.unwrap();
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
    sqlx::query_as("SELECT seat_id, has_snapshot, page FROM recording ORDER BY id")
        .fetch_all(e.platform.db())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_candidate_records_into_their_own_seat_once_and_bad_batches_change_nothing() {
    let e = exam().await;
    let seat = e.demo.seats[1].seat_id;
    let other = e.demo.seats[0].seat_id;
    let cand = candidate(&e, 1).await;
    let page = format!("/s/{}/admin/", e.sandbox(1));
    // A forged seat in the body is ignored: the seat is the session's.
    let mut body: Value =
        serde_json::from_str(&batch("p1:1", &page, page_load(1_000, "a"))).unwrap();
    body["seat"] = json!(other);
    body["seat_id"] = json!(other);
    assert_eq!(send(&cand, body.to_string(), false).await.0, 204);
    // The same batch again (its answer was lost): written once.
    assert_eq!(send(&cand, body.to_string(), false).await.0, 204);
    assert_eq!(rows(&e).await, vec![(seat, 1, page.clone())]);
    let current: String = sqlx::query_scalar("SELECT current_page FROM seat WHERE id = ?")
        .bind(seat)
        .fetch_one(e.platform.db())
        .await
        .unwrap();
    assert_eq!(current, page);

    // Refused with a French reason, nothing written.
    let refusals = [
        ("{pas du json".to_owned(), 400, "JSON invalide"),
        (
            batch("p1:2", &page, json!([{"type": 9, "timestamp": 5}])),
            422,
            "n'est pas un événement rrweb",
        ),
        (
            batch("p1:3", &page, json!([{"type": 3, "data": {}}])),
            422,
            "événement n° 1",
        ),
        (
            batch(
                "p1:4",
                &page,
                Value::Array(vec![json!({"type": 3, "data": {}, "timestamp": 5}); 5001]),
            ),
            413,
            "au plus 5000",
        ),
        (
            format!(
                "{{\"events\":[],\"page\":\"{}\"}}",
                "x".repeat(9 * 1024 * 1024)
            ),
            413,
            "trop volumineux",
        ),
    ];
    for (body, status, message) in refusals {
        let (got, text) = send(&cand, body, false).await;
        assert_eq!(got, status, "{text}");
        assert!(text.contains(message), "{text}");
    }
    let (got, text) = send(&cand, b"\x1f\x8b pas du gzip".to_vec(), true).await;
    assert_eq!(got, 400);
    assert!(text.contains("gzip"), "{text}");
    assert_eq!(rows(&e).await.len(), 1);

    // A compressed batch is read.
    use std::io::Write as _;
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(batch("p1:5", &page, json!([{"type": 3, "data": {"source": 5, "text": "bonjour", "id": 4}, "timestamp": 2_000}])).as_bytes())
        .unwrap();
    assert_eq!(send(&cand, z.finish().unwrap(), true).await.0, 204);
    assert_eq!(rows(&e).await.len(), 2);

    // Nobody else records: not signed in, or an examiner.
    let anonymous = e.app.shopper();
    let (got, _) = send(&anonymous, batch("x:1", "/", page_load(1, "x")), false).await;
    assert_eq!(got, 303);
    let ex = examiner(&e, e5_exam::demo::EXAMINER_EMAIL, e5_exam::demo::PASSWORD).await;
    let (got, _) = send(&ex, batch("x:2", "/", page_load(1, "x")), false).await;
    assert_eq!(got, 303);
    assert_eq!(rows(&e).await.len(), 2);
}

/// The examiner's live stream of the demo commission.
async fn live_stream(e: &Exam, examiner: &Shopper) -> reqwest::Response {
    examiner
        .client
        .get(format!(
            "{}/console/commission/{}/flux",
            e.app.staff, e.demo.commission
        ))
        .send()
        .await
        .unwrap()
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

#[tokio::test]
async fn a_console_catches_up_from_the_last_page_load_then_follows_live() {
    let e = exam().await;
    let seat = e.demo.seats[0].seat_id;
    let cand = candidate(&e, 0).await;
    let page = format!("/s/{}/admin/", e.sandbox(0));
    for (key, events) in [
        ("a:1", page_load(1_000, "premiere-page")),
        (
            "a:2",
            json!([{"type": 3, "data": {"source": 0}, "timestamp": 1_500}]),
        ),
        ("b:1", page_load(5_000, "seconde-page")),
        (
            "b:2",
            json!([{"type": 3, "data": {"source": 5, "text": "avant"}, "timestamp": 5_500}]),
        ),
    ] {
        assert_eq!(send(&cand, batch(key, &page, events), false).await.0, 204);
    }
    let ex = examiner(&e, e5_exam::demo::EXAMINER_EMAIL, e5_exam::demo::PASSWORD).await;
    let mut stream = live_stream(&e, &ex).await;
    assert_eq!(stream.status(), 200);
    let seen = read_stream(&mut stream, |s| s.contains("avant")).await;
    // From the last page load on, one message per batch (never one huge message), each
    // with how old it is.
    assert!(seen.contains("seconde-page"), "{seen}");
    assert!(!seen.contains("premiere-page"), "{seen}");
    let messages: Vec<Value> = seen
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|m| m["data"]["events"].is_array())
        .collect();
    assert_eq!(messages.len(), 2, "{seen}");
    for message in &messages {
        assert_eq!(message["seat"], json!(seat));
        assert!(message["data"]["age"].as_i64().unwrap() >= 0);
    }
    let events: usize = messages
        .iter()
        .map(|m| m["data"]["events"].as_array().unwrap().len())
        .sum();
    assert_eq!(events, 3);
    // Then live, as it comes.
    assert_eq!(
        send(
            &cand,
            batch(
                "b:3",
                &page,
                json!([{"type": 3, "data": {"source": 5, "text": "en-direct"}, "timestamp": 6_000}])
            ),
            false
        )
        .await
        .0,
        204
    );
    let seen = read_stream(&mut stream, |s| s.contains("en-direct")).await;
    assert!(seen.contains("en-direct"), "{seen}");
    // Another examiner's stream of this commission is refused.
    let other = examiner(&e, "autre@centre-demo.fr", "autre-mdp-2027").await;
    let r = other
        .get(&format!("/console/commission/{}/flux", e.demo.commission))
        .await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn the_replay_puts_two_page_loads_and_the_journal_on_one_timeline() {
    let e = exam().await;
    let seat = e.demo.seats[0].seat_id;
    let cand = candidate(&e, 0).await;
    let sandbox = e.sandbox(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let start = now - 3_000;
    let admin = format!("/s/{sandbox}/admin/");
    let contact = format!("/s/{sandbox}/contact");
    assert_eq!(
        send(
            &cand,
            batch("a:1", &admin, page_load(start, "back-office")),
            false
        )
        .await
        .0,
        204
    );
    // The candidate sends a message from the storefront: a journal row.
    let (answer, _) = cand
        .post(
            &contact,
            &[
                ("contact_id", "1"),
                ("email", "lea@exemple.fr"),
                ("subject", "Délai"),
                ("message", "Bonjour, quel est le délai de livraison ?"),
            ],
        )
        .await;
    assert!(answer.status < 400, "{}", answer.body);
    assert_eq!(
        send(
            &cand,
            batch("b:1", &contact, page_load(now - 1_000, "contact")),
            false
        )
        .await
        .0,
        204
    );
    assert_eq!(
        send(
            &cand,
            batch(
                "b:2",
                &contact,
                json!([{"type": 3, "data": {"source": 5, "text": "x"}, "timestamp": now}])
            ),
            false
        )
        .await
        .0,
        204
    );
    let ex = examiner(&e, e5_exam::demo::EXAMINER_EMAIL, e5_exam::demo::PASSWORD).await;
    let r = ex
        .get(&format!("/console/poste/{seat}/enregistrement.json"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let data: Value = serde_json::from_str(&r.body).unwrap();
    let pages = data["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert_eq!(pages[0]["t"], json!(1));
    assert_eq!(pages[1]["page"], json!(contact));
    assert_eq!(data["duration"], json!(3_000));
    assert_eq!(data["events"].as_array().unwrap().len(), 5);
    let journal = data["journal"].as_array().unwrap();
    let line = journal
        .iter()
        .find(|j| j["summary"].as_str().unwrap().contains("lea@exemple.fr"))
        .unwrap_or_else(|| panic!("{journal:?}"));
    let t = line["t"].as_i64().unwrap();
    assert!((0..=3_000).contains(&t), "{t}");
    assert_eq!(line["time"].as_str().unwrap().len(), 8);
    let ts: Vec<i64> = journal.iter().map(|j| j["t"].as_i64().unwrap()).collect();
    assert!(ts.windows(2).all(|w| w[0] <= w[1]), "{ts:?}");
    // The page itself has the controls, in French.
    let page = ex.get(&format!("/console/poste/{seat}/revoir")).await;
    for text in [
        "Lire",
        "Vitesse",
        "8×",
        "Position dans la session",
        "Journal des actions",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    // Only the seat's examiner.
    let other = examiner(&e, "autre@centre-demo.fr", "autre-mdp-2027").await;
    assert_eq!(
        other
            .get(&format!("/console/poste/{seat}/enregistrement.json"))
            .await
            .status,
        403
    );
    assert_eq!(
        other
            .get(&format!("/console/poste/{seat}/revoir"))
            .await
            .status,
        403
    );
}

pub(crate) fn gzip(text: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(text).unwrap();
    z.finish().unwrap()
}

#[tokio::test]
async fn a_flooding_page_is_refused_and_its_seat_stops_at_its_quota() {
    let e = exam().await;
    let seat = e.demo.seats[0].seat_id;
    let cand = candidate(&e, 0).await;
    let page = format!("/s/{}/admin/", e.sandbox(0));
    // Gzip bombs: ~16 KB each, one 16 MiB event inside. Refused while inflating.
    let huge = "x".repeat(16 * 1024 * 1024);
    let bomb = gzip(
        batch(
            "f:0",
            &page,
            json!([{"type": 3, "data": {"text": huge}, "timestamp": 1}]),
        )
        .as_bytes(),
    );
    assert!(bomb.len() < 64 * 1024, "{}", bomb.len());
    for _ in 0..5 {
        let (status, body) = send(&cand, bomb.clone(), true).await;
        assert_eq!(status, 413, "{body}");
        assert!(body.contains("trop volumineux"), "{body}");
    }
    // One event over the per-event bound, in a batch under the batch bound.
    let big = "x".repeat(e5_exam::web::recorder::MAX_EVENT + 1);
    let (status, body) = send(
        &cand,
        gzip(
            batch(
                "f:1",
                &page,
                json!([{"type": 3, "data": {"text": big}, "timestamp": 1}]),
            )
            .as_bytes(),
        ),
        true,
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("événement n° 1"), "{body}");
    assert!(rows(&e).await.is_empty());
    // The seat has nearly used its quota: one more small batch fits, the next is refused,
    // and the page is told to stop recording.
    let quota = e5_exam::web::recorder::SEAT_QUOTA as i64;
    sqlx::query(
        "INSERT INTO recording (seat_id, received_ms, has_snapshot, page, events)
         VALUES (?, 1, 0, '', '[' || substr(hex(zeroblob(?)), 1, ?) || ']')",
    )
    .bind(seat)
    .bind((quota - 60_000) / 2 + 1)
    .bind(quota - 60_002)
    .execute(e.platform.db())
    .await
    .unwrap();
    let text = "y".repeat(40_000);
    let small = |key: &str| {
        batch(
            key,
            &page,
            json!([{"type": 3, "data": {"text": text}, "timestamp": 2}]),
        )
    };
    assert_eq!(send(&cand, small("q:1"), false).await.0, 204);
    let (status, body) = send(&cand, small("q:2"), false).await;
    assert_eq!(status, 413, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["arret"], true);
    assert!(
        answer["error"].as_str().unwrap().contains("quota"),
        "{body}"
    );
    let (count, stored): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(octet_length(events)) FROM recording WHERE seat_id = ?",
    )
    .bind(seat)
    .fetch_one(e.platform.db())
    .await
    .unwrap();
    assert_eq!(count, 2);
    assert!(stored <= quota, "{stored}");
    // The candidate's site itself still answers.
    let site = cand.get(&format!("/s/{}/", e.sandbox(0))).await;
    assert_eq!(site.status, 200);
}

#[tokio::test]
async fn a_nearly_full_disk_stops_the_mirror_warns_the_staff_and_keeps_the_grid() {
    // Any free space counts as "nearly full".
    let e = exam_with(e5::server::Options {
        low_disk_bytes: Some(u64::MAX),
        ..Default::default()
    })
    .await;
    let seat = e.demo.seats[0].seat_id;
    let cand = candidate(&e, 0).await;
    let page = format!("/s/{}/admin/", e.sandbox(0));
    // The recording is refused with a status that says why, and nothing is written.
    let (status, body) = send(&cand, batch("a:1", &page, page_load(1_000, "p")), false).await;
    assert_eq!(status, 507, "{body}");
    assert!(body.contains("disque"), "{body}");
    assert!(rows(&e).await.is_empty());
    // The candidate's site and the grid go on.
    let site = cand.get(&page).await;
    assert_eq!(site.status, 200);
    let ex = examiner(&e, e5_exam::demo::EXAMINER_EMAIL, e5_exam::demo::PASSWORD).await;
    let (status, answer) = edit(&ex, seat, "k-disque", "level:1a", "S").await;
    assert_eq!((status, answer["applied"].clone()), (200, json!(true)));
    // The console is told at once, on its live stream.
    let mut stream = live_stream(&e, &ex).await;
    let seen = read_stream(&mut stream, |s| s.contains("event: disque")).await;
    assert!(seen.contains("event: disque"), "{seen}");
    assert!(seen.contains("Disque du serveur presque plein"), "{seen}");
    // So is the centre administration, on every page, and /healthz.
    let admin = e.app.shopper();
    let (answer, home) = admin
        .post(
            "/admin/connexion",
            &[
                ("email", e5_exam::demo::ADMIN_EMAIL),
                ("password", e5_exam::demo::PASSWORD),
            ],
        )
        .await;
    assert_eq!(answer.status, 303);
    assert!(
        home.body
            .contains("class=\"alerte-disque\" role=\"alert\">Disque du serveur presque plein"),
        "{}",
        home.body
    );
    let health = e.app.shopper().get("/healthz").await;
    assert!(
        health.body.contains("disque presque plein"),
        "{}",
        health.body
    );
}

#[tokio::test]
async fn a_batch_sent_again_after_a_restart_is_stored_once() {
    let e = exam().await;
    let cand = candidate(&e, 0).await;
    let page = format!("/s/{}/admin/", e.sandbox(0));
    let first = batch("p9:1", &page, page_load(1_000, "avant-redemarrage"));
    assert_eq!(send(&cand, first.clone(), false).await.0, 204);
    // Another server on the same data: what a restart leaves (no batch key in memory).
    let restarted = crate::helpers::TestApp::spawn(&e.t.data).await;
    // The same page (its session cookie holds for any port of the host).
    let mut again = cand;
    again.address = restarted.address.clone();
    again.staff = restarted.staff.clone();
    assert_eq!(send(&again, first, false).await.0, 204);
    assert_eq!(rows(&e).await.len(), 1, "stored once");
    // A new batch of the same page is stored.
    let next = batch(
        "p9:2",
        &page,
        json!([{"type": 3, "data": {"source": 0}, "timestamp": 1_500}]),
    );
    assert_eq!(send(&again, next, false).await.0, 204);
    assert_eq!(rows(&e).await.len(), 2);
}
