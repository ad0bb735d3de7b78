//! Articles: written, published, edited, restored, trashed; private drafts and scheduling;
//! bad editor content refused; hostile HTML inert.

use super::*;
use crate::helpers::Page;
use crate::helpers::{one, one_for, row};

#[tokio::test]
async fn an_article_is_written_published_edited_restored_and_trashed() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN_EMAIL).await;
    let (db, id) = an_article_is_written_and_published(&s, &user).await;
    the_storefront_shows_it_at_once(&s, &user, &db, id).await;
    the_article_is_edited_restored_and_trashed(&s, &user, &db, id).await;
}

async fn an_article_is_written_and_published(s: &Site, user: &Shopper) -> (SqlitePool, i64) {
    let form = user.get_ok(&s.admin("/articles/nouveau")).await;
    form.shows("Ajouter un article")
        .shows("Expression clé principale");

    let blocks = article_blocks();
    let editor = user.post_shows(
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
        "Article publié.",
    )
    .await;
    assert!(
        editor.body.contains("Modifier l&#x27;article")
            || editor.body.contains("Modifier l'article")
    );
    assert!(
        editor.body.contains("Bon") || editor.body.contains("Correct"),
        "SEO light shown"
    );
    s.journal_is("Article « Entretenir le lin lavé » publié")
        .await;
    let db = s.db().await;
    let (id, slug, status, author): (i64, String, String, i64) = row(
        &db,
        "SELECT id, slug, status, author_id FROM post WHERE title = 'Entretenir le lin lavé'",
    )
    .await;
    assert_eq!(
        (slug.as_str(), status.as_str(), author),
        ("entretenir-le-lin-lave", "publish", 1)
    );
    let tags: i64 = one_for(&db, "SELECT COUNT(*) FROM post_term pt JOIN term t ON t.id = pt.term_id WHERE pt.post_id = ? AND t.taxonomy = 'tag'", id).await;
    assert_eq!(tags, 2);

    (db, id)
}

async fn the_storefront_shows_it_at_once(s: &Site, user: &Shopper, db: &SqlitePool, id: i64) {
    // The storefront shows it at once, with its SEO title, description, heading, image alt.
    let page = s.visitor("/blog/entretenir-le-lin-lave").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<title>Entretenir le lin lavé : les conseils de l&#x27;atelier – Les Toiles de Loire</title>") || page.body.contains("<title>Entretenir le lin lavé : les conseils de l'atelier"), "SEO title");
    page.shows("<meta name=\"description\" content=\"Lavage, séchage")
        .shows("<h2>Bien laver le lin lavé</h2>")
        .shows("alt=\"Pile de draps en lin\"");
    assert!(page.body.contains("fil-ariane"), "breadcrumb on");
    assert!(page.body.contains("Hélène Guérin"), "author shown");
    let blog = s.visitor("/blog").await;
    blog.shows("Entretenir le lin lavé");

    // Edit: the old text becomes a revision; breadcrumb off.
    user.post_ok(
        &s.admin(&format!("/articles/{id}")),
        "title=Entretenir le lin lavé (mis à jour)&slug=entretenir-le-lin-lave&blocks=[]&action=publish&comments_open=1",
    )
    .await;
    // The summary says what changed (the form sent no excerpt, SEO fields or categories).
    s.journal_is(
        "Article « Entretenir le lin lavé (mis à jour) » mis à jour : titre (« Entretenir le lin lavé » → \
         « Entretenir le lin lavé (mis à jour) »), contenu, extrait, référencement (titre SEO, \
         méta-description, expression clé), catégories et étiquettes",
    )
    .await;
    // Saved again as it is: nothing changed, nothing journalled.
    let journal: i64 = one(db, "SELECT COUNT(*) FROM journal").await;
    user.post_ok(
        &s.admin(&format!("/articles/{id}")),
        "title=Entretenir le lin lavé (mis à jour)&slug=entretenir-le-lin-lave&blocks=[]&action=publish&comments_open=1",
    )
    .await;
    assert_eq!(
        one::<i64>(db, "SELECT COUNT(*) FROM journal").await,
        journal
    );
    // Pinned, comments closed: said as such.
    user.post_ok(
        &s.admin(&format!("/articles/{id}")),
        "title=Entretenir le lin lavé (mis à jour)&slug=entretenir-le-lin-lave&blocks=[]&action=publish&sticky=1",
    )
    .await;
    s.journal_is(
        "Article « Entretenir le lin lavé (mis à jour) » mis à jour : épinglé en haut du blog, commentaires fermés",
    )
    .await;
    let page = s.visitor("/blog/entretenir-le-lin-lave").await;
    assert!(!page.body.contains("fil-ariane"), "breadcrumb off");
    page.lacks("Bien laver");
    // The first revision: the text as first published.
    let rev: i64 = one_for(
        db,
        "SELECT id FROM post_revision WHERE post_id = ? ORDER BY id LIMIT 1",
        id,
    )
    .await;
    user.post_ok(&s.admin(&format!("/articles/{id}/revisions/{rev}")), "")
        .await;
    assert!(
        s.last_journal().await.contains("révision du"),
        "restore journaled"
    );
}

async fn the_article_is_edited_restored_and_trashed(
    s: &Site,
    user: &Shopper,
    db: &SqlitePool,
    id: i64,
) {
    let page = s.visitor("/blog/entretenir-le-lin-lave").await;
    assert!(
        page.body.contains("<h2>Bien laver le lin lavé</h2>"),
        "restored text shown"
    );

    // Trash: gone from the storefront; then deleted for good.
    user.post_ok(&s.admin(&format!("/articles/{id}/supprimer")), "")
        .await;
    s.journal_is("Article « Entretenir le lin lavé » mis à la corbeille")
        .await;
    assert_eq!(s.visitor("/blog/entretenir-le-lin-lave").await.status, 404);
    user.post(&s.admin(&format!("/articles/{id}/supprimer")), "")
        .await;
    s.journal_is("Article « Entretenir le lin lavé » supprimé définitivement")
        .await;
    let left: i64 = one_for(db, "SELECT COUNT(*) FROM post WHERE id = ?", id).await;
    assert_eq!(left, 0);
}

#[tokio::test]
async fn drafts_are_private_previewable_and_scheduling_is_journaled() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN_EMAIL).await;
    a_draft_page_is_created(&s, &user).await;
    the_dashboard_counts_the_draft_and_scheduling_is_journaled(&s, &user).await;
}

async fn a_draft_page_is_created(s: &Site, user: &Shopper) {
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
    s.journal_is("Page « Nos ateliers d'été » enregistrée comme brouillon")
        .await;
    assert_eq!(s.visitor("/page/nos-ateliers-d-ete").await.status, 404);
    let id: i64 = saved
        .location
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let preview = user.get_ok(&s.admin(&format!("/pages/{id}/apercu"))).await;
    preview
        .shows("Aperçu")
        .shows("<h2>Bien laver le lin lavé</h2>");
    user.post_ok(
        &s.admin(&format!("/pages/{id}")),
        "title=Nos ateliers d'été&slug=nos-ateliers-d-ete&blocks=[]&action=schedule&publish_at=2099-06-01T09:30",
    )
    .await;
    s.journal_is("Page « Nos ateliers d'été » planifiée pour le 1er juin 2099 à 9 h 30")
        .await;
}

async fn the_dashboard_counts_the_draft_and_scheduling_is_journaled(s: &Site, user: &Shopper) {
    assert_eq!(
        s.visitor("/page/nos-ateliers-d-ete").await.status,
        404,
        "not before its date"
    );
    // The dashboard counts it and offers a quick draft.
    let dash = user.get(&s.admin("/")).await;
    dash.shows("D'un coup d'œil")
        .shows("2 planifiés")
        .shows("Brouillon rapide")
        .shows("Dernières commandes")
        .shows("Messages clients");
    user.post_ok(
        &s.admin("/articles/brouillon-rapide"),
        "title=Idée : nappes de Noël&text=Premier jet.\n\nDeuxième paragraphe.",
    )
    .await;
    s.journal_is("Article « Idée : nappes de Noël » enregistré comme brouillon")
        .await;
}

#[tokio::test]
async fn bad_editor_content_is_refused_in_french_and_changes_nothing() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN_EMAIL).await;
    let db = s.db().await;
    let before: i64 = one(&db, "SELECT COUNT(*) FROM journal").await;
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
            "title=Test&blocks={not json&action=draft",
        )
        .await;
    refused.shows("illisible");
    let (refused, _) = user
        .post(
            &s.admin("/articles/nouveau"),
            "title=Test&slug=Mauvais Slug!&blocks=[]&action=draft",
        )
        .await;
    assert!(refused.body.contains("slug"), "bad slug explained");
    let (refused, _) = user
        .post(
            &s.admin("/articles/nouveau"),
            "title=Test&slug=entretenir-linge-lin&blocks=[]&action=draft",
        )
        .await;
    assert!(refused.body.contains("déjà utilisée"), "slug taken");
    let after: i64 = one(&db, "SELECT COUNT(*) FROM journal").await;
    assert_eq!(before, after);
}

#[tokio::test]
async fn hostile_html_in_every_field_and_block_comes_out_inert() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN_EMAIL).await;
    let e = EVIL;
    let editor = an_article_full_of_hostile_html_is_saved(&s, &user, e).await;
    the_json_in_the_editor_page_cannot_close(&s, &user, e, &editor).await;
}

async fn an_article_full_of_hostile_html_is_saved(s: &Site, user: &Shopper, e: &str) -> Page {
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
    let editor = user
        .post_ok(
            &s.admin("/articles/nouveau"),
            &[
                ("title", &*title),
                ("slug", "piege"),
                ("blocks", &*blocks),
                ("action", "publish"),
                ("meta_title", e),
                ("meta_description", e),
                ("focus_keyword", e),
                ("excerpt", e),
                ("tags", e),
            ],
        )
        .await;
    assert_inert(&editor.body, &[]);
    editor.shows("id=\"donnees-blocs\"");
    editor
}

async fn the_json_in_the_editor_page_cannot_close(
    s: &Site,
    user: &Shopper,
    e: &str,
    editor: &Page,
) {
    // The JSON in the editor page cannot close its script element.
    let start = editor.body.find("id=\"donnees-blocs\">").unwrap();
    let end = editor.body[start..].find("</script>").unwrap();
    assert!(
        !editor.body[start..start + end].contains('<'),
        "no raw < in the blocks JSON"
    );
    let page = s.visitor("/blog/piege").await;
    assert_eq!(page.status, 200);
    assert_inert(&page.body, &[]);
    assert!(
        page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "shown as text"
    );
    for path in ["/articles", "/", "/medias"] {
        let p = user.get_ok(&s.admin(path)).await;
        assert_inert(&p.body, &[]);
    }
    let blog = s.visitor("/blog").await;
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
    assert_inert(&s.visitor("/blog").await.body, &[]);
}

/// The storefront's `<title>` adds the site's name after a title that does not hold it, and
/// never twice (the SEO panel measures it the same way).
#[tokio::test]
async fn the_page_title_carries_the_site_name_once() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN_EMAIL).await;
    for (title, slug, meta, shown) in [
        (
            "Linge de saison",
            "linge-de-saison",
            "Linge de saison | Les Toiles de Loire",
            "Linge de saison | Les Toiles de Loire",
        ),
        (
            "Draps en percale",
            "draps-en-percale",
            "",
            "Draps en percale – Les Toiles de Loire",
        ),
    ] {
        user.post_ok(
            &s.admin("/articles/nouveau"),
            &[
                ("title", title),
                ("slug", slug),
                ("blocks", "[]"),
                ("action", "publish"),
                ("meta_title", meta),
            ],
        )
        .await;
        s.visitor(&format!("/blog/{slug}"))
            .await
            .shows(&format!("<title>{shown}</title>"));
    }
}

/// "Nous contacter" shows the Contact page's own content above the form, so that what the
/// candidate adds to that page (a map, opening hours) is what visitors see there.
#[tokio::test]
async fn the_contact_form_shows_the_contact_page_content() {
    let s = Site::new().await;
    s.visitor("/contact")
        .await
        .shows("Visiter l&#39;atelier")
        .shows("Destinataire");
    let user = s.signed_in(ADMIN_EMAIL).await;
    let id: i64 = one(
        &s.db().await,
        "SELECT id FROM post WHERE kind = 'page' AND slug = 'contact'",
    )
    .await;
    let blocks =
        json!([{"type": "paragraph", "data": {"text": "Plan d'accès : parking rue Nationale"}}])
            .to_string();
    user.post_ok(
        &s.admin(&format!("/pages/{id}")),
        &[
            ("title", "Contact"),
            ("slug", "contact"),
            ("blocks", &blocks),
            ("action", "publish"),
        ],
    )
    .await;
    s.visitor("/contact")
        .await
        .shows("Plan d&#39;accès : parking rue Nationale")
        .shows("Destinataire")
        .lacks("Visiter l&#39;atelier");
}
