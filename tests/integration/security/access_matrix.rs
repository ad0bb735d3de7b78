//! The access matrix, generated from the routes themselves (`crate::routes`: a route
//! written in a form its reader does not know fails the test, so a new route cannot escape
//! it): every route is asked by every kind of person. Then every state-changing route is posted from a foreign origin by the people
//! who hold its rights: each is refused and nothing is written.

use crate::browser::free_port;
use crate::exam::{Exam, exam};
use crate::helpers::{Form, one};
use crate::helpers::{Page, Shopper};
use crate::routes::{Area, area, concrete, routes};

/// Whether an answer denies the request: refused, or sent to a sign-in page.
fn denied(page: &Page) -> bool {
    let to_sign_in = page.status == 303
        && page
            .location
            .as_deref()
            .is_some_and(|l| l.contains("connexion") || l == "/" || l.contains("session-expiree"));
    matches!(page.status, 401 | 403) || to_sign_in
}

async fn ask(user: &Shopper, method: &str, path: &str) -> Page {
    if method == "GET" {
        let page = user.get(path).await;
        // `/admin` → `/admin/` and the like: the answer is the folder's.
        match page.location.as_deref() {
            Some(to) if page.status == 303 && to == format!("{path}/") => user.get(to).await,
            _ => page,
        }
    } else {
        // Plausible fields, so that a refusal comes from the rights, not from a missing
        // field.
        let form = [
            ("action", "start"),
            ("field", "mark"),
            ("value", "20"),
            ("reason", "essai"),
            ("minutes", "5"),
            ("title", "Écrit par un autre"),
            ("name", "Écrit par un autre"),
            ("email", "autre@exemple.fr"),
        ];
        user.post(path, &form).await.0
    }
}

#[tokio::test]
async fn every_route_answers_only_those_whose_area_it_is() {
    let e = exam().await;
    let anonymous = e.app.shopper();
    let cand_a = e.candidate(0).await;
    let cand_b = e.candidate(1).await;
    let other = e.other_examiner().await;
    let examiner = e.examiner().await;
    let admin = e.admin().await;
    // (who, user, the areas they may use, for candidate A's seat and commission)
    let people: [(&str, &Shopper, &[Area]); 6] = [
        ("anonyme", &anonymous, &[]),
        (
            "candidat A",
            &cand_a,
            &[Area::CandidateSite, Area::CandidatePages],
        ),
        ("candidat B", &cand_b, &[Area::CandidatePages]),
        ("autre examinateur", &other, &[]),
        ("examinateur", &examiner, &[Area::Console]),
        ("centre", &admin, &[Area::Centre]),
    ];
    let before = platform_writes(&e).await;
    let routes = routes();
    let mut checked = 0;
    for route in &routes {
        let area = area(&route.path);
        if area == Area::Public {
            continue;
        }
        let path = concrete(route, &e);
        // Signing out would end the person's session for the routes after it.
        if path.ends_with("/deconnexion") || path.ends_with("/sortie") {
            continue;
        }
        for method in ["GET", "POST"] {
            let served = if method == "GET" {
                route.get
            } else {
                route.post
            };
            if !served {
                continue;
            }
            for (who, user, areas) in &people {
                if answers_only_its_area(who, user, areas, area, method, &path).await {
                    checked += 1;
                }
            }
        }
    }
    eprintln!("{} routes, {checked} requests checked", routes.len());
    assert!(checked > 500, "{checked} requests checked");
    assert_eq!(
        platform_writes(&e).await,
        before,
        "a request without the right wrote something"
    );
}

/// What the grid, the timers and the planning have written so far.
async fn platform_writes(e: &Exam) -> i64 {
    one(
        e.platform.db(),
        "SELECT (SELECT COUNT(*) FROM grid_event) + (SELECT COUNT(*) FROM timer_event)
              + (SELECT COUNT(*) FROM planning_log)",
    )
    .await
}

/// Asks `path` as `who`: served if `area` is theirs, refused otherwise. Whether it was asked
/// (writes are only tried by those without the right).
async fn answers_only_its_area(
    who: &str,
    user: &Shopper,
    areas: &[Area],
    area: Area,
    method: &str,
    path: &str,
) -> bool {
    // The console's index is every examiner's own.
    let allowed = areas.contains(&area)
        || (who == "autre examinateur"
            && area == Area::Console
            && !path.contains("/commission/")
            && !path.contains("/poste/"));
    // Writes are only tried by those without the right (a refusal writes
    // nothing); the live stream never ends for those who may follow it.
    if allowed && (method == "POST" || path.ends_with("/flux")) {
        return false;
    }
    let page = ask(user, method, path).await;
    if allowed {
        assert!(
            !denied(&page),
            "{who} is refused {method} {path}: {} {:?}",
            page.status,
            page.location
        );
    } else {
        // Refused, or a form the handler turned down before acting (the
        // count of writes below is the proof).
        assert!(
            denied(&page) || matches!(page.status, 400 | 404 | 415 | 422),
            "{who} may {method} {path}: {} {:?} {}",
            page.status,
            page.location,
            &page.body[..page.body.len().min(200)]
        );
    }
    true
}

#[tokio::test]
async fn every_state_changing_route_refuses_a_foreign_origin_and_writes_nothing() {
    let e = exam().await;
    let cand_a = e.candidate(0).await;
    let examiner = e.examiner().await;
    let admin = e.admin().await;
    let sandbox_db = e.t.open(e.sandbox(0).parse().unwrap()).await;
    let before = (platform_writes(&e).await, journal_rows(&sandbox_db).await);
    let mut refused = 0;
    for route in routes().iter().filter(|r| r.post) {
        let path = concrete(route, &e);
        // The person who holds the right, so that only the origin check stands in the way.
        let user = match area(&route.path) {
            Area::Console => &examiner,
            Area::Centre => &admin,
            _ => &cand_a,
        };
        refused += forged_posts_are_refused(user, &path).await;
    }
    eprintln!("{refused} forged posts refused");
    assert!(refused > 100, "{refused} forged posts");
    let after = (platform_writes(&e).await, journal_rows(&sandbox_db).await);
    assert_eq!(before, after, "a forged request wrote something");
    // The same requests from the page's own origin do get through (the check is not
    // refusing everything): a grid click from the console.
    let seat = e.demo.seats[0].seat_id;
    let r = examiner
        .client
        .post(examiner.url(&format!("/console/poste/{seat}/grille")))
        .header("origin", &examiner.staff)
        .json(&serde_json::json!({"key": "k", "field": "mark", "value": "12"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

/// Posts to `path` from another origin, from a sandboxed frame and as a same-site fetch:
/// each refused before it acts. How many posts were refused.
async fn forged_posts_are_refused(user: &Shopper, path: &str) -> usize {
    let mut refused = 0;
    // Another port of the same host (same-site for cookies, another origin), and a
    // sandboxed frame's `null`.
    for origin in [
        format!("http://127.0.0.1:{}", free_port()),
        "null".to_owned(),
    ] {
        let r = user
            .client
            .post(user.url(path))
            .header("origin", &origin)
            .form(&"title=forgé&field=mark&value=20".fields())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let body = r.text().await.unwrap_or_default();
        assert_eq!(status, 403, "{path} from {origin}: {body}");
        assert!(body.contains("Demande refusée"), "{path}: {body}");
        refused += 1;
    }
    // A fetch from another site says so in Sec-Fetch-Site even without Origin.
    let r = user
        .client
        .post(user.url(path))
        .header("sec-fetch-site", "same-site")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403, "{path} same-site fetch");
    refused
}

async fn journal_rows(db: &sqlx::SqlitePool) -> i64 {
    one(db, "SELECT COUNT(*) FROM journal").await
}

#[tokio::test]
async fn a_back_office_profile_without_rights_reaches_no_area() {
    let e = exam().await;
    // A free sandbox (no exam gate), with an employee whose profile has no right at all.
    let sandbox = e.t.sandbox();
    let db = sqlx::sqlite::SqlitePoolOptions::new()
        .connect_with(
            sqlx::sqlite::SqliteConnectOptions::new().filename(e.t.data.sandbox_path(sandbox)),
        )
        .await
        .unwrap();
    let profile: i64 = one(
        &db,
        "INSERT INTO profile (name) VALUES ('Sans droit') RETURNING id",
    )
    .await;
    sqlx::query(
        "INSERT INTO employee (first_name, last_name, email, password_hash, profile_id, wp_role)
         VALUES ('Sans', 'Droit', 'sans.droit@exemple.fr', ?, ?, 'contributor')",
    )
    .bind(e5_shop_db::password::hash_password("sans-droit-2027"))
    .bind(profile)
    .execute(&db)
    .await
    .unwrap();
    let journal = || async { one::<i64>(&db, "SELECT COUNT(*) FROM journal").await };
    let before = journal().await;
    let user = e.app.shopper();
    user.post_ok(
        &format!("/s/{sandbox}/admin/connexion"),
        "email=sans.droit@exemple.fr&password=sans-droit-2027",
    )
    .await;
    // What any signed-in employee reaches: the way in and out, the home that says which
    // areas are theirs, and their own autosaved drafts (bounded, never journalled, read back
    // only by them; the forms they come from are guarded by area).
    let open = [
        "/connexion",
        "/deconnexion",
        "",
        "/brouillons",
        "/brouillons/supprimer",
    ];
    let mut checked = 0;
    for route in routes() {
        let Some(rest) = route.path.strip_prefix("/s/{sandbox}/admin") else {
            continue;
        };
        if open.contains(&rest) || rest == "/" {
            continue;
        }
        let path = concrete(&route, &e).replace(&e.sandbox(0), &sandbox.to_string());
        for method in ["GET", "POST"] {
            if (method == "GET" && !route.get) || (method == "POST" && !route.post) {
                continue;
            }
            let page = ask(&user, method, &path).await;
            assert!(
                page.status == 403 && page.body.contains("Accès refusé"),
                "a profile without rights may {method} {path}: {} {:?}",
                page.status,
                page.location
            );
            checked += 1;
        }
    }
    assert!(checked > 150, "{checked} requests checked");
    assert_eq!(
        journal().await,
        before,
        "a refused request wrote to the journal"
    );
}

/// Captures what the server logs, as the operator's terminal would show it.
#[derive(Clone, Default)]
struct LogBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_request_is_logged_once_with_its_sandbox_and_never_its_secrets() {
    let log = LogBuffer::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .with_writer(move || writer.clone())
        .finish();
    // For the whole test process (no other test sets one): a subscriber set for this thread
    // only would miss spans whose callsite another test's thread registered first.
    tracing::subscriber::set_global_default(subscriber).expect("the only global subscriber");
    let e = exam().await;
    let candidate = e.app.shopper();
    candidate
        .post_ok("/", &[("code", &e.demo.seats[0].access_code)])
        .await;
    let page = format!("/s/{}/admin/", e.sandbox(0));
    assert_eq!(candidate.get(&page).await.status, 200);
    let forged = candidate
        .get("/epreuve/lecture?site=x&jeton=SECRET-TICKET")
        .await;
    assert!(forged.status >= 400, "{}", forged.status);
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("request")).collect();
    let site_line = lines
        .iter()
        .filter(|l| l.contains(&format!("path={page}")))
        .collect::<Vec<_>>();
    assert_eq!(site_line.len(), 1, "{text}");
    assert!(site_line[0].contains("status=200"), "{text}");
    assert!(
        site_line[0].contains(&format!("sandbox={}", e.sandbox(0))),
        "{text}"
    );
    assert!(site_line[0].contains("method=GET"), "{text}");
    assert!(lines.iter().any(|l| l.contains("path=/epreuve/lecture")));
    assert!(!text.contains("SECRET-TICKET"), "{text}");
    assert!(!text.contains(&e.demo.seats[0].access_code), "{text}");
}
