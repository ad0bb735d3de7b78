//! Charts in the examiner's mirror: the candidate's statistics page draws on canvases,
//! which the mirror shows as the picture the candidate sees, not a blank.

use std::time::Duration;

use crate::browser;
use crate::exam::exam;

#[tokio::test]
async fn the_statistics_charts_show_in_the_mirror() {
    let Some(examiner) = browser::start().await else {
        return;
    };
    let candidate = browser::start().await.expect("a second browser");
    let e = exam().await;
    e.start_clock(0).await;
    e.open_console(&examiner).await;
    e.candidate_in_browser(&candidate, 0).await;
    let stats = format!(
        "{}/s/{}/admin/boutique/statistiques",
        e.app.address,
        e.sandbox(0)
    );
    candidate.visit(&stats, "Statistiques").await;
    let seat = e.demo.seats[0].seat_id;
    // The chart's canvas in the mirror holds a picture: it differs from a blank one.
    let drawn = format!(
        "const f = document.querySelector('[data-panneau=\"{seat}\"] [data-miroir] iframe'); \
         const c = f && f.contentDocument && f.contentDocument.querySelector('#graphique-jours'); \
         if (!c || !c.width) return false; \
         const blank = document.createElement('canvas'); blank.width = c.width; blank.height = c.height; \
         return c.toDataURL() !== blank.toDataURL();"
    );
    let took = examiner.wait_until(&drawn, Duration::from_secs(15)).await;
    eprintln!("chart in the mirror after {took:?}");
}
