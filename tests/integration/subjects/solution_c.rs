//! Subject C solved over HTTP: the untouched sandbox satisfies no check, the solution all of them.

use super::*;
use crate::helpers::one_for;

const ETE_INTRO: &str = "Quand les nuits deviennent chaudes, le choix des draps change tout. Le lin est la matière \
    idéale pour bien dormir en été : naturel, respirant et résistant, il garde le lit frais même pendant les \
    semaines de canicule. Voici pourquoi nous vous conseillons des draps en lin dès les premières chaleurs.";

const ETE_FIBRE: &str = "Le lin absorbe jusqu'à 20 % de son poids en humidité sans paraître mouillé, puis la rejette \
    rapidement : il évacue la transpiration au lieu de la garder contre la peau. Sa fibre creuse laisse circuler \
    l'air, ce qui en fait une matière thermorégulatrice, fraîche en été et agréable en hiver.";

const ETE_ENTRETIEN: &str = "Le lin lavé est souple dès le premier jour et se froisse joliment : inutile de le repasser. \
    Pour le garder beau longtemps, suivez trois gestes simples :";

const ETE_OFFRE: &str = "Nos draps housses en lin lavé existent en écru et en bleu Loire, avec des bonnets de 30 cm qui \
    tiennent bien sur les matelas épais. Découvrez par exemple notre";

const ETE_META: &str = "Frais, respirants et sans repassage : découvrez pourquoi les draps en lin sont les meilleurs \
    alliés de vos nuits d'été.";

const BRUNO_REPLY: &str = "Bonjour Bruno, oui, nos plaids se lavent en machine à 30 °C, sur un cycle délicat, puis \
    sèchent à plat à l'air libre. Évitez simplement l'assouplissant. L'équipe de l'atelier";

const LOAN_REPLY: &str = "Bonjour Loan, pour une chambre orientée nord, privilégiez des teintes chaudes et lumineuses : \
    écru, terracotta ou ocre réchauffent la pièce, que le bleu Loire peut ponctuer. L'équipe de l'atelier";

#[tokio::test]
async fn subject_c_is_solved_over_http() {
    let exam = Exam::start("sujet-c-contenu-lin-ete.toml").await;
    let id = subject_c_questions_1_and_2(&exam).await;
    subject_c_questions_3_to_5(&exam, id).await;
    subject_c_blog_as_a_visitor_sees_it(&exam).await;
}

async fn subject_c_questions_1_and_2(exam: &Exam) -> SandboxId {
    let id = exam.id;

    // Question 1 (and 3: pinned to the top of the blog).
    let visuel = exam
        .media("products/drap-housse-lin-lave-bleu-loire.svg")
        .await;
    let blocks = editor_json(vec![
        paragraph(ETE_INTRO),
        heading("Pourquoi les draps en lin restent frais"),
        paragraph(ETE_FIBRE),
        image(
            visuel,
            "Drap housse en lin lavé bleu Loire sur un lit d'été",
            "Le drap housse en lin lavé bleu Loire",
        ),
        heading("Des draps en lin faciles à vivre"),
        paragraph(ETE_ENTRETIEN),
        bullet_list(&[
            "lavez-les à 40 °C",
            "séchez-les à l'air libre",
            "évitez l'assouplissant",
        ]),
        paragraph(&format!(
            "{ETE_OFFRE} <a href=\"/s/{id}/produit/drap-housse-lin-lave-bleu-loire\">drap housse en lin lavé bleu Loire</a>, \
             parfait pour vos nuits d'été."
        )),
    ]);
    let mut f = form(&[
        (
            "title",
            "Bien dormir en été : pourquoi choisir des draps en lin",
        ),
        ("slug", "bien-dormir-ete-draps-lin"),
        ("excerpt", ""),
        ("blocks", &blocks),
        ("meta_title", ""),
        ("meta_description", ETE_META),
        ("focus_keyword", "draps en lin"),
        ("featured_media_id", &visuel.to_string()),
        ("comments_open", "1"),
        ("sticky", "1"),
        ("tags", "lin"),
        ("publish_at", ""),
        ("action", "publish"),
    ]);
    f.push(("term".into(), exam.term("guides-achat").await.to_string()));
    exam.create_post("articles", &f, "Article publié.").await;

    // Question 2: both readers answered.
    let bruno = exam.moderate_comment("Bruno", "approuver").await;
    exam.reply_to_comment(bruno, BRUNO_REPLY).await;
    let loan = exam.moderate_comment("Loan", "approuver").await;
    exam.reply_to_comment(loan, LOAN_REPLY).await;

    id
}

async fn subject_c_questions_3_to_5(exam: &Exam, id: SandboxId) {
    // Question 3: four articles per page (the front page kept as it is).
    let setting = async |key: &str| -> String {
        sqlx::query_scalar("SELECT value FROM setting WHERE key = ?")
            .bind(key)
            .fetch_optional(&exam.db)
            .await
            .unwrap()
            .unwrap_or_default()
    };
    let front_page = setting("reading.front_page").await;
    let mut f = form(&[
        (
            "front",
            if front_page.is_empty() {
                "posts"
            } else {
                "page"
            },
        ),
        ("front_page", &front_page),
        ("posts_per_page", "4"),
    ]);
    if setting("seo.breadcrumb").await != "0" {
        set(&mut f, "breadcrumb", "1");
    }
    exam.send_expecting("/reglages/lecture", &f, "Réglages enregistrés.")
        .await;

    // Question 4: the social widget in the footer.
    exam.add_widget("footer", "social", "Suivez l'atelier", "")
        .await;

    // Question 5: Antoine Pineau can no longer sign in, his articles kept.
    let articles_of_antoine = async || -> i64 {
        one_for(
            &exam.db,
            "SELECT COUNT(*) FROM post p JOIN employee e ON e.id = p.author_id WHERE e.email = ?",
            "antoine.pineau@toiles-de-loire.fr",
        )
        .await
    };
    let written = articles_of_antoine().await;
    assert!(written > 0);
    exam.deactivate_employee("antoine.pineau@toiles-de-loire.fr")
        .await;
    assert_eq!(articles_of_antoine().await, written);
    let (refused, _) = exam
        .app
        .shopper()
        .post(
            &format!("/s/{id}/admin/connexion"),
            &[
                ("email", "antoine.pineau@toiles-de-loire.fr"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_ne!(refused.status, 303, "a deactivated account cannot sign in");
}

async fn subject_c_blog_as_a_visitor_sees_it(exam: &Exam) {
    exam.storefront_shows("/blog", &["Bien dormir en été", "Suivez l"])
        .await;

    exam.assert_solved().await;
}
