//! Menus, widgets, site identity and reading settings, as the storefront shows them.

use super::*;
use crate::helpers::{one, one_for};

#[tokio::test]
async fn menus_widgets_identity_and_reading_settings_change_the_storefront() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN_EMAIL).await;
    let db = s.db().await;
    let parent = a_page_is_added_to_the_menu(&s, &user, &db).await;
    a_menu_entry_is_removed_and_widgets_are_added(&s, &user, parent).await;
    blog_categories_and_home_blocks(&s, &user).await;
    site_identity(&s, &user).await;
    reading_a_static_front_page_posts_per_page(&s, &user, &db).await;
}

async fn a_page_is_added_to_the_menu(s: &Site, user: &Shopper, db: &SqlitePool) -> i64 {
    let menus = user.get(&s.admin("/apparence/menus")).await;
    menus.shows("Menu principal").shows("Ajouter au menu");
    let faq: i64 = one(db, "SELECT id FROM post WHERE slug = 'faq'").await;
    user.post_ok(
        &s.admin("/apparence/menus/nouveau"),
        &[
            ("location", "main"),
            ("kind", "page"),
            ("page_id", &faq.to_string()),
            ("label", "Questions fréquentes"),
            ("position", "50"),
        ],
    )
    .await;
    s.journal_is("Élément « Questions fréquentes » ajouté au menu principal")
        .await;
    let parent: i64 = one(
        db,
        "SELECT id FROM menu_item WHERE label = 'Questions fréquentes'",
    )
    .await;
    user.post(
        &s.admin("/apparence/menus/nouveau"),
        &[
            ("location", "main"),
            ("kind", "custom"),
            ("url", "/contact"),
            ("label", "Écrivez-nous"),
            ("parent_id", &parent.to_string()),
        ],
    )
    .await;
    let home = s.visitor("/").await;
    assert!(
        home.body
            .contains("page&#x2F;faq\">Questions fréquentes</a>"),
        "the main menu links to the page"
    );
    assert!(
        home.body.contains("Écrivez-nous"),
        "child item in the sub-menu"
    );
    user.post_ok(
        &s.admin(&format!("/apparence/menus/{parent}")),
        "label=FAQ&position=50",
    )
    .await;
    s.journal_is("Élément de menu « Questions fréquentes » modifié")
        .await;
    parent
}

async fn a_menu_entry_is_removed_and_widgets_are_added(s: &Site, user: &Shopper, parent: i64) {
    user.post(
        &s.admin(&format!("/apparence/menus/{parent}/supprimer")),
        "",
    )
    .await;
    s.journal_is("Élément de menu « FAQ » supprimé").await;
    assert!(
        !s.visitor("/").await.body.contains("Écrivez-nous"),
        "children go with it"
    );

    // Widgets in the sidebar and footer.
    for (area, kind, title) in [
        ("sidebar", "recent_posts", "Derniers articles"),
        ("sidebar", "categories", "Rubriques"),
        ("sidebar", "calendar", "Calendrier"),
        ("footer", "text", "Horaires"),
        ("footer", "social", "Suivez-nous"),
        ("sidebar", "search", "Chercher"),
    ] {
        user.post_ok(
            &s.admin("/apparence/widgets/nouveau"),
            &[
                ("area", area),
                ("kind", kind),
                ("title", title),
                ("text", "Du lundi au vendredi"),
                ("count", "3"),
                ("excerpt_words", "5"),
            ],
        )
        .await;
    }
    s.journal_is("Widget « Recherche » ajouté dans la barre latérale")
        .await;
    let blog = s.visitor("/blog").await;
    blog.shows("Derniers articles")
        .shows("Rubriques")
        .shows("barre-laterale");
    assert!(
        blog.body.contains("Du lundi au vendredi") && blog.body.contains("Suivez-nous"),
        "footer widgets"
    );
}

async fn blog_categories_and_home_blocks(s: &Site, user: &Shopper) {
    let cat = s.visitor("/blog?categorie=conseils-entretien").await;
    assert!(
        cat.body.contains("Blog : Conseils d&#x27;entretien")
            || cat.body.contains("Blog : Conseils d'entretien")
    );

    // Blog categories and home blocks.
    user.post_ok(
        &s.admin("/articles/categories/nouveau"),
        "name=Tutoriels couture&description=Pas à pas",
    )
    .await;
    s.journal_is("Catégorie « Tutoriels couture » créée").await;
    user.get(&s.admin("/articles/categories"))
        .await
        .shows("Tutoriels couture");
    user.post(&s.admin("/articles/etiquettes/nouveau"), &[("name", "lin")])
        .await;
    assert!(user.get(&s.admin("/articles/etiquettes")).await.status == 200);
    user.post_ok(
        &s.admin("/apparence/accueil/nouveau"),
        "kind=custom_text&title=Atelier ouvert le samedi&body=De 10 h à 18 h&position=1&active=1",
    )
    .await;
    s.journal_is("Page d'accueil : Texte personnalisé « Atelier ouvert le samedi » ajouté")
        .await;
    user.get(&s.admin("/apparence/accueil"))
        .await
        .shows("Atelier ouvert le samedi");
    s.visitor("/").await.shows("Atelier ouvert le samedi");
}

async fn site_identity(s: &Site, user: &Shopper) {
    // Site identity.
    user.post_ok(
        &s.admin("/apparence/identite"),
        "name=Toiles de Loire&slogan=Du lin, du vrai&logo=1&icon=2&header=",
    )
    .await;
    // The summary names what changed (the logo and the icon were already those).
    s.journal_is("Identité du site modifiée : Nom du site, Slogan")
        .await;
    s.visitor("/").await.shows("Du lin, du vrai");
    // The same form again changes nothing: no journal entry, so no evidence.
    let before: i64 = one(&s.db().await, "SELECT COUNT(*) FROM journal").await;
    user.post_ok(
        &s.admin("/apparence/identite"),
        "name=Toiles de Loire&slogan=Du lin, du vrai&logo=1&icon=2&header=",
    )
    .await;
    assert_eq!(
        one::<i64>(&s.db().await, "SELECT COUNT(*) FROM journal").await,
        before
    );
}

async fn reading_a_static_front_page_posts_per_page(s: &Site, user: &Shopper, db: &SqlitePool) {
    // Reading: a static front page, posts per page.
    let qui: i64 = one(db, "SELECT id FROM post WHERE slug = 'qui-sommes-nous'").await;
    user.post_ok(
        &s.admin("/reglages/lecture"),
        &[
            ("front", "page"),
            ("front_page", &qui.to_string()),
            ("posts_per_page", "1"),
            ("breadcrumb", "1"),
        ],
    )
    .await;
    s.journal_is("Réglages de lecture modifiés : Page d'accueil, Articles par page, Fil d'Ariane")
        .await;
    let home = s.visitor("/").await;
    let title: String = one_for(db, "SELECT title FROM post WHERE id = ?", qui).await;
    assert!(
        home.body
            .contains(&format!("<h1>{}</h1>", title.replace('\'', "&#x27;")))
            || home.body.contains(&format!("<h1>{title}</h1>"))
    );
    let blog = s.visitor("/blog").await;
    assert_eq!(blog.body.matches("class=\"carte-article").count(), 1);
    blog.shows("class=\"pagination\"");
    user.post_ok(&s.admin("/reglages/lecture"), "front=shop&posts_per_page=0")
        .await;
    let ppp: String = one(
        db,
        "SELECT value FROM setting WHERE key = 'reading.posts_per_page'",
    )
    .await;
    assert_eq!(ppp, "1", "refused value changes nothing");
}
