//! Checks on the content side: articles and pages, comments, menus, home blocks, settings,
//! media alternative texts.

use e5_domain::blocks::Kind;
use e5_shop_db::query::Read;
use sqlx::SqlitePool;

use super::facts::{Facts, best};
use super::spec::{
    CommentModerated, HomeBlock, MediaAlt, MenuItem, PostPublished, PostType, Setting, Widget,
};
use super::{Baseline, block_kind_label, widget_kind_label};
use crate::text::{
    block_stats, char_count, contains_folded, count, same_folded, strip_tags, word_count,
};

#[derive(sqlx::FromRow)]
struct PostRow {
    id: i64,
    title: String,
    status: String,
    blocks: String,
    excerpt: String,
    meta_title: String,
    meta_description: String,
    focus_keyword: String,
    featured_media_id: Option<i64>,
    sticky: i64,
    comment_status: String,
}

fn status_label(status: &str, post_type: PostType) -> String {
    let e = if post_type == PostType::Page { "e" } else { "" };
    match status {
        "publish" => format!("publié{e}"),
        "future" => format!("programmé{e}"),
        "private" => format!("privé{e}"),
        "draft" => "en brouillon".to_owned(),
        "trash" => "à la corbeille".to_owned(),
        other => other.to_owned(),
    }
}

pub(super) async fn post_published(
    c: &PostPublished,
    db: &SqlitePool,
    b: &Baseline,
) -> Result<Facts, sqlx::Error> {
    let kind = c.post_type.as_str();
    let columns = "id, title, status, blocks, excerpt, meta_title, meta_description, focus_keyword, \
                   featured_media_id, sticky, comment_status";
    let rows: Vec<PostRow> = match &c.slug {
        Some(slug) => {
            db.rows(
                &format!(
                "SELECT {columns} FROM post WHERE kind = ? AND slug = ?"
            ),
                (kind, slug),
            ).await?
        }
        None => db.rows(
            &format!(
            "SELECT {columns} FROM post WHERE kind = ? AND id > ? AND status <> 'trash' ORDER BY id"
        ),
            (kind, b.max_id("post")),
        ).await?,
    };
    let noun = c.post_type.noun();
    if rows.is_empty() {
        return Ok(match (&c.slug, c.post_type) {
            (Some(slug), _) => Facts::missing(format!("{noun} « {slug} » introuvable")),
            (None, PostType::Post) => {
                Facts::missing("Aucun nouvel article depuis le début de l'épreuve")
            }
            (None, PostType::Page) => {
                Facts::missing("Aucune nouvelle page depuis le début de l'épreuve")
            }
        });
    }
    let expected_status = c.status.as_deref().unwrap_or("publish");
    let mut all = Vec::with_capacity(rows.len());
    for p in &rows {
        all.push(post_facts(c, p, expected_status, db).await?);
    }
    let n = rows.len();
    let mut found = best(all).unwrap_or_else(|| Facts::missing("?"));
    if n > 1 {
        let what = if c.post_type == PostType::Post {
            count(n as i64, "nouvel article", "nouveaux articles")
        } else {
            count(n as i64, "nouvelle page", "nouvelles pages")
        };
        found.tail(format!("({what} en tout ; le plus complet est décrit.)"));
    }
    Ok(found)
}

async fn post_facts(
    c: &PostPublished,
    p: &PostRow,
    expected_status: &str,
    db: &SqlitePool,
) -> Result<Facts, sqlx::Error> {
    let mut f = Facts::found(format!("{} « {} »", c.post_type.noun(), p.title));
    let st = block_stats(&p.blocks);
    let mut text = st.text.clone();
    for (label, extra) in [
        ("Extrait", &p.excerpt),
        ("Méta-description", &p.meta_description),
    ] {
        if !extra.trim().is_empty() {
            text.push_str(&format!("\n\n{label} : {}", extra.trim()));
        }
    }
    f.wrote(format!("{} « {} »", c.post_type.noun(), p.title), text);
    f.expect(
        p.status == expected_status,
        status_label(&p.status, c.post_type),
        status_label(expected_status, c.post_type),
    );
    let words = count(st.words as i64, "mot", "mots");
    match (c.min_words, c.max_words) {
        (None, None) => f.info(words),
        (min, max) => {
            let ok = min.is_none_or(|m| st.words >= m as usize)
                && max.is_none_or(|m| st.words <= m as usize);
            let expected = match (min, max) {
                (Some(a), Some(b)) => format!("de {a} à {b}"),
                (Some(a), None) => format!("au moins {a}"),
                (None, Some(b)) => format!("au plus {b}"),
                (None, None) => String::new(),
            };
            f.expect(ok, words, expected);
        }
    }
    let headings = count(st.headings as i64, "intertitre", "intertitres");
    at_least(&mut f, st.headings, c.min_headings, headings);
    if let Some(min) = c.min_paragraphs {
        f.expect(
            st.paragraphs >= min as usize,
            count(st.paragraphs as i64, "paragraphe", "paragraphes"),
            format!("au moins {min}"),
        );
    }
    if let Some(min) = c.min_lists {
        f.expect(
            st.lists >= min as usize,
            count(st.lists as i64, "liste", "listes"),
            format!("au moins {min}"),
        );
    }
    // An image block without its own alternative text uses the media library's.
    let mut with_alt = 0usize;
    for (media_id, alt) in &st.images {
        let ok = if alt.is_empty() {
            match media_id {
                Some(id) => {
                    let media_alt: Option<String> = db
                        .optional("SELECT alt FROM media WHERE id = ?", (id,))
                        .await?;
                    media_alt.is_some_and(|a| !a.trim().is_empty())
                }
                None => false,
            }
        } else {
            true
        };
        with_alt += usize::from(ok);
    }
    let images = st.images.len();
    let without = images - with_alt;
    let images_text = if images == 0 {
        "aucune image".to_owned()
    } else if without == 0 {
        format!(
            "{} avec texte alternatif",
            count(images as i64, "image", "images")
        )
    } else {
        format!(
            "{} dont {} sans texte alternatif",
            count(images as i64, "image", "images"),
            without
        )
    };
    match (c.min_images, c.min_images_with_alt) {
        (None, None) => f.info(images_text),
        (min, min_alt) => {
            let ok = min.is_none_or(|m| images >= m as usize)
                && min_alt.is_none_or(|m| with_alt >= m as usize);
            let mut expected = Vec::new();
            if let Some(m) = min {
                expected.push(format!("au moins {}", count(m, "image", "images")));
            }
            if let Some(m) = min_alt {
                expected.push(format!("au moins {} avec texte alternatif", m));
            }
            f.expect(ok, images_text, expected.join(", "));
        }
    }
    let links = count(st.links as i64, "lien", "liens");
    match c.min_links {
        Some(min) => f.expect(st.links >= min as usize, links, format!("au moins {min}")),
        None if st.links > 0 => f.info(links),
        None => {}
    }
    let meta_len = char_count(&p.meta_description);
    let meta_text = if meta_len == 0 {
        "sans méta-description".to_owned()
    } else {
        format!("méta-description {meta_len} car.")
    };
    match (c.meta_description, c.meta_description_max) {
        (Some(true), max) | (None, max @ Some(_)) => {
            let ok = meta_len > 0 && max.is_none_or(|m| meta_len <= m as usize);
            let expected = match max {
                Some(m) => format!("renseignée, {m} car. au plus"),
                None => "renseignée".to_owned(),
            };
            f.expect(ok, meta_text, expected);
        }
        _ => f.info(meta_text),
    }
    if c.meta_title == Some(true) {
        let n = char_count(&p.meta_title);
        let text = if n == 0 {
            "sans méta-titre".to_owned()
        } else {
            format!("méta-titre {n} car.")
        };
        f.expect(n > 0, text, "renseigné");
    }
    if let Some(keyword) = &c.focus_keyword {
        let in_field = contains_folded(&p.focus_keyword, keyword);
        let in_title = contains_folded(&p.title, keyword);
        let text = format!(
            "mot-clé « {keyword} » {} le panneau SEO, {} le titre",
            if in_field {
                "renseigné dans"
            } else {
                "absent du"
            },
            if in_title {
                "présent dans"
            } else {
                "absent du"
            }
        );
        f.expect(
            in_field && in_title,
            text,
            "dans le panneau SEO et le titre",
        );
    }
    if c.excerpt == Some(true) {
        let n = char_count(&p.excerpt);
        f.expect(
            n > 0,
            if n == 0 {
                "sans extrait".to_owned()
            } else {
                format!("extrait {n} car.")
            },
            "un extrait",
        );
    }
    if c.featured_image == Some(true) {
        let ok = p.featured_media_id.is_some();
        f.expect(
            ok,
            if ok {
                "image mise en avant"
            } else {
                "sans image mise en avant"
            },
            "une image mise en avant",
        );
    }
    if let Some(slug) = &c.category {
        let terms: Vec<(String, String)> = db
            .rows(
                "SELECT t.slug, t.name FROM post_term pt JOIN term t ON t.id = pt.term_id \
             WHERE pt.post_id = ? AND t.taxonomy = 'category'",
                (p.id,),
            )
            .await?;
        let ok = terms.iter().any(|(s, _)| s == slug);
        let names: Vec<String> = terms.iter().map(|(_, n)| format!("« {n} »")).collect();
        let text = if names.is_empty() {
            "sans catégorie".to_owned()
        } else {
            format!("catégorie {}", names.join(", "))
        };
        f.expect(ok, text, format!("la catégorie {slug}"));
    }
    if let Some(min) = c.min_tags {
        let tags: i64 = db.one(
            "SELECT COUNT(*) FROM post_term pt JOIN term t ON t.id = pt.term_id WHERE pt.post_id = ? AND t.taxonomy = 'tag'",
            (p.id,),
        ).await?;
        f.expect(
            tags >= i64::from(min),
            count(tags, "étiquette", "étiquettes"),
            format!("au moins {min}"),
        );
    }
    if let Some(sticky) = c.sticky {
        let is = p.sticky != 0;
        f.expect(
            is == sticky,
            if is {
                "épinglé en tête"
            } else {
                "non épinglé"
            },
            if sticky { "épinglé" } else { "non épinglé" },
        );
    }
    if let Some(open) = c.comments_open {
        let is = p.comment_status == "open";
        f.expect(
            is == open,
            if is {
                "commentaires ouverts"
            } else {
                "commentaires fermés"
            },
            if open { "ouverts" } else { "fermés" },
        );
    }
    for kind in &c.block_types {
        let known = Kind::parse(kind);
        let n = st.types.iter().filter(|t| Some(**t) == known).count();
        f.expect(
            n > 0,
            format!(
                "bloc « {} » {}",
                known.map_or(kind.clone(), |k| k.label().to_owned()),
                if n > 0 { "présent" } else { "absent" }
            ),
            "présent",
        );
    }
    for phrase in &c.contains {
        let ok = contains_folded(&st.text, phrase) || contains_folded(&p.title, phrase);
        f.expect(
            ok,
            format!("« {phrase} » {}", if ok { "présent" } else { "absent" }),
            "présent dans le texte",
        );
    }
    Ok(f)
}

fn at_least(f: &mut Facts, value: usize, min: Option<u32>, text: String) {
    match min {
        Some(m) => f.expect(value >= m as usize, text, format!("au moins {m}")),
        None => f.info(text),
    }
}

fn comment_status_label(s: &str) -> &str {
    match s {
        "approved" => "approuvé",
        "pending" => "en attente",
        "spam" => "indésirable",
        "trash" => "à la corbeille",
        other => other,
    }
}

pub(super) async fn comment_moderated(
    c: &CommentModerated,
    db: &SqlitePool,
    b: &Baseline,
) -> Result<Facts, sqlx::Error> {
    let rows: Vec<(i64, String, String, String)> = db.rows(
        "SELECT cm.id, cm.author_name, cm.status, p.title FROM comment cm JOIN post p ON p.id = cm.post_id \
         WHERE p.kind = ? AND p.slug = ? ORDER BY cm.id",
        (c.post_type.as_str(), &c.post),
    ).await?;
    let Some((id, author, status, title)) = rows.into_iter().find(|r| same_folded(&r.1, &c.author))
    else {
        if matches!(c.status.as_str(), "trash" | "spam") {
            let mut f = Facts::found(format!(
                "Commentaire de {} supprimé définitivement",
                c.author
            ));
            f.expect(true, "il n'apparaît plus", "");
            return Ok(f);
        }
        return Ok(Facts::missing(format!(
            "Commentaire de {} introuvable sous « {} »",
            c.author, c.post
        )));
    };
    let mut f = Facts::found(format!("Commentaire de {author} sous « {title} »"));
    f.expect(
        status == c.status,
        format!("statut {}", comment_status_label(&status)),
        comment_status_label(&c.status).to_owned(),
    );
    if c.reply == Some(true) || c.min_reply_chars.is_some() {
        let replies: Vec<(String, String)> = db.rows(
            "SELECT content, status FROM comment WHERE parent_id = ? AND employee_id IS NOT NULL AND id > ? ORDER BY id",
            (id, b.max_id("comment")),
        ).await?;
        let min = c.min_reply_chars.unwrap_or(1) as usize;
        let best = replies
            .iter()
            .max_by_key(|(text, st)| (st == "approved", char_count(text)));
        match best {
            Some((text, st)) => {
                let n = char_count(text);
                f.wrote(
                    format!("Réponse de l'équipe au commentaire de {author}"),
                    strip_tags(text),
                );
                f.expect(
                    st == "approved" && n >= min,
                    format!(
                        "réponse de l'équipe {} car. ({})",
                        n,
                        comment_status_label(st)
                    ),
                    format!("une réponse approuvée d'au moins {min} car."),
                );
            }
            None => f.expect(false, "pas de réponse de l'équipe", "une réponse"),
        }
    }
    Ok(f)
}

#[derive(sqlx::FromRow)]
struct MenuRow {
    location: String,
    label: String,
    kind: String,
    target: String,
    parent: Option<String>,
}

fn menu_name(location: &str) -> String {
    match location {
        "main" => "menu principal".to_owned(),
        "footer" => "menu de pied de page".to_owned(),
        other => format!("menu « {other} »"),
    }
}

pub(super) async fn menu_item(c: &MenuItem, db: &SqlitePool) -> Result<Facts, sqlx::Error> {
    // The target, whatever its kind: the slug of what it points to, or the URL.
    let rows: Vec<MenuRow> = db
        .rows(
            "SELECT m.location, mi.label, mi.kind, \
           COALESCE(CASE mi.kind \
             WHEN 'page' THEN (SELECT slug FROM post WHERE id = mi.target_id) \
             WHEN 'post' THEN (SELECT slug FROM post WHERE id = mi.target_id) \
             WHEN 'category' THEN (SELECT slug FROM category WHERE id = mi.target_id) \
             WHEN 'product' THEN (SELECT slug FROM product WHERE id = mi.target_id) \
             WHEN 'custom' THEN mi.url ELSE mi.kind END, '') AS target, \
           (SELECT label FROM menu_item p WHERE p.id = mi.parent_id) AS parent \
         FROM menu_item mi JOIN menu m ON m.id = mi.menu_id ORDER BY mi.id",
            (),
        )
        .await?;
    let in_menu: Vec<&MenuRow> = rows
        .iter()
        .filter(|r| c.menu.as_deref().is_none_or(|m| m == r.location))
        .collect();
    let matches = |r: &MenuRow| {
        c.label
            .as_deref()
            .is_none_or(|l| contains_folded(&r.label, l))
            && c.target
                .as_deref()
                .is_none_or(|t| r.target == t || contains_folded(&r.target, t))
    };
    let menu = c
        .menu
        .as_deref()
        .map_or("les menus".to_owned(), |m| format!("le {}", menu_name(m)));
    let what = c.label.as_deref().or(c.target.as_deref()).unwrap_or("");
    if c.present == Some(false) {
        let left = in_menu.iter().filter(|r| matches(r)).count();
        let mut f = Facts::found(format!("Entrée « {what} » dans {menu}"));
        f.expect(
            left == 0,
            if left == 0 {
                "retirée".to_owned()
            } else {
                "toujours présente".to_owned()
            },
            "retirée",
        );
        return Ok(f);
    }
    let mut all = Vec::new();
    for r in &in_menu {
        let mut f = Facts::found(format!(
            "Entrée « {} » du {}",
            r.label,
            menu_name(&r.location)
        ));
        if let Some(l) = &c.label {
            f.expect(
                contains_folded(&r.label, l),
                format!("intitulé « {} »", r.label),
                format!("« {l} »"),
            );
        }
        if let Some(t) = &c.target {
            let ok = r.target == *t || contains_folded(&r.target, t);
            f.expect(
                ok,
                format!("vers {} « {} »", kind_label(&r.kind), r.target),
                format!("vers « {t} »"),
            );
        }
        if let Some(p) = &c.parent {
            let ok = r.parent.as_deref().is_some_and(|x| same_folded(x, p));
            let text = match &r.parent {
                Some(x) => format!("sous « {x} »"),
                None => "au premier niveau".to_owned(),
            };
            f.expect(ok, text, format!("sous « {p} »"));
        }
        all.push(f);
    }
    Ok(best(all)
        .filter(|f| f.score().1 > 0)
        .unwrap_or_else(|| Facts::missing(format!("Aucune entrée « {what} » dans {menu}"))))
}

fn kind_label(kind: &str) -> &str {
    match kind {
        "page" => "la page",
        "post" => "l'article",
        "category" => "la catégorie",
        "product" => "le produit",
        "custom" => "le lien",
        _ => "",
    }
}

pub(super) async fn home_block(c: &HomeBlock, db: &SqlitePool) -> Result<Facts, sqlx::Error> {
    let rows: Vec<(String, String, String, Option<i64>, i64)> = db
        .rows(
            "SELECT title, body, link, media_id, active FROM home_block WHERE kind = ? ORDER BY id",
            (&c.block,),
        )
        .await?;
    let kind = block_kind_label(&c.block);
    let mut all = Vec::new();
    for (title, body, link, media, active) in &rows {
        let mut f = Facts::found(format!("Bloc {kind} « {title} »"));
        let mut relevant = 0;
        for (expected, value, what) in [
            (&c.title_contains, title, "titre"),
            (&c.body_contains, body, "texte"),
            (&c.link_contains, link, "lien"),
        ] {
            if let Some(e) = expected {
                let ok = contains_folded(value, e);
                relevant += usize::from(ok);
                let shown: String = value.chars().take(60).collect();
                f.expect(ok, format!("{what} « {shown} »"), format!("« {e} »"));
            }
        }
        if c.image == Some(true) {
            f.expect(
                media.is_some(),
                if media.is_some() {
                    "avec image"
                } else {
                    "sans image"
                },
                "une image",
            );
        }
        let want_active = c.active.unwrap_or(true);
        f.expect(
            (*active != 0) == want_active,
            if *active != 0 { "affiché" } else { "masqué" },
            if want_active { "affiché" } else { "masqué" },
        );
        // A block that matches none of the texts asked for is not the one looked for.
        if relevant > 0
            || (c.title_contains.is_none()
                && c.body_contains.is_none()
                && c.link_contains.is_none())
        {
            all.push(f);
        }
    }
    Ok(best(all).unwrap_or_else(|| {
        let what = c
            .title_contains
            .as_deref()
            .or(c.body_contains.as_deref())
            .or(c.link_contains.as_deref())
            .unwrap_or("");
        Facts::missing(format!(
            "Aucun bloc {kind} « {what} » ({} de ce type en tout)",
            rows.len()
        ))
    }))
}

/// A setting's value as a teacher reads it: the file of a picture, the title of a page,
/// "3 articles par page", oui or non, an amount in euros; the value itself otherwise.
async fn readable_setting(key: &str, value: &str, db: &SqlitePool) -> Result<String, sqlx::Error> {
    use e5_domain::setting as k;
    let id = value.trim().parse::<i64>().ok();
    Ok(match key {
        k::LOGO_MEDIA | k::ICON_MEDIA | k::HEADER_MEDIA => match id {
            Some(id) => {
                let file: Option<String> = db
                    .optional("SELECT file FROM media WHERE id = ?", (id,))
                    .await?;
                match file {
                    Some(f) => format!("fichier « {} »", f.rsplit('/').next().unwrap_or(&f)),
                    None => "un média supprimé".to_owned(),
                }
            }
            None => "aucune image".to_owned(),
        },
        k::READING_FRONT_PAGE | k::PRIVACY_PAGE => match id.filter(|i| *i > 0) {
            None if key == k::READING_FRONT_PAGE => "les derniers articles".to_owned(),
            None => "aucune page".to_owned(),
            Some(id) => {
                let title: Option<String> = db
                    .optional("SELECT title FROM post WHERE id = ?", (id,))
                    .await?;
                match title {
                    Some(t) => format!("la page « {t} »"),
                    None => "une page supprimée".to_owned(),
                }
            }
        },
        k::READING_POSTS_PER_PAGE => {
            count(id.unwrap_or(0), "article par page", "articles par page")
        }
        k::SHIPPING_FREE_THRESHOLD_CENTS => match id {
            Some(cents) if cents > 0 => crate::text::euros(cents),
            _ => "jamais".to_owned(),
        },
        key if k::is_switch(key) => if value.trim() == "1" { "oui" } else { "non" }.to_owned(),
        _ => {
            let shown: String = value.chars().take(80).collect();
            let more = if value.chars().count() > 80 {
                "…"
            } else {
                ""
            };
            format!("« {shown}{more} »")
        }
    })
}

pub(super) async fn setting(c: &Setting, db: &SqlitePool) -> Result<Facts, sqlx::Error> {
    let label = e5_domain::setting::label(&c.key);
    let value: Option<String> = db
        .optional("SELECT value FROM setting WHERE key = ?", (&c.key,))
        .await?;
    let Some(value) = value else {
        return Ok(Facts::missing(format!("Réglage « {label} » non défini")));
    };
    let mut f = Facts::found(format!("Réglage « {label} »"));
    let text = readable_setting(&c.key, &value, db).await?;
    let mut expected = Vec::new();
    let mut ok = true;
    if let Some(e) = &c.equals {
        ok &= same_folded(&value, e);
        expected.push(readable_setting(&c.key, e, db).await?);
    }
    if let Some(e) = &c.contains {
        ok &= contains_folded(&value, e);
        expected.push(format!("contenant « {e} »"));
    }
    if c.not_empty == Some(true) {
        ok &= !value.trim().is_empty();
        expected.push("renseignée".to_owned());
    }
    f.expect(ok, text, expected.join(", "));
    Ok(f)
}

pub(super) async fn media_alt(c: &MediaAlt, db: &SqlitePool) -> Result<Facts, sqlx::Error> {
    let min = c.min_chars.unwrap_or(5) as usize;
    let mut f = Facts::found("Textes alternatifs");
    for file in &c.files {
        let alt: Option<String> = db
            .optional("SELECT alt FROM media WHERE file = ?", (file,))
            .await?;
        match alt {
            None => f.expect(
                false,
                format!("{file} introuvable"),
                "une image de la médiathèque",
            ),
            Some(alt) => {
                let n = char_count(&alt);
                let text = if n == 0 {
                    format!("{file} : vide")
                } else {
                    format!(
                        "{file} : « {alt} » ({} )",
                        count(word_count(&alt) as i64, "mot", "mots")
                    )
                    .replace(" )", ")")
                };
                f.expect(n >= min, text, format!("au moins {min} car."));
            }
        }
    }
    Ok(f)
}

pub(super) async fn widget(c: &Widget, db: &SqlitePool) -> Result<Facts, sqlx::Error> {
    let rows: Vec<(String, String, String)> = db
        .rows(
            "SELECT area, title, settings FROM widget WHERE kind = ? ORDER BY id",
            (&c.widget,),
        )
        .await?;
    let kind = widget_kind_label(&c.widget);
    let mut all = Vec::new();
    for (area, title, settings) in &rows {
        let mut f = Facts::found(format!("Widget {kind} « {title} »"));
        if let Some(a) = &c.area {
            let place = |x: &str| {
                if x == "sidebar" {
                    "barre latérale"
                } else {
                    "pied de page"
                }
            };
            f.expect(
                area == a,
                format!("dans le {}", place(area)).replace("le barre", "la barre"),
                place(a).to_owned(),
            );
        }
        if let Some(t) = &c.title_contains {
            f.expect(
                contains_folded(title, t),
                format!("titre « {title} »"),
                format!("« {t} »"),
            );
        }
        if let Some(t) = &c.text_contains {
            let text: serde_json::Value = serde_json::from_str(settings).unwrap_or_default();
            let body = text["text"].as_str().unwrap_or("");
            f.expect(
                contains_folded(body, t),
                format!("texte de {}", count(word_count(body) as i64, "mot", "mots")),
                format!("contenant « {t} »"),
            );
        }
        all.push(f);
    }
    Ok(best(all).unwrap_or_else(|| Facts::missing(format!("Aucun widget {kind}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A setting's evidence names the picture's file, the page's title, "N articles par
    /// page", oui or non: never a key or an id.
    #[tokio::test]
    async fn settings_read_as_a_teacher_reads_them() {
        let db = SqlitePool::connect("sqlite::memory:").await.unwrap();
        for sql in [
            "CREATE TABLE media (id INTEGER PRIMARY KEY, file TEXT)",
            "CREATE TABLE post (id INTEGER PRIMARY KEY, title TEXT)",
            "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT)",
            "INSERT INTO media VALUES (112, 'uploads/2026/12/logo-ete.png')",
            "INSERT INTO post VALUES (2, 'Accueil de l''été')",
            "INSERT INTO setting VALUES ('logo.media_id', '112'), ('reading.front_page', '2'),
               ('reading.posts_per_page', '3'), ('seo.breadcrumb', '0')",
        ] {
            sqlx::query(sql).execute(&db).await.unwrap();
        }
        let said = |key: &str, equals: &str| Setting {
            key: key.into(),
            equals: Some(equals.into()),
            contains: None,
            not_empty: None,
        };
        let logo = setting(&said("logo.media_id", "112"), &db).await.unwrap();
        assert_eq!(
            logo.sentence(),
            "Réglage « Logo » : fichier « logo-ete.png »."
        );
        let front = setting(&said("reading.front_page", "2"), &db)
            .await
            .unwrap();
        assert_eq!(
            front.sentence(),
            "Réglage « Page d'accueil » : la page « Accueil de l'été »."
        );
        let per_page = setting(&said("reading.posts_per_page", "4"), &db)
            .await
            .unwrap();
        assert_eq!(
            per_page.sentence(),
            "Réglage « Articles par page » : 3 articles par page (attendu : 4 articles par page)."
        );
        let crumbs = setting(&said("seo.breadcrumb", "1"), &db).await.unwrap();
        assert_eq!(
            crumbs.sentence(),
            "Réglage « Fil d'Ariane » : non (attendu : oui)."
        );
    }
}
