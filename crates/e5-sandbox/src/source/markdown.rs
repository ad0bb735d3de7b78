//! The Markdown subset of `content/` turned into the block editor's JSON (Editor.js-like):
//! headers, paragraphs, lists, quotes and media images. Text fields hold escaped HTML with
//! only `<b>`, `<i>` and safe `<a href>` in it, as the editor itself produces.

pub use e5_domain::blocks::{Block, ListStyle};

/// A body line the converter cannot read; `line` counts from 1 at the first body line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownError {
    pub line: u64,
    pub message: String,
}

/// What is being gathered from consecutive lines.
enum Open {
    None,
    Paragraph(Vec<String>),
    List(ListStyle, Vec<String>),
    Quote(Vec<String>),
}

pub fn to_blocks(body: &str) -> Result<Vec<Block>, MarkdownError> {
    let mut blocks = Vec::new();
    let mut open = Open::None;
    for (index, raw) in body.lines().enumerate() {
        let line_no = index as u64 + 1;
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            close(&mut open, &mut blocks);
            continue;
        }
        if let Some((level, text)) = header(trimmed) {
            close(&mut open, &mut blocks);
            blocks.push(Block::Header {
                level,
                text: inline(text),
            });
        } else if trimmed.starts_with("![") {
            close(&mut open, &mut blocks);
            let image = image(trimmed).map_err(|message| MarkdownError {
                line: line_no,
                message,
            })?;
            blocks.push(image);
        } else if let Some(text) = trimmed.strip_prefix('>') {
            if !matches!(open, Open::Quote(_)) {
                close(&mut open, &mut blocks);
                open = Open::Quote(Vec::new());
            }
            if let Open::Quote(lines) = &mut open {
                lines.push(text.trim().to_owned());
            }
        } else if let Some((style, text)) = list_item(trimmed) {
            if !matches!(&open, Open::List(s, _) if *s == style) {
                close(&mut open, &mut blocks);
                open = Open::List(style, Vec::new());
            }
            if let Open::List(_, items) = &mut open {
                items.push(text.trim().to_owned());
            }
        } else {
            match &mut open {
                // A wrapped line continues the list item or quote it follows.
                Open::List(_, items) => {
                    if let Some(last) = items.last_mut() {
                        last.push(' ');
                        last.push_str(trimmed);
                    }
                }
                Open::Paragraph(lines) | Open::Quote(lines) => lines.push(trimmed.to_owned()),
                Open::None => open = Open::Paragraph(vec![trimmed.to_owned()]),
            }
        }
    }
    close(&mut open, &mut blocks);
    Ok(blocks)
}

fn close(open: &mut Open, blocks: &mut Vec<Block>) {
    match std::mem::replace(open, Open::None) {
        Open::None => {}
        Open::Paragraph(lines) => blocks.push(Block::Paragraph {
            text: inline(&lines.join(" ")),
        }),
        Open::List(style, items) => blocks.push(Block::List {
            style,
            items: items.iter().map(|i| inline(i)).collect(),
        }),
        Open::Quote(lines) => blocks.push(Block::Quote {
            text: inline(&lines.join(" ")),
            caption: String::new(),
        }),
    }
}

fn header(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let text = line[hashes..].strip_prefix(' ')?;
    (1..=6)
        .contains(&hashes)
        .then(|| (hashes as u8, text.trim()))
}

fn list_item(line: &str) -> Option<(ListStyle, &str)> {
    if let Some(text) = line.strip_prefix("- ") {
        return Some((ListStyle::Unordered, text));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    line[digits..]
        .strip_prefix(". ")
        .map(|text| (ListStyle::Ordered, text))
}

/// `![alt](media:31 "caption")`, alone on its line.
fn image(line: &str) -> Result<Block, String> {
    let expected = "image attendue sous la forme ![texte alternatif](media:31 \"légende\")";
    let rest = line.strip_prefix("![").ok_or(expected)?;
    let (alt, rest) = rest.split_once("](").ok_or(expected)?;
    let inside = rest.strip_suffix(')').ok_or(expected)?.trim();
    let (target, caption) = match inside.split_once(char::is_whitespace) {
        Some((target, title)) => {
            let title = title.trim();
            let caption = title
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .ok_or("la légende d'une image s'écrit entre guillemets droits : \"légende\"")?;
            (target, caption)
        }
        None => (inside, ""),
    };
    let id = target.strip_prefix("media:").ok_or_else(|| {
        format!(
            "image « {target} » : seules les images de la médiathèque sont permises (media:<id>)"
        )
    })?;
    let media_id = id
        .parse::<i64>()
        .map_err(|_| format!("image « {target} » : l'identifiant de média doit être un nombre"))?;
    Ok(Block::Image {
        media_id,
        alt: alt.to_owned(),
        caption: inline(caption),
    })
}

/// Escapes the text, then turns `**b**`, `*i*` and `[t](url)` into tags.
pub fn inline(text: &str) -> String {
    let escaped = escape(text);
    let mut out = String::with_capacity(escaped.len());
    render_inline(&escaped, &mut out);
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// `s` is already escaped: markers are plain ASCII, so slicing at them is safe.
fn render_inline(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(pos) = rest.find(['*', '[']) {
        out.push_str(&rest[..pos]);
        let at = &rest[pos..];
        if let Some(inner) = at.strip_prefix("**") {
            if let Some(end) = inner.find("**").filter(|&e| hugs(inner, e)) {
                out.push_str("<b>");
                render_inline(&inner[..end], out);
                out.push_str("</b>");
                rest = &inner[end + 2..];
                continue;
            }
            out.push_str("**");
            rest = inner;
        } else if let Some(inner) = at.strip_prefix('*') {
            if let Some(end) = inner.find('*').filter(|&e| hugs(inner, e)) {
                out.push_str("<i>");
                render_inline(&inner[..end], out);
                out.push_str("</i>");
                rest = &inner[end + 1..];
                continue;
            }
            out.push('*');
            rest = inner;
        } else {
            // '['
            if let Some((label, url, after)) = link(at) {
                if allowed_url(url) {
                    out.push_str("<a href=\"");
                    out.push_str(url);
                    out.push_str("\">");
                    render_inline(label, out);
                    out.push_str("</a>");
                } else {
                    // Shown as written: an author sees the link was not accepted.
                    out.push_str(&at[..at.len() - after.len()]);
                }
                rest = after;
                continue;
            }
            out.push('[');
            rest = &at[1..];
        }
    }
    out.push_str(rest);
}

/// Emphasis markers hug their text (`*a*`, not `2 * 3 *`), as in Markdown.
fn hugs(inner: &str, end: usize) -> bool {
    end > 0
        && !inner.starts_with(char::is_whitespace)
        && !inner[..end].ends_with(char::is_whitespace)
}

/// `[label](url)rest` → (label, url, rest).
fn link(s: &str) -> Option<(&str, &str, &str)> {
    let body = s.strip_prefix('[')?;
    let close = body.find("](")?;
    let label = &body[..close];
    let after_label = &body[close + 2..];
    let end = after_label.find(')')?;
    let url = &after_label[..end];
    if url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    Some((label, url, &after_label[end + 1..]))
}

fn allowed_url(url: &str) -> bool {
    // "//host" would leave the site: only true same-site paths count as relative.
    let relative = url.starts_with('/') && !url.starts_with("//");
    relative
        || ["http://", "https://", "mailto:"]
            .iter()
            .any(|p| url.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(body: &str) -> String {
        serde_json::to_string(&to_blocks(body).expect("valid body")).expect("serializable")
    }

    #[test]
    fn headers_paragraphs_and_lists_become_blocks() {
        let body = "## Titre\n\nUn *beau*\nparagraphe.\n\n### Sous-titre\n- un\n- **deux**\n\n1. a\n2. b\n";
        assert_eq!(
            json(body),
            r#"[{"type":"header","data":{"level":2,"text":"Titre"}},{"type":"paragraph","data":{"text":"Un <i>beau</i> paragraphe."}},{"type":"header","data":{"level":3,"text":"Sous-titre"}},{"type":"list","data":{"style":"unordered","items":["un","<b>deux</b>"]}},{"type":"list","data":{"style":"ordered","items":["a","b"]}}]"#
        );
    }

    #[test]
    fn quotes_and_images() {
        let body =
            "> Le lin,\n> c'est la vie.\n![Nappe bleue](media:31 \"Notre nappe\")\n![](media:2)";
        assert_eq!(
            json(body),
            r#"[{"type":"quote","data":{"text":"Le lin, c'est la vie.","caption":""}},{"type":"image","data":{"media_id":31,"alt":"Nappe bleue","caption":"Notre nappe"}},{"type":"image","data":{"media_id":2,"alt":"","caption":""}}]"#
        );
    }

    #[test]
    fn html_is_escaped_and_only_safe_links_are_kept() {
        assert_eq!(inline("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(
            inline("[site](https://ex.fr/?a=1&b=2)"),
            r#"<a href="https://ex.fr/?a=1&amp;b=2">site</a>"#
        );
        assert_eq!(
            inline("[contact](/contact) [m](mailto:a@b.fr)"),
            r#"<a href="/contact">contact</a> <a href="mailto:a@b.fr">m</a>"#
        );
        assert_eq!(
            inline("[x](javascript:alert(1))"),
            "[x](javascript:alert(1))"
        );
        assert_eq!(inline("[x](//evil.example)"), "[x](//evil.example)");
        assert_eq!(inline("<script>"), "&lt;script&gt;");
    }

    #[test]
    fn unmatched_markers_stay_as_text() {
        assert_eq!(inline("2 * 3 et **gras"), "2 * 3 et **gras");
        assert_eq!(inline("[pas un lien"), "[pas un lien");
        assert_eq!(inline("**[gras](/x)**"), r#"<b><a href="/x">gras</a></b>"#);
    }

    #[test]
    fn a_bad_image_is_reported_at_its_line() {
        let err = to_blocks("texte\n\n![x](photo.jpg)").expect_err("must be refused");
        assert_eq!(err.line, 3);
        assert!(err.message.contains("media:"), "{}", err.message);
        assert_eq!(
            to_blocks("![x](media:abc)")
                .expect_err("must be refused")
                .line,
            1
        );
    }
}
