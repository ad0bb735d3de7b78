//! Nothing typed is lost (headless Chromium): a candidate types an article, goes to read the
//! subject from the exam bar and comes back — the page offers the unsaved text back and
//! restores it; the same for a product's description, which "Générer les déclinaisons" then
//! saves with the typed price; in "Mes réponses", saving one answer keeps the other typed.
//! The server keeps a copy too: a new browser with an empty profile gets an article and a
//! cart rule back.

use crate::browser::{self, Browser};
use crate::exam::{Exam, exam};
use crate::helpers::{ADMIN_EMAIL, TestData};
use e5_domain::SandboxId;
use std::time::{Duration, Instant};

async fn wait_until(b: &Browser, js: &str) {
    b.wait_until(&format!("return !!({js});"), Duration::from_secs(10))
        .await;
}

/// Clicks "Sujet" in the exam bar, accepting the "leave this page?" question if asked.
async fn read_the_subject(b: &Browser) {
    b.run("setTimeout(() => document.querySelector(\"a[href='/epreuve/sujet']\").click(), 0); return 1;")
    .await;
    let start = Instant::now();
    let mut asked = false;
    loop {
        if b.alert_text().await.is_some() {
            asked = b.accept_alert().await || asked;
        } else if b.url().await.ends_with("/epreuve/sujet") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the subject never opened"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!("left the page (asked before leaving: {asked})");
}

/// Whether the page objects to being left: what its `beforeunload` handler answers.
async fn leaving_asks(b: &Browser) -> bool {
    b.run("var e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented;")
    .await
        == true
}

/// Opens a new article: the page offers the unsaved draft (its 200 words `<prefix>1…` not
/// shown yet); "Restaurer" brings back the text and the title.
async fn restore_new_article(b: &Browser, admin: &str, prefix: &str, title: &str) {
    b.visit(
        &format!("{admin}/articles/nouveau"),
        "Une version non enregistrée de cette page existe",
    )
    .await;
    wait_until(
        b,
        "window.e5Editeur && document.querySelector('.ce-paragraph')",
    )
    .await;
    assert!(!b.page_text().await.contains(&format!("{prefix}200")));
    b.find("[data-brouillon-restaurer]").await.click().await;
    let editor = "document.querySelector('#editeur').innerText";
    wait_until(
        b,
        &format!("{editor}.includes('{prefix}1 {prefix}2') && {editor}.includes('{prefix}200')"),
    )
    .await;
    assert_eq!(
        b.run("return document.getElementById('f-title').value")
            .await,
        title
    );
}

fn words(prefix: &str, n: usize) -> String {
    (1..=n)
        .map(|i| format!("{prefix}{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test]
async fn typed_text_survives_reading_the_subject_and_saving_another_answer() {
    let Some(b) = browser::start().await else {
        return;
    };
    let e = exam().await;
    let (base, admin) = the_candidate_types_an_article_and_reads_the_subject(&e, &b).await;
    saved_the_draft_is_gone_the_next_visit(&b).await;
    a_typed_product_description_survives_the_subject(&b, &base, &admin).await;
    the_typed_description_and_price_survive_too(&b, &admin).await;
    the_drafts_of_another_sandbox_the_previous_candidate(&b, &admin).await;
}

/// The candidate enters, types an article, reads the subject and comes back to it.
async fn the_candidate_types_an_article_and_reads_the_subject(
    e: &Exam,
    b: &Browser,
) -> (String, String) {
    let base = e.app.address.clone();
    let seat = &e.demo.seats[0];
    let sandbox = e.sandbox(0);
    let admin = format!("{base}/s/{sandbox}/admin");
    let (started, _) = e
        .examiner()
        .await
        .post(
            &format!("/console/poste/{}/chrono", seat.seat_id),
            &[("action", "start")],
        )
        .await;
    assert_eq!(started.status, 303);
    e.candidate_in_browser(b, 0).await;

    // An article: ~200 words typed, then the subject, then back to the article.
    b.goto(&format!("{admin}/articles/nouveau")).await;
    wait_until(
        b,
        "window.e5Editeur && document.querySelector('.ce-paragraph')",
    )
    .await;
    b.find("#f-title")
        .await
        .type_text("Mon article d'examen")
        .await;
    b.find(".ce-paragraph").await.click().await;
    let text = words("lin", 200);
    b.find(".ce-paragraph").await.type_text(&text).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    // Leaving now asks first (headless Chromium shows no dialog to WebDriver, so the
    // handler's answer to the browser's event is read instead).
    assert!(leaving_asks(b).await, "unsaved text: the page asks");
    read_the_subject(b).await;
    restore_new_article(b, &admin, "lin", "Mon article d'examen").await;
    (base, admin)
}

async fn saved_the_draft_is_gone_the_next_visit(b: &Browser) {
    // Saved: the draft is gone; the next visit offers nothing.
    b.find("button[name=action][value=draft]")
        .await
        .click()
        .await;
    b.wait_for_text("Modifier l'article").await;
    assert!(!leaving_asks(b).await, "saved: leaving asks nothing");
    assert!(
        b.page_text().await.contains("lin200") || {
            wait_until(
                b,
                "document.querySelector('#editeur').innerText.includes('lin200')",
            )
            .await;
            true
        }
    );
    assert!(
        !b.page_text()
            .await
            .contains("Une version non enregistrée de cette page existe")
    );
}

async fn a_typed_product_description_survives_the_subject(b: &Browser, base: &str, admin: &str) {
    // A product: the description typed, the subject read, the description restored; then
    // "Générer les déclinaisons" saves it with the typed price.
    b.goto(&format!("{admin}/boutique/catalogue/produits"))
        .await;
    let product = b
        .run("return [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')).find(h => /\\/catalogue\\/produits\\/\\d+$/.test(h))")
        .await;
    let product = format!("{base}{}", product.as_str().expect("a product link"));
    b.goto(&product).await;
    wait_until(
        b,
        "window.e5EditeursProduit && document.querySelector('#editeur-description .ce-paragraph')",
    )
    .await;
    b.find("#editeur-description .ce-paragraph")
        .await
        .click()
        .await;
    let description = words("drap", 120);
    b.find("#editeur-description .ce-paragraph")
        .await
        .type_text(&format!(" {description}"))
        .await;
    b.run("const p = document.getElementById('f-price_ht'); p.value = '123,45'; p.dispatchEvent(new Event('input', {bubbles: true})); return 1;")
    .await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    read_the_subject(b).await;
    b.visit(&product, "Une version non enregistrée de cette page existe")
        .await;
    b.find("[data-brouillon-restaurer]").await.click().await;
    wait_until(
        b,
        "document.querySelector('#editeur-description').innerText.includes('drap120') && document.getElementById('f-price_ht').value === '123,45'",
    )
    .await;
    b.find("button[data-cible=declinaisons]")
        .await
        .click()
        .await;
    b.run("const boxes = document.querySelectorAll('input[name=attributes]'); boxes[boxes.length - 1].click(); return 1;")
    .await;
    b.run("[...document.querySelectorAll('button')].find(x => x.textContent.includes('Générer les déclinaisons')).click(); return 1;")
    .await;
    b.wait_for_text("déclinaison(s) créée(s)").await;
}

async fn the_typed_description_and_price_survive_too(b: &Browser, admin: &str) {
    wait_until(
        b,
        "document.querySelector('#editeur-description').innerText.includes('drap1 drap2') && document.querySelector('#editeur-description').innerText.includes('drap120')",
    )
    .await;
    let price = b
        .run("return document.getElementById('f-price_ht').value")
        .await;
    assert_eq!(price, "123,45");
    assert!(
        !b.page_text()
            .await
            .contains("Une version non enregistrée de cette page existe")
    );

    // "Mes réponses": two answers typed, one saved, both still there.
    b.goto(&format!("{admin}/reponses")).await;
    b.find("#rep-1")
        .await
        .type_text("Réponse un enregistrée")
        .await;
    b.find("#rep-2")
        .await
        .type_text("Réponse deux pas encore enregistrée")
        .await;
    b.find("#q1 button[type=submit]").await.click().await;
    b.wait_for_text("Réponse à la question 1 enregistrée").await;
    wait_until(
        b,
        "document.getElementById('rep-1').value === 'Réponse un enregistrée' && document.getElementById('rep-2').value === 'Réponse deux pas encore enregistrée'",
    )
    .await;
    // The first is saved on the server, the second only kept in the browser.
    assert_eq!(
        b.run(
            "return [!!document.querySelector('#q1 small'), !!document.querySelector('#q2 small')]"
        )
        .await,
        serde_json::json!([true, false])
    );
    // Saving the second one keeps the first.
    b.find("#q2 button[type=submit]").await.click().await;
    b.wait_for_text("Réponse à la question 2 enregistrée").await;
    wait_until(
        b,
        "document.getElementById('rep-1').value === 'Réponse un enregistrée' && document.getElementById('rep-2').value === 'Réponse deux pas encore enregistrée'",
    )
    .await;
}

async fn the_drafts_of_another_sandbox_the_previous_candidate(b: &Browser, admin: &str) {
    // The drafts of another sandbox (the previous candidate on this workstation, on the same
    // origin) are deleted as soon as a page of this one opens: nobody reads them.
    b.run("localStorage.setItem('e5-brouillon:/s/autre-poste/admin/articles/nouveau|post', JSON.stringify({t: Date.now(), fields: {}}))")
    .await;
    b.goto(&format!("{admin}/reponses")).await;
    wait_until(
        b,
        "localStorage.getItem('e5-brouillon:/s/autre-poste/admin/articles/nouveau|post') === null",
    )
    .await;
}

async fn sign_in(b: &Browser, admin: &str) {
    b.sign_in(&format!("{admin}/"), ADMIN_EMAIL, "D'un coup d'œil")
        .await;
}

/// Waits until the server's copy of `page` (Hélène's, employee 1) contains `text`, read from
/// the drafts file as an examiner's tool would.
async fn server_has(b: &Browser, t: &TestData, id: SandboxId, page: &str, text: &str) {
    let drafts = e5_shop::drafts::Drafts::new(&t.data.sandbox_path(id));
    let start = Instant::now();
    loop {
        let kept = drafts.load(1, page).await.unwrap();
        if kept.as_ref().is_some_and(|d| d.data.contains(text)) {
            break;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let status = b
                .run("return [...document.querySelectorAll('[data-brouillon-etat]')].map(p => p.textContent).join(' / ') + ' | ' + JSON.stringify(Object.keys(localStorage))")
                .await;
            panic!("the server never kept {text:?} for {page}: {kept:?}; page: {status}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drafts.close().await;
}

#[tokio::test]
async fn a_new_browser_gets_the_autosaved_article_and_cart_rule_back_from_the_server() {
    let Some(b) = browser::start().await else {
        return;
    };
    let (t, id, app) = TestData::served().await;
    let admin = format!("{}/s/{id}/admin", app.address);
    let b = an_article_typed_in_one_browser_is_restored_in_another(b, &t, id, &admin).await;
    a_cart_rule_typed_in_one_browser_is_restored_in_another(b, &t, id, &admin).await;
}

/// ~200 words typed in a new article in one browser come back in another one.
async fn an_article_typed_in_one_browser_is_restored_in_another(
    b: Browser,
    t: &TestData,
    id: SandboxId,
    admin: &str,
) -> Browser {
    sign_in(&b, admin).await;

    // ~200 words typed in a new article, kept by the autosave.
    b.goto(&format!("{admin}/articles/nouveau")).await;
    wait_until(
        &b,
        "window.e5Editeur && document.querySelector('.ce-paragraph')",
    )
    .await;
    b.find("#f-title")
        .await
        .type_text("Article du serveur")
        .await;
    b.find(".ce-paragraph").await.click().await;
    b.find(".ce-paragraph")
        .await
        .type_text(&words("toile", 200))
        .await;
    let page = format!("/s/{id}/admin/articles/nouveau|post");
    server_has(&b, t, id, &page, "toile200").await;
    wait_until(
        &b,
        "[...document.querySelectorAll('[data-brouillon-etat]')].some(p => p.textContent.startsWith('Brouillon enregistré à'))",
    )
    .await;

    // The browser quits; another one, with an empty profile (no localStorage), signs in.
    drop(b);
    let b = browser::start().await.expect("a second browser");
    sign_in(&b, admin).await;
    restore_new_article(&b, admin, "toile", "Article du serveur").await;
    b
}

/// A cart rule's name and description typed in one browser come back in another one.
async fn a_cart_rule_typed_in_one_browser_is_restored_in_another(
    b: Browser,
    t: &TestData,
    id: SandboxId,
    admin: &str,
) {
    // A cart rule: its name and description typed, kept on the server.
    let rule = format!("{admin}/boutique/catalogue/reductions/1");
    b.goto(&rule).await;
    wait_until(&b, "document.getElementById('f-name')").await;
    b.run("const n = document.getElementById('f-name'); n.value = 'Bienvenue serveur'; n.dispatchEvent(new Event('input', {bubbles: true})); \
         const d = document.getElementById('f-description'); d.value = 'Remise gardée par le serveur'; d.dispatchEvent(new Event('input', {bubbles: true})); return 1;")
    .await;
    let rule_page = format!("/s/{id}/admin/boutique/catalogue/reductions/1|regle-panier");
    server_has(&b, t, id, &rule_page, "Remise gardée par le serveur").await;

    drop(b);
    let b = browser::start().await.expect("a third browser");
    sign_in(&b, admin).await;
    b.visit(&rule, "Une version non enregistrée de cette page existe")
        .await;
    b.find("[data-brouillon-restaurer]").await.click().await;
    wait_until(
        &b,
        "document.getElementById('f-name').value === 'Bienvenue serveur' && document.getElementById('f-description').value === 'Remise gardée par le serveur'",
    )
    .await;

    // Saved: the server's copy is deleted, and the rule has the restored text.
    b.run("document.querySelector('#regle-panier button[type=submit]:not([formaction])').click(); return 1;")
    .await;
    wait_until(&b, "!location.pathname.endsWith('/reductions/1')").await;
    let drafts = e5_shop::drafts::Drafts::new(&t.data.sandbox_path(id));
    assert_eq!(drafts.load(1, &rule_page).await.unwrap(), None);
    drafts.close().await;
    let db = t.open(id).await;
    let name: String = sqlx::query_scalar("SELECT name FROM cart_rule WHERE id = 1")
        .fetch_one(&db)
        .await
        .expect("the cart rule");
    assert_eq!(name, "Bienvenue serveur");
}
