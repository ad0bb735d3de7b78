//! Centre sign-in sessions that expire, wrong codes and passwords limited per address, durably;
//! candidates and examiners kept out of the centre administration.

use super::*;
use crate::exam::{ADMIN_SIGN_IN, Exam};
use crate::helpers::exec;

#[tokio::test]
async fn expired_sessions_are_refused_with_the_expiry_message_and_sign_out_closes_them() {
    let e = exam().await;
    let admin = e.app.shopper();
    an_admin_session_expires_and_sign_out_closes_it(&e, &admin).await;
    an_examiner_session_expires_after_12_hours(&e).await;
    a_candidate_whose_time_is_over_reaches_nothing(&e).await;
}

async fn an_admin_session_expires_and_sign_out_closes_it(e: &Exam, admin: &Shopper) {
    admin.post("/admin/connexion", &ADMIN_SIGN_IN).await;
    assert_eq!(admin.get("/admin/").await.status, 200);
    // Two hours and a minute without a request.
    exec(
        e.platform.db(),
        "UPDATE auth_session SET last_seen_unix = last_seen_unix - 7260 WHERE kind = 'admin'",
    )
    .await;
    let page = admin.get("/admin/").await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location.as_deref(), Some("/admin/connexion?expiree=1"));
    let login = admin.get("/admin/connexion?expiree=1").await;
    login.shows("Votre session a expiré, reconnectez-vous.");
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
}

async fn an_examiner_session_expires_after_12_hours(e: &Exam) {
    // An examiner signed in 12 hours ago, however active.
    let examiner = e.examiner().await;
    assert_eq!(examiner.get("/console/").await.status, 200);
    exec(
        e.platform.db(),
        "UPDATE auth_session SET created_unix = created_unix - 43200 WHERE kind = 'examiner'",
    )
    .await;
    let page = examiner.get("/console/").await;
    assert_eq!(page.location.as_deref(), Some("/console/session-expiree"));
    let login = examiner.get("/console/session-expiree").await;
    login.shows("Votre session a expiré, reconnectez-vous.");
    login.shows("action=\"&#x2F;console&#x2F;connexion\"");
}

async fn a_candidate_whose_time_is_over_reaches_nothing(e: &Exam) {
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
    page.shows("votre session a expiré");
    let page = candidate.get("/epreuve").await;
    assert_eq!(page.location.as_deref(), Some("/?expiree=1"));
    let home = candidate.get("/?expiree=1").await;
    home.shows("Votre session a expiré, reconnectez-vous.");

    // Rows older than a day are purged at the next sign-in.
    exec(
        e.platform.db(),
        "UPDATE auth_session SET created_unix = created_unix - 86400",
    )
    .await;
    assert_eq!(
        count(&e.platform, "SELECT COUNT(*) FROM auth_session").await,
        3
    );

    // Signing out deletes the session: the same cookie, replayed, opens nothing.
    let admin = e.admin().await;
    assert_eq!(
        count(&e.platform, "SELECT COUNT(*) FROM auth_session").await,
        1,
        "purged"
    );
    admin.post_ok("/admin/deconnexion", "").await;
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
    answer.shows("Trop de codes erronés depuis ce poste : chaque essai est désormais ralenti");
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
        answer.shows("Trop de tentatives de connexion erronées : patientez 15 minutes");
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
            answer.shows("Trop de tentatives de connexion erronées : patientez 15 minutes");
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
    let examiner = e.examiner().await;
    let (gets, posts) = centre_routes(&e);
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

/// Pages and forms of the centre administration, for the demo exam.
type Forms = [(String, Vec<(&'static str, &'static str)>); 8];

fn centre_routes(e: &Exam) -> ([String; 7], Forms) {
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
    let posts: Forms = [
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
    (gets, posts)
}
