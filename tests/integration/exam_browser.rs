//! Exam day in real browsers (headless Chromium): three candidates enter with their codes
//! and work; the examiner's console shows each one's actions and screen within a second;
//! the examiner fills a grid, signs, and exports the fiche and the CSV.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::browser::{self, Browser};
use crate::exam::exam;

fn shot(name: &str) -> Option<PathBuf> {
    std::env::var("E5_SCREENSHOTS")
        .ok()
        .map(|d| PathBuf::from(d).join(name))
}

async fn wait_until(b: &Browser, js: &str, within: Duration) -> Duration {
    let start = Instant::now();
    loop {
        if b.script(js, vec![]).await == Value::Bool(true) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < within,
            "never true within {within:?}: {js}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn three_candidates_work_while_the_examiner_watches_and_grades() {
    let Some(examiner) = browser::start().await else {
        return;
    };
    let e = exam().await;
    let base = e.app.address.clone();
    examiner.set_window_size(1920, 1080).await;
    examiner.goto(&format!("{base}/console/connexion")).await;
    examiner
        .find("#email")
        .await
        .type_text(e5_exam::demo::EXAMINER_EMAIL)
        .await;
    examiner
        .find("#password")
        .await
        .type_text(e5_exam::demo::PASSWORD)
        .await;
    examiner.find("button[type=submit]").await.click().await;
    examiner.wait_for_text("Mes commissions").await;
    let console = format!("{base}/console/commission/{}", e.demo.commission);
    examiner.goto(&console).await;
    // The examiner starts the three timers (the buttons post the same form).
    for seat in &e.demo.seats {
        let js = format!(
            "return fetch('/console/poste/{}/chrono', {{method: 'POST', body: new URLSearchParams({{action: 'start'}})}}).then(r => r.status)",
            seat.seat_id
        );
        examiner.script(&js, vec![]).await;
    }
    examiner.goto(&console).await;
    examiner.wait_for_text("Nguyen").await;

    let mut candidates = Vec::new();
    for seat in &e.demo.seats {
        let b = browser::start().await.expect("browser");
        b.goto(&format!("{base}/")).await;
        b.find("#code").await.type_text(&seat.access_code).await;
        b.find("button[type=submit]").await.click().await;
        b.wait_for_text("Temps restant").await;
        b.find("a[href$='/admin/']").await.click().await;
        b.wait_for_text("Épreuve E5").await;
        candidates.push(b);
    }
    // Each candidate's screen appears in their panel.
    for seat in &e.demo.seats {
        let js = format!(
            "return !!document.querySelector('[data-panneau=\"{}\"] [data-miroir] iframe')",
            seat.seat_id
        );
        wait_until(&examiner, &js, Duration::from_secs(3)).await;
    }
    // Each candidate acts; the console shows it within a second.
    for (i, (b, seat)) in candidates.iter().zip(&e.demo.seats).enumerate() {
        let sandbox = seat.sandbox_id.clone().unwrap();
        b.goto(&format!("{base}/s/{sandbox}/contact")).await;
        b.find("#ct-email")
            .await
            .type_text(&format!("candidat{i}@exemple.fr"))
            .await;
        b.find("#ct-objet")
            .await
            .type_text(&format!("Question {}", seat.surname))
            .await;
        b.find("#ct-msg")
            .await
            .type_text("Bonjour, pouvez-vous me confirmer le délai de livraison ?")
            .await;
        b.find("form[action$='/contact'] button[type=submit]")
            .await
            .click()
            .await;
        let js = format!(
            "return document.querySelector('[data-panneau=\"{}\"] [data-journal]').innerText.includes('candidat{i}@exemple.fr') || document.querySelector('[data-panneau=\"{}\"] [data-journal]').innerText.includes('Question {}')",
            seat.seat_id, seat.seat_id, seat.surname
        );
        let took = wait_until(&examiner, &js, Duration::from_secs(5)).await;
        assert!(
            took < Duration::from_secs(1),
            "journal of {} took {took:?}",
            seat.surname
        );
        let page = format!(
            "return document.querySelector('[data-panneau=\"{}\"] [data-page]').textContent.includes('/contact')",
            seat.seat_id
        );
        wait_until(&examiner, &page, Duration::from_secs(2)).await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    if let Some(p) = shot("console-trois-candidats.png") {
        examiner.screenshot(&p).await;
    }
    if let Some(p) = shot("candidat-epreuve.png") {
        candidates[1].goto(&format!("{base}/epreuve")).await;
        candidates[1].wait_for_text("Temps restant").await;
        candidates[1].screenshot(&p).await;
        // 1920×1080 at 200 % zoom is 960×540 CSS pixels: the panels stack.
        examiner.set_window_size(960, 540).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        examiner
            .screenshot(&p.with_file_name("console-zoom-200.png"))
            .await;
        examiner.set_window_size(1920, 1080).await;
    }
    // The examiner grades the first candidate: each click saved before "Enregistré".
    let seat = e.demo.seats[0].seat_id;
    let panel = format!("[data-panneau=\"{seat}\"]");
    for (row, level) in [
        ("1a", "S"),
        ("1b", "TS"),
        ("2", "S"),
        ("3", "I"),
        ("4", "S"),
        ("5", "S"),
    ] {
        examiner
            .find(&format!(
                "{panel} [data-ligne=\"{row}\"][data-niveau=\"{level}\"]"
            ))
            .await
            .click()
            .await;
    }
    wait_until(&examiner, &format!("return document.querySelector('{panel} [data-etat]').textContent.includes('Enregistré') && localStorage.getItem('e5-grille-file') === '[]'"), Duration::from_secs(5)).await;
    examiner
        .find(&format!("{panel} input.note"))
        .await
        .type_text("13,5")
        .await;
    examiner
        .find(&format!("{panel} textarea[data-champ=appreciation]"))
        .await
        .type_text("Fiche produit soignée ; la réponse à la cliente manque de solution concrète.")
        .await;
    examiner
        .find(&format!("{panel} [data-suggestion]"))
        .await
        .click()
        .await;
    wait_until(
        &examiner,
        "return localStorage.getItem('e5-grille-file') === '[]'",
        Duration::from_secs(5),
    )
    .await;
    examiner
        .find(&format!("{panel} [data-signer]"))
        .await
        .click()
        .await;
    wait_until(&examiner, &format!("return document.querySelector('{panel} [data-signature]').textContent.includes('Signée par Claire Dubois')"), Duration::from_secs(5)).await;
    let grid = e5_exam::grid::load(&e.platform, seat).await.unwrap();
    assert_eq!(grid.mark, "13,5");
    assert_eq!(grid.levels.len(), 6);
    assert!(grid.signed_at.is_some());
    if let Some(p) = shot("console-grille-signee.png") {
        examiner.screenshot(&p).await;
    }
    // Exports: the fiche and the CSV.
    examiner
        .goto(&format!("{base}/console/poste/{seat}/fiche"))
        .await;
    examiner.wait_for_text("FICHE D'ÉVALUATION").await;
    let text = examiner.page_text().await;
    assert!(
        text.contains("13,5") && text.contains("Claire Dubois") && text.contains("Martin"),
        "{text}"
    );
    if let Some(p) = shot("fiche.png") {
        examiner.screenshot(&p).await;
        examiner
            .script("window.scrollTo(0, document.body.scrollHeight)", vec![])
            .await;
        examiner
            .screenshot(&p.with_file_name("fiche-bas.png"))
            .await;
    }
    // The replay: screen and journal on one page.
    examiner
        .goto(&format!("{base}/console/poste/{seat}/revoir"))
        .await;
    wait_until(&examiner, "return !!document.querySelector('[data-ecran] iframe') && document.querySelector('[data-journal-revoir]').innerText.includes('candidat0@exemple.fr')", Duration::from_secs(5)).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    if let Some(p) = shot("revoir.png") {
        examiner.screenshot(&p).await;
    }
    let csv = examiner
        .script(
            &format!(
                "return fetch('/console/commission/{}/notes.csv').then(r => r.text())",
                e.demo.commission
            ),
            vec![],
        )
        .await;
    let csv = csv.as_str().unwrap_or_default();
    assert!(csv.contains(";02710001;Martin;Léa;;Présent;13,5;"), "{csv}");
}
