//! The attack of the integrity issue, replayed in headless Chromium: a candidate's site holds
//! hostile markup in every editor block, every field of every block type, product texts,
//! titles, category and brand names and media; their screen recording holds hostile nodes.
//! The examiner signs in to the console, opens the candidate's site from it, reads every
//! editor page and storefront page, the console's mirror and the replay. Nothing runs (no
//! dialog, no global set by a payload) and the candidate's mark is untouched. The examiner
//! can still read the site, read-only.

use crate::browser::{self, Browser};
use crate::exam::{Exam, exam};
use crate::helpers::exec_for;
use crate::helpers::{one_for, row};
use serde_json::{Value, json};
use std::time::Duration;

/// What each payload would do: mark that it ran, then set the candidate's mark to 20 on
/// the console, on the staff surface and on its own.
fn attack(e: &Exam, seat: i64) -> String {
    let body = "JSON.stringify({key:'xss'+Math.random(),field:'mark',value:'20'})";
    let post = |url: &str| {
        format!(
            "fetch('{url}',{{method:'POST',credentials:'include',headers:{{'content-type':'application/json'}},body:{body}}})"
        )
    };
    format!(
        "window.__e5_pwned=1;alert(1);{};{}",
        post(&format!("{}/console/poste/{seat}/grille", e.app.staff)),
        post(&format!("/console/poste/{seat}/grille"))
    )
}

/// Hostile markup in every form that ran somewhere before this fix.
fn hostile(attack: &str) -> String {
    format!(
        "Texte <b>gras</b> <img src=x onerror=\"{attack}\"><svg onload=\"{attack}\"></svg>\
         <details open ontoggle=\"{attack}\"><summary>s</summary></details>\
         <a href=\"javascript:{attack}\">lien</a><a href=\"data:text/html,<script>{attack}</script>\">d</a>\
         <iframe src=\"https://exemple.com/\"></iframe><img src=\"https://exemple.com/x.png\">\
         </script><script>{attack}</script>"
    )
}

/// One block of every type, every field hostile.
fn hostile_blocks(h: &str, attack: &str) -> String {
    let js = format!("javascript:{attack}");
    let item = json!({"content": h, "items": [], "meta": {}, "question": h, "answer": h,
        "name": h, "role": h, "text": h, "bio": h, "caption": h, "media_id": 1, "alt": h});
    let data = json!({
        "text": h, "caption": h, "title": h, "alt": h, "label": h, "address": h, "town": h,
        "button": h, "ended": h, "date": h, "url": js, "link": js, "media_id": 1, "level": 2,
        "style": "unordered", "kind": "contact", "withHeadings": false,
        "items": [item], "content": [[h, h], [h, h]],
        "columns": [{"title": h, "text": h}], "slides": [{"caption": h, "media_id": 1}],
    });
    let blocks: Vec<Value> = e5_domain::blocks::Kind::ALL
        .iter()
        .map(|t| json!({"type": t.as_str(), "data": data}))
        .collect();
    Value::Array(blocks).to_string()
}

/// Writes the hostile content straight into the candidate's site file, as a subject file,
/// an old version or any other path might have left it: the editors and pages must be
/// safe whatever is stored. Returns (article id and slug, page id and slug, product slug,
/// category id and slug).
async fn plant(
    e: &Exam,
    sandbox: &str,
    h: &str,
    attack: &str,
) -> ((i64, String), (i64, String), String, (i64, String)) {
    let id: e5_domain::SandboxId = sandbox.parse().unwrap();
    let db = sqlx::sqlite::SqlitePoolOptions::new()
        .connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(e.t.data.sandbox_path(id)))
        .await
        .unwrap();
    let blocks = hostile_blocks(h, attack);
    let one = |kind: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query_as::<_, (i64, String)>(
                "SELECT id, slug FROM post WHERE kind = ? AND status = 'publish' ORDER BY id LIMIT 1",
            )
            .bind(kind)
            .fetch_one(&db)
            .await
            .unwrap()
        }
    };
    let article = one("post").await;
    let page = one("page").await;
    for (pid, _) in [&article, &page] {
        sqlx::query("UPDATE post SET title = ?, blocks = ?, excerpt = ? WHERE id = ?")
            .bind(format!("Contenu piégé {h}"))
            .bind(&blocks)
            .bind(h)
            .bind(pid)
            .execute(&db)
            .await
            .unwrap();
    }
    let product: (String, i64) =
        row(&db, "SELECT slug, category_id FROM product WHERE id = 1").await;
    let text_blocks = json!([{"type": "paragraph", "data": {"text": h}},
        {"type": "header", "data": {"text": h, "level": 2}},
        {"type": "list", "data": {"style": "unordered", "items": [{"content": h, "items": [], "meta": {}}]}},
        {"type": "quote", "data": {"text": h, "caption": h}}])
    .to_string();
    sqlx::query(
        "UPDATE product SET name = ?, description = ?, summary = ?, description_blocks = ?, summary_blocks = ? WHERE id = 1",
    )
    .bind(format!("Produit piégé {h}"))
    .bind(h)
    .bind(h)
    .bind(&text_blocks)
    .bind(json!([{"type": "paragraph", "data": {"text": h}}]).to_string())
    .execute(&db)
    .await
    .unwrap();
    let quote = format!("Catégorie ') ; {attack} ; ('");
    sqlx::query("UPDATE category SET name = ?, description = ? WHERE id = ?")
        .bind(&quote)
        .bind(h)
        .bind(product.1)
        .execute(&db)
        .await
        .unwrap();
    let category_slug: String =
        one_for(&db, "SELECT slug FROM category WHERE id = ?", product.1).await;
    exec_for(
        &db,
        "UPDATE brand SET name = ? WHERE id = (SELECT MIN(id) FROM brand)",
        format!("Marque ') ; {attack} ; ('"),
    )
    .await;
    sqlx::query("UPDATE media SET alt = ?, title = ?, caption = ? WHERE id = 1")
        .bind(h)
        .bind(h)
        .bind(h)
        .execute(&db)
        .await
        .unwrap();
    db.close().await;
    (article, page, product.0, (product.1, category_slug))
}

/// Asserts that nothing a payload does happened on the current page.
async fn nothing_ran(b: &Browser, what: &str) {
    // Give handlers (onerror, ontoggle, timers) the time to fire.
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(b.alert_text().await, None, "a dialog opened on {what}");
    let pwned = b.run("return window.__e5_pwned === undefined").await;
    assert_eq!(pwned, Value::Bool(true), "a payload ran on {what}");
}

/// Waits (5 s at most) until the recorded page shows in the screen frame `frame`.
async fn shown(b: &Browser, frame: &str, what: &str) {
    let js = format!(
        "const f = document.querySelector('{frame}'); const d = f && f.contentDocument; \
         return !!d && !!d.body && d.body.textContent.includes('Texte du candidat lisible');"
    );
    eprintln!("waiting for the recorded page in {what}");
    b.wait_until(&js, Duration::from_secs(5)).await;
}

/// The candidate sends a screen recording whose page holds hostile nodes.
async fn hostile_recording(e: &Exam, seat_index: usize, attack: &str) {
    let candidate = e.app.shopper();
    let code = e.demo.seats[seat_index].access_code.clone();
    candidate.post_ok("/", &[("code", &code)]).await;
    let node = |id: i64, tag: &str, attributes: Value, children: Vec<Value>| json!({"type": 2, "tagName": tag, "attributes": attributes, "childNodes": children, "id": id});
    let body = node(
        3,
        "body",
        json!({"onload": attack}),
        vec![
            node(4, "img", json!({"src": "x", "onerror": attack}), vec![]),
            node(
                5,
                "script",
                json!({}),
                vec![json!({"type": 3, "textContent": attack, "id": 6})],
            ),
            node(7, "svg", json!({"onload": attack}), vec![]),
            node(
                8,
                "a",
                json!({"href": format!("javascript:{attack}")}),
                vec![json!({"type": 3, "textContent": "Texte du candidat lisible", "id": 9})],
            ),
        ],
    );
    let snapshot =
        json!({"type": 0, "childNodes": [node(2, "html", json!({}), vec![body])], "id": 1});
    let events = json!([
        {"type": 4, "data": {"href": "http://poste/", "width": 1280, "height": 800}, "timestamp": 1_000},
        {"type": 2, "data": {"node": snapshot, "initialOffset": {"left": 0, "top": 0}}, "timestamp": 1_001},
    ]);
    let batch = json!({"key": "k1", "page": "/s/x/", "events": events}).to_string();
    let r = candidate
        .client
        .post(format!("{}/epreuve/enregistrement", e.app.address))
        .header("Content-Type", "application/json")
        .body(batch)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "recording refused: {}", r.status());
}

#[tokio::test]
async fn a_candidates_hostile_content_never_runs_for_the_examiner_nor_touches_a_mark() {
    let Some(b) = browser::start().await else {
        return;
    };
    let e = exam().await;
    let seat = e.demo.seats[0].seat_id;
    let sandbox = e.sandbox(0);
    let attack = attack(&e, seat);
    let h = hostile(&attack);
    let (article, page, product, category) = plant(&e, &sandbox, &h, &attack).await;
    hostile_recording(&e, 0, &attack).await;

    e.open_console(&b).await;
    // The hostile page is shown (its text is there), and nothing of it ran.
    shown(
        &b,
        &format!("[data-panneau=\"{seat}\"] [data-miroir] iframe"),
        "the mirror",
    )
    .await;
    nothing_ran(&b, "the console and its mirror").await;
    b.goto(&format!("{}/console/poste/{seat}/revoir", e.app.staff))
        .await;
    shown(&b, "[data-ecran] iframe", "the replay").await;
    nothing_ran(&b, "the replay").await;

    // "Ouvrir son site": the candidate's site, on its own origin.
    b.visit(
        &format!("{}/console/poste/{seat}/ouvrir", e.app.staff),
        "lecture seule",
    )
    .await;
    assert!(
        b.url().await.starts_with(&e.app.address),
        "the site opens on the candidates' origin: {}",
        b.url().await
    );
    nothing_ran(&b, "the candidate's back-office home").await;
    let site = format!("{}/s/{sandbox}", e.app.address);
    let pages = [
        format!("{site}/admin/articles/{}", article.0),
        format!("{site}/admin/pages/{}", page.0),
        format!("{site}/admin/boutique/catalogue/produits/1"),
        format!("{site}/admin/boutique/catalogue/categories/{}", category.0),
        format!("{site}/admin/boutique/catalogue/marques"),
        format!("{site}/admin/medias"),
        format!("{site}/blog/{}", article.1),
        format!("{site}/page/{}", page.1),
        format!("{site}/produit/{product}"),
        format!("{site}/categorie/{}", category.1),
        format!("{site}/"),
    ];
    for url in &pages {
        b.goto(url).await;
        nothing_ran(&b, url).await;
    }
    // The editor still shows the candidate's words (inert), so the examiner can read them.
    b.goto(&pages[0]).await;
    if let Ok(dir) = std::env::var("E5_SCREENSHOTS") {
        b.screenshot(&std::path::Path::new(&dir).join("editeur-contenu-hostile.png"))
            .await;
    }
    b.wait_for_text("Texte gras").await;
    nothing_ran(&b, "the article editor, loaded").await;

    // Nothing reached the grid: no event, no mark.
    assert_eq!(
        e.count("SELECT COUNT(*) FROM grid_event").await,
        0,
        "a payload changed a grid"
    );
}

#[tokio::test]
async fn the_examiner_reads_the_candidates_site_read_only_and_the_console_session_stays_home() {
    let e = exam().await;
    let seat = e.demo.seats[0].seat_id;
    let sandbox = e.sandbox(0);
    let examiner = e.app.shopper();
    examiner
        .post_ok(
            "/console/connexion",
            &[
                ("email", e5_exam::demo::EXAMINER_EMAIL),
                ("password", e5_exam::demo::PASSWORD),
            ],
        )
        .await;
    // The console session alone opens no sandbox.
    let before = examiner.get(&format!("/s/{sandbox}/admin/")).await;
    assert_eq!(before.status, 403, "{}", before.body);
    // The console hands out a ticket for the sites surface.
    let open = examiner.get(&format!("/console/poste/{seat}/ouvrir")).await;
    assert_eq!(open.status, 303);
    let to = open.location.unwrap();
    assert!(
        to.starts_with(&format!(
            "{}/epreuve/lecture?site={sandbox}&jeton=",
            e.app.address
        )),
        "{to}"
    );
    let redeemed = examiner.get(&to).await;
    assert_eq!(redeemed.status, 303, "{}", redeemed.body);
    assert_eq!(
        redeemed.location.as_deref(),
        Some(format!("/s/{sandbox}/admin/").as_str())
    );
    examiner.get_ok(&format!("/s/{sandbox}/admin/")).await;
    let article = examiner
        .get_ok(&format!("/s/{sandbox}/admin/articles"))
        .await;
    article.shows("Articles");
    // Read-only: a write is refused and nothing changes.
    let (refused, _) = examiner
        .post(
            &format!("/s/{sandbox}/admin/articles/nouveau"),
            "title=Écrit par l'examinateur&blocks=[]",
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    // The view is for that seat only: another candidate's site stays closed.
    let other = examiner.get(&format!("/s/{}/admin/", e.sandbox(1))).await;
    assert_eq!(other.status, 403);
    // A ticket is not a view, and an altered one opens nothing.
    let forged = to.replace("jeton=", "jeton=0");
    let page = examiner.get(&forged).await;
    assert_eq!(page.status, 422, "{}", page.body);
    page.shows("plus valable");
}

#[tokio::test]
async fn every_page_carries_a_strict_policy_and_staff_paths_stay_on_the_staff_origin() {
    let e = exam().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let sandbox = e.sandbox(2);
    for url in [
        format!("{}/", e.app.address),
        format!("{}/s/{sandbox}/", e.app.address),
        format!("{}/console/connexion", e.app.staff),
        format!("{}/admin/connexion", e.app.staff),
    ] {
        let r = client.get(&url).send().await.unwrap();
        let csp = r
            .headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        for part in [
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'self'",
        ] {
            assert!(csp.contains(part), "{url}: {csp}");
        }
        assert!(!csp.contains("unsafe-eval"), "{url}: {csp}");
        assert!(
            !csp.split(';')
                .any(|d| d.contains("script-src") && d.contains("unsafe-inline"))
        );
        assert_eq!(
            r.headers().get("x-content-type-options").unwrap(),
            "nosniff"
        );
        assert!(r.headers().get("referrer-policy").is_some());
    }
    // The console asked on the candidates' origin is sent to its own.
    let r = client
        .get(format!("{}/console/connexion", e.app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let to = r.headers().get("location").unwrap().to_str().unwrap();
    assert_eq!(to, format!("{}/console/connexion", e.app.staff));
    // And a post there is refused outright.
    let r = client
        .post(format!("{}/console/connexion", e.app.address))
        .form(&[
            ("email", e5_exam::demo::EXAMINER_EMAIL),
            ("password", e5_exam::demo::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert!(r.headers().get("set-cookie").is_none());
    // A candidate's site asked on the staff origin is sent to the candidates' one.
    let r = client
        .get(format!("{}/s/{sandbox}/", e.app.staff))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(
        r.headers().get("location").unwrap().to_str().unwrap(),
        format!("{}/s/{sandbox}/", e.app.address)
    );
}
