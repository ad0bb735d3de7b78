//! Réglages: general (address details, social networks), reading, discussion, and the
//! privacy-policy page generator. Administrators only for writes.

use std::collections::HashMap;

use axum::Form;
use e5_shop::admin::Staff;
use e5_shop::admin::form::Fields;
use e5_shop_db::query::Read;
use serde::Deserialize;
use tera::Context;

use crate::commands;
use crate::posts::PageResult;
use crate::roles::{Role, require};
use e5_domain::blocks::{Block, ListStyle};
use e5_domain::setting;

const GENERAL: &[(&str, &str)] = &[
    (setting::SHOP_EMAIL, "Adresse e-mail de contact"),
    (setting::SHOP_PHONE, "Téléphone"),
    (setting::SHOP_ADDRESS, "Adresse"),
    (setting::SHOP_POSTCODE, "Code postal"),
    (setting::SHOP_CITY, "Ville"),
    (setting::SHOP_COUNTRY, "Pays"),
    (setting::SOCIAL_FACEBOOK, "Facebook (adresse de la page)"),
    (setting::SOCIAL_INSTAGRAM, "Instagram"),
    (setting::SOCIAL_PINTEREST, "Pinterest"),
    (setting::SOCIAL_LINKEDIN, "LinkedIn"),
];

async fn page(staff: &Staff, template: &str, title: &str, extra: Context) -> PageResult {
    let db = staff.site.db();
    let s = e5_shop::content::settings(db).await?;
    let pages: Vec<(i64, String)> = db
        .rows(
            "SELECT id, title FROM post WHERE kind = 'page' AND status = 'publish' ORDER BY title",
            (),
        )
        .await?;
    let mut ctx = extra;
    let get = |k: &str| s.get(k).cloned().unwrap_or_default();
    ctx.insert(
        "values",
        &GENERAL.iter().map(|(k, _)| get(k)).collect::<Vec<_>>(),
    );
    ctx.insert("front_page", &get(setting::READING_FRONT_PAGE));
    ctx.insert(
        "per_page",
        &get(setting::READING_POSTS_PER_PAGE)
            .parse::<i64>()
            .unwrap_or(6),
    );
    ctx.insert("breadcrumb", &(get(setting::SEO_BREADCRUMB) != "0"));
    ctx.insert("manual", &(get(setting::DISCUSSION_MANUAL_APPROVAL) != "0"));
    ctx.insert(
        "reviews_manual",
        &(get(setting::REVIEWS_MANUAL_APPROVAL) != "0"),
    );
    ctx.insert(
        "company",
        &format!(
            "{} ({})",
            get(setting::SHOP_NAME),
            get(setting::SHOP_LEGAL_FORM)
        ),
    );
    ctx.insert(
        "address",
        &format!(
            "{}, {} {}",
            get(setting::SHOP_ADDRESS),
            get(setting::SHOP_POSTCODE),
            get(setting::SHOP_CITY)
        ),
    );
    ctx.insert("email", &get(setting::SHOP_EMAIL));
    ctx.insert(
        "data_kinds",
        &[
            ("identite", "Identité"),
            ("contact", "Coordonnées"),
            ("commande", "Commandes et paiement"),
            ("navigation", "Navigation et cookies"),
            ("newsletter", "Lettre d'information"),
            ("avis", "Avis et commentaires"),
        ],
    );
    ctx.insert("host", &get(setting::SHOP_HOST));
    ctx.insert("general", GENERAL);
    ctx.insert("pages", &pages);
    ctx.insert("can_edit", &Role::of(staff).is_admin());
    staff.render(template, title, ctx).await
}

fn admin_only(staff: &Staff) -> Result<(), e5_shop::web::ShopError> {
    require(staff, Role::is_admin, "modifier les réglages").map(|_| ())
}

pub async fn general(staff: Staff) -> PageResult {
    page(
        &staff,
        "admin/content/settings_general.html",
        "Réglages généraux",
        Context::new(),
    )
    .await
}

pub async fn save_general(staff: Staff, Form(f): Form<HashMap<String, String>>) -> PageResult {
    admin_only(&staff)?;
    let mut values = Vec::new();
    for (key, label) in GENERAL {
        let v = f.get(*key).map(|v| v.trim().to_owned()).unwrap_or_default();
        if v.chars().count() > 200 {
            return Ok(staff.refuse(
                "/reglages/general",
                Some(&format!("{label} : 200 caractères au plus.")),
            ));
        }
        if key.starts_with(setting::SOCIAL_PREFIX)
            && !v.is_empty()
            && !v.starts_with("https://")
            && !v.starts_with("http://")
        {
            return Ok(staff.refuse(
                "/reglages/general",
                Some(&format!(
                    "{label} : indiquez une adresse complète commençant par https://"
                )),
            ));
        }
        values.push(((*key).to_owned(), v));
    }
    staff.done(
        commands::save_settings(&staff.site, &staff.actor(), &values, |changed| {
            format!("Réglages généraux modifiés : {}", changed.join(", "))
        })
        .await,
        "/reglages/general",
        "Réglages enregistrés.",
    )
}

pub async fn reading(staff: Staff) -> PageResult {
    page(
        &staff,
        "admin/content/settings_reading.html",
        "Réglages de lecture",
        Context::new(),
    )
    .await
}

#[derive(Deserialize)]
pub struct ReadingForm {
    front: String,
    #[serde(default)]
    front_page: String,
    posts_per_page: String,
    #[serde(default)]
    breadcrumb: Option<String>,
}

pub async fn save_reading(staff: Staff, Form(f): Form<ReadingForm>) -> PageResult {
    admin_only(&staff)?;
    let per_page = match f.posts_per_page.trim().parse::<i64>() {
        Ok(n) if (1..=50).contains(&n) => n,
        _ => {
            return Ok(staff.refuse(
                "/reglages/lecture",
                Some("Nombre d'articles par page : entre 1 et 50."),
            ));
        }
    };
    let front = if f.front == "page" {
        match f.front_page.parse::<i64>() {
            Ok(id) => id.to_string(),
            Err(_) => {
                return Ok(staff.refuse(
                    "/reglages/lecture",
                    Some("Choisissez la page d'accueil statique."),
                ));
            }
        }
    } else {
        String::new()
    };
    let values = vec![
        (setting::READING_FRONT_PAGE.to_owned(), front),
        (
            setting::READING_POSTS_PER_PAGE.to_owned(),
            per_page.to_string(),
        ),
        (
            setting::SEO_BREADCRUMB.to_owned(),
            if f.breadcrumb.is_some() { "1" } else { "0" }.to_owned(),
        ),
    ];
    staff.done(
        commands::save_settings(&staff.site, &staff.actor(), &values, |changed| {
            format!("Réglages de lecture modifiés : {}", changed.join(", "))
        })
        .await,
        "/reglages/lecture",
        "Réglages enregistrés.",
    )
}

pub async fn discussion(staff: Staff) -> PageResult {
    page(
        &staff,
        "admin/content/settings_discussion.html",
        "Réglages des commentaires",
        Context::new(),
    )
    .await
}

#[derive(Deserialize)]
pub struct DiscussionForm {
    manual_approval: Option<String>,
    reviews_manual_approval: Option<String>,
}

pub async fn save_discussion(staff: Staff, Form(f): Form<DiscussionForm>) -> PageResult {
    admin_only(&staff)?;
    let values = vec![
        (
            setting::DISCUSSION_MANUAL_APPROVAL.to_owned(),
            if f.manual_approval.is_some() {
                "1"
            } else {
                "0"
            }
            .to_owned(),
        ),
        (
            setting::REVIEWS_MANUAL_APPROVAL.to_owned(),
            if f.reviews_manual_approval.is_some() {
                "1"
            } else {
                "0"
            }
            .to_owned(),
        ),
    ];
    let summary = format!(
        "Réglages des commentaires : approbation manuelle {}",
        if f.manual_approval.is_some() {
            "activée"
        } else {
            "désactivée"
        }
    );
    staff.done(
        commands::save_settings(&staff.site, &staff.actor(), &values, |_| summary.clone()).await,
        "/reglages/discussion",
        "Réglages enregistrés.",
    )
}

pub async fn privacy(staff: Staff) -> PageResult {
    page(
        &staff,
        "admin/content/settings_privacy.html",
        "Confidentialité",
        Context::new(),
    )
    .await
}

#[derive(Deserialize)]
pub struct PrivacyForm {
    company: String,
    address: String,
    email: String,
    #[serde(default)]
    dpo: String,
    #[serde(default)]
    data: Vec<String>,
    #[serde(default)]
    purposes: String,
    retention_customers: String,
    retention_prospects: String,
    #[serde(default)]
    host: String,
}

fn p(text: String) -> serde_json::Value {
    let text = e5_shop::web::escape::escape(&text);
    Block::Paragraph { text }.to_json()
}

fn h(text: &str) -> serde_json::Value {
    let text = text.to_owned();
    Block::Header { level: 2, text }.to_json()
}

/// The page text, in the wording of the RGPD (articles 13 and 15 to 22).
pub fn privacy_blocks(f: &PrivacyForm) -> String {
    let data_labels: Vec<&str> = f
        .data
        .iter()
        .filter_map(|d| match d.as_str() {
            "identite" => Some("identité (nom, prénom)"),
            "contact" => Some("coordonnées (adresse e-mail, adresse postale, téléphone)"),
            "commande" => Some("données de commande et de paiement (les numéros de carte ne sont pas conservés par nous)"),
            "navigation" => Some("données de navigation (cookies, adresse IP, pages consultées)"),
            "newsletter" => Some("adresse e-mail d'inscription à la lettre d'information"),
            "avis" => Some("avis et commentaires publiés"),
            _ => None,
        })
        .collect();
    let blocks = vec![
        p(format!("La présente politique explique comment {} traite les données personnelles des personnes qui utilisent ce site, conformément au règlement général sur la protection des données (RGPD, règlement (UE) 2016/679) et à la loi Informatique et Libertés du 6 janvier 1978 modifiée.", f.company.trim())),
        h("Responsable du traitement"),
        p(format!("Le responsable du traitement est {}, {}. Contact : {}.", f.company.trim(), f.address.trim(), f.email.trim())),
        h("Données collectées"),
        Block::List {
            style: ListStyle::Unordered,
            items: data_labels.iter().map(|d| e5_shop::web::escape::escape(d)).collect(),
        }
        .to_json(),
        h("Finalités et bases légales"),
        p(if f.purposes.trim().is_empty() {
            "Vos données servent à traiter vos commandes et la relation client (exécution du contrat), à respecter nos obligations comptables et fiscales (obligation légale), à vous envoyer notre lettre d'information si vous l'avez demandé (consentement) et à mesurer l'audience du site (intérêt légitime).".to_owned()
        } else {
            f.purposes.trim().to_owned()
        }),
        h("Durées de conservation"),
        p(format!("Données des clients : {} après la fin de la relation commerciale. Données des prospects : {} après le dernier contact. Les pièces comptables sont conservées dix ans, comme la loi l'exige.", f.retention_customers.trim(), f.retention_prospects.trim())),
        h("Destinataires"),
        p(format!("Vos données sont destinées aux seuls services de {} et à ses sous-traitants (hébergement : {}, livraison, paiement), dans la limite de ce qui leur est nécessaire. Elles ne sont ni vendues ni louées.", f.company.trim(), if f.host.trim().is_empty() { "notre hébergeur" } else { f.host.trim() })),
        h("Vos droits"),
        p("Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation du traitement, de portabilité et d'opposition, ainsi que du droit de retirer votre consentement à tout moment et de définir des directives sur le sort de vos données après votre décès.".to_owned()),
        p(format!("Pour exercer ces droits, écrivez à {}{}. Nous répondons dans un délai d'un mois. Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL (www.cnil.fr).",
            if f.dpo.trim().is_empty() { f.email.trim().to_owned() } else { format!("notre délégué à la protection des données ({})", f.dpo.trim()) },
            "")),
        h("Cookies"),
        p("Les cookies strictement nécessaires au fonctionnement du site (panier, connexion) sont déposés sans consentement. Les autres (mesure d'audience, réseaux sociaux) ne le sont qu'avec votre accord, que vous pouvez retirer à tout moment.".to_owned()),
    ];
    serde_json::Value::Array(blocks).to_string()
}

pub async fn generate_privacy(staff: Staff, form: Fields) -> PageResult {
    admin_only(&staff)?;
    let one = |k: &str| form.raw(k).unwrap_or_default().to_owned();
    let f = PrivacyForm {
        company: one("company"),
        address: one("address"),
        email: one("email"),
        dpo: one("dpo"),
        data: form.raw_all("data").to_vec(),
        purposes: one("purposes"),
        retention_customers: one("retention_customers"),
        retention_prospects: one("retention_prospects"),
        host: one("host"),
    };
    for (v, label) in [
        (&f.company, "la raison sociale"),
        (&f.address, "l'adresse"),
        (&f.email, "l'adresse e-mail de contact"),
        (
            &f.retention_customers,
            "la durée de conservation des données clients",
        ),
        (
            &f.retention_prospects,
            "la durée de conservation des données prospects",
        ),
    ] {
        if v.trim().is_empty() {
            return Ok(staff.refuse(
                "/reglages/confidentialite",
                Some(&format!("Indiquez {label}.")),
            ));
        }
    }
    if f.data.is_empty() {
        return Ok(staff.refuse(
            "/reglages/confidentialite",
            Some("Cochez au moins une catégorie de données collectées."),
        ));
    }
    if [
        &f.company,
        &f.address,
        &f.email,
        &f.dpo,
        &f.purposes,
        &f.host,
    ]
    .iter()
    .any(|v| v.chars().count() > 1000)
    {
        return Ok(staff.refuse(
            "/reglages/confidentialite",
            Some("Un champ dépasse 1 000 caractères."),
        ));
    }
    match commands::write_privacy_page(&staff.site, &staff.actor(), staff.employee.id, privacy_blocks(&f)).await {
        Ok(id) => Ok(staff.redirect(&format!("/pages/{id}"), Some("La page « Politique de confidentialité » a été générée et publiée. Relisez-la et complétez-la."))),
        Err(e) => staff.refused("/reglages/confidentialite", e),
    }
}
