//! Small text helpers: comparing French words, counting them, reading editor blocks.

use e5_domain::blocks::Kind;

/// Lower case without accents, so that « Réduction » matches « reduction ».
pub(crate) fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ÿ' => 'y',
            '\u{2019}' => '\'',
            c => c,
        })
        .collect()
}

pub(crate) fn contains_folded(haystack: &str, needle: &str) -> bool {
    fold(haystack).contains(fold(needle.trim()).as_str())
}

pub(crate) fn same_folded(a: &str, b: &str) -> bool {
    fold(a.trim()) == fold(b.trim())
}

/// Words of a text, counted as the editor and the SEO panel count them.
pub(crate) fn word_count(s: &str) -> usize {
    e5_domain::blocks::word_count(s)
}

pub(crate) fn char_count(s: &str) -> usize {
    s.trim().chars().count()
}

/// Text without HTML tags, entities decoded.
pub(crate) fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                if in_tag {
                    out.push(' ');
                }
                in_tag = false;
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
}

/// What the editor blocks of an article or page hold.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct BlockStats {
    pub text: String,
    pub words: usize,
    pub headings: usize,
    pub paragraphs: usize,
    pub lists: usize,
    /// Media ids of image blocks, with the block's own alternative text.
    pub images: Vec<(Option<i64>, String)>,
    pub links: usize,
    /// Every block type, in order.
    pub types: Vec<Kind>,
}

pub(crate) fn block_stats(json: &str) -> BlockStats {
    let blocks: Vec<serde_json::Value> = serde_json::from_str(json).unwrap_or_default();
    let mut st = BlockStats::default();
    for b in &blocks {
        let data = &b["data"];
        // A file or sound block without its file shows nothing: it is not the block asked for.
        let empty_media = matches!(Kind::of(b), Some(Kind::File | Kind::Audio))
            && data["media_id"].as_i64().is_none();
        if !empty_media {
            st.types.extend(Kind::of(b));
        }
        match Kind::of(b) {
            Some(Kind::Header) => st.headings += 1,
            Some(Kind::Paragraph) => st.paragraphs += 1,
            Some(Kind::List) => st.lists += 1,
            // A banner's picture is an image of the page too, as are a gallery's and a
            // slider's, each with its own alternative text.
            Some(Kind::Image | Kind::Cover) => st.images.push((
                data["media_id"].as_i64(),
                data["alt"].as_str().unwrap_or("").trim().to_owned(),
            )),
            Some(Kind::Gallery | Kind::Slider) => {
                for item in data["items"]
                    .as_array()
                    .into_iter()
                    .chain(data["slides"].as_array())
                    .flatten()
                {
                    st.images.push((
                        item["media_id"].as_i64(),
                        item["alt"].as_str().unwrap_or("").trim().to_owned(),
                    ));
                }
            }
            _ => {}
        }
        for t in e5_domain::blocks::block_texts(b) {
            st.links += t.matches("<a ").count() + t.matches("<a\t").count();
        }
    }
    // The words the editor's counter and the SEO panel count: one reading of the blocks.
    st.text = e5_domain::blocks::visible_text(json);
    st.words = e5_domain::blocks::word_count(&st.text);
    st
}

/// `1 mot` / `3 mots`: French plural of a counted noun.
pub(crate) fn count(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    if n.abs() <= 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `12,90 €`.
pub(crate) fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.abs();
    format!("{sign}{},{:02} €", c / 100, c % 100)
}

pub(crate) fn to_cents(euros: f64) -> i64 {
    (euros * 100.0).round() as i64
}

/// `20 %` or `12,5 %`.
pub(crate) fn percent(p: f64) -> String {
    if (p - p.round()).abs() < 1e-9 {
        format!("{} %", p.round() as i64)
    } else {
        format!("{p} %").replace('.', ",")
    }
}

/// `2027-01-15 00:00:00` → `15/01/2027`.
pub(crate) fn french_date(s: &str) -> String {
    match (s.get(0..4), s.get(5..7), s.get(8..10)) {
        (Some(y), Some(m), Some(d)) => format!("{d}/{m}/{y}"),
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Réduction À LIN"), "reduction a lin");
        assert!(contains_folded("Le Linge lavé", "LAVE"));
    }

    #[test]
    fn words_are_counted_on_text_without_tags() {
        assert_eq!(word_count("L'entretien du lin — facile !"), 4);
        assert_eq!(
            word_count(&strip_tags("Lavez <a href=\"/x\">votre drap</a> à 40 °C")),
            6
        );
    }

    #[test]
    fn blocks_give_words_headings_images_and_links() {
        let json = r#"[{"type":"header","data":{"level":2,"text":"Laver le lin"}},
            {"type":"paragraph","data":{"text":"Lavez à <b>40 °C</b>, voir <a href=\"/page/faq\">la FAQ</a>."}},
            {"type":"list","data":{"style":"unordered","items":["un drap","deux taies"]}},
            {"type":"image","data":{"media_id":3,"alt":""}},
            {"type":"image","data":{"media_id":4,"alt":"Drap en lin"}}]"#;
        let st = block_stats(json);
        assert_eq!(
            (st.headings, st.paragraphs, st.lists, st.links),
            (1, 1, 1, 1)
        );
        assert_eq!(st.images.len(), 2);
        assert_eq!(st.words, 3 + 7 + 4);
    }

    #[test]
    fn a_file_block_without_its_file_is_not_counted_as_one() {
        let empty = r#"[{"type":"file","data":{"media_id":null,"title":"Le catalogue"}}]"#;
        assert!(block_stats(empty).types.is_empty());
        let full = r#"[{"type":"file","data":{"media_id":12,"title":"Le catalogue"}}]"#;
        assert_eq!(block_stats(full).types, vec![Kind::File]);
    }

    #[test]
    fn money_and_percentages_read_the_french_way() {
        assert_eq!(euros(4990), "49,90 €");
        assert_eq!(percent(15.0), "15 %");
        assert_eq!(percent(12.5), "12,5 %");
        assert_eq!(to_cents(49.9), 4990);
        assert_eq!(french_date("2027-01-15 00:00:00"), "15/01/2027");
        assert_eq!(count(1, "mot", "mots"), "1 mot");
        assert_eq!(count(0, "mot", "mots"), "0 mot");
        assert_eq!(count(2, "mot", "mots"), "2 mots");
    }
}
