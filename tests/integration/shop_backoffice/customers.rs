//! Customer groups: discounts, members, the categories a group (or the visitors) sees.

use super::*;
use crate::helpers::column;
use crate::helpers::{one_for, row};

#[tokio::test]
async fn a_customer_group_with_a_discount_is_created_and_a_customer_assigned_to_it() {
    let s = Site::new().await;
    let (t, sandbox, id, user) = (&s.t, s.sandbox, &s.id, &s.admin);
    let (db, gid, cid, name, gid_text) =
        a_group_with_a_discount_is_created(t, sandbox, id, user).await;
    a_customer_is_assigned_to_the_group(id, user, &db, gid, cid, &name, &gid_text).await;
}

async fn a_group_with_a_discount_is_created(
    t: &TestData,
    sandbox: SandboxId,
    id: &str,
    user: &Shopper,
) -> (SqlitePool, i64, i64, String, String) {
    let groups = format!("/s/{id}/admin/boutique/clients/groupes");
    user.refused(
        &format!("{groups}/nouveau"),
        "name=Hôtellerie&reduction=150&price_display=HT",
        "pourcentage entre 0 et 100",
    )
    .await;
    user.post_shows(
        &format!("{groups}/nouveau"),
        "name=Hôtellerie&reduction=12,5&price_display=HT&show_prices=1",
        "Groupe « Hôtellerie » enregistré.",
    )
    .await;
    let db = t.open(sandbox).await;
    let (gid, percent, display): (i64, f64, String) = row(
        &db,
        "SELECT id, reduction_percent, price_display FROM customer_group WHERE name = 'Hôtellerie'",
    )
    .await;
    assert_eq!((percent, display.as_str()), (12.5, "HT"));
    assert_eq!(
        last_journal(&db, "customer_group").await.1,
        "Groupe de clients « Hôtellerie » créé (−12,5\u{a0}%, prix affichés HT)"
    );

    let (cid, name): (i64, String) = row(
        &db,
        "SELECT id, first_name || ' ' || last_name FROM customer ORDER BY id LIMIT 1",
    )
    .await;
    let record = user
        .get_ok(&format!("/s/{id}/admin/boutique/clients/{cid}"))
        .await;
    record
        .shows("Commandes")
        .shows("Adresses")
        .shows("Hôtellerie");
    let gid_text = gid.to_string();
    (db, gid, cid, name, gid_text)
}

async fn a_customer_is_assigned_to_the_group(
    id: &str,
    user: &Shopper,
    db: &SqlitePool,
    gid: i64,
    cid: i64,
    name: &str,
    gid_text: &str,
) {
    user.post_shows(
        &format!("/s/{id}/admin/boutique/clients/{cid}/groupes"),
        &[
            ("groups", "3"),
            ("groups", gid_text),
            ("default_group_id", gid_text),
        ],
        "Groupes du client enregistrés.",
    )
    .await;
    let default_group: i64 = one_for(
        db,
        "SELECT default_group_id FROM customer WHERE id = ?",
        cid,
    )
    .await;
    assert_eq!(default_group, gid);
    let member: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM customer_group_member WHERE customer_id = ? AND group_id = ?",
    )
    .bind(cid)
    .bind(gid)
    .fetch_one(db)
    .await
    .unwrap();
    assert_eq!(member, 1);
    let (_, summary) = last_journal(db, "customer").await;
    assert!(
        summary.starts_with(&format!("Client {name} : groupe par défaut « Hôtellerie »")),
        "{summary}"
    );
}

#[tokio::test]
async fn a_group_hiding_a_category_hides_it_from_its_customers_while_visitors_still_see_it() {
    let s = Site::new().await;
    let (id, app, db, user) = (&s.id, &s.app, &s.db, &s.admin);
    let (group, mut fields) = a_group_hides_a_category(id, db, user).await;
    let (pro, product) = sophie_bertin_s_default_group_is_professionnels(id, app).await;
    ticking_everything_again_shows_the_category(db, user, &group, &mut fields, &pro, &product)
        .await;
}

async fn a_group_hides_a_category(
    id: &str,
    db: &SqlitePool,
    user: &Shopper,
) -> (String, Vec<(&'static str, String)>) {
    let group = format!("/s/{id}/admin/boutique/clients/groupes/4");

    let form = user.get_ok(&group).await;
    form.shows("Catégories visibles");
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
    user.post_shows(&group, &form, "Groupe « Professionnels » enregistré.")
        .await;
    let hidden: Vec<i64> = column(db, "SELECT category_id FROM customer_group_hidden_category WHERE group_id = 4 ORDER BY category_id").await;
    assert_eq!(hidden, vec![9, 10, 11, 12]);
    assert_eq!(
        last_journal(db, "customer_group").await,
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

    (group, fields)
}

async fn sophie_bertin_s_default_group_is_professionnels(
    id: &str,
    app: &TestApp,
) -> (Shopper, String) {
    // Sophie Bertin's default group is Professionnels.
    let pro = app.customer(id, SOPHIE).await;
    let visitor = app.shopper();

    let home_pro = pro.get(&format!("/s/{id}/")).await;
    let home_visitor = visitor.get(&format!("/s/{id}/")).await;
    assert!(
        !home_pro.body.contains("/categorie/linge-de-table\""),
        "menu without the category"
    );
    home_pro
        .lacks("/categorie/nappes\"")
        .shows("/categorie/linge-de-lit\"");
    home_visitor.shows("/categorie/linge-de-table\"");

    let page = pro.get(&format!("/s/{id}/categorie/linge-de-table")).await;
    assert_eq!(page.status, 404);
    page.shows("Page introuvable");
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
            "product_id=23&quantity=1",
        )
        .await;
    assert_eq!(add.status, 404, "a hidden product cannot be bought either");
    let search_pro = pro.get(&format!("/s/{id}/recherche?q=nappe")).await;
    let search_visitor = visitor.get(&format!("/s/{id}/recherche?q=nappe")).await;
    search_pro.lacks("Nappe jacquard");
    search_visitor.shows("Nappe jacquard");

    (pro, product)
}

async fn ticking_everything_again_shows_the_category(
    db: &SqlitePool,
    user: &Shopper,
    group: &str,
    fields: &mut Vec<(&str, String)>,
    pro: &Shopper,
    product: &str,
) {
    // Ticking everything again shows it again (the cache follows the write).
    fields.push(("categories", "9".into()));
    fields.push(("categories", "12".into()));
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    user.post(group, &form).await;
    assert_eq!(
        last_journal(db, "customer_group").await.1,
        "Groupe « Professionnels » : 19 catégories visibles sur 19"
    );
    assert_eq!(pro.get(product).await.status, 200);

    // A forged category id changes nothing.
    let before = journal_count(db).await;
    fields.push(("categories", "999".into()));
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    user.refused(group, &form, "Une des catégories cochées n&#x27;existe pas")
        .await;
    assert_eq!(journal_count(db).await, before);
}

#[tokio::test]
async fn the_visitor_group_decides_what_signed_out_visitors_see() {
    let s = Site::new().await;
    let (id, app, user) = (&s.id, &s.app, &s.admin);
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
    user.post_ok(&format!("/s/{id}/admin/boutique/clients/groupes/1"), &form)
        .await;
    let visitor = app.shopper();
    assert_eq!(
        visitor
            .get(&format!("/s/{id}/categorie/accessoires"))
            .await
            .status,
        404
    );
    let home = visitor.get(&format!("/s/{id}/")).await;
    home.lacks("/categorie/accessoires\"");
    let sitemap = visitor.get(&format!("/s/{id}/sitemap.xml")).await;
    sitemap
        .lacks("/categorie/accessoires<")
        .shows("/categorie/linge-de-lit<");
    // Camille Martin (group Client) still sees it once signed in.
    let camille = app.customer(id, CAMILLE).await;
    assert_eq!(
        camille
            .get(&format!("/s/{id}/categorie/accessoires"))
            .await
            .status,
        200
    );
}

/// Clients › Ajouter un nouveau client, as in PrestaShop: a refused form keeps what was
/// typed; the new customer signs in on the storefront with the password given; an edit
/// journals what it changed, an edit that changes nothing journals nothing; an address is
/// added from the customer's record.
#[tokio::test]
async fn a_customer_is_created_edited_and_given_an_address_in_the_back_office() {
    let s = Site::new().await;
    let (id, form) = a_customer_is_created(&s).await;
    the_customer_is_edited(&s, id, &form).await;
    an_address_is_added(&s, id).await;
}

/// A refused form keeps what was typed; the new customer signs in on the storefront.
async fn a_customer_is_created(s: &Site) -> (i64, String) {
    let new = s.admin_path("/clients/nouveau");
    s.admin
        .get_ok(&new)
        .await
        .shows("Ajouter un nouveau client");
    let before = s.journal_count().await;
    let form = "gender=Mme&first_name=Inès&last_name=Roux&email=ines.roux@exemple.fr\
                &password=court&birthday=1990-07-14&active=1&newsletter=1&default_group_id=3&groups=3";
    let refused = s.admin.refused(&new, form, "au moins 8 caractères").await;
    assert!(
        refused.body.contains("value=\"ines.roux@exemple.fr\""),
        "what was typed is kept"
    );
    assert_eq!(s.journal_count().await, before);
    let existing: String = one(&s.db, "SELECT email FROM customer ORDER BY id LIMIT 1").await;
    let taken = form.replace("ines.roux@exemple.fr", &existing);
    let taken = taken.replace("password=court", "password=secret-2027");
    s.admin.refused(&new, &taken, "Un client existe déjà").await;

    let form = form.replace("password=court", "password=secret-2027");
    s.admin
        .post_shows(&new, &form, "Client Inès Roux enregistré.")
        .await;
    let (id, birthday, newsletter, group): (i64, String, i64, i64) = row(
        &s.db,
        "SELECT id, birthday, newsletter, default_group_id FROM customer WHERE email = 'ines.roux@exemple.fr'",
    )
    .await;
    assert_eq!((birthday.as_str(), newsletter, group), ("1990-07-14", 1, 3));
    assert!(
        s.last_summary()
            .await
            .starts_with("Client Inès Roux (ines.roux@exemple.fr) créé")
    );
    // The customer signs in on the storefront with that password.
    s.app
        .shopper()
        .post_ok(
            &s.shop("/compte/connexion"),
            "email=ines.roux@exemple.fr&password=secret-2027",
        )
        .await
        .shows("Inès");
    (id, form)
}

/// An edit journals what it changed; one that changes nothing journals nothing.
async fn the_customer_is_edited(s: &Site, id: i64, form: &str) {
    let edit = s.admin_path(&format!("/clients/{id}/modifier"));
    s.admin.get_ok(&edit).await.shows("value=\"Roux\"");
    let journal = s.journal_count().await;
    s.admin
        .post_shows(
            &edit,
            form.replace("password=secret-2027", "password="),
            "enregistré",
        )
        .await;
    assert_eq!(
        s.journal_count().await,
        journal,
        "a save without change is no evidence"
    );
    let changed = form
        .replace("password=secret-2027", "password=")
        .replace("&newsletter=1", "")
        .replace("default_group_id=3", "default_group_id=2");
    s.admin.post_shows(&edit, changed, "enregistré").await;
    let summary = s.last_summary().await;
    assert!(
        summary.contains("newsletter (oui → non)") && summary.contains("groupe par défaut"),
        "{summary}"
    );
}

async fn an_address_is_added(s: &Site, id: i64) {
    let record = s.admin_path(&format!("/clients/{id}"));
    let address = format!("{record}/adresses");
    let refused = s
        .admin
        .refused(&address, "alias=Bureau&first_name=Inès&last_name=Roux&address1=2 rue Nationale&postcode=4930&city=Cholet", "5 chiffres")
        .await;
    assert!(refused.body.contains("value=\"2 rue Nationale\""));
    s.admin
        .post_shows(
            &address,
            "alias=Bureau&first_name=Inès&last_name=Roux&address1=2 rue Nationale&postcode=49300&city=Cholet&country=France",
            "Adresse enregistrée.",
        )
        .await
        .shows("2 rue Nationale");
    assert!(
        s.last_summary()
            .await
            .contains("Adresse « Bureau » ajoutée au client Inès Roux")
    );
}

/// The customer list sorts on a column's heading: "who ordered most" is the first row.
#[tokio::test]
async fn the_customer_list_sorts_by_orders_and_by_name() {
    let s = Site::new().await;
    let most: String = one(
        &s.db,
        "SELECT c.email FROM customer c ORDER BY (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) DESC, c.id DESC LIMIT 1",
    )
    .await;
    let page = s
        .admin
        .get_ok(&s.admin_path("/clients?tri=commandes"))
        .await;
    page.shows("aria-sort=\"descending\"");
    let first_row = page
        .body
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(first_row.contains(&most), "{first_row}");
    let by_name = s
        .admin
        .get_ok(&s.admin_path("/clients?tri=nom&ordre=asc"))
        .await;
    let first: String = one(
        &s.db,
        "SELECT email FROM customer ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id DESC LIMIT 1",
    )
    .await;
    let first_row = by_name
        .body
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(first_row.contains(&first), "{first_row}");
}
