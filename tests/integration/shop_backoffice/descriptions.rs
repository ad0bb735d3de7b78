//! Product descriptions written with the block editor, shown inert on the storefront.

use super::*;
use crate::browser::Browser;
use crate::helpers::{one, row};

#[tokio::test]
async fn the_description_is_edited_with_the_block_editor_and_shown_inert_on_the_storefront() {
    let s = Site::new().await;
    let slug = a_plain_text_description_opens_as_paragraphs(&s).await;
    let blocks = the_editor_posts_blocks_hostile_markup_inside_them(&s, &slug).await;
    bad_editor_content_a_french_message_nothing_changed(&s, &blocks).await;
    without_javascript_the_unchanged_textarea_keeps_the_blocks(&s, &slug, &blocks).await;
}

async fn a_plain_text_description_opens_as_paragraphs(s: &Site) -> String {
    // A reference product: its plain-text description opens in the editor as paragraphs.
    let (first_words, slug): (String, String) = row(
        &s.db,
        "SELECT substr(description, 1, 30), slug FROM product WHERE id = 1",
    )
    .await;
    let form = s.admin.get_ok(&s.admin_path("/catalogue/produits/1")).await;
    form.shows("id=\"editeur-description\"")
        .shows("id=\"editeur-summary\"")
        .shows("/assets/vendor/editorjs.umd.js");
    assert!(
        form.body.contains("name=\"description\""),
        "the textarea stays for a browser without JavaScript"
    );
    let start = form.body.find("id=\"blocs-description\">").unwrap();
    let opening = &form.body[start..start + 400];
    assert!(opening.contains("\"type\":\"paragraph\""), "{opening}");
    let escaped_start: String = first_words.chars().take(15).collect();
    assert!(
        opening.contains(&escaped_start.replace('\'', "\\u0027"))
            || opening.contains(&escaped_start),
        "the stored text is converted into blocks on load: {opening}"
    );

    slug
}

async fn the_editor_posts_blocks_hostile_markup_inside_them(s: &Site, slug: &str) -> String {
    // The editor posts blocks; hostile markup inside them must come out inert.
    let description = json!([
        {"type": "paragraph", "data": {"text": "Un drap housse en <b>lin lavé</b>, doux dès le premier jour.<script>alert('x')</script><img src=x onerror=alert(1)>"}},
        {"type": "header", "data": {"text": "Entretien", "level": 2}},
        {"type": "list", "data": {"style": "unordered", "items": [
            {"content": "Lavage à 40 °C", "items": [], "meta": {}},
            {"content": "<a href=\"javascript:alert(2)\">Séchage</a> à l'air libre", "items": [], "meta": {}}
        ]}},
        {"type": "quote", "data": {"text": "Le lin se transmet.", "caption": "L'atelier"}}
    ])
    .to_string();
    let summary = json!([{"type": "paragraph", "data": {"text": "Le drap housse <i>best-seller</i> de l'atelier."}}])
        .to_string();
    let mut fields = s.product_fields(1).await;
    fields.push(("description_blocks".into(), description.clone()));
    fields.push(("summary_blocks".into(), summary));
    let (saved, page) = s.save_product(1, &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    page.shows("enregistré");
    let (text, blocks, summary_text): (String, String, String) = row(
        &s.db,
        "SELECT description, description_blocks, summary FROM product WHERE id = 1",
    )
    .await;
    assert!(blocks.contains("\"type\":\"header\""), "{blocks}");
    assert!(
        text.starts_with("Un drap housse en lin lavé, doux dès le premier jour.")
            && text.contains("\n\nEntretien\n\nLavage à 40 °C\nSéchage à l'air libre"),
        "the plain text follows the blocks for searches and subject checks: {text:?}"
    );
    assert_eq!(summary_text, "Le drap housse best-seller de l'atelier.");
    let journal = s.last_summary().await;
    assert!(
        journal.starts_with("Produit « Drap housse en lin lavé — Écru » modifié")
            && journal.contains("résumé (")
            && journal.contains("description ("),
        "{journal}"
    );

    let shown = s.visitor(&format!("/produit/{slug}")).await;
    assert_eq!(shown.status, 200);
    shown
        .shows("<h2>Entretien</h2>")
        .shows("<strong>lin lavé</strong>")
        .shows("<li>Lavage à 40 °C</li>")
        .shows("<em>best-seller</em>")
        .lacks("<script>alert('x')")
        .lacks("onerror=alert")
        .lacks("javascript:alert");

    blocks
}

async fn bad_editor_content_a_french_message_nothing_changed(s: &Site, blocks: &str) {
    // Bad editor content: a French message, nothing changed, nothing journaled.
    let journal_rows = s.journal_count().await;
    let mut bad = s.product_fields(1).await;
    bad.push(("description_blocks".into(), "{pas du json".into()));
    let (refused, _) = s.save_product(1, &bad).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("Description : Le contenu de l&#x27;éditeur est illisible")
            || refused
                .body
                .contains("Description : Le contenu de l'éditeur est illisible"),
        "{}",
        refused.body
    );
    let mut wrong_block = s.product_fields(1).await;
    wrong_block.push((
        "summary_blocks".into(),
        json!([{"type": "header", "data": {"text": "Titre", "level": 2}}]).to_string(),
    ));
    let (refused, _) = s.save_product(1, &wrong_block).await;
    assert_eq!(refused.status, 422);
    refused.shows("Résumé : le bloc n° 1");
    assert_eq!(s.journal_count().await, journal_rows);
    let still: String = one(&s.db, "SELECT description_blocks FROM product WHERE id = 1").await;
    assert_eq!(still, blocks);
}

async fn without_javascript_the_unchanged_textarea_keeps_the_blocks(
    s: &Site,
    slug: &str,
    blocks: &str,
) {
    // Without JavaScript: the unchanged textarea keeps the blocks; an edited one replaces them.
    let fields = s.product_fields(1).await;
    let (saved, _) = s.save_product(1, &fields).await;
    assert_eq!(saved.status, 303);
    let kept: String = one(&s.db, "SELECT description_blocks FROM product WHERE id = 1").await;
    assert_eq!(kept, blocks, "an unchanged textarea keeps the formatting");
    let mut plain = s.product_fields(1).await;
    for (k, v) in &mut plain {
        if k == "description" {
            *v = "Premier paragraphe <script>x</script>.\n\nSecond paragraphe.".into();
        }
    }
    let (saved, _) = s.save_product(1, &plain).await;
    assert_eq!(saved.status, 303);
    let (text, blocks): (String, String) = row(
        &s.db,
        "SELECT description, description_blocks FROM product WHERE id = 1",
    )
    .await;
    assert_eq!(blocks, "");
    assert!(text.starts_with("Premier paragraphe"));
    let shown = s.visitor(&format!("/produit/{slug}")).await;
    shown.shows("<p>Premier paragraphe &lt;script&gt;x&lt;/script&gt;.</p>");
    shown.shows("<p>Second paragraphe.</p>");
}

#[tokio::test]
async fn a_description_typed_in_the_block_editor_appears_on_the_storefront() {
    let Some(b) = browser::start().await else {
        return;
    };
    let (s, shots) = the_description_is_typed_in_the_editor(&b).await;
    the_fallback_textarea_is_hidden_once_the_editor(&b).await;
    the_saved_description_is_on_the_storefront(&b, &s, &shots).await;
    the_prices_tab_and_the_module_pages_in_a_browser(&b, &s, &shots).await;
}

async fn the_description_is_typed_in_the_editor(b: &Browser) -> (Site, Option<std::path::PathBuf>) {
    let s = Site::new().await;
    let shots = std::env::var("E5_SCREENSHOTS")
        .ok()
        .map(std::path::PathBuf::from);
    b.set_window_size(1366, 900).await;
    b.sign_in(
        &format!("{}/s/{}/admin/", s.app.address, s.id),
        ADMIN_EMAIL,
        "D'un coup d'œil",
    )
    .await;
    b.goto(&format!(
        "{}{}",
        s.app.address,
        s.admin_path("/catalogue/produits/1")
    ))
    .await;
    wait_until(
        b,
        "window.e5EditeursProduit && document.querySelector('#editeur-description .ce-paragraph')",
    )
    .await;
    (s, shots)
}

async fn the_fallback_textarea_is_hidden_once_the_editor(b: &Browser) {
    // The fallback textarea is hidden once the editor runs; the counter counts words.
    assert_eq!(
        b.run("return document.getElementById('f-description').hidden;")
            .await,
        json!(true)
    );
    b.run("const p = document.querySelectorAll('#editeur-description .ce-paragraph'); p[p.length - 1].scrollIntoView({block: 'center'}); return true;")
    .await;
    b.find("#editeur-description .ce-paragraph:last-of-type")
        .await
        .click()
        .await;
    b.run("const p = document.querySelectorAll('#editeur-description .ce-paragraph'); const last = p[p.length - 1];
         last.focus(); const r = document.createRange(); r.selectNodeContents(last); r.collapse(false);
         const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); return true;")
    .await;
    b.find("#editeur-description .ce-paragraph:last-of-type")
        .await
        .type_text(" Tissé et confectionné à Cholet par l'atelier.")
        .await;
    // A heading through the editor's API (what its toolbox does).
    b.run("window.e5EditeursProduit[1].editor.blocks.insert('header', {text: 'Conseils d’entretien', level: 2}); return true;")
    .await;
    wait_until(
        b,
        "document.querySelector('#editeur-description .ce-header')",
    )
    .await;
    wait_until(
        b,
        "/mots/.test(document.getElementById('compte-description').textContent)",
    )
    .await;
}

async fn the_saved_description_is_on_the_storefront(
    b: &Browser,
    s: &Site,
    shots: &Option<std::path::PathBuf>,
) {
    // Let the editor's fade-in of the new block finish before looking at it.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    if let Some(dir) = &shots {
        b.run("window.scrollTo(0, 0); return true;").await;
        b.screenshot(&dir.join("product-essentiel-editor.png"))
            .await;
    }
    b.run("const f = document.getElementById('fiche-produit'); f.requestSubmit(); return true;")
        .await;
    b.wait_for_text("enregistré").await;
    let (text, blocks): (String, String) = row(
        &s.db,
        "SELECT description, description_blocks FROM product WHERE id = 1",
    )
    .await;
    assert!(
        text.contains("Tissé et confectionné à Cholet par l'atelier."),
        "{text}"
    );
    assert!(blocks.contains("Conseils d’entretien"), "{blocks}");
    let slug: String = one(&s.db, "SELECT slug FROM product WHERE id = 1").await;
    b.visit(
        &format!("{}{}", s.app.address, s.shop(&format!("/produit/{slug}"))),
        "Tissé et confectionné à Cholet par l'atelier.",
    )
    .await;
    b.wait_for_text("Conseils d’entretien").await;
}

async fn the_prices_tab_and_the_module_pages_in_a_browser(
    b: &Browser,
    s: &Site,
    shots: &Option<std::path::PathBuf>,
) {
    if let Some(dir) = &shots {
        b.run("document.querySelector('section.description').scrollIntoView(); return true;")
            .await;
        b.screenshot(&dir.join("product-storefront-description.png"))
            .await;
        // The Prix tab with a specific price, and the module settings pages.
        s.admin
            .post(
                &s.admin_path("/catalogue/produits/1/prix-specifiques/nouveau"),
                "sp_combination=3&sp_group=4&sp_from_quantity=2&sp_kind=percent&sp_value=15",
            )
            .await;
        b.visit(
            &format!(
                "{}{}#prix",
                s.app.address,
                s.admin_path("/catalogue/produits/1")
            ),
            "Prix spécifiques",
        )
        .await;
        b.screenshot(&dir.join("product-prix.png")).await;
        for (page, file, text) in [
            ("/modules/avis-produits", "module-avis.png", "Avis par page"),
            (
                "/modules/partage-social",
                "module-partage.png",
                "Boutons de partage",
            ),
            (
                "/modules/produits-phares",
                "module-phares.png",
                "Produits mis en avant",
            ),
            ("/catalogue/produits", "product-list.png", "Nouveau produit"),
        ] {
            b.visit(&format!("{}{}", s.app.address, s.admin_path(page)), text)
                .await;
            b.screenshot(&dir.join(file)).await;
        }
    }
}
