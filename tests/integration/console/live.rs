//! The console's live stream: catch-up from the last page load, then live actions within a second.

use super::*;
use std::time::Duration;

#[tokio::test]
async fn the_console_hears_a_candidates_action_within_a_second() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let cand = e.candidate(0).await;
    e.start_clock(0).await;
    let mut stream = live_stream(&e, &examiner).await;
    assert_eq!(stream.status(), 200);
    // Let the stream subscribe, then the candidate acts.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sandbox = e.sandbox(0);
    let (answer, _) = cand
        .post(
            &format!("/s/{sandbox}/contact"),
            "contact_id=1&email=lea@exemple.fr&subject=Question&message=Bonjour, une question sur la nappe.",
        )
        .await;
    assert!(answer.status < 400, "{}", answer.body);
    // A recording batch from the candidate's page too.
    let r = cand.client.post(format!("{}/epreuve/enregistrement", e.app.address))
        .json(&json!({"page": format!("/s/{sandbox}/contact"), "events": [{"type": 4, "data": {"href": "x", "width": 1280, "height": 800}, "timestamp": 1}]}))
        .send().await.unwrap();
    assert_eq!(r.status(), 204);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
    let mut seen = String::new();
    while tokio::time::Instant::now() < deadline
        && !(seen.contains("event: journal")
            && seen.contains("event: rrweb")
            && seen.contains("event: page"))
    {
        if let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .map(|c| c.map_err(|_| ()))
        {
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
    assert!(seen.contains("event: journal"), "{seen}");
    assert!(seen.contains("event: rrweb"), "{seen}");
    assert!(seen.contains("event: page"), "{seen}");
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
