//! The block editor's vocabulary, shared by every crate that writes or reads its JSON (the
//! context's sources, the back-offices, the storefront, subjects and their checks): the
//! kinds of block ([`Kind`]) and the typed text blocks ([`Block`]) that code writes. A block
//! is stored as Editor.js does, `{"type": "<kind>", "data": {…}}`.

use serde::Serialize;

/// Every kind of block the editor may save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Paragraph,
    Header,
    List,
    Quote,
    Image,
    Delimiter,
    Separator,
    Table,
    Button,
    Audio,
    File,
    Cover,
    Columns,
    Gallery,
    Map,
    Form,
    Faq,
    Testimonials,
    Team,
    Slider,
    Countdown,
}

impl Kind {
    pub const ALL: [Kind; 21] = [
        Kind::Paragraph,
        Kind::Header,
        Kind::List,
        Kind::Quote,
        Kind::Image,
        Kind::Delimiter,
        Kind::Separator,
        Kind::Table,
        Kind::Button,
        Kind::Audio,
        Kind::File,
        Kind::Cover,
        Kind::Columns,
        Kind::Gallery,
        Kind::Map,
        Kind::Form,
        Kind::Faq,
        Kind::Testimonials,
        Kind::Team,
        Kind::Slider,
        Kind::Countdown,
    ];

    /// The name stored in the JSON's `type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Paragraph => "paragraph",
            Kind::Header => "header",
            Kind::List => "list",
            Kind::Quote => "quote",
            Kind::Image => "image",
            Kind::Delimiter => "delimiter",
            Kind::Separator => "separator",
            Kind::Table => "table",
            Kind::Button => "button",
            Kind::Audio => "audio",
            Kind::File => "file",
            Kind::Cover => "cover",
            Kind::Columns => "columns",
            Kind::Gallery => "gallery",
            Kind::Map => "map",
            Kind::Form => "form",
            Kind::Faq => "faq",
            Kind::Testimonials => "testimonials",
            Kind::Team => "team",
            Kind::Slider => "slider",
            Kind::Countdown => "countdown",
        }
    }

    /// What a teacher or an examiner calls it, in French.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Paragraph => "paragraphe",
            Kind::Header => "intertitre",
            Kind::List => "liste",
            Kind::Quote => "citation",
            Kind::Image => "image",
            Kind::Delimiter => "séparateur",
            Kind::Separator => "séparateur",
            Kind::Table => "tableau",
            Kind::Button => "bouton",
            Kind::Audio => "audio",
            Kind::File => "fichier",
            Kind::Cover => "bannière",
            Kind::Columns => "colonnes",
            Kind::Gallery => "galerie",
            Kind::Map => "carte",
            Kind::Form => "formulaire",
            Kind::Faq => "FAQ",
            Kind::Testimonials => "témoignages",
            Kind::Team => "équipe",
            Kind::Slider => "diaporama",
            Kind::Countdown => "compte à rebours",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The kind of a stored block, if it is one the editor knows.
    pub fn of(block: &serde_json::Value) -> Option<Kind> {
        block["type"].as_str().and_then(Kind::parse)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "data", rename_all = "lowercase")]
pub enum Block {
    Header {
        level: u8,
        text: String,
    },
    Paragraph {
        text: String,
    },
    List {
        style: ListStyle,
        items: Vec<String>,
    },
    Quote {
        text: String,
        caption: String,
    },
    Image {
        media_id: i64,
        alt: String,
        caption: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListStyle {
    Unordered,
    Ordered,
}

impl Block {
    /// The block as stored.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_by_name() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("mapp"), None);
    }

    #[test]
    fn a_text_block_is_stored_as_the_editor_stores_it() {
        let b = Block::Header {
            level: 2,
            text: "Titre".into(),
        };
        let stored: serde_json::Value =
            serde_json::from_str(r#"{"type":"header","data":{"level":2,"text":"Titre"}}"#)
                .unwrap_or_default();
        assert_eq!(b.to_json(), stored);
        assert_eq!(Kind::of(&b.to_json()), Some(Kind::Header));
    }
}

/// The text a visitor reads in one block, each piece as stored (inline markup kept): the
/// fields every kind renders as text. The one reading of blocks behind every word count:
/// the editor's counter (`editeur.js`, `texteVisible`) mirrors it field for field.
pub fn block_texts(block: &serde_json::Value) -> Vec<&str> {
    const FIELDS: [&str; 6] = ["text", "caption", "title", "button", "question", "answer"];
    const ITEM_FIELDS: [&str; 9] = [
        "content", "text", "caption", "title", "question", "answer", "name", "role", "bio",
    ];
    fn items<'a>(list: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        for item in list.as_array().into_iter().flatten() {
            match item.as_str() {
                Some(s) => out.push(s),
                None => {
                    out.extend(ITEM_FIELDS.iter().filter_map(|k| item[*k].as_str()));
                    // Nested lists (Editor.js lists v2).
                    items(&item["items"], out);
                }
            }
        }
    }
    let data = &block["data"];
    let mut out: Vec<&str> = FIELDS.iter().filter_map(|k| data[*k].as_str()).collect();
    for list in ["items", "columns", "slides"] {
        items(&data[list], &mut out);
    }
    if Kind::of(block) == Some(Kind::Table) {
        for row in data["content"].as_array().into_iter().flatten() {
            out.extend(
                row.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c.as_str()),
            );
        }
    }
    out
}

/// Inline markup as the text it shows: tags removed (they do not separate words), the
/// entities the editor writes decoded.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .replace('\u{a0}', " ")
}

/// The text of a list of blocks (JSON) as a visitor reads it, one piece per line.
pub fn visible_text(json: &str) -> String {
    let blocks: Vec<serde_json::Value> = serde_json::from_str(json).unwrap_or_default();
    let mut out = String::new();
    for b in &blocks {
        for piece in block_texts(b) {
            let text = strip_tags(piece);
            if !text.trim().is_empty() {
                out.push_str(text.trim());
                out.push('\n');
            }
        }
    }
    out
}

/// Words of a text: the pieces between spaces that hold a letter or a digit ("–" is none).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod text_tests {
    use super::*;

    #[test]
    fn every_kind_of_block_counts_its_visible_text_once() {
        let json = r#"[
          {"type":"paragraph","data":{"text":"Un <b>lin</b>&nbsp;lavé"}},
          {"type":"list","data":{"style":"unordered","items":[{"content":"deux mots","items":[{"content":"imbriqué"}]}]}},
          {"type":"table","data":{"content":[["Taille","Prix"],["140","89 €"]]}},
          {"type":"cover","data":{"title":"Soldes","text":"Tout à −20 %","button":"Voir","url":"/x"}},
          {"type":"faq","data":{"items":[{"question":"Lavage ?","answer":"À 40 °C."}]}},
          {"type":"columns","data":{"columns":[{"title":"Atelier","text":"À Cholet"}]}},
          {"type":"image","data":{"media_id":3,"alt":"pas compté","caption":"Légende"}}
        ]"#;
        let text = visible_text(json);
        assert_eq!(word_count(&text), 23, "{text}");
        assert!(!text.contains("pas compté") && !text.contains("<b>"));
    }
}
