//! Orders: status changes notifying the customer, after-sales (replies, returns, credit slips,
//! review replies), orders taken by phone.

use super::*;
use crate::helpers::{one, one_for, row};

#[tokio::test]
async fn an_order_status_change_notifies_the_customer_through_the_outbox() {
    // The Logisticien may process orders.
    let s = Site::signed_in(LOGISTICIAN_EMAIL).await;
    let (id, db, user) = (&s.id, &s.db, &s.admin);
    let (order_id, reference, email): (i64, String, String) = row(db, "SELECT o.id, o.reference, c.email FROM orders o JOIN customer c ON c.id = o.customer_id WHERE o.state_id = 3 ORDER BY o.id LIMIT 1").await;
    let list = user
        .get_ok(&format!("/s/{id}/admin/boutique/commandes?etat=3"))
        .await;
    list.shows(&reference).shows("Paiement accepté");
    let filtered = user
        .get(&format!("/s/{id}/admin/boutique/commandes?q={reference}"))
        .await;
    filtered.shows("1 commande(s)");

    let path = format!("/s/{id}/admin/boutique/commandes/{order_id}");
    let detail = user.get_ok(&path).await;
    detail.shows(&format!("Commande {reference}"));

    user.refused(
        &format!("{path}/statut"),
        &[("state_id", "3")],
        "déjà au statut « Paiement accepté »",
    )
    .await;

    user.post_shows(
        &format!("{path}/statut"),
        &[("state_id", "5")],
        "Statut « Expédié » enregistré. Le client a été prévenu par e-mail",
    )
    .await;
    let state: i64 = one_for(db, "SELECT state_id FROM orders WHERE id = ?", order_id).await;
    assert_eq!(state, 5);
    let history: i64 = one_for(db, "SELECT COUNT(*) FROM order_history WHERE order_id = ? AND state_id = 5 AND employee_id = 3", order_id).await;
    assert_eq!(history, 1);
    let mail: (String, String) = row(
        db,
        "SELECT email, subject FROM outbox ORDER BY id DESC LIMIT 1",
    )
    .await;
    assert_eq!(mail.0, email);
    assert_eq!(mail.1, format!("Votre commande {reference} : expédié"));
    let (_, summary) = last_journal(db, "order").await;
    assert_eq!(
        summary,
        format!(
            "Commande {reference} : statut « Paiement accepté » → « Expédié » (e-mail envoyé à {email})"
        )
    );

    let invoice = user.get_ok(&format!("{path}/facture")).await;
    invoice.shows("Facture").shows("SIRET").shows(&reference);
    let slip = user.get(&format!("{path}/bon-de-livraison")).await;
    slip.shows("Bon de livraison");
}

#[tokio::test]
async fn after_sales_a_reply_a_refunded_return_with_its_credit_slip_and_a_review_reply() {
    let s = Site::new().await;
    let (id, db, user) = (&s.id, &s.db, &s.admin);
    let sav = a_customer_message_is_answered(id, db, user).await;
    a_return_accept_receive_refund_a_credit_slip(db, user, &sav).await;
    a_review_gets_the_shop_s_public_reply(db, user, &sav).await;
}

async fn a_customer_message_is_answered(id: &str, db: &SqlitePool, user: &Shopper) -> String {
    let sav = format!("/s/{id}/admin/boutique/sav");

    // A customer message: an empty reply is refused, a real one goes to the outbox.
    let (thread, email): (i64, String) = row(
        db,
        "SELECT id, email FROM customer_thread WHERE status = 'open' ORDER BY id LIMIT 1",
    )
    .await;
    let list = user.get_ok(&sav).await;
    list.shows("Ouvert");
    let page = user.get(&format!("{sav}/{thread}")).await;
    page.shows("Message prédéfini");
    user.refused(
        &format!("{sav}/{thread}"),
        "message=&status=open&assigned=",
        "Écrivez une réponse",
    )
    .await;
    let page = user
        .post_ok(
            &format!("{sav}/{thread}"),
            &[
                (
                    "message",
                    "Bonjour, votre colis part ce jour. <b>Merci</b> !",
                ),
                ("status", "closed"),
                ("assigned", "3"),
            ],
        )
        .await;
    assert!(
        page.body
            .contains("Bonjour, votre colis part ce jour. &lt;b&gt;Merci&lt;&#x2F;b&gt; !"),
        "the reply is shown, inert"
    );
    let status: String = one_for(
        db,
        "SELECT status FROM customer_thread WHERE id = ?",
        thread,
    )
    .await;
    assert_eq!(status, "closed");
    let mail: String = one(db, "SELECT email FROM outbox ORDER BY id DESC LIMIT 1").await;
    assert_eq!(mail, email);
    let (_, summary) = last_journal(db, "customer_thread").await;
    assert!(
        summary.contains(&format!("réponse envoyée à {email}"))
            && summary.contains("statut « Fermé »")
            && summary.contains("transmis à Sandrine Cosset"),
        "{summary}"
    );

    sav
}

async fn a_return_accept_receive_refund_a_credit_slip(db: &SqlitePool, user: &Shopper, sav: &str) {
    // A return: accept, receive, refund → a credit slip of the returned lines.
    let (ret, expected): (i64, i64) = row(db, "SELECT r.id, SUM(l.unit_price_cents * rl.quantity) FROM order_return r JOIN order_return_line rl ON rl.return_id = r.id
         JOIN order_line l ON l.id = rl.order_line_id WHERE r.state = 'requested' GROUP BY r.id ORDER BY r.id LIMIT 1").await;
    let page = user
        .post_ok(&format!("{sav}/retours/{ret}"), &[("etape", "rembourser")])
        .await;
    assert!(
        page.body
            .contains("Cette étape ne suit pas l&#x27;état actuel du retour.")
            || page
                .body
                .contains("Cette étape ne suit pas l'état actuel du retour.")
    );
    for step in ["accepter", "recevoir"] {
        user.post_ok(&format!("{sav}/retours/{ret}"), &[("etape", step)])
            .await;
    }
    let slips_before: i64 = one(db, "SELECT COUNT(*) FROM credit_slip").await;
    let (_, page) = user
        .post(&format!("{sav}/retours/{ret}"), &[("etape", "rembourser")])
        .await;
    assert!(
        page.body
            .contains(&format!("avoir de {} créé", euros(expected))),
        "credit slip of {}",
        euros(expected)
    );
    let (count, amount): (i64, i64) = row(db, "SELECT COUNT(*), (SELECT amount_cents FROM credit_slip ORDER BY id DESC LIMIT 1) FROM credit_slip").await;
    assert_eq!((count, amount), (slips_before + 1, expected));
    let state: String = one_for(db, "SELECT state FROM order_return WHERE id = ?", ret).await;
    assert_eq!(state, "refunded");
    let (action, summary) = last_journal(db, "order_return").await;
    assert_eq!(action, "refunded");
    assert!(
        summary.starts_with(&format!("Retour n° {ret} (commande")),
        "{summary}"
    );
}

async fn a_review_gets_the_shop_s_public_reply(db: &SqlitePool, user: &Shopper, sav: &str) {
    // A review gets the shop's public reply.
    let review: i64 = one(db, "SELECT id FROM product_review WHERE status = 'approved' AND reply = '' ORDER BY id LIMIT 1").await;
    user.get_ok(&format!("{sav}/avis")).await;
    user.post_ok(
        &format!("{sav}/avis/{review}"),
        &[
            ("status", "approved"),
            (
                "reply",
                "Merci pour ce retour, toute l'atelier vous salue !",
            ),
        ],
    )
    .await;
    let reply: String = one_for(db, "SELECT reply FROM product_review WHERE id = ?", review).await;
    assert!(reply.starts_with("Merci pour ce retour"));
    let (_, summary) = last_journal(db, "product_review").await;
    assert!(
        summary.contains("réponse de la boutique : « Merci pour ce retour"),
        "{summary}"
    );
}

#[tokio::test]
async fn an_order_taken_by_phone_is_created_from_the_back_office_and_the_customer_notified() {
    let s = Site::new().await;
    let (db, customer, email, product, stock, before, detail) = a_phone_order_is_entered(&s).await;
    the_phone_order_is_written_and_notified(&db, customer, &email, product, stock, before, &detail)
        .await;
}

async fn a_phone_order_is_entered(s: &Site) -> (SqlitePool, i64, String, i64, i64, i64, Page) {
    let (id, user) = (s.id.as_str(), &s.admin);
    let form = user
        .get_ok(&format!("/s/{id}/admin/boutique/commandes/nouveau"))
        .await;
    form.shows("Nouvelle commande")
        .shows("camille.martin@exemple.fr");

    let db = s.db.clone();
    let (customer, email): (i64, String) = row(
        &db,
        "SELECT id, email FROM customer WHERE email = 'camille.martin@exemple.fr'",
    )
    .await;
    let (product, stock): (i64, i64) = row(&db, "SELECT p.id, p.quantity FROM product p WHERE p.active = 1 AND p.quantity > 5 AND NOT EXISTS (SELECT 1 FROM combination c WHERE c.product_id = p.id) ORDER BY p.id LIMIT 1").await;
    let carrier: i64 = one(
        &db,
        "SELECT id FROM carrier WHERE active = 1 ORDER BY position, id LIMIT 1",
    )
    .await;

    // Without a product, nothing is created and the form says why.
    user.refused(
        &format!("/s/{id}/admin/boutique/commandes/nouveau"),
        &[
            ("customer_id", &*customer.to_string()),
            ("carrier_id", &*carrier.to_string()),
            ("payment", "cheque"),
        ],
        "Ajoutez au moins un produit.",
    )
    .await;

    let before: i64 = one(&db, "SELECT COUNT(*) FROM orders").await;
    let detail = user
        .post_ok(
            &format!("/s/{id}/admin/boutique/commandes/nouveau"),
            &[
                ("customer_id", &*customer.to_string()),
                ("product_1", &*format!("{product}:")),
                ("quantity_1", "2"),
                ("carrier_id", &*carrier.to_string()),
                ("payment", "virement"),
            ],
        )
        .await;
    assert_eq!(detail.status, 200);
    detail.shows("créée pour");
    (db, customer, email, product, stock, before, detail)
}

async fn the_phone_order_is_written_and_notified(
    db: &SqlitePool,
    customer: i64,
    email: &str,
    product: i64,
    stock: i64,
    before: i64,
    detail: &Page,
) {
    let after: i64 = one(db, "SELECT COUNT(*) FROM orders").await;
    assert_eq!(after, before + 1);
    let (reference, owner, payment, quantity): (String, i64, String, i64) = row(db, "SELECT o.reference, o.customer_id, o.payment, l.quantity FROM orders o JOIN order_line l ON l.order_id = o.id ORDER BY o.id DESC LIMIT 1").await;
    assert_eq!(
        (owner, payment.as_str(), quantity),
        (customer, "Virement bancaire", 2)
    );
    detail.shows(&reference);
    let left: i64 = one_for(db, "SELECT quantity FROM product WHERE id = ?", product).await;
    assert_eq!(left, stock - 2, "the stock follows");
    let notified: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE email = ? AND subject LIKE '%' || ? || '%'",
    )
    .bind(email)
    .bind(&reference)
    .fetch_one(db)
    .await
    .unwrap();
    assert_eq!(notified, 1);
    let (actor, summary): (String, String) = row(
        db,
        "SELECT actor_label, summary FROM journal WHERE entity = 'order' ORDER BY id DESC LIMIT 1",
    )
    .await;
    assert_eq!(actor, "Hélène Guérin");
    assert!(summary.contains(&reference), "{summary}");
    // The line names the customer it was placed for.
    assert!(summary.contains(&format!("({email})")), "{summary}");
}
