//! The centre administration over HTTP: a session planned from the pages alone (session,
//! examiner, subject, candidates, commission, sandboxes), bad input refused with its
//! message and nothing written, every change logged with its author; sign-in sessions that
//! expire; wrong codes and passwords limited per address, durably.

use std::net::{IpAddr, Ipv4Addr};

use e5_exam::Platform;
use e5_exam::demo;

use crate::exam::exam;
use crate::helpers::{Page, Shopper, TestApp, TestData};

const ADMIN: &str = "secretariat@lycee-exemple.fr";
const ADMIN_PASSWORD: &str = "centre-mdp-2027";

/// A client whose connections come from another address of the loopback network (another
/// workstation, for the server's limits).
fn from_address(app: &TestApp, ip: Ipv4Addr) -> Shopper {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(IpAddr::V4(ip))
        .build()
        .unwrap();
    Shopper {
        client,
        address: app.address.clone(),
        staff: app.staff.clone(),
    }
}

async fn multipart(user: &Shopper, path: &str, form: reqwest::multipart::Form) -> Page {
    let r = user
        .client
        .post(user.url(path))
        .header("origin", user.base(path))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    let body = r.text().await.unwrap();
    Page {
        status,
        location,
        body,
    }
}

async fn count(p: &Platform, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(p.db()).await.unwrap()
}

async fn sign_in_admin(app: &TestApp) -> Shopper {
    let admin = app.shopper();
    let (answer, home) = admin
        .post(
            "/admin/connexion",
            &[("email", ADMIN), ("password", ADMIN_PASSWORD)],
        )
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(home.body.contains("Sessions d'examen"), "{}", home.body);
    admin
}

/// The text between `start` and the next `end`.
fn between<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let from = body
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {body}"))
        + start.len();
    let len = body[from..].find(end).unwrap();
    &body[from..from + len]
}

#[tokio::test]
async fn a_centre_plans_a_session_from_its_pages_and_the_examiner_sees_the_commission() {
    let t = TestData::new().await;
    let platform = Platform::open(&t.data).await.unwrap();
    e5_exam::planning::add_centre_admin(&platform, ADMIN, "Nadia Roche", ADMIN_PASSWORD)
        .await
        .unwrap();
    let app = TestApp::spawn(&t.data).await;
    let admin = sign_in_admin(&app).await;

    // A session: an empty name is refused, a good one opens its page, a duplicate is refused.
    let (answer, _) = admin.post("/admin/sessions", &[("name", "  ")]).await;
    assert_eq!(answer.status, 422);
    assert!(
        answer.body.contains("indiquez le nom de la session"),
        "{}",
        answer.body
    );
    assert_eq!(
        count(&platform, "SELECT COUNT(*) FROM exam_session").await,
        0
    );
    let (answer, page) = admin
        .post(
            "/admin/sessions",
            &[("name", "BTS NDRC 2027 – lycée Exemple")],
        )
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    let session_path = answer.location.clone().unwrap();
    let session_path = session_path.split('?').next().unwrap().to_owned();
    assert!(
        page.body.contains("Session BTS NDRC 2027 – lycée Exemple"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Session créée"));
    let (answer, _) = admin
        .post(
            "/admin/sessions",
            &[("name", "BTS NDRC 2027 – lycée Exemple")],
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("existe déjà"));
    assert_eq!(
        count(&platform, "SELECT COUNT(*) FROM exam_session").await,
        1
    );

    // An examiner with a generated password, shown once.
    let (answer, _) = admin
        .post(
            "/admin/examinateurs",
            &[
                ("name", "Claire Dubois"),
                ("email", "claire.dubois@ac-exemple.fr"),
                ("mode", "generer"),
            ],
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(
        answer.body.contains("il ne sera plus affiché"),
        "{}",
        answer.body
    );
    let password = between(&answer.body, "<code class=\"secret\">", "</code>").to_owned();
    assert_eq!(password.len(), 19, "{password}");
    // Duplicate e-mail, empty name, short password: refused, nothing written.
    for (form, message) in [
        (
            [
                ("name", "Autre"),
                ("email", "CLAIRE.dubois@ac-exemple.fr"),
                ("mode", "generer"),
                ("password", ""),
            ],
            "déjà celle d&#x27;un autre examinateur",
        ),
        (
            [
                ("name", " "),
                ("email", "x@ac-exemple.fr"),
                ("mode", "generer"),
                ("password", ""),
            ],
            "indiquez le nom de l&#x27;examinateur",
        ),
        (
            [
                ("name", "Paul Girard"),
                ("email", "paul@ac-exemple.fr"),
                ("mode", "choisir"),
                ("password", "court"),
            ],
            "au moins 8 caractères",
        ),
    ] {
        let (answer, _) = admin.post("/admin/examinateurs", &form).await;
        assert_eq!(answer.status, 422, "{form:?}");
        assert!(answer.body.contains(message), "{message}: {}", answer.body);
    }
    assert_eq!(count(&platform, "SELECT COUNT(*) FROM examiner").await, 1);

    // A broken subject file: refused with its line diagnostics, nothing written.
    let good = std::fs::read_to_string(
        crate::helpers::repo_root().join("subjects/sujet-a-contenu-article-lin.toml"),
    )
    .unwrap();
    let broken = good.replacen("letter = \"A\"", "letter = \"A\"\nduree = \"quarante\"", 1);
    let form = reqwest::multipart::Form::new().part(
        "fichier",
        reqwest::multipart::Part::text(broken).file_name("sujet-casse.toml"),
    );
    let refused = multipart(&admin, &format!("{session_path}/sujets"), form).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("Sujet refusé (sujet-casse.toml), rien n'a été importé"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("ligne 8 : "), "{}", refused.body);
    assert_eq!(count(&platform, "SELECT COUNT(*) FROM subject").await, 0);
    // Nothing chosen: a message, not a crash.
    let form = reqwest::multipart::Form::new().text("exemple", "");
    let refused = multipart(&admin, &format!("{session_path}/sujets"), form).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("choisissez le fichier du sujet"));
    // A good subject, uploaded: checked, prepared, listed.
    let form = reqwest::multipart::Form::new().part(
        "fichier",
        reqwest::multipart::Part::text(good).file_name("sujet-a-contenu-article-lin.toml"),
    );
    let accepted = multipart(&admin, &format!("{session_path}/sujets"), form).await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    let page = admin.get(accepted.location.as_deref().unwrap()).await;
    assert!(
        page.body.contains("Sujet TDL27-A-CONTENU importé"),
        "{}",
        page.body
    );
    assert!(page.body.contains("<code>TDL27-A-CONTENU</code>"));
    assert!(t.data.prepared_path("TDL27-A-CONTENU").unwrap().is_file());
    // An example shipped with the program, chosen in the list.
    let form = reqwest::multipart::Form::new().text("exemple", "sujet-d-boutique-housse-lin.toml");
    let accepted = multipart(&admin, &format!("{session_path}/sujets"), form).await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    assert_eq!(count(&platform, "SELECT COUNT(*) FROM subject").await, 2);

    // Candidates: one bad line and nothing is imported; the message names the line.
    let csv_path = format!("{session_path}/candidats");
    let (answer, _) = admin
        .post(
            &csv_path,
            &[("csv", "nom;prénom;numéro;aménagement\nMartin;Léa;02710001;\nNguyen;;02710002;tiers-temps\n")],
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(
        answer.body.contains("ligne 3 : le prénom est vide"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("Aucun candidat importé"));
    assert!(
        answer.body.contains("Nguyen;;02710002"),
        "the text is kept for correction"
    );
    assert_eq!(count(&platform, "SELECT COUNT(*) FROM candidate").await, 0);
    let (answer, page) = admin
        .post(
            &csv_path,
            &[("csv", "Martin;Léa;02710001;\nNguyen;Hugo;02710002;tiers-temps\nBenali;Sarah;02710003;\nLeroy;Jade;02710004;\n")],
        )
        .await;
    assert_eq!(answer.status, 303);
    assert!(
        page.body.contains("4 candidat(s) importé(s)"),
        "{}",
        page.body
    );
    assert!(page.body.contains("tiers-temps"));

    // Commissions: four candidates, an unknown examiner, a bad slot are refused.
    let commission_path = format!("{session_path}/commissions");
    let base = [
        ("number", "1"),
        ("examiner", "claire.dubois@ac-exemple.fr"),
        ("subject", "TDL27-A-CONTENU"),
        ("room", "B204"),
        ("starts_at", "2027-05-12T09:00"),
        ("candidate1", "02710001"),
        ("candidate2", "02710002"),
        ("candidate3", "02710003"),
    ];
    let with = |changes: &[(&'static str, &'static str)]| {
        let mut form: Vec<(&str, &str)> = base.to_vec();
        for (k, v) in changes {
            match form.iter_mut().find(|(key, _)| key == k) {
                Some(slot) => slot.1 = v,
                None => form.push((k, v)),
            }
        }
        form
    };
    for (changes, message) in [
        (vec![("candidate4", "02710004")], "de 1 à 3 candidats"),
        (
            vec![("examiner", "inconnu@ac-exemple.fr")],
            "aucun examinateur « inconnu@ac-exemple.fr »",
        ),
        (
            vec![("starts_at", "demain matin")],
            "créneau « demain matin » invalide",
        ),
        (
            vec![("candidate3", "02710001")],
            "un même candidat est indiqué deux fois",
        ),
        (
            vec![("candidate3", "99999999")],
            "aucun candidat n° 99999999",
        ),
        (vec![("subject", "TDL27-Z")], "aucun sujet « TDL27-Z »"),
    ] {
        let (answer, _) = admin.post(&commission_path, &with(&changes)).await;
        assert_eq!(answer.status, 422, "{changes:?}");
        assert!(answer.body.contains(message), "{message}: {}", answer.body);
    }
    assert_eq!(count(&platform, "SELECT COUNT(*) FROM commission").await, 0);
    assert_eq!(count(&platform, "SELECT COUNT(*) FROM seat").await, 0);
    let (answer, page) = admin.post(&commission_path, &base).await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(
        page.body
            .contains("Commission 1 · salle B204 · le 12 mai 2027 à 9 h 00"),
        "{}",
        page.body
    );
    // A candidate already seated, and the same examiner at an overlapping time, are refused.
    let (answer, _) = admin
        .post(
            &commission_path,
            &with(&[
                ("number", "2"),
                ("room", "B205"),
                ("candidate2", ""),
                ("candidate3", ""),
                ("starts_at", "2027-05-12T14:00"),
            ]),
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(
        answer
            .body
            .contains("le candidat n° 02710001 est déjà dans la commission 1"),
        "{}",
        answer.body
    );
    let (answer, _) = admin
        .post(
            &commission_path,
            &with(&[
                ("number", "2"),
                ("room", "B205"),
                ("candidate1", "02710004"),
                ("candidate2", ""),
                ("candidate3", ""),
                ("starts_at", "2027-05-12T09:30"),
            ]),
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(
        answer.body.contains("les deux créneaux se chevauchent"),
        "{}",
        answer.body
    );
    assert_eq!(count(&platform, "SELECT COUNT(*) FROM commission").await, 1);

    // Sandboxes prepared ahead.
    let (answer, page) = admin.post(&format!("{session_path}/preparer"), &[]).await;
    assert_eq!(answer.status, 303);
    assert!(page.body.contains("3 poste(s) préparé(s)"), "{}", page.body);
    assert_eq!(
        count(
            &platform,
            "SELECT COUNT(*) FROM seat WHERE sandbox_id IS NOT NULL"
        )
        .await,
        3
    );

    // Every change is in the planning log, with its author.
    let logged = count(
        &platform,
        "SELECT COUNT(*) FROM planning_log WHERE actor = 'Nadia Roche <secretariat@lycee-exemple.fr>'",
    )
    .await;
    assert_eq!(
        logged, 7,
        "session, examiner, 2 subjects, candidates, commission, preparation"
    );
    assert!(
        page.body
            .contains("Commission 1 créée : Claire Dubois, sujet TDL27-A-CONTENU, salle B204")
    );

    // The examiner signs in with the generated password and sees the three candidates.
    let examiner = app.shopper();
    let (answer, console) = examiner
        .post(
            "/console/connexion",
            &[
                ("email", "claire.dubois@ac-exemple.fr"),
                ("password", &password),
            ],
        )
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(console.body.contains("Commission 1"), "{}", console.body);
    let id: i64 = sqlx::query_scalar("SELECT id FROM commission")
        .fetch_one(platform.db())
        .await
        .unwrap();
    let panels = examiner.get(&format!("/console/commission/{id}")).await;
    assert_eq!(panels.status, 200);
    for name in ["Martin", "Nguyen", "Benali"] {
        assert!(panels.body.contains(name), "{name}");
    }

    // The printable codes: one page per room, the codes in large type.
    let codes = admin.get(&format!("{session_path}/codes")).await;
    assert_eq!(codes.status, 200);
    assert_eq!(
        codes.body.matches("<main class=\"fiche codes\">").count(),
        1
    );
    assert!(codes.body.contains("salle B204"));
    assert!(codes.body.contains("le 12 mai 2027 à 9 h 00"));
}

#[tokio::test]
async fn a_commission_is_edited_and_a_candidate_removed_until_the_exam_starts() {
    let e = exam().await;
    let admin = e.app.shopper();
    let (answer, _) = admin
        .post(
            "/admin/connexion",
            &[("email", demo::ADMIN_EMAIL), ("password", demo::PASSWORD)],
        )
        .await;
    assert_eq!(answer.status, 303);
    let c = e.demo.commission;
    let removed = &e.demo.seats[2];
    let sandbox = removed.sandbox_id.clone().unwrap();
    // A forged seat id changes nothing.
    let (answer, _) = admin
        .post(
            &format!("/admin/commission/{c}/retirer"),
            &[("seat", "999999")],
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("n&#x27;est pas dans cette commission"));
    let (answer, page) = admin
        .post(
            &format!("/admin/commission/{c}/retirer"),
            &[("seat", &removed.seat_id.to_string())],
        )
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(page.body.contains("Candidat retiré"), "{}", page.body);
    assert!(!page.body.contains(&removed.access_code));
    assert!(
        !e.t.data.sandbox_path(sandbox.parse().unwrap()).exists(),
        "sandbox deleted"
    );
    let (answer, _) = e
        .app
        .shopper()
        .post("/", &[("code", &removed.access_code)])
        .await;
    assert_eq!(answer.status, 401, "the code no longer opens anything");

    // Edit: another room and time; the two remaining candidates stay with their codes.
    let (answer, page) = admin
        .post(
            &format!("/admin/commission/{c}"),
            &[
                ("number", "1"),
                ("examiner", demo::EXAMINER_EMAIL),
                ("subject", demo::SUBJECT_CODE),
                ("room", "C101"),
                ("starts_at", "2027-06-01T08:30"),
                ("candidate1", &e.demo.seats[0].number),
                ("candidate2", &e.demo.seats[1].number),
            ],
        )
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(
        page.body.contains("le 1er juin 2027 à 8 h 30"),
        "{}",
        page.body
    );
    assert!(page.body.contains(&e.demo.seats[0].access_code));
    let room: String = sqlx::query_scalar("SELECT room FROM commission WHERE id = ?")
        .bind(c)
        .fetch_one(e.platform.db())
        .await
        .unwrap();
    assert_eq!(room, "C101");

    // Once the exam has started, neither removal nor edits are allowed.
    e5_exam::timer::timer_action(&e.platform, e.demo.seats[0].seat_id, "start", 0, "")
        .await
        .unwrap();
    let (answer, _) = admin
        .post(
            &format!("/admin/commission/{c}/retirer"),
            &[("seat", &e.demo.seats[1].seat_id.to_string())],
        )
        .await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    let (answer, _) = admin
        .post(
            &format!("/admin/commission/{c}"),
            &[
                ("number", "1"),
                ("examiner", demo::EXAMINER_EMAIL),
                ("subject", demo::SUBJECT_CODE),
                ("room", "D001"),
                ("starts_at", "2027-06-01T08:30"),
                ("candidate1", &e.demo.seats[0].number),
            ],
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("a commencé"), "{}", answer.body);
    let seats: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM seat WHERE commission_id = ?")
        .bind(c)
        .fetch_one(e.platform.db())
        .await
        .unwrap();
    assert_eq!(seats, 2);

    // A deactivated examiner can no longer sign in, and their open session closes.
    let examiner = e.app.shopper();
    examiner
        .post(
            "/console/connexion",
            &[
                ("email", demo::EXAMINER_EMAIL),
                ("password", demo::PASSWORD),
            ],
        )
        .await;
    assert_eq!(examiner.get("/console/").await.status, 200);
    let id: i64 = sqlx::query_scalar("SELECT id FROM examiner WHERE email = ?")
        .bind(demo::EXAMINER_EMAIL)
        .fetch_one(e.platform.db())
        .await
        .unwrap();
    let (answer, _) = admin
        .post(
            &format!("/admin/examinateur/{id}/activation"),
            &[("active", "0")],
        )
        .await;
    assert_eq!(answer.status, 303);
    assert_eq!(examiner.get("/console/").await.status, 303);
    let (answer, _) = examiner
        .post(
            "/console/connexion",
            &[
                ("email", demo::EXAMINER_EMAIL),
                ("password", demo::PASSWORD),
            ],
        )
        .await;
    assert_eq!(answer.status, 401);
}

#[tokio::test]
async fn expired_sessions_are_refused_with_the_expiry_message_and_sign_out_closes_them() {
    let e = exam().await;
    let admin = e.app.shopper();
    admin
        .post(
            "/admin/connexion",
            &[("email", demo::ADMIN_EMAIL), ("password", demo::PASSWORD)],
        )
        .await;
    assert_eq!(admin.get("/admin/").await.status, 200);
    // Two hours and a minute without a request.
    sqlx::query(
        "UPDATE auth_session SET last_seen_unix = last_seen_unix - 7260 WHERE kind = 'admin'",
    )
    .execute(e.platform.db())
    .await
    .unwrap();
    let page = admin.get("/admin/").await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location.as_deref(), Some("/admin/connexion?expiree=1"));
    let login = admin.get("/admin/connexion?expiree=1").await;
    assert!(
        login
            .body
            .contains("Votre session a expiré, reconnectez-vous.")
    );
    // The cookie is cleared; the row stays, inert, until it is purged.
    assert_eq!(
        admin.get("/admin/").await.location.as_deref(),
        Some("/admin/connexion")
    );
    assert_eq!(
        count(
            &e.platform,
            "SELECT COUNT(*) FROM auth_session WHERE kind = 'admin'"
        )
        .await,
        1
    );

    // An examiner signed in 12 hours ago, however active.
    let examiner = e.app.shopper();
    examiner
        .post(
            "/console/connexion",
            &[
                ("email", demo::EXAMINER_EMAIL),
                ("password", demo::PASSWORD),
            ],
        )
        .await;
    assert_eq!(examiner.get("/console/").await.status, 200);
    sqlx::query(
        "UPDATE auth_session SET created_unix = created_unix - 43200 WHERE kind = 'examiner'",
    )
    .execute(e.platform.db())
    .await
    .unwrap();
    let page = examiner.get("/console/").await;
    assert_eq!(page.location.as_deref(), Some("/console/session-expiree"));
    let login = examiner.get("/console/session-expiree").await;
    assert!(
        login
            .body
            .contains("Votre session a expiré, reconnectez-vous.")
    );
    assert!(
        login
            .body
            .contains("action=\"&#x2F;console&#x2F;connexion\""),
        "{}",
        login.body
    );

    // A candidate whose time, grace and margin are over: the cookie opens nothing.
    let candidate = e.app.shopper();
    let seat = &e.demo.seats[0];
    candidate.post("/", &[("code", &seat.access_code)]).await;
    let sandbox = seat.sandbox_id.clone().unwrap();
    assert_eq!(candidate.get(&format!("/s/{sandbox}/")).await.status, 200);
    let long_ago = e5_exam::db::unix_now() - (40 + 2 + 31) * 60;
    sqlx::query("UPDATE seat SET started_at = ? WHERE id = ?")
        .bind(long_ago)
        .bind(seat.seat_id)
        .execute(e.platform.db())
        .await
        .unwrap();
    let page = candidate.get(&format!("/s/{sandbox}/")).await;
    assert_eq!(page.status, 403);
    assert!(
        page.body.contains("votre session a expiré"),
        "{}",
        page.body
    );
    let page = candidate.get("/epreuve").await;
    assert_eq!(page.location.as_deref(), Some("/?expiree=1"));
    let home = candidate.get("/?expiree=1").await;
    assert!(
        home.body
            .contains("Votre session a expiré, reconnectez-vous."),
        "{}",
        home.body
    );

    // Rows older than a day are purged at the next sign-in.
    sqlx::query("UPDATE auth_session SET created_unix = created_unix - 86400")
        .execute(e.platform.db())
        .await
        .unwrap();
    assert_eq!(
        count(&e.platform, "SELECT COUNT(*) FROM auth_session").await,
        3
    );

    // Signing out deletes the session: the same cookie, replayed, opens nothing.
    let admin = e.app.shopper();
    admin
        .post(
            "/admin/connexion",
            &[("email", demo::ADMIN_EMAIL), ("password", demo::PASSWORD)],
        )
        .await;
    assert_eq!(
        count(&e.platform, "SELECT COUNT(*) FROM auth_session").await,
        1,
        "purged"
    );
    let (answer, _) = admin.post("/admin/deconnexion", &[]).await;
    assert_eq!(answer.status, 303);
    assert_eq!(
        count(&e.platform, "SELECT COUNT(*) FROM auth_session").await,
        0
    );
    assert_eq!(admin.get("/admin/").await.status, 303);
}

#[tokio::test]
async fn wrong_codes_are_paced_per_address_durably_and_a_good_code_always_works() {
    let e = exam().await;
    let free = e5_exam::limits::CODE_FREE_PER_ADDRESS;
    let guesser = from_address(&e.app, Ipv4Addr::new(127, 0, 0, 1));
    for _ in 0..free {
        let (answer, _) = guesser.post("/", &[("code", "ZZZZZZ")]).await;
        assert_eq!(answer.status, 401);
    }
    let (answer, _) = guesser.post("/", &[("code", "ZZZZZZ")]).await;
    assert_eq!(answer.status, 429);
    assert!(
        answer
            .body
            .contains("Trop de codes erronés depuis ce poste : chaque essai est désormais ralenti"),
        "{}",
        answer.body
    );
    assert_eq!(
        count(
            &e.platform,
            "SELECT COUNT(*) FROM login_failure WHERE door = 'code' AND ip = '127.0.0.1'"
        )
        .await,
        free + 1
    );
    // A room behind one address: a right code still opens its seat.
    let (answer, _) = guesser
        .post("/", &[("code", &e.demo.seats[0].access_code)])
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    // Another workstation is not slowed.
    let neighbour = from_address(&e.app, Ipv4Addr::new(127, 0, 0, 2));
    let started = std::time::Instant::now();
    let (answer, _) = neighbour
        .post("/", &[("code", &e.demo.seats[1].access_code)])
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    // A restarted server still remembers: the address's wrong codes are still paced.
    let restarted = TestApp::spawn(&e.t.data).await;
    let guesser = from_address(&restarted, Ipv4Addr::new(127, 0, 0, 1));
    let (answer, _) = guesser.post("/", &[("code", "ZZZZZZ")]).await;
    assert_eq!(answer.status, 429);

    // Wrong passwords at the console and the administration: per address…
    for (door, email) in [
        ("/console/connexion", demo::EXAMINER_EMAIL),
        ("/admin/connexion", demo::ADMIN_EMAIL),
    ] {
        let client = from_address(&e.app, Ipv4Addr::new(127, 0, 0, 3));
        for i in 0..e5_exam::limits::PASSWORD_PER_ADDRESS {
            // Other e-mails each time, so that only the address's bound applies.
            let typed = format!("personne{i}@example.org");
            let (answer, _) = client
                .post(
                    door,
                    &[("email", typed.as_str()), ("password", "mauvais-mdp")],
                )
                .await;
            assert_eq!(answer.status, 401, "{door}");
        }
        let (answer, _) = client
            .post(door, &[("email", email), ("password", demo::PASSWORD)])
            .await;
        assert_eq!(answer.status, 429, "{door}");
        assert!(
            answer
                .body
                .contains("Trop de tentatives de connexion erronées : patientez 15 minutes")
        );
        let other = from_address(&e.app, Ipv4Addr::new(127, 0, 0, 4));
        let (answer, _) = other
            .post(door, &[("email", email), ("password", demo::PASSWORD)])
            .await;
        assert_eq!(answer.status, 303, "{door}");
    }
}

#[tokio::test]
async fn wrong_passwords_lock_the_account_from_every_address_whether_or_not_it_exists() {
    let e = exam().await;
    for (door, email) in [
        ("/console/connexion", demo::EXAMINER_EMAIL),
        ("/admin/connexion", demo::ADMIN_EMAIL),
    ] {
        for (i, typed) in [email, "inconnu@example.org"].into_iter().enumerate() {
            // Each failure from another address: only the account's bound applies.
            for n in 0..e5_exam::limits::PASSWORD_PER_ACCOUNT {
                let client = from_address(
                    &e.app,
                    Ipv4Addr::new(127, 0, 1, u8::try_from(n + 1).unwrap()),
                );
                let (answer, _) = client
                    .post(door, &[("email", typed), ("password", "mauvais-mdp")])
                    .await;
                assert_eq!(answer.status, 401, "{door}");
            }
            // Same answer whether or not the account exists (no enumeration); even the
            // right password waits (case and spaces do not make another account).
            let client = from_address(
                &e.app,
                Ipv4Addr::new(127, 0, 2, u8::try_from(i + 1).unwrap()),
            );
            let shouted = format!(" {} ", typed.to_uppercase());
            let (answer, _) = client
                .post(
                    door,
                    &[("email", shouted.as_str()), ("password", demo::PASSWORD)],
                )
                .await;
            assert_eq!(answer.status, 429, "{door} {typed}");
            assert!(
                answer
                    .body
                    .contains("Trop de tentatives de connexion erronées : patientez 15 minutes"),
                "{}",
                answer.body
            );
        }
    }
    // Another account at the same door is not affected.
    let n = count(
        &e.platform,
        "SELECT COUNT(*) FROM login_failure WHERE account = 'inconnu@example.org'",
    )
    .await;
    assert_eq!(n, 2 * e5_exam::limits::PASSWORD_PER_ACCOUNT);
}

#[tokio::test]
async fn candidates_and_examiners_cannot_reach_the_centre_administration() {
    let e = exam().await;
    let candidate = e.app.shopper();
    candidate
        .post("/", &[("code", &e.demo.seats[0].access_code)])
        .await;
    let examiner = e.app.shopper();
    examiner
        .post(
            "/console/connexion",
            &[
                ("email", demo::EXAMINER_EMAIL),
                ("password", demo::PASSWORD),
            ],
        )
        .await;
    let (s, c, seat) = (e.demo.session, e.demo.commission, e.demo.seats[0].seat_id);
    let gets = [
        "/admin/".to_owned(),
        format!("/admin/session/{s}"),
        format!("/admin/commission/{c}"),
        "/admin/examinateurs".to_owned(),
        "/admin/examinateur/1".to_owned(),
        format!("/admin/session/{s}/codes"),
        format!("/admin/poste/{seat}/fiche"),
    ];
    let posts: [(String, Vec<(&str, &str)>); 8] = [
        ("/admin/sessions".to_owned(), vec![("name", "Intrus")]),
        (
            format!("/admin/session/{s}/candidats"),
            vec![("csv", "Intrus;Eve;02719999")],
        ),
        (
            format!("/admin/session/{s}/commissions"),
            vec![("number", "9")],
        ),
        (format!("/admin/session/{s}/preparer"), vec![]),
        (format!("/admin/commission/{c}"), vec![("number", "9")]),
        (
            format!("/admin/commission/{c}/retirer"),
            vec![("seat", "1")],
        ),
        (
            "/admin/examinateurs".to_owned(),
            vec![("name", "Intrus"), ("email", "i@x.fr"), ("mode", "generer")],
        ),
        (
            "/admin/examinateur/1/activation".to_owned(),
            vec![("active", "0")],
        ),
    ];
    let before = count(&e.platform, "SELECT COUNT(*) FROM planning_log").await;
    for (who, user) in [("candidat", &candidate), ("examinateur", &examiner)] {
        for path in &gets {
            let page = user.get(path).await;
            assert_eq!(page.status, 303, "{who} GET {path}");
            assert_eq!(
                page.location.as_deref(),
                Some("/admin/connexion"),
                "{who} GET {path}"
            );
        }
        for (path, form) in &posts {
            let (answer, _) = user.post(path, form).await;
            assert_eq!(answer.status, 303, "{who} POST {path}");
            assert_eq!(answer.location.as_deref(), Some("/admin/connexion"));
        }
    }
    assert_eq!(
        count(&e.platform, "SELECT COUNT(*) FROM planning_log").await,
        before
    );
    assert_eq!(
        count(
            &e.platform,
            "SELECT COUNT(*) FROM examiner WHERE active = 0"
        )
        .await,
        0
    );
}

fn shot(name: &str) -> Option<std::path::PathBuf> {
    std::env::var("E5_SCREENSHOTS")
        .ok()
        .map(|d| std::path::PathBuf::from(d).join(name))
}

/// The centre's screens in a real browser, at 100 % and at 200 % zoom (half the CSS
/// pixels), saved as screenshots when `E5_SCREENSHOTS` names a folder.
#[tokio::test]
async fn the_centre_screens_work_in_a_real_browser() {
    let Some(b) = crate::browser::start().await else {
        return;
    };
    let e = exam().await;
    let staff = e.app.staff.clone();
    b.set_window_size(1280, 1000).await;
    b.goto(&format!("{staff}/admin/connexion")).await;
    b.find("#email").await.type_text(demo::ADMIN_EMAIL).await;
    b.find("#password").await.type_text(demo::PASSWORD).await;
    b.find("button[type=submit]").await.click().await;
    b.wait_for_text("Sessions d'examen").await;
    let session = e.demo.session;
    let pages = [
        ("centre-accueil", "/admin/".to_owned(), "Sessions d'examen"),
        (
            "centre-session",
            format!("/admin/session/{session}"),
            "Importer un sujet",
        ),
        (
            "centre-commission",
            format!("/admin/commission/{}", e.demo.commission),
            "Modifier la commission",
        ),
        (
            "centre-examinateurs",
            "/admin/examinateurs".to_owned(),
            "Ajouter un examinateur",
        ),
        (
            "centre-codes",
            format!("/admin/session/{session}/codes"),
            "codes d'accès",
        ),
    ];
    for (name, path, text) in &pages {
        b.goto(&format!("{staff}{path}")).await;
        b.wait_for_text(text).await;
        if let Some(p) = shot(&format!("{name}.png")) {
            let height = b
                .script("return document.documentElement.scrollHeight", vec![])
                .await
                .as_u64()
                .unwrap_or(1000);
            b.set_window_size(1280, u32::try_from(height.clamp(600, 4000)).unwrap() + 140)
                .await;
            b.screenshot(&p).await;
            b.set_window_size(640, 2400).await;
            b.screenshot(&p.with_file_name(format!("{name}-zoom-200.png")))
                .await;
            b.set_window_size(1280, 1000).await;
        }
        // Nothing wider than the window at 200 %: no sideways scrolling of the page.
        b.set_window_size(640, 900).await;
        let overflow = b
            .script(
                "return document.documentElement.scrollWidth > window.innerWidth + 1",
                vec![],
            )
            .await;
        assert_eq!(
            overflow,
            serde_json::Value::Bool(false),
            "{name} scrolls sideways at 200 %"
        );
        b.set_window_size(1280, 1000).await;
    }
    // A refused candidates file, typed with the keyboard: the errors sit next to the form.
    b.goto(&format!("{staff}/admin/session/{session}#candidats"))
        .await;
    b.find("#csv").await.type_text("Durand;;02719999").await;
    b.script(
        "document.querySelector('#csv').form.requestSubmit()",
        vec![],
    )
    .await;
    b.wait_for_text("ligne 1 : le prénom est vide").await;
    if let Some(p) = shot("centre-candidats-refuses.png") {
        b.script(
            "document.querySelector('#erreurs-candidats').scrollIntoView()",
            vec![],
        )
        .await;
        b.screenshot(&p).await;
    }
    // An examiner created with a generated password, shown once.
    b.goto(&format!("{staff}/admin/examinateurs")).await;
    b.find("#ex-nom").await.type_text("Paul Girard").await;
    b.find("#ex-email")
        .await
        .type_text("paul.girard@ac-exemple.fr")
        .await;
    b.script(
        "document.querySelector('#ex-nom').form.requestSubmit()",
        vec![],
    )
    .await;
    b.wait_for_text("il ne sera plus affiché").await;
    if let Some(p) = shot("centre-examinateur-cree.png") {
        b.screenshot(&p).await;
    }
}

#[tokio::test]
async fn hostile_names_come_out_inert_on_the_centre_pages() {
    let e = exam().await;
    let admin = e.app.shopper();
    admin
        .post(
            "/admin/connexion",
            &[("email", demo::ADMIN_EMAIL), ("password", demo::PASSWORD)],
        )
        .await;
    let (answer, page) = admin
        .post(
            "/admin/sessions",
            &[("name", "<script>alert('s')</script>")],
        )
        .await;
    assert_eq!(answer.status, 303);
    assert!(!page.body.contains("<script>alert"), "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;alert"));
    let (answer, page) = admin
        .post(
            "/admin/examinateurs",
            &[
                ("name", "<img src=x onerror=alert(1)>"),
                ("email", "hostile@ac-exemple.fr"),
                ("mode", "choisir"),
                ("password", "un-mot-de-passe"),
            ],
        )
        .await;
    assert_eq!(answer.status, 303);
    assert!(!page.body.contains("<img src=x"), "{}", page.body);
    assert!(page.body.contains("&lt;img src=x"));
    let log: String =
        sqlx::query_scalar("SELECT summary FROM planning_log ORDER BY id DESC LIMIT 1")
            .fetch_one(e.platform.db())
            .await
            .unwrap();
    assert!(log.starts_with("Examinateur <img src=x"), "{log}");
}

#[tokio::test]
async fn an_examiner_is_edited_and_a_new_password_closes_their_sessions() {
    let e = exam().await;
    let admin = e.app.shopper();
    admin
        .post(
            "/admin/connexion",
            &[("email", demo::ADMIN_EMAIL), ("password", demo::PASSWORD)],
        )
        .await;
    let examiner = e.app.shopper();
    examiner
        .post(
            "/console/connexion",
            &[
                ("email", demo::EXAMINER_EMAIL),
                ("password", demo::PASSWORD),
            ],
        )
        .await;
    assert_eq!(examiner.get("/console/").await.status, 200);
    let id: i64 = sqlx::query_scalar("SELECT id FROM examiner WHERE email = ?")
        .bind(demo::EXAMINER_EMAIL)
        .fetch_one(e.platform.db())
        .await
        .unwrap();
    let path = format!("/admin/examinateur/{id}");
    // Another examiner's e-mail: refused, nothing changed.
    let (answer, _) = admin
        .post(
            &path,
            &[
                ("name", "Claire Dubois"),
                ("email", "autre@centre-demo.fr"),
                ("mode", "garder"),
            ],
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(
        answer
            .body
            .contains("déjà celle d&#x27;un autre examinateur")
    );
    // A new name and a generated password, shown once; the open console session closes.
    let (answer, _) = admin
        .post(
            &path,
            &[
                ("name", "Claire Dubois-Martin"),
                ("email", demo::EXAMINER_EMAIL),
                ("mode", "generer"),
            ],
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let password = between(&answer.body, "<code class=\"secret\">", "</code>").to_owned();
    assert_eq!(examiner.get("/console/").await.status, 303);
    let (answer, _) = examiner
        .post(
            "/console/connexion",
            &[
                ("email", demo::EXAMINER_EMAIL),
                ("password", demo::PASSWORD),
            ],
        )
        .await;
    assert_eq!(answer.status, 401, "the old password no longer works");
    let (answer, _) = examiner
        .post(
            "/console/connexion",
            &[("email", demo::EXAMINER_EMAIL), ("password", &password)],
        )
        .await;
    assert_eq!(answer.status, 303);
    let name: String = sqlx::query_scalar("SELECT name FROM examiner WHERE id = ?")
        .bind(id)
        .fetch_one(e.platform.db())
        .await
        .unwrap();
    assert_eq!(name, "Claire Dubois-Martin");
    let log: String =
        sqlx::query_scalar("SELECT summary FROM planning_log ORDER BY id DESC LIMIT 1")
            .fetch_one(e.platform.db())
            .await
            .unwrap();
    assert!(
        log.contains("nouveau mot de passe, sessions fermées"),
        "{log}"
    );
}
