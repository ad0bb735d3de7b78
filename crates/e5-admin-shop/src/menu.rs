//! This side's entries of the back-office left menu (the shell in `e5_shop::admin::menu`
//! renders them, without what the employee's profile cannot view).

use e5_shop::admin::Tab;
use e5_shop::admin::menu::{Entry, Side, SideMenu};

pub static MENU: SideMenu = SideMenu {
    side: Side::Shop,
    entries: &[
        Entry {
            label: "Tableau de bord",
            path: "/boutique/",
            tab: Tab::Dashboard,
            icon: "tableau",
            badge: None,
            children: &[],
        },
        Entry {
            label: "Commandes",
            path: "/boutique/commandes",
            tab: Tab::Orders,
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
            tab: Tab::Catalog,
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
            tab: Tab::Customers,
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
            tab: Tab::CustomerService,
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
            tab: Tab::Stats,
            icon: "statistiques",
            badge: None,
            children: &[],
        },
        Entry {
            label: "Modules",
            path: "/boutique/modules",
            tab: Tab::Modules,
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
            tab: Tab::Shipping,
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
            tab: Tab::Settings,
            icon: "reglages",
            badge: None,
            children: &[("Paiement", "/boutique/parametres/paiement")],
        },
        Entry {
            label: "Équipe",
            path: "/boutique/equipe",
            tab: Tab::Team,
            icon: "utilisateurs",
            badge: None,
            children: &[
                ("Employés", "/boutique/equipe"),
                ("Profils", "/boutique/equipe/profils"),
                ("Permissions", "/boutique/equipe/permissions"),
            ],
        },
        // The subject's answer sheet, one page for both sides (it lives with the content
        // side's screens): the candidate finds it whichever side they work on.
        Entry {
            label: "Mes réponses",
            path: "/reponses",
            tab: Tab::Dashboard,
            icon: "reponse",
            badge: None,
            children: &[],
        },
    ],
};
