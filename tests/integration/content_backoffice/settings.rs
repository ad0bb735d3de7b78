//! General settings, privacy page, newsletter and form blocks; the answers screen; every menu
//! entry of the content side answers in French.

use super::*;
use crate::helpers::{Form, one};

#[tokio::test]
async fn general_settings_privacy_page_newsletter_and_form_blocks() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN_EMAIL).await;
    let db = s.db().await;
    general_settings_are_saved(&s, &user).await;
    let (visitor, referer) = the_privacy_page_and_a_page_with_form_blocks(&s, &user).await;
    a_visitor_subscribes_and_sends_a_form(&s, &user, &db, &visitor, &referer).await;
    subscribers_and_answers_are_exported(&s, &user).await;
}

async fn general_settings_are_saved(s: &Site, user: &Shopper) {
    let general = user.get(&s.admin("/reglages/general")).await;
    general.shows("02 41 58 27 14");
    let mut form: Vec<(&str, &str)> = vec![
        ("shop.email", "contact@toiles-de-loire.fr"),
        ("shop.phone", "02 41 00 00 00"),
        ("shop.address", "18 rue des Tisserands"),
        ("shop.postcode", "49300"),
        ("shop.city", "Cholet"),
        ("shop.country", "France"),
        ("social.facebook", "https://www.facebook.com/toilesdeloire"),
        ("social.instagram", ""),
        ("social.pinterest", ""),
        ("social.linkedin", ""),
    ];
    user.post_ok(&s.admin("/reglages/general"), &form).await;
    s.visitor("/").await.shows("02 41 00 00 00");
    form[6] = ("social.facebook", "javascript:alert(1)");
    let (_, back) = user.post(&s.admin("/reglages/general"), &form).await;
    assert!(
        back.body.contains("https://"),
        "a social link must be a web address"
    );

    let privacy = user.get(&s.admin("/reglages/confidentialite")).await;
    privacy.shows("Générer la page");
    // A missing or too long field is refused and said as an error.
    user.post_ok(&s.admin("/reglages/confidentialite"), "company=SAS")
        .await
        .shows("avis-admin erreur")
        .shows("Indiquez");
    let long = format!(
        "company={}&address=Cholet&email=rgpd@toiles-de-loire.fr&data=identite&retention_customers=3 ans&retention_prospects=3 ans",
        "X".repeat(1001)
    );
    user.post_ok(&s.admin("/reglages/confidentialite"), long)
        .await
        .shows("avis-admin erreur")
        .shows("Un champ dépasse 1 000 caractères.");
    user.post_ok(
        &s.admin("/reglages/confidentialite"),
        "company=SAS Les Toiles de Loire&address=18 rue des Tisserands, 49300 Cholet&email=rgpd@toiles-de-loire.fr&dpo=&data=identite&data=commande&retention_customers=3 ans&retention_prospects=3 ans&host=",
    )
    .await;
    s.journal_is("Page « Politique de confidentialité » générée et publiée")
        .await;
}

async fn the_privacy_page_and_a_page_with_form_blocks(
    s: &Site,
    user: &Shopper,
) -> (Shopper, String) {
    let page = s.visitor("/page/politique-de-confidentialite").await;
    page.shows("RGPD")
        .shows("rgpd@toiles-de-loire.fr")
        .shows("CNIL");

    // A page with a newsletter form block and a contact form block and a map.
    let blocks = json!([
        {"type": "form", "data": {"kind": "newsletter", "title": "Restez informé", "button": "Je m'inscris"}},
        {"type": "form", "data": {"kind": "contact", "title": "Une question ?"}},
        {"type": "map", "data": {"label": "Notre atelier", "address": "18 rue des Tisserands", "town": "Cholet"}},
        {"type": "faq", "data": {"items": [{"question": "Livrez-vous en Belgique ?", "answer": "Oui."}]}},
        {"type": "countdown", "data": {"date": "2099-01-01 00:00", "title": "Soldes dans"}}
    ])
    .to_string();
    user.post(
        &s.admin("/pages/nouveau"),
        &[
            ("title", "Restons en contact"),
            ("blocks", &blocks),
            ("action", "publish"),
        ],
    )
    .await;
    let page_path = s.shop("/page/restons-en-contact");
    let page = s.app.shopper().get(&page_path).await;
    page.shows("Je m&#39;inscris");
    assert!(
        page.body.contains("class=\"repere\""),
        "the town is placed on the offline map"
    );
    page.shows("<details><summary>Livrez-vous en Belgique ?</summary>");
    let visitor = s.app.shopper();
    let referer = format!("{}{page_path}", s.app.address);
    let r = visitor
        .client
        .post(format!(
            "{}{}",
            s.app.address,
            s.shop("/formulaire/newsletter")
        ))
        .header("referer", &referer)
        .form(&"email=Nouvelle@Exemple.fr&consent=1".fields())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"].to_str().unwrap(), page_path);
    s.journal_is("Inscription à la newsletter : nouvelle@exemple.fr (formulaire de page)")
        .await;
    (visitor, referer)
}

/// The storefront's contact form sent by `visitor` from the page `referer`: the raw answer.
async fn contact_form(s: &Site, visitor: &Shopper, referer: &str, form: &str) -> reqwest::Response {
    let url = visitor.url(&s.shop("/formulaire/contact"));
    let request = visitor.client.post(url).header("referer", referer);
    request.form(&form.fields()).send().await.unwrap()
}

async fn a_visitor_subscribes_and_sends_a_form(
    s: &Site,
    user: &Shopper,
    db: &SqlitePool,
    visitor: &Shopper,
    referer: &str,
) {
    let message = "name=Jeanne&email=jeanne@exemple.fr&message=Faites-vous des nappes sur mesure ?";
    let r = contact_form(s, visitor, referer, message).await;
    assert_eq!(r.status().as_u16(), 303);
    s.journal_is("Message de Jeanne (jeanne@exemple.fr) reçu par le formulaire depuis « Restons en contact »").await;
    let message = "name=X&email=pas-une-adresse&message=x";
    let r = contact_form(s, visitor, "https://ailleurs.example/", message).await;
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        s.shop("/"),
        "never redirected elsewhere"
    );
    let stored: i64 = one(db, "SELECT COUNT(*) FROM form_submission").await;
    assert_eq!(stored, 2);

    let list = user.get(&s.admin("/newsletter")).await;
    list.shows("nouvelle@exemple.fr")
        .shows("Bloc formulaire")
        .shows("Faites-vous des nappes");
}

async fn subscribers_and_answers_are_exported(s: &Site, user: &Shopper) {
    let csv = user
        .client
        .get(format!(
            "{}{}",
            s.app.address,
            s.admin("/newsletter/abonnes.csv")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    assert!(
        text.contains("email;source;date_inscription")
            && text.contains("nouvelle@exemple.fr;formulaire;")
    );
}

#[tokio::test]
async fn the_answers_screen_saves_through_a_command_when_the_exam_asks_for_it() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN_EMAIL).await;
    let db = s.db().await;
    let has: i64 = one(
        &db,
        "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'answer'",
    )
    .await;
    let page = user.get(&s.admin("/reponses")).await;
    if has == 0 {
        assert_eq!(page.status, 404, "no answer table, no screen");
        return;
    }
    page.shows("Question 3");
    let text = "x".repeat(412);
    user.post_ok(&s.admin("/reponses"), &[("question", "3"), ("text", &text)])
        .await;
    s.journal_is("Réponse à la question 3 enregistrée (412 caractères)")
        .await;
}

#[tokio::test]
async fn every_content_menu_entry_answers_in_french() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN_EMAIL).await;
    let admin = s.admin("/");
    let links_of = |body: &str| -> Vec<String> {
        body.replace("&#x2F;", "/")
            .split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|h| h.starts_with(&admin) && !h.contains("/boutique") && !h.ends_with(".csv"))
            .map(|h| h.split(['#', '?']).next().unwrap_or(h).to_owned())
            .collect()
    };
    let mut links = links_of(&user.get(&admin).await.body);
    let mut seen = std::collections::BTreeSet::new();
    while let Some(link) = links.pop() {
        if !seen.insert(link.clone()) || seen.len() > 80 {
            continue;
        }
        let page = user.get(&link).await;
        assert_eq!(page.status, 200, "{link}");
        assert!(page.body.contains("lang=\"fr\""), "{link}");
        if link.matches('/').count() <= 5 {
            links.extend(links_of(&page.body));
        }
    }
    for wanted in [
        "/articles/categories",
        "/articles/etiquettes",
        "/apparence/accueil",
        "/apparence/widgets",
        "/reglages/confidentialite",
        "/utilisateurs",
        "/newsletter",
        "/commentaires",
    ] {
        assert!(
            seen.contains(&s.admin(wanted)),
            "{wanted} reached from the menus"
        );
    }
}
