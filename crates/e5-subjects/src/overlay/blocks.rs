//! A teacher's simple text turned into editor blocks (the JSON the back-office edits).

use e5_domain::blocks::{Block, ListStyle};
use serde_json::Value;

/// Paragraphs separated by blank lines; `## ` / `### ` for headings; `- ` for bullet lists.
pub fn text_to_blocks(text: &str) -> String {
    let mut blocks: Vec<Value> = Vec::new();
    for chunk in text.split("\n\n").map(str::trim).filter(|c| !c.is_empty()) {
        if let Some(h) = chunk.strip_prefix("### ") {
            blocks.push(heading(3, h));
        } else if let Some(h) = chunk.strip_prefix("## ") {
            blocks.push(heading(2, h));
        } else if chunk.lines().all(|l| l.trim_start().starts_with("- ")) {
            let items = chunk.lines().map(|l| l.trim_start()[2..].trim().to_owned());
            blocks.push(
                Block::List {
                    style: ListStyle::Unordered,
                    items: items.collect(),
                }
                .to_json(),
            );
        } else {
            let joined = chunk.lines().map(str::trim).collect::<Vec<_>>().join(" ");
            blocks.push(Block::Paragraph { text: joined }.to_json());
        }
    }
    Value::Array(blocks).to_string()
}

fn heading(level: u8, text: &str) -> Value {
    Block::Header {
        level,
        text: text.trim().to_owned(),
    }
    .to_json()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_and_paragraphs_become_blocks() {
        let json = text_to_blocks("## Titre\n\nUn paragraphe\nsur deux lignes.\n\n- un\n- deux");
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v[0]["type"], "header");
        assert_eq!(v[1]["data"]["text"], "Un paragraphe sur deux lignes.");
        assert_eq!(v[2]["data"]["items"][1], "deux");
    }
}
