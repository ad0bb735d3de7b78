//! This side's entries of the back-office left menu (the shell in `e5_shop::admin::menu`
//! renders them, without what the employee's profile cannot view).

use e5_shop::admin::Tab;
use e5_shop::admin::menu::{Entry, Side, SideMenu};

pub static MENU: SideMenu = SideMenu {
    side: Side::Content,
    entries: &[
        Entry {
            label: "Tableau de bord",
            path: "/",
            tab: Tab::Dashboard,
            icon: "tableau",
            badge: None,
            children: &[],
        },
        Entry {
            label: "Articles",
            path: "/articles",
            tab: Tab::Content,
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
            tab: Tab::Media,
            icon: "media",
            badge: None,
            children: &[],
        },
        Entry {
            label: "Pages",
            path: "/pages",
            tab: Tab::Content,
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
            tab: Tab::Comments,
            icon: "commentaire",
            badge: Some(|b| b.pending_comments),
            children: &[],
        },
        Entry {
            label: "Apparence",
            path: "/apparence/menus",
            tab: Tab::Design,
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
            tab: Tab::Content,
            icon: "newsletter",
            badge: None,
            children: &[],
        },
        Entry {
            label: "Utilisateurs",
            path: "/utilisateurs",
            tab: Tab::Team,
            icon: "utilisateurs",
            badge: None,
            children: &[],
        },
        Entry {
            label: "Réglages",
            path: "/reglages/general",
            tab: Tab::Settings,
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
            tab: Tab::Dashboard,
            icon: "reponse",
            badge: None,
            children: &[],
        },
    ],
};
