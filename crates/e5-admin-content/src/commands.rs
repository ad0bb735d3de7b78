//! Every write of the content side, each one a command of `e5_shop::command` with a French
//! journal summary ("Article « … » publié", "Commentaire de … approuvé").

use e5_domain::Slug;
use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, now, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde_json::json;

use crate::roles::Role;

fn what(kind: &str) -> (&'static str, &'static str) {
    // (noun, feminine ending)
    if kind == "page" {
        ("Page", "e")
    } else {
        ("Article", "")
    }
}

fn limit(value: &str, what: &str, max: usize) -> Result<String, CommandError> {
    let v = value.trim();
    refuse_if(
        v.chars().count() > max,
        format!("{what} : {max} caractères au plus."),
    )?;
    Ok(v.to_owned())
}

#[derive(Debug, Clone, Default)]
pub struct PostInput {
    pub kind: String,
    pub title: String,
    pub slug: String,
    pub excerpt: String,
    /// Already checked by `e5_shop::content::validate_blocks`.
    pub blocks: String,
    /// "draft", "publish", "schedule" or "private".
    pub action: String,
    /// For "schedule": `YYYY-MM-DDTHH:MM` as a datetime-local field sends it.
    pub publish_at: String,
    pub sticky: bool,
    pub featured_media_id: Option<i64>,
    pub comments_open: bool,
    pub meta_title: String,
    pub meta_description: String,
    pub focus_keyword: String,
    pub breadcrumb: bool,
    pub author_id: Option<i64>,
    pub terms: Vec<i64>,
    /// Comma-separated new tags to create and attach.
    pub new_tags: String,
    pub parent_id: Option<i64>,
}

/// A post before its update: title, blocks, status, author, publication date, slug.
type Before = (String, String, String, Option<i64>, Option<String>, String);

/// Creates (`id` None) or updates an article or page, keeping a revision of what it replaces.
pub async fn save_post(
    site: &Site,
    actor: &Actor,
    role: Role,
    employee_id: i64,
    id: Option<i64>,
    input: PostInput,
) -> Result<i64, CommandError> {
    let kind = if input.kind == "page" { "page" } else { "post" };
    let (noun, e) = what(kind);
    let title = limit(&input.title, "Le titre", 200)?;
    refuse_if(title.is_empty(), "Donnez un titre.")?;
    let slug = if input.slug.trim().is_empty() {
        Slug::from_title(&title)
    } else {
        Slug::parse(input.slug.trim())
    }
    .map_err(|e| CommandError::invalid(capitalise(&e.to_string())))?
    .to_string();
    let excerpt = limit(&input.excerpt, "L'extrait", 600)?;
    let meta_title = limit(&input.meta_title, "Le titre SEO", 120)?;
    let meta_description = limit(&input.meta_description, "La méta-description", 320)?;
    let focus_keyword = limit(&input.focus_keyword, "L'expression clé", 80)?;
    let now = now();
    let (status, published_at) = match input.action.as_str() {
        "publish" | "schedule" | "private" if !role.can_publish() => {
            return Err(CommandError::invalid(format!(
                "Votre rôle ({}) ne permet pas de publier : enregistrez un brouillon, un éditeur le relira et le publiera.",
                role.label()
            )));
        }
        "publish" => ("publish", Some(now.clone())),
        "private" => ("private", Some(now.clone())),
        "schedule" => {
            let at = input.publish_at.trim().replace('T', " ");
            let at = if at.len() == 16 {
                format!("{at}:00")
            } else {
                at
            };
            let well_formed = at.len() == 19
                && at.bytes().enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    10 => b == b' ',
                    13 | 16 => b == b':',
                    _ => b.is_ascii_digit(),
                });
            refuse_if(
                !well_formed,
                "Indiquez la date et l'heure de publication prévues.",
            )?;
            if at <= now {
                ("publish", Some(at))
            } else {
                ("future", Some(at))
            }
        }
        _ => ("draft", None),
    };
    refuse_if(
        kind == "page" && !role.can_edit_pages(),
        format!(
            "Votre rôle ({}) ne permet pas de modifier les pages.",
            role.label()
        ),
    )?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let taken: Option<i64> = tx.optional(
            "SELECT id FROM post WHERE kind = ? AND slug = ? AND id IS NOT ?",
            (kind, &slug, id),
        ).await?;
        refuse_if(taken.is_some(), format!("L'adresse (slug) « {slug} » est déjà utilisée : choisissez-en une autre."))?;
        let before: Option<Before> = match id {
            Some(id) => sqlx::query_as("SELECT title, blocks, status, author_id, published_at, slug FROM post WHERE id = ? AND kind = ?")
                .bind(id).bind(kind).fetch_optional(tx.conn()).await?,
            None => None,
        };
        if id.is_some() && before.is_none() {
            return Err(CommandError::NotFound(if kind == "page" { "page" } else { "article" }));
        }
        if let Some((_, _, old_status, author, _, _)) = &before
            && !role.can_edit_post(*author == Some(employee_id), old_status)
        {
            return Err(CommandError::invalid(format!(
                "Votre rôle ({}) ne permet pas de modifier ce contenu.", role.label()
            )));
        }
        let author_id = if role.can_edit_others() { input.author_id.or(Some(employee_id)) } else { before.as_ref().and_then(|b| b.3).or(Some(employee_id)) };
        let details_before = match id {
            Some(id) => Some(PostDetails::read(tx, id).await?),
            None => None,
        };
        // A post published earlier keeps its date when it is saved again.
        let published_at = match (&before, status) {
            (Some((_, _, old, _, Some(at), _)), "publish" | "private") if old == "publish" || old == "private" => Some(at.clone()),
            _ => published_at,
        };
        let post_id = match (&before, id) {
            (Some((old_title, old_blocks, ..)), Some(id)) => {
                tx.execute(
                    "INSERT INTO post_revision (post_id, title, blocks, author_id, created_at) VALUES (?, ?, ?, ?, ?)",
                    (id, old_title, old_blocks, employee_id, &now),
                ).await?;
                tx.execute(
                    "UPDATE post SET title = ?, slug = ?, excerpt = ?, blocks = ?, status = ?, published_at = ?, author_id = ?, sticky = ?,
                     featured_media_id = ?, comment_status = ?, meta_title = ?, meta_description = ?, focus_keyword = ?, breadcrumb = ?,
                     parent_id = ?, updated_at = ? WHERE id = ?",
                    (
                        &title,
                        &slug,
                        &excerpt,
                        &input.blocks,
                        status,
                        &published_at,
                        author_id,
                        input.sticky && kind == "post",
                        input.featured_media_id,
                        if input.comments_open { "open" } else { "closed" },
                        &meta_title,
                        &meta_description,
                        &focus_keyword,
                        input.breadcrumb,
                        input.parent_id,
                        &now,
                        id,
                    ),
                ).await?;
                id
            }
            _ => tx.one(
                "INSERT INTO post (kind, title, slug, excerpt, blocks, status, published_at, author_id, sticky, featured_media_id, comment_status,
                 meta_title, meta_description, focus_keyword, breadcrumb, parent_id, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    kind,
                    &title,
                    &slug,
                    &excerpt,
                    &input.blocks,
                    status,
                    &published_at,
                    author_id,
                    input.sticky && kind == "post",
                    input.featured_media_id,
                    if input.comments_open { "open" } else { "closed" },
                    &meta_title,
                    &meta_description,
                    &focus_keyword,
                    input.breadcrumb,
                    input.parent_id,
                    &now,
                    &now,
                ),
            ).await?,
        };
        if kind == "post" {
            tx.execute("DELETE FROM post_term WHERE post_id = ?", (post_id,)).await?;
            let mut terms = input.terms.clone();
            for tag in input.new_tags.split(',').map(str::trim).filter(|t| !t.is_empty()).take(20) {
                let name: String = tag.chars().take(60).collect();
                let Ok(tag_slug) = Slug::from_title(&name) else { continue };
                let existing: Option<i64> = tx.optional(
                    "SELECT id FROM term WHERE taxonomy = 'tag' AND slug = ?",
                    (tag_slug.as_str(),),
                ).await?;
                let term = match existing {
                    Some(t) => t,
                    None => tx.one(
                        "INSERT INTO term (taxonomy, name, slug) VALUES ('tag', ?, ?) RETURNING id",
                        (&name, tag_slug.as_str()),
                    ).await?,
                };
                terms.push(term);
            }
            for t in terms {
                tx.execute(
                    "INSERT OR IGNORE INTO post_term (post_id, term_id) SELECT ?, id FROM term WHERE id = ?",
                    (post_id, t),
                ).await?;
            }
        }
        // An update says what it changed; one that changed nothing is not evidence.
        let changes = match (&before, &details_before) {
            (Some((old_title, old_blocks, old_status, _, old_published_at, _)), Some(old)) => {
                let mut changes = Vec::new();
                if *old_title != title {
                    changes.push(format!("titre (« {old_title} » → « {title} »)"));
                }
                if *old_published_at != published_at {
                    changes.push("date de publication".to_owned());
                }
                if *old_blocks != input.blocks {
                    changes.push("contenu".to_owned());
                }
                let new = PostDetails::read(tx, post_id).await?;
                changes.extend(old.changes_to(&new));
                if changes.is_empty() && *old_status == status {
                    tx.unchanged();
                    return Ok(post_id);
                }
                changes
            }
            _ => Vec::new(),
        };
        let what = if changes.is_empty() { String::new() } else { format!(" : {}", changes.join(", ")) };
        let summary = match status {
            "publish" if before.as_ref().is_some_and(|b| b.2 == "publish") => format!("{noun} « {title} » mis{e} à jour{what}"),
            "publish" => format!("{noun} « {title} » publié{e}"),
            "private" => format!("{noun} « {title} » publié{e} en privé"),
            "future" => format!("{noun} « {title} » planifié{e} pour le {}", e5_domain::calendar::french_date_time(published_at.as_deref().unwrap_or(""))),
            _ if before.is_none() => format!("{noun} « {title} » enregistré{e} comme brouillon"),
            _ => format!("Brouillon « {title} » mis à jour{what}"),
        };
        let action = match status { "publish" | "private" => "publish", "future" => "schedule", _ if before.is_none() => "create", _ => "update" };
        let mut entry = Entry::new(Entity::Post, Some(post_id), action, summary)
            .after(json!({"title": title, "slug": slug, "status": status}));
        if let Some((t, _, st, _, _, sl)) = &before {
            entry = entry.before(json!({"title": t, "slug": sl, "status": st}));
        }
        tx.journal(entry).await?;
        Ok(post_id)
    })
    .await
}

/// What an article or a page holds besides its title, text and status, to say what an
/// update changed.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
struct PostDetails {
    slug: String,
    excerpt: String,
    author: String,
    sticky: i64,
    comment_status: String,
    featured_media_id: Option<i64>,
    meta_title: String,
    meta_description: String,
    focus_keyword: String,
    parent_id: Option<i64>,
    terms: String,
}

impl PostDetails {
    async fn read(tx: &mut Tx<'_>, id: i64) -> Result<PostDetails, CommandError> {
        tx.row(
            "SELECT p.slug, p.excerpt,
                    COALESCE((SELECT first_name || ' ' || last_name FROM employee WHERE id = p.author_id), '') AS author,
                    p.sticky, p.comment_status, p.featured_media_id, p.meta_title, p.meta_description,
                    p.focus_keyword, p.parent_id,
                    COALESCE((SELECT group_concat(term_id) FROM (SELECT term_id FROM post_term WHERE post_id = p.id ORDER BY term_id)), '') AS terms
             FROM post p WHERE p.id = ?",
            (id,),
        )
        .await
    }

    /// The changes from `self` to `new`, in French.
    fn changes_to(&self, new: &PostDetails) -> Vec<String> {
        let mut out = Vec::new();
        if self.slug != new.slug {
            out.push(format!("adresse ({} → {})", self.slug, new.slug));
        }
        if self.author != new.author {
            out.push(format!("auteur ({} → {})", self.author, new.author));
        }
        if self.sticky != new.sticky {
            out.push(
                if new.sticky != 0 {
                    "épinglé en haut du blog"
                } else {
                    "plus épinglé"
                }
                .to_owned(),
            );
        }
        if self.comment_status != new.comment_status {
            out.push(
                if new.comment_status == "open" {
                    "commentaires ouverts"
                } else {
                    "commentaires fermés"
                }
                .to_owned(),
            );
        }
        if self.excerpt != new.excerpt {
            out.push("extrait".to_owned());
        }
        if self.featured_media_id != new.featured_media_id {
            out.push("image mise en avant".to_owned());
        }
        if (
            &self.meta_title,
            &self.meta_description,
            &self.focus_keyword,
        ) != (&new.meta_title, &new.meta_description, &new.focus_keyword)
        {
            out.push("référencement (titre SEO, méta-description, expression clé)".to_owned());
        }
        if self.parent_id != new.parent_id {
            out.push("page parente".to_owned());
        }
        if self.terms != new.terms {
            out.push("catégories et étiquettes".to_owned());
        }
        out
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

async fn post_owner(
    tx: &mut Tx<'_>,
    id: i64,
) -> Result<(String, String, String, Option<i64>), CommandError> {
    sqlx::query_as("SELECT kind, title, status, author_id FROM post WHERE id = ?")
        .bind(id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or(CommandError::NotFound("contenu"))
}

/// Moves to the trash, or deletes for good what is already in it.
pub async fn delete_post(
    site: &Site,
    actor: &Actor,
    role: Role,
    employee_id: i64,
    id: i64,
) -> Result<String, CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (kind, title, status, author) = post_owner(tx, id).await?;
        refuse_if(!role.can_delete_post(author == Some(employee_id), &status) || (kind == "page" && !role.can_edit_pages()), format!("Votre rôle ({}) ne permet pas de supprimer ce contenu.", role.label()))?;
        let (noun, e) = what(&kind);
        if status == "trash" {
            tx.execute(
                "UPDATE menu_item SET target_id = NULL WHERE kind IN ('page', 'post') AND target_id = ?",
                (id,),
            ).await?;
            tx.execute(
                "DELETE FROM menu_item WHERE kind IN ('page', 'post') AND target_id IS NULL",
                (),
            ).await?;
            tx.execute("UPDATE post SET parent_id = NULL WHERE parent_id = ?", (id,)).await?;
            tx.execute("DELETE FROM post WHERE id = ?", (id,)).await?;
            tx.journal(Entry::new(Entity::Post, Some(id), "delete", format!("{noun} « {title} » supprimé{e} définitivement")).before(json!({"title": title, "status": status}))).await?;
            Ok(kind)
        } else {
            tx.execute(
                "UPDATE post SET status = 'trash', sticky = 0, updated_at = ? WHERE id = ?",
                (now(), id),
            ).await?;
            tx.journal(Entry::new(Entity::Post, Some(id), "trash", format!("{noun} « {title} » mis{e} à la corbeille")).before(json!({"status": status}))).await?;
            Ok(kind)
        }
    })
    .await
}

/// Puts an earlier revision back (the current text becomes a revision itself).
pub async fn restore_revision(
    site: &Site,
    actor: &Actor,
    role: Role,
    employee_id: i64,
    post_id: i64,
    revision_id: i64,
) -> Result<(), CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (kind, title, status, author) = post_owner(tx, post_id).await?;
        refuse_if(!role.can_edit_post(author == Some(employee_id), &status), format!("Votre rôle ({}) ne permet pas de modifier ce contenu.", role.label()))?;
        let rev: Option<(String, String, String)> = sqlx::query_as("SELECT title, blocks, created_at FROM post_revision WHERE id = ? AND post_id = ?")
            .bind(revision_id).bind(post_id).fetch_optional(tx.conn()).await?;
        let Some((rev_title, rev_blocks, at)) = rev else { return Err(CommandError::NotFound("révision")) };
        let now = now();
        tx.execute(
            "INSERT INTO post_revision (post_id, title, blocks, author_id, created_at) SELECT id, title, blocks, ?, ? FROM post WHERE id = ?",
            (employee_id, &now, post_id),
        ).await?;
        tx.execute(
            "UPDATE post SET title = ?, blocks = ?, updated_at = ? WHERE id = ?",
            (&rev_title, &rev_blocks, &now, post_id),
        ).await?;
        let (noun, _) = what(&kind);
        tx.journal(Entry::new(Entity::Post, Some(post_id), "restore", format!("{noun} « {title} » : révision du {} restaurée", e5_domain::calendar::french_date_time(&at)))).await
    })
    .await
}

/// Approves, unapproves, marks as spam or trashes a blog comment.
pub async fn moderate_comment(
    site: &Site,
    actor: &Actor,
    id: i64,
    action: &str,
) -> Result<(), CommandError> {
    let (status, done) = match action {
        "approuver" => ("approved", "approuvé"),
        "desapprouver" => ("pending", "désapprouvé"),
        "indesirable" => ("spam", "marqué comme indésirable"),
        "corbeille" | "supprimer" => ("trash", "mis à la corbeille"),
        "restaurer" => ("pending", "restauré"),
        _ => return Err(CommandError::invalid("Action inconnue.")),
    };
    run(site, actor, async |tx: &mut Tx<'_>| {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT author_name, status FROM comment WHERE id = ?")
                .bind(id)
                .fetch_optional(tx.conn())
                .await?;
        let Some((author, before)) = row else {
            return Err(CommandError::NotFound("commentaire"));
        };
        tx.execute("UPDATE comment SET status = ? WHERE id = ?", (status, id))
            .await?;
        tx.journal(
            Entry::new(
                Entity::Comment,
                Some(id),
                "moderate",
                format!("Commentaire de {author} {done}"),
            )
            .before(json!({"status": before}))
            .after(json!({"status": status})),
        )
        .await
    })
    .await
}

/// The shop answers a comment: the reply is published at once, and the comment approved.
pub async fn reply_comment(
    site: &Site,
    actor: &Actor,
    employee_id: i64,
    name: &str,
    id: i64,
    text: &str,
) -> Result<(), CommandError> {
    let text = limit(text, "La réponse", 3000)?;
    refuse_if(text.is_empty(), "Écrivez votre réponse.")?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let row: Option<(i64, String, String)> = sqlx::query_as("SELECT c.post_id, c.author_name, p.title FROM comment c JOIN post p ON p.id = c.post_id WHERE c.id = ?")
            .bind(id).fetch_optional(tx.conn()).await?;
        let Some((post_id, author, title)) = row else { return Err(CommandError::NotFound("commentaire")) };
        tx.execute(
            "UPDATE comment SET status = 'approved' WHERE id = ? AND status = 'pending'",
            (id,),
        ).await?;
        let reply: i64 = tx.one(
            "INSERT INTO comment (post_id, parent_id, author_name, employee_id, content, status, created_at) VALUES (?, ?, ?, ?, ?, 'approved', ?) RETURNING id",
            (post_id, id, name, employee_id, &text, now()),
        ).await?;
        tx.journal(Entry::new(Entity::Comment, Some(reply), "reply", format!("Réponse au commentaire de {author} publiée sur « {title} »"))).await
    })
    .await
}

/// Approves or refuses a product review, or answers it.
pub async fn moderate_review(
    site: &Site,
    actor: &Actor,
    id: i64,
    action: &str,
    reply: &str,
) -> Result<(), CommandError> {
    let reply = limit(reply, "La réponse", 3000)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let row: Option<(String, String)> = sqlx::query_as("SELECT r.author_name, p.name FROM product_review r JOIN product p ON p.id = r.product_id WHERE r.id = ?")
            .bind(id).fetch_optional(tx.conn()).await?;
        let Some((author, product)) = row else { return Err(CommandError::NotFound("avis")) };
        let summary = match action {
            "approuver" => { tx.execute(
                "UPDATE product_review SET status = 'approved' WHERE id = ?",
                (id,),
            ).await?; format!("Avis de {author} sur « {product} » approuvé") }
            "refuser" | "supprimer" => { tx.execute(
                "UPDATE product_review SET status = 'refused' WHERE id = ?",
                (id,),
            ).await?; format!("Avis de {author} sur « {product} » refusé") }
            "desapprouver" => { tx.execute(
                "UPDATE product_review SET status = 'pending' WHERE id = ?",
                (id,),
            ).await?; format!("Avis de {author} sur « {product} » désapprouvé") }
            "repondre" if !reply.is_empty() => {
                tx.execute(
                    "UPDATE product_review SET reply = ?, reply_at = ? WHERE id = ?",
                    (&reply, now(), id),
                ).await?;
                format!("Réponse à l'avis de {author} sur « {product} » enregistrée")
            }
            "repondre" => return Err(CommandError::invalid("Écrivez votre réponse.")),
            _ => return Err(CommandError::invalid("Action inconnue.")),
        };
        tx.journal(Entry::new(Entity::ProductReview, Some(id), "moderate", summary)).await
    })
    .await
}

/// Writes settings (`key`, `value`), journaled as one change whose summary `summary` makes
/// from the names of the settings that changed; nothing is written or journaled when none did.
pub async fn save_settings(
    site: &Site,
    actor: &Actor,
    values: &[(String, String)],
    summary: impl Fn(&[String]) -> String,
) -> Result<(), CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let mut before = serde_json::Map::new();
        let mut after = serde_json::Map::new();
        let mut changed = Vec::new();
        for (k, v) in values {
            let old: Option<String> = tx.optional(
                "SELECT value FROM setting WHERE key = ?",
                (k,),
            ).await?;
            // A key never set reads as empty in the forms: saving it empty changes nothing.
            if old.as_deref().unwrap_or("") == v.as_str() {
                continue;
            }
            before.insert(k.clone(), json!(old));
            after.insert(k.clone(), json!(v));
            changed.push(e5_domain::setting::label(k));
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (k, v),
            ).await?;
        }
        if changed.is_empty() {
            tx.unchanged();
            return Ok(());
        }
        tx.journal(Entry::new(Entity::Setting, None, "update", summary(&changed))
            .before(serde_json::Value::Object(before)).after(serde_json::Value::Object(after))).await
    })
    .await
}

#[derive(Debug, Clone)]
pub struct MediaUpload {
    pub file_name: String,
    pub mime: &'static str,
    pub data: Vec<u8>,
    pub alt: String,
    pub title: String,
    /// Size before and after, when it was scaled down for the storefront.
    pub resized: Option<((u32, u32), (u32, u32))>,
}

pub async fn add_media(site: &Site, actor: &Actor, m: MediaUpload) -> Result<i64, CommandError> {
    let now = now();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let n: i64 = tx.one("SELECT COALESCE(MAX(id), 0) + 1 FROM media", ()).await?;
        let file = format!("uploads/{n}-{}", m.file_name);
        let id: i64 = tx.one(
            "INSERT INTO media (file, mime, data, alt, title, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (&file, m.mime, &m.data, &m.alt, &m.title, &now),
        ).await?;
        let size = m.data.len().div_ceil(1024);
        let resized = m.resized.map(|((w, h), (nw, nh))| format!(", redimensionné de {w}×{h} à {nw}×{nh} pour la boutique")).unwrap_or_default();
        tx.journal(Entry::new(Entity::Media, Some(id), "create", format!("Média « {} » ajouté ({}, {size} Ko{resized})", m.file_name, m.mime))).await?;
        Ok(id)
    })
    .await
}

pub async fn update_media(
    site: &Site,
    actor: &Actor,
    id: i64,
    alt: &str,
    title: &str,
    caption: &str,
    description: &str,
) -> Result<(), CommandError> {
    let alt = limit(alt, "Le texte alternatif", 250)?;
    let title = limit(title, "Le titre", 200)?;
    let caption = limit(caption, "La légende", 500)?;
    let description = limit(description, "La description", 2000)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let file: Option<String> = tx
            .optional("SELECT file FROM media WHERE id = ?", (id,))
            .await?;
        let Some(file) = file else {
            return Err(CommandError::NotFound("média"));
        };
        tx.execute(
            "UPDATE media SET alt = ?, title = ?, caption = ?, description = ? WHERE id = ?",
            (&alt, &title, &caption, &description, id),
        )
        .await?;
        let name = if title.is_empty() {
            file
        } else {
            title.clone()
        };
        tx.journal(Entry::new(
            Entity::Media,
            Some(id),
            "update",
            format!("Média « {name} » modifié (texte alternatif : « {alt} »)"),
        ))
        .await
    })
    .await
}

pub async fn delete_media(
    site: &Site,
    actor: &Actor,
    id: i64,
    used: usize,
) -> Result<(), CommandError> {
    refuse_if(
        used > 0,
        format!("Ce média est utilisé à {used} endroit(s) : retirez-le d'abord de ces contenus."),
    )?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let file: Option<String> = tx
            .optional("SELECT file FROM media WHERE id = ?", (id,))
            .await?;
        let Some(file) = file else {
            return Err(CommandError::NotFound("média"));
        };
        tx.execute("DELETE FROM media WHERE id = ?", (id,)).await?;
        tx.journal(Entry::new(
            Entity::Media,
            Some(id),
            "delete",
            format!("Média « {file} » supprimé"),
        ))
        .await
    })
    .await
}

#[derive(Debug, Clone)]
pub struct MenuItemInput {
    pub location: String,
    pub label: String,
    pub kind: String,
    pub target_id: Option<i64>,
    pub url: String,
    pub parent_id: Option<i64>,
    pub position: i64,
}

fn location_label(l: &str) -> &'static str {
    match l {
        "main" => "menu principal",
        "footer" => "menu du pied de page",
        _ => "menu",
    }
}

pub async fn add_menu_item(
    site: &Site,
    actor: &Actor,
    m: MenuItemInput,
) -> Result<i64, CommandError> {
    let label = limit(&m.label, "Le libellé", 80)?;
    refuse_if(
        ![
            "page", "post", "category", "product", "blog", "home", "contact", "custom",
        ]
        .contains(&m.kind.as_str()),
        "Choisissez ce que l'élément de menu ouvre.",
    )?;
    refuse_if(
        m.kind == "custom" && m.url.trim().is_empty(),
        "Indiquez l'adresse du lien personnalisé.",
    )?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let menu_id: Option<i64> = tx.optional(
            "SELECT id FROM menu WHERE location = ?",
            (&m.location,),
        ).await?;
        let menu_id = match menu_id {
            Some(id) => id,
            None => tx.one(
                "INSERT INTO menu (location, name) VALUES (?, ?) RETURNING id",
                (&m.location, location_label(&m.location)),
            ).await?,
        };
        let target_label: Option<String> = match (m.kind.as_str(), m.target_id) {
            ("page" | "post", Some(t)) => tx.optional(
                "SELECT title FROM post WHERE id = ?",
                (t,),
            ).await?,
            ("category", Some(t)) => tx.optional(
                "SELECT name FROM category WHERE id = ?",
                (t,),
            ).await?,
            ("product", Some(t)) => tx.optional(
                "SELECT name FROM product WHERE id = ?",
                (t,),
            ).await?,
            ("page" | "post" | "category" | "product", None) => return Err(CommandError::invalid("Choisissez la cible de l'élément de menu.")),
            _ => Some(String::new()),
        };
        let Some(target_label) = target_label else { return Err(CommandError::invalid("Cible introuvable.")) };
        let label = if label.is_empty() { target_label } else { label.clone() };
        refuse_if(label.is_empty(), "Donnez un libellé à l'élément de menu.")?;
        let parent = match m.parent_id {
            Some(p) => tx.optional::<i64>(
                "SELECT id FROM menu_item WHERE id = ? AND menu_id = ?",
                (p, menu_id),
            ).await?,
            None => None,
        };
        let id: i64 = tx.one(
            "INSERT INTO menu_item (menu_id, parent_id, label, kind, target_id, url, position) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (menu_id, parent, &label, &m.kind, m.target_id, m.url.trim(), m.position),
        ).await?;
        tx.journal(Entry::new(Entity::MenuItem, Some(id), "create", format!("Élément « {label} » ajouté au {}", location_label(&m.location)))).await?;
        Ok(id)
    })
    .await
}

pub async fn update_menu_item(
    site: &Site,
    actor: &Actor,
    id: i64,
    label: &str,
    parent_id: Option<i64>,
    position: i64,
) -> Result<(), CommandError> {
    let label = limit(label, "Le libellé", 80)?;
    refuse_if(label.is_empty(), "Donnez un libellé à l'élément de menu.")?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT label, menu_id FROM menu_item WHERE id = ?")
                .bind(id)
                .fetch_optional(tx.conn())
                .await?;
        let Some((old, menu_id)) = row else {
            return Err(CommandError::NotFound("élément de menu"));
        };
        let parent = match parent_id.filter(|p| *p != id) {
            Some(p) => {
                tx.optional::<i64>(
                    "SELECT id FROM menu_item WHERE id = ? AND menu_id = ? AND parent_id IS NULL",
                    (p, menu_id),
                )
                .await?
            }
            None => None,
        };
        tx.execute(
            "UPDATE menu_item SET label = ?, parent_id = ?, position = ? WHERE id = ?",
            (&label, parent, position, id),
        )
        .await?;
        tx.journal(
            Entry::new(
                Entity::MenuItem,
                Some(id),
                "update",
                format!("Élément de menu « {old} » modifié"),
            )
            .after(json!({"label": label, "parent_id": parent, "position": position})),
        )
        .await
    })
    .await
}

pub async fn delete_menu_item(site: &Site, actor: &Actor, id: i64) -> Result<(), CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let label: Option<String> = tx
            .optional("SELECT label FROM menu_item WHERE id = ?", (id,))
            .await?;
        let Some(label) = label else {
            return Err(CommandError::NotFound("élément de menu"));
        };
        tx.execute("DELETE FROM menu_item WHERE id = ?", (id,))
            .await?;
        tx.journal(Entry::new(
            Entity::MenuItem,
            Some(id),
            "delete",
            format!("Élément de menu « {label} » supprimé"),
        ))
        .await
    })
    .await
}

pub async fn add_widget(
    site: &Site,
    actor: &Actor,
    area: &str,
    kind: &str,
    title: &str,
    settings: serde_json::Value,
) -> Result<i64, CommandError> {
    let title = limit(title, "Le titre", 80)?;
    let label = e5_shop::content::widgets::label(kind)
        .ok_or_else(|| CommandError::invalid("Type de widget inconnu."))?;
    refuse_if(
        !["sidebar", "footer"].contains(&area),
        "Zone de widgets inconnue.",
    )?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let pos: i64 = tx.one(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM widget WHERE area = ?",
            (area,),
        ).await?;
        let id: i64 = tx.one(
            "INSERT INTO widget (area, kind, title, settings, position) VALUES (?, ?, ?, ?, ?) RETURNING id",
            (area, kind, &title, settings.to_string(), pos),
        ).await?;
        let zone = if area == "sidebar" { "la barre latérale" } else { "le pied de page" };
        tx.journal(Entry::new(Entity::Widget, Some(id), "create", format!("Widget « {label} » ajouté dans {zone}"))).await?;
        Ok(id)
    })
    .await
}

pub async fn delete_widget(site: &Site, actor: &Actor, id: i64) -> Result<(), CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let kind: Option<String> = tx
            .optional("SELECT kind FROM widget WHERE id = ?", (id,))
            .await?;
        let Some(kind) = kind else {
            return Err(CommandError::NotFound("widget"));
        };
        tx.execute("DELETE FROM widget WHERE id = ?", (id,)).await?;
        tx.journal(Entry::new(
            Entity::Widget,
            Some(id),
            "delete",
            format!(
                "Widget « {} » retiré",
                e5_shop::content::widgets::label(&kind).unwrap_or("?")
            ),
        ))
        .await
    })
    .await
}

/// Creates or replaces the page `politique-de-confidentialite` and points the setting at it.
pub async fn write_privacy_page(
    site: &Site,
    actor: &Actor,
    employee_id: i64,
    blocks: String,
) -> Result<i64, CommandError> {
    let now = now();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let existing: Option<(i64, String, String)> = sqlx::query_as("SELECT id, title, blocks FROM post WHERE kind = 'page' AND slug = 'politique-de-confidentialite'")
            .fetch_optional(tx.conn()).await?;
        let id = match existing {
            Some((id, title, old)) => {
                tx.execute(
                    "INSERT INTO post_revision (post_id, title, blocks, author_id, created_at) VALUES (?, ?, ?, ?, ?)",
                    (id, &title, &old, employee_id, &now),
                ).await?;
                tx.execute(
                    "UPDATE post SET blocks = ?, status = 'publish', published_at = COALESCE(published_at, ?), updated_at = ? WHERE id = ?",
                    (&blocks, &now, &now, id),
                ).await?;
                id
            }
            None => tx.one(
                "INSERT INTO post (kind, title, slug, blocks, status, published_at, author_id, comment_status, created_at, updated_at) VALUES ('page', 'Politique de confidentialité', 'politique-de-confidentialite', ?, 'publish', ?, ?, 'closed', ?, ?) RETURNING id",
                (&blocks, &now, employee_id, &now, &now),
            ).await?,
        };
        tx.execute(
            "INSERT INTO setting (key, value) VALUES ('privacy.page_id', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (id.to_string(),),
        ).await?;
        tx.journal(Entry::new(Entity::Post, Some(id), "publish", "Page « Politique de confidentialité » générée et publiée")).await?;
        Ok(id)
    })
    .await
}

pub async fn set_user_role(
    site: &Site,
    actor: &Actor,
    id: i64,
    role: &str,
) -> Result<(), CommandError> {
    let Some(r) = Role::parse(role) else {
        return Err(CommandError::invalid("Rôle inconnu."));
    };
    run(site, actor, async |tx: &mut Tx<'_>| {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT first_name || ' ' || last_name, wp_role FROM employee WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(tx.conn())
        .await?;
        let Some((name, before)) = row else {
            return Err(CommandError::NotFound("utilisateur"));
        };
        if before == "administrator" && r != Role::Administrator {
            let admins: i64 = tx
                .one(
                    "SELECT COUNT(*) FROM employee WHERE wp_role = 'administrator' AND active = 1",
                    (),
                )
                .await?;
            refuse_if(admins <= 1, "Il faut garder au moins un administrateur.")?;
        }
        tx.execute("UPDATE employee SET wp_role = ? WHERE id = ?", (role, id))
            .await?;
        tx.journal(
            Entry::new(
                Entity::Employee,
                Some(id),
                "update",
                format!("Rôle de {name} : {}", r.label()),
            )
            .before(json!({"wp_role": before}))
            .after(json!({"wp_role": role})),
        )
        .await
    })
    .await
}

pub async fn save_answer(
    site: &Site,
    actor: &Actor,
    question: i64,
    text: &str,
) -> Result<(), CommandError> {
    refuse_if(!(1..=5).contains(&question), "Question inconnue.")?;
    let text = limit(text, "La réponse", 20_000)?;
    let n = text.chars().count();
    run(site, actor, async |tx: &mut Tx<'_>| {
        tx.execute(
            "INSERT INTO answer (question, text, updated_at) VALUES (?, ?, ?) ON CONFLICT(question) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
            (question, &text, now()),
        ).await?;
        tx.journal(Entry::new(Entity::Answer, Some(question), "update", format!("Réponse à la question {question} enregistrée ({n} caractères)"))).await
    })
    .await
}

/// Adds a blog category or tag.
pub async fn add_term(
    site: &Site,
    actor: &Actor,
    taxonomy: &str,
    name: &str,
    description: &str,
) -> Result<i64, CommandError> {
    let name = limit(name, "Le nom", 60)?;
    refuse_if(name.is_empty(), "Donnez un nom.")?;
    let description = limit(description, "La description", 500)?;
    let slug = Slug::from_title(&name)
        .map_err(|e| CommandError::invalid(capitalise(&e.to_string())))?
        .to_string();
    let what = if taxonomy == "tag" {
        "Étiquette"
    } else {
        "Catégorie"
    };
    run(site, actor, async |tx: &mut Tx<'_>| {
        let taken: Option<i64> = tx
            .optional(
                "SELECT id FROM term WHERE taxonomy = ? AND slug = ?",
                (taxonomy, &slug),
            )
            .await?;
        refuse_if(taken.is_some(), format!("{what} « {name} » existe déjà."))?;
        let id: i64 = tx.one(
            "INSERT INTO term (taxonomy, name, slug, description) VALUES (?, ?, ?, ?) RETURNING id",
            (taxonomy, &name, &slug, &description),
        ).await?;
        tx.journal(Entry::new(
            Entity::Term,
            Some(id),
            "create",
            format!("{what} « {name} » créée"),
        ))
        .await?;
        Ok(id)
    })
    .await
}

pub async fn delete_term(site: &Site, actor: &Actor, id: i64) -> Result<(), CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT taxonomy, name FROM term WHERE id = ?")
                .bind(id)
                .fetch_optional(tx.conn())
                .await?;
        let Some((taxonomy, name)) = row else {
            return Err(CommandError::NotFound("terme"));
        };
        tx.execute(
            "UPDATE term SET parent_id = NULL WHERE parent_id = ?",
            (id,),
        )
        .await?;
        tx.execute("DELETE FROM term WHERE id = ?", (id,)).await?;
        let what = if taxonomy == "tag" {
            "Étiquette"
        } else {
            "Catégorie"
        };
        tx.journal(Entry::new(
            Entity::Term,
            Some(id),
            "delete",
            format!("{what} « {name} » supprimée"),
        ))
        .await
    })
    .await
}

#[derive(Debug, Clone)]
pub struct HomeBlockInput {
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub media_id: Option<i64>,
    pub position: i64,
    pub active: bool,
}

fn home_kind_label(kind: &str) -> Option<&'static str> {
    match kind {
        "slide" => Some("Diapositive du carrousel"),
        "reassurance" => Some("Bloc de réassurance"),
        "custom_text" => Some("Texte personnalisé"),
        _ => None,
    }
}

/// Creates (`id` None) or updates a home-page block.
pub async fn save_home_block(
    site: &Site,
    actor: &Actor,
    id: Option<i64>,
    b: HomeBlockInput,
) -> Result<i64, CommandError> {
    let Some(label) = home_kind_label(&b.kind) else {
        return Err(CommandError::invalid("Type de bloc inconnu."));
    };
    let title = limit(&b.title, "Le titre", 120)?;
    let body = limit(&b.body, "Le texte", 2000)?;
    let link = limit(&b.link, "Le lien", 300)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let id = match id {
            Some(id) => {
                let n = tx.execute(
                    "UPDATE home_block SET title = ?, body = ?, link = ?, media_id = ?, position = ?, active = ? WHERE id = ? AND kind = ?",
                    (&title, &body, &link, b.media_id, b.position, b.active, id, &b.kind),
                ).await?.rows_affected();
                if n == 0 {
                    return Err(CommandError::NotFound("bloc"));
                }
                tx.journal(Entry::new(Entity::HomeBlock, Some(id), "update", format!("Page d'accueil : {label} « {title} » modifié{}", if b.active { "" } else { " (masqué)" }))).await?;
                id
            }
            None => {
                let id: i64 = tx.one(
                    "INSERT INTO home_block (kind, title, body, link, media_id, position, active) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (&b.kind, &title, &body, &link, b.media_id, b.position, b.active),
                ).await?;
                tx.journal(Entry::new(Entity::HomeBlock, Some(id), "create", format!("Page d'accueil : {label} « {title} » ajouté"))).await?;
                id
            }
        };
        Ok(id)
    })
    .await
}

/// A user added from Utilisateurs › Ajouter, as in WordPress.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct NewUser {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    #[serde(skip)]
    pub password: String,
    /// `administrator`, `editor`, `author` or `contributor`.
    pub role: String,
}

/// Creates a back-office user with a WordPress role. An administrator gets the shop's
/// "Administrateur" profile, the other roles the "Rédacteur web" one (content, no shop
/// rights beyond it), as the context's own users have.
pub async fn add_user(site: &Site, actor: &Actor, u: NewUser) -> Result<i64, CommandError> {
    use e5_shop::command::visitor::{email, required};
    let first = required(&u.first_name, "le prénom", 80)?;
    let last = required(&u.last_name, "le nom", 80)?;
    let mail = email(&u.email)?;
    refuse_if(
        u.password.chars().count() < 8,
        "Le mot de passe doit contenir au moins 8 caractères.",
    )?;
    let Some(role) = Role::parse(&u.role) else {
        return Err(CommandError::invalid("Choisissez un rôle."));
    };
    let profile_name = if role == Role::Administrator {
        "Administrateur"
    } else {
        "Rédacteur web"
    };
    let hash = e5_shop_db::password::hash_password(&u.password);
    let now = e5_shop::command::now();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let taken: i64 = tx
            .one("SELECT COUNT(*) FROM employee WHERE lower(email) = ?", (&mail,))
            .await?;
        refuse_if(taken > 0, format!("Un utilisateur existe déjà avec l'adresse {mail}."))?;
        let profile: i64 = tx
            .optional("SELECT id FROM profile WHERE name = ?", (profile_name,))
            .await?
            .ok_or_else(|| CommandError::invalid(format!("Le profil « {profile_name} » n'existe plus.")))?;
        let id: i64 = tx
            .one(
                "INSERT INTO employee (first_name, last_name, email, password_hash, profile_id, wp_role, active, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, 1, ?) RETURNING id",
                (&first, &last, &mail, &hash, profile, &u.role, &now),
            )
            .await?;
        tx.journal(Entry::new(
            Entity::Employee,
            Some(id),
            "create",
            format!("Utilisateur {first} {last} ({mail}) ajouté avec le rôle {}", role.label()),
        ))
        .await?;
        Ok(id)
    })
    .await
}
