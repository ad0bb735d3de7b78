//! Accessibility of every page, checked by axe-core (vendored in `tests/vendor`, never served
//! by e5) in headless Chromium. The pages are those of the router (`crate::routes`), each
//! opened by the person whose area it is: the public pages signed out, the candidate's site
//! and exam pages as candidate A with their clock running, the console as their examiner,
//! the centre administration as its administrator. A page must have no critical or serious
//! violation; each one found is reported with its rule and where it is.

use crate::browser::{self, Browser};
use crate::exam::{Exam, exam};
use crate::helpers::{Shopper, one};
use crate::routes::{Area, Route, area, concrete, routes};
use serde_json::Value;
use sqlx::SqlitePool;

const AXE: &str = include_str!("../vendor/axe.min.js");

/// Runs axe-core on the page open in `b`; its critical and serious violations, described.
/// Frames are left out: the console's mirrors show what the candidate made, and the
/// candidate's pages are checked on their own.
async fn violations(b: &Browser) -> Vec<String> {
    if b.run("return typeof window.axe").await != "object" {
        b.run(&format!("{AXE}\nreturn true;")).await;
    }
    let found = b
        .script_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {iframes: false, resultTypes: ['violations']})
               .then(r => done(r.violations
                 .filter(v => v.impact === 'critical' || v.impact === 'serious')
                 .map(v => `${v.id} (${v.impact}, ${v.nodes.length}) : ${v.help} — `
                   + v.nodes.slice(0, 3).map(n => n.target.join(' ')
                     + ' [' + [...n.any, ...n.all].map(c => c.message).join(' ; ') + ']').join(' | '))))
               .catch(e => done(['axe a échoué : ' + e]));",
        )
        .await;
    found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_else(|| vec![format!("axe answered {found}")])
}

/// Whether `path` answers `user` with an HTML page (not a redirect, a download or JSON).
async fn is_page(user: &Shopper, path: &str) -> bool {
    let r = user.response(path).await;
    r.status().as_u16() == 200
        && r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"))
}

/// Where the first row of a table is not a page of that kind (a product is named by its
/// slug, article 1 is a page…), a route's parameter filled in from the candidate's site.
async fn sample(route: &Route, site: &SqlitePool) -> Route {
    let samples = [
        (
            "/produit/{slug}",
            "SELECT slug FROM product WHERE active = 1 ORDER BY id LIMIT 1",
        ),
        (
            "/categorie/{slug}",
            "SELECT slug FROM category WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1",
        ),
        (
            "/blog/{slug}",
            "SELECT slug FROM post WHERE kind = 'post' AND status = 'publish' ORDER BY id LIMIT 1",
        ),
        (
            "/page/{slug}",
            "SELECT slug FROM post WHERE kind = 'page' AND status = 'publish' ORDER BY id LIMIT 1",
        ),
        (
            "/admin/articles/{id}",
            "SELECT CAST(id AS TEXT) FROM post WHERE kind = 'post' ORDER BY id LIMIT 1",
        ),
    ];
    let mut route = route.clone();
    for (pattern, sql) in samples {
        if route.path.contains(pattern) {
            let value: String = one(site, sql).await;
            let param = &pattern[pattern.find('{').unwrap()..];
            route.path = route.path.replace(param, &value);
        }
    }
    route
}

/// The GET pages of `areas`, with their parameters filled in, that answer `user` with HTML.
async fn pages(e: &Exam, user: &Shopper, areas: &[Area]) -> Vec<String> {
    let site = e.t.open(e.sandbox(0).parse().unwrap()).await;
    let mut out = Vec::new();
    for route in routes().iter().filter(|r| r.get) {
        let path = concrete(&sample(route, &site).await, e);
        let skipped = ["/deconnexion", "/sortie", "/flux", "/healthz"]
            .iter()
            .any(|end| path.ends_with(end))
            || path.starts_with("/assets/");
        if skipped || !areas.contains(&area(&route.path)) {
            continue;
        }
        if is_page(user, &path).await {
            out.push(path);
        }
    }
    out
}

/// Opens each page in `b` (signed in on `base` as the person) and runs axe on it; the
/// problems found, one line per page and rule.
async fn check(b: &Browser, base: &str, paths: &[String], problems: &mut Vec<String>) {
    for path in paths {
        b.goto(&format!("{base}{path}")).await;
        for v in violations(b).await {
            problems.push(format!("{path} : {v}"));
        }
    }
}

#[tokio::test]
async fn every_page_of_the_three_areas_has_no_critical_or_serious_accessibility_violation() {
    let Some(b) = browser::start().await else {
        return;
    };
    let e = exam().await;
    e.start_clock(0).await;
    let mut problems = Vec::new();

    let anonymous = e.app.shopper();
    let public = pages(&e, &anonymous, &[Area::Public]).await;
    check(&b, &e.app.address, &public, &mut problems).await;

    let candidate_pages = the_candidate_s_pages_with_a_cart(&e, &b).await;
    check(&b, &e.app.address, &candidate_pages, &mut problems).await;

    let examiner = e.examiner().await;
    // One signed grid, whose locked look must stay readable.
    let signed = e.demo.seats[1].seat_id;
    crate::exam::edit(&examiner, signed, "a11y-1", "mark", "12").await;
    let (status, _) = crate::exam::edit(&examiner, signed, "a11y-2", "sign", "").await;
    assert_eq!(status, 200);
    let console = pages(&e, &examiner, &[Area::Console]).await;
    e.sign_in_console(&b).await;
    check(&b, &e.app.staff, &console, &mut problems).await;

    let admin = e.admin().await;
    let centre = pages(&e, &admin, &[Area::Centre]).await;
    e.sign_in_centre(&b).await;
    check(&b, &e.app.staff, &centre, &mut problems).await;

    eprintln!(
        "axe: {} public, {} candidate, {} console, {} centre pages",
        public.len(),
        candidate_pages.len(),
        console.len(),
        centre.len()
    );
    assert!(
        problems.is_empty(),
        "{} critical or serious accessibility violations:\n{}",
        problems.len(),
        problems.join("\n")
    );
    let all: Vec<&String> = [&public, &candidate_pages, &console, &centre]
        .into_iter()
        .flatten()
        .collect();
    the_pages_of_the_first_audit_were_checked(&all);
}

/// The candidate's pages (site and exam pages), found as candidate A with a product in the
/// cart, in the browser too, so that the cart and the checkout are checked with their lines.
async fn the_candidate_s_pages_with_a_cart(e: &Exam, b: &Browser) -> Vec<String> {
    let candidate = e.candidate(0).await;
    let site = e.sandbox(0);
    let (simple, slug): (i64, String) = sqlx::query_as(
        "SELECT id, slug FROM product WHERE active = 1 AND quantity > 0
          AND id NOT IN (SELECT product_id FROM combination) ORDER BY id LIMIT 1",
    )
    .fetch_one(&e.t.open(site.parse().unwrap()).await)
    .await
    .unwrap();
    candidate
        .post_ok(
            &format!("/s/{site}/panier/ajouter"),
            format!("product_id={simple}&quantity=1"),
        )
        .await;
    let found = pages(e, &candidate, &[Area::CandidateSite, Area::CandidatePages]).await;
    e.candidate_in_browser(b, 0).await;
    b.goto(&format!("{}/s/{site}/produit/{slug}", e.app.address))
        .await;
    b.find(".form-achat button[type=submit]")
        .await
        .click()
        .await;
    b.wait_until(
        "return document.querySelector('.pastille').textContent.trim() === '1'",
        std::time::Duration::from_secs(10),
    )
    .await;
    found
}

/// The pages where the first audit found violations are among those checked, and enough
/// pages were.
fn the_pages_of_the_first_audit_were_checked(all: &[&String]) {
    for must in [
        "/panier",
        "/commande",
        "/produit/",
        "/admin/boutique/",
        "/admin/boutique/catalogue/produits/1",
        "/admin/boutique/catalogue/reductions/1",
        "/console/commission/",
        "/revoir",
        "/fiche",
        "/codes",
    ] {
        assert!(
            all.iter()
                .any(|p| p.ends_with(must) || (must.ends_with('/') && p.contains(must))),
            "{must} was not checked"
        );
    }
    assert!(all.len() > 90, "only {} pages checked", all.len());
}

/// At 200 % zoom (half the CSS pixels of the screen), whether the page open in `b` scrolls
/// sideways (how many pixels), and, scrolled half-way down, how much of the height the bars
/// stuck at the top take (sticky or fixed, across most of the width).
async fn zoomed(b: &Browser) -> (i64, f64, String) {
    b.run("window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) / 2)")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let seen = b
        .run(
            "const w = document.documentElement;
             const stuck = [...document.querySelectorAll('body *')].filter(el => {
               const st = getComputedStyle(el), p = st.position, r = el.getBoundingClientRect();
               return (p === 'sticky' || p === 'fixed') && st.pointerEvents !== 'none'
                 && r.height > 0 && r.top <= 2
                 && r.bottom > 0 && r.width > innerWidth / 2; });
             const bottom = Math.max(0, ...stuck.map(el => el.getBoundingClientRect().bottom));
             const tall = stuck.find(el => el.getBoundingClientRect().bottom === bottom);
             return [w.scrollWidth - w.clientWidth, bottom / innerHeight,
                     tall ? tall.tagName + '.' + tall.className : ''];",
        )
        .await;
    (
        seen[0].as_i64().unwrap(),
        seen[1].as_f64().unwrap(),
        seen[2].as_str().unwrap_or_default().to_owned(),
    )
}

/// Every person's main pages at 200 % zoom: the candidate's workstation (1366×768) and the
/// examiner's screen (1920×1080). Nothing scrolls sideways and the bars that stay on top take
/// at most a third of the height.
#[tokio::test]
async fn the_main_pages_work_at_200_percent_zoom_without_overlap() {
    let Some(b) = browser::start().await else {
        return;
    };
    let e = exam().await;
    e.start_clock(0).await;
    let site = format!("/s/{}", e.sandbox(0));
    let mut problems = Vec::new();
    e.candidate_in_browser(&b, 0).await;
    b.set_window_size(683, 384).await;
    let candidate = [
        "/epreuve".to_owned(),
        "/epreuve/sujet".to_owned(),
        format!("{site}/"),
        format!("{site}/admin/"),
        format!("{site}/admin/boutique/"),
        format!("{site}/admin/boutique/catalogue/produits/1"),
        format!("{site}/admin/articles/nouveau"),
        format!("{site}/admin/reponses"),
    ];
    for path in &candidate {
        b.goto(&format!("{}{path}", e.app.address)).await;
        let (sideways, bars, bar) = zoomed(&b).await;
        if sideways > 1 || bars > 0.34 {
            problems.push(format!(
                "{path} : {sideways} px de défilement horizontal, barres {:.0} % de la hauteur ({bar})",
                bars * 100.0
            ));
        }
    }
    e.sign_in_console(&b).await;
    b.set_window_size(960, 540).await;
    let seat = e.demo.seats[0].seat_id;
    for path in [
        format!("/console/commission/{}", e.demo.commission),
        format!("/console/poste/{seat}/revoir"),
        format!("/console/poste/{seat}/fiche"),
    ] {
        b.goto(&format!("{}{path}", e.app.staff)).await;
        let (sideways, bars, bar) = zoomed(&b).await;
        if let Ok(dir) = std::env::var("E5_SCREENSHOTS") {
            let name = path.trim_start_matches('/').replace('/', "-");
            b.screenshot(&std::path::Path::new(&dir).join(format!("zoom200-{name}.png")))
                .await;
        }
        if sideways > 1 || bars > 0.34 {
            problems.push(format!(
                "{path} : {sideways} px de défilement horizontal, barres {:.0} % de la hauteur ({bar})",
                bars * 100.0
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "at 200 % zoom:\n{}",
        problems.join("\n")
    );
}
