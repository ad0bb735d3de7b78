//! The keys of the shop's `setting` table that the code reads or the back-office writes: one
//! name per key, so that a key is spelled once and a subject's `setting` check naming a key
//! nobody can change is refused at `file:line`. A context may hold more keys (its history,
//! its colours…) that templates show as they are.

// The shop's identity (Réglages › Général, Apparence › Identité du site).
pub const SHOP_NAME: &str = "shop.name";
pub const SHOP_SLOGAN: &str = "shop.slogan";
pub const SHOP_DESCRIPTION: &str = "shop.description";
pub const SHOP_ACTIVITY: &str = "shop.activity";
pub const SHOP_EMAIL: &str = "shop.email";
pub const SHOP_PHONE: &str = "shop.phone";
pub const SHOP_ADDRESS: &str = "shop.address";
pub const SHOP_POSTCODE: &str = "shop.postcode";
pub const SHOP_CITY: &str = "shop.city";
pub const SHOP_COUNTRY: &str = "shop.country";
pub const SHOP_LEGAL_FORM: &str = "shop.legal_form";
pub const SHOP_SIRET: &str = "shop.siret";
pub const SHOP_HOST: &str = "shop.host";

// Images of the site's identity: a media id, or empty.
pub const LOGO_MEDIA: &str = "logo.media_id";
pub const ICON_MEDIA: &str = "icon.media_id";
pub const HEADER_MEDIA: &str = "header.media_id";

// Social networks: the address of the shop's page on each, or empty.
pub const SOCIAL_FACEBOOK: &str = "social.facebook";
pub const SOCIAL_INSTAGRAM: &str = "social.instagram";
pub const SOCIAL_PINTEREST: &str = "social.pinterest";
pub const SOCIAL_LINKEDIN: &str = "social.linkedin";
/// What every social-network key starts with.
pub const SOCIAL_PREFIX: &str = "social.";

// Reading and discussion (Réglages › Lecture, Discussion).
/// The post id shown as the home page, or empty for the shop's home.
pub const READING_FRONT_PAGE: &str = "reading.front_page";
pub const READING_POSTS_PER_PAGE: &str = "reading.posts_per_page";
/// "0" hides the breadcrumb.
pub const SEO_BREADCRUMB: &str = "seo.breadcrumb";
pub const DISCUSSION_MANUAL_APPROVAL: &str = "discussion.manual_approval";
pub const PRIVACY_PAGE: &str = "privacy.page_id";

// Shop modules (product reviews, sharing buttons, featured products).
pub const REVIEWS_MANUAL_APPROVAL: &str = "reviews.manual_approval";
pub const REVIEWS_ALLOW_GUESTS: &str = "reviews.allow_guests";
pub const REVIEWS_PER_PAGE: &str = "reviews.per_page";
pub const HOME_FEATURED_COUNT: &str = "home.featured_count";
/// The sharing buttons: `share.<network>` is "1" or "0".
pub const SHARE_PREFIX: &str = "share.";

// Delivery and payment.
pub const SHIPPING_FREE_THRESHOLD_CENTS: &str = "shipping.free_threshold_cents";
pub const PAYMENT_CHEQUE_PAYEE: &str = "payment.cheque_payee";
pub const PAYMENT_CHEQUE_ADDRESS: &str = "payment.cheque_address";
pub const PAYMENT_TRANSFER_OWNER: &str = "payment.transfer_owner";
pub const PAYMENT_TRANSFER_IBAN: &str = "payment.transfer_iban";
pub const PAYMENT_TRANSFER_BIC: &str = "payment.transfer_bic";
pub const PAYMENT_TRANSFER_BANK: &str = "payment.transfer_bank";

/// The payment instructions, in the order of the form.
pub const PAYMENT: [&str; 6] = [
    PAYMENT_CHEQUE_PAYEE,
    PAYMENT_CHEQUE_ADDRESS,
    PAYMENT_TRANSFER_OWNER,
    PAYMENT_TRANSFER_IBAN,
    PAYMENT_TRANSFER_BIC,
    PAYMENT_TRANSFER_BANK,
];

/// Every key with a name above, sorted.
pub const ALL: [&str; 36] = [
    DISCUSSION_MANUAL_APPROVAL,
    HEADER_MEDIA,
    HOME_FEATURED_COUNT,
    ICON_MEDIA,
    LOGO_MEDIA,
    PAYMENT_CHEQUE_ADDRESS,
    PAYMENT_CHEQUE_PAYEE,
    PAYMENT_TRANSFER_BANK,
    PAYMENT_TRANSFER_BIC,
    PAYMENT_TRANSFER_IBAN,
    PAYMENT_TRANSFER_OWNER,
    PRIVACY_PAGE,
    READING_FRONT_PAGE,
    READING_POSTS_PER_PAGE,
    REVIEWS_ALLOW_GUESTS,
    REVIEWS_MANUAL_APPROVAL,
    REVIEWS_PER_PAGE,
    SEO_BREADCRUMB,
    SHIPPING_FREE_THRESHOLD_CENTS,
    SHOP_ACTIVITY,
    SHOP_ADDRESS,
    SHOP_CITY,
    SHOP_COUNTRY,
    SHOP_DESCRIPTION,
    SHOP_EMAIL,
    SHOP_HOST,
    SHOP_LEGAL_FORM,
    SHOP_NAME,
    SHOP_PHONE,
    SHOP_POSTCODE,
    SHOP_SIRET,
    SHOP_SLOGAN,
    SOCIAL_FACEBOOK,
    SOCIAL_INSTAGRAM,
    SOCIAL_LINKEDIN,
    SOCIAL_PINTEREST,
];

/// What a setting is called in the back-office, for the examiner ("Logo", "Articles par
/// page"); the key itself for one without a name.
pub fn label(key: &str) -> String {
    let named = match key {
        SHOP_NAME => "Nom du site",
        SHOP_SLOGAN => "Slogan",
        SHOP_DESCRIPTION => "Description de la boutique",
        SHOP_ACTIVITY => "Activité",
        SHOP_EMAIL => "E-mail de la boutique",
        SHOP_PHONE => "Téléphone",
        SHOP_ADDRESS => "Adresse",
        SHOP_POSTCODE => "Code postal",
        SHOP_CITY => "Ville",
        SHOP_COUNTRY => "Pays",
        SHOP_LEGAL_FORM => "Forme juridique",
        SHOP_SIRET => "SIRET",
        SHOP_HOST => "Hébergeur",
        LOGO_MEDIA => "Logo",
        ICON_MEDIA => "Icône du site",
        HEADER_MEDIA => "Image d'en-tête",
        SOCIAL_FACEBOOK => "Lien Facebook",
        SOCIAL_INSTAGRAM => "Lien Instagram",
        SOCIAL_PINTEREST => "Lien Pinterest",
        SOCIAL_LINKEDIN => "Lien LinkedIn",
        READING_FRONT_PAGE => "Page d'accueil",
        READING_POSTS_PER_PAGE => "Articles par page",
        SEO_BREADCRUMB => "Fil d'Ariane",
        DISCUSSION_MANUAL_APPROVAL => "Approbation manuelle des commentaires",
        PRIVACY_PAGE => "Page de politique de confidentialité",
        REVIEWS_MANUAL_APPROVAL => "Modération des avis",
        REVIEWS_ALLOW_GUESTS => "Avis des visiteurs non connectés",
        REVIEWS_PER_PAGE => "Avis par page",
        HOME_FEATURED_COUNT => "Produits phares sur l'accueil",
        SHIPPING_FREE_THRESHOLD_CENTS => "Livraison offerte à partir de",
        PAYMENT_CHEQUE_PAYEE => "Ordre des chèques",
        PAYMENT_CHEQUE_ADDRESS => "Adresse d'envoi des chèques",
        PAYMENT_TRANSFER_OWNER => "Titulaire du compte",
        PAYMENT_TRANSFER_IBAN => "IBAN",
        PAYMENT_TRANSFER_BIC => "BIC",
        PAYMENT_TRANSFER_BANK => "Banque",
        other => {
            return match other.strip_prefix(SHARE_PREFIX) {
                Some(network) => format!("Bouton de partage {network}"),
                None => other.to_owned(),
            };
        }
    };
    named.to_owned()
}

/// Whether a setting holds a yes/no ("1"/"0").
pub fn is_switch(key: &str) -> bool {
    key.starts_with(SHARE_PREFIX)
        || matches!(
            key,
            SEO_BREADCRUMB
                | DISCUSSION_MANUAL_APPROVAL
                | REVIEWS_MANUAL_APPROVAL
                | REVIEWS_ALLOW_GUESTS
        )
}

/// Whether `key` is one the code knows: a named key or a sharing button's `share.<network>`.
pub fn is_known(key: &str) -> bool {
    key.strip_prefix(SHARE_PREFIX)
        .is_some_and(|network| !network.is_empty() && !network.contains('.'))
        || ALL.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_listed_once_and_sorted() {
        let mut sorted = ALL;
        sorted.sort_unstable();
        sorted
            .windows(2)
            .for_each(|w| assert!(w[0] < w[1], "{w:?}"));
        assert_eq!(sorted, ALL);
    }

    #[test]
    fn known_keys_include_the_sharing_buttons_but_not_typos() {
        assert!(is_known("reading.posts_per_page"));
        assert!(is_known("share.facebook"));
        assert!(!is_known("reading.post_per_page"));
        assert!(!is_known("share."));
    }
}
