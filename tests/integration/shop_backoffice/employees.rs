//! Employees and permission profiles: the matrix enforced, deactivation, the logistician's rights.

use super::*;
use crate::helpers::{one, one_for};

#[tokio::test]
async fn a_new_employee_signs_in_and_the_permissions_matrix_is_enforced() {
    let s = Site::new().await;
    let (t, sandbox, id, app, admin) = (&s.t, s.sandbox, &s.id, &s.app, &s.admin);
    let (team, db, lina, products) =
        an_employee_is_created_with_a_profile(t, sandbox, id, app, admin).await;
    until_the_matrix_takes_the_catalogue_away(id, admin, &team, &db, &lina, &products).await;
}

async fn an_employee_is_created_with_a_profile(
    t: &TestData,
    sandbox: SandboxId,
    id: &str,
    app: &TestApp,
    admin: &Shopper,
) -> (String, SqlitePool, Shopper, String) {
    let team = format!("/s/{id}/admin/boutique/equipe");
    let fields = [
        ("first_name", "Lina"),
        ("last_name", "Martin"),
        ("email", "lina.martin@toiles-de-loire.fr"),
        ("password", "court"),
        ("profile_id", "5"),
        ("active", "1"),
    ];
    admin
        .refused(&format!("{team}/nouveau"), &fields, "au moins 8 caractères")
        .await;
    let mut fields = fields.to_vec();
    fields[3] = ("password", "vendeuse-2027");
    admin
        .post_shows(
            &format!("{team}/nouveau"),
            &fields,
            "Employé Lina Martin créé",
        )
        .await;
    let db = t.open(sandbox).await;
    assert_eq!(
        last_journal(&db, "employee").await.1,
        "Employé Lina Martin créé (profil « Vendeur »)"
    );

    // Profile 5 (Vendeur) may see the catalogue…
    let lina = app.shopper();
    lina.post_ok(
        &format!("/s/{id}/admin/connexion"),
        "email=lina.martin@toiles-de-loire.fr&password=vendeuse-2027",
    )
    .await;
    let products = format!("/s/{id}/admin/boutique/catalogue/produits");
    let can_see: i64 = one(&db, "SELECT COUNT(*) FROM profile_permission WHERE profile_id = 5 AND tab = 'catalog' AND can_view = 1").await;
    assert_eq!(
        lina.get(&products).await.status,
        if can_see == 1 { 200 } else { 403 }
    );

    (team, db, lina, products)
}

async fn until_the_matrix_takes_the_catalogue_away(
    id: &str,
    admin: &Shopper,
    team: &str,
    db: &SqlitePool,
    lina: &Shopper,
    products: &str,
) {
    // …until the matrix takes the catalogue away from the profile.
    let matrix = admin.get(&format!("{team}/permissions?profil=5")).await;
    matrix.shows("name=\"catalog.view\"");
    admin
        .post_shows(
            &format!("{team}/permissions"),
            "profile_id=5&orders.view=on&orders.edit=on&customers.view=on",
            "Permissions enregistrées",
        )
        .await;
    let refused = lina.get(products).await;
    assert_eq!(refused.status, 403);
    refused.shows("Accès refusé").shows("Catalogue");
    assert_eq!(
        lina.get(&format!("/s/{id}/admin/boutique/commandes"))
            .await
            .status,
        200
    );
    let (_, summary) = last_journal(db, "profile").await;
    assert!(
        summary.starts_with("Permissions du profil « Vendeur » modifiées :")
            && summary.contains("Catalogue"),
        "{summary}"
    );
    // The same matrix saved again changes nothing: no journal entry, no evidence.
    let journal = journal_count(db).await;
    admin
        .post_ok(
            &format!("{team}/permissions"),
            "profile_id=5&orders.view=on&orders.edit=on&customers.view=on",
        )
        .await;
    assert_eq!(journal_count(db).await, journal);
    // The SuperAdmin profile cannot be locked out.
    let (_, page) = admin
        .post(&format!("{team}/permissions"), &[("profile_id", "1")])
        .await;
    page.shows("SuperAdmin ne se modifient pas");
}

#[tokio::test]
async fn a_deactivated_employee_can_no_longer_sign_in_and_nobody_locks_themselves_out() {
    let s = Site::new().await;
    let (id, app, db, user) = (&s.id, &s.app, &s.db, &s.admin);
    let antoine: i64 = one(
        db,
        "SELECT id FROM employee WHERE email = 'antoine.pineau@toiles-de-loire.fr'",
    )
    .await;

    user.post_shows(
        &format!("/s/{id}/admin/boutique/equipe/{antoine}/statut"),
        "",
        "Le compte est désactivé",
    )
    .await;
    let active: i64 = one_for(db, "SELECT active FROM employee WHERE id = ?", antoine).await;
    assert_eq!(active, 0);
    let (action, summary) = last_journal(db, "employee").await;
    assert_eq!(action, "update");
    assert!(summary.contains("Antoine Pineau désactivé"), "{summary}");

    let other = app.shopper();
    let (refused, _) = other
        .post(
            &format!("/s/{id}/admin/connexion"),
            "email=antoine.pineau@toiles-de-loire.fr&password=demo-e5-2027",
        )
        .await;
    assert_eq!(refused.status, 401, "a deactivated account cannot sign in");

    // Reactivated, he signs in again; the signed-in SuperAdmin cannot deactivate herself.
    user.post(
        &format!("/s/{id}/admin/boutique/equipe/{antoine}/statut"),
        &[("active", "1")],
    )
    .await;
    other
        .post_ok(
            &format!("/s/{id}/admin/connexion"),
            "email=antoine.pineau@toiles-de-loire.fr&password=demo-e5-2027",
        )
        .await;
    let (_, page) = user
        .post(&format!("/s/{id}/admin/boutique/equipe/1/statut"), "")
        .await;
    page.shows("propre compte");
    let still: i64 = one(db, "SELECT active FROM employee WHERE id = 1").await;
    assert_eq!(still, 1);
}

#[tokio::test]
async fn a_logistician_manages_carriers_and_zones_but_not_statuses_creation_or_group_visibility() {
    let s = Site::signed_in(LOGISTICIAN_EMAIL).await;
    let (id, db, user) = (&s.id, &s.db, &s.admin);
    let admin = format!("/s/{id}/admin/boutique");

    // Livraison: every right.
    user.post_ok(
        &format!("{admin}/livraison/transporteurs/nouveau"),
        &carrier_form("Coursier Cholet", &["1"]),
    )
    .await;
    user.post_ok(
        &format!("{admin}/livraison/zones/nouveau"),
        &[("name", "Benelux")],
    )
    .await;

    // Commandes: view and edit, no add, no delete.
    assert_eq!(
        user.get(&format!("{admin}/commandes/etats")).await.status,
        200
    );
    let before = journal_count(db).await;
    let (add, _) = user
        .post(
            &format!("{admin}/commandes/etats/nouveau"),
            "name=En attente&color=#777777",
        )
        .await;
    assert_eq!(add.status, 403);
    let (delete, _) = user
        .post(&format!("{admin}/commandes/etats/9/supprimer"), "")
        .await;
    assert_eq!(delete.status, 403);

    // SAV: add and edit replies, no delete.
    let (reply, _) = user
        .post(
            &format!("{admin}/sav/reponses/nouveau"),
            "title=Colis en retard&body=Bonjour, votre colis arrive.",
        )
        .await;
    assert_eq!(reply.status, 303);
    let before_delete = journal_count(db).await;
    let (delete, _) = user
        .post(&format!("{admin}/sav/reponses/1/supprimer"), "")
        .await;
    assert_eq!(delete.status, 403);
    assert_eq!(journal_count(db).await, before_delete);

    // Clients: view only.
    assert_eq!(
        user.get(&format!("{admin}/clients/groupes/4")).await.status,
        200
    );
    let (edit, _) = user
        .post(
            &format!("{admin}/clients/groupes/4"),
            "name=Professionnels&categories_form=1",
        )
        .await;
    assert_eq!(edit.status, 403);
    let hidden: i64 = one(db, "SELECT COUNT(*) FROM customer_group_hidden_category").await;
    assert_eq!(hidden, 0);
    assert_eq!(
        journal_count(db).await,
        before + 1,
        "only the reply was written"
    );
}
