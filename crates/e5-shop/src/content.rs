//! Site content as the storefront shows it: settings, menus, home blocks, articles and
//! pages, and the safe rendering of editor blocks into HTML.

use std::collections::HashMap;
use std::fmt::Write as _;

use e5_domain::blocks::Kind;
use e5_domain::setting;
use e5_shop_db::query::Read;
use serde::Serialize;
use serde_json::Value;
use sqlx::SqlitePool;

pub mod blocks;
pub mod widgets;
pub use blocks::{editor_blocks, seo_input, validate_blocks};

use crate::web::escape::{escape, percent_encode};

pub async fn settings(db: &SqlitePool) -> Result<HashMap<String, String>, sqlx::Error> {
    let rows: Vec<(String, String)> = db.rows("SELECT key, value FROM setting", ()).await?;
    Ok(rows.into_iter().collect())
}

#[derive(Debug, Clone, Serialize)]
pub struct MenuLink {
    pub label: String,
    pub url: String,
    pub external: bool,
    pub children: Vec<MenuLink>,
}

#[derive(sqlx::FromRow)]
struct MenuRow {
    id: i64,
    parent_id: Option<i64>,
    label: String,
    kind: String,
    url: String,
    target_slug: Option<String>,
}

/// The menu at `location` ('main', 'footer') as nested links under `base` (`/s/<id>`).
pub async fn menu(
    db: &SqlitePool,
    location: &str,
    base: &str,
) -> Result<Vec<MenuLink>, sqlx::Error> {
    let rows: Vec<MenuRow> = db.rows(
        "SELECT i.id, i.parent_id, i.label, i.kind, i.url,
                CASE i.kind WHEN 'page' THEN (SELECT slug FROM post WHERE id = i.target_id)
                            WHEN 'post' THEN (SELECT slug FROM post WHERE id = i.target_id)
                            WHEN 'category' THEN (SELECT slug FROM category WHERE id = i.target_id)
                            WHEN 'product' THEN (SELECT slug FROM product WHERE id = i.target_id) END AS target_slug
         FROM menu_item i JOIN menu m ON m.id = i.menu_id WHERE m.location = ? ORDER BY i.position, i.id",
        (location,),
    ).await?;
    let link = |r: &MenuRow| {
        let slug = r.target_slug.as_deref().unwrap_or("");
        let (url, external) = match r.kind.as_str() {
            "home" => (format!("{base}/"), false),
            "blog" => (format!("{base}/blog"), false),
            "contact" => (format!("{base}/contact"), false),
            "page" => (format!("{base}/page/{slug}"), false),
            "post" => (format!("{base}/blog/{slug}"), false),
            "category" => (format!("{base}/categorie/{slug}"), false),
            "product" => (format!("{base}/produit/{slug}"), false),
            _ => resolve_link(&r.url, base),
        };
        MenuLink {
            label: r.label.clone(),
            url,
            external,
            children: Vec::new(),
        }
    };
    let mut top: Vec<(i64, MenuLink)> = rows
        .iter()
        .filter(|r| r.parent_id.is_none())
        .map(|r| (r.id, link(r)))
        .collect();
    for (id, item) in &mut top {
        item.children = rows
            .iter()
            .filter(|r| r.parent_id == Some(*id))
            .map(link)
            .collect();
    }
    Ok(top.into_iter().map(|(_, l)| l).collect())
}

/// Turns a link typed by a candidate into a storefront URL. Site-relative paths stay in the
/// sandbox; links to the outside world go through a notice page and are never followed.
pub fn resolve_link(url: &str, base: &str) -> (String, bool) {
    let url = url.trim();
    if url.starts_with("http://") || url.starts_with("https://") {
        (
            format!("{base}/lien-externe?url={}", percent_encode(url)),
            true,
        )
    } else if let Some(path) = url.strip_prefix('/') {
        (format!("{base}/{path}"), false)
    } else if url.starts_with("mailto:") || url.starts_with("tel:") {
        (url.to_owned(), false)
    } else {
        (format!("{base}/"), false)
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct HomeBlock {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub media_id: Option<i64>,
    pub icon: String,
    pub column_title: String,
}

pub async fn home_blocks(db: &SqlitePool, kind: &str) -> Result<Vec<HomeBlock>, sqlx::Error> {
    db.rows(
        "SELECT id, kind, title, body, link, media_id, icon, column_title FROM home_block WHERE kind = ? AND active = 1 ORDER BY position, id",
        (kind,),
    ).await
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PostSummary {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub excerpt: String,
    pub published_at: Option<String>,
    pub featured_media_id: Option<i64>,
    pub sticky: i64,
    pub author: Option<String>,
    pub comments: i64,
}

const POST_SUMMARY: &str = "SELECT p.id, p.title, p.slug, p.excerpt, p.published_at, p.featured_media_id, p.sticky,
        e.first_name || ' ' || e.last_name AS author,
        (SELECT COUNT(*) FROM comment c WHERE c.post_id = p.id AND c.status = 'approved') AS comments
    FROM post p LEFT JOIN employee e ON e.id = p.author_id";

/// Published articles (scheduled ones appear once their date has come), sticky ones first.
pub async fn published_posts(
    db: &SqlitePool,
    now: &str,
    page: i64,
    per_page: i64,
) -> Result<(Vec<PostSummary>, i64), sqlx::Error> {
    published_posts_in(db, now, None, page, per_page).await
}

/// Published articles of one blog category (its slug), or of all when `category` is None.
pub async fn published_posts_in(
    db: &SqlitePool,
    now: &str,
    category: Option<&str>,
    page: i64,
    per_page: i64,
) -> Result<(Vec<PostSummary>, i64), sqlx::Error> {
    let visible = "p.kind = 'post' AND (p.status = 'publish' OR (p.status = 'future' AND p.published_at <= ?1))
        AND (?4 IS NULL OR p.id IN (SELECT pt.post_id FROM post_term pt JOIN term t ON t.id = pt.term_id WHERE t.taxonomy = 'category' AND t.slug = ?4))";
    let total: i64 = db
        .one(
            &format!(
                "SELECT COUNT(*) FROM post p WHERE {visible} AND ?2 IS NOT NULL AND ?3 IS NOT NULL"
            ),
            (now, per_page, 0, category),
        )
        .await?;
    let posts = db.rows(
        &format!("{POST_SUMMARY} WHERE {visible} ORDER BY p.sticky DESC, p.published_at DESC LIMIT ?2 OFFSET ?3"),
        (now, per_page, (page - 1).max(0) * per_page, category),
    ).await?;
    Ok((posts, total))
}

/// The name of a blog category from its slug, for the heading of its archive.
pub async fn category_name(
    db: &SqlitePool,
    slug: Option<&str>,
) -> Result<Option<String>, sqlx::Error> {
    match slug {
        Some(s) => {
            db.optional(
                "SELECT name FROM term WHERE taxonomy = 'category' AND slug = ?",
                (s,),
            )
            .await
        }
        None => Ok(None),
    }
}

/// The page shown at the site's root when the reading settings choose a static page.
pub async fn static_front_page(db: &SqlitePool) -> Result<Option<String>, sqlx::Error> {
    db.optional(
        "SELECT p.slug FROM setting s JOIN post p ON p.id = CAST(s.value AS INTEGER)
         WHERE s.key = ? AND s.value != '' AND p.kind = 'page' AND p.status = 'publish'",
        (setting::READING_FRONT_PAGE,),
    )
    .await
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Post {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub slug: String,
    pub excerpt: String,
    pub blocks: String,
    pub published_at: Option<String>,
    pub featured_media_id: Option<i64>,
    pub comment_status: String,
    pub meta_title: String,
    pub meta_description: String,
    pub author: Option<String>,
    /// Whether the breadcrumb shows above it (SEO panel).
    pub breadcrumb: i64,
    pub author_bio: Option<String>,
    pub categories: Option<String>,
}

pub async fn post_by_slug(
    db: &SqlitePool,
    kind: &str,
    slug: &str,
    now: &str,
) -> Result<Option<Post>, sqlx::Error> {
    db.row_optional(
        "SELECT p.id, p.kind, p.title, p.slug, p.excerpt, p.blocks, p.published_at, p.featured_media_id, p.comment_status,
                p.meta_title, p.meta_description, e.first_name || ' ' || e.last_name AS author, p.breadcrumb, e.bio AS author_bio,
                (SELECT group_concat(t.name, ', ') FROM post_term pt JOIN term t ON t.id = pt.term_id WHERE pt.post_id = p.id AND t.taxonomy = 'category') AS categories
         FROM post p LEFT JOIN employee e ON e.id = p.author_id
         WHERE p.kind = ? AND p.slug = ? AND (p.status = 'publish' OR (p.status = 'future' AND p.published_at <= ?))",
        (kind, slug, now),
    ).await
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Comment {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub author_name: String,
    pub content: String,
    pub created_at: String,
    pub from_shop: i64,
}

pub async fn approved_comments(db: &SqlitePool, post_id: i64) -> Result<Vec<Comment>, sqlx::Error> {
    db.rows(
        "SELECT id, parent_id, author_name, content, created_at, employee_id IS NOT NULL AS from_shop
         FROM comment WHERE post_id = ? AND status = 'approved' ORDER BY created_at, id",
        (post_id,),
    ).await
}

/// Renders editor blocks (JSON) into HTML. Text is escaped; the only markup kept is the
/// inline formatting the editor produces (bold, italic, links, line breaks), re-emitted by
/// this function rather than passed through, so hostile input comes out inert.
pub fn render_blocks(json: &str, base: &str) -> String {
    let blocks: Vec<Value> = serde_json::from_str(json).unwrap_or_default();
    let mut html = String::new();
    for block in &blocks {
        let data = &block["data"];
        let text = |key: &str| inline(data[key].as_str().unwrap_or(""), base);
        let Some(kind) = Kind::of(block) else {
            continue;
        };
        match kind {
            Kind::Header => {
                let level = data["level"].as_u64().unwrap_or(2).clamp(2, 4);
                let _ = write!(html, "<h{level}>{}</h{level}>", text("text"));
            }
            Kind::Paragraph => {
                let _ = write!(html, "<p>{}</p>", text("text"));
            }
            Kind::List => {
                let tag = if data["style"] == "ordered" {
                    "ol"
                } else {
                    "ul"
                };
                let _ = write!(html, "<{tag}>");
                for item in data["items"].as_array().into_iter().flatten() {
                    let item = item
                        .as_str()
                        .or_else(|| item["content"].as_str())
                        .unwrap_or("");
                    let _ = write!(html, "<li>{}</li>", inline(item, base));
                }
                let _ = write!(html, "</{tag}>");
            }
            Kind::Quote => {
                let _ = write!(html, "<blockquote><p>{}</p>", text("text"));
                if let Some(c) = data["caption"].as_str().filter(|c| !c.is_empty()) {
                    let _ = write!(html, "<cite>{}</cite>", inline(c, base));
                }
                html.push_str("</blockquote>");
            }
            Kind::Image => {
                if let Some(id) = data["media_id"].as_i64() {
                    let img = format!(
                        "<img src=\"{base}/media/{id}\" alt=\"{}\" loading=\"lazy\">",
                        escape(data["alt"].as_str().unwrap_or(""))
                    );
                    html.push_str("<figure class=\"bloc-image\">");
                    match data["link"]
                        .as_str()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                    {
                        Some(link) => {
                            let (url, external) = resolve_link(link, base);
                            let class = if external {
                                " class=\"lien-externe\""
                            } else {
                                ""
                            };
                            let _ = write!(html, "<a href=\"{}\"{class}>{img}</a>", escape(&url));
                        }
                        None => html.push_str(&img),
                    }
                    if let Some(c) = data["caption"].as_str().filter(|c| !c.is_empty()) {
                        let _ = write!(html, "<figcaption>{}</figcaption>", inline(c, base));
                    }
                    html.push_str("</figure>");
                }
            }
            Kind::Delimiter | Kind::Separator => html.push_str("<hr>"),
            other => blocks::render_rich(&mut html, other, data, base),
        }
    }
    html
}

/// The site's name (Réglages › Identité), which the storefront adds to page titles: the SEO
/// analyses measure titles with it.
pub async fn site_name(db: &sqlx::SqlitePool) -> Result<String, sqlx::Error> {
    let name: Option<String> = sqlx::query_scalar("SELECT value FROM setting WHERE key = ?")
        .bind(e5_domain::setting::SHOP_NAME)
        .fetch_optional(db)
        .await?;
    Ok(name.unwrap_or_default())
}

/// Plain text of the blocks, for word counts and meta descriptions (the one reading of
/// blocks, `e5_domain::blocks::visible_text`).
pub fn blocks_text(json: &str) -> String {
    e5_domain::blocks::visible_text(json)
}

fn strip_tags(s: &str) -> String {
    e5_domain::blocks::strip_tags(s)
}

/// Where inline markup is going: into a page of the storefront (links resolved inside the
/// sandbox, outside links through the notice page), or back into the block editor (the
/// editor's own tags, links kept as typed when their scheme is safe).
#[derive(Clone, Copy)]
enum InlineFor<'a> {
    Page { base: &'a str },
    Editor,
}

/// Inline editor markup for a page: keeps <b>, <strong>, <i>, <em>, <u>, <br> and <a href>,
/// drops every other tag (its text stays, escaped), and re-escapes text.
pub fn inline(s: &str, base: &str) -> String {
    inline_markup(s, InlineFor::Page { base })
}

/// Inline markup as the block editor may store and load it: the same allow-list as
/// [`inline`], written with the editor's tags (`<b>`, `<i>`, `<u>`, `<br>`, `<a href>`).
/// A link keeps its address only when it is site-relative or http(s), mailto or tel;
/// any other link (javascript:, data:, //host…) keeps its text and loses its tag. This is
/// the one sanitiser of stored editor text: every tag is re-emitted from this list and
/// every text re-escaped, so nothing a candidate typed can run when the editor loads it.
pub fn clean_inline(s: &str) -> String {
    inline_markup(s, InlineFor::Editor)
}

/// Whether a link typed in the editor may be kept as it is.
pub fn safe_href(href: &str) -> bool {
    let h = href.trim();
    if h.chars().any(char::is_control) {
        return false;
    }
    let lower = h.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        || (h.starts_with('/') && !h.starts_with("//") && !h.starts_with("/\\"))
}

fn inline_markup(s: &str, target: InlineFor<'_>) -> String {
    let editor = matches!(target, InlineFor::Editor);
    let (bold, italic) = if editor { ("b", "i") } else { ("strong", "em") };
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    let mut open_links = 0usize;
    // Closing tags of links whose opening tag was dropped are dropped too.
    let mut dropped_links = 0usize;
    while let Some(start) = rest.find('<') {
        out.push_str(&escape_text(&rest[..start]));
        let after = &rest[start..];
        // Only `<x` or `</` opens a tag, as in HTML; any other `<` is text.
        if !after[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            out.push_str("&lt;");
            rest = &after[1..];
            continue;
        }
        let Some(end) = after.find('>') else {
            out.push_str(&escape_text(after));
            rest = "";
            break;
        };
        let tag = &after[1..end];
        let lower = tag.trim().to_ascii_lowercase();
        let name = lower
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("");
        let closing = lower.starts_with('/');
        match (name, closing) {
            ("b" | "strong", false) => {
                let _ = write!(out, "<{bold}>");
            }
            ("b" | "strong", true) => {
                let _ = write!(out, "</{bold}>");
            }
            ("i" | "em", false) => {
                let _ = write!(out, "<{italic}>");
            }
            ("i" | "em", true) => {
                let _ = write!(out, "</{italic}>");
            }
            ("u", false) => out.push_str("<u>"),
            ("u", true) => out.push_str("</u>"),
            ("br", _) => out.push_str("<br>"),
            ("a", false) => {
                let href = attribute(tag, "href")
                    .map(|h| decode_entities(&h))
                    .unwrap_or_default();
                match target {
                    InlineFor::Page { base } => {
                        let (url, external) = resolve_link(&href, base);
                        let class = if external {
                            " class=\"lien-externe\""
                        } else {
                            ""
                        };
                        let _ = write!(out, "<a href=\"{}\"{class}>", escape(&url));
                        open_links += 1;
                    }
                    InlineFor::Editor if safe_href(&href) => {
                        let _ = write!(out, "<a href=\"{}\">", escape(href.trim()));
                        open_links += 1;
                    }
                    InlineFor::Editor => dropped_links += 1,
                }
            }
            ("a", true) if open_links > 0 && dropped_links == 0 => {
                out.push_str("</a>");
                open_links -= 1;
            }
            ("a", true) if dropped_links > 0 => dropped_links -= 1,
            _ => {}
        }
        rest = &after[end + 1..];
    }
    out.push_str(&escape_text(rest));
    for _ in 0..open_links {
        out.push_str("</a>");
    }
    balance(out, &[bold, italic, "u"])
}

/// Closes formatting tags left open so one block cannot spill into the next.
fn balance(mut html: String, tags: &[&str]) -> String {
    for tag in tags {
        let opened = html.matches(&format!("<{tag}>")).count();
        let closed = html.matches(&format!("</{tag}>")).count();
        for _ in closed..opened {
            let _ = write!(html, "</{tag}>");
        }
    }
    html
}

/// Escapes text but keeps entities the editor already wrote (`&amp;`, `&nbsp;`…).
fn escape_text(s: &str) -> String {
    let decoded = decode_entities(s);
    escape(&decoded).replace('\u{a0}', "&nbsp;")
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let pos = lower.find(&format!("{name}="))?;
    let value = &tag[pos + name.len() + 1..];
    let quote = value.chars().next()?;
    if quote == '"' || quote == '\'' {
        value[1..].split(quote).next().map(str::to_owned)
    } else {
        value.split_whitespace().next().map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "/s/x";

    #[test]
    fn inline_markup_keeps_formatting_and_drops_scripts() {
        assert_eq!(
            inline("Un <b>lin</b> &amp; du <i>coton</i>", BASE),
            "Un <strong>lin</strong> &amp; du <em>coton</em>"
        );
        let hostile = inline(
            "<script>alert(1)</script><img src=x onerror=alert(1)>texte",
            BASE,
        );
        assert_eq!(hostile, "alert(1)texte");
        let attr = inline("<b onclick=\"x()\">gras</b>", BASE);
        assert_eq!(attr, "<strong>gras</strong>");
    }

    #[test]
    fn links_to_the_outside_go_through_the_notice_page() {
        let html = inline(
            "<a href=\"https://exemple.com/?a=1&amp;b=2\">voir</a>",
            BASE,
        );
        assert_eq!(
            html,
            "<a href=\"/s/x/lien-externe?url=https%3A%2F%2Fexemple.com%2F%3Fa%3D1%26b%3D2\" class=\"lien-externe\">voir</a>"
        );
        assert_eq!(
            inline("<a href=\"javascript:alert(1)\">x</a>", BASE),
            "<a href=\"/s/x/\">x</a>"
        );
        assert_eq!(
            inline("<a href=\"/page/faq\">FAQ</a>", BASE),
            "<a href=\"/s/x/page/faq\">FAQ</a>"
        );
    }

    #[test]
    fn an_unclosed_tag_is_closed_within_its_block() {
        assert_eq!(inline("<b>gras", BASE), "<strong>gras</strong>");
        assert_eq!(inline("a < b > c", BASE), "a &lt; b &gt; c");
    }

    #[test]
    fn blocks_become_html_with_escaped_attributes() {
        let json = r#"[{"type":"header","data":{"level":2,"text":"Titre"}},
            {"type":"image","data":{"media_id":3,"alt":"\" onerror=\"x","caption":"Légende"}},
            {"type":"list","data":{"style":"ordered","items":["un","deux"]}},
            {"type":"unknown","data":{"text":"<script>"}}]"#;
        let html = render_blocks(json, BASE);
        assert!(html.starts_with("<h2>Titre</h2>"));
        assert!(html.contains("alt=\"&quot; onerror=&quot;x\""));
        assert!(html.contains("<ol><li>un</li><li>deux</li></ol>"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn block_text_is_plain() {
        let json = r#"[{"type":"paragraph","data":{"text":"Du <b>lin</b> &amp; du coton"}}]"#;
        assert_eq!(blocks_text(json).trim(), "Du lin & du coton");
    }
}
