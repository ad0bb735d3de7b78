//! What a candidate's page may send (and what is refused, changing nothing), quotas, a full disk,
//! replays after a restart.

use super::*;
use crate::helpers::{one_for, row_for};

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
    let current: String = one_for(
        e.platform.db(),
        "SELECT current_page FROM seat WHERE id = ?",
        seat,
    )
    .await;
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

#[tokio::test]
async fn a_flooding_page_is_refused_and_its_seat_stops_at_its_quota() {
    let e = exam().await;
    let (seat, cand, page) = bombs_and_oversized_events_are_refused(&e).await;
    the_seat_stops_at_its_quota(&e, seat, &cand, &page).await;
}

async fn bombs_and_oversized_events_are_refused(e: &Exam) -> (i64, Shopper, String) {
    let seat = e.demo.seats[0].seat_id;
    let cand = candidate(e, 0).await;
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
    assert!(rows(e).await.is_empty());
    (seat, cand, page)
}

async fn the_seat_stops_at_its_quota(e: &Exam, seat: i64, cand: &Shopper, page: &str) {
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
            page,
            json!([{"type": 3, "data": {"text": text}, "timestamp": 2}]),
        )
    };
    assert_eq!(send(cand, small("q:1"), false).await.0, 204);
    let (status, body) = send(cand, small("q:2"), false).await;
    assert_eq!(status, 413, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["arret"], true);
    assert!(
        answer["error"].as_str().unwrap().contains("quota"),
        "{body}"
    );
    let (count, stored): (i64, i64) = row_for(
        e.platform.db(),
        "SELECT COUNT(*), SUM(octet_length(events)) FROM recording WHERE seat_id = ?",
        seat,
    )
    .await;
    assert_eq!(count, 2);
    assert!(stored <= quota, "{stored}");
    // The candidate's site itself still answers.
    cand.get_ok(&format!("/s/{}/", e.sandbox(0))).await;
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
    cand.get_ok(&page).await;
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
    admin
        .post_shows(
            "/admin/connexion",
            &[
                ("email", e5_exam::demo::ADMIN_EMAIL),
                ("password", e5_exam::demo::PASSWORD),
            ],
            "class=\"alerte-disque\" role=\"alert\">Disque du serveur presque plein",
        )
        .await;
    let health = e.app.shopper().get("/healthz").await;
    health.shows("disque presque plein");
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
