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
