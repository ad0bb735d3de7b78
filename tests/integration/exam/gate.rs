//! The gate: each person reaches only what is theirs; candidate codes and their rate limit; the
//! server's timer turning the site read-only.

use super::*;
use crate::helpers::exec_for;
use crate::helpers::one;

#[tokio::test]
async fn the_gate_lets_each_person_reach_only_what_is_theirs() {
    let e = exam().await;
    let (a, b) = (e.sandbox(0), e.sandbox(1));
    let seat_a = e.demo.seats[0].seat_id;
    let anonymous = e.app.shopper();
    let cand_a = e.candidate(0).await;
    let cand_b = e.candidate(1).await;
    let other = e.other_examiner().await;
    let examiner = e.examiner().await;
    // The same examiner after "Ouvrir son site" for seat A: a read-only view of that site.
    let viewer = e.examiner().await;
    let open = viewer.get(&format!("/console/poste/{seat_a}/ouvrir")).await;
    let redeemed = viewer.get(open.location.as_deref().unwrap()).await;
    assert_eq!(redeemed.status, 303, "{}", redeemed.body);
    let admin = e.admin().await;
    let routes = gate_routes(&e, &a, &b);
    // Expected status per route, in the order above (303 = sent to a sign-in page). The
    // console's and the centre's sessions open no candidate site: only the examiner's
    // read-only view of a seat of theirs does.
    #[rustfmt::skip]
    let matrix: [(&str, &Shopper, [u16; 11]); 7] = [
        ("anonyme",                    &anonymous, [403, 403, 403, 303, 303, 303, 303, 303, 303, 303, 303]),
        ("candidat A",                 &cand_a,    [200, 200, 403, 303, 303, 303, 303, 200, 303, 303, 303]),
        ("candidat B",                 &cand_b,    [403, 403, 200, 303, 303, 303, 303, 200, 303, 303, 303]),
        ("autre examinateur",          &other,     [403, 403, 403, 403, 403, 200, 303, 303, 303, 303, 303]),
        ("examinateur",                &examiner,  [403, 403, 403, 200, 200, 403, 303, 303, 303, 303, 303]),
        ("examinateur, site A ouvert", &viewer,    [200, 200, 403, 200, 200, 403, 303, 303, 303, 303, 303]),
        ("centre",                     &admin,     [403, 403, 403, 303, 303, 303, 200, 303, 200, 200, 200]),
    ];
    for (who, user, expected) in matrix {
        for (route, want) in routes.iter().zip(expected) {
            let page = user.get(route).await;
            assert_eq!(
                page.status,
                want,
                "{who} → {route}: {}",
                &page.body[..page.body.len().min(300)]
            );
            if want == 403 && route.starts_with("/s/") {
                assert!(page.body.contains("Accès refusé"), "{who} → {route}");
            }
        }
    }
    the_examiners_view_only_reads(&e, &viewer, &a).await;
    the_candidate_and_practice_sites_open(&e, &cand_a, &anonymous, &a).await;
}

/// The routes the gate matrix asks, in its order: candidate sites, console, centre.
fn gate_routes(e: &Exam, a: &str, b: &str) -> [String; 11] {
    let (c1, c2, seat_a) = (
        e.demo.commission,
        e.other_commission,
        e.demo.seats[0].seat_id,
    );
    [
        format!("/s/{a}/"),
        format!("/s/{a}/admin/connexion"),
        format!("/s/{b}/"),
        format!("/console/commission/{c1}"),
        format!("/console/poste/{seat_a}/grille"),
        format!("/console/commission/{c2}"),
        "/admin/".to_owned(),
        "/epreuve".to_owned(),
        format!("/admin/session/{}", e.demo.session),
        format!("/admin/commission/{c1}"),
        "/admin/examinateurs".to_owned(),
    ]
}

/// The examiner only looks: a write to the candidate's site is refused, nothing written.
async fn the_examiners_view_only_reads(e: &Exam, viewer: &Shopper, a: &str) {
    let (answer, _) = viewer
        .post(
            &format!("/s/{a}/contact"),
            "contact_id=1&email=x@x.fr&subject=Question&message=essai",
        )
        .await;
    assert_eq!(answer.status, 403);
    answer.shows("lecture seule");
    let db = e.t.open(a.parse().unwrap()).await;
    let n: i64 = one(
        &db,
        "SELECT COUNT(*) FROM customer_message WHERE message = 'essai'",
    )
    .await;
    assert_eq!(n, 0);
}

/// The candidate is signed in to their own back-office without a password, and a sandbox
/// outside any exam stays open (practice).
async fn the_candidate_and_practice_sites_open(
    e: &Exam,
    cand_a: &Shopper,
    anonymous: &Shopper,
    a: &str,
) {
    let page = cand_a.get_ok(&format!("/s/{a}/admin/boutique/")).await;
    assert!(
        page.body.contains("/assets/exam/candidate.js"),
        "the recorder is on the candidate's pages"
    );
    let free = e.t.sandbox();
    assert_eq!(anonymous.get(&format!("/s/{free}/")).await.status, 200);
}

#[tokio::test]
async fn wrong_codes_slow_a_workstation_down_but_a_right_code_still_opens_its_seat() {
    let e = exam().await;
    let user = e.app.shopper();
    for _ in 0..e5_exam::limits::CODE_FREE_PER_ADDRESS {
        let (answer, _) = user.post("/", &[("code", "ZZZZZZ")]).await;
        assert_eq!(answer.status, 401);
        answer.shows("Code inconnu");
    }
    // Beyond the free bound: a wrong code waits its turn, then is refused with a 429.
    let (answer, _) = user.post("/", &[("code", "ZZZZZZ")]).await;
    assert_eq!(answer.status, 429);
    answer.shows("chaque essai est désormais ralenti");
    // The right code of a candidate at the same address still opens the seat (after its
    // turn in the queue: a couple of seconds).
    let started = std::time::Instant::now();
    user.post_ok("/", &[("code", &e.demo.seats[0].access_code)])
        .await;
    assert!(started.elapsed() >= Duration::from_millis(900), "paced");
    assert_eq!(
        e.count("SELECT COUNT(*) FROM auth_session WHERE kind = 'candidate'")
            .await,
        1
    );
}

#[tokio::test]
async fn the_timer_runs_on_the_server_and_the_site_turns_read_only_at_the_end() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let cand = e.candidate(1).await;
    let seat = e.demo.seats[1].seat_id;
    let state: Value = cand.response("/epreuve/etat").await.json().await.unwrap();
    assert_eq!(state["timer"]["started"], false);
    assert_eq!(state["timer"]["allowed_text"], "53 min 20 s", "tiers-temps");
    let chrono = format!("/console/poste/{seat}/chrono");
    let (answer, _) = examiner.post(&chrono, "action=pause&reason=").await;
    assert_eq!(answer.status, 422, "not started yet");
    examiner.post_ok(&chrono, "action=start").await;
    let extend = "action=extend&minutes=5&reason=Panne du poste";
    examiner.post_ok(&chrono, extend).await;
    let state: Value = cand.response("/epreuve/etat").await.json().await.unwrap();
    assert_eq!(state["timer"]["started"], true);
    assert_eq!(state["timer"]["allowed_text"], "58 min 20 s");
    // Time up and grace over: simulate by moving the start back.
    exec_for(
        e.platform.db(),
        "UPDATE seat SET started_at = started_at - 4000, grace_seconds = 0 WHERE id = ?",
        seat,
    )
    .await;
    let sandbox = e.sandbox(1);
    assert_eq!(
        cand.get(&format!("/s/{sandbox}/")).await.status,
        200,
        "work still visible"
    );
    let (answer, _) = cand
        .post(
            &format!("/s/{sandbox}/contact"),
            "name=X&email=x@x.fr&message=après la fin",
        )
        .await;
    assert_eq!(answer.status, 403);
    answer.shows("lecture seule");
}

#[tokio::test]
async fn the_candidate_s_site_takes_writes_only_while_their_clock_runs() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let cand = e.candidate(0).await;
    let sandbox = e.sandbox(0);
    let chrono = format!("/console/poste/{}/chrono", e.demo.seats[0].seat_id);
    let contact = format!("/s/{sandbox}/contact");
    let message =
        |n: usize| format!("contact_id=1&email=lea@exemple.fr&subject=Question&message=essai {n}");
    let db = e.t.open(sandbox.parse().unwrap()).await;
    let written = async || -> i64 {
        one(
            &db,
            "SELECT COUNT(*) FROM customer_message WHERE message LIKE 'essai %'",
        )
        .await
    };
    // Before the start: the site and the subject read, nothing is written.
    cand.get_ok(&format!("/s/{sandbox}/")).await;
    cand.get_ok("/epreuve/sujet").await;
    let (answer, _) = cand.post(&contact, message(1)).await;
    assert_eq!(answer.status, 403);
    answer.shows("pas commencé : le site reste en lecture seule");
    assert_eq!(written().await, 0);
    // Running: accepted.
    examiner.post_ok(&chrono, "action=start").await;
    cand.post_ok(&contact, message(2)).await;
    assert_eq!(written().await, 1);
    // Paused: refused again, then accepted once resumed.
    examiner
        .post_ok(&chrono, "action=pause&reason=Panne de courant")
        .await;
    let (answer, _) = cand.post(&contact, message(3)).await;
    assert_eq!(answer.status, 403);
    answer.shows("en pause : le site est en lecture seule");
    assert_eq!(written().await, 1);
    examiner.post_ok(&chrono, "action=resume").await;
    cand.post_ok(&contact, message(4)).await;
    assert_eq!(written().await, 2);
}
