//! The shop back-office in headless Chromium: product form, images tab, category form, set-up
//! screens, carriers.

use super::*;
use crate::browser::Browser;
use crate::helpers::row;

/// Clicks like a user who first scrolls the element to the middle of the screen (the sticky
/// bars of the back-office would otherwise cover it).
async fn click(browser: &browser::Browser, css: &str) {
    browser
        .script(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
            vec![css.into()],
        )
        .await;
    browser.find(css).await.click().await;
}

/// A server for `t`, its administrator signed in to the sandbox `id` in `browser`; the
/// site's address.
async fn admin_in_browser(browser: &Browser, t: &TestData, id: impl std::fmt::Display) -> String {
    let app = TestApp::spawn(&t.data).await;
    let a = format!("{}/s/{id}", app.address);
    browser
        .sign_in(&format!("{a}/admin/connexion"), ADMIN_EMAIL, "Bonjour")
        .await;
    a
}

/// Opens a back-office screen, waits for `text` and takes its screenshot.
async fn screen(browser: &Browser, url: &str, text: &str, png: &str) {
    browser.visit(url, text).await;
    shot(browser, png).await;
}

/// Opens a tab of a form (its button `css`), waits for `text` and takes its screenshot.
async fn tab(browser: &Browser, css: &str, text: &str, png: &str) {
    click(browser, css).await;
    browser.wait_for_text(text).await;
    shot(browser, png).await;
}

async fn set_value(browser: &browser::Browser, css: &str, value: &str) {
    browser
        .script(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![css.into(), value.into()],
        )
        .await;
}

#[tokio::test]
async fn in_a_real_browser_a_product_is_completed_then_a_code_lowers_the_cart_total() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let (t, sandbox, a) =
        in_a_real_browser_a_product_is_completed_then_a_code_lowers(&browser).await;
    essentiel_prix_ttc_typed_ht_computed(&browser, &t, sandbox).await;
    the_promo_code(&browser, &a).await;
    the_statistics_dashboard_as_the_candidate_sees(&browser, &a).await;
}

async fn in_a_real_browser_a_product_is_completed_then_a_code_lowers(
    browser: &Browser,
) -> (TestData, SandboxId, String) {
    let t = TestData::new().await;
    let sandbox = t.sandbox();
    let id = sandbox.to_string();
    let a = admin_in_browser(browser, &t, &id).await;

    // The product the subject pre-created, offline and empty.
    browser
        .goto(&format!("{a}/admin/boutique/catalogue/produits"))
        .await;
    browser
        .find("#f-nouveau")
        .await
        .type_text("Housse de coussin Sauge")
        .await;
    click(browser, "form[action$='/nouveau'] button").await;
    browser.wait_for_text("Produit créé hors ligne").await;

    // Déclinaisons: 2 sizes × 2 colours.
    click(browser, "button[data-cible=declinaisons]").await;
    for value in [12, 13, 18, 19] {
        click(browser, &format!("input[name=attributes][value='{value}']")).await;
    }
    click(browser, "button[formaction$='/declinaisons']").await;
    browser.wait_for_text("4 déclinaison(s) créée(s)").await;
    browser.run("document.querySelectorAll('input[name^=comb_qty_]').forEach(function (i) { i.value = '5'; });").await;
    shot(browser, "produit-declinaisons.png").await;

    (t, sandbox, a)
}

async fn essentiel_prix_ttc_typed_ht_computed(browser: &Browser, t: &TestData, sandbox: SandboxId) {
    // Essentiel, Prix (TTC typed, HT computed by the page), Stocks, SEO.
    click(browser, "button[data-cible=essentiel]").await;
    set_value(browser, "#f-summary", "Housse de coussin en lin lavé vert sauge, tissée en Europe et cousue dans notre atelier de Cholet. Douce dès le premier jour, elle se patine joliment au fil des lavages.").await;
    set_value(browser, "#f-description", "Notre housse de coussin en lin lavé apporte une touche végétale au salon comme à la chambre.\n\nDimensions : 50 x 70 cm ou 65 x 65 cm. Fermeture par zip invisible. Lavage à 40 °C.").await;
    set_value(browser, "#f-category_id", "14").await;
    click(browser, "button[data-cible=prix]").await;
    set_value(browser, "#f-price_ttc", "").await;
    browser.find("#f-price_ttc").await.type_text("49,90").await;
    let ht = browser
        .run("return document.getElementById('f-price_ht').value")
        .await;
    assert_eq!(
        ht.as_str(),
        Some("41,58"),
        "the HT price follows the TTC typed"
    );
    shot(browser, "produit-prix.png").await;
    click(browser, "button[data-cible=seo]").await;
    browser
        .find("#f-meta_title")
        .await
        .type_text("Housse de coussin en lin lavé Sauge | Les Toiles de Loire")
        .await;
    browser.find("#f-meta_description").await.type_text("Housse de coussin en lin lavé vert sauge, cousue à Cholet : douce, durable et facile à laver. Deux tailles, livraison offerte dès 69 €.").await;
    shot(browser, "produit-seo.png").await;
    browser
        .run("document.querySelector('input[name=active]').checked = true;")
        .await;
    click(browser, ".barre-enregistrer button[type=submit]").await;
    browser
        .wait_for_text("Produit « Housse de coussin Sauge » enregistré.")
        .await;
    tab(
        browser,
        "button[data-cible=seo]",
        "Analyse SEO",
        "produit-seo.png",
    )
    .await;
    let db = t.open(sandbox).await;
    let saved: (i64, i64, i64) = row(&db, "SELECT price_ht_cents, active, (SELECT SUM(quantity) FROM combination WHERE product_id = p.id) FROM product p WHERE name = 'Housse de coussin Sauge'").await;
    assert_eq!(saved, (4158, 1, 20));
}

async fn the_promo_code(browser: &Browser, a: &str) {
    // The promo code.
    browser
        .goto(&format!("{a}/admin/boutique/catalogue/reductions/nouveau"))
        .await;
    browser
        .find("#f-name")
        .await
        .type_text("Offre Sauge : −10 %")
        .await;
    browser.find("#f-code").await.type_text("SAUGE10").await;
    click(browser, "button[data-cible=conditions]").await;
    set_value(browser, "#f-ends_on", "2099-12-31").await;
    shot(browser, "regle-panier-conditions.png").await;
    click(browser, "button[data-cible=actions]").await;
    browser.find("#f-percent").await.type_text("10").await;
    shot(browser, "regle-panier-actions.png").await;
    click(browser, ".barre-enregistrer button[type=submit]").await;
    browser
        .wait_for_text("Règle panier « Offre Sauge : −10 % » enregistrée.")
        .await;

    // A shopper uses it.
    browser
        .goto(&format!("{a}/produit/housse-de-coussin-sauge"))
        .await;
    click(browser, ".form-achat button[type=submit]").await;
    browser.wait_for_text("Récapitulatif").await;
    browser.find("#code").await.type_text("sauge10").await;
    click(browser, ".form-code button").await;
    browser.wait_for_text("est appliqué").await;
    let text = browser.page_text().await;
    assert!(text.contains("−4,99"), "10 % of 49,90 €: {text}");
    let shipping = browser
        .run("var dt = Array.prototype.find.call(document.querySelectorAll('.recap dt'), function (d) { return d.textContent.trim() === 'Livraison'; }); return dt.nextElementSibling.textContent.trim();")
        .await;
    let shipping = shipping.as_str().unwrap_or_default().to_owned();
    let shipping_cents = super::cents(&shipping);
    let total = browser
        .run("return document.getElementById('total-panier').textContent")
        .await;
    assert_eq!(
        cents(total.as_str().unwrap_or_default()),
        4990 - 499 + shipping_cents,
        "total with shipping {shipping}"
    );
    shot(browser, "panier-code.png").await;
}

async fn the_statistics_dashboard_as_the_candidate_sees(browser: &Browser, a: &str) {
    // The statistics dashboard, as the candidate sees it.
    browser
        .visit(
            &format!("{a}/admin/boutique/statistiques"),
            "Indicateurs clés",
        )
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    shot(browser, "statistiques.png").await;
    browser.run("window.scrollTo(0, 850)").await;
    shot(browser, "statistiques-2.png").await;
}

#[tokio::test]
async fn in_a_real_browser_the_images_tab_and_the_category_form_are_usable() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let a = admin_in_browser(&browser, &t, &id).await;

    browser
        .goto(&format!("{a}/admin/boutique/catalogue/produits/6"))
        .await;
    tab(
        &browser,
        "button[data-cible=images]",
        "Images du produit",
        "shop2-images.png",
    )
    .await;
    tab(
        &browser,
        "button[data-cible=prix]",
        "Ajouter un prix spécifique",
        "shop2-prix.png",
    )
    .await;
    // The specific-price form is submitted by its own button, outside the product form.
    set_value(&browser, "#f-sp_value", "15").await;
    click(&browser, "button[form=prix-specifique]").await;
    browser.wait_for_text("Prix spécifique ajouté.").await;

    screen(
        &browser,
        &format!("{a}/admin/boutique/catalogue/categories/14"),
        "Analyse SEO",
        "shop2-categorie.png",
    )
    .await;
    screen(
        &browser,
        &format!("{a}/admin/boutique/catalogue/marques"),
        "Ajouter une marque",
        "shop2-marques.png",
    )
    .await;
    browser
        .goto(&format!("{a}/admin/boutique/catalogue/produits/10"))
        .await;
    click(&browser, "button[data-cible=options]").await;
    browser.wait_for_text("Pack de produits").await;
    browser
        .run("document.querySelector('#f-pack_product').scrollIntoView({block: 'center'});")
        .await;
    shot(&browser, "shop2-options.png").await;
    screen(
        &browser,
        &format!("{a}/admin/boutique/livraison/transporteurs"),
        "Ajouter la tranche",
        "shop2-transporteurs.png",
    )
    .await;
}

#[tokio::test]
async fn the_set_up_screens_look_right_in_a_browser() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let t = TestData::new().await;
    let a = the_carrier_and_zone_screens_in_a_browser(&browser, &t).await;
    the_replies_and_group_screens_in_a_browser(&browser, &a).await;
}

async fn the_carrier_and_zone_screens_in_a_browser(browser: &Browser, t: &TestData) -> String {
    let id = t.sandbox().to_string();
    let a = admin_in_browser(browser, t, &id).await;

    browser
        .visit(
            &format!("{a}/admin/boutique/livraison/transporteurs/nouveau"),
            "Zones desservies",
        )
        .await;
    browser
        .find("#f-name")
        .await
        .type_text("Coursier Cholet")
        .await;
    browser
        .find("#f-delay")
        .await
        .type_text("Livraison à vélo le jour même")
        .await;
    shot(browser, "setup-transporteur.png").await;
    browser
        .run("document.querySelector('input[name=zones]').scrollIntoView({block: 'center'});")
        .await;
    shot(browser, "setup-transporteur-zones.png").await;
    browser.find("button.bouton-principal").await.click().await;
    browser
        .wait_for_text("Transporteur « Coursier Cholet » créé.")
        .await;
    shot(browser, "setup-transporteurs.png").await;

    screen(
        browser,
        &format!("{a}/admin/boutique/livraison/zones"),
        "Pays et zones",
        "setup-zones.png",
    )
    .await;

    screen(
        browser,
        &format!("{a}/admin/boutique/commandes/etats"),
        "États de commande",
        "setup-etats.png",
    )
    .await;
    screen(
        browser,
        &format!("{a}/admin/boutique/commandes/etats/5"),
        "E-mail au client",
        "setup-etat.png",
    )
    .await;

    a
}

async fn the_replies_and_group_screens_in_a_browser(browser: &Browser, a: &str) {
    screen(
        browser,
        &format!("{a}/admin/boutique/sav/reponses"),
        "Ajouter une réponse",
        "setup-reponses.png",
    )
    .await;

    browser
        .visit(
            &format!("{a}/admin/boutique/clients/groupes/4"),
            "Catégories visibles",
        )
        .await;
    // Unticking "Linge de table" unticks its sub-categories.
    browser
        .run("const b = document.querySelector('input[name=categories][value=\"9\"]'); b.scrollIntoView({block: 'center'}); b.click();")
        .await;
    let nappes = browser
        .run("return document.querySelector('input[name=categories][value=\"10\"]').checked;")
        .await;
    assert_eq!(nappes, serde_json::Value::Bool(false));
    shot(browser, "setup-groupe.png").await;
}

#[tokio::test]
async fn the_carrier_message_is_in_view_after_saving_in_a_browser() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let s = Site::new().await;
    let base = s.app.address.clone();
    browser
        .sign_in(
            &format!("{base}/s/{}/admin/connexion", s.id),
            ADMIN_EMAIL,
            "Bonjour",
        )
        .await;
    browser
        .visit(
            &format!("{base}/s/{}/admin/boutique/livraison/transporteurs/4", s.id),
            "Zones desservies",
        )
        .await;
    browser
        .run("document.querySelector('#f-handling').value = '1,00';")
        .await;
    browser
        .find(".barre-enregistrer button[type=submit]")
        .await
        .click()
        .await;
    browser
        .wait_for_text("Transporteur « Chronopost Express » enregistré.")
        .await;
    // The message is inside the visible part of the window.
    let visible = browser
        .run("const m = document.querySelector('#transporteur-4 .avis-admin.succes');
             if (!m) return 'absent';
             const r = m.getBoundingClientRect();
             return (r.top >= 44 && r.bottom <= window.innerHeight) ? 'visible' : ('hors champ ' + r.top);")
        .await;
    assert_eq!(visible.as_str(), Some("visible"), "{visible:?}");
    shot(&browser, "gaps-transporteur-enregistre.png").await;
    // Sanity check on the zones page too.
    browser
        .visit(
            &format!("{base}/s/{}/admin/boutique/livraison/zones", s.id),
            "Codes postaux",
        )
        .await;
    shot(&browser, "gaps-zones.png").await;
}

/// Clients › Ajouter un nouveau client in a real browser: the form is filled and sent as a
/// user does, the customer's record opens with the message, and the list finds them.
#[tokio::test]
async fn in_a_real_browser_a_customer_is_created_from_the_customer_list() {
    let Some(browser) = browser::start().await else {
        return;
    };
    let t = TestData::new().await;
    let sandbox = t.sandbox();
    let a = admin_in_browser(&browser, &t, sandbox).await;
    browser
        .visit(
            &format!("{a}/admin/boutique/clients"),
            "Ajouter un nouveau client",
        )
        .await;
    click(&browser, "a[href$='/clients/nouveau']").await;
    browser.wait_for_text("Accès groupe").await;
    browser
        .find("input[name=gender][value='M.']")
        .await
        .click()
        .await;
    for (field, value) in [
        ("#f-first_name", "Hugo"),
        ("#f-last_name", "Nguyen"),
        ("#f-email", "hugo.nguyen@exemple.fr"),
        ("#f-password", "linge-2027"),
    ] {
        browser.find(field).await.type_text(value).await;
    }
    click(&browser, "input[name=newsletter]").await;
    shot(&browser, "client-nouveau.png").await;
    click(&browser, ".barre-enregistrer button[type=submit]").await;
    browser
        .wait_for_text("Client Hugo Nguyen enregistré.")
        .await;
    browser.wait_for_text("hugo.nguyen@exemple.fr").await;
    let db = t.open(sandbox).await;
    let (gender, newsletter): (String, i64) = row(
        &db,
        "SELECT gender, newsletter FROM customer WHERE email = 'hugo.nguyen@exemple.fr'",
    )
    .await;
    assert_eq!((gender.as_str(), newsletter), ("M.", 1));
    browser
        .visit(
            &format!("{a}/admin/boutique/clients?q=Nguyen"),
            "hugo.nguyen@exemple.fr",
        )
        .await;
}
