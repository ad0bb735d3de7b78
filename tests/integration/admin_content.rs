//! The back-office, content side (WordPress vocabulary): every function at HTTP level, with
//! the storefront change that follows and the journal row; hostile input comes out inert;
//! a real browser writes and publishes an article with the block editor.

use e5_domain::SandboxId;
use serde_json::json;
use sqlx::SqlitePool;

use crate::browser;
use crate::helpers::{Shopper, TestApp, TestData};

pub(crate) const ADMIN: &str = "helene.guerin@toiles-de-loire.fr";
const AUTHOR: &str = "antoine.pineau@toiles-de-loire.fr";
pub(crate) const PASSWORD: &str = "demo-e5-2027";
const EVIL: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>";

struct Site {
    t: TestData,
    id: SandboxId,
    app: TestApp,
}

impl Site {
    async fn new() -> Site {
        let t = TestData::new().await;
        let id = t.sandbox();
        let app = TestApp::spawn(&t.data).await;
        Site { t, id, app }
    }

    async fn signed_in(&self, email: &str) -> Shopper {
        let user = self.app.shopper();
        let (ok, _) = user
            .post(
                &self.admin("/connexion"),
                &[("email", email), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(ok.status, 303, "sign-in of {email}");
        user
    }

    fn admin(&self, path: &str) -> String {
        format!("/s/{}/admin{path}", self.id)
    }

    fn shop(&self, path: &str) -> String {
        format!("/s/{}{path}", self.id)
    }

    async fn db(&self) -> SqlitePool {
        self.t.open(self.id).await
    }

    /// The summary of the last journal row.
    async fn last_journal(&self) -> String {
        let db = self.db().await;
        sqlx::query_scalar("SELECT summary FROM journal ORDER BY id DESC LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap()
    }
}

fn long_text(words: usize) -> String {
    let base = "Le linge en lin lavé se bonifie au fil des lavages et garde sa fraîcheur toute l'année dans la maison";
    let mut out = Vec::new();
    while out.len() < words {
        out.extend(base.split(' '));
    }
    out.truncate(words);
    out.join(" ")
}

fn article_blocks() -> String {
    json!([
        {"type": "paragraph", "data": {"text": format!("Le lin lavé est notre matière préférée. {}", long_text(90))}},
        {"type": "header", "data": {"text": "Bien laver le lin lavé", "level": 2}},
        {"type": "image", "data": {"media_id": 3, "alt": "Pile de draps en lin", "caption": "Nos draps", "link": ""}},
        {"type": "paragraph", "data": {"text": format!("{} <a href=\"/s/x/page/faq\">notre FAQ</a>", long_text(90))}}
    ])
    .to_string()
}

/// Every `<` in `html` opens a tag: none may be a script or carry an event handler.
fn assert_inert(html: &str, evil_markers: &[&str]) {
    // The editor's data islands (JSON, never run) are checked apart: no `<` may close them.
    let mut html = html.to_owned();
    while let Some(start) = html.find("<script type=\"application/json\"") {
        let end = html[start..]
            .find("</script>")
            .map_or(html.len(), |e| start + e + 9);
        assert!(
            !html[start..end - 9]
                .split_once('>')
                .map_or("", |x| x.1)
                .contains('<'),
            "raw < in a data island"
        );
        html.replace_range(start..end, "");
    }
    let html = html.as_str();
    for m in [
        "<script>alert",
        "<img src=x onerror",
        "<svg onload",
        "href=\"javascript:",
        "src=\"javascript:",
    ] {
        assert!(
            !html.contains(m),
            "{m} came out live: {}",
            &html[html.find(m).unwrap_or(0).saturating_sub(300)..][..400.min(html.len())]
        );
    }
    for m in evil_markers {
        assert!(!html.contains(m), "{m} came out live");
    }
}

#[tokio::test]
async fn an_article_is_written_published_edited_restored_and_trashed() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN).await;
    let form = user.get(&s.admin("/articles/nouveau")).await;
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("Ajouter un article") && form.body.contains("Expression clé principale")
    );

    let blocks = article_blocks();
    let (saved, editor) = user
        .post(
            &s.admin("/articles/nouveau"),
            &[
                ("title", "Entretenir le lin lavé"),
                ("slug", ""),
                ("blocks", &blocks),
                ("action", "publish"),
                ("meta_title", "Entretenir le lin lavé : les conseils de l'atelier"),
                ("meta_description", "Lavage, séchage et repassage du lin lavé : nos conseils d'atelier pour garder votre linge doux et beau pendant des années, sans produit agressif."),
                ("focus_keyword", "lin lavé"),
                ("breadcrumb", "1"),
                ("comments_open", "1"),
                ("term", "1"),
                ("tags", "lin, entretien"),
                ("excerpt", "Nos conseils pour le lin lavé."),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(editor.body.contains("Article publié."));
    assert!(
        editor.body.contains("Modifier l&#x27;article")
            || editor.body.contains("Modifier l'article")
    );
    assert!(
        editor.body.contains("Bon") || editor.body.contains("Correct"),
        "SEO light shown"
    );
    assert_eq!(
        s.last_journal().await,
        "Article « Entretenir le lin lavé » publié"
    );
    let db = s.db().await;
    let (id, slug, status, author): (i64, String, String, i64) = sqlx::query_as(
        "SELECT id, slug, status, author_id FROM post WHERE title = 'Entretenir le lin lavé'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        (slug.as_str(), status.as_str(), author),
        ("entretenir-le-lin-lave", "publish", 1)
    );
    let tags: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM post_term pt JOIN term t ON t.id = pt.term_id WHERE pt.post_id = ? AND t.taxonomy = 'tag'")
        .bind(id).fetch_one(&db).await.unwrap();
    assert_eq!(tags, 2);

    // The storefront shows it at once, with its SEO title, description, heading, image alt.
    let page = s
        .app
        .shopper()
        .get(&s.shop("/blog/entretenir-le-lin-lave"))
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<title>Entretenir le lin lavé : les conseils de l&#x27;atelier – Les Toiles de Loire</title>") || page.body.contains("<title>Entretenir le lin lavé : les conseils de l'atelier"), "SEO title");
    assert!(
        page.body
            .contains("<meta name=\"description\" content=\"Lavage, séchage")
    );
    assert!(page.body.contains("<h2>Bien laver le lin lavé</h2>"));
    assert!(page.body.contains("alt=\"Pile de draps en lin\""));
    assert!(page.body.contains("fil-ariane"), "breadcrumb on");
    assert!(page.body.contains("Hélène Guérin"), "author shown");
    let blog = s.app.shopper().get(&s.shop("/blog")).await;
    assert!(blog.body.contains("Entretenir le lin lavé"));

    // Edit: the old text becomes a revision; breadcrumb off.
    let (edited, _) = user
        .post(
            &s.admin(&format!("/articles/{id}")),
            &[
                ("title", "Entretenir le lin lavé (mis à jour)"),
                ("slug", "entretenir-le-lin-lave"),
                ("blocks", "[]"),
                ("action", "publish"),
                ("comments_open", "1"),
            ],
        )
        .await;
    assert_eq!(edited.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Article « Entretenir le lin lavé (mis à jour) » mis à jour"
    );
    let page = s
        .app
        .shopper()
        .get(&s.shop("/blog/entretenir-le-lin-lave"))
        .await;
    assert!(!page.body.contains("fil-ariane"), "breadcrumb off");
    assert!(!page.body.contains("Bien laver"));
    let rev: i64 = sqlx::query_scalar(
        "SELECT id FROM post_revision WHERE post_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_one(&db)
    .await
    .unwrap();
    let (restored, _) = user
        .post(&s.admin(&format!("/articles/{id}/revisions/{rev}")), &[])
        .await;
    assert_eq!(restored.status, 303);
    assert!(
        s.last_journal().await.contains("révision du"),
        "restore journaled"
    );
    let page = s
        .app
        .shopper()
        .get(&s.shop("/blog/entretenir-le-lin-lave"))
        .await;
    assert!(
        page.body.contains("<h2>Bien laver le lin lavé</h2>"),
        "restored text shown"
    );

    // Trash: gone from the storefront; then deleted for good.
    let (trashed, _) = user
        .post(&s.admin(&format!("/articles/{id}/supprimer")), &[])
        .await;
    assert_eq!(trashed.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Article « Entretenir le lin lavé » mis à la corbeille"
    );
    assert_eq!(
        s.app
            .shopper()
            .get(&s.shop("/blog/entretenir-le-lin-lave"))
            .await
            .status,
        404
    );
    user.post(&s.admin(&format!("/articles/{id}/supprimer")), &[])
        .await;
    assert_eq!(
        s.last_journal().await,
        "Article « Entretenir le lin lavé » supprimé définitivement"
    );
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM post WHERE id = ?")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn drafts_are_private_previewable_and_scheduling_is_journaled() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN).await;
    let (saved, _) = user
        .post(
            &s.admin("/pages/nouveau"),
            &[
                ("title", "Nos ateliers d'été"),
                ("blocks", &article_blocks()),
                ("action", "draft"),
                ("breadcrumb", "1"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Page « Nos ateliers d'été » enregistrée comme brouillon"
    );
    assert_eq!(
        s.app
            .shopper()
            .get(&s.shop("/page/nos-ateliers-d-ete"))
            .await
            .status,
        404
    );
    let id: i64 = saved
        .location
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let preview = user.get(&s.admin(&format!("/pages/{id}/apercu"))).await;
    assert_eq!(preview.status, 200);
    assert!(
        preview.body.contains("Aperçu") && preview.body.contains("<h2>Bien laver le lin lavé</h2>")
    );
    let (scheduled, _) = user
        .post(
            &s.admin(&format!("/pages/{id}")),
            &[
                ("title", "Nos ateliers d'été"),
                ("slug", "nos-ateliers-d-ete"),
                ("blocks", "[]"),
                ("action", "schedule"),
                ("publish_at", "2099-06-01T09:30"),
            ],
        )
        .await;
    assert_eq!(scheduled.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Page « Nos ateliers d'été » planifiée pour le 1er juin 2099 à 9 h 30"
    );
    assert_eq!(
        s.app
            .shopper()
            .get(&s.shop("/page/nos-ateliers-d-ete"))
            .await
            .status,
        404,
        "not before its date"
    );
    // The dashboard counts it and offers a quick draft.
    let dash = user.get(&s.admin("/")).await;
    assert!(
        dash.body.contains("D'un coup d'œil")
            && dash.body.contains("2 planifiés")
            && dash.body.contains("Brouillon rapide")
    );
    assert!(dash.body.contains("Dernières commandes") && dash.body.contains("Messages clients"));
    let (quick, _) = user
        .post(
            &s.admin("/articles/brouillon-rapide"),
            &[
                ("title", "Idée : nappes de Noël"),
                ("text", "Premier jet.\n\nDeuxième paragraphe."),
            ],
        )
        .await;
    assert_eq!(quick.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Article « Idée : nappes de Noël » enregistré comme brouillon"
    );
}

#[tokio::test]
async fn bad_editor_content_is_refused_in_french_and_changes_nothing() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN).await;
    let db = s.db().await;
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM journal")
        .fetch_one(&db)
        .await
        .unwrap();
    let (refused, _) = user
        .post(
            &s.admin("/articles/nouveau"),
            &[
                ("title", "Test"),
                ("blocks", r#"[{"type":"iframe","data":{"src":"x"}}]"#),
                ("action", "publish"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("n&#x27;est pas pris en charge")
            || refused.body.contains("n'est pas pris en charge")
    );
    assert!(
        refused.body.contains("value=\"Test\""),
        "what was typed is kept"
    );
    let (refused, _) = user
        .post(
            &s.admin("/articles/nouveau"),
            &[
                ("title", "Test"),
                ("blocks", "{not json"),
                ("action", "draft"),
            ],
        )
        .await;
    assert!(refused.body.contains("illisible"));
    let (refused, _) = user
        .post(
            &s.admin("/articles/nouveau"),
            &[
                ("title", "Test"),
                ("slug", "Mauvais Slug!"),
                ("blocks", "[]"),
                ("action", "draft"),
            ],
        )
        .await;
    assert!(refused.body.contains("slug"), "bad slug explained");
    let (refused, _) = user
        .post(
            &s.admin("/articles/nouveau"),
            &[
                ("title", "Test"),
                ("slug", "entretenir-linge-lin"),
                ("blocks", "[]"),
                ("action", "draft"),
            ],
        )
        .await;
    assert!(refused.body.contains("déjà utilisée"), "slug taken");
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM journal")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn hostile_html_in_every_field_and_block_comes_out_inert() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN).await;
    let e = EVIL;
    let blocks = json!([
        {"type": "paragraph", "data": {"text": e}},
        {"type": "header", "data": {"text": e, "level": 2}},
        {"type": "list", "data": {"style": "unordered", "items": [e]}},
        {"type": "quote", "data": {"text": e, "caption": e}},
        {"type": "image", "data": {"media_id": 3, "alt": e, "caption": e, "link": "javascript:alert(1)"}},
        {"type": "table", "data": {"withHeadings": true, "content": [[e, e]]}},
        {"type": "button", "data": {"text": e, "url": "javascript:alert(1)"}},
        {"type": "audio", "data": {"media_id": 3, "caption": e}},
        {"type": "file", "data": {"media_id": 3, "title": e}},
        {"type": "cover", "data": {"media_id": 3, "title": e, "text": e, "button": e, "url": e}},
        {"type": "columns", "data": {"columns": [{"title": e, "text": e}]}},
        {"type": "gallery", "data": {"items": [{"media_id": 3, "alt": e, "caption": e}]}},
        {"type": "map", "data": {"label": e, "address": e, "town": e}},
        {"type": "form", "data": {"kind": e, "title": e, "button": e}},
        {"type": "faq", "data": {"items": [{"question": e, "answer": e}]}},
        {"type": "testimonials", "data": {"items": [{"name": e, "role": e, "text": e}]}},
        {"type": "team", "data": {"items": [{"name": e, "role": e, "bio": e, "media_id": 3}]}},
        {"type": "slider", "data": {"slides": [{"media_id": 3, "alt": e, "caption": e}]}},
        {"type": "countdown", "data": {"date": e, "title": e}}
    ])
    .to_string();
    let title = format!("Piège {e}");
    let (saved, editor) = user
        .post(
            &s.admin("/articles/nouveau"),
            &[
                ("title", &title),
                ("slug", "piege"),
                ("blocks", &blocks),
                ("action", "publish"),
                ("meta_title", e),
                ("meta_description", e),
                ("focus_keyword", e),
                ("excerpt", e),
                ("tags", e),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_inert(&editor.body, &[]);
    assert!(editor.body.contains("id=\"donnees-blocs\""));
    // The JSON in the editor page cannot close its script element.
    let start = editor.body.find("id=\"donnees-blocs\">").unwrap();
    let end = editor.body[start..].find("</script>").unwrap();
    assert!(
        !editor.body[start..start + end].contains('<'),
        "no raw < in the blocks JSON"
    );
    let page = s.app.shopper().get(&s.shop("/blog/piege")).await;
    assert_eq!(page.status, 200);
    assert_inert(&page.body, &[]);
    assert!(
        page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "shown as text"
    );
    for path in ["/articles", "/", "/medias"] {
        let p = user.get(&s.admin(path)).await;
        assert_eq!(p.status, 200);
        assert_inert(&p.body, &[]);
    }
    let blog = s.app.shopper().get(&s.shop("/blog")).await;
    assert_inert(&blog.body, &[]);
    // A comment and a widget with hostile text, in the back-office and on the storefront.
    user.post(
        &s.shop("/blog/piege/commentaire"),
        &[
            ("author_name", e),
            ("author_email", "x@exemple.fr"),
            ("content", e),
        ],
    )
    .await;
    user.post(
        &s.admin("/apparence/widgets/nouveau"),
        &[
            ("area", "sidebar"),
            ("kind", "text"),
            ("title", e),
            ("text", e),
        ],
    )
    .await;
    assert_inert(&user.get(&s.admin("/commentaires")).await.body, &[]);
    assert_inert(&user.get(&s.admin("/apparence/widgets")).await.body, &[]);
    assert_inert(&s.app.shopper().get(&s.shop("/blog")).await.body, &[]);
}

#[tokio::test]
async fn wordpress_roles_are_enforced() {
    let s = Site::new().await;
    let author = s.signed_in(AUTHOR).await;
    // An author publishes their own article…
    let (own, _) = author
        .post(
            &s.admin("/articles/nouveau"),
            &[
                ("title", "Une journée à l'atelier de tissage"),
                ("blocks", "[]"),
                ("action", "publish"),
            ],
        )
        .await;
    assert_eq!(own.status, 303);
    let db = s.db().await;
    let author_id: i64 = sqlx::query_scalar(
        "SELECT author_id FROM post WHERE title = 'Une journée à l''atelier de tissage'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(author_id, 6);
    // …but cannot edit someone else's, nor pages, nor the menus.
    let others: i64 =
        sqlx::query_scalar("SELECT id FROM post WHERE kind = 'post' AND author_id != 6 LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
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
            &[("location", "main"), ("kind", "home"), ("label", "X")],
        )
        .await;
    assert_eq!(menu.status, 403);
    // The administrator makes Antoine a contributor: he may no longer publish.
    let admin = s.signed_in(ADMIN).await;
    let users = admin.get(&s.admin("/utilisateurs")).await;
    assert!(users.body.contains("Antoine Pineau") && users.body.contains("Contributeur"));
    let (changed, _) = admin
        .post(&s.admin("/utilisateurs/6"), &[("role", "contributor")])
        .await;
    assert_eq!(changed.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Rôle de Antoine Pineau : contributeur"
    );
    let (refused, _) = author
        .post(
            &s.admin("/articles/nouveau"),
            &[
                ("title", "Brouillon de contributeur"),
                ("blocks", "[]"),
                ("action", "publish"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("ne permet pas de publier"));
    let (draft, _) = author
        .post(
            &s.admin("/articles/nouveau"),
            &[
                ("title", "Brouillon de contributeur"),
                ("blocks", "[]"),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(draft.status, 303);
    // A contributor does not moderate comments either.
    let (moderate, _) = author
        .post(&s.admin("/commentaires/1/approuver"), &[])
        .await;
    assert_eq!(moderate.status, 403);
    // The last administrator keeps the role.
    let (other, _) = admin
        .post(&s.admin("/utilisateurs/2"), &[("role", "editor")])
        .await;
    assert_eq!(other.status, 303);
    let (kept, next) = admin
        .post(&s.admin("/utilisateurs/1"), &[("role", "editor")])
        .await;
    assert_eq!(kept.status, 303);
    assert!(
        next.body
            .contains("Il faut garder au moins un administrateur.")
    );
    let role: String = sqlx::query_scalar("SELECT wp_role FROM employee WHERE id = 1")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(role, "administrator");
}

#[tokio::test]
async fn comments_and_reviews_are_moderated_and_discussion_settings_apply() {
    let s = Site::new().await;
    let visitor = s.app.shopper();
    let db = s.db().await;
    let slug: String = sqlx::query_scalar("SELECT slug FROM post WHERE id = 21")
        .fetch_one(&db)
        .await
        .unwrap();
    visitor
        .post(
            &s.shop(&format!("/blog/{slug}/commentaire")),
            &[
                ("author_name", "Camille R."),
                ("author_email", "camille@exemple.fr"),
                ("content", "Peut-on sécher le lin au sèche-linge ?"),
            ],
        )
        .await;
    let page = visitor.get(&s.shop(&format!("/blog/{slug}"))).await;
    assert!(
        !page.body.contains("sécher le lin au sèche-linge"),
        "waits for approval"
    );
    let admin = s.signed_in(ADMIN).await;
    let queue = admin.get(&s.admin("/commentaires?statut=pending")).await;
    assert!(queue.body.contains("Camille R.") && queue.body.contains("Approuver"));
    let id: i64 = sqlx::query_scalar("SELECT id FROM comment WHERE author_name = 'Camille R.'")
        .fetch_one(&db)
        .await
        .unwrap();
    let (ok, _) = admin
        .post(
            &s.admin(&format!("/commentaires/{id}/approuver")),
            &[("retour", "?statut=pending")],
        )
        .await;
    assert_eq!(
        ok.location.as_deref(),
        Some(s.admin("/commentaires?statut=pending").as_str())
    );
    assert_eq!(s.last_journal().await, "Commentaire de Camille R. approuvé");
    assert!(
        visitor
            .get(&s.shop(&format!("/blog/{slug}")))
            .await
            .body
            .contains("sécher le lin au sèche-linge")
    );
    admin
        .post(
            &s.admin(&format!("/commentaires/{id}/repondre")),
            &[("text", "Oui, à basse température.")],
        )
        .await;
    assert!(
        s.last_journal()
            .await
            .starts_with("Réponse au commentaire de Camille R. publiée")
    );
    assert!(
        visitor
            .get(&s.shop(&format!("/blog/{slug}")))
            .await
            .body
            .contains("Oui, à basse température.")
    );
    admin
        .post(&s.admin(&format!("/commentaires/{id}/desapprouver")), &[])
        .await;
    assert_eq!(
        s.last_journal().await,
        "Commentaire de Camille R. désapprouvé"
    );
    admin
        .post(&s.admin(&format!("/commentaires/{id}/indesirable")), &[])
        .await;
    assert_eq!(
        s.last_journal().await,
        "Commentaire de Camille R. marqué comme indésirable"
    );
    admin
        .post(&s.admin(&format!("/commentaires/{id}/supprimer")), &[])
        .await;
    assert_eq!(
        s.last_journal().await,
        "Commentaire de Camille R. mis à la corbeille"
    );
    let status: String = sqlx::query_scalar("SELECT status FROM comment WHERE id = ?")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(status, "trash");

    // Manual approval off: a new comment shows at once.
    let (saved, _) = admin
        .post(
            &s.admin("/reglages/discussion"),
            &[("reviews_manual_approval", "1")],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Réglages des commentaires : approbation manuelle désactivée"
    );
    visitor
        .post(
            &s.shop(&format!("/blog/{slug}/commentaire")),
            &[
                ("author_name", "Léon"),
                ("author_email", "leon@exemple.fr"),
                ("content", "Merci pour ces conseils."),
            ],
        )
        .await;
    assert!(
        visitor
            .get(&s.shop(&format!("/blog/{slug}")))
            .await
            .body
            .contains("Merci pour ces conseils.")
    );

    // Product reviews: same queue, approve, reply.
    let product: (i64, String) =
        sqlx::query_as("SELECT id, slug FROM product WHERE active = 1 LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
    visitor
        .post(
            &s.shop(&format!("/produit/{}/avis", product.1)),
            &[
                ("author_name", "Nadia"),
                ("title", "Très doux"),
                ("content", "Parfait."),
                ("rating", "5"),
            ],
        )
        .await;
    let rid: i64 = sqlx::query_scalar("SELECT id FROM product_review WHERE author_name = 'Nadia'")
        .fetch_one(&db)
        .await
        .unwrap();
    let reviews = admin
        .get(&s.admin("/commentaires/avis?statut=pending"))
        .await;
    assert!(reviews.body.contains("Très doux"));
    admin
        .post(
            &s.admin(&format!("/commentaires/avis/{rid}/approuver")),
            &[],
        )
        .await;
    assert!(s.last_journal().await.starts_with("Avis de Nadia sur"));
    admin
        .post(
            &s.admin(&format!("/commentaires/avis/{rid}/repondre")),
            &[("reply", "Merci Nadia !")],
        )
        .await;
    let reply: String = sqlx::query_scalar("SELECT reply FROM product_review WHERE id = ?")
        .bind(rid)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(reply, "Merci Nadia !");
}

#[tokio::test]
async fn closing_comments_on_one_article_shows_on_the_storefront() {
    let s = Site::new().await;
    let admin = s.signed_in(ADMIN).await;
    let (saved, _) = admin
        .post(
            &s.admin("/articles/nouveau"),
            &[
                ("title", "Sans commentaires"),
                ("blocks", "[]"),
                ("action", "publish"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    let page = s
        .app
        .shopper()
        .get(&s.shop("/blog/sans-commentaires"))
        .await;
    assert!(page.body.contains("Les commentaires sont fermés."));
}

fn png() -> Vec<u8> {
    // A 1×1 PNG.
    vec![
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0x0D, 0x49, 0x44,
        0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0, 0x05, 0, 0x01, 0xFF, 0x89,
        0x99, 0x3D, 0x1D, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
}

/// A valid grayscale 1-bit PNG of `w` × `h` pixels, all black: tiny on disk, huge decoded.
pub(crate) fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    use std::io::Write;
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[1, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let row = vec![0u8; 1 + w.div_ceil(8) as usize];
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..h {
        z.write_all(&row).unwrap();
    }
    chunk(&mut out, b"IDAT", &z.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}

async fn upload(user: &Shopper, path: &str, name: &str, data: Vec<u8>) -> (u16, Option<String>) {
    let part = reqwest::multipart::Part::bytes(data).file_name(name.to_owned());
    let form = reqwest::multipart::Form::new()
        .part("file", part)
        .text("alt", "Échantillon de lin")
        .text("title", "");
    let r = user
        .client
        .post(format!("{}{path}", user.address))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let location = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    (r.status().as_u16(), location)
}

#[tokio::test]
async fn media_are_checked_by_content_and_size_and_described() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN).await;
    let (status, to) = upload(
        &user,
        &s.admin("/medias/nouveau"),
        "Échantillon lin.png",
        png(),
    )
    .await;
    assert_eq!(status, 303);
    let to = to.unwrap();
    assert!(
        s.last_journal()
            .await
            .starts_with("Média « -chantillon-lin.png » ajouté (image/png"),
        "{}",
        s.last_journal().await
    );
    let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
    let details = user.get(&to).await;
    assert!(
        details.body.contains("Texte alternatif")
            && details.body.contains("Échantillon de lin")
            && details.body.contains("utilisé nulle part")
    );
    let served = reqwest::get(format!(
        "{}{}",
        s.app.address,
        s.shop(&format!("/media/{id}"))
    ))
    .await
    .unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");

    // A renamed executable, a too large file: French messages, nothing stored.
    let db = s.db().await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM media")
            .fetch_one(&db)
            .await
            .unwrap()
    };
    let before = count().await;
    let (_, to) = upload(
        &user,
        &s.admin("/medias/nouveau"),
        "photo.png",
        b"MZ\x90\x00 not an image".to_vec(),
    )
    .await;
    let page = user.get(&to.unwrap()).await;
    assert!(
        page.body
            .contains("n&#x27;est pas un type de fichier accepté")
            || page.body.contains("n'est pas un type de fichier accepté"),
        "{}",
        page.body
    );
    let mut big = png();
    big.resize(6 * 1024 * 1024, 0);
    let (status, to) = upload(&user, &s.admin("/medias/nouveau"), "grand.png", big).await;
    if status == 303 {
        let page = user.get(&to.unwrap()).await;
        assert!(page.body.contains("trop lourd"), "{}", page.body);
    } else {
        assert_eq!(status, 413, "refused as too large");
    }
    assert_eq!(count().await, before);

    // An image bomb: a few kilobytes, 12000 × 12000 pixels. Refused from its header, fast,
    // nothing stored.
    let started = std::time::Instant::now();
    let bomb = png_bomb(12000, 12000);
    assert!(bomb.len() < 100 * 1024, "{} bytes", bomb.len());
    let (status, to) = upload(&user, &s.admin("/medias/nouveau"), "bombe.png", bomb).await;
    assert_eq!(status, 303);
    let page = user.get(&to.unwrap()).await;
    assert!(
        page.body
            .contains("Image trop grande : 12000 × 12000 pixels, 40 mégapixels au plus."),
        "{}",
        page.body
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10), // decoding it would take far longer
        "{:?}",
        started.elapsed()
    );
    assert_eq!(count().await, before);

    // Describe it; an SVG cannot run script where it is served.
    let (saved, _) = user
        .post(
            &s.admin(&format!("/medias/{id}")),
            &[
                ("alt", "Coupon de lin écru"),
                ("title", "Coupon"),
                ("caption", ""),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Média « Coupon » modifié (texte alternatif : « Coupon de lin écru »)"
    );
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
    let (status, to) = upload(&user, &s.admin("/medias/nouveau"), "x.svg", svg).await;
    assert_eq!(status, 303);
    let svg_id: String = to.unwrap().rsplit('/').next().unwrap().to_owned();
    let served = reqwest::get(format!(
        "{}{}",
        s.app.address,
        s.shop(&format!("/media/{svg_id}"))
    ))
    .await
    .unwrap();
    assert!(
        served.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    // Used media cannot be deleted; unused can.
    let (refused, _) = user.post(&s.admin("/medias/3/supprimer"), &[]).await;
    assert_eq!(refused.status, 303);
    assert_eq!(count().await, before + 1, "the used media stays");
    let (deleted, _) = user
        .post(&s.admin(&format!("/medias/{svg_id}/supprimer")), &[])
        .await;
    assert_eq!(deleted.status, 303);
    assert!(s.last_journal().await.ends_with("supprimé"));
}

#[tokio::test]
async fn menus_widgets_identity_and_reading_settings_change_the_storefront() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN).await;
    let db = s.db().await;
    let menus = user.get(&s.admin("/apparence/menus")).await;
    assert!(menus.body.contains("Menu principal") && menus.body.contains("Ajouter au menu"));
    let faq: i64 = sqlx::query_scalar("SELECT id FROM post WHERE slug = 'faq'")
        .fetch_one(&db)
        .await
        .unwrap();
    let (added, _) = user
        .post(
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
    assert_eq!(added.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Élément « Questions fréquentes » ajouté au menu principal"
    );
    let parent: i64 =
        sqlx::query_scalar("SELECT id FROM menu_item WHERE label = 'Questions fréquentes'")
            .fetch_one(&db)
            .await
            .unwrap();
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
    let home = s.app.shopper().get(&s.shop("/")).await;
    assert!(
        home.body
            .contains("page&#x2F;faq\">Questions fréquentes</a>"),
        "the main menu links to the page"
    );
    assert!(
        home.body.contains("Écrivez-nous"),
        "child item in the sub-menu"
    );
    let (renamed, _) = user
        .post(
            &s.admin(&format!("/apparence/menus/{parent}")),
            &[("label", "FAQ"), ("position", "50")],
        )
        .await;
    assert_eq!(renamed.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Élément de menu « Questions fréquentes » modifié"
    );
    user.post(
        &s.admin(&format!("/apparence/menus/{parent}/supprimer")),
        &[],
    )
    .await;
    assert_eq!(s.last_journal().await, "Élément de menu « FAQ » supprimé");
    assert!(
        !s.app
            .shopper()
            .get(&s.shop("/"))
            .await
            .body
            .contains("Écrivez-nous"),
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
        let (ok, _) = user
            .post(
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
        assert_eq!(ok.status, 303);
    }
    assert_eq!(
        s.last_journal().await,
        "Widget « Recherche » ajouté dans la barre latérale"
    );
    let blog = s.app.shopper().get(&s.shop("/blog")).await;
    assert!(
        blog.body.contains("Derniers articles")
            && blog.body.contains("Rubriques")
            && blog.body.contains("barre-laterale")
    );
    assert!(
        blog.body.contains("Du lundi au vendredi") && blog.body.contains("Suivez-nous"),
        "footer widgets"
    );
    let cat = s
        .app
        .shopper()
        .get(&s.shop("/blog?categorie=conseils-entretien"))
        .await;
    assert!(
        cat.body.contains("Blog : Conseils d&#x27;entretien")
            || cat.body.contains("Blog : Conseils d'entretien")
    );

    // Blog categories and home blocks.
    let (ok, _) = user
        .post(
            &s.admin("/articles/categories/nouveau"),
            &[("name", "Tutoriels couture"), ("description", "Pas à pas")],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Catégorie « Tutoriels couture » créée"
    );
    assert!(
        user.get(&s.admin("/articles/categories"))
            .await
            .body
            .contains("Tutoriels couture")
    );
    user.post(&s.admin("/articles/etiquettes/nouveau"), &[("name", "lin")])
        .await;
    assert!(user.get(&s.admin("/articles/etiquettes")).await.status == 200);
    let (ok, _) = user
        .post(
            &s.admin("/apparence/accueil/nouveau"),
            &[
                ("kind", "custom_text"),
                ("title", "Atelier ouvert le samedi"),
                ("body", "De 10 h à 18 h"),
                ("position", "1"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Page d'accueil : Texte personnalisé « Atelier ouvert le samedi » ajouté"
    );
    assert!(
        user.get(&s.admin("/apparence/accueil"))
            .await
            .body
            .contains("Atelier ouvert le samedi")
    );
    assert!(
        s.app
            .shopper()
            .get(&s.shop("/"))
            .await
            .body
            .contains("Atelier ouvert le samedi")
    );

    // Site identity.
    let (ok, _) = user
        .post(
            &s.admin("/apparence/identite"),
            &[
                ("name", "Toiles de Loire"),
                ("slogan", "Du lin, du vrai"),
                ("logo", "1"),
                ("icon", "2"),
                ("header", ""),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Identité du site modifiée (titre, slogan, logo, icône)"
    );
    assert!(
        s.app
            .shopper()
            .get(&s.shop("/"))
            .await
            .body
            .contains("Du lin, du vrai")
    );

    // Reading: a static front page, posts per page.
    let qui: i64 = sqlx::query_scalar("SELECT id FROM post WHERE slug = 'qui-sommes-nous'")
        .fetch_one(&db)
        .await
        .unwrap();
    let (ok, _) = user
        .post(
            &s.admin("/reglages/lecture"),
            &[
                ("front", "page"),
                ("front_page", &qui.to_string()),
                ("posts_per_page", "1"),
                ("breadcrumb", "1"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(s.last_journal().await, "Réglages de lecture enregistrés");
    let home = s.app.shopper().get(&s.shop("/")).await;
    let title: String = sqlx::query_scalar("SELECT title FROM post WHERE id = ?")
        .bind(qui)
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(
        home.body
            .contains(&format!("<h1>{}</h1>", title.replace('\'', "&#x27;")))
            || home.body.contains(&format!("<h1>{title}</h1>"))
    );
    let blog = s.app.shopper().get(&s.shop("/blog")).await;
    assert_eq!(blog.body.matches("class=\"carte-article").count(), 1);
    assert!(blog.body.contains("class=\"pagination\""));
    let (bad, _) = user
        .post(
            &s.admin("/reglages/lecture"),
            &[("front", "shop"), ("posts_per_page", "0")],
        )
        .await;
    assert_eq!(bad.status, 303);
    let ppp: String =
        sqlx::query_scalar("SELECT value FROM setting WHERE key = 'reading.posts_per_page'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(ppp, "1", "refused value changes nothing");
}

#[tokio::test]
async fn general_settings_privacy_page_newsletter_and_form_blocks() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN).await;
    let db = s.db().await;
    let general = user.get(&s.admin("/reglages/general")).await;
    assert!(general.body.contains("02 41 58 27 14"));
    let mut form: Vec<(&str, &str)> = vec![
        ("shop.email", "contact@toiles-de-loire.fr"),
        ("shop.phone", "02 41 00 00 00"),
        ("shop.address", "18 rue des Tisserands"),
        ("shop.postcode", "49300"),
        ("shop.city", "Cholet"),
        ("shop.country", "France"),
        ("social.facebook", "https://www.facebook.com/toilesdeloire"),
        ("social.instagram", ""),
        ("social.pinterest", ""),
        ("social.linkedin", ""),
    ];
    let (ok, _) = user.post(&s.admin("/reglages/general"), &form).await;
    assert_eq!(ok.status, 303);
    assert!(
        s.app
            .shopper()
            .get(&s.shop("/"))
            .await
            .body
            .contains("02 41 00 00 00")
    );
    form[6] = ("social.facebook", "javascript:alert(1)");
    let (_, back) = user.post(&s.admin("/reglages/general"), &form).await;
    assert!(
        back.body.contains("https://"),
        "a social link must be a web address"
    );

    let privacy = user.get(&s.admin("/reglages/confidentialite")).await;
    assert!(privacy.body.contains("Générer la page"));
    let (ok, _) = user
        .post(
            &s.admin("/reglages/confidentialite"),
            &[
                ("company", "SAS Les Toiles de Loire"),
                ("address", "18 rue des Tisserands, 49300 Cholet"),
                ("email", "rgpd@toiles-de-loire.fr"),
                ("dpo", ""),
                ("data", "identite"),
                ("data", "commande"),
                ("retention_customers", "3 ans"),
                ("retention_prospects", "3 ans"),
                ("host", ""),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Page « Politique de confidentialité » générée et publiée"
    );
    let page = s
        .app
        .shopper()
        .get(&s.shop("/page/politique-de-confidentialite"))
        .await;
    assert!(
        page.body.contains("RGPD")
            && page.body.contains("rgpd@toiles-de-loire.fr")
            && page.body.contains("CNIL")
    );

    // A page with a newsletter form block and a contact form block and a map.
    let blocks = json!([
        {"type": "form", "data": {"kind": "newsletter", "title": "Restez informé", "button": "Je m'inscris"}},
        {"type": "form", "data": {"kind": "contact", "title": "Une question ?"}},
        {"type": "map", "data": {"label": "Notre atelier", "address": "18 rue des Tisserands", "town": "Cholet"}},
        {"type": "faq", "data": {"items": [{"question": "Livrez-vous en Belgique ?", "answer": "Oui."}]}},
        {"type": "countdown", "data": {"date": "2099-01-01 00:00", "title": "Soldes dans"}}
    ])
    .to_string();
    user.post(
        &s.admin("/pages/nouveau"),
        &[
            ("title", "Restons en contact"),
            ("blocks", &blocks),
            ("action", "publish"),
        ],
    )
    .await;
    let page_path = s.shop("/page/restons-en-contact");
    let page = s.app.shopper().get(&page_path).await;
    assert!(page.body.contains("Je m&#39;inscris"), "{}", page.body);
    assert!(
        page.body.contains("class=\"repere\""),
        "the town is placed on the offline map"
    );
    assert!(
        page.body
            .contains("<details><summary>Livrez-vous en Belgique ?</summary>")
    );
    let visitor = s.app.shopper();
    let referer = format!("{}{page_path}", s.app.address);
    let r = visitor
        .client
        .post(format!(
            "{}{}",
            s.app.address,
            s.shop("/formulaire/newsletter")
        ))
        .header("referer", &referer)
        .form(&[("email", "Nouvelle@Exemple.fr"), ("consent", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"].to_str().unwrap(), page_path);
    assert_eq!(
        s.last_journal().await,
        "Inscription à la newsletter : nouvelle@exemple.fr (formulaire de page)"
    );
    let r = visitor
        .client
        .post(format!(
            "{}{}",
            s.app.address,
            s.shop("/formulaire/contact")
        ))
        .header("referer", &referer)
        .form(&[
            ("name", "Jeanne"),
            ("email", "jeanne@exemple.fr"),
            ("message", "Faites-vous des nappes sur mesure ?"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(
        s.last_journal().await,
        "Message de Jeanne (jeanne@exemple.fr) reçu par le formulaire depuis « Restons en contact »"
    );
    let r = visitor
        .client
        .post(format!(
            "{}{}",
            s.app.address,
            s.shop("/formulaire/contact")
        ))
        .header("referer", "https://ailleurs.example/")
        .form(&[
            ("name", "X"),
            ("email", "pas-une-adresse"),
            ("message", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        s.shop("/"),
        "never redirected elsewhere"
    );
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM form_submission")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(stored, 2);

    let list = user.get(&s.admin("/newsletter")).await;
    assert!(
        list.body.contains("nouvelle@exemple.fr")
            && list.body.contains("Bloc formulaire")
            && list.body.contains("Faites-vous des nappes")
    );
    let csv = user
        .client
        .get(format!(
            "{}{}",
            s.app.address,
            s.admin("/newsletter/abonnes.csv")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    assert!(
        text.contains("email;source;date_inscription")
            && text.contains("nouvelle@exemple.fr;formulaire;")
    );
}

#[tokio::test]
async fn the_answers_screen_saves_through_a_command_when_the_exam_asks_for_it() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN).await;
    let db = s.db().await;
    let has: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'answer'")
        .fetch_one(&db)
        .await
        .unwrap();
    let page = user.get(&s.admin("/reponses")).await;
    if has == 0 {
        assert_eq!(page.status, 404, "no answer table, no screen");
        return;
    }
    assert!(page.body.contains("Question 3"));
    let text = "x".repeat(412);
    let (ok, _) = user
        .post(&s.admin("/reponses"), &[("question", "3"), ("text", &text)])
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(
        s.last_journal().await,
        "Réponse à la question 3 enregistrée (412 caractères)"
    );
}

/// Polls until `js` (an expression) is true in the page.
async fn wait_until(b: &browser::Browser, js: &str) {
    for _ in 0..100 {
        if b.script(&format!("return !!({js});"), vec![]).await == json!(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {js}");
}

#[tokio::test]
async fn a_candidate_writes_and_publishes_an_article_with_the_block_editor() {
    let Some(b) = browser::start().await else {
        return;
    };
    let s = Site::new().await;
    let shots = std::env::var("E5_SCREENSHOTS")
        .ok()
        .map(std::path::PathBuf::from);
    b.goto(&format!("{}{}", s.app.address, s.admin("/"))).await;
    b.find("#email").await.type_text(ADMIN).await;
    b.find("#mdp").await.type_text(PASSWORD).await;
    b.find("button[type=submit]").await.click().await;
    b.wait_for_text("D'un coup d'œil").await;
    if let Some(dir) = &shots {
        b.screenshot(&dir.join("content-dashboard.png")).await;
    }
    b.goto(&format!(
        "{}{}",
        s.app.address,
        s.admin("/articles/nouveau")
    ))
    .await;
    wait_until(
        &b,
        "window.e5Editeur && document.querySelector('.ce-paragraph')",
    )
    .await;
    b.find("#f-title")
        .await
        .type_text("Bien choisir son linge en lin lavé")
        .await;
    // Type in the first paragraph like a person, then add blocks through the editor's API
    // (the same calls its toolbox makes).
    b.find(".ce-paragraph").await.click().await;
    b.find(".ce-paragraph")
        .await
        .type_text("Le lin lavé est doux dès le premier jour.")
        .await;
    let text = long_text(80);
    b.script(
        "const ed = window.e5Editeur;
         ed.blocks.insert('header', {text: 'Pourquoi le lin lavé', level: 2});
         ed.blocks.insert('paragraph', {text: arguments[0]});
         ed.blocks.insert('image', {media_id: 3, alt: 'Draps en lin bleu Loire', caption: 'Notre linge de lit'});
         ed.blocks.insert('paragraph', {text: arguments[0]});
         return true;",
        vec![json!(text)],
    )
    .await;
    wait_until(&b, "document.querySelectorAll('.ce-block').length >= 5").await;
    b.find("#f-meta_title")
        .await
        .type_text("Linge en lin lavé : comment bien le choisir")
        .await;
    b.find("#f-meta_description").await.type_text("Le lin lavé est doux, robuste et thermorégulateur : nos conseils d'atelier pour bien choisir vos draps et votre linge de maison en lin.").await;
    b.find("#f-focus_keyword").await.type_text("lin lavé").await;
    if let Some(dir) = &shots {
        b.script("window.scrollTo(0, 0); return true;", vec![])
            .await;
        b.screenshot(&dir.join("content-editor.png")).await;
    }
    // The sticky admin bar may cover the button in a short window: click it as a keyboard would.
    b.script("document.getElementById('bouton-publier').scrollIntoView({block: 'center'}); document.getElementById('bouton-publier').click(); return true;", vec![]).await;
    b.wait_for_text("Article publié.").await;
    if let Some(dir) = &shots {
        b.screenshot(&dir.join("content-editor-published.png"))
            .await;
    }
    let db = s.db().await;
    let (blocks, status): (String, String) = sqlx::query_as(
        "SELECT blocks, status FROM post WHERE slug = 'bien-choisir-son-linge-en-lin-lave'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(status, "publish");
    let words = e5_shop::content::blocks_text(&blocks)
        .split_whitespace()
        .count();
    assert!(words >= 150, "{words} words");
    assert!(blocks.contains("\"alt\":\"Draps en lin bleu Loire\""));
    assert_eq!(
        s.last_journal().await,
        "Article « Bien choisir son linge en lin lavé » publié"
    );
    b.goto(&format!(
        "{}{}",
        s.app.address,
        s.shop("/blog/bien-choisir-son-linge-en-lin-lave")
    ))
    .await;
    b.wait_for_text("Pourquoi le lin lavé").await;
    let title = b.script("return document.title;", vec![]).await;
    assert!(
        title
            .as_str()
            .unwrap()
            .starts_with("Linge en lin lavé : comment bien le choisir"),
        "{title}"
    );
    let alt = b
        .script(
            "return document.querySelector('.bloc-image img').alt;",
            vec![],
        )
        .await;
    assert_eq!(alt, json!("Draps en lin bleu Loire"));
    if let Some(dir) = &shots {
        b.screenshot(&dir.join("content-storefront-article.png"))
            .await;
        let post_id: i64 = sqlx::query_scalar(
            "SELECT id FROM post WHERE slug = 'bien-choisir-son-linge-en-lin-lave'",
        )
        .fetch_one(&db)
        .await
        .unwrap();
        for (path, wait, file) in [
            ("/articles".to_owned(), "Tous (", "content-articles.png"),
            (
                "/commentaires".to_owned(),
                "Commentaires",
                "content-comments.png",
            ),
            ("/medias".to_owned(), "Téléverser", "content-media.png"),
            (
                "/reglages/lecture".to_owned(),
                "La page d'accueil affiche",
                "content-reading.png",
            ),
            (
                format!("/articles/{post_id}#seo-analyse"),
                "Référencement",
                "content-seo-panel.png",
            ),
        ] {
            b.goto(&format!("{}{}", s.app.address, s.admin(&path)))
                .await;
            b.wait_for_text(wait).await;
            if file == "content-seo-panel.png" {
                b.script(
                    "document.querySelector('.panneau-seo').scrollIntoView(); return true;",
                    vec![],
                )
                .await;
            }
            b.screenshot(&dir.join(file)).await;
        }
        b.goto(&format!("{}{}", s.app.address, s.admin("/apparence/menus")))
            .await;
        b.wait_for_text("Ajouter un élément").await;
        b.screenshot(&dir.join("content-menus.png")).await;
    }
}

#[tokio::test]
async fn the_richer_blocks_render_on_the_storefront_in_a_real_browser() {
    let Some(b) = browser::start().await else {
        return;
    };
    let s = Site::new().await;
    let user = s.signed_in(ADMIN).await;
    let blocks = json!([
        {"type": "cover", "data": {"media_id": 3, "title": "Les soldes d'hiver", "text": "Jusqu'à −30 % sur le linge de lit", "button": "Voir le linge de lit", "url": "/categorie/linge-de-lit"}},
        {"type": "countdown", "data": {"date": "2099-01-01 00:00", "title": "Fin des soldes dans", "ended": "Les soldes sont terminées"}},
        {"type": "columns", "data": {"columns": [{"title": "Fabriqué à Cholet", "text": "Coupé et cousu dans notre atelier."}, {"title": "Lin européen", "text": "Certifié Masters of Linen."}]}},
        {"type": "table", "data": {"withHeadings": true, "content": [["Taille", "Matelas"], ["140 × 190", "1 personne et demie"], ["160 × 200", "2 personnes"]]}},
        {"type": "faq", "data": {"items": [{"question": "Livrez-vous en Belgique ?", "answer": "Oui, en 3 à 5 jours."}, {"question": "Puis-je retourner un article ?", "answer": "Sous 30 jours."}]}},
        {"type": "testimonials", "data": {"items": [{"name": "Claire", "role": "cliente à Nantes", "text": "Des draps magnifiques."}, {"name": "Marc", "role": "client à Lyon", "text": "Livraison rapide."}]}},
        {"type": "team", "data": {"items": [{"name": "Hélène Guérin", "role": "Présidente", "bio": "Petite-fille du fondateur."}, {"name": "Antoine Pineau", "role": "Chef d'atelier", "bio": "Tisserand."}]}},
        {"type": "gallery", "data": {"items": [{"media_id": 3, "alt": "Draps"}, {"media_id": 4, "alt": "Nappe"}]}},
        {"type": "map", "data": {"label": "Notre atelier", "address": "18 rue des Tisserands", "town": "Cholet"}},
        {"type": "button", "data": {"text": "Nous écrire", "url": "/contact"}},
        {"type": "form", "data": {"kind": "newsletter", "title": "Restez informé"}}
    ])
    .to_string();
    let (ok, _) = user
        .post(
            &s.admin("/pages/nouveau"),
            &[
                ("title", "Vitrine des blocs"),
                ("blocks", &blocks),
                ("action", "publish"),
                ("breadcrumb", "1"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    b.goto(&format!(
        "{}{}",
        s.app.address,
        s.shop("/page/vitrine-des-blocs")
    ))
    .await;
    b.wait_for_text("Fin des soldes dans").await;
    // The countdown ticks in the browser.
    wait_until(
        &b,
        "/\\d+ j \\d+ h/.test(document.querySelector('.bloc-compte-a-rebours .reste').textContent)",
    )
    .await;
    let marker = b
        .script(
            "return document.querySelectorAll('.bloc-carte .repere').length;",
            vec![],
        )
        .await;
    assert_eq!(marker, json!(1));
    if let Ok(dir) = std::env::var("E5_SCREENSHOTS") {
        let dir = std::path::PathBuf::from(dir);
        b.screenshot(&dir.join("content-blocks-1.png")).await;
        b.script("window.scrollBy(0, 700); return true;", vec![])
            .await;
        b.screenshot(&dir.join("content-blocks-2.png")).await;
        b.script("window.scrollBy(0, 700); return true;", vec![])
            .await;
        b.screenshot(&dir.join("content-blocks-3.png")).await;
        b.script("window.scrollBy(0, 700); return true;", vec![])
            .await;
        b.screenshot(&dir.join("content-blocks-4.png")).await;
    }
}

#[tokio::test]
async fn every_content_menu_entry_answers_in_french() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN).await;
    let admin = s.admin("/");
    let links_of = |body: &str| -> Vec<String> {
        body.replace("&#x2F;", "/")
            .split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|h| h.starts_with(&admin) && !h.contains("/boutique") && !h.ends_with(".csv"))
            .map(|h| h.split(['#', '?']).next().unwrap_or(h).to_owned())
            .collect()
    };
    let mut links = links_of(&user.get(&admin).await.body);
    let mut seen = std::collections::BTreeSet::new();
    while let Some(link) = links.pop() {
        if !seen.insert(link.clone()) || seen.len() > 80 {
            continue;
        }
        let page = user.get(&link).await;
        assert_eq!(page.status, 200, "{link}");
        assert!(page.body.contains("lang=\"fr\""), "{link}");
        if link.matches('/').count() <= 5 {
            links.extend(links_of(&page.body));
        }
    }
    for wanted in [
        "/articles/categories",
        "/articles/etiquettes",
        "/apparence/accueil",
        "/apparence/widgets",
        "/reglages/confidentialite",
        "/utilisateurs",
        "/newsletter",
        "/commentaires",
    ] {
        assert!(
            seen.contains(&s.admin(wanted)),
            "{wanted} reached from the menus"
        );
    }
}
