//! The block editor in headless Chromium: an article written and published, richer blocks
//! rendered on the storefront.

use super::*;
use crate::browser::Browser;
use crate::helpers::{one, row};

#[tokio::test]
async fn a_candidate_writes_and_publishes_an_article_with_the_block_editor() {
    let Some(b) = browser::start().await else {
        return;
    };
    let (s, shots) = the_candidate_signs_in_and_types_an_article(&b).await;
    let db = the_sticky_admin_bar_may_cover_the_button(&b, &s, &shots).await;
    the_other_content_screens_in_a_browser(&b, &s, &shots, &db).await;
}

async fn the_candidate_signs_in_and_types_an_article(
    b: &Browser,
) -> (Site, Option<std::path::PathBuf>) {
    let s = Site::new().await;
    let shots = std::env::var("E5_SCREENSHOTS")
        .ok()
        .map(std::path::PathBuf::from);
    sign_in_browser(b, &s).await;
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
        b,
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
    wait_until(b, "document.querySelectorAll('.ce-block').length >= 5").await;
    b.find("#f-meta_title")
        .await
        .type_text("Linge en lin lavé : comment bien le choisir")
        .await;
    b.find("#f-meta_description").await.type_text("Le lin lavé est doux, robuste et thermorégulateur : nos conseils d'atelier pour bien choisir vos draps et votre linge de maison en lin.").await;
    b.find("#f-focus_keyword").await.type_text("lin lavé").await;
    if let Some(dir) = &shots {
        b.run("window.scrollTo(0, 0); return true;").await;
        b.screenshot(&dir.join("content-editor.png")).await;
    }
    (s, shots)
}

async fn the_sticky_admin_bar_may_cover_the_button(
    b: &Browser,
    s: &Site,
    shots: &Option<std::path::PathBuf>,
) -> SqlitePool {
    // The sticky admin bar may cover the button in a short window: click it as a keyboard would.
    b.run("document.getElementById('bouton-publier').scrollIntoView({block: 'center'}); document.getElementById('bouton-publier').click(); return true;").await;
    b.wait_for_text("Article publié.").await;
    if let Some(dir) = &shots {
        b.screenshot(&dir.join("content-editor-published.png"))
            .await;
    }
    let db = s.db().await;
    let (blocks, status): (String, String) = row(
        &db,
        "SELECT blocks, status FROM post WHERE slug = 'bien-choisir-son-linge-en-lin-lave'",
    )
    .await;
    assert_eq!(status, "publish");
    let words = e5_shop::content::blocks_text(&blocks)
        .split_whitespace()
        .count();
    assert!(words >= 150, "{words} words");
    assert!(blocks.contains("\"alt\":\"Draps en lin bleu Loire\""));
    s.journal_is("Article « Bien choisir son linge en lin lavé » publié")
        .await;
    b.visit(
        &format!(
            "{}{}",
            s.app.address,
            s.shop("/blog/bien-choisir-son-linge-en-lin-lave")
        ),
        "Pourquoi le lin lavé",
    )
    .await;
    let title = b.run("return document.title;").await;
    assert!(
        title
            .as_str()
            .unwrap()
            .starts_with("Linge en lin lavé : comment bien le choisir"),
        "{title}"
    );
    let alt = b
        .run("return document.querySelector('.bloc-image img').alt;")
        .await;
    assert_eq!(alt, json!("Draps en lin bleu Loire"));
    db
}

async fn the_other_content_screens_in_a_browser(
    b: &Browser,
    s: &Site,
    shots: &Option<std::path::PathBuf>,
    db: &SqlitePool,
) {
    if let Some(dir) = &shots {
        b.screenshot(&dir.join("content-storefront-article.png"))
            .await;
        let post_id: i64 = one(
            db,
            "SELECT id FROM post WHERE slug = 'bien-choisir-son-linge-en-lin-lave'",
        )
        .await;
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
            b.visit(&format!("{}{}", s.app.address, s.admin(&path)), wait)
                .await;
            if file == "content-seo-panel.png" {
                b.run("document.querySelector('.panneau-seo').scrollIntoView(); return true;")
                    .await;
            }
            b.screenshot(&dir.join(file)).await;
        }
        b.visit(
            &format!("{}{}", s.app.address, s.admin("/apparence/menus")),
            "Ajouter un élément",
        )
        .await;
        b.screenshot(&dir.join("content-menus.png")).await;
    }
}

#[tokio::test]
async fn the_richer_blocks_render_on_the_storefront_in_a_real_browser() {
    let Some(b) = browser::start().await else {
        return;
    };
    let s = Site::new().await;
    let user = s.signed_in(ADMIN_EMAIL).await;
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
    user.post_ok(
        &s.admin("/pages/nouveau"),
        &[
            ("title", "Vitrine des blocs"),
            ("blocks", &blocks),
            ("action", "publish"),
            ("breadcrumb", "1"),
        ],
    )
    .await;
    b.visit(
        &format!("{}{}", s.app.address, s.shop("/page/vitrine-des-blocs")),
        "Fin des soldes dans",
    )
    .await;
    // The countdown ticks in the browser.
    wait_until(
        &b,
        "/\\d+ j \\d+ h/.test(document.querySelector('.bloc-compte-a-rebours .reste').textContent)",
    )
    .await;
    let marker = b
        .run("return document.querySelectorAll('.bloc-carte .repere').length;")
        .await;
    assert_eq!(marker, json!(1));
    if let Ok(dir) = std::env::var("E5_SCREENSHOTS") {
        let dir = std::path::PathBuf::from(dir);
        b.screenshot(&dir.join("content-blocks-1.png")).await;
        b.run("window.scrollBy(0, 700); return true;").await;
        b.screenshot(&dir.join("content-blocks-2.png")).await;
        b.run("window.scrollBy(0, 700); return true;").await;
        b.screenshot(&dir.join("content-blocks-3.png")).await;
        b.run("window.scrollBy(0, 700); return true;").await;
        b.screenshot(&dir.join("content-blocks-4.png")).await;
    }
}

/// One count of words for one page: the editor's counter (in the browser), the SEO panel
/// and a subject's check agree on an article made of every kind of text block (banner,
/// table, FAQ, columns, list, quote…); the check sees the banner's picture as an image.
#[tokio::test]
async fn the_editor_the_seo_panel_and_the_checks_count_the_same_words() {
    let Some(b) = browser::start().await else {
        return;
    };
    let s = Site::new().await;
    let user = s.signed_in(ADMIN_EMAIL).await;
    let blocks = json!([
        {"type": "cover", "data": {"media_id": 3, "alt": "Draps en lin", "title": "Le lin <b>lavé</b>", "text": "Tout savoir avant d'acheter", "button": "Voir la collection", "url": "/categorie/draps-housses"}},
        {"type": "paragraph", "data": {"text": format!("Le lin&nbsp;lavé est notre matière préférée. {}", long_text(60))}},
        {"type": "header", "data": {"text": "Questions fréquentes", "level": 2}},
        {"type": "faq", "data": {"items": [{"question": "Peut-on le laver à 60 °C ?", "answer": "Oui, mais 40 °C suffit."}]}},
        {"type": "table", "data": {"withHeadings": true, "content": [["Taille", "Prix"], ["140 × 190", "89 €"]]}},
        {"type": "columns", "data": {"columns": [{"title": "Atelier", "text": "À Cholet depuis 1962"}, {"title": "Lin", "text": "Cultivé en Normandie"}]}},
        {"type": "list", "data": {"style": "unordered", "items": [{"content": "doux", "items": [{"content": "et solide"}]}]}},
        {"type": "quote", "data": {"text": "Le plus beau des draps", "caption": "Une cliente"}},
        {"type": "button", "data": {"text": "Nous contacter", "url": "/contact"}}
    ])
    .to_string();
    let editor = user
        .post_shows(
            &s.admin("/articles/nouveau"),
            &[
                ("title", "Tout sur le lin lavé"),
                ("slug", ""),
                ("blocks", &blocks),
                ("action", "publish"),
                ("term", "1"),
            ],
            "Article publié.",
        )
        .await;
    let expected = e5_domain::blocks::word_count(&e5_domain::blocks::visible_text(&blocks));
    editor.shows(&format!("{expected} mots</p>"));
    editor.shows(&format!("Texte : {expected} mots"));

    // The check of subject A's row 1a, aimed at this article, counts the same words.
    let source = std::fs::read_to_string(
        crate::helpers::repo_root().join("subjects/sujet-a-contenu-article-lin.toml"),
    )
    .unwrap()
    .replacen(
        "kind = \"post_published\"\n",
        "kind = \"post_published\"\nslug = \"tout-sur-le-lin-lave\"\n",
        1,
    );
    let subject =
        e5_subjects::Subject::parse(std::path::Path::new("sujet-a.toml"), &source).unwrap();
    let rows = e5_subjects::evaluate(&subject, &s.t.open(s.id).await).await;
    let evidence = &rows.iter().find(|r| r.row_id == "1a").unwrap().checks[0].evidence;
    assert!(evidence.contains(&format!("{expected} mots")), "{evidence}");
    assert!(
        evidence.contains("1 image avec texte alternatif"),
        "the banner's picture: {evidence}"
    );

    // The editor's own counter, in the browser, once the editor has read the blocks.
    sign_in_browser(&b, &s).await;
    let id: i64 = one(&s.t.open(s.id).await, "SELECT MAX(id) FROM post").await;
    b.goto(&format!(
        "{}{}",
        s.app.address,
        s.admin(&format!("/articles/{id}"))
    ))
    .await;
    wait_until(
        &b,
        &format!("document.getElementById('compte-mots').textContent === '{expected} mots'"),
    )
    .await;
}

/// The block inserter as a WordPress user types it: "/" in an empty paragraph, then a few
/// letters of the block's name ("inter" or "titre" both find the Intertitre, as in the
/// product editor), then Enter inserts it.
#[tokio::test]
async fn the_slash_inserter_finds_the_heading_by_either_name_and_enter_inserts_it() {
    let Some(b) = browser::start().await else {
        return;
    };
    // Kept alive: its server serves the page.
    let _site = new_article_in_browser(&b).await;
    for typed in ["inter", "titre"] {
        b.find(".ce-block:last-child .ce-paragraph")
            .await
            .click()
            .await;
        b.find(".ce-block:last-child .ce-paragraph")
            .await
            .type_text("/")
            .await;
        wait_until(&b, "document.querySelector('.ce-popover--opened')").await;
        b.press(typed).await;
        wait_until(
            &b,
            "[...document.querySelectorAll('.ce-popover--opened .ce-popover-item')]
               .some(i => i.offsetParent !== null && i.textContent.includes('Intertitre'))",
        )
        .await;
    }
    let headings_before = b
        .run("return document.querySelectorAll('.ce-header').length")
        .await;
    assert_eq!(headings_before, 0);
    b.press("\u{E007}").await;
    wait_until(&b, "document.querySelectorAll('.ce-header').length === 1").await;
}

/// The "Fichier à télécharger" block picks its file from the media library (it was a bare
/// text box, whose number never reached the page); the file chosen is saved as a media id.
#[tokio::test]
async fn the_file_block_picks_its_file_from_the_media_library() {
    let Some(b) = browser::start().await else {
        return;
    };
    // Kept alive: its server serves the page.
    let _site = new_article_in_browser(&b).await;
    b.run("window.e5Editeur.blocks.insert('file', {title: 'Le catalogue'}); return true;")
        .await;
    wait_until(
        &b,
        "[...document.querySelectorAll('.ce-block select.bloc-saisie')].some(s => s.options.length > 1)",
    )
    .await;
    let saved = b
        .script_async(
            "const done = arguments[arguments.length - 1];
             const s = [...document.querySelectorAll('.ce-block select.bloc-saisie')].find(s => s.options.length > 1);
             s.value = s.options[1].value;
             window.e5Editeur.save().then(d => done(d.blocks.find(x => x.type === 'file').data));",
        )
        .await;
    assert!(saved["media_id"].as_i64().is_some(), "{saved}");
    assert_eq!(saved["title"], "Le catalogue");
}

/// The search-result preview of a new article: the address follows the title while the
/// slug is empty (never a bare "/blog/"), and the title carries the site's name once.
#[tokio::test]
async fn the_search_preview_of_a_new_article_shows_its_future_address_and_title() {
    let Some(b) = browser::start().await else {
        return;
    };
    // Kept alive: its server serves the page.
    let _site = new_article_in_browser(&b).await;
    b.find("#g-slug").await;
    b.find("#f-title").await.type_text("Été en lin").await;
    wait_until(
        &b,
        "document.getElementById('g-slug').textContent === 'ete-en-lin' \
         && document.getElementById('g-titre').textContent === 'Été en lin – Les Toiles de Loire'",
    )
    .await;
}

/// The site's administrator signed in to its back-office in `b`.
async fn sign_in_browser(b: &Browser, s: &Site) {
    b.sign_in(
        &format!("{}{}", s.app.address, s.admin("/")),
        ADMIN_EMAIL,
        "D'un coup d'œil",
    )
    .await;
}

/// A new site, its administrator signed in in `b`, on a new article with the block editor
/// ready.
async fn new_article_in_browser(b: &Browser) -> Site {
    let s = Site::new().await;
    sign_in_browser(b, &s).await;
    b.goto(&format!(
        "{}{}",
        s.app.address,
        s.admin("/articles/nouveau")
    ))
    .await;
    wait_until(
        b,
        "window.e5Editeur && document.querySelector('.ce-paragraph')",
    )
    .await;
    s
}
