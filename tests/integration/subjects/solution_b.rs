//! Subject B solved over HTTP: the untouched sandbox satisfies no check, the solution all of them.

use super::*;

const PORTES_INTRO: &str = "Les Toiles de Loire ouvrent les portes de leur atelier de Cholet le samedi 3 et le dimanche \
    4 avril 2027, de 10 h à 18 h. Pendant deux jours, venez découvrir comment nous coupons, cousons et finissons \
    votre linge de maison en lin et en coton biologique, et rencontrez l'équipe qui le fabrique depuis 1962.";

const PORTES_PROGRAMME: &str = "Une visite guidée de l'atelier part toutes les heures : elle dure 30 minutes et accueille \
    15 personnes au plus. Nos tisserands font une démonstration de tissage du mouchoir de Cholet, les enfants de 6 à \
    12 ans s'initient à la broderie pendant un atelier qui leur est réservé, et une vente de linge de second choix \
    vous permet de repartir avec des draps ou des torchons à prix réduits.";

const PORTES_PRATIQUE: &str = "L'entrée est libre, mais l'inscription est conseillée pour les visites guidées, dont les \
    places sont limitées. L'atelier se trouve au 18 rue des Tisserands, 49300 Cholet ; un parking gratuit vous attend \
    place de la Gare, à 300 mètres. Inscrivez-vous avec le formulaire ci-dessous en précisant le créneau de visite \
    souhaité et le nombre de personnes : nous vous confirmerons votre venue par courriel.";

const PORTES_META: &str = "Portes ouvertes de l'atelier à Cholet les 3 et 4 avril 2027 : visites guidées, démonstration \
    de tissage, atelier enfants. Inscrivez-vous !";

const YVES_REPLY: &str = "Bonjour Yves, oui : pour deux matelas de 80 x 200 cm réunis, le drap housse de 160 x 200 cm \
    convient parfaitement. Vérifiez simplement l'épaisseur des matelas pour choisir la hauteur de bonnet. L'équipe de l'atelier";

const PRIVACY_OPEN_DAYS: &str = "Les informations demandées lors de l'inscription aux portes ouvertes de l'atelier (nom, \
    prénom, adresse électronique, nombre de personnes, créneau de visite) servent uniquement à organiser les visites \
    guidées. Elles sont conservées un an puis supprimées ; elles ne sont ni cédées ni utilisées pour la lettre \
    d'information sans votre accord. Vous pouvez demander leur suppression à tout moment en écrivant à \
    contact@toiles-de-loire.fr.";

#[tokio::test]
async fn subject_b_is_solved_over_http() {
    let exam = Exam::start("sujet-b-contenu-portes-ouvertes.toml").await;

    subject_b_questions_1_to_3(&exam).await;
    subject_b_questions_4_and_5(&exam).await;
}

async fn subject_b_questions_1_to_3(exam: &Exam) {
    // Question 1: the event page with an image, a map and a registration form.
    let atelier = exam.media("atelier/atelier.svg").await;
    let blocks = editor_json(vec![
        paragraph(PORTES_INTRO),
        heading("Au programme des portes ouvertes de l'atelier"),
        paragraph(PORTES_PROGRAMME),
        image(
            atelier,
            "La table de coupe de l'atelier des Toiles de Loire à Cholet",
            "La table de coupe, où naissent nos draps",
        ),
        heading("Infos pratiques et inscription"),
        paragraph(PORTES_PRATIQUE),
        json!({"type": "map", "data": {"town": "Cholet", "address": "18 rue des Tisserands, 49300 Cholet", "label": "Atelier Les Toiles de Loire"}}),
        json!({"type": "form", "data": {"kind": "contact", "title": "Inscription à une visite guidée", "button": "Je m'inscris"}}),
    ]);
    let f = form(&[
        ("title", "Portes ouvertes de l'atelier"),
        ("slug", "portes-ouvertes-atelier"),
        ("excerpt", ""),
        ("blocks", &blocks),
        (
            "meta_title",
            "Portes ouvertes atelier Cholet | Les Toiles de Loire",
        ),
        ("meta_description", PORTES_META),
        ("focus_keyword", "portes ouvertes atelier Cholet"),
        ("featured_media_id", &atelier.to_string()),
        ("parent_id", ""),
        ("publish_at", ""),
        ("action", "publish"),
    ]);
    exam.create_post("pages", &f, "Page publiée.").await;

    // Question 2: in the main menu, under « Qui sommes-nous ? ».
    exam.add_page_to_menu(
        "portes-ouvertes-atelier",
        "Portes ouvertes",
        "Qui sommes-nous ?",
    )
    .await;

    // Question 3: Yves's question published and answered.
    let yves = exam.moderate_comment("Yves", "approuver").await;
    exam.reply_to_comment(yves, YVES_REPLY).await;
}

async fn subject_b_questions_4_and_5(exam: &Exam) {
    // Question 4: the three blog images described.
    for (file, alt) in [
        (
            "blog/bien-choisir-taille-drap-housse.svg",
            "Drap housse en lin ajusté sur un matelas, mètre ruban posé dessus",
        ),
        (
            "blog/histoire-mouchoir-de-cholet.svg",
            "Mouchoir de Cholet rouge et blanc plié sur une table de l'atelier",
        ),
        (
            "blog/frequence-changer-draps.svg",
            "Lit fait avec des draps propres en lin et une pile de linge à côté",
        ),
    ] {
        exam.describe_media(file, alt).await;
    }

    // Question 5: the privacy policy completed.
    let privacy = exam.post_by_slug("politique-de-confidentialite").await;
    let mut f = exam.post_form(privacy).await;
    let current = f
        .iter()
        .find(|(k, _)| k == "blocks")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let mut blocks: Vec<Value> = serde_json::from_str(&current).unwrap_or_default();
    blocks.push(heading("Inscriptions aux portes ouvertes"));
    blocks.push(paragraph(PRIVACY_OPEN_DAYS));
    set(&mut f, "blocks", &editor_json(blocks));
    set(&mut f, "action", "publish");
    exam.send_expecting(&format!("/pages/{privacy}"), &f, "Page publiée.")
        .await;

    exam.storefront_shows(
        "/page/portes-ouvertes-atelier",
        &[
            "Portes ouvertes",
            "Inscription à une visite guidée",
            "18 rue des Tisserands",
        ],
    )
    .await;
    exam.storefront_shows(
        "/page/politique-de-confidentialite",
        &["Inscriptions aux portes ouvertes", "conservées un an"],
    )
    .await;

    exam.assert_solved().await;
}
