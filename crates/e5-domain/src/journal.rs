//! What the sandbox journal records writes about: one name per kind of thing a command
//! changes. Commands journal with these, and a subject's `journal_contains` check is refused
//! at `check` time when it names anything else, so a typo never reaches exam day.

/// A kind of thing a journalled write changes; stored as [`Entity::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    /// réponse du candidat
    Answer,
    /// marque
    Brand,
    /// panier
    Cart,
    /// règle panier (code promo)
    CartRule,
    /// transporteur
    Carrier,
    /// règle de prix catalogue
    CatalogRule,
    /// catégorie
    Category,
    /// commentaire
    Comment,
    /// client
    Customer,
    /// groupe de clients
    CustomerGroup,
    /// message client
    CustomerThread,
    /// employé
    Employee,
    /// formulaire envoyé
    FormSubmission,
    /// bloc de la page d'accueil
    HomeBlock,
    /// média
    Media,
    /// élément de menu
    MenuItem,
    /// lettre d'information
    Newsletter,
    /// commande
    Order,
    /// retour produit
    OrderReturn,
    /// état de commande
    OrderState,
    /// article ou page
    Post,
    /// réponse prédéfinie
    PredefinedReply,
    /// produit
    Product,
    /// avis produit
    ProductReview,
    /// profil de droits
    Profile,
    /// alias de recherche
    SearchAlias,
    /// réglage
    Setting,
    /// catégorie ou étiquette d'article
    Term,
    /// widget
    Widget,
    /// zone
    Zone,
}

impl Entity {
    /// Every entity, in the order of their names.
    pub const ALL: [Entity; 30] = [
        Entity::Answer,
        Entity::Brand,
        Entity::Carrier,
        Entity::Cart,
        Entity::CartRule,
        Entity::CatalogRule,
        Entity::Category,
        Entity::Comment,
        Entity::Customer,
        Entity::CustomerGroup,
        Entity::CustomerThread,
        Entity::Employee,
        Entity::FormSubmission,
        Entity::HomeBlock,
        Entity::Media,
        Entity::MenuItem,
        Entity::Newsletter,
        Entity::Order,
        Entity::OrderReturn,
        Entity::OrderState,
        Entity::Post,
        Entity::PredefinedReply,
        Entity::Product,
        Entity::ProductReview,
        Entity::Profile,
        Entity::SearchAlias,
        Entity::Setting,
        Entity::Term,
        Entity::Widget,
        Entity::Zone,
    ];

    /// The name stored in `journal.entity` and written in subjects.
    pub const fn as_str(self) -> &'static str {
        match self {
            Entity::Answer => "answer",
            Entity::Brand => "brand",
            Entity::Cart => "cart",
            Entity::CartRule => "cart_rule",
            Entity::Carrier => "carrier",
            Entity::CatalogRule => "catalog_rule",
            Entity::Category => "category",
            Entity::Comment => "comment",
            Entity::Customer => "customer",
            Entity::CustomerGroup => "customer_group",
            Entity::CustomerThread => "customer_thread",
            Entity::Employee => "employee",
            Entity::FormSubmission => "form_submission",
            Entity::HomeBlock => "home_block",
            Entity::Media => "media",
            Entity::MenuItem => "menu_item",
            Entity::Newsletter => "newsletter",
            Entity::Order => "order",
            Entity::OrderReturn => "order_return",
            Entity::OrderState => "order_state",
            Entity::Post => "post",
            Entity::PredefinedReply => "predefined_reply",
            Entity::Product => "product",
            Entity::ProductReview => "product_review",
            Entity::Profile => "profile",
            Entity::SearchAlias => "search_alias",
            Entity::Setting => "setting",
            Entity::Term => "term",
            Entity::Widget => "widget",
            Entity::Zone => "zone",
        }
    }

    /// The entity of a stored or written name.
    pub fn parse(name: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.as_str() == name)
    }
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_entity_and_names_are_sorted() {
        for e in Entity::ALL {
            assert_eq!(Entity::parse(e.as_str()), Some(e));
        }
        assert!(
            Entity::ALL
                .windows(2)
                .all(|w| w[0].as_str() < w[1].as_str())
        );
        assert_eq!(Entity::parse("produit"), None);
    }
}
