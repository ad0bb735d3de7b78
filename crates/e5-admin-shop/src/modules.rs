//! Modules: the shop's modules as PrestaShop lists them, each with where it is configured.
//! Home-page blocks (carousel, custom text, reassurance, footer links) are edited on the
//! content side (Apparence › Page d'accueil), shared by both back-offices; product reviews,
//! social sharing and featured products have their settings pages here.

use axum::response::Response;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Id;
use e5_shop::admin::form::OrRefusal;
use e5_shop::context;
use e5_shop::modules::{FEATURED_COUNT, ModuleSettings, NETWORKS, REVIEWS_PER_PAGE};
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::Serialize;
use tera::Context;

use crate::commands::modules::{self as command, ModuleChange};
use crate::form::Fields;

#[derive(Debug, Serialize)]
struct Module {
    name: &'static str,
    description: String,
    link: String,
    link_label: &'static str,
}

pub async fn page(staff: Staff) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let blocks: Vec<(String, i64)> = db
        .rows(
            "SELECT kind, COUNT(*) FROM home_block WHERE active = 1 GROUP BY kind",
            (),
        )
        .await?;
    let count = |kind: &str| {
        blocks
            .iter()
            .find(|(k, _)| k == kind)
            .map_or(0, |(_, n)| *n)
    };
    let featured: i64 = db
        .one(
            "SELECT COUNT(*) FROM product WHERE featured = 1 AND active = 1",
            (),
        )
        .await?;
    let settings = ModuleSettings::load(db).await?;
    let home = format!("{}/apparence/accueil", staff.admin);
    let shop = format!("{}/boutique", staff.admin);
    let modules = vec![
        Module {
            name: "Carrousel d'images",
            description: format!(
                "{} diapositive(s) active(s) en haut de la page d'accueil.",
                count("slide")
            ),
            link: home.clone(),
            link_label: "Configurer",
        },
        Module {
            name: "Produits phares",
            description: format!(
                "{} produit(s) sur la page d'accueil, parmi les {featured} mis en avant (case « Mis en avant » de l'onglet Options de la fiche produit).",
                settings.featured_count
            ),
            link: format!("{shop}/modules/produits-phares"),
            link_label: "Configurer",
        },
        Module {
            name: "Meilleures ventes",
            description: "Calculées automatiquement à partir des commandes.".into(),
            link: format!("{shop}/statistiques"),
            link_label: "Voir les statistiques",
        },
        Module {
            name: "Bloc de texte personnalisé",
            description: format!("{} bloc(s) sur la page d'accueil.", count("custom_text")),
            link: home.clone(),
            link_label: "Configurer",
        },
        Module {
            name: "Réassurance",
            description: format!(
                "{} argument(s) (livraison, retours, paiement sécurisé…).",
                count("reassurance")
            ),
            link: home.clone(),
            link_label: "Configurer",
        },
        Module {
            name: "Liens de pied de page",
            description: format!("{} lien(s) en colonnes.", count("footer_link")),
            link: home,
            link_label: "Configurer",
        },
        Module {
            name: "Partage sur les réseaux sociaux",
            description: format!(
                "Boutons sur chaque fiche produit : {}. Ils passent par la page d'avertissement des liens externes.",
                shown_networks(&settings)
            ),
            link: format!("{shop}/modules/partage-social"),
            link_label: "Configurer",
        },
        Module {
            name: "Avis produits",
            description: format!(
                "Modération {}, {} ; {} avis par page. Avis à modérer dans SAV › Avis produits.",
                if settings.reviews_moderated {
                    "avant publication"
                } else {
                    "après publication"
                },
                if settings.reviews_guests {
                    "visiteurs acceptés"
                } else {
                    "clients connectés seulement"
                },
                settings.reviews_per_page
            ),
            link: format!("{shop}/modules/avis-produits"),
            link_label: "Configurer",
        },
        Module {
            name: "Paiement par chèque",
            description: "Ordre et adresse d'envoi affichés au client.".into(),
            link: format!("{shop}/parametres/paiement"),
            link_label: "Configurer",
        },
        Module {
            name: "Paiement par virement",
            description: "Titulaire, IBAN, BIC et banque affichés au client.".into(),
            link: format!("{shop}/parametres/paiement"),
            link_label: "Configurer",
        },
        Module {
            name: "Bons de réduction",
            description: "Règles panier et codes promo.".into(),
            link: format!("{shop}/catalogue/reductions"),
            link_label: "Gérer",
        },
    ];
    let mut ctx = Context::new();
    ctx.insert("modules", &modules);
    staff
        .render("admin/shop/modules.html", "Modules", ctx)
        .await
}

fn shown_networks(settings: &ModuleSettings) -> String {
    let shown: Vec<&str> = NETWORKS
        .iter()
        .filter(|(k, _)| settings.share.get(*k).copied().unwrap_or(true))
        .map(|(_, label)| *label)
        .collect();
    if shown.is_empty() {
        "aucun (boutons masqués)".to_owned()
    } else {
        shown.join(", ")
    }
}

/// The three module pages: URL segment, title.
const PAGES: [(&str, &str); 3] = [
    ("avis-produits", "Avis produits"),
    ("partage-social", "Partage sur les réseaux sociaux"),
    ("produits-phares", "Produits phares"),
];

#[derive(Debug, Serialize, sqlx::FromRow)]
struct FeaturedRow {
    id: i64,
    name: String,
    active: i64,
}

/// Modules › <module>: its settings form.
pub async fn settings_page(staff: Staff, Id(module): Id<String>) -> Result<Response, ShopError> {
    render_settings(&staff, &module, None).await
}

async fn render_settings(
    staff: &Staff,
    module: &str,
    error: Option<String>,
) -> Result<Response, ShopError> {
    let Some((slug, title)) = PAGES.iter().find(|(s, _)| *s == module) else {
        return Err(ShopError::NotFound);
    };
    let db = staff.site.db();
    let settings = ModuleSettings::load(db).await?;
    let mut ctx = context! {
        module: slug, settings,
        networks: NETWORKS.iter().map(|(k, label)| (*k, *label, settings.share.get(*k).copied().unwrap_or(true))).collect::<Vec<_>>(),
        reviews_range: REVIEWS_PER_PAGE, featured_range: FEATURED_COUNT,
    };
    if *slug == "produits-phares" {
        let featured: Vec<FeaturedRow> = db.rows(
            "SELECT id, name, active FROM product WHERE featured = 1 ORDER BY active DESC, updated_at DESC, id",
            (),
        ).await?;
        ctx.insert("featured", &featured);
    }
    if *slug == "avis-produits" {
        let pending: i64 = db
            .one(
                "SELECT COUNT(*) FROM product_review WHERE status = 'pending'",
                (),
            )
            .await?;
        ctx.insert("pending", &pending);
    }
    ctx.insert("error", &error);
    let mut page = staff
        .render("admin/shop/module_settings.html", title, ctx)
        .await?;
    if error.is_some() {
        *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

/// Saves a module's settings through `commands::modules`.
pub async fn save_settings(
    staff: Staff,
    Id(module): Id<String>,
    f: Fields,
) -> Result<Response, ShopError> {
    let number = |name: &str| f.text(name).parse::<i64>().ok();
    let change = match module.as_str() {
        "avis-produits" => number("per_page").map(|per_page| ModuleChange::Reviews {
            moderated: f.text("moderation") != "after",
            guests: f.checked("guests"),
            per_page,
        }),
        "partage-social" => Some(ModuleChange::Sharing(
            NETWORKS
                .iter()
                .map(|(k, _)| ((*k).to_owned(), f.checked(&format!("share_{k}"))))
                .collect(),
        )),
        "produits-phares" => number("count").map(|count| ModuleChange::Featured { count }),
        _ => return Err(ShopError::NotFound),
    };
    let Some(change) = change else {
        return render_settings(
            &staff,
            &module,
            Some("Indiquez un nombre entier.".to_owned()),
        )
        .await;
    };
    let to = format!("/boutique/modules/{module}");
    match command::save(&staff.site, &staff.actor(), change)
        .await
        .or_refusal()?
    {
        Ok(true) => Ok(staff.redirect(&to, Some("Réglages du module enregistrés."))),
        Ok(false) => Ok(staff.redirect(&to, Some("Aucune modification à enregistrer."))),
        Err(message) => render_settings(&staff, &module, Some(message)).await,
    }
}
