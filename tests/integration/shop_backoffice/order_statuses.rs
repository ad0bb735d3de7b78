//! Order statuses and predefined replies: created, edited, hidden, offered in a thread.

use super::*;
use crate::helpers::{one, one_for, row};

#[tokio::test]
async fn an_order_status_is_created_edited_and_its_text_reaches_the_outbox() {
    let s = Site::new().await;
    let (id, user) = (&s.id, &s.admin);
    let (base, db, state) = an_order_status_is_created(&s).await;
    let (order, reference) =
        moving_an_order_there_sends_the_edited_text(id, user, &db, state).await;
    editing_the_standard_expedie_status_changes_what(id, user, &base, &db, order, &reference).await;
    deleting_a_status_in_use_is_refused(user, &base, &db).await;
}

async fn an_order_status_is_created(s: &Site) -> (String, SqlitePool, i64) {
    let (id, user) = (s.id.as_str(), &s.admin);
    let base = format!("/s/{id}/admin/boutique/commandes/etats");
    let db = s.db.clone();

    let list = user.get_ok(&base).await;
    list.shows("États de commande")
        .shows("En cours de préparation");
    assert!(
        list.body
            .contains("commandes&#x2F;etats\" aria-current=\"page\" class=\"actif\">États<"),
        "menu entry"
    );

    user.post_shows(
        &format!("{base}/nouveau"),
        &[
            ("name", "En préparation à l'atelier"),
            ("color", "#ff8c00"),
            ("paid", "1"),
            ("notify", "1"),
            ("email_subject", "{commande} : on prépare votre colis"),
            (
                "email_body",
                "Bonjour {prenom} {nom},\r\n\r\nVotre commande {commande} ({montant}) est en préparation dans notre atelier de Cholet.",
            ),
        ],
        "État « En préparation à l&#x27;atelier » enregistré.",
    )
    .await;
    let (state, color, paid, invoice): (i64, String, i64, i64) = row(&db, "SELECT id, color, paid, invoice FROM order_state WHERE name = 'En préparation à l''atelier'").await;
    assert_eq!((color.as_str(), paid, invoice), ("#FF8C00", 1, 0));
    assert_eq!(
        last_journal(&db, "order_state").await,
        (
            "create".to_owned(),
            "État de commande « En préparation à l'atelier » créé (e-mail au client)".to_owned()
        )
    );

    (base, db, state)
}

async fn moving_an_order_there_sends_the_edited_text(
    id: &str,
    user: &Shopper,
    db: &SqlitePool,
    state: i64,
) -> (i64, String) {
    // Moving an order there sends the edited text.
    let (order, reference, email): (i64, String, String) = row(db, "SELECT o.id, o.reference, c.email FROM orders o JOIN customer c ON c.id = o.customer_id WHERE o.state_id = 4 ORDER BY o.id LIMIT 1").await;
    user.post_ok(
        &format!("/s/{id}/admin/boutique/commandes/{order}/statut"),
        &[("state_id", &state.to_string())],
    )
    .await;
    let (to, subject, body): (String, String, String) = row(
        db,
        "SELECT email, subject, body FROM outbox ORDER BY id DESC LIMIT 1",
    )
    .await;
    assert_eq!(to, email);
    assert_eq!(subject, format!("{reference} : on prépare votre colis"));
    assert!(
        body.contains(&format!("Votre commande {reference} ("))
            && body.contains("est en préparation dans notre atelier de Cholet."),
        "{body}"
    );
    assert!(!body.contains('{') && !body.contains('\r'), "{body}");

    (order, reference)
}

async fn editing_the_standard_expedie_status_changes_what(
    id: &str,
    user: &Shopper,
    base: &str,
    db: &SqlitePool,
    order: i64,
    reference: &str,
) {
    // Editing the standard "Expédié" status changes what its next e-mail says.
    let form = user.get(&format!("{base}/5")).await;
    assert!(
        form.body.contains("Le statut de votre commande {commande}"),
        "the standard text is shown to edit"
    );
    user.post_ok(
        &format!("{base}/5"),
        &[
            ("name", "Expédié"),
            ("color", "#8A2BE2"),
            ("paid", "1"),
            ("shipped", "1"),
            ("invoice", "1"),
            ("notify", "1"),
            ("email_subject", ""),
            (
                "email_body",
                "Bonjour {prenom}, votre colis {commande} est parti de Cholet ce jour.",
            ),
        ],
    )
    .await;
    assert_eq!(
        last_journal(db, "order_state").await.1,
        "État de commande « Expédié » modifié (e-mail au client)"
    );
    user.post(
        &format!("/s/{id}/admin/boutique/commandes/{order}/statut"),
        &[("state_id", "5")],
    )
    .await;
    let (subject, body): (String, String) = row(
        db,
        "SELECT subject, body FROM outbox ORDER BY id DESC LIMIT 1",
    )
    .await;
    assert_eq!(subject, format!("Votre commande {reference} : expédié"));
    assert!(
        body.ends_with(&format!(
            "votre colis {reference} est parti de Cholet ce jour."
        )),
        "{body}"
    );
}

async fn deleting_a_status_in_use_is_refused(user: &Shopper, base: &str, db: &SqlitePool) {
    // Deleting a status in use is refused; an unused one goes.
    let before = journal_count(db).await;
    let (refused, page) = user.post(&format!("{base}/5/supprimer"), "").await;
    assert_eq!(refused.status, 303);
    page.shows("L&#x27;état « Expédié » est utilisé par des commandes");
    assert_eq!(journal_count(db).await, before);
    let (_, page) = user
        .post(&format!("{base}/nouveau"), "name=Brouillon&color=#777777")
        .await;
    page.shows("État « Brouillon » enregistré.");
    let draft: i64 = one(db, "SELECT id FROM order_state WHERE name = 'Brouillon'").await;
    user.post_shows(
        &format!("{base}/{draft}/supprimer"),
        "",
        "État de commande « Brouillon » supprimé.",
    )
    .await;

    // Bad input: refused next to the form, nothing written.
    let before = journal_count(db).await;
    for (form, message) in [
        (
            vec![("name", ""), ("color", "#777777")],
            "Le nom de l&#x27;état doit compter",
        ),
        (
            vec![("name", "Rouge"), ("color", "red;background:url(x)")],
            "La couleur s&#x27;écrit en hexadécimal",
        ),
        (
            vec![("name", "expédié"), ("color", "#777777")],
            "Un état « expédié » existe déjà.",
        ),
    ] {
        let (answer, _) = user.post(&format!("{base}/nouveau"), &form).await;
        assert_eq!(answer.status, 422, "{message}");
        assert!(answer.body.contains(message), "{message}");
    }
    assert_eq!(journal_count(db).await, before);
}

#[tokio::test]
async fn a_hidden_status_shows_the_customer_the_last_visible_one() {
    let s = Site::new().await;
    let (id, app, db, user) = (&s.id, &s.app, &s.db, &s.admin);
    let (_, page) = user
        .post(
            &format!("/s/{id}/admin/boutique/commandes/etats/nouveau"),
            "name=Contrôle qualité&color=#123456&paid=1&hidden=1",
        )
        .await;
    page.shows("État « Contrôle qualité » enregistré.");
    let hidden: i64 = one(
        db,
        "SELECT id FROM order_state WHERE name = 'Contrôle qualité' AND hidden = 1 AND notify = 0",
    )
    .await;
    let (order, reference): (i64, String) = row(db, "SELECT id, reference FROM orders WHERE customer_id = 1 AND state_id != 4 ORDER BY id DESC LIMIT 1").await;
    let outbox_before: i64 = one(db, "SELECT COUNT(*) FROM outbox").await;
    for state in ["4".to_owned(), hidden.to_string()] {
        user.post_ok(
            &format!("/s/{id}/admin/boutique/commandes/{order}/statut"),
            &[("state_id", &state)],
        )
        .await;
    }
    // Only the visible status sent an e-mail: the hidden one has none.
    let outbox_after: i64 = one(db, "SELECT COUNT(*) FROM outbox").await;
    assert_eq!(outbox_after, outbox_before + 1);

    let camille = app.customer(id, CAMILLE).await;
    let detail = camille
        .get_ok(&format!("/s/{id}/compte/commande/{reference}"))
        .await;
    detail
        .shows("En cours de préparation")
        .lacks("Contrôle qualité");
    let account = camille.get(&format!("/s/{id}/compte")).await;
    account.lacks("Contrôle qualité");
    // The back-office still shows the real status.
    let admin = user
        .get(&format!("/s/{id}/admin/boutique/commandes/{order}"))
        .await;
    admin.shows("Contrôle qualité");
}

#[tokio::test]
async fn predefined_replies_are_listed_created_edited_deleted_and_offered_in_a_thread() {
    let s = Site::new().await;
    let (id, user) = (&s.id, &s.admin);
    let (base, db, reply) = predefined_replies_are_listed_created_and_edited(&s).await;
    offered_when_replying_to_a_thread_hostile_markup(id, user, &base, &db, reply).await;
    a_predefined_reply_is_deleted(&db).await;
}

async fn predefined_replies_are_listed_created_and_edited(s: &Site) -> (String, SqlitePool, i64) {
    let (id, user) = (s.id.as_str(), &s.admin);
    let base = format!("/s/{id}/admin/boutique/sav/reponses");
    let db = s.db.clone();

    let list = user.get_ok(&base).await;
    list.shows("Délai de livraison").shows("Remerciement");

    user.post_shows(
        &format!("{base}/nouveau"),
        "title=Retard de livraison&body=Bonjour,\r\n\r\nVotre colis a pris du retard chez le transporteur <b>Colissimo</b>.",
        "Réponse « Retard de livraison » enregistrée.",
    )
    .await;
    let reply: i64 = one(
        &db,
        "SELECT id FROM predefined_reply WHERE title = 'Retard de livraison'",
    )
    .await;
    assert_eq!(
        last_journal(&db, "predefined_reply").await,
        (
            "create".to_owned(),
            "Réponse prédéfinie « Retard de livraison » créée".to_owned()
        )
    );

    (base, db, reply)
}

async fn offered_when_replying_to_a_thread_hostile_markup(
    id: &str,
    user: &Shopper,
    base: &str,
    db: &SqlitePool,
    reply: i64,
) {
    // Offered when replying to a thread, hostile markup inert.
    let thread: i64 = one(db, "SELECT id FROM customer_thread ORDER BY id LIMIT 1").await;
    let page = user
        .get(&format!("/s/{id}/admin/boutique/sav/{thread}"))
        .await;
    page.shows(">Retard de livraison</option>")
        .lacks("<b>Colissimo</b>");
    // The page helps the candidate reply, never tells them how to answer.
    page.lacks("Bonnes pratiques").lacks("reformulez");

    user.post_ok(
        &format!("{base}/{reply}"),
        "title=Colis en retard&body=Bonjour,\n\nVotre colis arrive demain.",
    )
    .await;
    assert_eq!(
        last_journal(db, "predefined_reply").await.1,
        "Réponse prédéfinie « Colis en retard » modifiée"
    );
    let body: String = one_for(db, "SELECT body FROM predefined_reply WHERE id = ?", reply).await;
    assert_eq!(body, "Bonjour,\n\nVotre colis arrive demain.");

    let before = journal_count(db).await;
    user.refused(
        &format!("{base}/nouveau"),
        "title=Vide&body=  ",
        "Écrivez le texte de la réponse",
    )
    .await;
    user.refused(
        &format!("{base}/nouveau"),
        "title=remerciement&body=Merci.",
        "Une réponse « remerciement » existe déjà.",
    )
    .await;
    assert_eq!(journal_count(db).await, before);

    user.post_shows(
        &format!("{base}/{reply}/supprimer"),
        "",
        "Réponse prédéfinie « Colis en retard » supprimée.",
    )
    .await;
}

async fn a_predefined_reply_is_deleted(db: &SqlitePool) {
    let left: i64 = one(db, "SELECT COUNT(*) FROM predefined_reply").await;
    assert_eq!(left, 3);
}
