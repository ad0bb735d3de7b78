//! The back-office areas ("tabs" of PrestaShop's profiles) on which an employee's profile
//! holds rights, as stored in `profile_permission.tab`.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A back-office area whose rights a profile holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    Dashboard,
    Orders,
    Catalog,
    Customers,
    CustomerService,
    Stats,
    Modules,
    Design,
    Shipping,
    Settings,
    Team,
    Content,
    Comments,
    Media,
}

impl Tab {
    /// Every tab, in the order of the permissions matrix.
    pub const ALL: [Tab; 14] = [
        Tab::Dashboard,
        Tab::Orders,
        Tab::Catalog,
        Tab::Customers,
        Tab::CustomerService,
        Tab::Stats,
        Tab::Modules,
        Tab::Design,
        Tab::Shipping,
        Tab::Settings,
        Tab::Team,
        Tab::Content,
        Tab::Comments,
        Tab::Media,
    ];

    /// The name stored in `profile_permission.tab` (and used in form field names).
    pub fn key(self) -> &'static str {
        match self {
            Tab::Dashboard => "dashboard",
            Tab::Orders => "orders",
            Tab::Catalog => "catalog",
            Tab::Customers => "customers",
            Tab::CustomerService => "customer_service",
            Tab::Stats => "stats",
            Tab::Modules => "modules",
            Tab::Design => "design",
            Tab::Shipping => "shipping",
            Tab::Settings => "settings",
            Tab::Team => "team",
            Tab::Content => "content",
            Tab::Comments => "comments",
            Tab::Media => "media",
        }
    }

    /// The French name, for messages and the permissions matrix.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Dashboard => "Tableau de bord",
            Tab::Orders => "Commandes",
            Tab::Catalog => "Catalogue",
            Tab::Customers => "Clients",
            Tab::CustomerService => "SAV",
            Tab::Stats => "Statistiques",
            Tab::Modules => "Modules",
            Tab::Design => "Apparence",
            Tab::Shipping => "Livraison",
            Tab::Settings => "Paramètres",
            Tab::Team => "Équipe",
            Tab::Content => "Articles et pages",
            Tab::Comments => "Commentaires",
            Tab::Media => "Médias",
        }
    }
}

/// A `profile_permission.tab` that names no area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTab(pub String);

impl fmt::Display for UnknownTab {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown back-office tab {:?}", self.0)
    }
}

impl std::error::Error for UnknownTab {}

impl FromStr for Tab {
    type Err = UnknownTab;

    fn from_str(s: &str) -> Result<Tab, UnknownTab> {
        Tab::ALL
            .into_iter()
            .find(|t| t.key() == s)
            .ok_or_else(|| UnknownTab(s.to_owned()))
    }
}

impl fmt::Display for Tab {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tab_reads_back_from_its_key() {
        for tab in Tab::ALL {
            assert_eq!(tab.key().parse::<Tab>(), Ok(tab));
            assert_eq!(
                serde_json::to_value(tab).unwrap(),
                serde_json::Value::String(tab.key().to_owned())
            );
        }
    }

    #[test]
    fn an_unknown_tab_is_refused() {
        for unknown in ["", "Catalog", "catalog ", "catalogue", "admin", "*"] {
            assert_eq!(
                unknown.parse::<Tab>(),
                Err(UnknownTab(unknown.to_owned())),
                "{unknown:?}"
            );
        }
    }
}
