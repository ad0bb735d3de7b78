//! Brands and categories: created, placed in the tree with their SEO, renamed, deleted.

use super::*;
use crate::helpers::row_for;
use crate::helpers::{one, one_for, row};

#[tokio::test]
async fn a_brand_is_created_renamed_and_deleted_and_its_products_keep_existing() {
    let s = Site::new().await;
    let (id, app, user) = (&s.id, &s.app, &s.admin);
    let (base, db, before, bid) = brands_are_listed_created_and_renamed(&s).await;
    a_duplicate_name_is_refused(id, app, user, &base, &db, before, bid).await;
}

async fn brands_are_listed_created_and_renamed(s: &Site) -> (String, SqlitePool, i64, i64) {
    let (id, user) = (s.id.as_str(), &s.admin);
    let base = format!("/s/{id}/admin/boutique/catalogue/marques");
    let list = user.get_ok(&base).await;
    list.shows("Ajouter une marque");

    // Bad input: a clear message, nothing written.
    user.refused(
        &format!("{base}/nouveau"),
        &[("name", "x")],
        "au moins 2 caractères",
    )
    .await;
    let db = s.db.clone();
    let before: i64 = one(&db, "SELECT COUNT(*) FROM brand").await;

    let page = user
        .post_shows(
            &format!("{base}/nouveau"),
            "name=Atelier Sauge <i>bio</i>&description=Coussins cousus à Cholet.&active=1",
            "enregistrée",
        )
        .await;
    assert!(!page.body.contains("<i>bio</i>"), "hostile name inert");
    let (bid, slug, active): (i64, String, i64) = row(
        &db,
        "SELECT id, slug, active FROM brand WHERE name = 'Atelier Sauge <i>bio</i>'",
    )
    .await;
    assert!(slug.starts_with("atelier-sauge"), "{slug}");
    assert_eq!(active, 1);
    assert_eq!(
        last_journal(&db, "brand").await,
        (
            "create".to_owned(),
            "Marque « Atelier Sauge <i>bio</i> » créée".to_owned()
        )
    );

    (base, db, before, bid)
}

async fn a_duplicate_name_is_refused(
    id: &str,
    app: &TestApp,
    user: &Shopper,
    base: &str,
    db: &SqlitePool,
    before: i64,
    bid: i64,
) {
    // A duplicate name is refused.
    user.refused(
        &format!("{base}/nouveau"),
        &[("name", "Atelier Sauge <i>bio</i>")],
        "existe déjà",
    )
    .await;

    let edit = user.get(&format!("{base}/{bid}")).await;
    edit.shows("Modifier la marque");
    user.post_ok(&format!("{base}/{bid}"), "name=Atelier Sauge&description=")
        .await;
    let (name, active): (String, i64) =
        row_for(db, "SELECT name, active FROM brand WHERE id = ?", bid).await;
    assert_eq!((name.as_str(), active), ("Atelier Sauge", 0));
    assert_eq!(
        last_journal(db, "brand").await.1,
        "Marque « Atelier Sauge <i>bio</i> » renommée en « Atelier Sauge »"
    );

    // Deleting a brand in use detaches its products.
    let used: i64 = one(
        db,
        "SELECT brand_id FROM product WHERE brand_id IS NOT NULL LIMIT 1",
    )
    .await;
    let in_use: i64 = one_for(db, "SELECT COUNT(*) FROM product WHERE brand_id = ?", used).await;
    let page = user.post_ok(&format!("{base}/{used}/supprimer"), "").await;
    page.shows(&format!("retirée de {in_use} produit(s)"));
    let left: i64 = one(db, "SELECT COUNT(*) FROM brand").await;
    assert_eq!(left, before);
    let (action, summary) = last_journal(db, "brand").await;
    assert_eq!(action, "delete");
    assert!(summary.ends_with(&format!("supprimée (retirée de {in_use} produit(s))")));

    // A Logisticien may look but not delete.
    let other = app.shopper();
    sign_in(&other, id, LOGISTICIAN_EMAIL).await;
    let (denied, _) = other.post(&format!("{base}/{bid}/supprimer"), "").await;
    assert_ne!(denied.status, 303);
}

#[tokio::test]
async fn a_category_is_placed_in_the_tree_with_its_seo_and_deleted_only_when_empty() {
    let s = Site::new().await;
    let user = &s.admin;
    let (base, db, cid) = a_category_is_created_in_the_tree_with_its_seo(&s).await;
    a_category_may_not_go_under_its_own_subcategory(user, &base, &db, cid).await;
}

async fn a_category_is_created_in_the_tree_with_its_seo(s: &Site) -> (String, SqlitePool, i64) {
    let (id, user) = (s.id.as_str(), &s.admin);
    let base = format!("/s/{id}/admin/boutique/catalogue/categories");
    let db = s.db.clone();

    let form = user.get_ok(&format!("{base}/nouveau")).await;
    form.shows("Nouvelle catégorie")
        .shows("Catégorie parente")
        .shows("Analyse SEO");

    user.refused(
        &format!("{base}/nouveau"),
        "name=Tapis&slug=Tapis Épais!",
        "URL simplifiée",
    )
    .await;

    user.post_ok(
        &format!("{base}/nouveau"),
        &[
            ("name", "Tapis de bain <b>coton</b>"),
            ("parent_id", "6"),
            (
                "description",
                "Des tapis de bain en coton bio, tissés au Portugal.",
            ),
            ("meta_title", "Tapis de bain en coton bio | Toiles de Loire"),
            ("meta_description", ""),
            ("slug", ""),
            ("active", "1"),
        ],
    )
    .await;
    let (cid, parent, slug): (i64, Option<i64>, String) = row(
        &db,
        "SELECT id, parent_id, slug FROM category WHERE name = 'Tapis de bain <b>coton</b>'",
    )
    .await;
    assert_eq!(parent, Some(6));
    assert!(slug.starts_with("tapis-de-bain"), "{slug}");
    assert_eq!(
        last_journal(&db, "category").await,
        (
            "create".to_owned(),
            "Catégorie « Tapis de bain <b>coton</b> » créée".to_owned()
        )
    );
    let tree = user.get(&base).await;
    assert!(
        tree.body.contains("Tapis de bain &lt;b&gt;coton&lt;"),
        "inert and listed"
    );

    (base, db, cid)
}

async fn a_category_may_not_go_under_its_own_subcategory(
    user: &Shopper,
    base: &str,
    db: &SqlitePool,
    cid: i64,
) {
    // A category may not go under its own subcategory.
    user.refused(
        &format!("{base}/13"),
        "name=Décoration&slug=decoration&parent_id=14&active=1",
        "ni dans une de ses sous-catégories",
    )
    .await;
    let parent13: Option<i64> = one(db, "SELECT parent_id FROM category WHERE id = 13").await;
    assert_eq!(parent13, None);

    // Moved and completed: journal says what changed.
    user.post_shows(
        &format!("{base}/{cid}"),
        "name=Tapis de bain&parent_id=13&description=Des tapis de bain en coton bio, tissés au Portugal.&meta_title=Tapis de bain en coton bio | Toiles de Loire&meta_description=Tapis de bain en coton biologique, épais et doux, tissés au Portugal : cinq coloris assortis à nos serviettes.&slug=tapis-de-bain&active=1",
        "Catégorie « Tapis de bain » enregistrée.",
    )
    .await;
    assert_eq!(
        last_journal(db, "category").await.1,
        "Catégorie « Tapis de bain » modifiée : nom « Tapis de bain <b>coton</b> » → « Tapis de bain », catégorie parente, référencement SEO"
    );

    // A category with subcategories stays; an empty one goes.
    user.post_shows(&format!("{base}/13/supprimer"), "", "sous-catégorie(s)")
        .await;
    user.post_shows(
        &format!("{base}/{cid}/supprimer"),
        "",
        "Catégorie « Tapis de bain » supprimée.",
    )
    .await;
    let count: i64 = one_for(db, "SELECT COUNT(*) FROM category WHERE id = ?", cid).await;
    assert_eq!(count, 0);
    assert_eq!(last_journal(db, "category").await.0, "delete");
}
