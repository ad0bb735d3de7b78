//! The back-office left menu, for both sides: "Site et contenus" (the vocabulary of
//! WordPress) and "Boutique" (the vocabulary of PrestaShop). Entries the employee's profile
//! cannot view are hidden.

use e5_shop_db::query::Read;
use serde::Serialize;
use sqlx::SqlitePool;

use super::{Employee, Right, Tab};

/// Which side of the back-office a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Content,
    Shop,
}

/// One entry of the left menu, declared by the crate that serves its pages.
pub struct Entry {
    pub label: &'static str,
    /// Path under `/s/<id>/admin`.
    pub path: &'static str,
    /// Shown only to a profile that may view this tab.
    pub tab: Tab,
    pub icon: &'static str,
    pub badge: Option<fn(&Badges) -> i64>,
    /// (label, path under `/s/<id>/admin`) of the sub-menu.
    pub children: &'static [(&'static str, &'static str)],
}

/// The entries one crate adds to one side of the menu.
pub struct SideMenu {
    pub side: Side,
    pub entries: &'static [Entry],
}

/// The whole menu: the entries of every back-office crate, in the order given.
#[derive(Clone, Default)]
pub struct Menu {
    sides: Vec<&'static SideMenu>,
}

impl Menu {
    pub fn new(sides: impl IntoIterator<Item = &'static SideMenu>) -> Menu {
        Menu {
            sides: sides.into_iter().collect(),
        }
    }

    fn entries(&self, side: Side) -> impl Iterator<Item = &'static Entry> + '_ {
        self.sides
            .iter()
            .filter(move |m| m.side == side)
            .flat_map(|m| m.entries.iter())
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
        let (pending_comments, new_orders, open_threads): (i64, i64, i64) = db.row(
            "SELECT (SELECT COUNT(*) FROM comment WHERE status = 'pending'),
                    (SELECT COUNT(*) FROM orders o JOIN order_state s ON s.id = o.state_id WHERE s.paid = 0 AND s.cancelled = 0 AND s.refunded = 0),
                    (SELECT COUNT(*) FROM customer_thread WHERE status != 'closed')",
            (),
        ).await?;
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
    menu: &Menu,
    employee: &Employee,
    admin: &str,
    path: &str,
    badges: &Badges,
) -> Vec<MenuLink> {
    let entries = menu.entries(side_of(admin, path));
    let here = path.strip_prefix(admin).unwrap_or(path);
    let under = |p: &str| {
        if p == "/" || p == "/boutique/" {
            here == p || here.is_empty() && p == "/"
        } else {
            here == p || here.starts_with(&format!("{}/", p.trim_end_matches('/')))
        }
    };
    entries
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

    static CONTENT: SideMenu = SideMenu {
        side: Side::Content,
        entries: &[
            Entry {
                label: "Articles",
                path: "/articles",
                tab: Tab::Content,
                icon: "article",
                badge: None,
                children: &[("Ajouter", "/articles/nouveau")],
            },
            Entry {
                label: "Commentaires",
                path: "/commentaires",
                tab: Tab::Comments,
                icon: "commentaire",
                badge: Some(|b| b.pending_comments),
                children: &[],
            },
        ],
    };
    static SHOP: SideMenu = SideMenu {
        side: Side::Shop,
        entries: &[Entry {
            label: "Catalogue",
            path: "/boutique/catalogue/produits",
            tab: Tab::Catalog,
            icon: "catalogue",
            badge: None,
            children: &[],
        }],
    };

    fn employee(tabs: &[&str]) -> Employee {
        Employee {
            id: 1,
            first_name: "A".into(),
            last_name: "B".into(),
            email: "a@b.fr".into(),
            profile_id: 2,
            profile: "Profil".into(),
            wp_role: "editor".into(),
            permissions: super::super::Permission::from_rows(
                tabs.iter().map(|t| ((*t).to_owned(), 1, 0, 0, 0)).collect(),
            ),
        }
    }

    #[test]
    fn the_menu_of_a_side_merges_every_crate_and_hides_what_cannot_be_viewed() {
        let menu = Menu::new([&CONTENT, &SHOP]);
        let badges = Badges {
            pending_comments: 3,
            ..Badges::default()
        };
        let admin = "/s/x/admin";
        let all = employee(&["content", "comments", "catalog"]);
        let here = "/s/x/admin/articles/nouveau";
        let links = for_employee(&menu, &all, admin, here, &badges);
        let labels: Vec<&str> = links.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Articles", "Commentaires"]);
        assert!(links[0].active && links[0].children[0].active);
        assert_eq!(links[1].badge, 3);
        let shop = for_employee(&menu, &all, admin, "/s/x/admin/boutique/", &badges);
        assert_eq!(shop.len(), 1);
        assert_eq!(shop[0].url, "/s/x/admin/boutique/catalogue/produits");
        // A profile without the comments tab (or with an unknown one) does not see it.
        let some = employee(&["content", "commentaires"]);
        let links = for_employee(&menu, &some, admin, here, &badges);
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].label, "Articles");
    }
}
