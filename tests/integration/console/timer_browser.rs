//! The timer controls in the examiner's browser: actions sent in place (the console never
//! leaves the screen), a refusal said under its candidate's clock, only the actions that
//! apply, and "Démarrer les trois".

use std::time::Duration;

use crate::browser::{self, Browser};
use crate::exam::exam;

/// Waits until `js` (an expression) holds in the console page.
async fn holds(b: &Browser, js: &str) {
    b.wait_until(&format!("return {js}"), Duration::from_secs(10))
        .await;
}

#[tokio::test]
async fn timer_actions_stay_in_the_console_and_start_the_three_at_once() {
    let Some(b) = browser::start().await else {
        return;
    };
    let e = exam().await;
    let console = e.open_console(&b).await;
    let seat = e.demo.seats[0].seat_id;
    let panel = format!("document.querySelector('[data-panneau=\"{seat}\"]')");
    let visible =
        |value: &str| format!("!{panel}.querySelector('button[value=\"{value}\"]').hidden");
    // Before the start: Lancer only, and the button that starts the three.
    holds(&b, &visible("start")).await;
    holds(&b, &format!("!{}", visible("pause"))).await;
    holds(&b, "!document.querySelector('[data-demarrer-tous]').hidden").await;
    b.run("document.querySelector('[data-demarrer-tous] button').click()")
        .await;
    holds(&b, "document.querySelector('[data-demarrer-tous]').hidden").await;
    for s in &e.demo.seats {
        let started = e
            .count(&format!(
                "SELECT COUNT(*) FROM seat WHERE id = {} AND started_at IS NOT NULL",
                s.seat_id
            ))
            .await;
        assert_eq!(started, 1, "seat {} started", s.seat_id);
    }
    // Running: Pause applies, Lancer no longer. A pause without its reason is refused under
    // this candidate's clock, and the console stays where it is.
    holds(&b, &visible("pause")).await;
    holds(&b, &format!("!{}", visible("start"))).await;
    b.run(&format!(
        "{panel}.querySelector('button[value=\"pause\"]').click()"
    ))
    .await;
    holds(
        &b,
        &format!("{panel}.querySelector('[data-refus-chrono]').textContent.includes('motif')"),
    )
    .await;
    assert_eq!(b.url().await, console, "no page change");
    // With its reason: paused in place, Reprendre applies.
    b.run(&format!(
        "{panel}.querySelector('input[name=reason]').value = 'Panne du poste'; {panel}.querySelector('button[value=\"pause\"]').click()"
    ))
    .await;
    holds(
        &b,
        &format!("{panel}.querySelector('[data-etat-chrono]').textContent === '(en pause)'"),
    )
    .await;
    holds(&b, &visible("resume")).await;
    holds(
        &b,
        &format!("{panel}.querySelector('[data-refus-chrono]').textContent === ''"),
    )
    .await;
    let paused = e
        .count(&format!(
            "SELECT COUNT(*) FROM timer_event WHERE seat_id = {seat} AND kind = 'pause' AND reason = 'Panne du poste'"
        ))
        .await;
    assert_eq!(paused, 1);
    assert_eq!(b.url().await, console, "no page change");
}
