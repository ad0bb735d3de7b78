//! Carriers: zones served and prices offered at checkout, price ranges, bad input refused,
//! the saved carrier's message in its card.

use super::*;
use crate::helpers::column_for;
use crate::helpers::{one, one_for, row};

#[tokio::test]
async fn a_carrier_price_range_is_added_per_zone_without_overlap_then_removed() {
    let s = Site::new().await;
    let (t, id, user) = (&s.t, &s.id, &s.admin);
    let base = format!("/s/{id}/admin/boutique/livraison/transporteurs");
    let db = t.open(id.parse().unwrap()).await;
    user.get(&base).await.shows("Ajouter la tranche");

    for (form, message) in [
        (
            "billing=weight&zone_id=4&range_min=25&range_max=40&price=45,00",
            "chevauche une tranche existante",
        ),
        (
            "billing=weight&zone_id=4&range_min=30&range_max=50&price=49,90",
            "Tranche ajoutée.",
        ),
    ] {
        user.post_shows(&format!("{base}/1/tranches/nouveau"), form, message)
            .await;
    }
    let (rid, min, max, price): (i64, i64, i64, i64) = row(&db, "SELECT id, range_min, range_max, price_cents FROM carrier_range WHERE carrier_id = 1 AND zone_id = 4 ORDER BY id DESC LIMIT 1").await;
    assert_eq!((min, max, price), (30_000, 50_000, 4990));
    assert_eq!(
        last_journal(&db, "carrier").await.1,
        "Tranche ajoutée à Colissimo Domicile (Union européenne) : de 30 à 50 kg, 49,90\u{a0}€ TTC"
    );

    user.post_shows(
        &format!("{base}/1/tranches/{rid}/supprimer"),
        "",
        "Tranche supprimée.",
    )
    .await;
    let left: i64 = one_for(&db, "SELECT COUNT(*) FROM carrier_range WHERE id = ?", rid).await;
    assert_eq!(left, 0);
    assert!(last_journal(&db, "carrier").await.1.ends_with("supprimée"));
}

#[tokio::test]
async fn a_new_carrier_serving_one_zone_is_offered_there_at_its_price_and_nowhere_else() {
    let s = Site::new().await;
    let (id, app, user) = (&s.id, &s.app, &s.admin);
    let (base, db, carrier) = a_carrier_is_created_for_one_zone(&s).await;
    let shopper = the_carrier_has_a_price_in_france_only(id, app, user, &base, &db, carrier).await;
    served_zones_are_edited_an_inactive_zone_gets_no_offer(id, user, &base, &db, carrier, &shopper)
        .await;
    deleting_refused_for_a_carrier_used_by_orders(user, &base, &db, carrier).await;
}

async fn a_carrier_is_created_for_one_zone(s: &Site) -> (String, SqlitePool, i64) {
    let (id, user) = (s.id.as_str(), &s.admin);
    let base = format!("/s/{id}/admin/boutique/livraison/transporteurs");
    let db = s.db.clone();

    let list = user.get_ok(&base).await;
    // French kilograms: "0,5 kg", never "0.5 kg".
    list.shows("de 0 à 0,5 kg")
        .lacks("0.5 kg")
        .shows("Ajouter un transporteur");

    let form = user.get_ok(&format!("{base}/nouveau")).await;
    form.shows("Zones desservies").shows("Frais de manutention");

    user.post_shows(
        &format!("{base}/nouveau"),
        &carrier_form("Coursier Cholet", &["1"]),
        "Transporteur « Coursier Cholet » créé.",
    )
    .await;
    let (carrier, handling, max_weight): (i64, i64, i64) = row(
        &db,
        "SELECT id, handling_cents, max_weight_grams FROM carrier WHERE name = 'Coursier Cholet'",
    )
    .await;
    assert_eq!((handling, max_weight), (150, 30_000));
    let excluded: Vec<i64> = column_for(
        &db,
        "SELECT zone_id FROM carrier_zone_excluded WHERE carrier_id = ? ORDER BY zone_id",
        carrier,
    )
    .await;
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

    (base, db, carrier)
}

async fn the_carrier_has_a_price_in_france_only(
    id: &str,
    app: &TestApp,
    user: &Shopper,
    base: &str,
    db: &SqlitePool,
    carrier: i64,
) -> Shopper {
    // Its price in France; no price in a zone it does not serve.
    user.post_ok(&format!("{base}/{carrier}/tranches/nouveau"), &range("1"))
        .await;
    user.post_shows(
        &format!("{base}/{carrier}/tranches/nouveau"),
        &range("4"),
        "Coursier Cholet ne dessert pas la zone Union européenne",
    )
    .await;
    let ranges: i64 = one_for(
        db,
        "SELECT COUNT(*) FROM carrier_range WHERE carrier_id = ?",
        carrier,
    )
    .await;
    assert_eq!(ranges, 1);

    let shopper = app.shopper_with(id, 29, 1).await;
    let france = shopper.get_ok(&format!("/s/{id}/commande?pays=FR")).await;
    // 6,90 € + 1,50 € of handling costs.
    france.shows("<strong>Coursier Cholet</strong> – Livraison à vélo le jour même – 8,40");
    let belgium = shopper.get_ok(&format!("/s/{id}/commande?pays=BE")).await;
    belgium.lacks("Coursier Cholet").shows("Colissimo Domicile");

    shopper
}

async fn served_zones_are_edited_an_inactive_zone_gets_no_offer(
    id: &str,
    user: &Shopper,
    base: &str,
    db: &SqlitePool,
    carrier: i64,
    shopper: &Shopper,
) {
    // Served zones are edited; an inactive zone gets no offer at all.
    let mut edit = carrier_form("Coursier Cholet", &["1", "4"]);
    edit.retain(|(k, _)| *k != "handling");
    edit.push(("handling", "0"));
    user.post_ok(&format!("{base}/{carrier}"), &edit).await;
    assert_eq!(
        last_journal(db, "carrier").await.1,
        "Transporteur « Coursier Cholet » modifié : frais de manutention 0,00\u{a0}€, zones : France métropolitaine, Union européenne"
    );
    let belgium = shopper.get(&format!("/s/{id}/commande?pays=BE")).await;
    assert!(
        !belgium.body.contains("Coursier Cholet"),
        "served but without a price there"
    );
    user.post_ok(&format!("{base}/{carrier}/tranches/nouveau"), &range("4"))
        .await;
    let belgium = shopper.get(&format!("/s/{id}/commande?pays=BE")).await;
    belgium.shows("<strong>Coursier Cholet</strong> – Livraison à vélo le jour même – 6,90");
    user.post_ok(
        &format!("/s/{id}/admin/boutique/livraison/zones/4"),
        &[("name", "Union européenne")],
    )
    .await;
    assert_eq!(
        last_journal(db, "zone").await.1,
        "Zone « Union européenne » désactivée (plus aucune livraison proposée)"
    );
    let belgium = shopper.get(&format!("/s/{id}/commande?pays=BE")).await;
    belgium.lacks("Coursier Cholet").lacks("Colissimo Domicile");

    // Deactivated: no longer offered in France.
    user.post_shows(
        &format!("{base}/{carrier}/statut"),
        &[("active", "0")],
        "Transporteur « Coursier Cholet » désactivé.",
    )
    .await;
    let france = shopper.get(&format!("/s/{id}/commande?pays=FR")).await;
    france.lacks("Coursier Cholet");
}

async fn deleting_refused_for_a_carrier_used_by_orders(
    user: &Shopper,
    base: &str,
    db: &SqlitePool,
    carrier: i64,
) {
    // Deleting: refused for a carrier used by orders, done for the new one.
    let before = journal_count(db).await;
    let page = user
        .post_shows(
            &format!("{base}/1/supprimer"),
            "",
            "il ne peut pas être supprimé",
        )
        .await;
    page.shows("Désactivez-le plutôt");
    assert_eq!(journal_count(db).await, before);
    let still: i64 = one(db, "SELECT COUNT(*) FROM carrier WHERE id = 1").await;
    assert_eq!(still, 1);
    user.post_shows(
        &format!("{base}/{carrier}/supprimer"),
        "",
        "Transporteur « Coursier Cholet » supprimé.",
    )
    .await;
    let gone: i64 = one_for(db, "SELECT (SELECT COUNT(*) FROM carrier WHERE id = ?1) + (SELECT COUNT(*) FROM carrier_range WHERE carrier_id = ?1)", carrier).await;
    assert_eq!(gone, 0);
    assert_eq!(last_journal(db, "carrier").await.0, "delete");
}

#[tokio::test]
async fn bad_carrier_and_zone_input_is_refused_in_french_and_writes_nothing() {
    let s = Site::new().await;
    let user = &s.admin;
    let (base, db, before, carriers_before) = bad_carrier_and_zone_forms_are_refused(&s).await;
    a_forged_carrier_id_is_not_found(user, &base, &db, before, carriers_before).await;
}

async fn bad_carrier_and_zone_forms_are_refused(s: &Site) -> (String, SqlitePool, i64, i64) {
    let (id, user) = (s.id.as_str(), &s.admin);
    let base = format!("/s/{id}/admin/boutique/livraison");
    let db = s.db.clone();
    let before = journal_count(&db).await;
    let carriers_before: i64 = one(&db, "SELECT COUNT(*) FROM carrier").await;

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
        answer.shows("Livraison à vélo le jour même");
    }
    (base, db, before, carriers_before)
}

async fn a_forged_carrier_id_is_not_found(
    user: &Shopper,
    base: &str,
    db: &SqlitePool,
    before: i64,
    carriers_before: i64,
) {
    // A forged carrier id is not found.
    let forged = user
        .post(
            &format!("{base}/transporteurs/999"),
            &carrier_form("X1", &["1"]),
        )
        .await
        .0;
    assert_eq!(forged.status, 404);

    for (path, form, message) in [
        (
            "nouveau",
            "name=",
            "Le nom de la zone doit compter de 2 à 64 caractères.",
        ),
        ("nouveau", "name=corse", "Une zone « corse » existe déjà."),
        ("pays", "pays_BE=99", "Cette zone n&#x27;existe pas"),
        ("pays", "pays_XX=1", "Le pays « XX » n&#x27;existe pas."),
    ] {
        let path = format!("{base}/zones/{path}");
        user.refused(&path, form, message).await;
    }

    assert_eq!(journal_count(db).await, before);
    let carriers_after: i64 = one(db, "SELECT COUNT(*) FROM carrier").await;
    assert_eq!(carriers_after, carriers_before);
    let zone_of_be: i64 = one(db, "SELECT zone_id FROM country WHERE iso = 'BE'").await;
    assert_eq!(zone_of_be, 4);
}

#[tokio::test]
async fn a_saved_carrier_shows_its_message_in_its_card() {
    let s = Site::new().await;
    let (saved, page) = s
        .admin
        .post(
            &format!("/s/{}/admin/boutique/livraison/transporteurs/1", s.id),
            &colissimo_form("0,50"),
        )
        .await;
    assert_eq!(saved.status, 303);
    assert!(
        saved
            .location
            .as_deref()
            .unwrap_or("")
            .ends_with("/boutique/livraison/transporteurs?transporteur=1#transporteur-1")
    );
    let message = "Transporteur « Colissimo Domicile » enregistré.";
    assert!(card(&page.body, 1).contains(message), "in the card");
    assert_eq!(page.body.matches(message).count(), 1, "not at the top too");
    let (action, summary) = s.last_journal("carrier").await;
    assert_eq!(action, "update");
    assert!(summary.starts_with("Transporteur « Colissimo Domicile » modifié"));
    let handling: i64 = one(&s.db, "SELECT handling_cents FROM carrier WHERE id = 1").await;
    assert_eq!(handling, 50);
    // Shown once.
    let again = s
        .admin
        .get(&format!(
            "/s/{}/admin/boutique/livraison/transporteurs",
            s.id
        ))
        .await;
    again.lacks(message);

    // A refused price range: the error, as an error, in the card it concerns.
    let page = s
        .admin
        .post_ok(
            &format!(
                "/s/{}/admin/boutique/livraison/transporteurs/2/tranches/nouveau",
                s.id
            ),
            "billing=weight&zone_id=1&range_min=deux&range_max=3&price=5",
        )
        .await;
    let card2 = card(&page.body, 2);
    assert!(card2.contains("avis-admin erreur"));
    assert!(card2.contains("Tranche non ajoutée"));
}

/// A weight range of 0 to 30 kg at 6,90 € in `zone`.
fn range(zone: &'static str) -> [(&'static str, &'static str); 5] {
    [
        ("billing", "weight"),
        ("zone_id", zone),
        ("range_min", "0"),
        ("range_max", "30"),
        ("price", "6,90"),
    ]
}
