//! Commissions and examiners edited until the exam starts; a new password closes sessions.

use super::*;
use crate::exam::{ADMIN_SIGN_IN, EXAMINER_SIGN_IN, Exam};
use crate::helpers::{one, one_for};

#[tokio::test]
async fn a_commission_is_edited_and_a_candidate_removed_until_the_exam_starts() {
    let e = exam().await;
    let admin = e.app.shopper();
    let c = a_candidate_is_removed_and_a_forged_seat_changes_nothing(&e, &admin).await;
    the_commission_gets_another_room_and_time(&e, &admin, c).await;
    once_started_the_commission_is_frozen(&e, &admin, c).await;
    a_deactivated_examiner_can_no_longer_sign_in(&e, &admin).await;
}

async fn a_candidate_is_removed_and_a_forged_seat_changes_nothing(
    e: &Exam,
    admin: &Shopper,
) -> i64 {
    admin.post_ok("/admin/connexion", &ADMIN_SIGN_IN).await;
    let c = e.demo.commission;
    let removed = &e.demo.seats[2];
    let sandbox = removed.sandbox_id.clone().unwrap();
    // A forged seat id changes nothing.
    let (answer, _) = admin
        .post(
            &format!("/admin/commission/{c}/retirer"),
            &[("seat", "999999")],
        )
        .await;
    assert_eq!(answer.status, 422);
    answer.shows("n&#x27;est pas dans cette commission");
    let page = admin
        .post_shows(
            &format!("/admin/commission/{c}/retirer"),
            &[("seat", &removed.seat_id.to_string())],
            "Candidat retiré",
        )
        .await;
    page.lacks(&removed.access_code);
    assert!(
        !e.t.data.sandbox_path(sandbox.parse().unwrap()).exists(),
        "sandbox deleted"
    );
    let (answer, _) = e
        .app
        .shopper()
        .post("/", &[("code", &removed.access_code)])
        .await;
    assert_eq!(answer.status, 401, "the code no longer opens anything");

    c
}

/// The demo commission's form: number 1, the demo examiner and subject, in `room` on 1 June
/// 2027 at 8:30, with the first `candidates` seats of the demo.
fn commission_form(e: &Exam, room: &str, candidates: usize) -> String {
    let (examiner, subject) = (demo::EXAMINER_EMAIL, demo::SUBJECT_CODE);
    let mut form = format!(
        "number=1&examiner={examiner}&subject={subject}&room={room}&starts_at=2027-06-01T08:30"
    );
    for (i, seat) in e.demo.seats[..candidates].iter().enumerate() {
        form += &format!("&candidate{}={}", i + 1, seat.number);
    }
    form
}

async fn the_commission_gets_another_room_and_time(e: &Exam, admin: &Shopper, c: i64) {
    // Edit: another room and time; the two remaining candidates stay with their codes.
    let page = admin
        .post_shows(
            &format!("/admin/commission/{c}"),
            commission_form(e, "C101", 2),
            "le 1er juin 2027 à 8 h 30",
        )
        .await;
    assert!(page.body.contains(&e.demo.seats[0].access_code));
    let room: String = one_for(
        e.platform.db(),
        "SELECT room FROM commission WHERE id = ?",
        c,
    )
    .await;
    assert_eq!(room, "C101");
}

async fn once_started_the_commission_is_frozen(e: &Exam, admin: &Shopper, c: i64) {
    // Once the exam has started, neither removal nor edits are allowed.
    e5_exam::timer::timer_action(&e.platform, e.demo.seats[0].seat_id, "start", 0, "")
        .await
        .unwrap();
    let (answer, _) = admin
        .post(
            &format!("/admin/commission/{c}/retirer"),
            &[("seat", &e.demo.seats[1].seat_id.to_string())],
        )
        .await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    let (answer, _) = admin
        .post(
            &format!("/admin/commission/{c}"),
            commission_form(e, "D001", 1),
        )
        .await;
    assert_eq!(answer.status, 422);
    answer.shows("a commencé");
    let seats: i64 = one_for(
        e.platform.db(),
        "SELECT COUNT(*) FROM seat WHERE commission_id = ?",
        c,
    )
    .await;
    assert_eq!(seats, 2);
}

async fn a_deactivated_examiner_can_no_longer_sign_in(e: &Exam, admin: &Shopper) {
    // A deactivated examiner can no longer sign in, and their open session closes.
    let examiner = e.examiner().await;
    assert_eq!(examiner.get("/console/").await.status, 200);
    let id: i64 = one_for(
        e.platform.db(),
        "SELECT id FROM examiner WHERE email = ?",
        demo::EXAMINER_EMAIL,
    )
    .await;
    admin
        .post_ok(
            &format!("/admin/examinateur/{id}/activation"),
            &[("active", "0")],
        )
        .await;
    assert_eq!(examiner.get("/console/").await.status, 303);
    let (answer, _) = examiner.post("/console/connexion", &EXAMINER_SIGN_IN).await;
    assert_eq!(answer.status, 401);
}

#[tokio::test]
async fn an_examiner_is_edited_and_a_new_password_closes_their_sessions() {
    let e = exam().await;
    let admin = e.app.shopper();
    let (examiner, id, path) = an_examiner_is_renamed_and_given_a_password(&e, &admin).await;
    a_new_name_and_a_generated_password_shown(&e, &admin, &examiner, id, &path).await;
}

async fn an_examiner_is_renamed_and_given_a_password(
    e: &Exam,
    admin: &Shopper,
) -> (Shopper, i64, String) {
    admin.post("/admin/connexion", &ADMIN_SIGN_IN).await;
    let examiner = e.examiner().await;
    assert_eq!(examiner.get("/console/").await.status, 200);
    let id: i64 = one_for(
        e.platform.db(),
        "SELECT id FROM examiner WHERE email = ?",
        demo::EXAMINER_EMAIL,
    )
    .await;
    let path = format!("/admin/examinateur/{id}");
    // Another examiner's e-mail: refused, nothing changed.
    admin
        .refused(
            &path,
            "name=Claire Dubois&email=autre@centre-demo.fr&mode=garder",
            "déjà celle d&#x27;un autre examinateur",
        )
        .await;
    (examiner, id, path)
}

async fn a_new_name_and_a_generated_password_shown(
    e: &Exam,
    admin: &Shopper,
    examiner: &Shopper,
    id: i64,
    path: &str,
) {
    // A new name and a generated password, shown once; the open console session closes.
    let (answer, _) = admin
        .post(
            path,
            &[
                ("name", "Claire Dubois-Martin"),
                ("email", demo::EXAMINER_EMAIL),
                ("mode", "generer"),
            ],
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let password = between(&answer.body, "<code class=\"secret\">", "</code>").to_owned();
    assert_eq!(examiner.get("/console/").await.status, 303);
    let (answer, _) = examiner.post("/console/connexion", &EXAMINER_SIGN_IN).await;
    assert_eq!(answer.status, 401, "the old password no longer works");
    examiner
        .post_ok(
            "/console/connexion",
            &[("email", demo::EXAMINER_EMAIL), ("password", &password)],
        )
        .await;
    let name: String = one_for(
        e.platform.db(),
        "SELECT name FROM examiner WHERE id = ?",
        id,
    )
    .await;
    assert_eq!(name, "Claire Dubois-Martin");
    let log: String = one(
        e.platform.db(),
        "SELECT summary FROM planning_log ORDER BY id DESC LIMIT 1",
    )
    .await;
    assert!(
        log.contains("nouveau mot de passe, sessions fermées"),
        "{log}"
    );
}
