//! The candidate's clock in a real browser: each state named as such, the last five minutes
//! shown and announced to screen readers once, not every second.

use std::time::Duration;

use crate::browser::{self, Browser};
use crate::exam::exam;
use crate::helpers::exec_for;

const BANNER: &str = "document.querySelector('[data-temps]').textContent";
const HEARD: &str = "document.querySelector('[data-annonce]').textContent";

async fn banner_shows(b: &Browser, text: &str) {
    let js = format!("return {BANNER}.includes({text:?})");
    b.wait_until(&js, Duration::from_secs(15)).await;
}

#[tokio::test]
async fn the_clock_names_its_state_and_announces_the_last_minutes() {
    let Some(b) = browser::start().await else {
        return;
    };
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = &e.demo.seats[0];
    b.goto(&format!("{}/", e.app.address)).await;
    b.find("#code").await.type_text(&seat.access_code).await;
    b.find("button[type=submit]").await.click().await;
    // The link of the candidate's home page, not one of the page being left.
    b.wait_until(
        "return location.pathname === '/epreuve'",
        Duration::from_secs(10),
    )
    .await;
    b.find("a[href*='/admin/']").await.click().await;
    banner_shows(
        &b,
        "pas encore lancé par l'examinateur : site en lecture seule",
    )
    .await;
    // Nothing announced on arrival: the candidate can read the state.
    assert_eq!(b.run(&format!("return {HEARD}")).await, "");
    // The content side's dashboard, with its quick-draft form (the subject is a shop one).
    let dashboard = format!("{}/s/{}/admin/", e.app.address, e.sandbox(0));
    quick_draft_answers(&b, &dashboard, "Avant le départ", "pas commencé").await;

    // Started 36 minutes and 40 seconds ago: 3 min 20 s left of 40 minutes.
    let chrono = format!("/console/poste/{}/chrono", seat.seat_id);
    examiner.post_ok(&chrono, &[("action", "start")]).await;
    exec_for(
        e.platform.db(),
        "UPDATE seat SET started_at = started_at - 2200 WHERE id = ?",
        seat.seat_id,
    )
    .await;
    banner_shows(&b, "Temps restant 03:").await;
    quick_draft_answers(&b, &dashboard, "Pendant l'épreuve", "Brouillon enregistré").await;
    let heard = format!("return {HEARD} === 'Plus que 5 minutes.'");
    b.wait_until(&heard, Duration::from_secs(5)).await;
    let warned = b
        .run("return getComputedStyle(document.querySelector('[data-temps]')).fontWeight")
        .await;
    assert_eq!(warned, "700", "the last five minutes stand out");

    examiner
        .post_ok(&chrono, "action=pause&reason=Coupure du réseau")
        .await;
    banner_shows(&b, "en pause : site en lecture seule").await;
    let heard = format!("return {HEARD} === 'Chronomètre en pause : site en lecture seule.'");
    b.wait_until(&heard, Duration::from_secs(5)).await;
    quick_draft_answers(
        &b,
        &dashboard,
        "Pendant la pause",
        "en pause : le site est en lecture seule",
    )
    .await;
}

/// The candidate saves a quick draft from the content dashboard; the page that answers
/// shows `answer` (the draft saved, or why the site only reads now); back to the dashboard.
async fn quick_draft_answers(b: &Browser, dashboard: &str, title: &str, answer: &str) {
    b.goto(dashboard).await;
    b.find("#bq-titre").await;
    // Filled and sent in one script: the page's own scripts may redraw it meanwhile.
    b.run(&format!(
        "const f = document.querySelector(\"form[action$='brouillon-rapide']\"); \
         f.querySelector('#bq-titre').value = {title:?}; f.requestSubmit();"
    ))
    .await;
    b.wait_for_text(answer).await;
    b.goto(dashboard).await;
}

/// The candidate's back-office at 1366×768 through every state of the clock, saved as
/// screenshots when `E5_SCREENSHOTS` names a folder: before the start, running, paused, the
/// last minute (announced), the grace period and the end, each named in the banner.
#[tokio::test]
async fn the_last_minute_the_grace_period_and_the_end_are_named_on_the_candidate_s_screen() {
    let Some(b) = browser::start().await else {
        return;
    };
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = e.demo.seats[0].seat_id;
    b.goto(&format!("{}/", e.app.address)).await;
    b.find("#code")
        .await
        .type_text(&e.demo.seats[0].access_code)
        .await;
    b.find("button[type=submit]").await.click().await;
    b.wait_until(
        "return location.pathname === '/epreuve'",
        Duration::from_secs(10),
    )
    .await;
    b.set_window_size(1366, 768).await;
    b.goto(&format!(
        "{}/s/{}/admin/boutique/",
        e.app.address,
        e.sandbox(0)
    ))
    .await;
    let shot = |name: &'static str| {
        let b = &b;
        async move {
            if let Ok(dir) = std::env::var("E5_SCREENSHOTS") {
                b.screenshot(&std::path::Path::new(&dir).join(name)).await;
            }
        }
    };
    banner_shows(&b, "pas encore lancé").await;
    shot("candidat-1-avant-depart.png").await;
    let chrono = format!("/console/poste/{seat}/chrono");
    examiner.post_ok(&chrono, &[("action", "start")]).await;
    banner_shows(&b, "Temps restant 39:").await;
    shot("candidat-2-en-cours.png").await;
    examiner
        .post_ok(&chrono, "action=pause&reason=Panne du poste")
        .await;
    banner_shows(&b, "en pause").await;
    shot("candidat-3-pause.png").await;
    examiner.post_ok(&chrono, &[("action", "resume")]).await;
    let db = e.platform.db().clone();
    let back = |seconds: i64| {
        let sql = format!("UPDATE seat SET started_at = started_at - {seconds} WHERE id = {seat}");
        let db = db.clone();
        async move { crate::helpers::exec(&db, &sql).await }
    };
    // 50 seconds left.
    back(2350).await;
    banner_shows(&b, "Temps restant 00:").await;
    b.wait_until(
        &format!("return {HEARD} === \"Plus qu'une minute.\""),
        Duration::from_secs(5),
    )
    .await;
    shot("candidat-4-derniere-minute.png").await;
    back(60).await;
    banner_shows(&b, "délai de grâce").await;
    shot("candidat-5-delai-de-grace.png").await;
    let grace: i64 = crate::helpers::one_for(
        e.platform.db(),
        "SELECT grace_seconds FROM seat WHERE id = ?",
        seat,
    )
    .await;
    back(grace + 5).await;
    banner_shows(&b, "Épreuve terminée – lecture seule").await;
    shot("candidat-6-termine.png").await;
}
