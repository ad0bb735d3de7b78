//! Planning a session from the centre's pages; importing candidates.

use super::*;
use crate::helpers::one;

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
    answer
        .shows("ligne 2 : le nom est vide")
        .shows("ligne 3 : 3 colonnes attendues");
    let n: i64 = one(
        e.platform.db(),
        "SELECT COUNT(*) FROM candidate WHERE number = '02719999'",
    )
    .await;
    assert_eq!(n, 0, "nothing imported when a line is bad");
    admin
        .post_shows(
            &path,
            &[("csv", "Durand;Zoé;02719999;tiers-temps\n")],
            "1 candidat(s) importé(s)",
        )
        .await;
    let codes = admin
        .get(&format!("/admin/session/{}/codes", e.demo.session))
        .await;
    assert!(codes.body.contains(&e.demo.seats[2].access_code));
    codes.shows("salle B204");
    // The address candidates type, and a slip per candidate to cut out.
    // (Tera escapes "/" in text as "&#x2F;"; the browser shows the address.)
    let shown = format!("{}/", e.app.address).replace('/', "&#x2F;");
    let address = format!("<strong class=\"adresse\">{shown}</strong>");
    codes.shows(&address);
    let seats = e5_exam::planning::seats_of_session(&e.platform, e.demo.session)
        .await
        .unwrap();
    assert_eq!(
        codes.body.matches("<div class=\"coupon\">").count(),
        seats.len()
    );
    for seat in &seats {
        assert!(codes.body.contains(&format!(
            "{} {} <span>n° {}</span>",
            seat.surname, seat.first_name, seat.number
        )));
    }
    let h = admin
        .get_ok(&format!("/admin/session/{}/harmonisation", e.demo.session))
        .await;
    h.shows("Positionnement par ligne");
    // Each candidate's line links to their grid, which the centre can open.
    let seat = seats[0].seat_id;
    h.shows(&format!(
        "<a href=\"/admin/poste/{seat}/fiche\">Fiche d'évaluation (non signée)</a>"
    ));
    admin
        .get_ok(&format!("/admin/poste/{seat}/fiche"))
        .await
        .shows(&seats[0].surname);
}

#[tokio::test]
async fn a_centre_plans_a_session_from_its_pages_and_the_examiner_sees_the_commission() {
    let t = TestData::new().await;
    let platform = Platform::open(&t.data).await.unwrap();
    let (app, admin, session_path) = the_centre_opens_a_session(&t, &platform).await;
    let password = an_examiner_with_a_generated_password_shown_once(&platform, &admin).await;
    a_broken_subject_file_refused_with_its_line_diagnostics(&t, &platform, &admin, &session_path)
        .await;
    one_bad_candidate_line_imports_nothing(&platform, &admin, &session_path).await;
    let commission_path = commissions_four_candidates_an_unknown_examiner_a_bad_slot(
        &platform,
        &admin,
        &session_path,
    )
    .await;
    let page = a_seated_candidate_or_a_busy_examiner_is_refused(
        &platform,
        &admin,
        &session_path,
        &commission_path,
    )
    .await;
    every_change_is_in_the_planning_log(&platform, &app, &admin, &session_path, &password, &page)
        .await;
}

/// The commission form of the plan, with `changes` made to it.
/// The commission form of the reference plan, with `changes` ("room=B205&candidate3=") applied.
fn commission_form(changes: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut form = vec![
        ("number", "1"),
        ("examiner", "claire.dubois@ac-exemple.fr"),
        ("subject", "TDL27-A-CONTENU"),
        ("room", "B204"),
        ("starts_at", "2027-05-12T09:00"),
        ("candidate1", "02710001"),
        ("candidate2", "02710002"),
        ("candidate3", "02710003"),
    ];
    for change in changes.split('&').filter(|c| !c.is_empty()) {
        let (k, v) = change.split_once('=').unwrap_or((change, ""));
        match form.iter_mut().find(|(key, _)| *key == k) {
            Some(slot) => slot.1 = v,
            None => form.push((k, v)),
        }
    }
    form
}

async fn the_centre_opens_a_session(
    t: &TestData,
    platform: &Platform,
) -> (TestApp, Shopper, String) {
    e5_exam::planning::add_centre_admin(platform, ADMIN, "Nadia Roche", ADMIN_PASSWORD)
        .await
        .unwrap();
    let app = TestApp::spawn(&t.data).await;
    let admin = sign_in_admin(&app).await;

    // A session: an empty name is refused, a good one opens its page, a duplicate is refused.
    let (answer, _) = admin.post("/admin/sessions", &[("name", "  ")]).await;
    assert_eq!(answer.status, 422);
    answer.shows("indiquez le nom de la session");
    assert_eq!(
        count(platform, "SELECT COUNT(*) FROM exam_session").await,
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
    page.shows("Session BTS NDRC 2027 – lycée Exemple")
        .shows("Session créée");
    admin
        .refused(
            "/admin/sessions",
            &[("name", "BTS NDRC 2027 – lycée Exemple")],
            "existe déjà",
        )
        .await;
    assert_eq!(
        count(platform, "SELECT COUNT(*) FROM exam_session").await,
        1
    );

    (app, admin, session_path)
}

async fn an_examiner_with_a_generated_password_shown_once(
    platform: &Platform,
    admin: &Shopper,
) -> String {
    // An examiner with a generated password, shown once.
    let (answer, _) = admin
        .post(
            "/admin/examinateurs",
            "name=Claire Dubois&email=claire.dubois@ac-exemple.fr&mode=generer",
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.shows("il ne sera plus affiché");
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
    assert_eq!(count(platform, "SELECT COUNT(*) FROM examiner").await, 1);

    password
}

async fn a_broken_subject_file_refused_with_its_line_diagnostics(
    t: &TestData,
    platform: &Platform,
    admin: &Shopper,
    session_path: &str,
) {
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
    let refused = multipart(admin, &format!("{session_path}/sujets"), form).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    refused
        .shows("Sujet refusé (sujet-casse.toml), rien n'a été importé")
        .shows("ligne 8 : ");
    assert_eq!(count(platform, "SELECT COUNT(*) FROM subject").await, 0);
    // Nothing chosen: a message, not a crash.
    let form = reqwest::multipart::Form::new().text("exemple", "");
    let refused = multipart(admin, &format!("{session_path}/sujets"), form).await;
    assert_eq!(refused.status, 422);
    refused.shows("choisissez le fichier du sujet");
    // A good subject, uploaded: checked, prepared, listed.
    let form = reqwest::multipart::Form::new().part(
        "fichier",
        reqwest::multipart::Part::text(good).file_name("sujet-a-contenu-article-lin.toml"),
    );
    let accepted = multipart(admin, &format!("{session_path}/sujets"), form).await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    let page = admin.get(accepted.location.as_deref().unwrap()).await;
    page.shows("Sujet TDL27-A-CONTENU importé")
        .shows("<code>TDL27-A-CONTENU</code>");
    assert!(t.data.prepared_path("TDL27-A-CONTENU").unwrap().is_file());
    // An example shipped with the program, chosen in the list.
    let form = reqwest::multipart::Form::new().text("exemple", "sujet-d-boutique-housse-lin.toml");
    let accepted = multipart(admin, &format!("{session_path}/sujets"), form).await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    assert_eq!(count(platform, "SELECT COUNT(*) FROM subject").await, 2);
}

async fn one_bad_candidate_line_imports_nothing(
    platform: &Platform,
    admin: &Shopper,
    session_path: &str,
) {
    // Candidates: one bad line and nothing is imported; the message names the line.
    let csv_path = format!("{session_path}/candidats");
    let (answer, _) = admin
        .post(
            &csv_path,
            &[("csv", "nom;prénom;numéro;aménagement\nMartin;Léa;02710001;\nNguyen;;02710002;tiers-temps\n")],
        )
        .await;
    assert_eq!(answer.status, 422);
    answer
        .shows("ligne 3 : le prénom est vide")
        .shows("Aucun candidat importé");
    assert!(
        answer.body.contains("Nguyen;;02710002"),
        "the text is kept for correction"
    );
    assert_eq!(count(platform, "SELECT COUNT(*) FROM candidate").await, 0);
    let page = admin.post_shows(
        &csv_path,
        &[("csv", "Martin;Léa;02710001;\nNguyen;Hugo;02710002;tiers-temps\nBenali;Sarah;02710003;\nLeroy;Jade;02710004;\n")],
        "4 candidat(s) importé(s)",
    )
    .await;
    page.shows("tiers-temps");
}

async fn commissions_four_candidates_an_unknown_examiner_a_bad_slot(
    platform: &Platform,
    admin: &Shopper,
    session_path: &str,
) -> String {
    // Commissions: four candidates, an unknown examiner, a bad slot are refused.
    let commission_path = format!("{session_path}/commissions");
    for (changes, message) in [
        ("candidate4=02710004", "de 1 à 3 candidats"),
        (
            "examiner=inconnu@ac-exemple.fr",
            "aucun examinateur « inconnu@ac-exemple.fr »",
        ),
        (
            "starts_at=demain matin",
            "créneau « demain matin » invalide",
        ),
        (
            "candidate3=02710001",
            "un même candidat est indiqué deux fois",
        ),
        ("candidate3=99999999", "aucun candidat n° 99999999"),
        ("subject=TDL27-Z", "aucun sujet « TDL27-Z »"),
    ] {
        let (answer, _) = admin
            .post(&commission_path, &commission_form(changes))
            .await;
        assert_eq!(answer.status, 422, "{changes:?}");
        assert!(answer.body.contains(message), "{message}: {}", answer.body);
    }
    assert_eq!(count(platform, "SELECT COUNT(*) FROM commission").await, 0);
    assert_eq!(count(platform, "SELECT COUNT(*) FROM seat").await, 0);
    admin
        .post_shows(
            &commission_path,
            &commission_form(""),
            "Commission 1 · salle B204 · le 12 mai 2027 à 9 h 00",
        )
        .await;
    commission_path
}

async fn a_seated_candidate_or_a_busy_examiner_is_refused(
    platform: &Platform,
    admin: &Shopper,
    session_path: &str,
    commission_path: &str,
) -> Page {
    // A candidate already seated, and the same examiner at an overlapping time, are refused.
    let (answer, _) = admin
        .post(
            commission_path,
            &commission_form(
                "number=2&room=B205&candidate2=&candidate3=&starts_at=2027-05-12T14:00",
            ),
        )
        .await;
    assert_eq!(answer.status, 422);
    answer.shows("le candidat n° 02710001 est déjà dans la commission 1");
    let (answer, _) = admin
        .post(
            commission_path,
            &commission_form("number=2&room=B205&candidate1=02710004&candidate2=&candidate3=&starts_at=2027-05-12T09:30"),
        )
        .await;
    assert_eq!(answer.status, 422);
    answer.shows("les deux créneaux se chevauchent");
    assert_eq!(count(platform, "SELECT COUNT(*) FROM commission").await, 1);

    // Sandboxes prepared ahead.
    let page = admin
        .post_shows(
            &format!("{session_path}/preparer"),
            "",
            "3 poste(s) préparé(s)",
        )
        .await;
    assert_eq!(
        count(
            platform,
            "SELECT COUNT(*) FROM seat WHERE sandbox_id IS NOT NULL"
        )
        .await,
        3
    );

    page
}

async fn every_change_is_in_the_planning_log(
    platform: &Platform,
    app: &TestApp,
    admin: &Shopper,
    session_path: &str,
    password: &str,
    page: &Page,
) {
    // Every change is in the planning log, with its author.
    let logged = count(
        platform,
        "SELECT COUNT(*) FROM planning_log WHERE actor = 'Nadia Roche <secretariat@lycee-exemple.fr>'",
    )
    .await;
    assert_eq!(
        logged, 7,
        "session, examiner, 2 subjects, candidates, commission, preparation"
    );
    page.shows("Commission 1 créée : Claire Dubois, sujet TDL27-A-CONTENU, salle B204");

    // The examiner signs in with the generated password and sees the three candidates.
    let examiner = app.shopper();
    examiner
        .post_shows(
            "/console/connexion",
            &[
                ("email", "claire.dubois@ac-exemple.fr"),
                ("password", password),
            ],
            "Commission 1",
        )
        .await;
    let id: i64 = one(platform.db(), "SELECT id FROM commission").await;
    let panels = examiner.get_ok(&format!("/console/commission/{id}")).await;
    for name in ["Martin", "Nguyen", "Benali"] {
        assert!(panels.body.contains(name), "{name}");
    }

    // The printable codes: one page per room, the codes in large type.
    let codes = admin.get_ok(&format!("{session_path}/codes")).await;
    assert_eq!(
        codes.body.matches("<main class=\"fiche codes\">").count(),
        1
    );
    codes.shows("salle B204").shows("le 12 mai 2027 à 9 h 00");
}

/// The centre names its académie and itself once; the codes sheet, the harmonisation and
/// the fiches print it. A form without them is refused and changes nothing.
#[tokio::test]
async fn the_centre_s_name_and_academie_are_printed_on_its_papers() {
    let e = exam().await;
    let admin = e.admin().await;
    let before = e.count("SELECT COUNT(*) FROM planning_log").await;
    admin
        .refused(
            "/admin/centre",
            "academie=&centre=Lycée Jean Monnet&city=Angers",
            "et le nom du centre sont obligatoires",
        )
        .await;
    assert_eq!(e.count("SELECT COUNT(*) FROM planning_log").await, before);
    admin
        .post_shows(
            "/admin/centre",
            "academie=Académie de Nantes&centre=Lycée Jean Monnet&city=Angers",
            "Centre enregistré",
        )
        .await;
    let session = e.demo.session;
    admin
        .get_ok(&format!("/admin/session/{session}/codes"))
        .await
        .shows("Académie de Nantes, Lycée Jean Monnet, Angers");
    admin
        .get_ok(&format!("/admin/session/{session}/harmonisation"))
        .await
        .shows("Lycée Jean Monnet, Angers");
    let seat = e.demo.seats[0].seat_id;
    admin
        .get_ok(&format!("/admin/poste/{seat}/fiche"))
        .await
        .shows("Lycée Jean Monnet, Angers");
    let logged = e
        .count("SELECT COUNT(*) FROM planning_log WHERE action = 'centre' AND summary LIKE '%Jean Monnet%'")
        .await;
    assert_eq!(logged, 1);
}
