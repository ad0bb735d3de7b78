//! Subject A solved over HTTP: the untouched sandbox satisfies no check, the solution all of them.

use super::*;

const LIN_INTRO: &str = "Le lin européen a tout pour plaire à celles et ceux qui veulent un linge de maison durable. \
    L'Europe de l'Ouest produit environ 80 % du lin textile mondial, et la France en est le premier producteur, \
    surtout en Normandie et dans les Hauts-de-France. Dans notre atelier de Cholet, nous avons choisi cette fibre \
    pour sa solidité, sa fraîcheur en été et la belle patine qu'elle prend au fil des lavages.";

const LIN_CULTURE: &str = "Le lin pousse en une centaine de jours, de mars à juillet, sans irrigation : la pluie suffit. \
    Il demande peu d'engrais et de traitements, et toute la plante est utilisée, des fibres longues pour le tissage \
    aux fibres courtes, aux graines et à la paille. Après l'arrachage, le lin reste au sol plusieurs semaines : \
    c'est le rouissage, une étape naturelle qui prépare la séparation des fibres.";

const LIN_LABEL: &str = "Le label « Masters of Linen » garantit un lin cultivé et transformé en Europe, de la graine au fil. \
    Nos draps en lin lavé sont tissés en France puis confectionnés dans notre atelier de Cholet, à quelques centaines \
    de kilomètres des champs. Moins de transport, des savoir-faire préservés et un linge qui dure des années : \
    c'est notre façon de concilier confort et respect de l'environnement.";

const LIN_CONCLUSION: &str = "Envie de dormir dans une fibre sobre et naturelle ? Découvrez toute notre sélection de \
    draps, housses de couette et taies dans la catégorie";

const LIN_META: &str = "Le lin européen pousse sans irrigation en Normandie et se tisse en France : découvrez pourquoi \
    nos draps en lin sont une fibre durable.";

const MARTINE_REPLY: &str = "Bonjour Martine, merci pour votre question ! Oui, le lin supporte le sèche-linge à basse \
    température : sortez la housse encore légèrement humide et secouez-la, elle se défroissera presque seule. \
    Tous nos conseils sont dans cet article. L'équipe de l'atelier";

const RIDEAUX_META: &str = "Mesurer sa fenêtre, choisir la bonne hauteur et poser des rideaux en lin : nos conseils \
    pas à pas pour un résultat impeccable.";

#[tokio::test]
async fn subject_a_is_solved_over_http() {
    let exam = Exam::start("sujet-a-contenu-article-lin.toml").await;
    let id = subject_a_question_1(&exam).await;
    subject_a_questions_2_to_4(&exam, id).await;
}

async fn subject_a_question_1(exam: &Exam) -> SandboxId {
    let id = exam.id;

    // Question 1: the image described in the media library, then the article.
    exam.describe_media(
        "atelier/champ-lin.svg",
        "Champ de lin européen en fleur en Normandie au mois de juin",
    )
    .await;
    let champ = exam.media("atelier/champ-lin.svg").await;
    let blocks = editor_json(vec![
        paragraph(LIN_INTRO),
        heading("Une culture sobre en eau et en intrants"),
        paragraph(LIN_CULTURE),
        image(
            champ,
            "Champ de lin européen en fleur en Normandie",
            "Un champ de lin en fleur au mois de juin",
        ),
        heading("Le lin européen, de la graine au fil"),
        paragraph(LIN_LABEL),
        paragraph(&format!(
            "{LIN_CONCLUSION} <a href=\"/s/{id}/categorie/linge-de-lit\">Linge de lit</a> de notre boutique."
        )),
    ]);
    let mut f = form(&[
        (
            "title",
            "Du champ à votre lit : pourquoi le lin européen est une fibre durable",
        ),
        ("slug", "lin-europeen-fibre-durable"),
        ("excerpt", ""),
        ("blocks", &blocks),
        ("meta_title", ""),
        ("meta_description", LIN_META),
        ("focus_keyword", "lin européen"),
        ("featured_media_id", &champ.to_string()),
        ("comments_open", "1"),
        ("tags", "lin, environnement"),
        ("publish_at", ""),
        ("action", "publish"),
    ]);
    f.push((
        "term".into(),
        exam.term("coulisses-atelier").await.to_string(),
    ));
    exam.create_post("articles", &f, "Article publié.").await;
    assert!(exam.last_journal().await.contains("publié"));

    id
}

async fn subject_a_questions_2_to_4(exam: &Exam, id: SandboxId) {
    // Question 2: Martine's question published and answered, the spam marked as such.
    let martine = exam.moderate_comment("Martine Fabre", "approuver").await;
    exam.reply_to_comment(martine, MARTINE_REPLY).await;
    exam.moderate_comment("Bons plans linge", "indesirable")
        .await;

    // Question 3: the draft completed and scheduled for next Monday, 9 a.m.
    let rideaux = exam.post_by_slug("mesurer-poser-rideaux-lin").await;
    let mut f = exam.post_form(rideaux).await;
    set(&mut f, "meta_description", RIDEAUX_META);
    set(&mut f, "publish_at", &next_monday_at_nine());
    set(&mut f, "action", "schedule");
    exam.send_expecting(
        &format!("/articles/{rideaux}"),
        &f,
        "Publication planifiée.",
    )
    .await;

    // Question 4: the widget and the menu entry.
    exam.add_widget("sidebar", "recent_posts", "Nos derniers conseils", "3")
        .await;
    exam.add_page_to_menu("faq", "FAQ", "Qui sommes-nous ?")
        .await;

    // Question 5: the intern's account, contributor only.
    let ines = exam
        .create_employee(
            "Inès",
            "Morin",
            "ines.morin@toiles-de-loire.fr",
            "Rédacteur web",
        )
        .await;
    exam.set_wp_role(ines, "contributor").await;

    // What a reader now sees on the blog.
    exam.storefront_shows(
        "/blog/lin-europeen-fibre-durable",
        &[
            "pourquoi le lin européen est une fibre durable",
            "Champ de lin européen en fleur en Normandie",
            "Nos derniers conseils",
            ">FAQ<",
        ],
    )
    .await;
    let post = exam
        .user
        .get(&format!("/s/{id}/blog/entretenir-linge-lin"))
        .await;
    post.shows("Martine Fabre").lacks("Bons plans linge");

    exam.assert_solved().await;
}
