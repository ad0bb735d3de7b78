//! Modules: the shop's modules as PrestaShop lists them, each with where it is configured.
//! Home-page blocks (carousel, custom text, reassurance, footer links) are edited on the
//! content side (Apparence › Page d'accueil), shared by both back-offices.

use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::web::ShopError;
use serde::Serialize;
use tera::Context;

#[derive(Debug, Serialize)]
struct Module {
    name: &'static str,
    description: String,
    link: String,
    link_label: &'static str,
}

pub async fn page(staff: Staff) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let blocks: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, COUNT(*) FROM home_block WHERE active = 1 GROUP BY kind")
            .fetch_all(db)
            .await?;
    let count = |kind: &str| {
        blocks
            .iter()
            .find(|(k, _)| k == kind)
            .map_or(0, |(_, n)| *n)
    };
    let (featured, manual): (i64, Option<String>) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM product WHERE featured = 1 AND active = 1), (SELECT value FROM setting WHERE key = 'reviews.manual_approval')",
    )
    .fetch_one(db)
    .await?;
    let home = format!("{}/apparence/accueil", staff.admin);
    let shop = format!("{}/boutique", staff.admin);
    let modules = vec![
        Module { name: "Carrousel d'images", description: format!("{} diapositive(s) active(s) en haut de la page d'accueil.", count("slide")), link: home.clone(), link_label: "Configurer" },
        Module { name: "Produits phares", description: format!("{featured} produit(s) mis en avant (case « Mis en avant » de l'onglet Options de la fiche produit)."), link: format!("{shop}/catalogue/produits"), link_label: "Voir les produits" },
        Module { name: "Meilleures ventes", description: "Calculées automatiquement à partir des commandes.".into(), link: format!("{shop}/statistiques"), link_label: "Voir les statistiques" },
        Module { name: "Bloc de texte personnalisé", description: format!("{} bloc(s) sur la page d'accueil.", count("custom_text")), link: home.clone(), link_label: "Configurer" },
        Module { name: "Réassurance", description: format!("{} argument(s) (livraison, retours, paiement sécurisé…).", count("reassurance")), link: home.clone(), link_label: "Configurer" },
        Module { name: "Liens de pied de page", description: format!("{} lien(s) en colonnes.", count("footer_link")), link: home, link_label: "Configurer" },
        Module { name: "Partage sur les réseaux sociaux", description: "Boutons Facebook, Pinterest et X sur chaque fiche produit ; ils passent par la page d'avertissement des liens externes.".into(), link: format!("{}/", staff.base), link_label: "Voir la boutique" },
        Module { name: "Avis produits", description: format!("Modération {}.", if manual.as_deref() == Some("1") { "avant publication" } else { "après publication" }), link: format!("{shop}/sav/avis"), link_label: "Modérer" },
        Module { name: "Paiement par chèque", description: "Ordre et adresse d'envoi affichés au client.".into(), link: format!("{shop}/parametres/paiement"), link_label: "Configurer" },
        Module { name: "Paiement par virement", description: "Titulaire, IBAN, BIC et banque affichés au client.".into(), link: format!("{shop}/parametres/paiement"), link_label: "Configurer" },
        Module { name: "Bons de réduction", description: "Règles panier et codes promo.".into(), link: format!("{shop}/catalogue/reductions"), link_label: "Gérer" },
    ];
    let mut ctx = Context::new();
    ctx.insert("modules", &modules);
    staff
        .render("admin/shop/modules.html", "Modules", ctx)
        .await
}
