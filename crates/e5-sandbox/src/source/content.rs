//! `content/posts/*.md` and `content/pages/*.md`: a TOML front matter between `+++` lines,
//! then a Markdown body, into tables `post` and `post_term`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sqlx::SqliteConnection;

use super::csv_tables::refused_row;
use super::markdown;
use super::origins::Origins;
use super::toml_text::{line_of, shop_time, toml_error};
use crate::Error;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: i64,
    title: String,
    slug: String,
    status: Option<String>,
    published_at: Option<toml::Spanned<toml::Value>>,
    author_id: Option<i64>,
    #[serde(default)]
    excerpt: String,
    #[serde(default)]
    sticky: bool,
    featured_media_id: Option<i64>,
    comment_status: Option<String>,
    #[serde(default)]
    meta_title: String,
    #[serde(default)]
    meta_description: String,
    #[serde(default)]
    focus_keyword: String,
    #[serde(default)]
    terms: Vec<toml::Spanned<String>>,
    parent_id: Option<i64>,
    #[serde(default)]
    menu_order: i64,
}

/// A front matter and the body after it, with the file line where each starts.
struct Split<'a> {
    front: &'a str,
    front_line: u64,
    body: &'a str,
    body_line: u64,
}

pub(crate) async fn load_all(
    conn: &mut SqliteConnection,
    source_dir: &Path,
    created_local: &str,
    origins: &mut Origins,
) -> Result<(), Error> {
    for (folder, kind) in [("posts", "post"), ("pages", "page")] {
        let dir = source_dir.join("content").join(folder);
        if !dir.is_dir() {
            continue;
        }
        let mut files: Vec<PathBuf> = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(Error::io(&dir))? {
            let path = entry.map_err(Error::io(&dir))?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            if !name.ends_with(".md") {
                return Err(Error::source_file(
                    &path,
                    "fichier inattendu : seuls les fichiers .md sont lus ici",
                ));
            }
            files.push(path);
        }
        files.sort();
        for path in files {
            load_file(conn, &path, kind, created_local, origins).await?;
        }
    }
    Ok(())
}

async fn load_file(
    conn: &mut SqliteConnection,
    path: &Path,
    kind: &str,
    created_local: &str,
    origins: &mut Origins,
) -> Result<(), Error> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    let split = split(&text).map_err(|(line, m)| Error::at(path, line, m))?;
    let fm: FrontMatter = toml::from_str(split.front)
        .map_err(|e| toml_error(path, split.front, split.front_line, &e))?;
    let front_line = |offset: usize| line_of(split.front, offset) + split.front_line - 1;

    let published_at = match &fm.published_at {
        None => None,
        Some(v) => Some(shop_time(v.get_ref()).ok_or_else(|| {
            Error::at(
                path,
                front_line(v.span().start),
                "published_at : date attendue (\"2025-10-03 10:00:00\")",
            )
        })?),
    };
    let stamp = published_at
        .clone()
        .unwrap_or_else(|| created_local.to_owned());
    let blocks = markdown::to_blocks(split.body)
        .map_err(|e| Error::at(path, e.line + split.body_line - 1, e.message))?;
    let blocks = serde_json::to_string(&blocks)
        .map_err(|e| Error::at(path, split.body_line, format!("corps illisible : {e}")))?;

    let done = sqlx::query(
        "INSERT INTO post (id, kind, title, slug, excerpt, blocks, status, published_at, author_id, \
         sticky, featured_media_id, comment_status, parent_id, menu_order, meta_title, \
         meta_description, focus_keyword, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, 'draft'), ?, ?, ?, ?, COALESCE(?, 'open'), ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(fm.id)
    .bind(kind)
    .bind(&fm.title)
    .bind(&fm.slug)
    .bind(&fm.excerpt)
    .bind(&blocks)
    .bind(&fm.status)
    .bind(&published_at)
    .bind(fm.author_id)
    .bind(fm.sticky)
    .bind(fm.featured_media_id)
    .bind(&fm.comment_status)
    .bind(fm.parent_id)
    .bind(fm.menu_order)
    .bind(&fm.meta_title)
    .bind(&fm.meta_description)
    .bind(&fm.focus_keyword)
    .bind(&stamp)
    .bind(&stamp)
    .execute(&mut *conn)
    .await
    .map_err(|e| refused_row(path, split.front_line, &e))?;
    let key_lines = key_lines(split.front, split.front_line);
    origins.record_with_columns(
        "post",
        done.last_insert_rowid(),
        path,
        split.front_line,
        key_lines,
    );

    for term in &fm.terms {
        let line = front_line(term.span().start);
        let (taxonomy, slug) = term.get_ref().split_once(':').ok_or_else(|| {
            Error::at(
                path,
                line,
                format!(
                    "terme « {} » : attendu « category:slug » ou « tag:slug »",
                    term.get_ref()
                ),
            )
        })?;
        let term_id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM term WHERE taxonomy = ? AND slug = ?")
                .bind(taxonomy)
                .bind(slug)
                .fetch_optional(&mut *conn)
                .await
                .map_err(|e| refused_row(path, line, &e))?;
        let term_id = term_id.ok_or_else(|| {
            Error::at(
                path,
                line,
                format!(
                    "terme « {} » introuvable dans data/term.csv",
                    term.get_ref()
                ),
            )
        })?;
        let done = sqlx::query("INSERT INTO post_term (post_id, term_id) VALUES (?, ?)")
            .bind(fm.id)
            .bind(term_id)
            .execute(&mut *conn)
            .await
            .map_err(|e| refused_row(path, line, &e))?;
        origins.record("post_term", done.last_insert_rowid(), path, line);
    }
    Ok(())
}

/// Cuts `+++ front matter +++ body`; errors carry the file line.
fn split(text: &str) -> Result<Split<'_>, (u64, String)> {
    let missing = "en-tête TOML attendu entre deux lignes « +++ » au début du fichier";
    let mut offset = 0;
    let mut fence_lines = Vec::new();
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_end() == "+++" {
            fence_lines.push((index as u64 + 1, offset, offset + line.len()));
            if fence_lines.len() == 2 {
                break;
            }
        } else if index == 0 {
            return Err((1, missing.to_owned()));
        }
        offset += line.len();
    }
    match fence_lines.as_slice() {
        [
            (open_line, _, front_start),
            (close_line, front_end, body_start),
        ] => Ok(Split {
            front: &text[*front_start..*front_end],
            front_line: open_line + 1,
            body: &text[*body_start..],
            body_line: close_line + 1,
        }),
        [(open_line, _, _)] => Err((*open_line, "« +++ » de fin d'en-tête manquant".to_owned())),
        _ => Err((1, missing.to_owned())),
    }
}

/// The line of each top-level `key =` of the front matter, to point at a bad reference.
fn key_lines(front: &str, first_line: u64) -> HashMap<String, u64> {
    front
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (key, _) = line.split_once('=')?;
            let key = key.trim();
            let plain =
                !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            plain.then(|| (key.to_owned(), first_line + i as u64))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_body_are_split_with_their_lines() {
        let s = split("+++\nid = 1\n+++\n\nCorps\n").expect("valid");
        assert_eq!(
            (s.front, s.front_line, s.body, s.body_line),
            ("id = 1\n", 2, "\nCorps\n", 4)
        );
        assert_eq!(split("id = 1\n").err().map(|e| e.0), Some(1));
        assert_eq!(split("+++\nid = 1\n").err().map(|e| e.0), Some(1));
    }
}
