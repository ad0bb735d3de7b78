//! Seats' sandboxes: forked from the prepared subject only, closed before deletion.

use super::*;
use crate::helpers::one;

#[tokio::test]
async fn the_demo_candidates_work_on_their_subjects_prepared_site() {
    let e = exam().await;
    // Subject D's overlay creates the product the candidate must complete: every seat's
    // sandbox starts from the subject's prepared database, not from the bare context.
    for i in 0..3 {
        let db = e.t.open(e.sandbox(i).parse().unwrap()).await;
        let name: String = one(
            &db,
            "SELECT name FROM product WHERE reference = 'TDL-HC-005'",
        )
        .await;
        assert!(name.contains("Vert sauge"), "{name}");
    }
    let examiner = e.examiner().await;
    let seat = e.demo.seats[0].seat_id;
    let evidence = examiner
        .get_ok(&format!("/console/poste/{seat}/indices"))
        .await;
    evidence.lacks("introuvable");
}

#[tokio::test]
async fn a_seat_is_never_forked_from_the_bare_context_when_its_subject_is_not_prepared() {
    let e = exam().await;
    third_commission(&e, demo::SUBJECT_CODE).await;
    // The subject's prepared database went missing (a deleted folder, a failed copy).
    let prepared = e.t.data.prepared_path(demo::SUBJECT_CODE).unwrap();
    std::fs::remove_file(&prepared).unwrap();
    let sandboxes = || std::fs::read_dir(e.t.data.sandboxes_dir()).unwrap().count();
    let before = sandboxes();
    let err = e5_exam::planning::prepare_sandboxes(&e.platform, e.demo.session)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "le sujet {} n'a pas de base préparée",
            demo::SUBJECT_CODE
        )),
        "{err}"
    );
    assert_eq!(sandboxes(), before, "no sandbox made");
    assert_eq!(
        e.count("SELECT COUNT(*) FROM seat WHERE sandbox_id IS NULL")
            .await,
        1
    );
}

#[tokio::test]
async fn a_removed_seat_s_sandbox_is_closed_before_its_file_is_deleted() {
    let e = exam().await;
    let id: e5_domain::SandboxId = e.sandbox(0).parse().unwrap();
    let site = e.platform.sites.get(id).await.unwrap();
    drop(site);
    assert_eq!(e.platform.sites.open_count().await, 1);
    e.platform.delete_sandbox(id).await.unwrap();
    assert_eq!(e.platform.sites.open_count().await, 0, "closed first");
    assert!(!e.t.data.sandbox_path(id).exists());
    assert!(
        e.platform.sites.get(id).await.is_err(),
        "never opened again"
    );
}

#[tokio::test]
async fn the_back_office_opens_on_the_subject_s_side_with_the_answers_in_both_menus() {
    let e = exam().await;
    let sandbox = e.sandbox(0);
    let cand = e.candidate(0).await;
    // The demo subject is a shop one: the PrestaShop-like dashboard.
    cand.get_ok("/epreuve").await.shows(&format!(
        "href=\"/s/{sandbox}/admin/boutique/\">Ouvrir le back-office"
    ));
    // A content subject opens on the WordPress-like dashboard.
    e.count("UPDATE subject SET side = 'content' RETURNING 1")
        .await;
    cand.get_ok("/epreuve").await.shows(&format!(
        "href=\"/s/{sandbox}/admin/\">Ouvrir le back-office"
    ));
    // "Mes réponses" is in the menu of both sides.
    for side in ["/", "/boutique/"] {
        cand.get_ok(&format!("/s/{sandbox}/admin{side}"))
            .await
            .shows("admin&#x2F;reponses\"><span class=\"ico ico-reponse\" aria-hidden=\"true\"></span>Mes réponses</a>");
    }
}
