//! Exam day over HTTP: the access matrix of the gate, candidate codes and their rate limit,
//! the grid's autosave (durable before the answer, idempotent replays, signing locks), the
//! live console stream, exports, and tampering detected in archives and change logs.

use std::time::Duration;

use e5_exam::Platform;
use e5_exam::demo::{self, DemoExam};
use serde_json::{Value, json};

use crate::helpers::{Shopper, TestApp, TestData};

pub(crate) struct Exam {
    pub(crate) t: TestData,
    pub(crate) app: TestApp,
    pub(crate) platform: Platform,
    pub(crate) demo: DemoExam,
    /// A second commission with another examiner and one candidate.
    pub(crate) other_commission: i64,
}

pub(crate) async fn exam() -> Exam {
    exam_with(e5::server::Options::default()).await
}

/// The demo exam, served with `e5 serve`'s options.
pub(crate) async fn exam_with(options: e5::server::Options) -> Exam {
    let t = TestData::new().await;
    let platform = Platform::open(&t.data).await.unwrap();
    let demo = demo::create(&platform).await.unwrap();
    e5_exam::planning::import_candidates(&platform, demo.session, "Roux;Inès;02710004;+10 min\n")
        .await
        .unwrap();
    e5_exam::planning::add_examiner(
        &platform,
        "autre@centre-demo.fr",
        "Paul Girard",
        "autre-mdp-2027",
    )
    .await
    .unwrap();
    let other_commission = e5_exam::planning::create_commission(
        &platform,
        demo.session,
        &e5_exam::planning::NewCommission {
            number: "2".into(),
            examiner_email: "autre@centre-demo.fr".into(),
            subject_code: e5_exam::demo::SUBJECT_CODE.into(),
            room: "B205".into(),
            starts_at: "2027-05-12 09:00".into(),
            candidates: vec!["02710004".into()],
        },
    )
    .await
    .unwrap();
    e5_exam::planning::prepare_sandboxes(&platform, demo.session)
        .await
        .unwrap();
    let app = TestApp::spawn_with(&t.data, options).await;
    Exam {
        t,
        app,
        platform,
        demo,
        other_commission,
    }
}

impl Exam {
    pub(crate) fn sandbox(&self, i: usize) -> String {
        self.demo.seats[i].sandbox_id.clone().unwrap()
    }

    pub(crate) async fn candidate(&self, i: usize) -> Shopper {
        let user = self.app.shopper();
        let (answer, home) = user
            .post(
                "/",
                &[("code", &self.demo.seats[i].access_code.to_lowercase())],
            )
            .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        assert_eq!(answer.location.as_deref(), Some("/epreuve"));
        assert!(
            home.body.contains(&self.demo.seats[i].surname),
            "{}",
            home.body
        );
        user
    }

    pub(crate) async fn examiner(&self) -> Shopper {
        let user = self.app.shopper();
        let (answer, _) = user
            .post(
                "/console/connexion",
                &[
                    ("email", demo::EXAMINER_EMAIL),
                    ("password", demo::PASSWORD),
                ],
            )
            .await;
        assert_eq!(answer.status, 303);
        user
    }

    pub(crate) async fn other_examiner(&self) -> Shopper {
        let user = self.app.shopper();
        let (answer, _) = user
            .post(
                "/console/connexion",
                &[
                    ("email", "autre@centre-demo.fr"),
                    ("password", "autre-mdp-2027"),
                ],
            )
            .await;
        assert_eq!(answer.status, 303);
        user
    }

    pub(crate) async fn admin(&self) -> Shopper {
        let user = self.app.shopper();
        let (answer, _) = user
            .post(
                "/admin/connexion",
                &[("email", demo::ADMIN_EMAIL), ("password", demo::PASSWORD)],
            )
            .await;
        assert_eq!(answer.status, 303);
        user
    }
}

pub(crate) async fn edit(
    user: &Shopper,
    seat: i64,
    key: &str,
    field: &str,
    value: &str,
) -> (u16, Value) {
    let r = user
        .client
        .post(format!("{}/console/poste/{seat}/grille", user.staff))
        .header("origin", &user.staff)
        .json(&json!({"key": key, "field": field, "value": value}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_gate_lets_each_person_reach_only_what_is_theirs() {
    let e = exam().await;
    let (a, b) = (e.sandbox(0), e.sandbox(1));
    let c1 = e.demo.commission;
    let c2 = e.other_commission;
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
    let routes = [
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
    ];
    // Expected status per route, in the order above (303 = sent to a sign-in page). The
    // console's and the centre's sessions open no candidate site: only the examiner's
    // read-only view of a seat of theirs does.
    let matrix: [(&str, &Shopper, [u16; 11]); 7] = [
        (
            "anonyme",
            &anonymous,
            [403, 403, 403, 303, 303, 303, 303, 303, 303, 303, 303],
        ),
        (
            "candidat A",
            &cand_a,
            [200, 200, 403, 303, 303, 303, 303, 200, 303, 303, 303],
        ),
        (
            "candidat B",
            &cand_b,
            [403, 403, 200, 303, 303, 303, 303, 200, 303, 303, 303],
        ),
        (
            "autre examinateur",
            &other,
            [403, 403, 403, 403, 403, 200, 303, 303, 303, 303, 303],
        ),
        (
            "examinateur",
            &examiner,
            [403, 403, 403, 200, 200, 403, 303, 303, 303, 303, 303],
        ),
        (
            "examinateur, site A ouvert",
            &viewer,
            [200, 200, 403, 200, 200, 403, 303, 303, 303, 303, 303],
        ),
        (
            "centre",
            &admin,
            [403, 403, 403, 303, 303, 303, 200, 303, 200, 200, 200],
        ),
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
    // The examiner only looks: a write to the candidate's site is refused, nothing written.
    let (answer, _) = viewer
        .post(
            &format!("/s/{a}/contact"),
            &[("name", "X"), ("email", "x@x.fr"), ("message", "essai")],
        )
        .await;
    assert_eq!(answer.status, 403);
    assert!(answer.body.contains("lecture seule"), "{}", answer.body);
    let db = e.t.open(a.parse().unwrap()).await;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM journal WHERE summary LIKE '%essai%'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(n, 0);
    // The candidate is signed in to their own back-office without a password.
    let page = cand_a.get(&format!("/s/{a}/admin/boutique/")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("/assets/exam/candidate.js"),
        "the recorder is on the candidate's pages"
    );
    // A sandbox outside any exam stays open (practice).
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
        assert!(answer.body.contains("Code inconnu"), "{}", answer.body);
    }
    // Beyond the free bound: a wrong code waits its turn, then is refused with a 429.
    let (answer, _) = user.post("/", &[("code", "ZZZZZZ")]).await;
    assert_eq!(answer.status, 429);
    assert!(
        answer.body.contains("chaque essai est désormais ralenti"),
        "{}",
        answer.body
    );
    // The right code of a candidate at the same address still opens the seat (after its
    // turn in the queue: a couple of seconds).
    let started = std::time::Instant::now();
    let (answer, _) = user
        .post("/", &[("code", &e.demo.seats[0].access_code)])
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(started.elapsed() >= Duration::from_millis(900), "paced");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM auth_session WHERE kind = 'candidate'")
        .fetch_one(e.platform.db())
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn a_grid_click_is_on_disk_when_the_answer_comes_back_and_replays_apply_once() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = e.demo.seats[0].seat_id;
    let (status, body) = edit(&examiner, seat, "k-1", "level:1a", "S").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["applied"], true);
    // Read straight from the file with a fresh connection, as after a crash.
    let file = e5_shop_db::open_read_only(&e.t.data.root().join("platform.db"))
        .await
        .unwrap();
    let levels: String = sqlx::query_scalar("SELECT levels FROM grid WHERE seat_id = ?")
        .bind(seat)
        .fetch_one(&file)
        .await
        .unwrap();
    assert_eq!(levels, r#"{"1a":"S"}"#);
    // The same key again (an offline queue replayed): acknowledged, applied once.
    let (status, body) = edit(&examiner, seat, "k-1", "level:1a", "S").await;
    assert_eq!(status, 200);
    assert_eq!(body["applied"], false);
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grid_event WHERE seat_id = ?")
        .bind(seat)
        .fetch_one(&file)
        .await
        .unwrap();
    assert_eq!(events, 1);
    // Queued edits replayed in order, twice over: the grid ends as the examiner left it.
    for round in 0..2 {
        for (i, (field, value)) in [
            ("level:1b", "TS"),
            ("comment:1b", "Titre optimisé"),
            ("mark", "14,5"),
            ("level:1b", "S"),
        ]
        .iter()
        .enumerate()
        {
            let (status, body) = edit(&examiner, seat, &format!("q-{i}"), field, value).await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(body["applied"], round == 0);
        }
    }
    let grid = e5_exam::grid::load(&e.platform, seat).await.unwrap();
    assert_eq!(grid.levels.get("1b").map(String::as_str), Some("S"));
    assert_eq!(grid.mark, "14,5");
    assert_eq!(grid.suggested.as_deref(), Some("12,5"));
    let chain = e5_exam::grid::events(&e.platform, seat).await.unwrap();
    assert_eq!(chain.len(), 5);
    assert!(e5_exam::grid::verify_chain(&chain).is_ok());
    // Bad input: a clear message, nothing changed.
    let (status, body) = edit(&examiner, seat, "k-bad", "mark", "25").await;
    assert_eq!(status, 422);
    assert!(body["error"].as_str().unwrap().contains("entre 0 et 20"));
    assert_eq!(
        e5_exam::grid::events(&e.platform, seat)
            .await
            .unwrap()
            .len(),
        5
    );
    // Another examiner cannot touch this grid.
    let other = e.other_examiner().await;
    let (status, _) = edit(&other, seat, "k-other", "mark", "2").await;
    assert_eq!(status, 403);
    assert_eq!(
        e5_exam::grid::load(&e.platform, seat).await.unwrap().mark,
        "14,5"
    );
}

#[tokio::test]
async fn signing_locks_the_grid_and_reopening_needs_a_reason() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = e.demo.seats[1].seat_id;
    let (status, body) = edit(&examiner, seat, "s-0", "sign", "").await;
    assert_eq!(status, 422, "no mark yet: {body}");
    assert!(body["error"].as_str().unwrap().contains("note sur 20"));
    edit(&examiner, seat, "s-1", "mark", "13").await;
    edit(
        &examiner,
        seat,
        "s-2",
        "appreciation",
        "Travail soigné, référencement à approfondir.",
    )
    .await;
    let (status, body) = edit(&examiner, seat, "s-3", "sign", "").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["grid"]["signed_by"], "Claire Dubois");
    let (status, body) = edit(&examiner, seat, "s-4", "mark", "15").await;
    assert_eq!(status, 422);
    assert!(body["error"].as_str().unwrap().contains("signée"));
    let (status, _) = edit(&examiner, seat, "s-5", "reopen", "").await;
    assert_eq!(status, 422);
    let (status, body) = edit(
        &examiner,
        seat,
        "s-6",
        "reopen",
        "Erreur de saisie sur la note",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["grid"]["signed_at"].is_null());
    let reopened: String =
        sqlx::query_scalar("SELECT value FROM grid_event WHERE field = 'reopen'")
            .fetch_one(e.platform.db())
            .await
            .unwrap();
    assert_eq!(reopened, "Erreur de saisie sur la note");
    // The fiche shows what was signed, in the official layout.
    edit(&examiner, seat, "s-7", "sign", "").await;
    let fiche = examiner.get(&format!("/console/poste/{seat}/fiche")).await;
    assert_eq!(fiche.status, 200);
    for text in [
        "Fiche d'évaluation",
        "Nguyen",
        "02710002",
        "Commission n°",
        "Sujet D",
        "13",
        "/ 20",
        "Travail soigné",
        "Claire Dubois",
        "tiers-temps",
        "53 min 20 s",
    ] {
        assert!(fiche.body.contains(text), "fiche lacks {text}");
    }
    // The CSV for a French spreadsheet.
    let r = examiner
        .client
        .get(format!(
            "{}/console/commission/{}/notes.csv",
            e.app.staff, e.demo.commission
        ))
        .send()
        .await
        .unwrap();
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("Session;Commission;"));
    assert!(
        text.contains(";02710002;Nguyen;Hugo;tiers-temps;Présent;13;"),
        "{text}"
    );
}

#[tokio::test]
async fn the_timer_runs_on_the_server_and_the_site_turns_read_only_at_the_end() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let cand = e.candidate(1).await;
    let seat = e.demo.seats[1].seat_id;
    let state: Value = cand
        .client
        .get(format!("{}/epreuve/etat", e.app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["timer"]["started"], false);
    assert_eq!(state["timer"]["allowed_text"], "53 min 20 s", "tiers-temps");
    let (answer, _) = examiner
        .post(
            &format!("/console/poste/{seat}/chrono"),
            &[("action", "pause"), ("reason", "")],
        )
        .await;
    assert_eq!(answer.status, 422, "not started yet");
    let (answer, _) = examiner
        .post(
            &format!("/console/poste/{seat}/chrono"),
            &[("action", "start")],
        )
        .await;
    assert_eq!(answer.status, 303);
    let (answer, _) = examiner
        .post(
            &format!("/console/poste/{seat}/chrono"),
            &[
                ("action", "extend"),
                ("minutes", "5"),
                ("reason", "Panne du poste"),
            ],
        )
        .await;
    assert_eq!(answer.status, 303);
    let state: Value = cand
        .client
        .get(format!("{}/epreuve/etat", e.app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["timer"]["started"], true);
    assert_eq!(state["timer"]["allowed_text"], "58 min 20 s");
    // Time up and grace over: simulate by moving the start back.
    sqlx::query("UPDATE seat SET started_at = started_at - 4000, grace_seconds = 0 WHERE id = ?")
        .bind(seat)
        .execute(e.platform.db())
        .await
        .unwrap();
    let sandbox = e.sandbox(1);
    assert_eq!(
        cand.get(&format!("/s/{sandbox}/")).await.status,
        200,
        "work still visible"
    );
    let (answer, _) = cand
        .post(
            &format!("/s/{sandbox}/contact"),
            &[
                ("name", "X"),
                ("email", "x@x.fr"),
                ("message", "après la fin"),
            ],
        )
        .await;
    assert_eq!(answer.status, 403);
    assert!(answer.body.contains("lecture seule"));
}

#[tokio::test]
async fn the_demo_candidates_work_on_their_subjects_prepared_site() {
    let e = exam().await;
    // Subject D's overlay creates the product the candidate must complete: every seat's
    // sandbox starts from the subject's prepared database, not from the bare context.
    for i in 0..3 {
        let db = e.t.open(e.sandbox(i).parse().unwrap()).await;
        let name: String =
            sqlx::query_scalar("SELECT name FROM product WHERE reference = 'TDL-HC-005'")
                .fetch_one(&db)
                .await
                .unwrap();
        assert!(name.contains("Vert sauge"), "{name}");
    }
    let examiner = e.examiner().await;
    let seat = e.demo.seats[0].seat_id;
    let evidence = examiner
        .get(&format!("/console/poste/{seat}/indices"))
        .await;
    assert_eq!(evidence.status, 200);
    assert!(!evidence.body.contains("introuvable"), "{}", evidence.body);
}

#[tokio::test]
async fn the_console_hears_a_candidates_action_within_a_second() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let cand = e.candidate(0).await;
    let mut stream = examiner
        .client
        .get(format!(
            "{}/console/commission/{}/flux",
            e.app.staff, e.demo.commission
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    // Let the stream subscribe, then the candidate acts.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sandbox = e.sandbox(0);
    let (answer, _) = cand
        .post(
            &format!("/s/{sandbox}/contact"),
            &[
                ("contact_id", "1"),
                ("email", "lea@exemple.fr"),
                ("subject", "Question"),
                ("message", "Bonjour, une question sur la nappe."),
            ],
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
async fn a_tampered_archive_or_change_log_is_detected() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = e.demo.seats[0].seat_id;
    edit(&examiner, seat, "a-1", "level:1a", "TS").await;
    edit(&examiner, seat, "a-2", "mark", "16").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.tar");
    let manifest = e5_exam::archive::write(&e.platform, e.demo.session, &file)
        .await
        .unwrap();
    assert!(
        manifest.entries.iter().any(|x| x.name.ends_with(".db")),
        "final sandboxes are in"
    );
    let key = e5_exam::archive::centre_public_key(e.t.data.root())
        .unwrap()
        .expect("the centre's key was created to sign the archive");
    let ok = e5_exam::archive::verify(&file, Some(&key)).unwrap();
    assert!(ok.signature_checked);
    // One byte changed in a grid: detected, and named.
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes
        .windows(6)
        .position(|w| w == b"\"16\",\n")
        .or_else(|| bytes.windows(4).position(|w| w == b"\"16\""))
        .unwrap();
    bytes[at + 1] = b'9';
    let tampered = dir.path().join("tampered.tar");
    std::fs::write(&tampered, &bytes).unwrap();
    let why = e5_exam::archive::verify(&tampered, Some(&key)).unwrap_err();
    assert!(why.contains("modifié"), "{why}");
    // The CLI says so too.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_e5"))
        .args(["exam", "verify-archive"])
        .arg(&tampered)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ALTÉRÉE"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The change log in the database, altered behind the server's back (triggers dropped).
    sqlx::query("DROP TRIGGER grid_event_no_update")
        .execute(e.platform.db())
        .await
        .unwrap();
    sqlx::query("UPDATE grid_event SET value = '20' WHERE idem_key = 'a-2'")
        .execute(e.platform.db())
        .await
        .unwrap();
    let chain = e5_exam::grid::events(&e.platform, seat).await.unwrap();
    let why = e5_exam::grid::verify_chain(&chain).unwrap_err();
    assert!(why.contains("événement 2"), "{why}");
}

#[tokio::test]
async fn the_centre_imports_candidates_and_bad_lines_change_nothing() {
    let e = exam().await;
    let admin = e.admin().await;
    let path = format!("/admin/session/{}/candidats", e.demo.session);
    let (answer, _) = admin
        .post(
            &path,
            &[("csv", "Durand;Zoé;02719999\n;Paul;02719998\nPetit;Hugo\n")],
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(
        answer.body.contains("ligne 2 : le nom est vide"),
        "{}",
        answer.body
    );
    assert!(
        answer.body.contains("ligne 3 : 3 colonnes attendues"),
        "{}",
        answer.body
    );
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM candidate WHERE number = '02719999'")
        .fetch_one(e.platform.db())
        .await
        .unwrap();
    assert_eq!(n, 0, "nothing imported when a line is bad");
    let (answer, page) = admin
        .post(&path, &[("csv", "Durand;Zoé;02719999;tiers-temps\n")])
        .await;
    assert_eq!(answer.status, 303);
    assert!(
        page.body.contains("1 candidat(s) importé(s)"),
        "{}",
        page.body
    );
    let codes = admin
        .get(&format!("/admin/session/{}/codes", e.demo.session))
        .await;
    assert!(codes.body.contains(&e.demo.seats[2].access_code));
    assert!(codes.body.contains("salle B204"));
    let h = admin
        .get(&format!("/admin/session/{}/harmonisation", e.demo.session))
        .await;
    assert_eq!(h.status, 200);
    assert!(h.body.contains("Positionnement par ligne"));
}

#[tokio::test]
async fn a_real_subject_is_imported_prepared_and_its_evidence_reaches_the_console() {
    let e = exam().await;
    let file = crate::helpers::repo_root().join("subjects/sujet-a-contenu-article-lin.toml");
    let (code, rows) = e5_exam::planning::import_subject(&e.platform, e.demo.session, &file, 1)
        .await
        .unwrap();
    assert!(rows >= 5, "{rows} grid rows");
    assert!(
        e.t.data.prepared_path(&code).unwrap().is_file(),
        "prepared ahead of exam day"
    );
    let commission = third_commission(&e, &code).await;
    e5_exam::planning::prepare_sandboxes(&e.platform, e.demo.session)
        .await
        .unwrap();
    let seat = e5_exam::planning::seats_of_commission(&e.platform, commission)
        .await
        .unwrap()[0]
        .seat_id;
    let examiner = e.examiner().await;
    let r: Value = examiner
        .client
        .get(format!("{}/console/poste/{seat}/indices", e.app.staff))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["available"], true, "{r}");
    let evidence = r["rows"].as_array().unwrap();
    assert!(!evidence.is_empty());
    assert!(
        evidence.iter().all(|row| row["satisfied"] == false),
        "nothing done yet: {r}"
    );
    // A broken subject file is refused with the subjects crate's diagnostics, nothing imported.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[subject]\ncode = \"X\"\n").unwrap();
    let err = e5_exam::planning::import_subject(&e.platform, e.demo.session, &bad, 1)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("bad.toml"), "{err}");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM subject WHERE code = 'X'")
        .fetch_one(e.platform.db())
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn a_subject_whose_sql_reaches_for_the_marks_is_refused_and_changes_nothing() {
    let e = exam().await;
    let platform_db = e.t.data.root().join("platform.db");
    let original = "sql = \"UPDATE media SET alt = '' WHERE file = 'atelier/champ-lin.svg'\"";
    let text = std::fs::read_to_string(
        crate::helpers::repo_root().join("subjects/sujet-a-contenu-article-lin.toml"),
    )
    .unwrap();
    assert!(text.contains(original));
    // The attack seen in the wild: end the overlay's transaction, attach the platform's
    // database, rewrite the marks.
    let text = text.replace(
        original,
        &format!(
            "sql = '''\nCOMMIT; ATTACH '{}' AS p; UPDATE p.grid SET mark = '20', signed_at = '2027-05-12 10:00';\n'''",
            platform_db.display()
        ),
    );
    // A code of its own, so that no prepared database of it exists yet.
    let text = text.replace("code = \"TDL27-A-CONTENU\"", "code = \"TDL27-A-PIEGE\"");
    let line = text[..text.find("[[overlay.sql]]").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let grids = || async {
        sqlx::query_as::<_, (i64, String, Option<String>)>(
            "SELECT seat_id, mark, signed_at FROM grid ORDER BY seat_id",
        )
        .fetch_all(e.platform.db())
        .await
        .unwrap()
    };
    let before = grids().await;
    assert!(!before.is_empty());
    let found = e5_exam::planning::import_subject_source(
        &e.platform,
        "test",
        e.demo.session,
        "sujet-piégé.toml",
        &text,
        1,
    )
    .await
    .expect_err("refused");
    let expected = format!(
        "ligne {line} : [[overlay.sql]] : instruction SQL refusée (COMMIT) : le SQL d'un sujet ne peut modifier que la base du sujet"
    );
    assert!(
        found.contains(&expected),
        "expected {expected}, got {found:?}"
    );
    assert_eq!(grids().await, before, "no mark changed");
    let prepared = e.t.data.prepared_path("TDL27-A-PIEGE").unwrap();
    assert!(!prepared.exists(), "no prepared database");
    let left: Vec<_> = std::fs::read_dir(prepared.parent().unwrap())
        .map(|d| d.collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "no partial file left: {left:?}");
    let recorded: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM subject WHERE session_id = ? AND source LIKE '%ATTACH%'",
    )
    .bind(e.demo.session)
    .fetch_one(e.platform.db())
    .await
    .unwrap();
    assert_eq!(recorded, 0);
}

/// An archive's entries, in order.
pub(crate) fn archive_entries(file: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    crate::helpers::tar_entries(std::fs::File::open(file).unwrap())
}

/// The manifest among an archive's entries.
fn manifest_of(entries: &[(String, Vec<u8>)]) -> e5_exam::archive::Manifest {
    let (_, bytes) = entries.iter().find(|(n, _)| n == "manifest.json").unwrap();
    serde_json::from_slice(bytes).unwrap()
}

/// What a forger without the centre's key can do: rewrite entries, then the manifest's
/// hashes to match them (the signature entry is left as it was).
fn forge(out: &std::path::Path, entries: &[(String, Vec<u8>)]) {
    use sha2::Digest;
    let mut manifest = manifest_of(entries);
    for listed in &mut manifest.entries {
        let bytes = &entries.iter().find(|(n, _)| *n == listed.name).unwrap().1;
        listed.size = bytes.len() as u64;
        listed.sha256 = hex::encode(sha2::Sha256::digest(bytes));
    }
    let manifest = serde_json::to_vec_pretty(&manifest).unwrap();
    let mut tar = tar::Builder::new(std::fs::File::create(out).unwrap());
    for (name, bytes) in entries {
        let bytes = if name == "manifest.json" {
            &manifest
        } else {
            bytes
        };
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes.as_slice())
            .unwrap();
    }
    tar.into_inner().unwrap();
}

fn replace_entry(entries: &mut [(String, Vec<u8>)], suffix: &str, bytes: Vec<u8>) {
    let entry = entries
        .iter_mut()
        .find(|(n, _)| n.ends_with(suffix))
        .unwrap();
    entry.1 = bytes;
}

fn verify_archive(file: &std::path::Path, extra: &[&std::ffi::OsStr]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_e5"))
        .args(["exam", "verify-archive"])
        .arg(file)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test]
async fn an_archive_is_signed_by_the_centre_key_and_a_forged_mark_is_caught() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = e.demo.seats[0].seat_id;
    edit(&examiner, seat, "s-1", "level:1a", "S").await;
    edit(&examiner, seat, "s-2", "mark", "12").await;
    edit(&examiner, seat, "s-3", "sign", "Claire Martin").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.tar");
    e5_exam::archive::write(&e.platform, e.demo.session, &file)
        .await
        .unwrap();
    let root = e.t.data.root();

    // Key files: readable by their owner only.
    #[cfg(unix)]
    for name in ["centre.key", "secret.key"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(root.join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }

    // `e5 exam key` gives the public key file, with its fingerprint.
    let public = dir.path().join("centre.pub");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_e5"))
        .args(["exam", "key", "-o"])
        .arg(&public)
        .arg("--data")
        .arg(root)
        .output()
        .unwrap();
    assert!(out.status.success());
    let key = e5_sandbox::keys::read_public_key(&public).unwrap();
    let fingerprint = e5_sandbox::keys::fingerprint(&key);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&fingerprint));
    assert_eq!(
        Some(key),
        e5_exam::archive::centre_public_key(root).unwrap()
    );

    // The fiche shows the centre key's fingerprint.
    let fiche = examiner.get(&format!("/console/poste/{seat}/fiche")).await;
    assert!(
        fiche
            .body
            .contains(&format!("Clé publique du centre : {fingerprint}")),
        "{}",
        fiche.body
    );

    let admin = e.admin().await;
    let page = admin
        .get(&format!("/admin/session/{}", e.demo.session))
        .await;
    assert!(
        page.body.contains(&format!("empreinte {fingerprint}")),
        "{}",
        page.body
    );

    // Right key (file or data folder): authentic. No key: integrity only, and a failure.
    let (ok, said) = verify_archive(&file, &["--key".as_ref(), public.as_os_str()]);
    assert!(ok && said.contains("authentique"), "{said}");
    let (ok, said) = verify_archive(&file, &["--data".as_ref(), root.as_os_str()]);
    assert!(ok, "{said}");
    let (ok, said) = verify_archive(&file, &[]);
    assert!(!ok && said.contains("authenticité non vérifiée"), "{said}");
    let wrong = &crate::helpers::national_keys().1;
    let (ok, said) = verify_archive(&file, &["--key".as_ref(), wrong.as_os_str()]);
    assert!(!ok && said.contains("autre clé"), "{said}");

    let entries = archive_entries(&file);
    let seat_dir = {
        let (name, _) = entries
            .iter()
            .find(|(n, b)| {
                n.ends_with("/grille.json")
                    && serde_json::from_slice::<serde_json::Value>(b).unwrap()["grid"]["seat_id"]
                        == seat
            })
            .unwrap();
        name.trim_end_matches("grille.json").to_owned()
    };
    let grid_name = format!("{seat_dir}grille.json");
    let mut grid: serde_json::Value =
        serde_json::from_slice(&entries.iter().find(|(n, _)| *n == grid_name).unwrap().1).unwrap();
    assert_eq!(grid["grid"]["mark"], "12");
    grid["grid"]["mark"] = "18".into();
    let forged_grid = serde_json::to_vec_pretty(&grid).unwrap();

    // grille.json edited alone, hashes rebuilt: the grid no longer follows from its log,
    // caught even without the key.
    let mut only_grid = entries.clone();
    replace_entry(
        &mut only_grid,
        &format!("{seat_dir}grille.json"),
        forged_grid.clone(),
    );
    let forged = dir.path().join("grid-only.tar");
    forge(&forged, &only_grid);
    let why = e5_exam::archive::verify(&forged, None).unwrap_err();
    assert!(
        why.contains("grille.json : note « 18 »") && why.contains("journal des modifications"),
        "{why}"
    );

    // The mark changed in the log too, the chain and the hashes rebuilt: consistent, so
    // only the centre's signature catches it.
    let log_name = format!("{seat_dir}journal-grille.json");
    let mut log: Vec<e5_exam::grid::StoredEvent> =
        serde_json::from_slice(&entries.iter().find(|(n, _)| *n == log_name).unwrap().1).unwrap();
    let mut prev = e5_exam::grid::genesis();
    for event in &mut log {
        if event.event.field == "mark" {
            event.event.value = "18".into();
        }
        event.prev_hash = prev.clone();
        event.hash = e5_exam::grid::chain_hash(&prev, &event.event);
        prev = event.hash.clone();
    }
    let mut full = only_grid.clone();
    replace_entry(
        &mut full,
        &log_name,
        serde_json::to_vec_pretty(&log).unwrap(),
    );
    let forged = dir.path().join("forged.tar");
    forge(&forged, &full);
    let unchecked = e5_exam::archive::verify(&forged, None).expect("consistent without the key");
    assert!(!unchecked.signature_checked);
    let why = e5_exam::archive::verify(&forged, Some(&key)).unwrap_err();
    assert!(why.contains("signature invalide"), "{why}");
    let (ok, said) = verify_archive(&forged, &["--key".as_ref(), public.as_os_str()]);
    assert!(!ok && said.contains("ALTÉRÉE"), "{said}");
    let (ok, said) = verify_archive(&forged, &[]);
    assert!(!ok && said.contains("authenticité non vérifiée"), "{said}");

    // Re-signed by the forger's own key: not the centre's.
    let forger = e5_sandbox::keys::generate().unwrap();
    let mut resigned = archive_entries(&forged);
    let manifest = resigned[0].1.clone();
    replace_entry(
        &mut resigned,
        "manifest.sig",
        e5_sandbox::keys::signature_entry(&forger, e5_exam::archive::SIGNATURE_DOMAIN, &manifest),
    );
    let resigned_file = dir.path().join("resigned.tar");
    forge(&resigned_file, &resigned);
    let why = e5_exam::archive::verify(&resigned_file, Some(&key)).unwrap_err();
    assert!(why.contains("autre clé"), "{why}");
}

/// An archive of `entries` whose entry `big` is replaced by one of `size` bytes, last, as
/// holes of a sparse file (nothing written to disk); `manifest` replaces manifest.json.
pub(crate) fn sparse_archive(
    entries: &[(String, Vec<u8>)],
    big: &str,
    size: u64,
    manifest: Option<&[u8]>,
    out: &std::path::Path,
) {
    use std::io::{Seek, Write};
    let mut tar = tar::Builder::new(std::fs::File::create(out).unwrap());
    for (name, bytes) in entries.iter().filter(|(n, _)| n != big) {
        let bytes = match manifest {
            Some(m) if name == "manifest.json" => m,
            _ => bytes.as_slice(),
        };
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes).unwrap();
    }
    let mut f = tar.into_inner().unwrap();
    // Over the end-of-archive blocks: the huge entry's header, then holes.
    let end = f.seek(std::io::SeekFrom::End(-1024)).unwrap();
    let mut header = tar::Header::new_gnu();
    header.set_path(big).unwrap();
    header.set_size(size);
    header.set_mode(0o644);
    header.set_cksum();
    f.write_all(header.as_bytes()).unwrap();
    f.set_len(end + 512 + size + 1024).unwrap();
}

/// An entry whose tar header announces 3 GiB (a sparse file: nothing on disk) is refused
/// from its header, without being read, and so is a manifest announcing more than the cap.
#[tokio::test]
async fn an_oversized_archive_entry_is_refused_without_being_read() {
    let e = exam().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.tar");
    e5_exam::archive::write(&e.platform, e.demo.session, &file)
        .await
        .unwrap();
    let entries = archive_entries(&file);
    let db = entries
        .iter()
        .find(|(n, _)| n.ends_with(".db"))
        .unwrap()
        .0
        .clone();
    let huge: u64 = 3 << 30;
    let sparse = |out: &std::path::Path, manifest: Option<&[u8]>| {
        sparse_archive(&entries, &db, huge, manifest, out)
    };
    let started = std::time::Instant::now();
    let lying = dir.path().join("lying.tar");
    sparse(&lying, None);
    let why = e5_exam::archive::verify(&lying, None).unwrap_err();
    assert!(why.contains(&db) && why.contains("modifié"), "{why}");

    let mut manifest = manifest_of(&entries);
    for listed in &mut manifest.entries {
        if listed.name == db {
            listed.size = huge;
        }
    }
    let manifest = serde_json::to_vec_pretty(&manifest).unwrap();
    let announced = dir.path().join("announced.tar");
    sparse(&announced, Some(&manifest));
    let why = e5_exam::archive::verify(&announced, None).unwrap_err();
    assert!(
        why.contains(&db) && why.contains("annoncés par le manifeste"),
        "{why}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10), // reading 3 GiB would take far longer
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_grid_edit_that_cannot_be_written_is_refused_visibly_and_the_next_one_works() {
    use sqlx::{Connection, Executor};
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = e.demo.seats[0].seat_id;
    let path = e.t.data.root().join("platform.db");
    // Another process holds platform.db's write lock: the server's write fails ("database
    // is locked") as it would on a full disk, after its busy timeout.
    let mut blocker = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    blocker.execute("BEGIN IMMEDIATE").await.unwrap();
    let (status, body) = edit(&examiner, seat, "k-bloque", "level:1a", "S").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["applied"], false);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("rien n'a été enregistré"),
        "{body}"
    );
    blocker.execute("ROLLBACK").await.unwrap();
    blocker.close().await.unwrap();
    let file = e5_shop_db::open_read_only(&path).await.unwrap();
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grid_event WHERE seat_id = ?")
        .bind(seat)
        .fetch_one(&file)
        .await
        .unwrap();
    assert_eq!(events, 0);
    // The cause gone, the same edit (the console's queue sends it again) is applied without
    // restarting the server.
    let (status, body) = edit(&examiner, seat, "k-bloque", "level:1a", "S").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["applied"], true);
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grid_event WHERE seat_id = ?")
        .bind(seat)
        .fetch_one(&file)
        .await
        .unwrap();
    assert_eq!(events, 1);
}

#[tokio::test]
async fn a_seat_is_never_forked_from_the_bare_context_when_its_subject_is_not_prepared() {
    let e = exam().await;
    third_commission(&e, demo::SUBJECT_CODE).await;
    // The subject's prepared database went missing (a deleted folder, a failed copy).
    let prepared = e.t.data.prepared_path(demo::SUBJECT_CODE).unwrap();
    std::fs::remove_file(&prepared).unwrap();
    let sandboxes = || std::fs::read_dir(e.t.data.sandboxes_dir()).unwrap().count();
    let before = sandboxes();
    let err = e5_exam::planning::prepare_sandboxes(&e.platform, e.demo.session)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "le sujet {} n'a pas de base préparée",
            demo::SUBJECT_CODE
        )),
        "{err}"
    );
    assert_eq!(sandboxes(), before, "no sandbox made");
    let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM seat WHERE sandbox_id IS NULL")
        .fetch_one(e.platform.db())
        .await
        .unwrap();
    assert_eq!(waiting, 1);
}

#[tokio::test]
async fn a_removed_seat_s_sandbox_is_closed_before_its_file_is_deleted() {
    let e = exam().await;
    let id: e5_domain::SandboxId = e.sandbox(0).parse().unwrap();
    let site = e.platform.sites.get(id).await.unwrap();
    drop(site);
    assert_eq!(e.platform.sites.open_count().await, 1);
    e.platform.delete_sandbox(id).await.unwrap();
    assert_eq!(e.platform.sites.open_count().await, 0, "closed first");
    assert!(!e.t.data.sandbox_path(id).exists());
    assert!(
        e.platform.sites.get(id).await.is_err(),
        "never opened again"
    );
}

/// Commission 3: a new candidate (Jade Leroy) on `subject_code`, no sandbox yet.
async fn third_commission(e: &Exam, subject_code: &str) -> i64 {
    e5_exam::planning::import_candidates(&e.platform, e.demo.session, "Leroy;Jade;02710005;\n")
        .await
        .unwrap();
    e5_exam::planning::create_commission(
        &e.platform,
        e.demo.session,
        &e5_exam::planning::NewCommission {
            number: "3".into(),
            examiner_email: demo::EXAMINER_EMAIL.into(),
            subject_code: subject_code.into(),
            room: "B206".into(),
            starts_at: "2027-05-12 10:00".into(),
            candidates: vec!["02710005".into()],
        },
    )
    .await
    .unwrap()
}
