//! A teacher's plain text (paragraphs, `- ` lists) as blocks a template prints safely.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TextBlock {
    /// `p` or `ul`.
    pub kind: &'static str,
    pub items: Vec<String>,
}

pub(crate) fn text_blocks(text: &str) -> Vec<TextBlock> {
    let mut out: Vec<TextBlock> = Vec::new();
    for chunk in text.split("\n\n").map(str::trim).filter(|c| !c.is_empty()) {
        let mut paragraph: Vec<&str> = Vec::new();
        let mut list: Vec<String> = Vec::new();
        let flush_paragraph = |p: &mut Vec<&str>, out: &mut Vec<TextBlock>| {
            if !p.is_empty() {
                out.push(TextBlock {
                    kind: "p",
                    items: vec![p.join(" ")],
                });
                p.clear();
            }
        };
        for line in chunk.lines().map(str::trim) {
            if let Some(item) = line.strip_prefix("- ") {
                flush_paragraph(&mut paragraph, &mut out);
                list.push(item.trim().to_owned());
            } else if !list.is_empty()
                && !line.is_empty()
                && paragraph.is_empty()
                && !line.starts_with("- ")
                && line.chars().next().is_some_and(char::is_lowercase)
            {
                // A list item continued on the next line.
                if let Some(last) = list.last_mut() {
                    last.push(' ');
                    last.push_str(line);
                }
            } else {
                if !list.is_empty() {
                    out.push(TextBlock {
                        kind: "ul",
                        items: std::mem::take(&mut list),
                    });
                }
                paragraph.push(line);
            }
        }
        flush_paragraph(&mut paragraph, &mut out);
        if !list.is_empty() {
            out.push(TextBlock {
                kind: "ul",
                items: list,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_lists_are_told_apart() {
        let blocks = text_blocks("Notes :\n- un\n- deux\n  suite\n\nFin.");
        assert_eq!(
            blocks[0],
            TextBlock {
                kind: "p",
                items: vec!["Notes :".into()]
            }
        );
        assert_eq!(
            blocks[1],
            TextBlock {
                kind: "ul",
                items: vec!["un".into(), "deux suite".into()]
            }
        );
        assert_eq!(blocks[2].items, vec!["Fin.".to_owned()]);
    }
}
