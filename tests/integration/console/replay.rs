//! The replay puts page loads and the journal on one timeline.

use super::*;

#[tokio::test]
async fn the_replay_puts_two_page_loads_and_the_journal_on_one_timeline() {
    let e = exam().await;
    let (seat, cand, now, contact) = the_back_office_page_load_is_recorded(&e).await;
    let ex =
        the_candidate_sends_a_message_from_the_storefront(&e, seat, &cand, now, &contact).await;
    the_page_itself_has_the_controls_in_french(&e, seat, &ex).await;
    the_centre_replays_it_from_the_harmonisation(&e, seat).await;
}

/// The centre reaches every seat's replay from the harmonisation (for an appeal), with the
/// same timeline as the examiner's; a seat that does not exist is not found.
async fn the_centre_replays_it_from_the_harmonisation(e: &Exam, seat: i64) {
    let admin = e.admin().await;
    let replay = format!("/admin/poste/{seat}/revoir");
    admin
        .get_ok(&format!("/admin/session/{}/harmonisation", e.demo.session))
        .await
        .shows(&format!("href=\"{replay}\""));
    admin
        .get_ok(&replay)
        .await
        .shows("Retour à l&#x27;harmonisation")
        .shows("Travaux écrits du candidat")
        .shows(&format!(
            "data-revoir=\"&#x2F;admin&#x2F;poste&#x2F;{seat}&#x2F;enregistrement.json\""
        ));
    let r = admin
        .get_ok(&format!("/admin/poste/{seat}/enregistrement.json"))
        .await;
    let data: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(data["pages"].as_array().unwrap().len(), 2);
    assert_eq!(admin.get("/admin/poste/999999/revoir").await.status, 404);
}

async fn the_back_office_page_load_is_recorded(e: &Exam) -> (i64, Shopper, i64, String) {
    let seat = e.demo.seats[0].seat_id;
    let cand = candidate(e, 0).await;
    e.start_clock(0).await;
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
    (seat, cand, now, contact)
}

async fn the_candidate_sends_a_message_from_the_storefront(
    e: &Exam,
    seat: i64,
    cand: &Shopper,
    now: i64,
    contact: &str,
) -> Shopper {
    // The candidate sends a message from the storefront: a journal row.
    let (answer, _) = cand
        .post(
            contact,
            "contact_id=1&email=lea@exemple.fr&subject=Délai&message=Bonjour, quel est le délai de livraison ?",
        )
        .await;
    assert!(answer.status < 400, "{}", answer.body);
    assert_eq!(
        send(
            cand,
            batch("b:1", contact, page_load(now - 1_000, "contact")),
            false
        )
        .await
        .0,
        204
    );
    assert_eq!(
        send(
            cand,
            batch(
                "b:2",
                contact,
                json!([{"type": 3, "data": {"source": 5, "text": "x"}, "timestamp": now}])
            ),
            false
        )
        .await
        .0,
        204
    );
    let ex = examiner(e, e5_exam::demo::EXAMINER_EMAIL, e5_exam::demo::PASSWORD).await;
    let r = ex
        .get_ok(&format!("/console/poste/{seat}/enregistrement.json"))
        .await;
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
    ex
}

async fn the_page_itself_has_the_controls_in_french(e: &Exam, seat: i64, ex: &Shopper) {
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
    let other = examiner(e, "autre@centre-demo.fr", "autre-mdp-2027").await;
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
