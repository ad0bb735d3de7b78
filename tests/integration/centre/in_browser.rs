//! The centre screens in headless Chromium; hostile names inert on the centre pages.

use super::*;
use crate::browser::Browser;
use crate::helpers::one;

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
    e.sign_in_centre(&b).await;
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
        the_page_fits_at_200_percent(&b, &staff, name, path, text).await;
    }
    a_refused_candidates_file_shows_its_errors(&b, &staff, session).await;
    an_examiner_gets_a_password_shown_once(&b, &staff).await;
}

/// The page shows `text`; nothing wider than the window at 200 %.
async fn the_page_fits_at_200_percent(
    b: &Browser,
    staff: &str,
    name: &str,
    path: &str,
    text: &str,
) {
    b.visit(&format!("{staff}{path}"), text).await;
    if let Some(p) = shot(&format!("{name}.png")) {
        let height = b
            .run("return document.documentElement.scrollHeight")
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
        .run("return document.documentElement.scrollWidth > window.innerWidth + 1")
        .await;
    assert_eq!(
        overflow,
        serde_json::Value::Bool(false),
        "{name} scrolls sideways at 200 %"
    );
    b.set_window_size(1280, 1000).await;
}

/// A refused candidates file, typed with the keyboard: the errors sit next to the form.
async fn a_refused_candidates_file_shows_its_errors(b: &Browser, staff: &str, session: i64) {
    b.goto(&format!("{staff}/admin/session/{session}#candidats"))
        .await;
    b.find("#csv").await.type_text("Durand;;02719999").await;
    b.run("document.querySelector('#csv').form.requestSubmit()")
        .await;
    b.wait_for_text("ligne 1 : le prénom est vide").await;
    if let Some(p) = shot("centre-candidats-refuses.png") {
        b.run("document.querySelector('#erreurs-candidats').scrollIntoView()")
            .await;
        b.screenshot(&p).await;
    }
}

/// An examiner created with a generated password, shown once.
async fn an_examiner_gets_a_password_shown_once(b: &Browser, staff: &str) {
    b.goto(&format!("{staff}/admin/examinateurs")).await;
    b.find("#ex-nom").await.type_text("Paul Girard").await;
    b.find("#ex-email")
        .await
        .type_text("paul.girard@ac-exemple.fr")
        .await;
    b.run("document.querySelector('#ex-nom').form.requestSubmit()")
        .await;
    b.wait_for_text("il ne sera plus affiché").await;
    if let Some(p) = shot("centre-examinateur-cree.png") {
        b.screenshot(&p).await;
    }
}

#[tokio::test]
async fn hostile_names_come_out_inert_on_the_centre_pages() {
    let e = exam().await;
    let admin = e.admin().await;
    let page = admin
        .post_ok(
            "/admin/sessions",
            &[("name", "<script>alert('s')</script>")],
        )
        .await;
    page.lacks("<script>alert");
    page.shows("&lt;script&gt;alert");
    let page = admin
        .post_ok(
            "/admin/examinateurs",
            &[
                ("name", "<img src=x onerror=alert(1)>"),
                ("email", "hostile@ac-exemple.fr"),
                ("mode", "choisir"),
                ("password", "un-mot-de-passe"),
            ],
        )
        .await;
    page.lacks("<img src=x");
    page.shows("&lt;img src=x");
    let log: String = one(
        e.platform.db(),
        "SELECT summary FROM planning_log ORDER BY id DESC LIMIT 1",
    )
    .await;
    assert!(log.starts_with("Examinateur <img src=x"), "{log}");
}
