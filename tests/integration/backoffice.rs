//! The back-office shell: signing in, the layout of both sides, permissions.

use crate::browser;
use crate::helpers::one;
use crate::helpers::{ADMIN_EMAIL, PASSWORD, TestData};

#[tokio::test]
async fn an_employee_signs_in_and_sees_both_sides_of_the_back_office() {
    let (t, id, app) = TestData::served().await;
    let user = app.shopper();
    let anonymous = user.get(&format!("/s/{id}/admin/")).await;
    assert_eq!(anonymous.status, 303);
    assert_eq!(
        anonymous.location.as_deref(),
        Some(format!("/s/{id}/admin/connexion").as_str())
    );

    let (wrong, _) = user
        .post(
            &format!("/s/{id}/admin/connexion"),
            &[("email", ADMIN_EMAIL), ("password", "nope")],
        )
        .await;
    assert_eq!(wrong.status, 401);
    wrong.shows("Adresse e-mail ou mot de passe incorrect.");

    let dashboard = user
        .post_ok(
            &format!("/s/{id}/admin/connexion"),
            &[("email", ADMIN_EMAIL), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(dashboard.status, 200);
    dashboard.shows("Tableau de bord").shows("Hélène Guérin");
    assert!(
        dashboard.body.contains("Articles") && dashboard.body.contains("Commentaires"),
        "content-side menu"
    );
    let shop = user.get_ok(&format!("/s/{id}/admin/boutique/")).await;
    assert!(
        shop.body.contains("Catalogue") && shop.body.contains("Statistiques"),
        "shop-side menu"
    );

    // The sign-in cookie means nothing on another sandbox.
    let other = t.sandbox();
    assert_eq!(user.get(&format!("/s/{other}/admin/")).await.status, 303);
}

#[tokio::test]
async fn a_profile_only_sees_the_menu_entries_it_may_view() {
    let (t, id, app) = TestData::served().await;
    let user = app.shopper();
    // Sandrine Cosset is "Logisticien": orders and shipping, no catalogue editing.
    user.post_ok(
        &format!("/s/{id}/admin/connexion"),
        &[
            ("email", "sandrine.cosset@toiles-de-loire.fr"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let shop = user.get(&format!("/s/{id}/admin/boutique/")).await;
    shop.shows("Commandes");
    let db = t.open(id).await;
    let can_team: i64 = one(&db, "SELECT COUNT(*) FROM profile_permission WHERE profile_id = 3 AND tab = 'team' AND can_view = 1").await;
    assert_eq!(
        can_team, 0,
        "the reference Logisticien profile has no access to the team"
    );
    assert!(
        !shop.body.contains(">Équipe<"),
        "no menu entry for a section the profile may not view"
    );
}

#[tokio::test]
async fn the_sign_in_page_works_in_a_real_browser() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let (_t, id, app) = TestData::served().await;
    browser
        .sign_in(
            &format!("{}/s/{id}/admin/", app.address),
            ADMIN_EMAIL,
            "D'un coup d'œil",
        )
        .await;
    assert!(browser.url().await.ends_with(&format!("/s/{id}/admin/")));
    if let Ok(dir) = std::env::var("E5_SCREENSHOTS") {
        browser
            .screenshot(&std::path::Path::new(&dir).join("admin-dashboard.png"))
            .await;
    }
}
