//! Exam day in real browsers (headless Chromium): three candidates enter with their codes
//! and work; the examiner's console shows each one's actions and screen within a second;
//! the examiner fills a grid, signs, and exports the fiche and the CSV.

use crate::browser::{self, Browser};
use crate::exam::{Exam, exam};
use crate::helpers::row;
use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;

fn shot(name: &str) -> Option<PathBuf> {
    std::env::var("E5_SCREENSHOTS")
        .ok()
        .map(|d| PathBuf::from(d).join(name))
}

/// A script true when the mirror of `seat` in the console satisfies `cond` (about `d`, the
/// mirrored document).
fn mirror_js(seat: i64, cond: &str) -> String {
    format!(
        "const f = document.querySelector('[data-panneau=\"{seat}\"] [data-miroir] iframe'); const d = f && f.contentDocument; return !!d && ({cond});"
    )
}

async fn wait_until(b: &Browser, js: &str, within: Duration) -> Duration {
    b.wait_until(js, within).await
}

#[tokio::test]
async fn three_candidates_work_while_the_examiner_watches_and_grades() {
    let Some(examiner) = browser::start().await else {
        return;
    };
    let e = exam().await;
    let console = the_examiner_opens_the_console(&e, &examiner).await;
    let candidates = the_candidates_enter(&e, &examiner).await;
    each_candidate_acts_and_the_console_shows_it(&e, &examiner, &candidates).await;
    one_screen_is_enlarged_and_the_three_come_back(&e, &examiner, &candidates[0]).await;
    batches_are_compact_and_a_console_catches_up(&e, &examiner, &console, &candidates).await;
    the_examiner_grades_and_signs(&e, &examiner).await;
    the_fiche_is_exported(&e, &examiner).await;
    let (marks, duration, contact) =
        the_replay_puts_screen_and_journal_on_one_timeline(&e, &examiner).await;
    seeking_moves_the_replay_to_the_entry(&examiner, &marks, &contact).await;
    the_replay_plays_from_the_keyboard_and_faster(&examiner, duration).await;
    the_marks_are_exported_as_csv(&e, &examiner).await;
}

/// The examiner signs in, opens the commission and starts the three timers; the console's address.
async fn the_examiner_opens_the_console(e: &Exam, examiner: &Browser) -> String {
    let console = e.open_console(examiner).await;
    // The examiner starts the three timers (the buttons post the same form).
    for seat in &e.demo.seats {
        let js = format!(
            "return fetch('/console/poste/{}/chrono', {{method: 'POST', body: new URLSearchParams({{action: 'start'}})}}).then(r => r.status)",
            seat.seat_id
        );
        examiner.run(&js).await;
    }
    examiner.visit(&console, "Nguyen").await;

    console
}

/// Each candidate enters with their code and opens their back-office; their screens appear.
async fn the_candidates_enter(e: &Exam, examiner: &Browser) -> Vec<Browser> {
    let mut candidates = Vec::new();
    for (i, _) in e.demo.seats.iter().enumerate() {
        let b = browser::start().await.expect("browser");
        e.candidate_in_browser(&b, i).await;
        candidates.push(b);
    }
    // Each candidate's screen appears in their panel.
    for seat in &e.demo.seats {
        let js = format!(
            "return !!document.querySelector('[data-panneau=\"{}\"] [data-miroir] iframe')",
            seat.seat_id
        );
        wait_until(examiner, &js, Duration::from_secs(15)).await;
    }
    candidates
}

/// The first candidate's screen opened large, at its real size, showing what they type;
/// Échap brings back the three.
async fn one_screen_is_enlarged_and_the_three_come_back(
    e: &Exam,
    examiner: &Browser,
    candidate: &Browser,
) {
    let seat = e.demo.seats[0].seat_id;
    let panel = format!("document.querySelector('[data-panneau=\"{seat}\"]')");
    examiner
        .run(&format!("{panel}.querySelector('[data-agrandir]').click()"))
        .await;
    let big = format!(
        "const m = {panel}.querySelector('[data-miroir]'); return m.classList.contains('agrandi') && m.clientWidth > 1500 && m.dataset.echelle === '1'"
    );
    wait_until(examiner, &big, Duration::from_secs(5)).await;
    candidate
        .find("#ct-objet")
        .await
        .type_text("Vu en grand zq9")
        .await;
    wait_until(
        examiner,
        &mirror_js(seat, "d.querySelector('#ct-objet').value.includes('zq9')"),
        Duration::from_secs(15),
    )
    .await;
    if let Some(file) = shot("console-agrandi-1920.png") {
        examiner.screenshot(&file).await;
        // A centre's 1366×768 screen: the enlarged screen fits its width.
        examiner.set_window_size(1366, 768).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        examiner
            .screenshot(&file.with_file_name("console-agrandi-1366.png"))
            .await;
        examiner.set_window_size(1920, 1080).await;
    }
    examiner
        .run("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))")
        .await;
    let back = format!(
        "const m = {panel}.querySelector('[data-miroir]'); return !m.classList.contains('agrandi') && m.clientWidth < 700"
    );
    wait_until(examiner, &back, Duration::from_secs(5)).await;
}

async fn each_candidate_acts_and_the_console_shows_it(
    e: &Exam,
    examiner: &Browser,
    candidates: &[Browser],
) {
    let base = &e.app.address;
    // Each candidate acts; the console shows it: the new page in the mirror, what they type
    // in the mirror, and the journal line of what they send. How fast is measured by the
    // console bench (`cargo bench -p e5-exam --bench console_load`), not asserted here: the
    // delays are printed.
    for (i, (b, seat)) in candidates.iter().zip(&e.demo.seats).enumerate() {
        let sandbox = seat.sandbox_id.clone().unwrap();
        b.goto(&format!("{base}/s/{sandbox}/contact")).await;
        let took = wait_until(
            examiner,
            &mirror_js(seat.seat_id, "!!d.querySelector('#ct-objet')"),
            Duration::from_secs(15),
        )
        .await;
        eprintln!("{}: page in the mirror after {took:?}", seat.surname);
        // The candidate's images come from the sites origin: the console's read-only view
        // of its seats lets the mirror show them (the shop's logo).
        wait_until(
            examiner,
            &mirror_js(
                seat.seat_id,
                "[...d.images].some(i => i.complete && i.naturalWidth > 0 && i.src.includes('/media/'))",
            ),
            Duration::from_secs(15),
        )
        .await;
        b.find("#ct-email")
            .await
            .type_text(&format!("candidat{i}@exemple.fr"))
            .await;
        let subject = format!("Question {} zx{i}q", seat.surname);
        b.find("#ct-objet").await.type_text(&subject).await;
        let took = wait_until(
            examiner,
            &mirror_js(
                seat.seat_id,
                &format!("d.querySelector('#ct-objet').value === '{subject}'"),
            ),
            Duration::from_secs(15),
        )
        .await;
        eprintln!("{}: typed text in the mirror after {took:?}", seat.surname);
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
        let took = wait_until(examiner, &js, Duration::from_secs(15)).await;
        eprintln!("{}: journal line after {took:?}", seat.surname);
        let page = format!(
            "return document.querySelector('[data-panneau=\"{}\"] [data-page]').textContent.includes('/contact')",
            seat.seat_id
        );
        wait_until(examiner, &page, Duration::from_secs(15)).await;
    }
}

async fn batches_are_compact_and_a_console_catches_up(
    e: &Exam,
    examiner: &Browser,
    console: &str,
    candidates: &[Browser],
) {
    let base = &e.app.address;
    // Compact batches: what a page sends between two page loads is small.
    let (batches, bytes, snapshots, snapshot_bytes): (i64, i64, i64, i64) = row(e.platform.db(), "SELECT COUNT(*) FILTER (WHERE has_snapshot = 0), COALESCE(SUM(LENGTH(events)) FILTER (WHERE has_snapshot = 0), 0),
                COUNT(*) FILTER (WHERE has_snapshot = 1), COALESCE(SUM(LENGTH(events)) FILTER (WHERE has_snapshot = 1), 0) FROM recording").await;
    eprintln!(
        "recording: {batches} batches of {} bytes on average, {snapshots} page loads of {} bytes",
        bytes / batches.max(1),
        snapshot_bytes / snapshots.max(1)
    );
    assert!(
        bytes / batches.max(1) < 5_000,
        "{batches} batches, {bytes} bytes"
    );
    // A console opened (or reloaded) mid-page catches up at once, not from the page load.
    examiner.goto(console).await;
    for seat in &e.demo.seats {
        let took = wait_until(
            examiner,
            &mirror_js(seat.seat_id, "!!d.body && d.body.innerText.length > 0"),
            Duration::from_secs(15),
        )
        .await;
        eprintln!("{}: catch-up after {took:?}", seat.surname);
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    // Side by side, each part of the three panels starts at the same height, down to the
    // last row of the grid, at 1920 and at 1366 pixels wide.
    let aligned = "const ps = [...document.querySelectorAll('[data-panneau]')]; \
        return ps.length === 3 && ps.every(p => p.offsetTop === ps[0].offsetTop) \
          && ['.miroir', '.journal', '.indices', '.tiroir-grille', '.ligne-grille:last-of-type'] \
          .every(sel => { const tops = ps.map(p => p.querySelector(sel).getBoundingClientRect().top); \
            return tops.every(t => Math.abs(t - tops[0]) <= 1); })";
    wait_until(examiner, aligned, Duration::from_secs(5)).await;
    examiner.set_window_size(1366, 768).await;
    wait_until(examiner, aligned, Duration::from_secs(5)).await;
    examiner.set_window_size(1920, 1080).await;
    if let Some(p) = shot("console-trois-candidats.png") {
        examiner.screenshot(&p).await;
        examiner.set_window_size(1366, 768).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        examiner
            .screenshot(&p.with_file_name("console-trois-candidats-1366.png"))
            .await;
        examiner.set_window_size(1920, 1080).await;
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
}

async fn the_examiner_grades_and_signs(e: &Exam, examiner: &Browser) {
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
    wait_until(examiner, &format!("return document.querySelector('{panel} [data-etat]').textContent.includes('Enregistré') && localStorage.getItem('e5-grille-file') === '[]'"), Duration::from_secs(15)).await;
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
    // The appreciation is saved while it is typed, without leaving the field: "Enregistré ✓"
    // only once the server has it.
    wait_until(examiner, &format!("return document.querySelector('{panel} [data-etat]').textContent === 'Enregistré ✓' && localStorage.getItem('e5-grille-file') === '[]'"), Duration::from_secs(15)).await;
    assert_eq!(
        e5_exam::grid::load(&e.platform, seat)
            .await
            .unwrap()
            .appreciation,
        "Fiche produit soignée ; la réponse à la cliente manque de solution concrète."
    );
    examiner
        .find(&format!("{panel} [data-suggestion]"))
        .await
        .click()
        .await;
    wait_until(
        examiner,
        "return localStorage.getItem('e5-grille-file') === '[]'",
        Duration::from_secs(15),
    )
    .await;
    examiner
        .find(&format!("{panel} [data-signer]"))
        .await
        .click()
        .await;
    wait_until(examiner, &format!("return document.querySelector('{panel} [data-signature]').textContent.includes('Signée par Claire Dubois')"), Duration::from_secs(15)).await;
    let grid = e5_exam::grid::load(&e.platform, seat).await.unwrap();
    assert_eq!(grid.mark, "13,5");
    assert_eq!(grid.levels.len(), 6);
    assert!(grid.signed_at.is_some());
    if let Some(p) = shot("console-grille-signee.png") {
        examiner.screenshot(&p).await;
    }
}

async fn the_fiche_is_exported(e: &Exam, examiner: &Browser) {
    let staff = &e.app.staff;
    let seat = e.demo.seats[0].seat_id;
    // Exports: the fiche and the CSV.
    examiner
        .visit(
            &format!("{staff}/console/poste/{seat}/fiche"),
            "FICHE D'ÉVALUATION",
        )
        .await;
    let text = examiner.page_text().await;
    assert!(
        text.contains("13,5") && text.contains("Claire Dubois") && text.contains("Martin"),
        "{text}"
    );
    if let Some(p) = shot("fiche.png") {
        examiner.screenshot(&p).await;
        examiner
            .run("window.scrollTo(0, document.body.scrollHeight)")
            .await;
        examiner
            .screenshot(&p.with_file_name("fiche-bas.png"))
            .await;
    }
}

async fn the_replay_puts_screen_and_journal_on_one_timeline(
    e: &Exam,
    examiner: &Browser,
) -> (Vec<i64>, i64, Value) {
    let staff = &e.app.staff;
    // The replay: screen and journal on one timeline, across the page loads.
    let seat0 = e.demo.seats[0].seat_id;
    examiner
        .goto(&format!("{staff}/console/poste/{seat0}/revoir"))
        .await;
    wait_until(examiner, "return !!document.querySelector('[data-ecran] iframe') && document.querySelector('[data-journal-revoir]').innerText.includes('candidat0@exemple.fr')", Duration::from_secs(15)).await;
    let data = examiner
        .run(&format!(
            "return fetch('/console/poste/{seat0}/enregistrement.json').then(r => r.json())"
        ))
        .await;
    let pages = data["pages"].as_array().unwrap();
    assert!(pages.len() >= 2, "one page load per page: {pages:?}");
    assert!(
        pages
            .iter()
            .any(|p| p["page"].as_str().unwrap().ends_with("/contact"))
    );
    let times: Vec<i64> = data["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["timestamp"].as_i64().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "events in time order"
    );
    let duration = data["duration"].as_i64().unwrap();
    let marks: Vec<i64> = data["journal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["t"].as_i64().unwrap())
        .collect();
    assert!(!marks.is_empty());
    assert!(marks.windows(2).all(|w| w[0] <= w[1]), "{marks:?}");
    assert!(marks.iter().all(|t| (0..=duration).contains(t)));
    // The list shows each entry with its time, in order; the scrubber has a mark for each.
    let entries = examiner
        .run("return [...document.querySelectorAll('[data-journal-revoir] button')].map(b => [b.querySelector('time').textContent, Number(b.dataset.t), b.textContent])")
        .await;
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), marks.len());
    let contact = entries
        .iter()
        .find(|x| x[2].as_str().unwrap().contains("candidat0@exemple.fr"))
        .expect("the contact message in the replay's journal");
    let time = contact[0].as_str().unwrap();
    assert!(time.len() == 8 && time.as_bytes()[2] == b':', "{time}");
    let marks_shown = examiner
        .run("return document.querySelectorAll('[data-marques] .repere-action').length")
        .await;
    assert_eq!(marks_shown.as_u64(), Some(marks.len() as u64));
    (marks, duration, contact.clone())
}

async fn seeking_moves_the_replay_to_the_entry(examiner: &Browser, marks: &[i64], contact: &Value) {
    // Seeking: a click on the entry moves the screen to its moment, and it becomes current.
    // Pause (the replay may already have reached its end on a slow machine).
    examiner
        .run("const b = document.querySelector('[data-lecture]'); if (b.getAttribute('aria-pressed') === 'true') b.click();")
        .await;
    let target = contact[1].as_i64().unwrap();
    examiner
        .run("[...document.querySelectorAll('[data-journal-revoir] button')].find(b => b.textContent.includes('candidat0@exemple.fr')).click()")
        .await;
    let now = examiner
        .run("return window.e5Revoir.getCurrentTime()")
        .await
        .as_f64()
        .unwrap();
    assert!(
        (now - target as f64).abs() < 1500.0,
        "replayer at {now}, entry at {target}"
    );
    let current = examiner
        .run("return document.querySelector('[data-journal-revoir] li.courant').textContent")
        .await;
    assert!(
        current.as_str().unwrap().contains("candidat0@exemple.fr")
            || target == 0
            || marks.iter().filter(|t| **t == target).count() > 1,
        "{current}"
    );
    // The screen at that moment is the contact page.
    let on_contact = "const d = document.querySelector('[data-ecran] iframe').contentDocument; return !!d.querySelector('#ct-objet')";
    for _ in 0..200 {
        if examiner.run(on_contact).await == serde_json::json!(true) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let state = examiner
        .run("const d = document.querySelector('[data-ecran] iframe').contentDocument; return [window.e5Revoir.getCurrentTime(), window.e5Revoir.service.state.value, d.location.href, (d.body ? d.body.innerText : '(no body)').slice(0, 400)]")
        .await;
    assert_eq!(
        examiner.run(on_contact).await,
        serde_json::json!(true),
        "the replay at {target} ms is not the contact page: {state}"
    );
}

async fn the_replay_plays_from_the_keyboard_and_faster(examiner: &Browser, duration: i64) {
    // The keyboard alone: Space plays and pauses (outside the controls).
    let toggled = examiner
        .run("document.activeElement.blur(); const b = document.querySelector('[data-lecture]'); const before = b.textContent; document.dispatchEvent(new KeyboardEvent('keydown', {key: ' ', bubbles: true})); const after = b.textContent; document.dispatchEvent(new KeyboardEvent('keydown', {key: ' ', bubbles: true})); return [before, after, b.textContent]")
        .await;
    assert_eq!(toggled, serde_json::json!(["Lire", "Pause", "Lire"]));
    // Speed 8× and play: time moves faster than real time.
    examiner
        .run("const s = document.querySelector('[data-vitesse]'); s.value = '8'; s.dispatchEvent(new Event('change')); window.e5Revoir.pause(0); document.querySelector('[data-lecture]').click();")
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let later = examiner
        .run("return window.e5Revoir.getCurrentTime()")
        .await
        .as_f64()
        .unwrap();
    assert!(
        later > 1500.0 || later >= duration as f64 - 100.0,
        "8× for 0.5 s reached {later} ms"
    );
    examiner
        .run("window.e5Revoir.pause(); document.querySelector('[data-lecture]').click(); const s = document.querySelector('[data-vitesse]'); s.value = '1'; s.dispatchEvent(new Event('change')); [...document.querySelectorAll('[data-journal-revoir] button')].find(b => b.textContent.includes('candidat0@exemple.fr')).click();")
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    if let Some(p) = shot("revoir.png") {
        examiner.screenshot(&p).await;
        examiner.set_window_size(960, 540).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        examiner
            .screenshot(&p.with_file_name("revoir-zoom-200.png"))
            .await;
        examiner.set_window_size(1920, 1080).await;
    }
}

async fn the_marks_are_exported_as_csv(e: &Exam, examiner: &Browser) {
    let csv = examiner
        .run(&format!(
            "return fetch('/console/commission/{}/notes.csv').then(r => r.text())",
            e.demo.commission
        ))
        .await;
    let csv = csv.as_str().unwrap_or_default();
    assert!(csv.contains(";02710001;Martin;Léa;;Présent;13,5;"), "{csv}");
}
