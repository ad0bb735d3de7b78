//! The grid in the examiner's browser: a refusal is said next to what was refused.

use std::time::Duration;

use crate::browser;
use crate::exam::exam;

#[tokio::test]
async fn signing_without_a_mark_is_refused_next_to_the_button() {
    let Some(b) = browser::start().await else {
        return;
    };
    let e = exam().await;
    e.open_console(&b).await;
    let seat = e.demo.seats[0].seat_id;
    let form = format!("[data-grille][data-poste=\"{seat}\"]");
    b.run(&format!("document.querySelector('{form} [data-signer]').scrollIntoView({{block: 'center'}}); document.querySelector('{form} [data-signer]').click()"))
    .await;
    let refused = format!(
        "const m = document.querySelector('{form} [data-etat-action]'); const r = m.getBoundingClientRect(); return m.textContent.includes('note sur 20') && r.top >= 0 && r.bottom <= innerHeight"
    );
    b.wait_until(&refused, Duration::from_secs(10)).await;
    // Down at the grid's Sign button, the candidate's name and clock are still in view.
    let in_view = format!(
        "const p = document.querySelector('[data-panneau=\"{seat}\"]'); const r = p.querySelector('[data-restant]').getBoundingClientRect(); const n = p.querySelector('h2').getBoundingClientRect(); return window.scrollY > 300 && r.top >= 0 && r.bottom <= innerHeight && n.top >= 0"
    );
    b.wait_until(&in_view, Duration::from_secs(5)).await;

    // Once a mark is typed, signing works and the message goes.
    b.run(&format!("const n = document.querySelector('{form} [data-champ=\"mark\"]'); n.value = '12'; n.dispatchEvent(new Event('change', {{bubbles: true}})); n.blur();"))
    .await;
    let saved = format!(
        "return document.querySelector('{form} [data-etat]').textContent.includes('Enregistré')"
    );
    b.wait_until(&saved, Duration::from_secs(10)).await;
    b.run(&format!(
        "document.querySelector('{form} [data-signer]').click()"
    ))
    .await;
    let signed = format!(
        "return document.querySelector('{form} [data-signature]').textContent.includes('Signée par') && document.querySelector('{form} [data-etat-action]').textContent === ''"
    );
    b.wait_until(&signed, Duration::from_secs(10)).await;
    // The date in French, as on the fiche ("le 2 décembre 2026 à 15 h 23"), never ISO.
    let french = format!(
        "return /Signée par .+ le \\d{{1,2}}(er)? [a-zéû]+ \\d{{4}} à \\d{{1,2}} h \\d{{2}}$/.test(document.querySelector('{form} [data-signature]').textContent)"
    );
    b.wait_until(&french, Duration::from_secs(5)).await;
}

/// Tab until `js` (an expression on `a`, the focused element) holds, at most `max` times;
/// the number of presses. Each focused element is in view, below the panels' sticky heads.
async fn tab_to(b: &crate::browser::Browser, js: &str, max: usize) -> usize {
    for n in 1..=max {
        b.press("\u{E004}").await;
        // The page scrolls a focused control into view on the next task.
        tokio::time::sleep(Duration::from_millis(60)).await;
        let seen = b
            .run(&format!(
                "const a = document.activeElement; const r = a.getBoundingClientRect(); \
                 const heads = [...document.querySelectorAll('.tete-panneau')].filter(h => !h.contains(a)); \
                 const under = heads.some(h => {{ const t = h.getBoundingClientRect(); \
                   return r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top; }}); \
                 return [!!({js}), r.top >= 0 && r.bottom <= innerHeight && !under, a.outerHTML.slice(0, 120)]"
            ))
            .await;
        assert_eq!(seen[1], true, "focused but hidden: {}", seen[2]);
        if seen[0] == true {
            return n;
        }
    }
    panic!("{js} never focused within {max} Tab presses");
}

/// The examiner grades with the keyboard alone: a link per candidate jumps to their grid,
/// Tab reaches a level, Space sets it, the mark is typed, Enter signs. Every focused control
/// is in view below the sticky heads, and the candidates' screens never take the focus.
#[tokio::test]
async fn the_examiner_grades_and_signs_with_the_keyboard_alone() {
    let Some(b) = browser::start().await else {
        return;
    };
    let e = exam().await;
    e.open_console(&b).await;
    let seat = e.demo.seats[1].seat_id;
    let form = format!("[data-grille][data-poste=\"{seat}\"]");
    b.find(&form).await;
    let presses = tab_to(
        &b,
        &format!("a.getAttribute('href') === '#grille-{seat}'"),
        40,
    )
    .await;
    eprintln!("the second candidate's grid link after {presses} Tab presses");
    b.press("\u{E007}").await;
    b.wait_until(
        &format!("return document.activeElement === document.querySelector('{form}')"),
        Duration::from_secs(5),
    )
    .await;
    // The first row's levels: TI, I, S. Space on S.
    tab_to(&b, "a.dataset.niveau === 'TI'", 1).await;
    tab_to(&b, "a.dataset.niveau === 'S'", 2).await;
    b.press(" ").await;
    let saved = format!(
        "return document.querySelector('{form} [data-niveau=\"S\"]').getAttribute('aria-pressed') === 'true' \
         && document.querySelector('{form} [data-etat]').textContent.includes('Enregistré')"
    );
    b.wait_until(&saved, Duration::from_secs(10)).await;
    tab_to(&b, "a.dataset.champ === 'mark'", 80).await;
    b.press("13").await;
    tab_to(&b, "a.dataset.champ === 'appreciation'", 1).await;
    let typed = format!(
        "return document.querySelector('{form} [data-etat]').textContent.includes('Enregistré') \
         && document.querySelector('{form} [data-champ=\"mark\"]').value === '13'"
    );
    b.wait_until(&typed, Duration::from_secs(10)).await;
    tab_to(&b, "a.hasAttribute('data-signer')", 10).await;
    b.press("\u{E007}").await;
    let signed = format!(
        "return document.querySelector('{form} [data-signature]').textContent.includes('Signée par')"
    );
    b.wait_until(&signed, Duration::from_secs(10)).await;
    let grid = e5_exam::grid::load(&e.platform, seat).await.unwrap();
    assert_eq!(grid.mark, "13");
    assert!(grid.signed_at.is_some());
}
