//! Subject D solved over HTTP: the untouched sandbox satisfies no check, the solution all of them.

use super::*;
use crate::helpers::one_for;

const SAUGE_DESCRIPTION: &str = "Notre housse de couette en lin européen lavé est tissée en France puis cousue dans \
    notre atelier de Cholet. Souple dès le premier lavage, elle se ferme par des boutons en corozo et se lave à \
    40 °C. Son vert sauge apaisant s'associe à nos draps écrus.";

const TEXIER_REPLY: &str = "Bonjour Monsieur Texier, merci pour votre message et désolés que ce drap housse ne convienne \
    pas à votre matelas. Vous disposez de 30 jours après réception pour nous le renvoyer : le retour est gratuit. \
    Demandez-le depuis votre compte, rubrique « Retours », puis déposez le colis en point relais. Nous vous conseillons \
    notre drap housse à grands bonnets de 40 cm, adapté à une épaisseur de 32 cm : nous pouvons vous l'envoyer en \
    échange dès réception de votre colis. Bien cordialement, le service client des Toiles de Loire";

const D_DIAGNOSTIC: &str = "Indicateurs utilisés : sessions, taux de rebond, paniers créés, commandes et taux de \
    conversion, par source et par appareil. Pendant la campagne du 12 au 25 octobre, les sessions venues des réseaux \
    sociaux sur mobile ont été multipliées par quatre par rapport aux deux semaines précédentes, mais le taux de rebond \
    de cette source a fortement augmenté et le taux de conversion a chuté : les commandes n'ont presque pas suivi. \
    Le trafic attiré par la créatrice était peu qualifié et le parcours sur mobile n'a pas convaincu. Je recommande \
    de choisir une créatrice plus proche de notre clientèle, de proposer un code dédié pour mesurer les ventes et de \
    suivre chaque semaine le taux de conversion par source.";

#[tokio::test]
async fn subject_d_is_solved_over_http() {
    let exam = Exam::start("sujet-d-boutique-housse-lin.toml").await;

    let housse = subject_d_questions_1_and_2(&exam).await;
    subject_d_questions_3_to_5(&exam, housse).await;
}

async fn subject_d_questions_1_and_2(exam: &Exam) -> i64 {
    // Question 1: the product completed, with its three sizes, then put online.
    let housse = exam.product("TDL-HC-005").await;
    let sizes = exam
        .generate_combinations(housse, &["140 x 200 cm", "200 x 200 cm", "240 x 220 cm"])
        .await;
    let mut f = exam.product_form(housse).await;
    set(&mut f, "price_ht", "124,17");
    set(&mut f, "quantity", "24");
    set(&mut f, "description", SAUGE_DESCRIPTION);
    set(
        &mut f,
        "meta_title",
        "Housse de couette en lin lavé vert sauge | Toiles de Loire",
    );
    set(
        &mut f,
        "meta_description",
        "Housse de couette en lin européen lavé vert sauge, tissée en France et cousue à Cholet. Boutons en corozo, lavable à 40 °C.",
    );
    set(&mut f, "focus_keyword", "housse de couette lin");
    set(&mut f, "active", "1");
    for (cid, impact) in sizes.iter().zip(["0,00", "25,00", "41,67"]) {
        set(&mut f, &format!("comb_qty_{cid}"), "8");
        set(&mut f, &format!("comb_impact_{cid}"), impact);
    }
    f.push((
        "accessories".into(),
        exam.product("TDL-TO-001").await.to_string(),
    ));
    exam.save_product(housse, &f).await;

    // Question 2: the loyalty code.
    let fideles = exam
        .id_of("SELECT id FROM customer_group WHERE name = ?", "Fidèles")
        .await;
    exam.create_cart_rule(&form(&[
        ("name", "Merci à nos clients fidèles"),
        ("code", "merci15"),
        (
            "description",
            "Offre de fin d'année réservée au groupe Fidèles",
        ),
        ("starts_on", "2026-12-01"),
        ("ends_on", "2026-12-24"),
        ("minimum", "80"),
        ("quantity", "200"),
        ("quantity_per_customer", "1"),
        ("exclude_discounted", "1"),
        ("active", "1"),
        ("priority", "1"),
        ("reduction", "percent"),
        ("percent", "15"),
        ("amount", ""),
        ("reduction_product_id", ""),
        ("gift_product_id", ""),
        ("group", &fideles.to_string()),
    ]))
    .await;

    housse
}

async fn subject_d_questions_3_to_5(exam: &Exam, housse: i64) {
    // Question 3: the answer to M. Texier, following the return policy.
    exam.reply_to_thread("Drap housse trop petit", TEXIER_REPLY, "pending1")
        .await;

    // Question 4: the « Ambassadeurs » group and its first member.
    let ambassadeurs = exam.create_customer_group("Ambassadeurs", "5", "TTC").await;
    exam.add_customer_to_group("damien.roux@exemple.com", ambassadeurs)
        .await;

    // Question 5: the written diagnostic.
    exam.write_answer(5, D_DIAGNOSTIC).await;

    let slug: String = one_for(&exam.db, "SELECT slug FROM product WHERE id = ?", housse).await;
    exam.storefront_shows(
        &format!("/produit/{slug}"),
        &[
            "Housse de couette en lin lavé",
            "149,00",
            "boutons en corozo",
        ],
    )
    .await;

    exam.assert_solved().await;
}
