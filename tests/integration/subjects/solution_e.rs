//! Subject E solved over HTTP: the untouched sandbox satisfies no check, the solution all of them.

use super::*;

const PLAID_DESCRIPTION: &str = "Un plaid en lin et coton au tissage gaufré, bordé de franges nouées à la main. Sa teinte \
    terracotta chaleureuse s'accorde avec nos housses de coussin. Tissé au Portugal et fini dans notre atelier de \
    Cholet, il se lave en machine à 30 °C.";

const NATHALIE_REPLY: &str = "Bonjour Nathalie, merci d'avoir pris le temps de nous écrire et désolés de cette déception. \
    L'éponge bio peut boulocher lors des premiers lavages : lavez-la à 40 °C maximum, sans assouplissant. Notre service \
    client vous contacte pour trouver une solution.";

#[tokio::test]
async fn subject_e_is_solved_over_http() {
    let exam = Exam::start("sujet-e-boutique-mois-du-blanc.toml").await;

    // Question 1: the product completed with its features, then put online.
    let plaid = exam.product("TDL-PL-004").await;
    let mut f = exam.product_form(plaid).await;
    exam.set_feature(&mut f, "Matière", "55 % lin, 45 % coton")
        .await;
    exam.set_feature(&mut f, "Dimensions", "130 x 170 cm").await;
    exam.set_feature(
        &mut f,
        "Origine",
        "Tissé au Portugal, finitions à Cholet (49)",
    )
    .await;
    set(&mut f, "price_ht", "74,17");
    set(&mut f, "quantity", "30");
    set(&mut f, "description", PLAID_DESCRIPTION);
    set(
        &mut f,
        "meta_title",
        "Plaid en lin et coton terracotta | Toiles de Loire",
    );
    set(
        &mut f,
        "meta_description",
        "Plaid gaufré en lin et coton terracotta, franges nouées à la main, fini à Cholet. Lavable à 30 °C.",
    );
    set(&mut f, "active", "1");
    exam.save_product(plaid, &f).await;

    // Question 2: the white sale on the whole bed linen category.
    exam.create_catalog_rule(
        "Mois du blanc 2027",
        "linge-de-lit",
        "20",
        "2027-01-05",
        "2027-01-31",
    )
    .await;

    // Question 3: the negative review published with a public answer.
    exam.moderate_review("Nathalie P.", "approved", NATHALIE_REPLY)
        .await;

    // Question 4: the return accepted, received, refunded by a credit slip without shipping.
    for step in ["accepter", "recevoir", "rembourser"] {
        exam.return_step("WLEPDSQSZ", step, false).await;
    }

    // Question 5: the order picker's account.
    exam.create_employee(
        "Clara",
        "Lemoine",
        "clara.lemoine@toiles-de-loire.fr",
        "Logisticien",
    )
    .await;

    exam.storefront_shows(
        "/produit/serviette-toilette-eponge-bio",
        &[
            "Déçue après trois lavages",
            "Notre service client vous contacte",
        ],
    )
    .await;

    exam.assert_solved().await;
}
