//! Every shop menu entry answers in French; settings and module settings are saved, journaled
//! and honoured by the storefront.

use super::*;
use crate::helpers::{one, row, rows};

#[tokio::test]
async fn every_shop_menu_entry_answers_in_french_and_settings_are_saved_with_their_journal() {
    // Every link of the shop-side menu (entries, then each entry's sub-menu) leads to a page.
    let s = Site::new().await;
    let (t, sandbox, id, user) = (&s.t, s.sandbox, &s.id, &s.admin);
    let db = every_shop_menu_link_leads_to_a_page(t, sandbox, id, user).await;
    shop_settings_are_saved_with_their_journal(id, user, &db).await;
}

async fn every_shop_menu_link_leads_to_a_page(
    t: &TestData,
    sandbox: SandboxId,
    id: &str,
    user: &Shopper,
) -> SqlitePool {
    let prefix = format!("/s/{id}/admin/boutique/");
    let links_of = |body: &str| -> Vec<String> {
        body.replace("&#x2F;", "/")
            .split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|href| href.starts_with(&prefix) && !href.contains("/export/"))
            .map(|href| href.split(['#', '?']).next().unwrap_or(href).to_owned())
            .collect()
    };
    let mut links = links_of(&user.get(&prefix).await.body);
    let mut seen = std::collections::BTreeSet::new();
    while let Some(link) = links.pop() {
        if !seen.insert(link.clone()) {
            continue;
        }
        let page = user.get(&link).await;
        assert_eq!(page.status, 200, "{link}");
        assert!(page.body.contains("lang=\"fr\""), "{link}");
        if link.matches('/').count() <= 6 {
            links.extend(
                links_of(&page.body)
                    .into_iter()
                    .filter(|l| l.matches('/').count() <= 7 && !l.ends_with("/nouveau")),
            );
        }
    }
    assert!(seen.len() >= 20, "{seen:?}");
    for path in [
        "catalogue/stocks",
        "catalogue/categories",
        "catalogue/marques",
        "catalogue/attributs",
        "modules",
        "livraison/transporteurs",
    ] {
        assert_eq!(
            user.get(&format!("/s/{id}/admin/boutique/{path}"))
                .await
                .status,
            200,
            "{path}"
        );
    }

    let db = t.open(sandbox).await;
    let prefs = format!("/s/{id}/admin/boutique/livraison/preferences");
    user.refused(
        &prefs,
        &[("threshold", "beaucoup")],
        "Le seuil doit être un montant en euros",
    )
    .await;
    user.post_ok(&prefs, &[("threshold", "59,00")]).await;
    let threshold: String = one(
        &db,
        "SELECT value FROM setting WHERE key = 'shipping.free_threshold_cents'",
    )
    .await;
    assert_eq!(threshold, "5900");
    db
}

async fn shop_settings_are_saved_with_their_journal(id: &str, user: &Shopper, db: &SqlitePool) {
    assert!(
        last_journal(db, "setting")
            .await
            .1
            .starts_with("Préférences de livraison")
    );

    let payment = format!("/s/{id}/admin/boutique/parametres/paiement");
    let form = user.get(&payment).await;
    form.shows("SAS Les Toiles de Loire");
    user.post_shows(
        &payment,
        &[
            ("payment_cheque_payee", "Les Toiles de Loire"),
            (
                "payment_cheque_address",
                "18 rue des Tisserands, 49300 Cholet",
            ),
            ("payment_transfer_owner", "SAS Les Toiles de Loire"),
            ("payment_transfer_iban", "FR76 1470 6000 3200 1234 5678 942"),
            ("payment_transfer_bic", "AGRIFRPP847"),
            (
                "payment_transfer_bank",
                "Crédit Agricole Anjou Maine — agence de Cholet",
            ),
        ],
        "Paramètres de paiement enregistrés.",
    )
    .await;
    let payee: String = one(
        db,
        "SELECT value FROM setting WHERE key = 'payment.cheque_payee'",
    )
    .await;
    assert_eq!(payee, "Les Toiles de Loire");
    assert_eq!(
        last_journal(db, "setting").await.1,
        "Paramètres de paiement (chèque et virement) modifiés (2 réglage(s))"
    );

    // Social sharing on a product page goes through the external-link notice, never out.
    let slug: String = one(
        db,
        "SELECT slug FROM product WHERE active = 1 ORDER BY id LIMIT 1",
    )
    .await;
    let product = user.get(&format!("/s/{id}/produit/{slug}")).await;
    product.shows("Partager");
    assert!(product.body.replace("&#x2F;", "/").contains(&format!(
        "/s/{id}/lien-externe?url=https%3A%2F%2Fwww.facebook.com%2Fsharer"
    )));
    product.lacks("href=\"https://www.facebook.com/sharer");
}

#[tokio::test]
async fn module_settings_are_saved_journaled_and_honoured_by_the_storefront() {
    let s = Site::new().await;
    the_review_module_settings_are_saved(&s).await;
    let slug = the_storefront_pages_and_limits_reviews(&s).await;
    sharing_pinterest_off(&s, &slug).await;
}

async fn the_review_module_settings_are_saved(s: &Site) {
    let modules = s.admin.get(&s.admin_path("/modules")).await;
    assert!(
        modules
            .body
            .contains("modules&#x2F;avis-produits\">Configurer"),
        "{} {}",
        modules.status,
        modules.body
    );

    // Reviews: published at once, signed-in customers only, 2 per page.
    let page = s
        .admin
        .get_ok(&s.admin_path("/modules/avis-produits"))
        .await;
    page.shows("Avis par page");
    let (refused, _) = s
        .admin
        .post(
            &s.admin_path("/modules/avis-produits"),
            "moderation=after&per_page=0",
        )
        .await;
    assert_eq!(refused.status, 422);
    refused.shows("entre 1 et 50");
    let unset: i64 = one(
        &s.db,
        "SELECT COUNT(*) FROM setting WHERE key = 'reviews.per_page'",
    )
    .await;
    assert_eq!(unset, 0, "nothing written");
    let page = s
        .admin
        .post_ok(
            &s.admin_path("/modules/avis-produits"),
            "moderation=after&per_page=2",
        )
        .await;
    page.shows("Réglages du module enregistrés.");
    let settings: Vec<(String, String)> = rows(&s.db, "SELECT key, value FROM setting WHERE key IN ('reviews.manual_approval', 'reviews.allow_guests', 'reviews.per_page') ORDER BY key").await;
    assert_eq!(
        settings,
        vec![
            ("reviews.allow_guests".into(), "0".into()),
            ("reviews.manual_approval".into(), "0".into()),
            ("reviews.per_page".into(), "2".into()),
        ]
    );
    assert_eq!(
        s.last_summary().await,
        "Module Avis produits réglé : publication immédiate, avis réservés aux clients connectés, 2 avis par page"
    );
}

async fn the_storefront_pages_and_limits_reviews(s: &Site) -> String {
    let (slug, reviews): (String, i64) = row(
        &s.db,
        "SELECT p.slug, COUNT(*) FROM product_review r JOIN product p ON p.id = r.product_id
         WHERE r.status = 'approved' AND p.active = 1 GROUP BY p.id ORDER BY COUNT(*) DESC LIMIT 1",
    )
    .await;
    assert!(reviews > 2);
    let visitor = s.app.shopper();
    let page = visitor.get(&s.shop(&format!("/produit/{slug}"))).await;
    page.shows("pour donner votre avis.")
        .lacks("Envoyer mon avis");
    assert!(
        page.body.contains(&format!("/produit/{slug}?avis=2#avis")),
        "reviews are paged by 2"
    );
    assert_eq!(page.body.matches("class=\"un-avis\"").count(), 2);
    let (_, back) = visitor
        .post(
            &s.shop(&format!("/produit/{slug}/avis")),
            "author_name=Anonyme&title=Bien&content=Très bien.&rating=5",
        )
        .await;
    back.shows("Connectez-vous à votre compte client pour donner votre avis.");
    let camille = s.customer(CAMILLE).await;
    let (_, back) = camille
        .post(
            &s.shop(&format!("/produit/{slug}/avis")),
            "author_name=Camille&title=Parfait&content=Doux et solide.&rating=5",
        )
        .await;
    assert!(
        back.body.contains("Votre avis est publié"),
        "published at once"
    );

    slug
}

async fn sharing_pinterest_off(s: &Site, slug: &str) {
    // Sharing: Pinterest off.
    let (saved, _) = s
        .admin
        .post(
            &s.admin_path("/modules/partage-social"),
            "share_facebook=1&share_twitter=1",
        )
        .await;
    assert_eq!(saved.status, 303);
    assert_eq!(
        s.last_summary().await,
        "Module Partage social réglé : Facebook affiché, Pinterest masqué, X (Twitter) affiché"
    );
    let page = s.visitor(&format!("/produit/{slug}")).await;
    let share = page
        .body
        .find("class=\"partage\"")
        .expect("sharing buttons");
    let share = &page.body[share..share + page.body[share..].find("</nav>").unwrap()];
    assert!(share.contains(">Facebook</a>"));
    assert!(!share.contains("Pinterest"), "{share}");

    // Featured products: 2 on the home page.
    let featured: i64 = one(
        &s.db,
        "SELECT COUNT(*) FROM product WHERE featured = 1 AND active = 1",
    )
    .await;
    assert!(featured > 2);
    let page = s
        .admin
        .post_ok(&s.admin_path("/modules/produits-phares"), &[("count", "2")])
        .await;
    page.shows("Non affiché");
    assert_eq!(
        s.last_summary().await,
        "Module Produits phares réglé : 2 produit(s) sur la page d'accueil"
    );
    let home = s.visitor("/").await;
    let start = home.body.find("Nos coups de cœur").unwrap();
    let end = home.body[start..].find("</section>").unwrap();
    assert_eq!(
        home.body[start..start + end]
            .matches("class=\"carte-produit\"")
            .count(),
        2
    );
    // Saving the same values again writes nothing.
    let rows = s.journal_count().await;
    let (_, page) = s
        .admin
        .post(&s.admin_path("/modules/produits-phares"), &[("count", "2")])
        .await;
    page.shows("Aucune modification");
    assert_eq!(s.journal_count().await, rows);
}

/// The context says only what the shop has: the predefined reply "Retour produit" and the
/// pages on returns send customers to the contact form (there is no "Retours produits"
/// section in their account), and the pending reviews talk about the product they are on.
#[tokio::test]
async fn the_context_sends_customers_only_where_the_shop_can_take_them() {
    let s = Site::new().await;
    let reply: String = one(
        &s.db,
        "SELECT body FROM predefined_reply WHERE title = 'Retour produit'",
    )
    .await;
    assert!(
        !reply.contains("Retours produits") && reply.contains("répondez simplement à ce message"),
        "{reply}"
    );
    for page in ["/page/faq", "/page/livraison-et-retours"] {
        s.visitor(page)
            .await
            .lacks("Retours produits")
            .shows("Nous contacter");
    }
    // Each pending review names what its product is (a plaid review is not on a cushion).
    let reviews: Vec<(String, String, String)> = rows(
        &s.db,
        "SELECT p.name, r.title, r.content FROM product_review r JOIN product p ON p.id = r.product_id
          WHERE r.id IN (78, 79, 83, 86, 87) ORDER BY r.id",
    )
    .await;
    let kinds = ["coussin", "coussin", "torchon", "coussin", "tapis"];
    let said = ["terracotta", "broderie", "torchons", "broderie", "tapis"];
    for ((name, title, content), (kind, word)) in reviews.iter().zip(kinds.iter().zip(said)) {
        assert!(name.to_lowercase().contains(kind), "{name}");
        let text = format!("{title} {content}").to_lowercase();
        assert!(
            text.contains(word) && !text.contains("plaid") && !text.contains("serviette"),
            "{name}: {text}"
        );
    }
}
