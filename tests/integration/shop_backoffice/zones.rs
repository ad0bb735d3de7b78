//! Shipping zones: created, renamed, given countries and French postcode prefixes (Corse: 20…),
//! deleted only when empty, by those with the shipping rights.

use super::*;
use crate::helpers::column_for;
use crate::helpers::{one, one_for, row};

#[tokio::test]
async fn zones_are_created_renamed_and_given_countries() {
    let s = Site::new().await;
    let (t, id, app, user) = (&s.t, &s.id, &s.app, &s.admin);
    let (base, zone) = zones_are_listed_and_created(t, id, user).await;
    nobody_delivers_to_belgium_now(id, app, user, &base, zone).await;
}

async fn zones_are_listed_and_created(t: &TestData, id: &str, user: &Shopper) -> (String, i64) {
    let base = format!("/s/{id}/admin/boutique/livraison/zones");
    let db = t.open(id.parse().unwrap()).await;

    let page = user.get_ok(&base).await;
    page.shows("Pays et zones").shows("France métropolitaine");
    // The menu has the entry, on the shop side, in the Livraison group.
    assert!(
        page.body
            .contains("livraison&#x2F;zones\" aria-current=\"page\" class=\"actif\">Zones<"),
        "menu entry"
    );

    user.post_shows(
        &format!("{base}/nouveau"),
        "name=Benelux&active=1",
        "Zone « Benelux » créée.",
    )
    .await;
    let zone: i64 = one(
        &db,
        "SELECT id FROM zone WHERE name = 'Benelux' AND active = 1",
    )
    .await;
    assert_eq!(
        last_journal(&db, "zone").await.1,
        "Zone « Benelux » créée (active, desservie par aucun transporteur)"
    );
    // No carrier serves a new zone until it is ticked.
    let served: i64 = one_for(&db, "SELECT COUNT(*) FROM carrier c WHERE NOT EXISTS (SELECT 1 FROM carrier_zone_excluded x WHERE x.carrier_id = c.id AND x.zone_id = ?)", zone).await;
    assert_eq!(served, 0);

    let z = zone.to_string();
    user.post_shows(
        &format!("{base}/pays"),
        &[("pays_BE", &*z), ("pays_LU", &*z), ("pays_FR", "1")],
        "Pays affectés à une autre zone : Belgique → Benelux, Luxembourg → Benelux.",
    )
    .await;
    let in_zone: Vec<String> = column_for(
        &db,
        "SELECT iso FROM country WHERE zone_id = ? ORDER BY iso",
        zone,
    )
    .await;
    assert_eq!(in_zone, vec!["BE", "LU"]);
    (base, zone)
}

async fn nobody_delivers_to_belgium_now(
    id: &str,
    app: &TestApp,
    user: &Shopper,
    base: &str,
    zone: i64,
) {
    // Nobody delivers to Belgium now.
    let shopper = app.shopper_with(id, 29, 1).await;
    let belgium = shopper.get(&format!("/s/{id}/commande?pays=BE")).await;
    belgium.lacks("Colissimo Domicile");

    user.post_shows(
        &format!("{base}/{zone}"),
        "name=Bénélux&active=1",
        "Zone « Benelux » renommée en « Bénélux ».",
    )
    .await;
}

#[tokio::test]
async fn corsica_stays_its_own_zone_when_renamed_and_a_new_prefix_claims_its_addresses() {
    let s = Site::new().await;
    let shopper = corsica_has_its_own_postcode_prefix(&s).await;
    a_prefix_given_to_another_zone_french_overseas(&s, &shopper).await;
}

/// A Corsican address: the Corse prices, and no carrier that does not deliver there.
async fn corsica_gets_its_prices(s: &Site, shopper: &Shopper) {
    let corsica = s.offers(shopper, "20000").await;
    let colissimo = offer_of(&corsica, "Colissimo Domicile").unwrap();
    assert!(colissimo.contains(&money(790)), "{colissimo}");
    assert!(offer_of(&corsica, "Mondial Relay — Point relais").is_none());
}

async fn corsica_has_its_own_postcode_prefix(s: &Site) -> Shopper {
    let page = s.admin.get_ok(&s.zones("")).await;
    page.shows("Codes postaux français commençant par")
        .shows("name=\"postcode_prefixes\" value=\"20\"")
        .shows("CP 20…");

    // A Corsican address: the Corse prices, and no carrier that does not deliver there.
    let shopper = s.shopper_with_torchon(1).await;
    corsica_gets_its_prices(s, &shopper).await;

    // Renamed: the rule goes with the zone, not with its name.
    let (renamed, page) = save_zone(s, "/2", "Île de Beauté", "20").await;
    assert_eq!(renamed.status, 303);
    page.shows("Zone « Corse » renommée en « Île de Beauté ».");
    assert_eq!(
        s.last_journal("zone").await,
        (
            "update".to_owned(),
            "Zone « Corse » renommée en « Île de Beauté »".to_owned()
        )
    );
    corsica_gets_its_prices(s, &shopper).await;
    let mainland = s.offers(&shopper, "49300").await;
    assert!(
        offer_of(&mainland, "Colissimo Domicile")
            .unwrap()
            .contains(&money(495))
    );

    shopper
}

async fn a_prefix_given_to_another_zone_french_overseas(s: &Site, shopper: &Shopper) {
    // A prefix given to another zone: French overseas postcodes priced as Outre-mer.
    let (claimed, page) = save_zone(s, "/3", "Outre-mer", " 97 ").await;
    assert_eq!(claimed.status, 303);
    page.shows("Zone « Outre-mer » regroupe les codes postaux français 97….");
    let stored: String = stored_prefixes(s, 3).await;
    assert_eq!(stored, "97");
    let overseas = s.offers(shopper, "97200").await;
    assert!(
        offer_of(&overseas, "Colissimo Domicile")
            .unwrap()
            .contains(&money(1490))
    );

    // A new zone with its own prefix: no carrier serves it until one is set to.
    let (created, page) = save_zone(s, "/nouveau", "Anjou", "49, 49").await;
    assert_eq!(created.status, 303);
    page.shows("Zone « Anjou » créée.").shows("CP 49…");
    let (prefixes,): (String,) = row(
        &s.db,
        "SELECT postcode_prefixes FROM zone WHERE name = 'Anjou'",
    )
    .await;
    assert_eq!(prefixes, "49");
    assert_eq!(
        s.last_journal("zone").await.1,
        "Zone « Anjou » créée (active, codes postaux français 49…, desservie par aucun transporteur)"
    );
    assert!(offer_of(&s.offers(shopper, "49300").await, "Colissimo Domicile").is_none());
    assert!(offer_of(&s.offers(shopper, "44000").await, "Colissimo Domicile").is_some());
}

#[tokio::test]
async fn bad_postcode_prefixes_are_refused_in_french_and_change_nothing() {
    let s = Site::new().await;
    let before = s.journal_count().await;

    let (refused, _) = save_zone(&s, "/nouveau", "Corse du Sud", "2A").await;
    assert_eq!(refused.status, 422);
    refused.shows("« 2A » n&#x27;est pas un début de code postal");
    assert!(
        refused.body.contains("value=\"2A\""),
        "what was typed is kept"
    );
    let zones: i64 = one(&s.db, "SELECT COUNT(*) FROM zone").await;
    assert_eq!(zones, 5);

    // A prefix another zone already claims.
    let (taken, _) = save_zone(&s, "/3", "Outre-mer", "97, 20").await;
    assert_eq!(taken.status, 422);
    taken
        .shows("Les codes postaux commençant par 20 relèvent déjà de la zone « Corse »")
        .shows("value=\"97, 20\"");
    let stored: String = stored_prefixes(&s, 3).await;
    assert_eq!(stored, "");
    assert_eq!(s.journal_count().await, before, "nothing written");
}

#[tokio::test]
async fn an_empty_zone_is_deleted_with_its_prices_and_a_zone_with_countries_is_kept() {
    let s = Site::new().await;
    let before = s.journal_count().await;

    // Countries first.
    s.admin.refused(&s.zones("/4/supprimer"), "", "La zone « Union européenne » regroupe encore 6 pays (Allemagne, Belgique, Espagne, Italie, Luxembourg, Pays-Bas) : affectez-les d&#x27;abord à une autre zone").await;
    let exists: i64 = one(&s.db, "SELECT COUNT(*) FROM zone WHERE id = 4").await;
    assert_eq!(exists, 1);
    assert_eq!(s.journal_count().await, before);

    // Corse: its price ranges go with it; Corsican addresses fall back to mainland France.
    let page = s.admin.post_ok(&s.zones("/2/supprimer"), "").await;
    let summary = "Zone « Corse » supprimée, avec 12 tranche(s) de prix (Colissimo Domicile, Chronopost Express) ; les codes postaux français 20… relèvent à nouveau de la zone de leur pays";
    page.shows(&format!("{summary}.")).lacks("id=\"zone-2\"");
    assert_eq!(
        s.last_journal("zone").await,
        ("delete".to_owned(), summary.to_owned())
    );
    let ranges: i64 = one(
        &s.db,
        "SELECT COUNT(*) FROM carrier_range WHERE zone_id = 2",
    )
    .await;
    assert_eq!(ranges, 0);
    let shopper = s.shopper_with_torchon(1).await;
    let corsica = s.offers(&shopper, "20000").await;
    assert!(
        offer_of(&corsica, "Colissimo Domicile")
            .unwrap()
            .contains(&money(495))
    );

    // A new zone is marked "not served" by every carrier: the marks go too.
    s.admin
        .post_ok(&s.zones("/nouveau"), "name=Benelux&active=1")
        .await;
    let zone: i64 = one(&s.db, "SELECT id FROM zone WHERE name = 'Benelux'").await;
    let page = s
        .admin
        .post_ok(&s.zones(&format!("/{zone}/supprimer")), "")
        .await;
    page.shows(
        "Zone « Benelux » supprimée, avec le réglage « zone non desservie » de 4 transporteur(s)",
    );
    let marks: i64 = one_for(
        &s.db,
        "SELECT COUNT(*) FROM carrier_zone_excluded WHERE zone_id = ?",
        zone,
    )
    .await;
    assert_eq!(marks, 0);
}

#[tokio::test]
async fn a_profile_without_the_shipping_rights_cannot_delete_a_zone() {
    let s = Site::new().await;
    let before = s.journal_count().await;
    // Thomas Bernier is a Vendeur: no rights on Livraison.
    let seller = s.app.shopper();
    seller
        .post_ok(
            &format!("/s/{}/admin/connexion", s.id),
            &[
                ("email", "thomas.bernier@toiles-de-loire.fr"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let (answer, _) = seller.post(&s.zones("/2/supprimer"), "").await;
    assert_eq!(answer.status, 403);
    let zones: i64 = one(&s.db, "SELECT COUNT(*) FROM zone WHERE id = 2").await;
    assert_eq!(zones, 1);
    assert_eq!(s.journal_count().await, before);
}

/// Posts an active zone's form (`rest`: "/nouveau" or "/<id>") as the administrator.
async fn save_zone(s: &Site, rest: &str, name: &str, prefixes: &str) -> (Page, Page) {
    let form = [
        ("name", name),
        ("postcode_prefixes", prefixes),
        ("active", "1"),
    ];
    s.admin.post(&s.zones(rest), &form).await
}

/// The postcode prefixes stored for a zone.
async fn stored_prefixes(s: &Site, zone: i64) -> String {
    one_for(
        &s.db,
        "SELECT postcode_prefixes FROM zone WHERE id = ?",
        zone,
    )
    .await
}
