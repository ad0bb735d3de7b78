//! Task templates of the content side (WordPress-like site): articles, pages, comments,
//! menus, widgets, media, users, settings, audience diagnosis.

use super::data::ContextData;
use super::dates::{add_days, de_month, french, previous_month, saturday_from};
use super::rng::Rng;
use super::task::{Annex, DIAGNOSTIQUER, DYNAMIQUE, PRODUIRE, Task, V, check, overlay, row, s};
use super::{Alloc, Template};
use crate::model::Side;
use crate::text::{euros, fold};
use e5_domain::setting;

pub(crate) const TEMPLATES: &[Template] = &[
    Template {
        id: "article-guide-achat",
        side: Side::Content,
        creation: true,
        criteria: &[1, 2, 3],
        build: article_guide,
    },
    Template {
        id: "page-evenement",
        side: Side::Content,
        creation: true,
        criteria: &[1, 2, 3],
        build: event_page,
    },
    Template {
        id: "article-produit",
        side: Side::Content,
        creation: true,
        criteria: &[1, 2, 3, 6],
        build: product_article,
    },
    Template {
        id: "moderation-commentaires",
        side: Side::Content,
        creation: false,
        criteria: &[5, 7],
        build: comments,
    },
    Template {
        id: "programmation-brouillon",
        side: Side::Content,
        creation: false,
        criteria: &[2, 4],
        build: schedule_draft,
    },
    Template {
        id: "menu-page",
        side: Side::Content,
        creation: false,
        criteria: &[3],
        build: menu_entry,
    },
    Template {
        id: "widget-articles-recents",
        side: Side::Content,
        creation: false,
        criteria: &[3, 4],
        build: recent_posts_widget,
    },
    Template {
        id: "widget-reseaux-sociaux",
        side: Side::Content,
        creation: false,
        criteria: &[3, 5],
        build: social_widget,
    },
    Template {
        id: "textes-alternatifs",
        side: Side::Content,
        creation: false,
        criteria: &[2, 5],
        build: media_alt,
    },
    Template {
        id: "compte-utilisateur",
        side: Side::Content,
        creation: false,
        criteria: &[7],
        build: new_user,
    },
    Template {
        id: "desactivation-utilisateur",
        side: Side::Content,
        creation: false,
        criteria: &[7],
        build: disable_user,
    },
    Template {
        id: "politique-confidentialite",
        side: Side::Content,
        creation: false,
        criteria: &[7],
        build: privacy,
    },
    Template {
        id: "reglages-lecture",
        side: Side::Content,
        creation: false,
        criteria: &[3, 4],
        build: reading,
    },
    Template {
        id: "article-epingle",
        side: Side::Content,
        creation: false,
        criteria: &[4, 5],
        build: sticky,
    },
    Template {
        id: "diagnostic-audience-blog",
        side: Side::Content,
        creation: false,
        criteria: &[2, 8],
        build: audience,
    },
];

/// People the generator may introduce (commenters, new staff).
pub(crate) const PEOPLE: &[(&str, &str)] = &[
    ("Inès", "Morin"),
    ("Hugo", "Lambert"),
    ("Clara", "Lemoine"),
    ("Mathis", "Perrin"),
    ("Zoé", "Fontaine"),
    ("Théo", "Marchand"),
    ("Jade", "Bonnet"),
    ("Nathan", "Giraud"),
    ("Lina", "Mercier"),
    ("Lucas", "Boucher"),
];

fn blog_category(d: &ContextData, preferred: &[&str]) -> Option<(String, String)> {
    let categories: Vec<&(String, String, String)> =
        d.terms.iter().filter(|t| t.0 == "category").collect();
    preferred
        .iter()
        .find_map(|p| categories.iter().find(|t| t.1 == *p))
        .or(categories.first())
        .map(|t| (t.1.clone(), t.2.clone()))
}

fn article_rows(
    min_words: u32,
    category: &(String, String),
    keyword: &str,
    kind: &str,
) -> Vec<super::task::Row> {
    let page = kind == "page";
    let noun = if page { "Page" } else { "Article" };
    let mut structure = vec![
        ("min_words", V::I(i64::from(min_words))),
        ("min_headings", V::I(2)),
    ];
    let mut seo = vec![
        ("focus_keyword", s(keyword)),
        ("meta_description", V::B(true)),
        ("meta_description_max", V::I(160)),
    ];
    let mut media = vec![("min_images_with_alt", V::I(1))];
    let mut writing = if page {
        vec![("min_paragraphs", V::I(3))]
    } else {
        vec![("min_links", V::I(1))]
    };
    if page {
        for t in [&mut structure, &mut seo, &mut media, &mut writing] {
            t.insert(0, ("post_type", s("page")));
        }
    } else {
        structure.push(("category", s(&category.0)));
        media.push(("featured_image", V::B(true)));
    }
    vec![
        row(
            &format!(
                "Structure {}",
                if page { "de la page" } else { "de l'article" }
            ),
            &[1, 3],
            PRODUIRE,
            [
                &format!(
                    "{noun} absent{} ou non publié{}.",
                    if page { "e" } else { "" },
                    if page { "e" } else { "" }
                ),
                if page {
                    "Texte trop court ou non structuré (pas d'intertitres)."
                } else {
                    "Texte trop court ou non structuré (pas d'intertitres), classement absent."
                },
                &format!(
                    "{noun} publié{} d'au moins {min_words} mots, organisé{} par au moins deux intertitres{}.",
                    if page { "e" } else { "" },
                    if page { "e" } else { "" },
                    if page {
                        String::new()
                    } else {
                        format!(", dans la catégorie « {} »", category.1)
                    }
                ),
                "Structure claire et hiérarchisée (accroche, parties, conclusion qui invite à l'action), mise en forme au service de la lecture.",
            ],
            vec![check("post_published", structure)],
        ),
        row(
            "Médias",
            &[1, 3],
            PRODUIRE,
            [
                "Aucune image.",
                "Image sans texte alternatif ou sans rapport avec le propos.",
                "Image pertinente avec un texte alternatif descriptif.",
                "Image bien placée et légendée, texte alternatif utile au référencement, image mise en avant cohérente.",
            ],
            vec![check("post_published", media)],
        ),
        row(
            "Qualité rédactionnelle",
            &[1],
            PRODUIRE,
            [
                "Texte incompréhensible ou recopié de l'annexe.",
                "Nombreuses fautes, ton inadapté, informations de l'annexe mal exploitées.",
                if page {
                    "Texte correct et reformulé, informations pratiques exactes et complètes."
                } else {
                    "Texte correct et reformulé, informations exactes, au moins un lien interne utile."
                },
                "Texte engageant, adapté à la cible et à l'image de marque, qui valorise l'offre et invite à l'action.",
            ],
            vec![check("post_published", writing)],
        ),
        row(
            "Référencement naturel",
            &[2],
            PRODUIRE,
            [
                "Aucun réglage de référencement.",
                "Expression clé renseignée mais absente du titre, ou méta-description manquante.",
                &format!(
                    "Expression clé « {keyword} » renseignée et présente dans le titre, méta-description rédigée."
                ),
                "Méta-description incitative de moins de 160 caractères, adresse (slug) courte, expression clé dans un intertitre et le premier paragraphe.",
            ],
            vec![check("post_published", seo)],
        ),
    ]
}

fn article_guide(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    let categories: Vec<_> = d.categories.iter().filter(|c| c.products >= 3).collect();
    let cat = rng.pick(&categories)?;
    let products: Vec<_> = d
        .products
        .iter()
        .filter(|p| p.category_slug == cat.slug && p.active == 1)
        .take(4)
        .collect();
    let name = cat.name.to_lowercase();
    let title = format!("Bien choisir ses {name} : le guide de l'atelier");
    let keyword = format!("choisir {name}");
    let blog_cat = blog_category(d, &["guides-achat", "conseils-entretien"])?;
    let min_words = *rng.pick(&[150u32, 180, 200])?;
    let lines: Vec<String> = products
        .iter()
        .map(|p| format!("- {} : {}", p.name, euros(p.price_ttc_cents)))
        .collect();
    Some(Task {
        theme: format!("guide-{}", cat.slug),
        question: format!(
            "Rédigez et publiez dans la catégorie « {} » un article d'au moins {min_words} mots intitulé « {title} », à partir de l'annexe. Il comporte au moins deux intertitres, une image avec un texte alternatif (également image mise en avant) et un lien vers la catégorie « {} » de la boutique. Optimisez son référencement avec l'expression clé « {keyword} ».",
            blog_cat.1, cat.name
        ),
        annex: Some(Annex {
            title: format!("Notre gamme « {} »", cat.name),
            text: format!(
                "Produits phares de la catégorie (prix TTC) :\n\n{}\n\nCritères de choix à expliquer : dimensions, matière (lin lavé, coton biologique…), entretien, coloris. Tous nos produits sont confectionnés dans l'atelier de {}.",
                lines.join("\n"),
                d.setting(setting::SHOP_CITY)
            ),
            image: None,
            table: None,
        }),
        overlay: Vec::new(),
        rows: article_rows(min_words, &blog_cat, &keyword, "post"),
    })
}

const EVENTS: &[(&str, &str, &str)] = &[
    (
        "Portes ouvertes de l'atelier",
        "portes ouvertes",
        "visites guidées de l'atelier, démonstrations de couture, vente de second choix",
    ),
    (
        "Atelier couture du samedi",
        "atelier couture",
        "initiation à la couture d'un torchon en lin, matériel fourni, 8 participants au plus",
    ),
    (
        "Vente de fin de séries",
        "vente fin de séries",
        "linge de second choix et fins de séries jusqu'à -50 %, sur place uniquement",
    ),
    (
        "Rencontre avec nos artisans",
        "rencontre artisans",
        "présentation des étapes de fabrication par les couturières de l'atelier",
    ),
];

fn event_page(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    let (title, keyword, programme) = *rng.pick(EVENTS)?;
    let day = saturday_from(&add_days(&d.traffic_last_day, 30 + rng.below(60) as i64));
    let address = format!(
        "{}, {} {}",
        d.setting(setting::SHOP_ADDRESS),
        d.setting(setting::SHOP_POSTCODE),
        d.setting(setting::SHOP_CITY)
    );
    let mut rows = article_rows(150, &(String::new(), String::new()), keyword, "page");
    rows[1].levels[2] =
        "Image avec texte alternatif, carte de l'adresse et formulaire d'inscription présents."
            .to_owned();
    rows[1].checks[0].push(("block_types", V::L(vec!["map".into(), "form".into()])));
    rows[0].checks[0].push((
        "contains",
        V::L(vec![d.setting(setting::SHOP_CITY).to_owned()]),
    ));
    Some(Task {
        theme: fold(keyword).replace(' ', "-"),
        question: format!(
            "Créez et publiez une page « {title} » d'au moins 150 mots présentant l'événement de l'annexe. Elle comporte des intertitres, une image avec un texte alternatif, une carte indiquant le lieu et un formulaire d'inscription. Optimisez son référencement avec l'expression clé « {keyword} »."
        ),
        annex: Some(Annex {
            title: format!("Événement : {title}"),
            text: format!(
                "- Date : {}, de 10 h à 17 h\n- Lieu : {address}\n- Programme : {programme}\n- Entrée libre, inscription conseillée (nom, adresse électronique, nombre de personnes)",
                french(&day)
            ),
            image: None,
            table: None,
        }),
        overlay: Vec::new(),
        rows,
    })
}

fn product_article(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    let products: Vec<_> = d.products.iter().filter(|p| p.active == 1).collect();
    let p = rng.pick(&products)?;
    let short = p.name.split(" — ").next().unwrap_or(&p.name).to_owned();
    let keyword = fold(&short)
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let blog_cat = blog_category(d, &["inspirations-deco", "actualites", "guides-achat"])?;
    let mut rows = article_rows(180, &blog_cat, &keyword, "post");
    rows[2].checks[0].push(("contains", V::L(vec![short.clone()])));
    rows[2].criteria = vec![1, 6];
    rows[2].levels[2] =
        "Texte correct et reformulé qui présente le produit et renvoie vers sa fiche par un lien."
            .to_owned();
    Some(Task {
        theme: format!(
            "zoom-{}",
            p.slug.split('-').take(3).collect::<Vec<_>>().join("-")
        ),
        question: format!(
            "Rédigez et publiez dans la catégorie « {} » un article d'au moins 180 mots qui fait découvrir le produit « {} » (annexe), avec au moins deux intertitres, une image avec un texte alternatif (également image mise en avant) et un lien vers la fiche du produit. Optimisez son référencement avec l'expression clé « {keyword} ».",
            blog_cat.1, p.name
        ),
        annex: Some(Annex {
            title: format!("Fiche de présentation : {}", p.name),
            text: format!(
                "- Référence : {}\n- Catégorie : {}\n- Prix : {} TTC\n- Confectionné dans notre atelier de {}\n- Arguments : matière durable, finitions soignées, entretien facile",
                p.reference,
                p.category_name,
                euros(p.price_ttc_cents),
                d.setting(setting::SHOP_CITY)
            ),
            image: None,
            table: None,
        }),
        overlay: Vec::new(),
        rows,
    })
}

const QUESTIONS: &[&str] = &[
    "Bonjour, ce modèle existe-t-il dans d'autres coloris ? Je le trouve très joli mais il ne va pas avec ma décoration.",
    "Bonjour, à quelle température faut-il laver ce linge pour qu'il ne rétrécisse pas ? Merci d'avance !",
    "Est-ce que vous livrez en Belgique, et dans quels délais ? Je voudrais l'offrir pour un anniversaire.",
    "Peut-on venir voir les produits à l'atelier avant de commander ? J'aimerais toucher les matières.",
];

const SPAMS: &[(&str, &str)] = &[
    (
        "Promo Linge Discount",
        "Super article !!! Les mêmes produits à -80 % sur notre site, cliquez vite, offre limitée",
    ),
    (
        "Gagnez un iPhone",
        "Félicitations, vous êtes notre gagnant du jour, réclamez votre cadeau sur notre site avant ce soir",
    ),
    (
        "Casino Royal",
        "Bonus de 500 € offert sur notre casino en ligne, inscription gratuite et immédiate",
    ),
];

fn comments(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let posts: Vec<_> = d
        .published("post")
        .into_iter()
        .filter(|p| p.comment_status == "open")
        .collect();
    let post = rng.pick(&posts)?;
    let (first, last) = a.person(rng)?;
    let author = format!("{first} {last}");
    let (spammer, spam) = *rng.pick(SPAMS)?;
    let question = *rng.pick(QUESTIONS)?;
    Some(Task {
        theme: "moderation".into(),
        question: format!(
            "Deux nouveaux commentaires attendent votre modération sous l'article « {} ». Publiez celui de {author} et répondez-lui au nom de l'entreprise ; traitez l'autre de manière adaptée. Justifiez vos choix auprès de l'examinateur.",
            post.title
        ),
        annex: None,
        overlay: vec![
            overlay(
                "comment",
                vec![
                    ("post", s(&post.slug)),
                    ("author", s(&author)),
                    (
                        "email",
                        s(format!("{}.{}@exemple.fr", fold(first), fold(last))),
                    ),
                    ("text", s(question)),
                ],
            ),
            overlay(
                "comment",
                vec![
                    ("post", s(&post.slug)),
                    ("author", s(spammer)),
                    ("email", s("promo@spam.example")),
                    ("text", s(spam)),
                ],
            ),
        ],
        rows: vec![row(
            "Modération des commentaires",
            &[5, 7],
            DYNAMIQUE,
            [
                "Commentaires laissés en attente ou indésirable publié.",
                "Question publiée sans réponse, ou indésirable simplement laissé en attente.",
                "Question publiée avec une réponse exacte et courtoise, indésirable classé en spam ou supprimé.",
                "Réponse personnalisée et experte qui valorise l'entreprise, choix de modération justifiés au regard de l'image de marque.",
            ],
            vec![
                check(
                    "comment_moderated",
                    vec![
                        ("post", s(&post.slug)),
                        ("author", s(&author)),
                        ("status", s("approved")),
                        ("reply", V::B(true)),
                        ("min_reply_chars", V::I(60)),
                    ],
                ),
                check(
                    "comment_moderated",
                    vec![
                        ("post", s(&post.slug)),
                        ("author", s(spammer)),
                        ("status", s("spam")),
                    ],
                ),
            ],
        )],
    })
}

const DRAFTS: &[(&str, &str)] = &[
    (
        "Cinq gestes pour faire durer son linge de maison",
        "faire-durer-linge-maison",
    ),
    (
        "Comment plier un drap housse sans s'énerver",
        "plier-drap-housse",
    ),
    (
        "Lin, coton, gaze : quelle matière pour quelle saison ?",
        "matiere-linge-saison",
    ),
    (
        "Préparer la chambre d'amis en un tour de main",
        "preparer-chambre-amis",
    ),
];

fn schedule_draft(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    let free: Vec<_> = DRAFTS
        .iter()
        .filter(|(_, slug)| !d.posts.iter().any(|p| p.slug == *slug))
        .collect();
    let (title, slug) = **rng.pick(&free)?;
    let hour = *rng.pick(&["8 h 30", "9 h 00", "18 h 00"])?;
    let text = "## Pourquoi y penser\n\nUn linge bien entretenu dure des années : quelques habitudes simples suffisent.\n\n## Nos conseils\n\n- Laver à 40 °C au plus\n- Sécher à l'air libre quand c'est possible\n- Ranger dans un endroit sec et aéré\n\nRetrouvez tous nos conseils dans les autres articles du blog.";
    Some(Task {
        theme: "programmation".into(),
        question: format!(
            "L'article « {title} » est rédigé mais reste en brouillon. Complétez sa méta-description puis programmez sa publication conformément au calendrier éditorial de l'annexe."
        ),
        annex: Some(Annex {
            title: "Calendrier éditorial du blog".into(),
            text: format!("Un article est publié chaque semaine, le lundi à {hour}."),
            image: None,
            table: Some((
                vec!["Date".into(), "Article".into()],
                vec![vec![
                    format!("Lundi suivant l'épreuve, {hour}"),
                    title.to_owned(),
                ]],
            )),
        }),
        overlay: vec![overlay(
            "post",
            vec![
                ("title", s(title)),
                ("slug", s(slug)),
                ("text", V::Text(text.into())),
            ],
        )],
        rows: vec![row(
            "Programmation de la publication",
            &[4, 2],
            PRODUIRE,
            [
                "Article laissé en brouillon ou publié immédiatement.",
                "Publication programmée à une date ou une heure erronée, ou méta-description absente.",
                "Méta-description rédigée, publication programmée au créneau du calendrier.",
                "Méta-description incitative, catégorie vérifiée, créneau justifié par le rythme de publication du blog.",
            ],
            vec![check(
                "post_published",
                vec![
                    ("slug", s(slug)),
                    ("status", s("future")),
                    ("meta_description", V::B(true)),
                ],
            )],
        )],
    })
}

fn menu_entry(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    let in_menu: Vec<&str> = d.main_menu.iter().map(|m| m.target_slug.as_str()).collect();
    let pages: Vec<_> = d
        .published("page")
        .into_iter()
        .filter(|p| !in_menu.contains(&p.slug.as_str()))
        .collect();
    let page = rng.pick(&pages)?;
    let parent = d
        .main_menu
        .iter()
        .find(|m| m.top_level == 1 && m.kind == "page")
        .map(|m| m.label.clone());
    let mut fields = vec![("menu", s("main")), ("target", s(&page.slug))];
    let place = match &parent {
        Some(p) => {
            fields.push(("parent", s(p)));
            format!(", sous l'entrée « {p} »")
        }
        None => String::new(),
    };
    Some(Task {
        theme: "menu".into(),
        question: format!(
            "Ajoutez la page « {} » au menu principal du site{place}, pour la rendre accessible depuis toutes les pages.",
            page.title
        ),
        annex: None,
        overlay: Vec::new(),
        rows: vec![row(
            "Menu de navigation",
            &[3],
            PRODUIRE,
            [
                "Page non ajoutée au menu.",
                "Entrée ajoutée dans le mauvais menu ou au mauvais niveau.",
                &format!("Entrée vers la page dans le menu principal{place}."),
                "Intitulé court et explicite, navigation vérifiée sur le site public (ordinateur et mobile).",
            ],
            vec![check("menu_item", fields)],
        )],
    })
}

fn recent_posts_widget(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    if !d.has_widgets {
        return None;
    }
    let title = *rng.pick(&[
        "Nos derniers conseils",
        "À lire aussi",
        "Les nouveautés du blog",
    ])?;
    Some(Task {
        theme: "widget".into(),
        question: format!(
            "Pour inciter les lecteurs à poursuivre leur visite, ajoutez dans la barre latérale du blog un widget présentant les articles récents, intitulé « {title} »."
        ),
        annex: None,
        overlay: Vec::new(),
        rows: vec![row(
            "Widget de la barre latérale",
            &[3, 4],
            PRODUIRE,
            [
                "Aucun widget ajouté.",
                "Widget ajouté dans une autre zone ou sans le titre demandé.",
                &format!("Widget « {title} » des articles récents dans la barre latérale."),
                "Réglages pertinents (nombre d'articles, extrait), résultat vérifié sur le blog public.",
            ],
            vec![check(
                "widget",
                vec![
                    ("area", s("sidebar")),
                    ("widget", s("recent_posts")),
                    ("title_contains", s(title)),
                ],
            )],
        )],
    })
}

fn social_widget(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    if !d.has_widgets {
        return None;
    }
    let title = *rng.pick(&[
        "Suivez-nous",
        "Retrouvez-nous sur les réseaux",
        "Suivez l'atelier",
    ])?;
    Some(Task {
        theme: "reseaux-sociaux".into(),
        question: format!(
            "Ajoutez dans le pied de page du site un widget « {title} » présentant les réseaux sociaux de l'entreprise."
        ),
        annex: None,
        overlay: Vec::new(),
        rows: vec![row(
            "Widget réseaux sociaux",
            &[3, 5],
            DYNAMIQUE,
            [
                "Aucun widget ajouté.",
                "Widget ajouté sans titre ou dans une autre zone.",
                &format!("Widget réseaux sociaux « {title} » dans le pied de page."),
                "Liens vers les bons comptes vérifiés sur le site public, cohérence avec l'identité visuelle.",
            ],
            vec![check(
                "widget",
                vec![
                    ("area", s("footer")),
                    ("widget", s("social")),
                    ("title_contains", s(title)),
                ],
            )],
        )],
    })
}

fn media_alt(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    let mut files = d.blog_media.clone();
    rng.shuffle(&mut files);
    files.truncate(3);
    files.sort();
    if files.len() < 2 {
        return None;
    }
    let quoted: Vec<String> = files
        .iter()
        .map(|f| format!("'{}'", f.replace('\'', "''")))
        .collect();
    Some(Task {
        theme: "textes-alternatifs".into(),
        question: format!(
            "Des images du blog n'ont pas de texte alternatif ({}). Complétez-les dans la médiathèque et expliquez à l'examinateur l'intérêt de cette opération.",
            files.join(", ")
        ),
        annex: None,
        overlay: vec![super::task::OverlayItem {
            table: "sql",
            comment: Some(
                "Ces images perdent leur texte alternatif : le candidat doit le rédiger.".into(),
            ),
            fields: vec![(
                "sql",
                s(format!(
                    "UPDATE media SET alt = '' WHERE file IN ({})",
                    quoted.join(", ")
                )),
            )],
        }],
        rows: vec![row(
            "Textes alternatifs des images",
            &[2, 5],
            PRODUIRE,
            [
                "Aucun texte alternatif ajouté.",
                "Textes ajoutés pour une partie des images, ou sans rapport avec l'image.",
                "Toutes les images citées ont un texte alternatif descriptif.",
                "Textes précis et utiles (accessibilité, référencement des images), intérêt clairement expliqué.",
            ],
            vec![check(
                "media_alt",
                vec![("files", V::L(files)), ("min_chars", V::I(10))],
            )],
        )],
    })
}

fn new_user(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let (first, last) = a.person(rng)?;
    let domain = d
        .setting(setting::SHOP_EMAIL)
        .split('@')
        .nth(1)
        .unwrap_or("exemple.fr")
        .to_owned();
    let email = format!("{}.{}@{domain}", fold(first), fold(last));
    if d.employees.iter().any(|e| e.email == email) {
        return None;
    }
    let (role, label, missions) = *rng.pick(&[
        ("contributor", "Contributeur", "proposer des articles pour le blog, qui seront relus et publiés par l'éditrice ; ne doit ni publier ni modifier les articles des autres"),
        ("author", "Auteur", "rédiger et publier ses propres articles sur le blog, sans modifier ceux des autres ni les pages du site"),
    ])?;
    Some(Task {
        theme: "utilisateur".into(),
        question: format!(
            "{first} {last} rejoint l'équipe (annexe). Créez son compte utilisateur en lui donnant uniquement les droits nécessaires à ses missions, et expliquez votre choix à l'examinateur."
        ),
        annex: Some(Annex {
            title: format!("Fiche d'arrivée : {first} {last}"),
            text: format!(
                "- Nom : {first} {last}\n- Adresse électronique : {email}\n- Missions : {missions}"
            ),
            image: None,
            table: None,
        }),
        overlay: Vec::new(),
        rows: vec![row(
            "Compte utilisateur et rôle",
            &[7],
            DYNAMIQUE,
            [
                "Compte non créé.",
                "Compte créé avec un rôle trop large (éditeur, administrateur) ou inadapté.",
                &format!("Compte créé avec l'adresse de l'annexe et le rôle {label}."),
                "Rôle justifié par le principe du moindre privilège et la sécurité du site ; profil complété.",
            ],
            vec![check(
                "employee",
                vec![
                    ("email", s(&email)),
                    ("first_name", s(first)),
                    ("last_name", s(last)),
                    ("wp_role", s(role)),
                ],
            )],
        )],
    })
}

fn disable_user(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    let candidates: Vec<_> = d
        .employees
        .iter()
        .skip(1)
        .filter(|e| {
            e.active == 1
                && matches!(e.wp_role.as_str(), "author" | "contributor")
                && !a.used.contains(&e.email)
        })
        .collect();
    let e = rng.pick(&candidates)?;
    a.used.insert(e.email.clone());
    Some(Task {
        theme: "depart-collaborateur".into(),
        question: format!(
            "{} {} a quitté l'entreprise. Faites en sorte que cette personne ne puisse plus se connecter au site, sans supprimer les contenus qu'elle a écrits. Justifiez votre choix auprès de l'examinateur.",
            e.first_name, e.last_name
        ),
        annex: None,
        overlay: Vec::new(),
        rows: vec![row(
            "Gestion des utilisateurs",
            &[7],
            DYNAMIQUE,
            [
                "Compte laissé actif.",
                "Compte supprimé avec ses contenus, ou contenus réattribués sans fermer l'accès.",
                "Compte désactivé, contenus conservés.",
                "Choix justifié par la sécurité du site (accès d'un ancien salarié) et la continuité des contenus.",
            ],
            vec![check(
                "employee",
                vec![("email", s(&e.email)), ("active", V::B(false))],
            )],
        )],
    })
}

fn privacy(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    if d.privacy_text.is_empty() {
        return None;
    }
    let purposes: Vec<_> = [
        (
            "jeu-concours",
            "six mois",
            "le jeu-concours de printemps (nom, adresse électronique, réponse à la question)",
        ),
        (
            "ateliers couture",
            "un an",
            "les inscriptions aux ateliers couture (nom, téléphone, créneau choisi)",
        ),
        (
            "carte de fidélité",
            "trois ans",
            "la carte de fidélité en boutique (nom, adresse, date de naissance)",
        ),
    ]
    .into_iter()
    .filter(|(k, _, _)| !crate::text::contains_folded(&d.privacy_text, k))
    .collect();
    let (keyword, duration, what) = *rng.pick(&purposes)?;
    Some(Task {
        theme: "rgpd".into(),
        question: format!(
            "Complétez la page « Politique de confidentialité » avec un paragraphe consacré aux données collectées pour {keyword}, à partir de l'annexe."
        ),
        annex: Some(Annex {
            title: "Note sur les données collectées".into(),
            text: format!(
                "Données collectées pour {what}. Finalité : gérer cette opération uniquement. Conservation : {duration}, puis suppression. Pas de cession à des tiers. Droits d'accès, de rectification et de suppression : {}.",
                d.setting(setting::SHOP_EMAIL)
            ),
            image: None,
            table: None,
        }),
        overlay: Vec::new(),
        rows: vec![row(
            "Protection des données personnelles",
            &[7],
            DYNAMIQUE,
            [
                "Page non modifiée.",
                "Paragraphe incomplet (finalité ou durée de conservation absente).",
                "Paragraphe clair : données, finalité, durée, droits et contact.",
                "Texte conforme au RGPD et lisible par tous, mise en forme cohérente avec le reste de la page.",
            ],
            vec![check(
                "post_published",
                vec![
                    ("post_type", s("page")),
                    ("slug", s("politique-de-confidentialite")),
                    ("contains", V::L(vec![keyword.into(), duration.into()])),
                ],
            )],
        )],
    })
}

fn reading(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    let current = d.setting(setting::READING_POSTS_PER_PAGE);
    let choices: Vec<&str> = ["4", "5", "8", "9", "12"]
        .into_iter()
        .filter(|v| *v != current)
        .collect();
    let value = *rng.pick(&choices)?;
    Some(Task {
        theme: "reglages".into(),
        question: format!(
            "La page d'accueil du blog est jugée mal adaptée au rythme de publication. Réglez le site pour que le blog affiche {value} articles par page, et vérifiez le résultat sur le site public."
        ),
        annex: None,
        overlay: Vec::new(),
        rows: vec![row(
            "Réglages de lecture",
            &[3, 4],
            PRODUIRE,
            [
                "Réglage non modifié.",
                "Mauvais réglage modifié ou mauvaise valeur.",
                &format!("Le blog affiche {value} articles par page."),
                "Résultat vérifié sur le blog public, choix relié au rythme de publication et au confort de lecture.",
            ],
            vec![check(
                "setting",
                vec![
                    ("key", s(setting::READING_POSTS_PER_PAGE)),
                    ("equals", s(value)),
                ],
            )],
        )],
    })
}

fn sticky(d: &ContextData, rng: &mut Rng, _a: &mut Alloc) -> Option<Task> {
    let posts: Vec<_> = d
        .published("post")
        .into_iter()
        .filter(|p| p.sticky == 0)
        .collect();
    let p = rng.pick(&posts)?;
    Some(Task {
        theme: "mise-en-avant".into(),
        question: format!(
            "L'article « {} » est de nouveau d'actualité. Épinglez-le en tête du blog et expliquez à l'examinateur l'intérêt de cette mise en avant.",
            p.title
        ),
        annex: None,
        overlay: Vec::new(),
        rows: vec![row(
            "Mise en avant d'un article",
            &[4, 5],
            PRODUIRE,
            [
                "Article non mis en avant.",
                "Mauvais article épinglé ou article republié en double.",
                "Article épinglé en tête du blog.",
                "Mise en avant vérifiée sur le blog public et justifiée par le calendrier commercial.",
            ],
            vec![check(
                "post_published",
                vec![("slug", s(&p.slug)), ("sticky", V::B(true))],
            )],
        )],
    })
}

fn audience(d: &ContextData, rng: &mut Rng, a: &mut Alloc) -> Option<Task> {
    if d.traffic_last_day.is_empty() {
        return None;
    }
    let (first, last) = previous_month(&add_days(&d.traffic_last_day, 1));
    let from = add_days(&first, 7 + rng.below(5) as i64);
    let to = add_days(&from, 13);
    let to = if to > last { last } else { to };
    let factor = *rng.pick(&[0.45, 0.5, 0.55])?;
    Some(Task {
        theme: "audience".into(),
        question: format!(
            "L'équipe a l'impression que le blog attire moins de visiteurs depuis quelque temps. À l'aide des statistiques du site, analysez l'audience {} par source de trafic. Rédigez votre diagnostic (indicateurs utilisés, constats chiffrés, cause probable, actions proposées) dans l'écran « Réponses », question {}.",
            de_month(&first),
            a.number
        ),
        annex: None,
        overlay: vec![overlay(
            "traffic",
            vec![
                ("from", s(&from)),
                ("to", s(&to)),
                ("source", s("organic")),
                ("sessions", V::F(factor)),
            ],
        )],
        rows: vec![row(
            "Diagnostic de l'audience",
            &[8, 2],
            DIAGNOSTIQUER,
            [
                "Aucune analyse.",
                "Constats sans chiffres ou indicateurs mal choisis.",
                "Baisse des sessions venues des moteurs de recherche identifiée et chiffrée sur la période.",
                "Diagnostic argumenté (référencement naturel), actions réalistes (contenus, mots-clés, méta-données) et indicateurs de suivi proposés.",
            ],
            vec![check(
                "answer",
                vec![
                    ("question", V::I(i64::from(a.number))),
                    ("min_words", V::I(50)),
                    (
                        "keywords",
                        V::L(vec![
                            "sessions".into(),
                            "naturel".into(),
                            "baisse".into(),
                            "référencement".into(),
                        ]),
                    ),
                    ("min_keywords", V::I(3)),
                ],
            )],
        )],
    })
}
