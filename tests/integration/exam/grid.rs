//! The grid's autosave: durable before the answer, idempotent replays, signing locks, a write
//! that fails refused visibly.

use super::*;
use crate::helpers::one;
use crate::helpers::one_for;

#[tokio::test]
async fn a_grid_click_is_on_disk_when_the_answer_comes_back_and_replays_apply_once() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = e.demo.seats[0].seat_id;
    let (status, body) = edit(&examiner, seat, "k-1", "level:1a", "S").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["applied"], true);
    // Read straight from the file with a fresh connection, as after a crash.
    let file = e5_shop_db::open_read_only(&e.t.data.root().join("platform.db"))
        .await
        .unwrap();
    let levels: String = one_for(&file, "SELECT levels FROM grid WHERE seat_id = ?", seat).await;
    assert_eq!(levels, r#"{"1a":"S"}"#);
    // The same key again (an offline queue replayed): acknowledged, applied once.
    let (status, body) = edit(&examiner, seat, "k-1", "level:1a", "S").await;
    assert_eq!(status, 200);
    assert_eq!(body["applied"], false);
    let events: i64 = one_for(
        &file,
        "SELECT COUNT(*) FROM grid_event WHERE seat_id = ?",
        seat,
    )
    .await;
    assert_eq!(events, 1);
    // Queued edits replayed in order, twice over: the grid ends as the examiner left it.
    for round in 0..2 {
        for (i, (field, value)) in [
            ("level:1b", "TS"),
            ("comment:1b", "Titre optimisé"),
            ("mark", "14,5"),
            ("level:1b", "S"),
        ]
        .iter()
        .enumerate()
        {
            let (status, body) = edit(&examiner, seat, &format!("q-{i}"), field, value).await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(body["applied"], round == 0);
        }
    }
    let grid = e5_exam::grid::load(&e.platform, seat).await.unwrap();
    assert_eq!(grid.levels.get("1b").map(String::as_str), Some("S"));
    assert_eq!(grid.mark, "14,5");
    assert_eq!(grid.suggested.as_deref(), Some("12,5"));
    let chain = e5_exam::grid::events(&e.platform, seat).await.unwrap();
    assert_eq!(chain.len(), 5);
    assert!(e5_exam::grid::verify_chain(&chain).is_ok());
    // Bad input: a clear message, nothing changed.
    let (status, body) = edit(&examiner, seat, "k-bad", "mark", "25").await;
    assert_eq!(status, 422);
    assert!(body["error"].as_str().unwrap().contains("entre 0 et 20"));
    assert_eq!(
        e5_exam::grid::events(&e.platform, seat)
            .await
            .unwrap()
            .len(),
        5
    );
    // Another examiner cannot touch this grid.
    let other = e.other_examiner().await;
    let (status, _) = edit(&other, seat, "k-other", "mark", "2").await;
    assert_eq!(status, 403);
    assert_eq!(
        e5_exam::grid::load(&e.platform, seat).await.unwrap().mark,
        "14,5"
    );
}

#[tokio::test]
async fn signing_locks_the_grid_and_reopening_needs_a_reason() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = e.demo.seats[1].seat_id;
    let (status, body) = edit(&examiner, seat, "s-0", "sign", "").await;
    assert_eq!(status, 422, "no mark yet: {body}");
    assert!(body["error"].as_str().unwrap().contains("note sur 20"));
    edit(&examiner, seat, "s-1", "mark", "13").await;
    edit(
        &examiner,
        seat,
        "s-2",
        "appreciation",
        "Travail soigné, référencement à approfondir.",
    )
    .await;
    let (status, body) = edit(&examiner, seat, "s-3", "sign", "").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["grid"]["signed_by"], "Claire Dubois");
    let (status, body) = edit(&examiner, seat, "s-4", "mark", "15").await;
    assert_eq!(status, 422);
    assert!(body["error"].as_str().unwrap().contains("signée"));
    let (status, _) = edit(&examiner, seat, "s-5", "reopen", "").await;
    assert_eq!(status, 422);
    let (status, body) = edit(
        &examiner,
        seat,
        "s-6",
        "reopen",
        "Erreur de saisie sur la note",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["grid"]["signed_at"].is_null());
    let reopened: String = one(
        e.platform.db(),
        "SELECT value FROM grid_event WHERE field = 'reopen'",
    )
    .await;
    assert_eq!(reopened, "Erreur de saisie sur la note");
    edit(&examiner, seat, "s-7", "sign", "").await;
    the_fiche_shows_what_was_signed(&examiner, seat).await;
    the_fiche_dates_the_day_it_was_held(&e, &examiner, seat).await;
    the_csv_is_for_a_french_spreadsheet(&e, &examiner).await;
}

/// The fiche's date is the planned slot until the clock starts, then the day and time the
/// candidate started, with the slot beside it.
async fn the_fiche_dates_the_day_it_was_held(e: &Exam, examiner: &Shopper, seat: i64) {
    let fiche = format!("/console/poste/{seat}/fiche");
    examiner
        .get_ok(&fiche)
        .await
        .shows("prévue le 12 mai 2027 à 9 h 00 (épreuve non commencée)");
    e5_exam::timer::timer_action(&e.platform, seat, "start", 0, "")
        .await
        .unwrap();
    let today = e5_domain::calendar::french_date(&e5_domain::paris_now().db_format());
    examiner
        .get_ok(&fiche)
        .await
        .shows(&format!("<td colspan=\"3\">{today} à "))
        .shows("(créneau prévu : 12 mai 2027 à 9 h 00)");
}

/// The fiche shows what was signed, in the official layout.
async fn the_fiche_shows_what_was_signed(examiner: &Shopper, seat: i64) {
    let fiche = examiner
        .get_ok(&format!("/console/poste/{seat}/fiche"))
        .await;
    for text in [
        "Fiche d'évaluation",
        "Nguyen",
        "02710002",
        "Commission n°",
        "Sujet D",
        "13",
        "/ 20",
        "Travail soigné",
        "Claire Dubois",
        "tiers-temps",
        "53 min 20 s",
    ] {
        assert!(fiche.body.contains(text), "fiche lacks {text}");
    }
}

/// The CSV of marks, for a French spreadsheet.
async fn the_csv_is_for_a_french_spreadsheet(e: &Exam, examiner: &Shopper) {
    let csv = format!("/console/commission/{}/notes.csv", e.demo.commission);
    let r = examiner.response(&csv).await;
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("Session;Commission;"));
    assert!(
        text.contains(";02710002;Nguyen;Hugo;tiers-temps;Présent;13;"),
        "{text}"
    );
    // "Signée le" the French way: jj/mm/aaaa hh:mm.
    let line = text.lines().find(|l| l.contains(";Nguyen;")).unwrap();
    let signed = line.split(';').nth(12).unwrap();
    let b = signed.as_bytes();
    assert!(
        signed.len() == 16 && b[2] == b'/' && b[5] == b'/' && b[10] == b' ' && b[13] == b':',
        "signed on « {signed} »"
    );
}

#[tokio::test]
async fn a_grid_edit_that_cannot_be_written_is_refused_visibly_and_the_next_one_works() {
    use sqlx::{Connection, Executor};
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = e.demo.seats[0].seat_id;
    let path = e.t.data.root().join("platform.db");
    // Another process holds platform.db's write lock: the server's write fails ("database
    // is locked") as it would on a full disk, after its busy timeout.
    let mut blocker = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    blocker.execute("BEGIN IMMEDIATE").await.unwrap();
    let (status, body) = edit(&examiner, seat, "k-bloque", "level:1a", "S").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["applied"], false);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("rien n'a été enregistré"),
        "{body}"
    );
    blocker.execute("ROLLBACK").await.unwrap();
    blocker.close().await.unwrap();
    let file = e5_shop_db::open_read_only(&path).await.unwrap();
    let events: i64 = one_for(
        &file,
        "SELECT COUNT(*) FROM grid_event WHERE seat_id = ?",
        seat,
    )
    .await;
    assert_eq!(events, 0);
    // The cause gone, the same edit (the console's queue sends it again) is applied without
    // restarting the server.
    let (status, body) = edit(&examiner, seat, "k-bloque", "level:1a", "S").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["applied"], true);
    let events: i64 = one_for(
        &file,
        "SELECT COUNT(*) FROM grid_event WHERE seat_id = ?",
        seat,
    )
    .await;
    assert_eq!(events, 1);
}

#[tokio::test]
async fn harmonisation_counts_signed_marks_only_in_bands_that_do_not_overlap() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let (signed, unsigned) = (e.demo.seats[0].seat_id, e.demo.seats[1].seat_id);
    edit(&examiner, signed, "h-0", "mark", "12").await;
    let (status, body) = edit(&examiner, signed, "h-1", "sign", "").await;
    assert_eq!(status, 200, "{body}");
    edit(&examiner, unsigned, "h-2", "mark", "8").await;

    let h = e5_exam::export::harmonisation(&e.platform, e.demo.session)
        .await
        .unwrap();
    let counted: usize = h.groups.iter().map(|g| g.count).sum();
    let waiting: usize = h.groups.iter().map(|g| g.unsigned).sum();
    assert_eq!(counted, 1, "only the signed grid's mark counts");
    assert!(waiting >= 1, "the unsigned grid is counted apart");
    assert!(h.groups.iter().any(|g| g.count == 1 && g.mean == "12,0"));
    // 12 is in "12 à moins de 16", and the unsigned 8 in no band.
    let band = |label: &str| {
        h.distribution
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, n)| *n)
    };
    assert_eq!(band("12 à moins de 16"), Some(1));
    assert_eq!(band("8 à moins de 12"), Some(0));
    assert_eq!(band("16 à 20"), Some(0));
}
