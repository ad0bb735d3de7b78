//! Task templates of the shop side (PrestaShop-like back-office): product sheets, promotions,
//! customer service, customers and groups, orders, returns, employees, home page, search,
//! statistics.

use super::data::{ContextData, Product};
use super::dates::{add_days, french, french_month, next_month, previous_month};
use super::rng::Rng;
use super::task::{Annex, DIAGNOSTIQUER, DYNAMISER, SECURISER, Task, V, check, overlay, row, s};
use super::{Alloc, Template};
use crate::model::Side;
use crate::text::{euros, fold, percent};
use e5_domain::setting;

pub(crate) const TEMPLATES: &[Template] = &[
    Template {
        id: "fiche-produit-declinaisons",
        side: Side::Shop,
        creation: true,
        criteria: &[1, 2, 6],
        build: product_with_combinations,
    },
    Template {
        id: "fiche-produit-simple",
        side: Side::Shop,
        creation: true,
        criteria: &[1, 2, 6],
        build: simple_product,
    },
    Template {
        id: "code-promo-conditions",
        side: Side::Shop,
        creation: false,
        criteria: &[6],
        build: promo_code,
    },
    Template {
        id: "livraison-offerte-groupe",
        side: Side::Shop,
        creation: false,
        criteria: &[6, 7],
        build: free_shipping,
    },
    Template {
        id: "regle-catalogue",
        side: Side::Shop,
        creation: false,
        criteria: &[6],
        build: catalog_rule,
    },
    Template {
        id: "prix-specifique-destockage",
        side: Side::Shop,
        creation: false,
        criteria: &[6],
        build: specific_price,
    },
    Template {
        id: "reponse-message-client",
        side: Side::Shop,
        creation: false,
        criteria: &[7],
        build: customer_message,
    },
    Template {
        id: "avis-negatif",
        side: Side::Shop,
        creation: false,
        criteria: &[5, 7],
        build: negative_review,
    },
    Template {
        id: "groupe-clients",
        side: Side::Shop,
        creation: false,
        criteria: &[6],
        build: customer_group,
    },
    Template {
        id: "retour-avoir",
        side: Side::Shop,
        creation: false,
        criteria: &[7],
        build: return_and_credit_slip,
    },
    Template {
        id: "paiement-commande",
        side: Side::Shop,
        creation: false,
        criteria: &[7],
        build: payment_received,
    },
    Template {
        id: "compte-employe",
        side: Side::Shop,
        creation: false,
        criteria: &[7],
        build: employee,
    },
    Template {
        id: "diapositive-accueil",
        side: Side::Shop,
        creation: false,
        criteria: &[3, 4, 6],
        build: slide,
    },
    Template {
        id: "alias-recherche",
        side: Side::Shop,
        creation: false,
        criteria: &[2, 3],
        build: search_alias,
    },
    Template {
        id: "diagnostic-campagne",
        side: Side::Shop,
        creation: false,
        criteria: &[8],
        build: campaign,
    },
    Template {
        id: "diagnostic-abandon-panier",
        side: Side::Shop,
        creation: false,
        criteria: &[8],
        build: cart_abandonment,
    },
];

const COLOURS: &[&str] = &[
    "Vert sauge",
    "Moutarde",
    "Rose poudré",
    "Gris ardoise",
    "Bleu nuit",
    "Terre cuite",
    "Lin naturel",
];

/// A reference free in the context and in the subject: `TDL-HC-005` after `TDL-HC-004`.
fn new_reference(d: &ContextData, a: &mut Alloc, base: &str) -> Option<String> {
    let prefix = base.rsplit_once('-').map(|(p, _)| p)?;
    (1..100)
        .map(|n| format!("{prefix}-{n:03}"))
        .find(|r| !d.product_exists(r) && !a.used.contains(r))
        .inspect(|r| {
            a.used.insert(r.clone());
        })
}

fn new_variant(d: &ContextData, rng: &mut Rng, base: &Product) -> Option<String> {
    let stem = base.name.split(" — ").next().unwrap_or(&base.name);
    let free: Vec<String> = COLOURS
        .iter()
        .map(|c| format!("{stem} — {c}"))
        .filter(|n| !d.products.iter().any(|p| fold(&p.name) == fold(n)))
        .collect();
    rng.pick(&free).cloned()
}

/// A round price near the base price: 49,90 € or 89,00 €.
fn round_price(cents: i64, rng: &mut Rng) -> f64 {
    let euros = (cents as f64 / 100.0 * (1.0 + 0.05 * rng.below(3) as f64)).round();
    if euros < 30.0 { euros - 0.1 } else { euros }
}

fn product_rows(
    reference: &str,
    price: f64,
    category: &str,
    quantity: i64,
    extra_checks: Vec<(&'static str, V)>,
    combinations: bool,
    accessory: &str,
) -> Vec<super::task::Row> {
    let mut stock = vec![
        ("reference", s(reference)),
        ("min_quantity", V::I(quantity)),
    ];
    if combinations {
        stock.push(("min_combinations", V::I(3)));
    }
    let mut seo = vec![
        ("reference", s(reference)),
        ("meta_title", V::B(true)),
        ("meta_description", V::B(true)),
        ("accessories", V::L(vec![accessory.to_owned()])),
    ];
    seo.extend(extra_checks);
    vec![
        row(
            "Informations commerciales et mise en ligne",
            &[1, 6],
            DYNAMISER,
            [
                "Fiche non complétée ou produit laissé hors ligne.",
                "Prix erroné ou description hors des limites, fiche incomplète.",
                &format!(
                    "Prix de {} TTC, description de 200 à 300 caractères, produit en ligne dans sa catégorie.",
                    euros(crate::text::to_cents(price))
                ),
                "Description vendeuse, exacte et sans faute, qui valorise la fabrication ; fiche vérifiée sur la boutique.",
            ],
            vec![check(
                "product_completed",
                vec![
                    ("reference", s(reference)),
                    ("active", V::B(true)),
                    ("price", V::F(price)),
                    ("category", s(category)),
                    ("description_min_chars", V::I(200)),
                    ("description_max_chars", V::I(300)),
                ],
            )],
        ),
        if combinations {
            row(
                "Déclinaisons et stocks",
                &[6],
                DYNAMISER,
                [
                    "Aucune déclinaison.",
                    "Déclinaisons incomplètes, impacts sur le prix ou quantités erronés.",
                    &format!(
                        "Trois déclinaisons avec leurs impacts sur le prix, {quantity} pièces au total."
                    ),
                    "Paramétrage exact et complet (références de déclinaison, déclinaison par défaut pertinente).",
                ],
                vec![check("product_completed", stock)],
            )
        } else {
            row(
                "Stock",
                &[6],
                DYNAMISER,
                [
                    "Stock non renseigné.",
                    "Quantité erronée.",
                    &format!("Stock de {quantity} pièces renseigné."),
                    "Stock exact, seuil d'alerte et comportement en cas de rupture réglés et expliqués.",
                ],
                vec![check("product_completed", stock)],
            )
        },
        row(
            "Référencement et vente additionnelle",
            &[2, 6],
            DYNAMISER,
            [
                "Ni méta-données ni produit associé.",
                "Méta-titre ou méta-description manquant, ou produit associé absent.",
                "Méta-titre et méta-description rédigés, produit associé ajouté.",
                "Méta-données optimisées (mots-clés, longueur), association justifiée par le panier moyen.",
            ],
            vec![check("product_completed", seo)],
        ),
    ]
}

fn product_with_combinations(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let bases: Vec<&Product> = d
        .products
        .iter()
        .filter(|p| p.combinations >= 3 && p.active == 1)
        .collect();
    let base = *rng.pick(&bases)?;
    let name = new_variant(d, rng, base)?;
    let reference = new_reference(d, a, &base.reference)?;
    let price = round_price(base.price_ttc_cents, rng);
    let per_size = *rng.pick(&[5i64, 8, 10, 12])?;
    let accessory = d
        .products
        .iter()
        .find(|p| p.category_slug != base.category_slug && p.active == 1 && p.combinations == 0)?;
    Some(Task {
        theme: format!(
            "produit-{}",
            fold(name.split(" — ").nth(1).unwrap_or("nouveau")).replace(' ', "-")
        ),
        question: format!(
            "La fiche du produit « {name} » (référence {reference}) a été créée hors ligne. Complétez-la à l'aide de l'annexe (prix, trois déclinaisons de taille, quantités, description, référencement, produit associé), puis mettez-la en ligne."
        ),
        annex: Some(Annex {
            title: "Fiche produit transmise par l'atelier".into(),
            text: format!(
                "- Nom : {name}\n- Catégorie : {}\n- Prix de vente : {} TTC pour la plus petite taille ; tailles supérieures : + 10 % et + 20 %\n- Déclinaisons : les trois tailles les plus vendues du modèle « {} »\n- Stock : {per_size} pièces par taille\n- Description (200 à 300 caractères) à rédiger : matière, fabrication à {}, entretien\n- Méta-titre et méta-description à rédiger\n- Produit associé : {} ({})",
                base.category_name,
                euros(crate::text::to_cents(price)),
                base.name,
                d.setting(setting::SHOP_CITY),
                accessory.name,
                accessory.reference
            ),
            image: None,
            table: None,
        }),
        overlay: vec![overlay(
            "product",
            vec![
                ("reference", s(&reference)),
                ("name", s(&name)),
                ("category", s(&base.category_slug)),
                ("active", V::B(false)),
            ],
        )],
        rows: product_rows(
            &reference,
            price,
            &base.category_slug,
            per_size * 3,
            Vec::new(),
            true,
            &accessory.reference,
        ),
    })
}

fn simple_product(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let bases: Vec<&Product> = d
        .products
        .iter()
        .filter(|p| p.combinations == 0 && p.active == 1 && p.price_ttc_cents < 6000)
        .collect();
    let base = *rng.pick(&bases)?;
    let name = new_variant(d, rng, base)?;
    let reference = new_reference(d, a, &base.reference)?;
    let price = round_price(base.price_ttc_cents, rng);
    let quantity = *rng.pick(&[30i64, 40, 60])?;
    Some(Task {
        theme: format!(
            "produit-{}",
            fold(name.split(" — ").nth(1).unwrap_or("nouveau")).replace(' ', "-")
        ),
        question: format!(
            "La fiche du nouveau produit « {name} » (référence {reference}) a été créée hors ligne. Complétez-la à l'aide de l'annexe, mettez-la en ligne et mettez-la en avant parmi les produits phares de la page d'accueil."
        ),
        annex: Some(Annex {
            title: "Fiche produit".into(),
            text: format!(
                "- Nom : {name} ; catégorie : {}\n- Prix : {} TTC ; stock : {quantity} pièces\n- Description (200 à 300 caractères) à rédiger : mêmes qualités que « {} », nouveau coloris\n- Méta-titre et méta-description à rédiger\n- Produit associé : {} ({}), le modèle d'origine",
                base.category_name,
                euros(crate::text::to_cents(price)),
                base.name,
                base.name,
                base.reference
            ),
            image: None,
            table: None,
        }),
        overlay: vec![overlay(
            "product",
            vec![
                ("reference", s(&reference)),
                ("name", s(&name)),
                ("category", s(&base.category_slug)),
                ("active", V::B(false)),
            ],
        )],
        rows: product_rows(
            &reference,
            price,
            &base.category_slug,
            quantity,
            vec![("featured", V::B(true))],
            false,
            &base.reference,
        ),
    })
}

fn promo_dates(d: &ContextData, rng: &mut Rng) -> (String, String) {
    let start = add_days(&next_month(&d.traffic_last_day), rng.below(10) as i64);
    let end = add_days(&start, *rng.pick(&[13i64, 20, 27]).unwrap_or(&13));
    (start, end)
}

fn promo_code(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let words = ["MERCI", "HIVER", "FIDELITE", "DOUCEUR", "ATELIER", "NOEL"];
    let rate = *rng.pick(&[10i64, 15, 20])?;
    let free: Vec<String> = words
        .iter()
        .map(|w| format!("{w}{rate}"))
        .filter(|c| !d.cart_rule_codes.contains(c) && !a.used.contains(c))
        .collect();
    let code = rng.pick(&free)?.clone();
    a.used.insert(code.clone());
    let (start, end) = promo_dates(d, rng);
    let min_amount = *rng.pick(&[50i64, 60, 80])?;
    let total = *rng.pick(&[100i64, 200, 500])?;
    let mut fields = vec![
        ("code", s(&code)),
        ("percent", V::F(rate as f64)),
        ("starts", s(&start)),
        ("ends", s(&end)),
        ("per_customer", V::I(1)),
        ("quantity", V::I(total)),
        ("min_amount", V::F(min_amount as f64)),
    ];
    let exclude = rng.below(2) == 0;
    if exclude {
        fields.push(("exclude_discounted", V::B(true)));
    }
    Some(Task {
        theme: "code-promo".into(),
        question: "Créez le code de réduction décrit en annexe.".into(),
        annex: Some(Annex {
            title: format!("Offre {code}"),
            text: format!(
                "- Code : {code}\n- Réduction de {} sur la commande\n- Valable du {} au {}\n- Une seule utilisation par client, {total} utilisations au total\n- À partir de {min_amount} € d'achats TTC{}",
                percent(rate as f64),
                french(&start),
                french(&end),
                if exclude {
                    ", hors produits déjà en promotion"
                } else {
                    ""
                }
            ),
            image: None,
            table: None,
        }),
        overlay: Vec::new(),
        rows: vec![row(
            "Code de réduction",
            &[6, 7],
            DYNAMISER,
            [
                "Code non créé.",
                "Code créé mais plusieurs conditions manquent (dates, limites, montant minimum).",
                &format!(
                    "Code {code} conforme à l'annexe : taux, dates, limites d'utilisation et montant minimum."
                ),
                "Toutes les conditions conformes, description claire pour le client, risques (cumul, marge) expliqués.",
            ],
            vec![check("cart_rule", fields)],
        )],
    })
}

fn free_shipping(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let groups: Vec<&String> = d.groups.iter().skip(3).collect();
    let group = *rng.pick(&groups)?;
    let code = ["PORTOFFERT", "LIVRAISONPRO", "COLISOFFERT"]
        .into_iter()
        .map(str::to_owned)
        .find(|c| !d.cart_rule_codes.contains(c) && !a.used.contains(c))?;
    a.used.insert(code.clone());
    let (start, end) = promo_dates(d, rng);
    let min_amount = *rng.pick(&[40i64, 50])?;
    Some(Task {
        theme: "livraison-offerte".into(),
        question: format!(
            "Créez l'offre de livraison gratuite réservée au groupe de clients « {group} » décrite en annexe."
        ),
        annex: Some(Annex {
            title: "Livraison offerte".into(),
            text: format!(
                "- Code : {code}\n- Frais de port offerts, pour le groupe « {group} » uniquement\n- Du {} au {}\n- À partir de {min_amount} € d'achats TTC",
                french(&start),
                french(&end)
            ),
            image: None,
            table: None,
        }),
        overlay: Vec::new(),
        rows: vec![row(
            "Règle panier « livraison offerte »",
            &[6, 7],
            DYNAMISER,
            [
                "Règle non créée.",
                "Règle créée sans la restriction de groupe ou avec de mauvaises dates.",
                "Code conforme : livraison offerte, groupe, dates et montant minimum.",
                "Paramétrage complet vérifié, intérêt de l'offre pour ce segment argumenté.",
            ],
            vec![check(
                "cart_rule",
                vec![
                    ("code", s(&code)),
                    ("free_shipping", V::B(true)),
                    ("group", s(group.as_str())),
                    ("starts", s(&start)),
                    ("ends", s(&end)),
                    ("min_amount", V::F(min_amount as f64)),
                ],
            )],
        )],
    })
}

fn catalog_rule(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    let cats: Vec<_> = d.categories.iter().filter(|c| c.products >= 3).collect();
    let cat = *rng.pick(&cats)?;
    let rate = *rng.pick(&[10.0, 15.0, 20.0, 25.0])?;
    let (start, end) = promo_dates(d, rng);
    Some(Task {
        theme: "promotion".into(),
        question: format!(
            "Mettez en place la promotion sur la catégorie « {} » décrite en annexe, pour tous les clients.",
            cat.name
        ),
        annex: Some(Annex {
            title: "Promotion de la quinzaine".into(),
            text: format!(
                "- {} de réduction sur toute la catégorie « {} »\n- Du {} au {}\n- Pour tous les clients, sans code",
                percent(rate),
                cat.name,
                french(&start),
                french(&end)
            ),
            image: None,
            table: None,
        }),
        overlay: Vec::new(),
        rows: vec![row(
            "Règle de prix catalogue",
            &[6],
            DYNAMISER,
            [
                "Aucune promotion créée.",
                "Promotion créée avec un mauvais taux, une mauvaise catégorie ou de mauvaises dates.",
                &format!(
                    "Règle catalogue de {} sur « {} » aux dates prévues.",
                    percent(rate),
                    cat.name
                ),
                "Règle conforme, nom explicite, prix barrés vérifiés sur la boutique, choix d'une règle catalogue justifié.",
            ],
            vec![check(
                "catalog_rule",
                vec![
                    ("category", s(&cat.slug)),
                    ("percent", V::F(rate)),
                    ("starts", s(&start)),
                    ("ends", s(&end)),
                ],
            )],
        )],
    })
}

fn specific_price(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let mut stocked: Vec<&Product> = d
        .products
        .iter()
        .filter(|p| {
            p.active == 1
                && p.combinations == 0
                && p.quantity >= 20
                && !a.used.contains(&p.reference)
        })
        .collect();
    stocked.sort_by_key(|p| std::cmp::Reverse(p.quantity));
    stocked.truncate(5);
    let p = *rng.pick(&stocked)?;
    a.used.insert(p.reference.clone());
    let rate = *rng.pick(&[20.0, 30.0])?;
    let (start, end) = promo_dates(d, rng);
    Some(Task {
        theme: "destockage".into(),
        question: format!(
            "Le stock du produit « {} » est trop important ({} pièces). Appliquez-lui la réduction de déstockage décrite en annexe.",
            p.name, p.quantity
        ),
        annex: Some(Annex {
            title: "Déstockage".into(),
            text: format!(
                "- Produit : {} ({})\n- Réduction de {} pour tous les clients\n- Du {} au {}",
                p.name,
                p.reference,
                percent(rate),
                french(&start),
                french(&end)
            ),
            image: None,
            table: None,
        }),
        overlay: Vec::new(),
        rows: vec![row(
            "Prix spécifique",
            &[6],
            DYNAMISER,
            [
                "Aucune réduction appliquée.",
                "Réduction appliquée avec un mauvais taux ou sans dates.",
                &format!(
                    "Prix spécifique de {} sur le produit, aux dates prévues.",
                    percent(rate)
                ),
                "Réduction conforme et vérifiée sur la fiche, lien entre stock et action commerciale expliqué.",
            ],
            vec![check(
                "specific_price",
                vec![
                    ("product", s(&p.reference)),
                    ("percent", V::F(rate)),
                    ("starts", s(&start)),
                    ("ends", s(&end)),
                ],
            )],
        )],
    })
}

const SCENARIOS: &[(&str, &str)] = &[
    (
        "Question sur l'entretien",
        "Bonjour, j'ai reçu ma commande {order} ({product}), merci ! Avant le premier lavage, pouvez-vous me dire à quelle température le laver et s'il peut aller au sèche-linge ? Je ne voudrais pas l'abîmer.",
    ),
    (
        "Coloris différent de la photo",
        "Bonjour, j'ai bien reçu ma commande {order} mais la couleur de l'article « {product} » est plus claire que sur la photo du site. Est-ce normal ? Puis-je l'échanger ?",
    ),
    (
        "Demande de facture",
        "Bonjour, pourriez-vous m'envoyer la facture de ma commande {order} ? Mon entreprise me la demande pour un remboursement. Merci d'avance.",
    ),
    (
        "Article arrivé abîmé",
        "Bonjour, l'article « {product} » de ma commande {order} est arrivé avec une couture décousue. Je suis déçue, c'était un cadeau. Que pouvez-vous faire ?",
    ),
];

fn customer_message(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let lines: Vec<_> = d
        .delivered_lines
        .iter()
        .filter(|l| !a.used.contains(&l.order_reference))
        .collect();
    let line = *rng.pick(&lines)?;
    a.used.insert(line.order_reference.clone());
    let (subject, body) = *rng.pick(SCENARIOS)?;
    let message = body
        .replace("{order}", &line.order_reference)
        .replace("{product}", &line.product_name);
    let message = format!("{message}\n\n{}", line.customer_name);
    let civility = if line.gender == "M." {
        "M."
    } else if line.gender == "Mme" {
        "Mme"
    } else {
        ""
    };
    Some(Task {
        theme: "service-client".into(),
        question: format!(
            "{} {} a écrit au service client au sujet de sa commande {}. Répondez-lui depuis la boutique de manière adaptée, en tenant compte des conditions de vente de l'entreprise.",
            civility,
            line.customer_name,
            line.order_reference
        )
        .trim_start()
        .to_owned(),
        annex: None,
        overlay: vec![overlay("customer_message", vec![("customer", s(&line.customer_email)), ("order", s(&line.order_reference)), ("subject", s(subject)), ("message", V::Text(message))])],
        rows: vec![row(
            "Réponse au client",
            &[7],
            SECURISER,
            [
                "Pas de réponse.",
                "Réponse inexacte, incomplète ou au ton inadapté.",
                "Réponse courtoise, exacte et complète, qui apporte une solution.",
                "Réponse personnalisée et rassurante, solution concrète conforme aux conditions de vente, fil marqué comme traité.",
            ],
            vec![check("reply_to_thread", vec![("subject", s(subject)), ("customer", s(&line.customer_email)), ("min_chars", V::I(150))])],
        )],
    })
}

const COMPLAINTS: &[(&str, &str)] = &[
    (
        "Décevant après quelques lavages",
        "Très joli à la réception mais après trois lavages le tissu bouloche et a un peu rétréci. Pour ce prix, je m'attendais à mieux.",
    ),
    (
        "Livraison trop longue",
        "Le produit est beau mais il a mis dix jours à arriver alors que le site annonçait 48 heures. Aucune nouvelle entre-temps.",
    ),
    (
        "Couleur différente de la photo",
        "La couleur est beaucoup plus foncée que sur la photo. Je le garde, mais c'est dommage.",
    ),
];

fn negative_review(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let products: Vec<&Product> = d
        .products
        .iter()
        .filter(|p| p.active == 1 && !a.used.contains(&p.reference))
        .collect();
    let p = *rng.pick(&products)?;
    a.used.insert(p.reference.clone());
    let (first, last) = a.person(rng)?;
    let author = format!("{first} {}.", last.chars().next().unwrap_or('X'));
    let (title, text) = *rng.pick(COMPLAINTS)?;
    Some(Task {
        theme: "avis-client".into(),
        question: format!(
            "Un avis négatif sur le produit « {} » attend votre modération. Traitez-le et répondez publiquement au client, puis justifiez votre décision auprès de l'examinateur.",
            p.name
        ),
        annex: None,
        overlay: vec![overlay(
            "review",
            vec![
                ("product", s(&p.reference)),
                ("author", s(&author)),
                ("title", s(title)),
                ("text", s(text)),
                ("rating", V::I(2)),
            ],
        )],
        rows: vec![row(
            "Traitement d'un avis négatif",
            &[5, 7],
            SECURISER,
            [
                "Avis laissé en attente.",
                "Avis refusé sans motif valable, ou publié sans réponse.",
                "Avis publié avec une réponse courtoise qui propose une solution.",
                "Réponse empathique et professionnelle, geste adapté, décision justifiée par la transparence et l'image de marque.",
            ],
            vec![check(
                "review_handled",
                vec![
                    ("product", s(&p.reference)),
                    ("author", s(&author)),
                    ("status", s("approved")),
                    ("min_reply_chars", V::I(120)),
                ],
            )],
        )],
    })
}

fn customer_group(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let names: Vec<&str> = [
        "Ambassadeurs",
        "Club des fidèles",
        "Parrains",
        "Comités d'entreprise",
    ]
    .into_iter()
    .filter(|n| !d.groups.iter().any(|g| fold(g) == fold(n)))
    .collect();
    let name = *rng.pick(&names)?;
    let reduction = *rng.pick(&[5.0, 8.0, 10.0])?;
    let mut customers: Vec<_> = d
        .customers
        .iter()
        .filter(|c| !a.used.contains(&c.email))
        .collect();
    customers.sort_by_key(|c| std::cmp::Reverse(c.orders));
    let top = customers.first()?;
    a.used.insert(top.email.clone());
    Some(Task {
        theme: "groupe-clients".into(),
        question: format!(
            "Créez le groupe de clients « {name} » décrit en annexe et ajoutez-y le client qui a passé le plus de commandes. Expliquez à l'examinateur l'intérêt de ce groupe pour l'entreprise."
        ),
        annex: Some(Annex {
            title: format!("Le groupe « {name} »"),
            text: format!(
                "Remise permanente de {} sur tout le catalogue, prix affichés TTC.",
                percent(reduction)
            ),
            image: None,
            table: None,
        }),
        overlay: Vec::new(),
        rows: vec![row(
            "Groupe de clients",
            &[6],
            SECURISER,
            [
                "Groupe non créé.",
                "Groupe créé sans la bonne remise, ou client non ajouté.",
                &format!(
                    "Groupe « {name} » avec {} de remise, {} {} ajouté au groupe.",
                    percent(reduction),
                    top.first_name,
                    top.last_name
                ),
                "Client identifié à partir des commandes, intérêt du groupe argumenté (fidélisation, panier moyen).",
            ],
            vec![
                check(
                    "customer_group",
                    vec![("name", s(name)), ("reduction", V::F(reduction))],
                ),
                check(
                    "customer_in_group",
                    vec![("customer", s(&top.email)), ("group", s(name))],
                ),
            ],
        )],
    })
}

fn return_and_credit_slip(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let lines: Vec<_> = d
        .delivered_lines
        .iter()
        .filter(|l| !a.used.contains(&l.order_reference))
        .collect();
    let line = *rng.pick(&lines)?;
    a.used.insert(line.order_reference.clone());
    let amount = (line.unit_price_cents * line.quantity) as f64 / 100.0;
    Some(Task {
        theme: "retour".into(),
        question: format!(
            "{} a demandé le retour de l'article de sa commande {}. Le colis est arrivé en parfait état. Traitez ce retour jusqu'au remboursement par un avoir (les frais de port initiaux ne sont pas remboursés).",
            line.customer_name, line.order_reference
        ),
        annex: None,
        overlay: vec![overlay(
            "order_return",
            vec![
                ("order", s(&line.order_reference)),
                ("products", V::L(vec![line.product_reference.clone()])),
                (
                    "reason",
                    s(
                        "L'article ne correspond pas à mes attentes. Il n'a pas été utilisé et l'étiquette est encore attachée.",
                    ),
                ),
            ],
        )],
        rows: vec![row(
            "Retour et avoir",
            &[7],
            SECURISER,
            [
                "Retour non traité.",
                "Retour accepté sans avoir, ou avoir d'un montant erroné.",
                &format!(
                    "Retour accepté et réceptionné, avoir de {} sans les frais de port.",
                    euros(line.unit_price_cents * line.quantity)
                ),
                "Procédure complète et chronologique, client informé, montant justifié au regard des conditions de vente.",
            ],
            vec![
                check(
                    "order_return",
                    vec![
                        ("order", s(&line.order_reference)),
                        ("state", s("received")),
                    ],
                ),
                check(
                    "credit_slip",
                    vec![
                        ("order", s(&line.order_reference)),
                        ("amount", V::F(amount)),
                        ("shipping", V::B(false)),
                    ],
                ),
            ],
        )],
    })
}

fn payment_received(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let orders: Vec<_> = d
        .pending_orders
        .iter()
        .filter(|o| !a.used.contains(&o.reference))
        .collect();
    let o = *rng.pick(&orders)?;
    a.used.insert(o.reference.clone());
    let means = if o.payment == "Chèque" {
        "Le chèque"
    } else {
        "Le virement"
    };
    Some(Task {
        theme: "commande".into(),
        question: format!(
            "{means} de {} pour la commande {} ({}) est arrivé sur le compte de l'entreprise. Mettez la commande à jour pour que sa préparation puisse commencer et que le client en soit informé.",
            o.customer_name,
            o.reference,
            euros(o.total_cents)
        ),
        annex: None,
        overlay: Vec::new(),
        rows: vec![row(
            "Suivi de commande",
            &[7],
            SECURISER,
            [
                "Commande non mise à jour.",
                "État inadapté (expédiée, livrée) ou mauvaise commande.",
                &format!(
                    "Commande {} passée à l'état « Paiement accepté ».",
                    o.reference
                ),
                "Suivi vérifié (historique, message au client), étapes suivantes de la commande expliquées.",
            ],
            vec![check(
                "order_state",
                vec![("order", s(&o.reference)), ("state", s("Paiement accepté"))],
            )],
        )],
    })
}

fn employee(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let roles: Vec<(&str, &str)> = [
        ("Logisticien", "préparer et expédier les commandes, enregistrer les retours et mettre à jour les stocks ; pas d'accès aux réglages ni aux statistiques"),
        ("Vendeur", "répondre aux clients, suivre les commandes et gérer les fiches produits ; pas d'accès aux réglages de la boutique"),
        ("Traducteur", "traduire les fiches produits et les pages ; aucun accès aux commandes ni aux clients"),
    ]
    .into_iter()
    .filter(|(p, _)| d.profiles.iter().any(|x| x == p))
    .collect();
    let (profile, missions) = *rng.pick(&roles)?;
    let (first, last) = a.person(rng)?;
    let domain = d
        .setting(setting::SHOP_EMAIL)
        .split('@')
        .nth(1)
        .unwrap_or("exemple.fr")
        .to_owned();
    let email = format!("{}.{}@{domain}", fold(first), fold(last));
    Some(Task {
        theme: "employe".into(),
        question: format!(
            "Créez le compte employé de {first} {last} (annexe) avec le profil adapté à ses missions, et justifiez ce choix auprès de l'examinateur."
        ),
        annex: Some(Annex {
            title: "Nouveau collaborateur".into(),
            text: format!(
                "- {first} {last}, adresse électronique {email}\n- Missions : {missions}"
            ),
            image: None,
            table: None,
        }),
        overlay: Vec::new(),
        rows: vec![row(
            "Compte employé",
            &[7],
            SECURISER,
            [
                "Compte non créé.",
                "Compte créé avec un profil trop large (SuperAdmin, Administrateur) ou inadapté.",
                &format!("Compte créé avec le profil {profile}."),
                "Profil justifié par les missions et la sécurité des données (principe du moindre privilège).",
            ],
            vec![check(
                "employee",
                vec![("email", s(&email)), ("profile", s(profile))],
            )],
        )],
    })
}

fn slide(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    let cats: Vec<_> = d.categories.iter().filter(|c| c.products >= 2).collect();
    let cat = *rng.pick(&cats)?;
    let title = format!("{} : les nouveautés de la saison", cat.name);
    if d.home_titles.iter().any(|t| fold(t) == fold(&title)) {
        return None;
    }
    // The slide whose file name shares a word with the category, if any.
    let words: Vec<&str> = cat.slug.split('-').filter(|w| w.len() > 3).collect();
    let image = d
        .slide_media
        .iter()
        .find(|f| words.iter().any(|w| f.contains(w)))
        .cloned()
        .or_else(|| rng.pick(&d.slide_media).cloned())?;
    Some(Task {
        theme: "carrousel".into(),
        question: "Ajoutez au carrousel de la page d'accueil la diapositive décrite en annexe et vérifiez son affichage sur la boutique.".into(),
        annex: Some(Annex {
            title: "Nouvelle diapositive".into(),
            text: format!("- Titre : {title}\n- Texte : à rédiger (une phrase d'accroche)\n- Lien : la catégorie « {} »\n- Image : {image} (médiathèque)", cat.name),
            image: None,
            table: None,
        }),
        overlay: Vec::new(),
        rows: vec![row(
            "Diapositive du carrousel",
            &[3, 4, 6],
            DYNAMISER,
            [
                "Aucune diapositive ajoutée.",
                "Diapositive incomplète : image, texte ou lien manquant.",
                "Diapositive active avec le titre, une accroche, l'image et le lien vers la catégorie.",
                "Accroche efficace, ordre du carrousel pertinent, rendu vérifié sur la boutique.",
            ],
            vec![check("home_block", vec![("block", s("slide")), ("title_contains", s(&cat.name)), ("link_contains", s(&cat.slug)), ("image", V::B(true))])],
        )],
    })
}

fn search_alias(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    let pairs: Vec<(&str, &str)> = [
        ("couverture", "plaid"),
        ("linge de toilette", "serviette"),
        ("dessus de lit", "plaid"),
        ("oreiller", "taie"),
        ("rideaux", "rideau"),
        ("bavoir", "bébé"),
    ]
    .into_iter()
    .filter(|(alias, search)| {
        !d.search_aliases.iter().any(|x| fold(x) == fold(alias))
            && d.products
                .iter()
                .any(|p| crate::text::contains_folded(&p.name, search))
    })
    .collect();
    let (alias, search) = *rng.pick(&pairs)?;
    Some(Task {
        theme: "recherche".into(),
        question: format!(
            "Les statistiques de recherche montrent que des visiteurs tapent « {alias} » sans obtenir de résultat. Faites en sorte que cette recherche affiche les produits « {search} » de la boutique."
        ),
        annex: None,
        overlay: Vec::new(),
        rows: vec![row(
            "Alias de recherche",
            &[2, 3],
            DYNAMISER,
            [
                "Aucune action.",
                "Alias créé avec une mauvaise correspondance.",
                &format!("Alias « {alias} » qui renvoie vers « {search} »."),
                "Résultat vérifié sur la boutique, autres recherches sans résultat repérées dans les statistiques.",
            ],
            vec![check(
                "search_alias",
                vec![("alias", s(alias)), ("search", s(search))],
            )],
        )],
    })
}

fn campaign(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    if d.traffic_last_day.is_empty() {
        return None;
    }
    let (source, label) = *rng.pick(&[
        ("social", "une créatrice de contenus sur Instagram"),
        (
            "email",
            "une lettre d'information envoyée à un fichier loué",
        ),
        ("paid", "des annonces payantes sur un moteur de recherche"),
    ])?;
    let to = add_days(&d.traffic_last_day, -(3 + rng.below(10) as i64));
    let from = add_days(&to, -13);
    let factor = *rng.pick(&[3.0, 3.5, 4.0])?;
    Some(Task {
        theme: "diagnostic-campagne".into(),
        question: format!(
            "Une campagne avec {label} a eu lieu du {} au {}. À l'aide des statistiques de la boutique, analysez ses effets en comparant cette période aux deux semaines précédentes. Rédigez votre diagnostic (indicateurs, constats chiffrés, explication, recommandation) dans l'écran « Réponses », question {}.",
            french(&from),
            french(&to),
            a.number
        ),
        annex: None,
        overlay: vec![overlay(
            "traffic",
            vec![
                ("from", s(&from)),
                ("to", s(&to)),
                ("source", s(source)),
                ("device", s("mobile")),
                ("sessions", V::F(factor)),
                ("bounces", V::F(1.5)),
            ],
        )],
        rows: vec![row(
            "Diagnostic de la campagne",
            &[8],
            DIAGNOSTIQUER,
            [
                "Aucune analyse.",
                "Constats sans chiffres ou indicateurs mal choisis (chiffre d'affaires seul).",
                "Sessions, taux de rebond et taux de conversion de la source comparés et chiffrés ; baisse de la conversion identifiée.",
                "Diagnostic argumenté (audience peu qualifiée, parcours mobile), recommandation réaliste et indicateur de suivi.",
            ],
            vec![check(
                "answer",
                vec![
                    ("question", V::I(i64::from(a.number))),
                    ("min_words", V::I(60)),
                    (
                        "keywords",
                        V::L(vec![
                            "conversion".into(),
                            "rebond".into(),
                            "mobile".into(),
                            "sessions".into(),
                        ]),
                    ),
                    ("min_keywords", V::I(3)),
                ],
            )],
        )],
    })
}

fn cart_abandonment(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    if d.traffic_last_day.is_empty() {
        return None;
    }
    let (first, last) = previous_month(&add_days(&d.traffic_last_day, 1));
    let (before, _) = previous_month(&first);
    let device = *rng.pick(&["mobile", "tablet"])?;
    let device_label = if device == "mobile" {
        "les mobiles"
    } else {
        "les tablettes"
    };
    Some(Task {
        theme: "diagnostic-paniers".into(),
        question: format!(
            "À l'aide des statistiques de la boutique, comparez {} à {} : taux d'abandon de panier et taux de conversion, selon l'appareil utilisé. Rédigez votre diagnostic (indicateurs, constats chiffrés, causes possibles) et deux actions correctives dans l'écran « Réponses », question {}.",
            french_month(&first),
            french_month(&before),
            a.number
        ),
        annex: None,
        overlay: vec![overlay(
            "traffic",
            vec![
                ("from", s(&first)),
                ("to", s(&last)),
                ("device", s(device)),
                ("carts_created", V::F(1.6)),
                ("carts_abandoned", V::F(2.2)),
            ],
        )],
        rows: vec![row(
            "Diagnostic de l'abandon de panier",
            &[8],
            DIAGNOSTIQUER,
            [
                "Aucune analyse.",
                "Constats sans chiffres, ou indicateurs non pertinents.",
                &format!(
                    "Taux d'abandon et de conversion comparés par appareil et chiffrés ; hausse de l'abandon sur {device_label} identifiée."
                ),
                "Causes plausibles (parcours de paiement, frais de port) et actions correctives précises avec un indicateur de suivi.",
            ],
            vec![check(
                "answer",
                vec![
                    ("question", V::I(i64::from(a.number))),
                    ("min_words", V::I(60)),
                    (
                        "keywords",
                        V::L(vec![
                            "abandon".into(),
                            "conversion".into(),
                            "panier".into(),
                            if device == "mobile" {
                                "mobile".into()
                            } else {
                                "tablette".into()
                            },
                        ]),
                    ),
                    ("min_keywords", V::I(3)),
                ],
            )],
        )],
    })
}
