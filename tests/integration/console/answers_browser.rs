//! The candidate's written answers in the examiner's console: what they save in "Mes
//! réponses" shows under its question, as text, soon after.

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
}
