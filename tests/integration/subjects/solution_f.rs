//! Subject F solved over HTTP: the untouched sandbox satisfies no check, the solution all of them.

use super::*;

const GANT_DESCRIPTION: &str = "Un gant de cuisine en lin épais doublé de coton, au rembourrage ouaté qui protège bien \
    de la chaleur. Sa boucle de suspension le garde à portée de main et il se lave à 40 °C. Assorti à notre tablier \
    bleu Loire, cousu à Cholet.";

const LACROIX_REPLY: &str = "Bonjour Madame Lacroix, nous avons bien reçu et encaissé votre chèque : votre commande \
    CJYLGHHRY est validée et part en préparation. Merci de votre confiance, le service client.";

const F_DIAGNOSTIC: &str = "Indicateurs : paniers créés, paniers abandonnés, taux d'abandon de panier et taux de \
    conversion, par appareil, en octobre comparé à septembre 2026. Sur mobile, le nombre de paniers a augmenté mais \
    le taux d'abandon de panier a fortement progressé et le taux de conversion a baissé, alors que l'ordinateur reste \
    stable. Causes possibles : un tunnel de commande trop long sur mobile, des frais de port découverts tard. Actions \
    correctives : simplifier la commande sur mobile et afficher les frais de port dès le panier, puis relancer les \
    paniers abandonnés par courriel.";

#[tokio::test]
async fn subject_f_is_solved_over_http() {
    let exam = Exam::start("sujet-f-boutique-soldes-hiver.toml").await;

    // Question 1: the product completed, online and featured on the home page.
    let gant = exam.product("TDL-AC-006").await;
    let mut f = exam.product_form(gant).await;
    set(&mut f, "price_ht", "16,58");
    set(&mut f, "quantity", "60");
    set(&mut f, "description", GANT_DESCRIPTION);
    set(
        &mut f,
        "meta_title",
        "Gant de cuisine en lin bleu Loire | Toiles de Loire",
    );
    set(
        &mut f,
        "meta_description",
        "Gant de cuisine en lin épais doublé de coton, rembourrage ouaté et boucle de suspension. Assorti au tablier bleu Loire.",
    );
    set(&mut f, "active", "1");
    set(&mut f, "featured", "1");
    f.push((
        "accessories".into(),
        exam.product("TDL-AC-003").await.to_string(),
    ));
    exam.save_product(gant, &f).await;

    // Question 2: the carousel slide.
    let slide = exam.media("slides/slide-table.svg").await;
    exam.add_home_block(&form(&[
        ("kind", "slide"),
        ("title", "La cuisine se met au lin"),
        (
            "body",
            "Tabliers, torchons et gants assortis, tissés en Europe et cousus à Cholet.",
        ),
        ("link", "/categorie/accessoires"),
        ("media_id", &slide.to_string()),
        ("position", "0"),
        ("active", "1"),
    ]))
    .await;

    // Question 3: the cheque received, the customer told.
    exam.set_order_state("CJYLGHHRY", "Paiement accepté").await;
    exam.reply_to_thread("Paiement par chèque", LACROIX_REPLY, "closed")
        .await;

    // Question 4: « couverture » finds the plaids.
    exam.add_search_alias("couverture", "plaid").await;

    // Question 5: the written diagnostic.
    exam.write_answer(5, F_DIAGNOSTIC).await;

    // Not the glove itself: the home page lists the first 8 featured products by id, and
    // the reference site already has 8 (reported to the storefront's owner).
    exam.storefront_shows("/", &["La cuisine se met au lin"])
        .await;

    exam.assert_solved().await;
}
