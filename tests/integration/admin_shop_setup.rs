//! Shop set-up screens of the back-office (issue 5): carriers and zones, order statuses,
//! predefined replies, the categories a customer group sees — what the user sees, the rows
//! written, the journal, permissions and refused input.

use sqlx::SqlitePool;

use crate::browser;
use crate::helpers::{Shopper, TestApp, TestData};

const ADMIN_EMAIL: &str = "helene.guerin@toiles-de-loire.fr";
const LOGISTICIAN_EMAIL: &str = "sandrine.cosset@toiles-de-loire.fr";
const PASSWORD: &str = "demo-e5-2027";

async fn sign_in(user: &Shopper, id: &str, email: &str) {
    let (ok, _) = user
        .post(
            &format!("/s/{id}/admin/connexion"),
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(ok.status, 303, "signed in as {email}");
}

async fn journal_count(db: &SqlitePool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM journal")
        .fetch_one(db)
        .await
        .unwrap()
}

async fn last_journal(db: &SqlitePool, entity: &str) -> (String, String) {
    sqlx::query_as("SELECT action, summary FROM journal WHERE entity = ? ORDER BY id DESC LIMIT 1")
        .bind(entity)
        .fetch_one(db)
        .await
        .unwrap()
}

fn carrier_form<'a>(name: &'a str, zones: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("name", name),
        ("delay", "Livraison à vélo le jour même"),
        ("billing", "weight"),
        ("handling", "1,50"),
        ("max_weight", "30"),
        ("position", ""),
        ("tracking_url", ""),
        ("active", "1"),
    ];
    form.extend(zones.iter().map(|z| ("zones", *z)));
    form
}

#[tokio::test]
async fn a_new_carrier_serving_one_zone_is_offered_there_at_its_price_and_nowhere_else() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let base = format!("/s/{id}/admin/boutique/livraison/transporteurs");
    let db = t.open(id.parse().unwrap()).await;

    let list = user.get(&base).await;
    assert_eq!(list.status, 200);
    // French kilograms: "0,5 kg", never "0.5 kg".
    assert!(list.body.contains("de 0 à 0,5 kg"), "{}", list.body);
    assert!(!list.body.contains("0.5 kg"));
    assert!(list.body.contains("Ajouter un transporteur"));

    let form = user.get(&format!("{base}/nouveau")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Zones desservies") && form.body.contains("Frais de manutention"));

    let (created, page) = user
        .post(
            &format!("{base}/nouveau"),
            &carrier_form("Coursier Cholet", &["1"]),
        )
        .await;
    assert_eq!(created.status, 303);
    assert!(page.body.contains("Transporteur « Coursier Cholet » créé."));
    let (carrier, handling, max_weight): (i64, i64, i64) = sqlx::query_as(
        "SELECT id, handling_cents, max_weight_grams FROM carrier WHERE name = 'Coursier Cholet'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((handling, max_weight), (150, 30_000));
    let excluded: Vec<i64> = sqlx::query_scalar(
        "SELECT zone_id FROM carrier_zone_excluded WHERE carrier_id = ? ORDER BY zone_id",
    )
    .bind(carrier)
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(
        excluded,
        vec![2, 3, 4, 5],
        "serves France métropolitaine only"
    );
    assert_eq!(
        last_journal(&db, "carrier").await,
        (
            "create".to_owned(),
            "Transporteur « Coursier Cholet » créé (zones : France métropolitaine)".to_owned()
        )
    );

    // Its price in France; no price in a zone it does not serve.
    let range = |zone: &'static str| {
        [
            ("billing", "weight"),
            ("zone_id", zone),
            ("range_min", "0"),
            ("range_max", "30"),
            ("price", "6,90"),
        ]
    };
    let (added, _) = user
        .post(&format!("{base}/{carrier}/tranches/nouveau"), &range("1"))
        .await;
    assert_eq!(added.status, 303);
    let (refused, page) = user
        .post(&format!("{base}/{carrier}/tranches/nouveau"), &range("4"))
        .await;
    assert_eq!(refused.status, 303);
    assert!(
        page.body
            .contains("Coursier Cholet ne dessert pas la zone Union européenne"),
        "{}",
        page.body
    );
    let ranges: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM carrier_range WHERE carrier_id = ?")
        .bind(carrier)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(ranges, 1);

    let shopper = app.shopper();
    shopper
        .post(
            &format!("/s/{id}/panier/ajouter"),
            &[("product_id", "29"), ("quantity", "1")],
        )
        .await;
    let france = shopper.get(&format!("/s/{id}/commande?pays=FR")).await;
    assert_eq!(france.status, 200);
    // 6,90 € + 1,50 € of handling costs.
    assert!(
        france
            .body
            .contains("<strong>Coursier Cholet</strong> – Livraison à vélo le jour même – 8,40"),
        "{}",
        france.body
    );
    let belgium = shopper.get(&format!("/s/{id}/commande?pays=BE")).await;
    assert_eq!(belgium.status, 200);
    assert!(!belgium.body.contains("Coursier Cholet"));
    assert!(belgium.body.contains("Colissimo Domicile"));

    // Served zones are edited; an inactive zone gets no offer at all.
    let mut edit = carrier_form("Coursier Cholet", &["1", "4"]);
    edit.retain(|(k, _)| *k != "handling");
    edit.push(("handling", "0"));
    let (saved, _) = user.post(&format!("{base}/{carrier}"), &edit).await;
    assert_eq!(saved.status, 303);
    assert_eq!(
        last_journal(&db, "carrier").await.1,
        "Transporteur « Coursier Cholet » modifié : frais de manutention 0,00\u{a0}€, zones : France métropolitaine, Union européenne"
    );
    let belgium = shopper.get(&format!("/s/{id}/commande?pays=BE")).await;
    assert!(
        !belgium.body.contains("Coursier Cholet"),
        "served but without a price there"
    );
    let (added, _) = user
        .post(&format!("{base}/{carrier}/tranches/nouveau"), &range("4"))
        .await;
    assert_eq!(added.status, 303);
    let belgium = shopper.get(&format!("/s/{id}/commande?pays=BE")).await;
    assert!(
        belgium
            .body
            .contains("<strong>Coursier Cholet</strong> – Livraison à vélo le jour même – 6,90")
    );
    let (off, _) = user
        .post(
            &format!("/s/{id}/admin/boutique/livraison/zones/4"),
            &[("name", "Union européenne")],
        )
        .await;
    assert_eq!(off.status, 303);
    assert_eq!(
        last_journal(&db, "zone").await.1,
        "Zone « Union européenne » désactivée (plus aucune livraison proposée)"
    );
    let belgium = shopper.get(&format!("/s/{id}/commande?pays=BE")).await;
    assert!(
        !belgium.body.contains("Coursier Cholet") && !belgium.body.contains("Colissimo Domicile")
    );

    // Deactivated: no longer offered in France.
    let (deactivated, page) = user
        .post(&format!("{base}/{carrier}/statut"), &[("active", "0")])
        .await;
    assert_eq!(deactivated.status, 303);
    assert!(
        page.body
            .contains("Transporteur « Coursier Cholet » désactivé.")
    );
    let france = shopper.get(&format!("/s/{id}/commande?pays=FR")).await;
    assert!(!france.body.contains("Coursier Cholet"));

    // Deleting: refused for a carrier used by orders, done for the new one.
    let before = journal_count(&db).await;
    let (refused, page) = user.post(&format!("{base}/1/supprimer"), &[]).await;
    assert_eq!(refused.status, 303);
    assert!(
        page.body.contains("il ne peut pas être supprimé"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Désactivez-le plutôt"));
    assert_eq!(journal_count(&db).await, before);
    let still: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM carrier WHERE id = 1")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(still, 1);
    let (deleted, page) = user.post(&format!("{base}/{carrier}/supprimer"), &[]).await;
    assert_eq!(deleted.status, 303);
    assert!(
        page.body
            .contains("Transporteur « Coursier Cholet » supprimé.")
    );
    let gone: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM carrier WHERE id = ?1) + (SELECT COUNT(*) FROM carrier_range WHERE carrier_id = ?1)",
    )
    .bind(carrier)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(gone, 0);
    assert_eq!(last_journal(&db, "carrier").await.0, "delete");
}

#[tokio::test]
async fn bad_carrier_and_zone_input_is_refused_in_french_and_writes_nothing() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let base = format!("/s/{id}/admin/boutique/livraison");
    let db = t.open(id.parse().unwrap()).await;
    let before = journal_count(&db).await;
    let carriers_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM carrier")
        .fetch_one(&db)
        .await
        .unwrap();

    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            carrier_form("", &["1"]),
            "Le nom du transporteur doit compter",
        ),
        (
            {
                let mut f = carrier_form("Coursier", &["1"]);
                f.retain(|(k, _)| *k != "handling");
                f.push(("handling", "-2"));
                f
            },
            "Les frais de manutention sont un montant positif",
        ),
        (
            carrier_form("Coursier", &["99"]),
            "Cette zone n&#x27;existe pas",
        ),
        (
            carrier_form("Coursier", &[]),
            "Cochez au moins une zone desservie.",
        ),
        (
            {
                let mut f = carrier_form("Coursier", &["1"]);
                f.retain(|(k, _)| *k != "billing");
                f.push(("billing", "volume"));
                f
            },
            "Choisissez une facturation",
        ),
    ];
    for (form, message) in cases {
        let (answer, _) = user
            .post(&format!("{base}/transporteurs/nouveau"), &form)
            .await;
        assert_eq!(answer.status, 422, "{message}");
        assert!(answer.body.contains(message), "{message}: {}", answer.body);
        // What was typed stays in the form.
        assert!(answer.body.contains("Livraison à vélo le jour même"));
    }
    // A forged carrier id is not found.
    let forged = user
        .post(
            &format!("{base}/transporteurs/999"),
            &carrier_form("X1", &["1"]),
        )
        .await
        .0;
    assert_eq!(forged.status, 404);

    let (empty_zone, _) = user
        .post(&format!("{base}/zones/nouveau"), &[("name", "")])
        .await;
    assert_eq!(empty_zone.status, 422);
    assert!(
        empty_zone
            .body
            .contains("Le nom de la zone doit compter de 2 à 64 caractères.")
    );
    let (twice, _) = user
        .post(&format!("{base}/zones/nouveau"), &[("name", "corse")])
        .await;
    assert_eq!(twice.status, 422);
    assert!(twice.body.contains("Une zone « corse » existe déjà."));
    let (forged_zone, _) = user
        .post(&format!("{base}/zones/pays"), &[("pays_BE", "99")])
        .await;
    assert_eq!(forged_zone.status, 422);
    assert!(forged_zone.body.contains("Cette zone n&#x27;existe pas"));
    let (forged_country, _) = user
        .post(&format!("{base}/zones/pays"), &[("pays_XX", "1")])
        .await;
    assert_eq!(forged_country.status, 422);
    assert!(
        forged_country
            .body
            .contains("Le pays « XX » n&#x27;existe pas.")
    );

    assert_eq!(journal_count(&db).await, before);
    let carriers_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM carrier")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(carriers_after, carriers_before);
    let zone_of_be: i64 = sqlx::query_scalar("SELECT zone_id FROM country WHERE iso = 'BE'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(zone_of_be, 4);
}

#[tokio::test]
async fn zones_are_created_renamed_and_given_countries() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let base = format!("/s/{id}/admin/boutique/livraison/zones");
    let db = t.open(id.parse().unwrap()).await;

    let page = user.get(&base).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Pays et zones") && page.body.contains("France métropolitaine"));
    // The menu has the entry, on the shop side, in the Livraison group.
    assert!(
        page.body
            .contains("livraison&#x2F;zones\" aria-current=\"page\" class=\"actif\">Zones<"),
        "menu entry"
    );

    let (created, page) = user
        .post(
            &format!("{base}/nouveau"),
            &[("name", "Benelux"), ("active", "1")],
        )
        .await;
    assert_eq!(created.status, 303);
    assert!(page.body.contains("Zone « Benelux » créée."));
    let zone: i64 = sqlx::query_scalar("SELECT id FROM zone WHERE name = 'Benelux' AND active = 1")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(
        last_journal(&db, "zone").await.1,
        "Zone « Benelux » créée (active, desservie par aucun transporteur)"
    );
    // No carrier serves a new zone until it is ticked.
    let served: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM carrier c WHERE NOT EXISTS (SELECT 1 FROM carrier_zone_excluded x WHERE x.carrier_id = c.id AND x.zone_id = ?)",
    )
    .bind(zone)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(served, 0);

    let z = zone.to_string();
    let (moved, page) = user
        .post(
            &format!("{base}/pays"),
            &[("pays_BE", &z), ("pays_LU", &z), ("pays_FR", "1")],
        )
        .await;
    assert_eq!(moved.status, 303);
    assert!(
        page.body
            .contains("Pays affectés à une autre zone : Belgique → Benelux, Luxembourg → Benelux.")
    );
    let in_zone: Vec<String> =
        sqlx::query_scalar("SELECT iso FROM country WHERE zone_id = ? ORDER BY iso")
            .bind(zone)
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(in_zone, vec!["BE", "LU"]);
    // Nobody delivers to Belgium now.
    let shopper = app.shopper();
    shopper
        .post(
            &format!("/s/{id}/panier/ajouter"),
            &[("product_id", "29"), ("quantity", "1")],
        )
        .await;
    let belgium = shopper.get(&format!("/s/{id}/commande?pays=BE")).await;
    assert!(!belgium.body.contains("Colissimo Domicile"));

    let (renamed, page) = user
        .post(
            &format!("{base}/{zone}"),
            &[("name", "Bénélux"), ("active", "1")],
        )
        .await;
    assert_eq!(renamed.status, 303);
    assert!(
        page.body
            .contains("Zone « Benelux » renommée en « Bénélux ».")
    );
}

#[tokio::test]
async fn an_order_status_is_created_edited_and_its_text_reaches_the_outbox() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let base = format!("/s/{id}/admin/boutique/commandes/etats");
    let db = t.open(id.parse().unwrap()).await;

    let list = user.get(&base).await;
    assert_eq!(list.status, 200);
    assert!(
        list.body.contains("États de commande") && list.body.contains("En cours de préparation")
    );
    assert!(
        list.body
            .contains("commandes&#x2F;etats\" aria-current=\"page\" class=\"actif\">États<"),
        "menu entry"
    );

    let (created, page) = user
        .post(
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
        )
        .await;
    assert_eq!(created.status, 303);
    assert!(
        page.body
            .contains("État « En préparation à l&#x27;atelier » enregistré.")
    );
    let (state, color, paid, invoice): (i64, String, i64, i64) = sqlx::query_as(
        "SELECT id, color, paid, invoice FROM order_state WHERE name = 'En préparation à l''atelier'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!((color.as_str(), paid, invoice), ("#FF8C00", 1, 0));
    assert_eq!(
        last_journal(&db, "order_state").await,
        (
            "create".to_owned(),
            "État de commande « En préparation à l'atelier » créé (e-mail au client)".to_owned()
        )
    );

    // Moving an order there sends the edited text.
    let (order, reference, email): (i64, String, String) = sqlx::query_as(
        "SELECT o.id, o.reference, c.email FROM orders o JOIN customer c ON c.id = o.customer_id WHERE o.state_id = 4 ORDER BY o.id LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let (moved, _) = user
        .post(
            &format!("/s/{id}/admin/boutique/commandes/{order}/statut"),
            &[("state_id", &state.to_string())],
        )
        .await;
    assert_eq!(moved.status, 303);
    let (to, subject, body): (String, String, String) =
        sqlx::query_as("SELECT email, subject, body FROM outbox ORDER BY id DESC LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(to, email);
    assert_eq!(subject, format!("{reference} : on prépare votre colis"));
    assert!(
        body.contains(&format!("Votre commande {reference} ("))
            && body.contains("est en préparation dans notre atelier de Cholet."),
        "{body}"
    );
    assert!(!body.contains('{') && !body.contains('\r'), "{body}");

    // Editing the standard "Expédié" status changes what its next e-mail says.
    let form = user.get(&format!("{base}/5")).await;
    assert!(
        form.body.contains("Le statut de votre commande {commande}"),
        "the standard text is shown to edit"
    );
    let (edited, _) = user
        .post(
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
    assert_eq!(edited.status, 303);
    assert_eq!(
        last_journal(&db, "order_state").await.1,
        "État de commande « Expédié » modifié (e-mail au client)"
    );
    user.post(
        &format!("/s/{id}/admin/boutique/commandes/{order}/statut"),
        &[("state_id", "5")],
    )
    .await;
    let (subject, body): (String, String) =
        sqlx::query_as("SELECT subject, body FROM outbox ORDER BY id DESC LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(subject, format!("Votre commande {reference} : expédié"));
    assert!(
        body.ends_with(&format!(
            "votre colis {reference} est parti de Cholet ce jour."
        )),
        "{body}"
    );

    // Deleting a status in use is refused; an unused one goes.
    let before = journal_count(&db).await;
    let (refused, page) = user.post(&format!("{base}/5/supprimer"), &[]).await;
    assert_eq!(refused.status, 303);
    assert!(
        page.body
            .contains("L&#x27;état « Expédié » est utilisé par des commandes"),
        "{}",
        page.body
    );
    assert_eq!(journal_count(&db).await, before);
    let (_, page) = user
        .post(
            &format!("{base}/nouveau"),
            &[("name", "Brouillon"), ("color", "#777777")],
        )
        .await;
    assert!(page.body.contains("État « Brouillon » enregistré."));
    let draft: i64 = sqlx::query_scalar("SELECT id FROM order_state WHERE name = 'Brouillon'")
        .fetch_one(&db)
        .await
        .unwrap();
    let (deleted, page) = user.post(&format!("{base}/{draft}/supprimer"), &[]).await;
    assert_eq!(deleted.status, 303);
    assert!(
        page.body
            .contains("État de commande « Brouillon » supprimé.")
    );

    // Bad input: refused next to the form, nothing written.
    let before = journal_count(&db).await;
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
    assert_eq!(journal_count(&db).await, before);
}

#[tokio::test]
async fn a_hidden_status_shows_the_customer_the_last_visible_one() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let db = t.open(id.parse().unwrap()).await;
    let (_, page) = user
        .post(
            &format!("/s/{id}/admin/boutique/commandes/etats/nouveau"),
            &[
                ("name", "Contrôle qualité"),
                ("color", "#123456"),
                ("paid", "1"),
                ("hidden", "1"),
            ],
        )
        .await;
    assert!(page.body.contains("État « Contrôle qualité » enregistré."));
    let hidden: i64 = sqlx::query_scalar(
        "SELECT id FROM order_state WHERE name = 'Contrôle qualité' AND hidden = 1 AND notify = 0",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let (order, reference): (i64, String) = sqlx::query_as(
        "SELECT id, reference FROM orders WHERE customer_id = 1 AND state_id != 4 ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let outbox_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&db)
        .await
        .unwrap();
    for state in ["4".to_owned(), hidden.to_string()] {
        let (moved, _) = user
            .post(
                &format!("/s/{id}/admin/boutique/commandes/{order}/statut"),
                &[("state_id", &state)],
            )
            .await;
        assert_eq!(moved.status, 303);
    }
    // Only the visible status sent an e-mail: the hidden one has none.
    let outbox_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(outbox_after, outbox_before + 1);

    let camille = app.shopper();
    camille
        .post(
            &format!("/s/{id}/compte/connexion"),
            &[
                ("email", "camille.martin@exemple.fr"),
                ("password", "client-demo"),
            ],
        )
        .await;
    let detail = camille
        .get(&format!("/s/{id}/compte/commande/{reference}"))
        .await;
    assert_eq!(detail.status, 200);
    assert!(
        detail.body.contains("En cours de préparation"),
        "{}",
        detail.body
    );
    assert!(!detail.body.contains("Contrôle qualité"));
    let account = camille.get(&format!("/s/{id}/compte")).await;
    assert!(!account.body.contains("Contrôle qualité"));
    // The back-office still shows the real status.
    let admin = user
        .get(&format!("/s/{id}/admin/boutique/commandes/{order}"))
        .await;
    assert!(admin.body.contains("Contrôle qualité"));
}

#[tokio::test]
async fn predefined_replies_are_listed_created_edited_deleted_and_offered_in_a_thread() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let base = format!("/s/{id}/admin/boutique/sav/reponses");
    let db = t.open(id.parse().unwrap()).await;

    let list = user.get(&base).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Délai de livraison") && list.body.contains("Remerciement"));

    let (created, page) = user
        .post(
            &format!("{base}/nouveau"),
            &[
                ("title", "Retard de livraison"),
                ("body", "Bonjour,\r\n\r\nVotre colis a pris du retard chez le transporteur <b>Colissimo</b>."),
            ],
        )
        .await;
    assert_eq!(created.status, 303);
    assert!(
        page.body
            .contains("Réponse « Retard de livraison » enregistrée.")
    );
    let reply: i64 =
        sqlx::query_scalar("SELECT id FROM predefined_reply WHERE title = 'Retard de livraison'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(
        last_journal(&db, "predefined_reply").await,
        (
            "create".to_owned(),
            "Réponse prédéfinie « Retard de livraison » créée".to_owned()
        )
    );

    // Offered when replying to a thread, hostile markup inert.
    let thread: i64 = sqlx::query_scalar("SELECT id FROM customer_thread ORDER BY id LIMIT 1")
        .fetch_one(&db)
        .await
        .unwrap();
    let page = user
        .get(&format!("/s/{id}/admin/boutique/sav/{thread}"))
        .await;
    assert!(page.body.contains(">Retard de livraison</option>"));
    assert!(!page.body.contains("<b>Colissimo</b>"));

    let (edited, _) = user
        .post(
            &format!("{base}/{reply}"),
            &[
                ("title", "Colis en retard"),
                ("body", "Bonjour,\n\nVotre colis arrive demain."),
            ],
        )
        .await;
    assert_eq!(edited.status, 303);
    assert_eq!(
        last_journal(&db, "predefined_reply").await.1,
        "Réponse prédéfinie « Colis en retard » modifiée"
    );
    let body: String = sqlx::query_scalar("SELECT body FROM predefined_reply WHERE id = ?")
        .bind(reply)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(body, "Bonjour,\n\nVotre colis arrive demain.");

    let before = journal_count(&db).await;
    let (empty, _) = user
        .post(
            &format!("{base}/nouveau"),
            &[("title", "Vide"), ("body", "  ")],
        )
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Écrivez le texte de la réponse"));
    let (twice, _) = user
        .post(
            &format!("{base}/nouveau"),
            &[("title", "remerciement"), ("body", "Merci.")],
        )
        .await;
    assert_eq!(twice.status, 422);
    assert!(
        twice
            .body
            .contains("Une réponse « remerciement » existe déjà.")
    );
    assert_eq!(journal_count(&db).await, before);

    let (deleted, page) = user.post(&format!("{base}/{reply}/supprimer"), &[]).await;
    assert_eq!(deleted.status, 303);
    assert!(
        page.body
            .contains("Réponse prédéfinie « Colis en retard » supprimée.")
    );
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM predefined_reply")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(left, 3);
}

#[tokio::test]
async fn a_group_hiding_a_category_hides_it_from_its_customers_while_visitors_still_see_it() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let db = t.open(id.parse().unwrap()).await;
    let group = format!("/s/{id}/admin/boutique/clients/groupes/4");

    let form = user.get(&group).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Catégories visibles"));
    assert_eq!(form.body.matches("name=\"categories\"").count(), 19);
    let ticked = ["0", "1"]
        .iter()
        .map(|d| {
            form.body
                .matches(&format!("niveau=\"{d}\" checked>"))
                .count()
        })
        .sum::<usize>();
    assert_eq!(ticked, 19, "every category ticked by default");

    // Professionnels no longer see "Linge de table" (9); its sub-categories go with it even if
    // left ticked.
    let mut fields: Vec<(&str, String)> = vec![
        ("name", "Professionnels".into()),
        ("reduction", "10".into()),
        ("price_display", "HT".into()),
        ("show_prices", "1".into()),
        ("categories_form", "1".into()),
    ];
    for c in (1..=19).filter(|c| *c != 9 && *c != 12) {
        fields.push(("categories", c.to_string()));
    }
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (saved, page) = user.post(&group, &form).await;
    assert_eq!(saved.status, 303);
    assert!(page.body.contains("Groupe « Professionnels » enregistré."));
    let hidden: Vec<i64> = sqlx::query_scalar(
        "SELECT category_id FROM customer_group_hidden_category WHERE group_id = 4 ORDER BY category_id",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(hidden, vec![9, 10, 11, 12]);
    assert_eq!(
        last_journal(&db, "customer_group").await,
        (
            "categories".to_owned(),
            "Groupe « Professionnels » : 15 catégories visibles sur 19".to_owned()
        )
    );
    let list = user
        .get(&format!("/s/{id}/admin/boutique/clients/groupes"))
        .await;
    assert!(
        list.body.contains(">15/19<"),
        "the list shows how many are visible"
    );
    let form = user.get(&group).await;
    assert!(
        form.body.contains("value=\"9\" data-parent-niveau=\"0\">"),
        "Linge de table unticked"
    );

    // Sophie Bertin's default group is Professionnels.
    let pro = app.shopper();
    let (login, _) = pro
        .post(
            &format!("/s/{id}/compte/connexion"),
            &[
                ("email", "sophie.bertin@courriel.fr"),
                ("password", "client-demo"),
            ],
        )
        .await;
    assert_eq!(login.status, 303);
    let visitor = app.shopper();

    let home_pro = pro.get(&format!("/s/{id}/")).await;
    let home_visitor = visitor.get(&format!("/s/{id}/")).await;
    assert!(
        !home_pro.body.contains("/categorie/linge-de-table\""),
        "menu without the category"
    );
    assert!(!home_pro.body.contains("/categorie/nappes\""));
    assert!(home_pro.body.contains("/categorie/linge-de-lit\""));
    assert!(home_visitor.body.contains("/categorie/linge-de-table\""));

    let page = pro.get(&format!("/s/{id}/categorie/linge-de-table")).await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("Page introuvable"));
    assert_eq!(
        pro.get(&format!("/s/{id}/categorie/nappes")).await.status,
        404
    );
    assert_eq!(
        visitor
            .get(&format!("/s/{id}/categorie/nappes"))
            .await
            .status,
        200
    );

    let product = format!("/s/{id}/produit/nappe-jacquard-loire-blanc");
    assert_eq!(pro.get(&product).await.status, 404);
    assert_eq!(visitor.get(&product).await.status, 200);

    let (add, _) = pro
        .post(
            &format!("/s/{id}/panier/ajouter"),
            &[("product_id", "23"), ("quantity", "1")],
        )
        .await;
    assert_eq!(add.status, 404, "a hidden product cannot be bought either");
    let search_pro = pro.get(&format!("/s/{id}/recherche?q=nappe")).await;
    let search_visitor = visitor.get(&format!("/s/{id}/recherche?q=nappe")).await;
    assert!(!search_pro.body.contains("Nappe jacquard"));
    assert!(search_visitor.body.contains("Nappe jacquard"));

    // Ticking everything again shows it again (the cache follows the write).
    fields.push(("categories", "9".into()));
    fields.push(("categories", "12".into()));
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    user.post(&group, &form).await;
    assert_eq!(
        last_journal(&db, "customer_group").await.1,
        "Groupe « Professionnels » : 19 catégories visibles sur 19"
    );
    assert_eq!(pro.get(&product).await.status, 200);

    // A forged category id changes nothing.
    let before = journal_count(&db).await;
    fields.push(("categories", "999".into()));
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (refused, _) = user.post(&group, &form).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("Une des catégories cochées n&#x27;existe pas")
    );
    assert_eq!(journal_count(&db).await, before);
}

#[tokio::test]
async fn the_visitor_group_decides_what_signed_out_visitors_see() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, ADMIN_EMAIL).await;
    let mut form: Vec<(&str, String)> = vec![
        ("name", "Visiteur".into()),
        ("reduction", "0".into()),
        ("price_display", "TTC".into()),
        ("show_prices", "1".into()),
        ("categories_form", "1".into()),
    ];
    form.extend(
        (1..=19)
            .filter(|c| *c != 18)
            .map(|c| ("categories", c.to_string())),
    );
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (saved, _) = user
        .post(&format!("/s/{id}/admin/boutique/clients/groupes/1"), &form)
        .await;
    assert_eq!(saved.status, 303);
    let visitor = app.shopper();
    assert_eq!(
        visitor
            .get(&format!("/s/{id}/categorie/accessoires"))
            .await
            .status,
        404
    );
    let home = visitor.get(&format!("/s/{id}/")).await;
    assert!(!home.body.contains("/categorie/accessoires\""));
    let sitemap = visitor.get(&format!("/s/{id}/sitemap.xml")).await;
    assert!(!sitemap.body.contains("/categorie/accessoires<"));
    assert!(sitemap.body.contains("/categorie/linge-de-lit<"));
    // Camille Martin (group Client) still sees it once signed in.
    let camille = app.shopper();
    camille
        .post(
            &format!("/s/{id}/compte/connexion"),
            &[
                ("email", "camille.martin@exemple.fr"),
                ("password", "client-demo"),
            ],
        )
        .await;
    assert_eq!(
        camille
            .get(&format!("/s/{id}/categorie/accessoires"))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn a_logistician_manages_carriers_and_zones_but_not_statuses_creation_or_group_visibility() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let user = app.shopper();
    sign_in(&user, &id, LOGISTICIAN_EMAIL).await;
    let db = t.open(id.parse().unwrap()).await;
    let admin = format!("/s/{id}/admin/boutique");

    // Livraison: every right.
    let (created, _) = user
        .post(
            &format!("{admin}/livraison/transporteurs/nouveau"),
            &carrier_form("Coursier Cholet", &["1"]),
        )
        .await;
    assert_eq!(created.status, 303);
    let (zone, _) = user
        .post(
            &format!("{admin}/livraison/zones/nouveau"),
            &[("name", "Benelux")],
        )
        .await;
    assert_eq!(zone.status, 303);

    // Commandes: view and edit, no add, no delete.
    assert_eq!(
        user.get(&format!("{admin}/commandes/etats")).await.status,
        200
    );
    let before = journal_count(&db).await;
    let (add, _) = user
        .post(
            &format!("{admin}/commandes/etats/nouveau"),
            &[("name", "En attente"), ("color", "#777777")],
        )
        .await;
    assert_eq!(add.status, 403);
    let (delete, _) = user
        .post(&format!("{admin}/commandes/etats/9/supprimer"), &[])
        .await;
    assert_eq!(delete.status, 403);

    // SAV: add and edit replies, no delete.
    let (reply, _) = user
        .post(
            &format!("{admin}/sav/reponses/nouveau"),
            &[
                ("title", "Colis en retard"),
                ("body", "Bonjour, votre colis arrive."),
            ],
        )
        .await;
    assert_eq!(reply.status, 303);
    let before_delete = journal_count(&db).await;
    let (delete, _) = user
        .post(&format!("{admin}/sav/reponses/1/supprimer"), &[])
        .await;
    assert_eq!(delete.status, 403);
    assert_eq!(journal_count(&db).await, before_delete);

    // Clients: view only.
    assert_eq!(
        user.get(&format!("{admin}/clients/groupes/4")).await.status,
        200
    );
    let (edit, _) = user
        .post(
            &format!("{admin}/clients/groupes/4"),
            &[("name", "Professionnels"), ("categories_form", "1")],
        )
        .await;
    assert_eq!(edit.status, 403);
    let hidden: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customer_group_hidden_category")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(hidden, 0);
    assert_eq!(
        journal_count(&db).await,
        before + 1,
        "only the reply was written"
    );
}

/// Saves a screenshot when E5_SCREENSHOTS names a folder.
async fn shot(browser: &browser::Browser, name: &str) {
    if let Ok(dir) = std::env::var("E5_SCREENSHOTS") {
        browser
            .screenshot(&std::path::Path::new(&dir).join(name))
            .await;
    }
}

#[tokio::test]
async fn the_set_up_screens_look_right_in_a_browser() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let a = format!("{}/s/{id}", app.address);
    browser.goto(&format!("{a}/admin/connexion")).await;
    browser.find("#email").await.type_text(ADMIN_EMAIL).await;
    browser.find("#mdp").await.type_text(PASSWORD).await;
    browser.find("button[type=submit]").await.click().await;
    browser.wait_for_text("Bonjour").await;

    browser
        .goto(&format!(
            "{a}/admin/boutique/livraison/transporteurs/nouveau"
        ))
        .await;
    browser.wait_for_text("Zones desservies").await;
    browser
        .find("#f-name")
        .await
        .type_text("Coursier Cholet")
        .await;
    browser
        .find("#f-delay")
        .await
        .type_text("Livraison à vélo le jour même")
        .await;
    shot(&browser, "setup-transporteur.png").await;
    browser
        .script(
            "document.querySelector('input[name=zones]').scrollIntoView({block: 'center'});",
            vec![],
        )
        .await;
    shot(&browser, "setup-transporteur-zones.png").await;
    browser.find("button.bouton-principal").await.click().await;
    browser
        .wait_for_text("Transporteur « Coursier Cholet » créé.")
        .await;
    shot(&browser, "setup-transporteurs.png").await;

    browser
        .goto(&format!("{a}/admin/boutique/livraison/zones"))
        .await;
    browser.wait_for_text("Pays et zones").await;
    shot(&browser, "setup-zones.png").await;

    browser
        .goto(&format!("{a}/admin/boutique/commandes/etats"))
        .await;
    browser.wait_for_text("États de commande").await;
    shot(&browser, "setup-etats.png").await;
    browser
        .goto(&format!("{a}/admin/boutique/commandes/etats/5"))
        .await;
    browser.wait_for_text("E-mail au client").await;
    shot(&browser, "setup-etat.png").await;

    browser
        .goto(&format!("{a}/admin/boutique/sav/reponses"))
        .await;
    browser.wait_for_text("Ajouter une réponse").await;
    shot(&browser, "setup-reponses.png").await;

    browser
        .goto(&format!("{a}/admin/boutique/clients/groupes/4"))
        .await;
    browser.wait_for_text("Catégories visibles").await;
    // Unticking "Linge de table" unticks its sub-categories.
    browser
        .script(
            "const b = document.querySelector('input[name=categories][value=\"9\"]'); b.scrollIntoView({block: 'center'}); b.click();",
            vec![],
        )
        .await;
    let nappes = browser
        .script(
            "return document.querySelector('input[name=categories][value=\"10\"]').checked;",
            vec![],
        )
        .await;
    assert_eq!(nappes, serde_json::Value::Bool(false));
    shot(&browser, "setup-groupe.png").await;
}
