//! The back-office left menu, for both sides: "Site et contenus" (the vocabulary of
//! WordPress) and "Boutique" (the vocabulary of PrestaShop). Entries the employee's profile
//! cannot view are hidden.

use serde::Serialize;
use sqlx::SqlitePool;

use super::{Employee, Right};

/// Which side of the back-office a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Content,
    Shop,
}

struct Entry {
    label: &'static str,
    /// Path under `/s/<id>/admin`.
    path: &'static str,
    tab: &'static str,
    icon: &'static str,
    badge: Option<fn(&Badges) -> i64>,
    children: &'static [(&'static str, &'static str)],
}

const CONTENT: &[Entry] = &[
    Entry {
        label: "Tableau de bord",
        path: "/",
        tab: "dashboard",
        icon: "tableau",
        badge: None,
        children: &[],
    },
    Entry {
        label: "Articles",
        path: "/articles",
        tab: "content",
        icon: "article",
        badge: None,
        children: &[
            ("Tous les articles", "/articles"),
            ("Ajouter", "/articles/nouveau"),
            ("Catégories", "/articles/categories"),
            ("Étiquettes", "/articles/etiquettes"),
        ],
    },
    Entry {
        label: "Médias",
        path: "/medias",
        tab: "media",
        icon: "media",
        badge: None,
        children: &[],
    },
    Entry {
        label: "Pages",
        path: "/pages",
        tab: "content",
        icon: "page",
        badge: None,
        children: &[
            ("Toutes les pages", "/pages"),
            ("Ajouter", "/pages/nouveau"),
        ],
    },
    Entry {
        label: "Commentaires",
        path: "/commentaires",
        tab: "comments",
        icon: "commentaire",
        badge: Some(|b| b.pending_comments),
        children: &[],
    },
    Entry {
        label: "Apparence",
        path: "/apparence/menus",
        tab: "design",
        icon: "apparence",
        badge: None,
        children: &[
            ("Identité du site", "/apparence/identite"),
            ("Menus", "/apparence/menus"),
            ("Widgets", "/apparence/widgets"),
            ("Page d'accueil", "/apparence/accueil"),
        ],
    },
    Entry {
        label: "Newsletter",
        path: "/newsletter",
        tab: "content",
        icon: "newsletter",
        badge: None,
        children: &[],
    },
    Entry {
        label: "Utilisateurs",
        path: "/utilisateurs",
        tab: "team",
        icon: "utilisateurs",
        badge: None,
        children: &[],
    },
    Entry {
        label: "Réglages",
        path: "/reglages/general",
        tab: "settings",
        icon: "reglages",
        badge: None,
        children: &[
            ("Général", "/reglages/general"),
            ("Lecture", "/reglages/lecture"),
            ("Discussion", "/reglages/discussion"),
            ("Confidentialité", "/reglages/confidentialite"),
        ],
    },
    Entry {
        label: "Mes réponses",
        path: "/reponses",
        tab: "dashboard",
        icon: "reponse",
        badge: None,
        children: &[],
    },
];

const SHOP: &[Entry] = &[
    Entry {
        label: "Tableau de bord",
        path: "/boutique/",
        tab: "dashboard",
        icon: "tableau",
        badge: None,
        children: &[],
    },
    Entry {
        label: "Commandes",
        path: "/boutique/commandes",
        tab: "orders",
        icon: "commandes",
        badge: Some(|b| b.new_orders),
        children: &[
            ("Commandes", "/boutique/commandes"),
            ("États", "/boutique/commandes/etats"),
            ("Avoirs", "/boutique/sav/retours#avoirs"),
            ("Messages clients", "/boutique/sav"),
        ],
    },
    Entry {
        label: "Catalogue",
        path: "/boutique/catalogue/produits",
        tab: "catalog",
        icon: "catalogue",
        badge: None,
        children: &[
            ("Produits", "/boutique/catalogue/produits"),
            ("Catégories", "/boutique/catalogue/categories"),
            ("Stocks", "/boutique/catalogue/stocks"),
            (
                "Attributs et caractéristiques",
                "/boutique/catalogue/attributs",
            ),
            ("Marques", "/boutique/catalogue/marques"),
            ("Réductions", "/boutique/catalogue/reductions"),
        ],
    },
    Entry {
        label: "Clients",
        path: "/boutique/clients",
        tab: "customers",
        icon: "clients",
        badge: None,
        children: &[
            ("Clients", "/boutique/clients"),
            ("Groupes", "/boutique/clients/groupes"),
        ],
    },
    Entry {
        label: "SAV",
        path: "/boutique/sav",
        tab: "customer_service",
        icon: "sav",
        badge: Some(|b| b.open_threads),
        children: &[
            ("Messages clients", "/boutique/sav"),
            ("Retours produits", "/boutique/sav/retours"),
            ("Avis produits", "/boutique/sav/avis"),
            ("Réponses prédéfinies", "/boutique/sav/reponses"),
        ],
    },
    Entry {
        label: "Statistiques",
        path: "/boutique/statistiques",
        tab: "stats",
        icon: "statistiques",
        badge: None,
        children: &[],
    },
    Entry {
        label: "Modules",
        path: "/boutique/modules",
        tab: "modules",
        icon: "modules",
        badge: None,
        children: &[
            ("Gestionnaire de modules", "/boutique/modules"),
            ("Avis produits", "/boutique/modules/avis-produits"),
            ("Partage social", "/boutique/modules/partage-social"),
            ("Produits phares", "/boutique/modules/produits-phares"),
        ],
    },
    Entry {
        label: "Livraison",
        path: "/boutique/livraison/transporteurs",
        tab: "shipping",
        icon: "livraison",
        badge: None,
        children: &[
            ("Transporteurs", "/boutique/livraison/transporteurs"),
            ("Zones", "/boutique/livraison/zones"),
            ("Préférences", "/boutique/livraison/preferences"),
        ],
    },
    Entry {
        label: "Paramètres",
        path: "/boutique/parametres/paiement",
        tab: "settings",
        icon: "reglages",
        badge: None,
        children: &[("Paiement", "/boutique/parametres/paiement")],
    },
    Entry {
        label: "Équipe",
        path: "/boutique/equipe",
        tab: "team",
        icon: "utilisateurs",
        badge: None,
        children: &[
            ("Employés", "/boutique/equipe"),
            ("Profils", "/boutique/equipe/profils"),
            ("Permissions", "/boutique/equipe/permissions"),
        ],
    },
];

/// The French name of a permission tab, for messages.
pub fn tab_label(tab: &str) -> &'static str {
    match tab {
        "dashboard" => "Tableau de bord",
        "orders" => "Commandes",
        "catalog" => "Catalogue",
        "customers" => "Clients",
        "customer_service" => "SAV",
        "stats" => "Statistiques",
        "modules" => "Modules",
        "design" => "Apparence",
        "shipping" => "Livraison",
        "settings" => "Paramètres",
        "team" => "Équipe",
        "content" => "Articles et pages",
        "comments" => "Commentaires",
        "media" => "Médias",
        _ => "inconnue",
    }
}

/// Counters shown next to menu entries.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Badges {
    pub pending_comments: i64,
    pub new_orders: i64,
    pub open_threads: i64,
}

impl Badges {
    pub async fn load(db: &SqlitePool) -> Result<Badges, sqlx::Error> {
        let (pending_comments, new_orders, open_threads): (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM comment WHERE status = 'pending'),
                    (SELECT COUNT(*) FROM orders o JOIN order_state s ON s.id = o.state_id WHERE s.paid = 0 AND s.cancelled = 0 AND s.refunded = 0),
                    (SELECT COUNT(*) FROM customer_thread WHERE status != 'closed')",
        )
        .fetch_one(db)
        .await?;
        Ok(Badges {
            pending_comments,
            new_orders,
            open_threads,
        })
    }
}

#[derive(Debug, Serialize)]
pub struct MenuLink {
    pub label: String,
    pub url: String,
    pub icon: &'static str,
    pub active: bool,
    pub badge: i64,
    pub children: Vec<MenuChild>,
}

#[derive(Debug, Serialize)]
pub struct MenuChild {
    pub label: &'static str,
    pub url: String,
    pub active: bool,
}

pub fn side_of(admin: &str, path: &str) -> Side {
    if path
        .strip_prefix(admin)
        .is_some_and(|p| p.starts_with("/boutique"))
    {
        Side::Shop
    } else {
        Side::Content
    }
}

/// The menu of the side the current page is on, without what the employee may not view.
pub fn for_employee(
    employee: &Employee,
    admin: &str,
    path: &str,
    badges: &Badges,
) -> Vec<MenuLink> {
    let entries = match side_of(admin, path) {
        Side::Content => CONTENT,
        Side::Shop => SHOP,
    };
    let here = path.strip_prefix(admin).unwrap_or(path);
    let under = |p: &str| {
        if p == "/" || p == "/boutique/" {
            here == p || here.is_empty() && p == "/"
        } else {
            here == p || here.starts_with(&format!("{}/", p.trim_end_matches('/')))
        }
    };
    entries
        .iter()
        .filter(|e| employee.can(e.tab, Right::View))
        .map(|e| {
            let children: Vec<MenuChild> = e
                .children
                .iter()
                .map(|(label, p)| MenuChild {
                    label,
                    url: format!("{admin}{p}"),
                    active: here == *p,
                })
                .collect();
            // A child from another area (Commandes › Messages clients is SAV's page) opens
            // this entry only on that very page, so that one page opens one entry.
            let area = e.path.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
            let active = under(e.path)
                || e.children
                    .iter()
                    .any(|(_, p)| here == *p || (p.starts_with(&area) && under(p)));
            MenuLink {
                label: e.label.to_owned(),
                url: format!("{admin}{}", e.path),
                icon: e.icon,
                active,
                badge: e.badge.map_or(0, |f| f(badges)),
                children,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_under_boutique_is_on_the_shop_side() {
        assert_eq!(
            side_of("/s/x/admin", "/s/x/admin/boutique/commandes"),
            Side::Shop
        );
        assert_eq!(side_of("/s/x/admin", "/s/x/admin/articles"), Side::Content);
    }

    #[test]
    fn the_right_follows_method_and_path() {
        use axum::http::Method;
        assert_eq!(Right::for_request(&Method::GET, "/a/b"), Right::View);
        assert_eq!(
            Right::for_request(&Method::POST, "/a/b/nouveau"),
            Right::Add
        );
        assert_eq!(
            Right::for_request(&Method::POST, "/a/b/12/supprimer"),
            Right::Delete
        );
        assert_eq!(Right::for_request(&Method::POST, "/a/b/12"), Right::Edit);
    }
}
