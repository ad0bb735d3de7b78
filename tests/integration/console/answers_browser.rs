//! The candidate's written work in the examiner's console: what they save in "Mes
//! réponses", and what they write in the site (here a reply to a customer), shows under
//! its question, as text, soon after; the replay and the archive keep it.

use std::time::Duration;

use crate::browser;
use crate::exam::exam;

#[tokio::test]
async fn an_answer_saved_in_mes_reponses_shows_under_its_question_in_the_console() {
    let Some(b) = browser::start().await else {
        return;
    };
    let e = exam().await;
    let console = e.open_console(&b).await;
    b.visit(&console, "Indices par question").await;
    e.start_clock(0).await;
    let cand = e.candidate(0).await;
    let sandbox = e.sandbox(0);
    // Written like markup on purpose: the console shows it as the text it is.
    let text = "La baisse vient du panier <b>abandonné</b> : 62 % des visites";
    cand.post_ok(
        &format!("/s/{sandbox}/admin/reponses"),
        &[("question", "2"), ("text", text)],
    )
    .await;
    let seat = e.demo.seats[0].seat_id;
    let shown = format!(
        "const r = document.querySelector('[data-panneau=\"{seat}\"] [data-reponse=\"2\"]'); \
         return !!r && r.textContent.includes({text:?}) && !r.querySelector('b') \
         && r.previousElementSibling.textContent === 'Question 2'"
    );
    let took = b.wait_until(&shown, Duration::from_secs(10)).await;
    eprintln!("answer in the console after {took:?}");
    // The other candidates' panels show nothing of it.
    let elsewhere = b
        .run("return document.querySelectorAll('[data-reponse]').length")
        .await;
    assert_eq!(elsewhere, 1);

    // A reply to the customer of the subject's thread, written in the SAV: shown in full
    // under the check that found it.
    let reply = "Bonjour Madame, nous vous échangeons le drap <i>sans frais</i> dès demain.";
    let thread: i64 = crate::helpers::one(
        &e.t.open(sandbox.parse().unwrap()).await,
        "SELECT id FROM customer_thread WHERE subject = 'Drap housse trop petit'",
    )
    .await;
    cand.post_ok(
        &format!("/s/{sandbox}/admin/boutique/sav/{thread}"),
        &[("message", reply), ("status", "closed"), ("assigned", "")],
    )
    .await;
    let shown = format!(
        "return [...document.querySelectorAll('[data-panneau=\"{seat}\"] [data-ecrit]')] \
         .some(w => w.textContent.includes({reply:?}) && !w.querySelector('i') \
         && w.textContent.includes('Réponse au client'))"
    );
    let took = b.wait_until(&shown, Duration::from_secs(10)).await;
    eprintln!("reply in the console after {took:?}");

    // The replay shows both, as text.
    b.visit(
        &format!("{}/console/poste/{seat}/revoir", e.app.staff),
        "Travaux écrits du candidat",
    )
    .await;
    let replay = b.page_text().await;
    assert!(replay.contains(text) && replay.contains(reply), "{replay}");

    // The session's archive keeps it as plain text, in the candidate's folder.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.tar");
    e5_exam::archive::write(&e.platform, e.demo.session, &file)
        .await
        .unwrap();
    let entries = crate::exam::archive_entries(&file);
    let number = &e.demo.seats[0].number;
    let (_, work) = entries
        .iter()
        .find(|(n, _)| n.ends_with(&format!("/{number}/travaux.txt")))
        .expect("travaux.txt in the candidate's folder");
    let work = String::from_utf8_lossy(work);
    assert!(
        work.contains("== Question 2 ==") && work.contains(text),
        "{work}"
    );
    assert!(work.contains(reply), "{work}");
}
