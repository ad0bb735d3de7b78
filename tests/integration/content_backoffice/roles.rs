//! WordPress roles (administrator, editor, author…) enforced on the content back-office.

use super::*;
use crate::helpers::one;

#[tokio::test]
async fn wordpress_roles_are_enforced() {
    let s = Site::new().await;
    let (author, db) = an_author_and_an_editor_keep_to_their_rights(&s).await;
    a_contributor_may_no_longer_publish(&s, &author, &db).await;
}

async fn an_author_and_an_editor_keep_to_their_rights(s: &Site) -> (Shopper, SqlitePool) {
    let author = s.signed_in(AUTHOR_EMAIL).await;
    // An author publishes their own article…
    author
        .post_ok(
            &s.admin("/articles/nouveau"),
            "title=Une journée à l'atelier de tissage&blocks=[]&action=publish",
        )
        .await;
    let db = s.db().await;
    let author_id: i64 = one(
        &db,
        "SELECT author_id FROM post WHERE title = 'Une journée à l''atelier de tissage'",
    )
    .await;
    assert_eq!(author_id, 6);
    // …but cannot edit someone else's, nor pages, nor the menus.
    let others: i64 = one(
        &db,
        "SELECT id FROM post WHERE kind = 'post' AND author_id != 6 LIMIT 1",
    )
    .await;
    assert_eq!(
        author
            .get(&s.admin(&format!("/articles/{others}")))
            .await
            .status,
        403
    );
    assert_eq!(author.get(&s.admin("/pages/nouveau")).await.status, 403);
    let (menu, _) = author
        .post(
            &s.admin("/apparence/menus/nouveau"),
            "location=main&kind=home&label=X",
        )
        .await;
    assert_eq!(menu.status, 403);
    (author, db)
}

async fn a_contributor_may_no_longer_publish(s: &Site, author: &Shopper, db: &SqlitePool) {
    // The administrator makes Antoine a contributor: he may no longer publish.
    let admin = s.signed_in(ADMIN_EMAIL).await;
    let users = admin.get(&s.admin("/utilisateurs")).await;
    users.shows("Antoine Pineau").shows("Contributeur");
    admin
        .post_ok(&s.admin("/utilisateurs/6"), &[("role", "contributor")])
        .await;
    s.journal_is("Rôle de Antoine Pineau : contributeur").await;
    author
        .refused(
            &s.admin("/articles/nouveau"),
            "title=Brouillon de contributeur&blocks=[]&action=publish",
            "ne permet pas de publier",
        )
        .await;
    author
        .post_ok(
            &s.admin("/articles/nouveau"),
            "title=Brouillon de contributeur&blocks=[]&action=draft",
        )
        .await;
    // A contributor does not moderate comments either.
    let (moderate, _) = author.post(&s.admin("/commentaires/1/approuver"), "").await;
    assert_eq!(moderate.status, 403);
    // The last administrator keeps the role.
    admin
        .post_ok(&s.admin("/utilisateurs/2"), &[("role", "editor")])
        .await;
    admin
        .post_shows(
            &s.admin("/utilisateurs/1"),
            &[("role", "editor")],
            "Il faut garder au moins un administrateur.",
        )
        .await;
    let role: String = one(db, "SELECT wp_role FROM employee WHERE id = 1").await;
    assert_eq!(role, "administrator");
}

/// Utilisateurs › Ajouter, as in WordPress: the administrator adds an author, who signs in
/// with the password given and writes; a refused form keeps what was typed; only an
/// administrator may add users.
#[tokio::test]
async fn an_administrator_adds_a_user_with_a_role_who_then_signs_in() {
    let s = Site::new().await;
    let admin = s.signed_in(ADMIN_EMAIL).await;
    let new = s.admin("/utilisateurs/nouveau");
    admin
        .get_ok(&s.admin("/utilisateurs"))
        .await
        .shows("Ajouter un utilisateur");
    let refused = admin
        .refused(
            &new,
            "email=julie.bernard@exemple.fr&first_name=Julie&last_name=Bernard&password=court&role=author",
            "au moins 8 caractères",
        )
        .await;
    assert!(refused.body.contains("value=\"julie.bernard@exemple.fr\""));
    admin
        .post_shows(
            &new,
            "email=julie.bernard@exemple.fr&first_name=Julie&last_name=Bernard&password=redaction-2027&role=author",
            "Utilisateur Julie Bernard ajouté.",
        )
        .await
        .shows("julie.bernard@exemple.fr");
    assert_eq!(
        s.last_journal().await,
        "Utilisateur Julie Bernard (julie.bernard@exemple.fr) ajouté avec le rôle auteur"
    );
    let julie = s.app.shopper();
    julie
        .post_ok(
            &s.admin("/connexion"),
            "email=julie.bernard@exemple.fr&password=redaction-2027",
        )
        .await;
    julie
        .get_ok(&s.admin("/articles/nouveau"))
        .await
        .shows("Ajouter un article");
    // An author may not add users.
    assert_eq!(julie.get(&new).await.status, 403);
}
