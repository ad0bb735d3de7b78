//! A product's description and summary: editor blocks (the same JSON as articles) with a
//! plain-text twin. The blocks are what the back-office edits and the storefront renders;
//! the plain text (paragraphs separated by a blank line) is what searches, the SEO analysis
//! and the subjects' checks read, and what a form saved without JavaScript sends.

use e5_domain::blocks::{Block, Kind};
use serde_json::Value;

use crate::content;

/// Blocks the description may hold: text, headings, lists, quotes, separators.
pub const DESCRIPTION_BLOCKS: &[Kind] = &[
    Kind::Paragraph,
    Kind::Header,
    Kind::List,
    Kind::Quote,
    Kind::Delimiter,
];
/// The summary, next to the price, is one or two paragraphs.
pub const SUMMARY_BLOCKS: &[Kind] = &[Kind::Paragraph];

/// Checks what the editor posted (JSON list of blocks, or Editor.js's `{ "blocks": [...] }`)
/// against the allowed block types; returns the blocks as stored, or a French message.
pub fn validate(json: &str, allowed: &[Kind], what: &str) -> Result<String, String> {
    let blocks = content::validate_blocks(json).map_err(|e| format!("{what} : {e}"))?;
    let parsed: Vec<Value> = serde_json::from_str(&blocks).unwrap_or_default();
    for (n, block) in parsed.iter().enumerate() {
        if !Kind::of(block).is_some_and(|k| allowed.contains(&k)) {
            let kind = block["type"].as_str().unwrap_or("");
            return Err(format!(
                "{what} : le bloc n° {} (« {kind} ») n'est pas accepté ici.",
                n + 1
            ));
        }
    }
    Ok(blocks)
}

/// The plain text of blocks: one paragraph per block, separated by a blank line; list items
/// one per line.
pub fn plain_text(blocks_json: &str) -> String {
    let blocks: Vec<Value> = serde_json::from_str(blocks_json).unwrap_or_default();
    blocks
        .iter()
        .map(|b| {
            let one = Value::Array(vec![b.clone()]).to_string();
            if Kind::of(b) == Some(Kind::List) {
                b["data"]["items"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|item| {
                        let text = item.as_str().or_else(|| item["content"].as_str());
                        let text = text.unwrap_or("").to_owned();
                        let single = Value::Array(vec![Block::Paragraph { text }.to_json()]);
                        content::blocks_text(&single.to_string()).trim().to_owned()
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                content::blocks_text(&one).trim().to_owned()
            }
        })
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Plain text (as stored before the editor, or typed without JavaScript) as paragraph
/// blocks: every character escaped, so that `<script>` typed in a textarea stays text.
pub fn blocks_from_plain(text: &str) -> String {
    let blocks: Vec<Value> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let html = crate::web::escape::escape(p)
                .replace("\r\n", "\n")
                .replace('\n', "<br>");
            Block::Paragraph { text: html }.to_json()
        })
        .collect();
    Value::Array(blocks).to_string()
}

/// The HTML the storefront shows: the blocks through the safe renderer, or the plain text's
/// paragraphs escaped when there are no blocks.
pub fn html(blocks_json: &str, plain: &str, base: &str) -> String {
    if has_blocks(blocks_json) {
        content::render_blocks(blocks_json, base)
    } else {
        content::render_blocks(&blocks_from_plain(plain), base)
    }
}

/// Whether the product has editor blocks (an empty list counts as none).
pub fn has_blocks(blocks_json: &str) -> bool {
    let t = blocks_json.trim();
    !(t.is_empty() || t == "[]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_becomes_escaped_paragraphs_and_back() {
        let blocks = blocks_from_plain("Lin <b>lavé</b>.\n\nDeux paragraphes.");
        let html = html(&blocks, "", "/s/x");
        assert!(html.contains("<p>Lin <strong>lavé</strong>.</p>") || html.contains("&lt;b&gt;"));
        assert!(!html.contains("<b>"));
        assert_eq!(plain_text(&blocks), "Lin <b>lavé</b>.\n\nDeux paragraphes.");
    }

    #[test]
    fn hostile_markup_in_blocks_comes_out_inert() {
        let json = r#"[{"type":"paragraph","data":{"text":"<img src=x onerror=alert(1)><script>alert(2)</script>Bonjour <b>lin</b>"}},
                       {"type":"list","data":{"style":"unordered","items":["<a href=\"javascript:alert(3)\">clic</a>","Deux"]}}]"#;
        let stored = validate(json, DESCRIPTION_BLOCKS, "Description").expect("valid");
        let out = html(&stored, "", "/s/x");
        assert!(
            !out.contains("<script") && !out.contains("<img") && !out.contains("javascript:"),
            "{out}"
        );
        assert!(out.contains("<strong>lin</strong>"));
        assert_eq!(plain_text(&stored), "alert(2)Bonjour lin\n\nclic\nDeux");
    }

    #[test]
    fn a_block_type_not_allowed_is_refused_in_french() {
        let json = r#"[{"type":"header","data":{"text":"Titre","level":2}}]"#;
        let err = validate(json, SUMMARY_BLOCKS, "Résumé").unwrap_err();
        assert!(
            err.contains("Résumé") && err.contains("n'est pas accepté"),
            "{err}"
        );
        assert!(validate("{pas du json", DESCRIPTION_BLOCKS, "Description").is_err());
    }
}
