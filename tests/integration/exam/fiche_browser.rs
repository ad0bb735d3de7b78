//! The fiche d'évaluation printed by the browser, as the examiner prints it: one A4 page
//! even with every row commented and a long appreciation, with the académie and the centre.

use super::*;
use crate::browser;

/// How many pages a PDF has (its page objects).
fn pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

#[tokio::test]
async fn a_full_fiche_prints_on_one_a4_page_with_the_academie_and_the_centre() {
    let Some(b) = browser::start().await else {
        return;
    };
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = e.demo.seats[0].seat_id;
    e.start_clock(0).await;
    let comment = "Diagnostic juste et argumenté, la cible est identifiée ; la réponse au client \
                   reste un peu générique sur le geste commercial proposé, mais le ton est adapté.";
    let rows = e5_exam::grid::rows_of_seat(&e.platform, seat)
        .await
        .unwrap();
    for (i, r) in rows.iter().enumerate() {
        edit(
            &examiner,
            seat,
            &format!("f-l{i}"),
            &format!("level:{}", r.row_key),
            "S",
        )
        .await;
        let field = format!("comment:{}", r.row_key);
        edit(&examiner, seat, &format!("f-c{i}"), &field, comment).await;
    }
    edit(&examiner, seat, "f-m", "mark", "14,5").await;
    edit(&examiner, seat, "f-a", "appreciation", &comment.repeat(4)).await;
    let (status, body) = edit(&examiner, seat, "f-s", "sign", "").await;
    assert_eq!(status, 200, "{body}");

    e.sign_in_console(&b).await;
    let fiche = format!("{}/console/poste/{seat}/fiche", e.app.staff);
    b.visit(&fiche, "Académie de Nantes").await;
    b.wait_for_text("Centre d'examen de démonstration, Cholet")
        .await;
    let pdf = b.print_pdf().await;
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    if let Ok(dir) = std::env::var("E5_SCREENSHOTS") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join("fiche.pdf"), &pdf).unwrap();
    }
    assert_eq!(pages(&pdf), 1, "the fiche runs over {} pages", pages(&pdf));
}
