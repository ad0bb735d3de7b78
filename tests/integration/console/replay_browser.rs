//! The replay in the examiner's browser: a moment between a page load's first event and its
//! full snapshot (a busy workstation takes a while to serialise the page) shows that page,
//! never the screen that happened to be there before.

use std::time::Duration;

use super::*;
use crate::browser;

/// A page load whose full snapshot comes `gap` ms after its first event: a `<p id>` page.
fn slow_page_load(t: i64, gap: i64, id: &str) -> Value {
    let text = json!({"type": 3, "id": 6, "textContent": id});
    let p =
        json!({"type": 2, "id": 5, "tagName": "p", "attributes": {"id": id}, "childNodes": [text]});
    let body = json!({"type": 2, "id": 4, "tagName": "body", "attributes": {}, "childNodes": [p]});
    let head = json!({"type": 2, "id": 3, "tagName": "head", "attributes": {}, "childNodes": []});
    let html = json!({"type": 2, "id": 2, "tagName": "html", "attributes": {}, "childNodes": [head, body]});
    let document = json!({"type": 0, "id": 1, "childNodes": [html]});
    json!([
        {"type": 4, "data": {"href": "http://poste/", "width": 1280, "height": 800}, "timestamp": t},
        {"type": 2, "data": {"node": document, "initialOffset": {"left": 0, "top": 0}}, "timestamp": t + gap},
    ])
}

#[tokio::test]
async fn a_moment_inside_a_page_load_shows_that_page() {
    let Some(b) = browser::start().await else {
        return;
    };
    let e = exam().await;
    let seat = e.demo.seats[0].seat_id;
    let cand = candidate(&e, 0).await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let start = now - 10_000;
    let page = format!("/s/{}/admin/", e.sandbox(0));
    // Page A at 0, page B whose snapshot took 1.5 s (from 3 s to 4.5 s), page C at 7 s.
    for (key, t, gap, id) in [
        ("g:1", start, 1, "a"),
        ("g:2", start + 3_000, 1_500, "b"),
        ("g:3", start + 7_000, 1, "c"),
    ] {
        let sent = send(&cand, batch(key, &page, slow_page_load(t, gap, id)), false).await;
        assert_eq!(sent.0, 204, "{}", sent.1);
    }
    // The mouse moves on page C until 9 s.
    let moved = json!([{"type": 3, "data": {"source": 1, "positions": [{"x": 10, "y": 10, "id": 5, "timeOffset": 0}]}, "timestamp": start + 9_000}]);
    assert_eq!(send(&cand, batch("g:4", &page, moved), false).await.0, 204);

    let staff = &e.app.staff;
    e.sign_in_console(&b).await;
    b.goto(&format!("{staff}/console/poste/{seat}/revoir"))
        .await;
    b.wait_until("return !!window.e5Revoir", Duration::from_secs(10))
        .await;
    let shows = |id: &str| {
        format!(
            "const d = document.querySelector('[data-ecran] iframe').contentDocument; return !!(d && d.getElementById('{id}'))"
        )
    };
    // At the end: page C.
    b.run("const r = document.querySelector('[data-lecture]'); if (r.getAttribute('aria-pressed') === 'true') r.click(); const s = document.querySelector('input[type=range]'); s.value = s.max; s.dispatchEvent(new Event('input'));").await;
    b.wait_until(&shows("c"), Duration::from_secs(10)).await;
    // 3.5 s: page B has started to load, its snapshot not taken yet. Page B, not C.
    b.run("const s = document.querySelector('input[type=range]'); s.value = '3500'; s.dispatchEvent(new Event('input'));").await;
    b.wait_until(&shows("b"), Duration::from_secs(10)).await;
    // 1 s: page A.
    b.run("const s = document.querySelector('input[type=range]'); s.value = '1000'; s.dispatchEvent(new Event('input'));").await;
    b.wait_until(&shows("a"), Duration::from_secs(10)).await;
}
