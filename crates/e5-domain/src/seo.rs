//! On-page SEO analysis, as the SEO panel of an article, a page, a product or a category
//! shows it (the "traffic light" of the plugins a candidate knows, such as Yoast).
//!
//! Pure: the caller gives the fields and what the body contains ([`SeoInput`]), and gets one
//! line per rule and an overall light ([`SeoReport`]). [`SeoInput::scan_html`] fills the body
//! part from HTML (a product description), the content side fills it from editor blocks.
//!
//! # Rules
//!
//! Each rule gives *bon* (2 points), *moyen* (1) or *à améliorer* (0):
//!
//! | rule | bon | moyen | à améliorer |
//! | --- | --- | --- | --- |
//! | `keyword` focus keyword | set | — | empty (the keyword rules below are then *à améliorer*) |
//! | `keyword_title` keyword in the SEO title | present | — | absent |
//! | `keyword_intro` keyword in the first paragraph | present | — | absent |
//! | `keyword_slug` keyword in the slug (as a slug) | present | — | absent |
//! | `keyword_description` keyword in the meta description | present | — | absent |
//! | `title_length` SEO title (or title) length as shown, the site's name included (`page_title`) | 30–60 characters | 1–29 or 61–70 | empty or over 70 |
//! | `description_length` meta description length | 120–160 | 50–119 or 161–180 | empty, under 50 or over 180 |
//! | `text_length` words in the body | 300 or more | 150–299 | under 150 |
//! | `images_alt` images with an alternative text | all (at least one image) | no image | one image or more without alt |
//! | `internal_links` links to the site itself | 1 or more | none | — |
//! | `outbound_links` links to other sites | 1 or more | none | — |
//! | `headings` heading structure | at least one level-2 heading and no level skipped | no heading in a text under 300 words, or a level skipped | no heading in a text of 300 words or more |
//!
//! The overall light is the share of points: 75 % or more is green (*Bon*), 45 % or more
//! orange (*Correct*), under that red (*À améliorer*).

use serde::Serialize;

/// What the analysis reads. Lengths are counted in characters.
#[derive(Debug, Clone, Default)]
pub struct SeoInput {
    /// The site's name, which the storefront adds after a title that does not hold it.
    pub site_name: String,
    pub focus_keyword: String,
    /// The title shown in search results; when empty the `title` is used.
    pub seo_title: String,
    /// The page's own title (h1).
    pub title: String,
    pub meta_description: String,
    pub slug: String,
    /// The body as plain text.
    pub text: String,
    /// The first paragraph of the body, as plain text.
    pub first_paragraph: String,
    /// Levels (2–6) of the headings in the body, in order.
    pub headings: Vec<u8>,
    pub images: usize,
    pub images_with_alt: usize,
    pub internal_links: usize,
    pub outbound_links: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Good,
    Ok,
    Bad,
}

impl Level {
    fn points(self) -> u32 {
        match self {
            Level::Good => 2,
            Level::Ok => 1,
            Level::Bad => 0,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SeoCheck {
    pub rule: &'static str,
    pub level: Level,
    /// French, for the candidate.
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeoReport {
    pub checks: Vec<SeoCheck>,
    /// 0–100.
    pub score: u32,
    pub light: Level,
    /// "Bon", "Correct" or "À améliorer".
    pub label: &'static str,
}

/// Lowercase, accents removed, for keyword matching ("Été" matches "ete").
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            '’' => '\'',
            c => c,
        })
        .collect()
}

fn slugish(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

fn contains(haystack: &str, keyword: &str) -> bool {
    !keyword.is_empty() && fold(haystack).contains(&fold(keyword))
}

fn words(s: &str) -> usize {
    crate::blocks::word_count(s)
}

/// The `<title>` of a page, as the storefront writes it and search engines show it: the
/// page's (SEO) title followed by the site's name, unless the title already holds it.
pub fn page_title(title: &str, site_name: &str) -> String {
    let (title, site) = (title.trim(), site_name.trim());
    if title.is_empty() {
        site.to_owned()
    } else if site.is_empty() || contains(title, site) {
        title.to_owned()
    } else {
        format!("{title} – {site}")
    }
}

/// Runs every rule of the module documentation.
pub fn analyse(input: &SeoInput) -> SeoReport {
    let mut checks = Vec::new();
    let mut push = |rule, level, message: String| {
        checks.push(SeoCheck {
            rule,
            level,
            message,
        })
    };
    let keyword = input.focus_keyword.trim();
    let title = if input.seo_title.trim().is_empty() {
        input.title.trim()
    } else {
        input.seo_title.trim()
    };
    if keyword.is_empty() {
        push(
            "keyword",
            Level::Bad,
            "Aucune expression clé principale : indiquez le mot-clé sur lequel cette page doit être trouvée.".into(),
        );
    } else {
        push(
            "keyword",
            Level::Good,
            format!("Expression clé principale : « {keyword} »."),
        );
    }
    let kw_rule = |rule: &'static str, found: bool, place: &str| -> (&'static str, Level, String) {
        if keyword.is_empty() {
            (
                rule,
                Level::Bad,
                format!("Expression clé dans {place} : définissez d'abord une expression clé."),
            )
        } else if found {
            (
                rule,
                Level::Good,
                format!("L'expression clé apparaît dans {place}."),
            )
        } else {
            (
                rule,
                Level::Bad,
                format!("L'expression clé n'apparaît pas dans {place}."),
            )
        }
    };
    for (rule, found, place) in [
        ("keyword_title", contains(title, keyword), "le titre SEO"),
        (
            "keyword_intro",
            contains(&input.first_paragraph, keyword),
            "le premier paragraphe",
        ),
        (
            "keyword_slug",
            !keyword.is_empty() && slugish(&input.slug).contains(&slugish(keyword)),
            "le slug (l'adresse de la page)",
        ),
        (
            "keyword_description",
            contains(&input.meta_description, keyword),
            "la méta-description",
        ),
    ] {
        let (r, l, m) = kw_rule(rule, found, place);
        push(r, l, m);
    }
    // Measured as search engines show it, the site's name included.
    let shown = page_title(title, &input.site_name);
    let n = if title.is_empty() {
        0
    } else {
        shown.chars().count()
    };
    let level = match n {
        30..=60 => Level::Good,
        1..=29 | 61..=70 => Level::Ok,
        _ => Level::Bad,
    };
    push(
        "title_length",
        level,
        format!(
            "Titre affiché dans les résultats : {n} caractères, nom du site compris (recommandé : 30 à 60)."
        ),
    );
    let n = input.meta_description.trim().chars().count();
    let level = match n {
        120..=160 => Level::Good,
        50..=119 | 161..=180 => Level::Ok,
        _ => Level::Bad,
    };
    let message = if n == 0 {
        "Aucune méta-description : les moteurs de recherche en composeront une eux-mêmes.".into()
    } else {
        format!("Méta-description : {n} caractères (recommandé : 120 à 160).")
    };
    push("description_length", level, message);
    let w = words(&input.text);
    let level = match w {
        300.. => Level::Good,
        150..=299 => Level::Ok,
        _ => Level::Bad,
    };
    push(
        "text_length",
        level,
        format!("Texte : {w} mots (recommandé : 300 ou plus, 150 au minimum)."),
    );
    let (level, message) = if input.images == 0 {
        (
            Level::Ok,
            "Aucune image : une image avec un texte alternatif aide le référencement.".into(),
        )
    } else if input.images_with_alt >= input.images {
        (
            Level::Good,
            format!(
                "Toutes les images ({}) ont un texte alternatif.",
                input.images
            ),
        )
    } else {
        (
            Level::Bad,
            format!(
                "{} image(s) sur {} sans texte alternatif.",
                input.images - input.images_with_alt,
                input.images
            ),
        )
    };
    push("images_alt", level, message);
    push(
        "internal_links",
        if input.internal_links > 0 {
            Level::Good
        } else {
            Level::Ok
        },
        if input.internal_links > 0 {
            format!("{} lien(s) interne(s) vers le site.", input.internal_links)
        } else {
            "Aucun lien interne : ajoutez un lien vers une autre page du site.".into()
        },
    );
    push(
        "outbound_links",
        if input.outbound_links > 0 {
            Level::Good
        } else {
            Level::Ok
        },
        if input.outbound_links > 0 {
            format!(
                "{} lien(s) sortant(s) vers d'autres sites.",
                input.outbound_links
            )
        } else {
            "Aucun lien sortant vers une source extérieure.".into()
        },
    );
    let skipped = input
        .headings
        .windows(2)
        .any(|p| p[1] > p[0] && p[1] - p[0] > 1)
        || input.headings.first().is_some_and(|l| *l > 2);
    let has_h2 = input.headings.contains(&2);
    let (level, message) = if input.headings.is_empty() {
        if w >= 300 {
            (
                Level::Bad,
                "Aucun intertitre : découpez ce long texte avec des titres de niveau 2.".to_owned(),
            )
        } else {
            (
                Level::Ok,
                "Aucun intertitre : un titre de niveau 2 structure le texte.".to_owned(),
            )
        }
    } else if skipped || !has_h2 {
        (
            Level::Ok,
            "Structure des titres : un niveau est sauté (commencez par un titre de niveau 2, puis 3…).".to_owned(),
        )
    } else {
        (
            Level::Good,
            format!(
                "Structure des titres correcte ({} intertitre(s)).",
                input.headings.len()
            ),
        )
    };
    push("headings", level, message);
    let max: u32 = checks.len() as u32 * 2;
    let points: u32 = checks.iter().map(|c| c.level.points()).sum();
    let score = (points * 100).checked_div(max).unwrap_or(0);
    let (light, label) = match score {
        75.. => (Level::Good, "Bon"),
        45..=74 => (Level::Ok, "Correct"),
        _ => (Level::Bad, "À améliorer"),
    };
    SeoReport {
        checks,
        score,
        light,
        label,
    }
}

impl SeoInput {
    /// Fills the body part (text, first paragraph, headings, images, links) from HTML, such
    /// as a product description. A link is internal when it starts with `/`, `#` or
    /// `site_prefix`; outbound when it starts with `http://` or `https://` otherwise.
    pub fn scan_html(&mut self, html: &str, site_prefix: &str) {
        let mut text = String::new();
        let mut first = None::<String>;
        let mut in_p = false;
        let mut current_p = String::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            let chunk = &rest[..start];
            text.push_str(chunk);
            if in_p {
                current_p.push_str(chunk);
            }
            let after = &rest[start + 1..];
            let Some(end) = after.find('>') else {
                rest = "";
                break;
            };
            let tag = &after[..end];
            let lower = tag.to_ascii_lowercase();
            let name = lower
                .split(|c: char| c.is_whitespace() || c == '/')
                .find(|s| !s.is_empty())
                .unwrap_or("");
            let closing = lower.starts_with('/');
            match (name, closing) {
                ("p", false) => {
                    in_p = true;
                    current_p.clear();
                }
                ("p", true) => {
                    if in_p && first.is_none() && !current_p.trim().is_empty() {
                        first = Some(current_p.trim().to_owned());
                    }
                    in_p = false;
                }
                ("img", _) => {
                    self.images += 1;
                    if attr(tag, "alt").is_some_and(|a| !a.trim().is_empty()) {
                        self.images_with_alt += 1;
                    }
                }
                ("a", false) => {
                    if let Some(href) = attr(tag, "href") {
                        let h = href.trim();
                        if h.starts_with('/')
                            || h.starts_with('#')
                            || (!site_prefix.is_empty() && h.starts_with(site_prefix))
                        {
                            self.internal_links += 1;
                        } else if h.starts_with("http://") || h.starts_with("https://") {
                            self.outbound_links += 1;
                        }
                    }
                }
                (h, false) if h.len() == 2 && h.starts_with('h') => {
                    if let Some(level) = h[1..].parse::<u8>().ok().filter(|l| (1..=6).contains(l)) {
                        self.headings.push(level);
                    }
                }
                _ => {}
            }
            text.push(' ');
            rest = &after[end + 1..];
        }
        text.push_str(rest);
        self.text = text;
        if let Some(f) = first {
            self.first_paragraph = f;
        } else {
            self.first_paragraph = self.text.chars().take(300).collect();
        }
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let at = from + pos;
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[at + name.len()..].trim_start();
        if before_ok && rest.starts_with('=') {
            let offset = tag.len() - rest.len() + 1;
            let value = tag[offset..].trim_start();
            return Some(match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_owned(),
                _ => value.split_whitespace().next().unwrap_or("").to_owned(),
            });
        }
        from = at + name.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good_input() -> SeoInput {
        let body = "lin lavé ".repeat(160);
        SeoInput {
            site_name: String::new(),
            focus_keyword: "linge en lin".into(),
            seo_title: "Entretenir son linge en lin : nos conseils d'atelier".into(),
            title: "Entretenir son linge en lin".into(),
            meta_description: "Lavage, séchage, repassage : comment entretenir votre linge en lin pour qu'il dure des années. Les conseils de notre atelier de Cholet.".into(),
            slug: "entretenir-son-linge-en-lin".into(),
            first_paragraph: "Le linge en lin se bonifie avec le temps.".into(),
            text: format!("Le linge en lin se bonifie avec le temps. {body}"),
            headings: vec![2, 3, 2],
            images: 1,
            images_with_alt: 1,
            internal_links: 1,
            outbound_links: 1,
        }
    }

    fn level(r: &SeoReport, rule: &str) -> Level {
        r.checks.iter().find(|c| c.rule == rule).expect(rule).level
    }

    #[test]
    fn a_well_written_page_is_green() {
        let r = analyse(&good_input());
        assert_eq!(r.light, Level::Good, "{r:?}");
        assert_eq!(r.score, 100);
        assert_eq!(r.label, "Bon");
    }

    #[test]
    fn an_empty_page_is_red() {
        let r = analyse(&SeoInput::default());
        assert_eq!(r.light, Level::Bad);
        assert_eq!(level(&r, "keyword"), Level::Bad);
        assert_eq!(level(&r, "description_length"), Level::Bad);
    }

    #[test]
    fn the_keyword_matches_without_accents_and_in_the_slug() {
        let mut i = good_input();
        i.focus_keyword = "Été".into();
        i.seo_title = "Collection ete".into();
        i.slug = "collection-ete-2027".into();
        let r = analyse(&i);
        assert_eq!(level(&r, "keyword_title"), Level::Good);
        assert_eq!(level(&r, "keyword_slug"), Level::Good);
        assert_eq!(level(&r, "keyword_intro"), Level::Bad);
    }

    #[test]
    fn lengths_follow_the_documented_ranges() {
        let mut i = good_input();
        i.meta_description = "x".repeat(100);
        i.seo_title = "y".repeat(65);
        let r = analyse(&i);
        assert_eq!(level(&r, "description_length"), Level::Ok);
        assert_eq!(level(&r, "title_length"), Level::Ok);
        i.meta_description = "x".repeat(200);
        assert_eq!(level(&analyse(&i), "description_length"), Level::Bad);
    }

    /// The title is measured as search engines show it: with the site's name, which is not
    /// added twice.
    #[test]
    fn the_title_is_measured_with_the_site_name_added_once() {
        assert_eq!(
            page_title("Nos draps | Les Toiles de Loire", "Les Toiles de Loire"),
            "Nos draps | Les Toiles de Loire"
        );
        assert_eq!(
            page_title("Nos draps", "Les Toiles de Loire"),
            "Nos draps – Les Toiles de Loire"
        );
        assert_eq!(page_title("", "Les Toiles de Loire"), "Les Toiles de Loire");
        let mut i = good_input();
        i.seo_title = "Entretenir son linge en lin : nos conseils".into(); // 42 characters
        assert_eq!(level(&analyse(&i), "title_length"), Level::Good);
        i.site_name = "Les Toiles de Loire".into(); // 42 + 3 + 19 = 64
        let r = analyse(&i);
        assert_eq!(level(&r, "title_length"), Level::Ok);
        assert!(r.checks.iter().any(|c| c.message.contains("64 caractères")));
    }

    #[test]
    fn missing_alt_and_skipped_headings_are_reported() {
        let mut i = good_input();
        i.images = 2;
        i.images_with_alt = 1;
        i.headings = vec![2, 4];
        let r = analyse(&i);
        assert_eq!(level(&r, "images_alt"), Level::Bad);
        assert_eq!(level(&r, "headings"), Level::Ok);
        i.headings.clear();
        assert_eq!(level(&analyse(&i), "headings"), Level::Bad);
    }

    #[test]
    fn html_is_scanned_for_images_links_and_headings() {
        let mut i = SeoInput::default();
        i.scan_html(
            "<h2>Titre</h2><p>Premier <b>paragraphe</b></p><p><img src=x alt=\"Drap\"><img src=y><a href=\"/s/1/page/a\">a</a><a href='https://ex.org'>b</a></p><h3>Sous</h3>",
            "/s/1",
        );
        assert_eq!(i.headings, vec![2, 3]);
        assert_eq!((i.images, i.images_with_alt), (2, 1));
        assert_eq!((i.internal_links, i.outbound_links), (1, 1));
        assert_eq!(i.first_paragraph, "Premier paragraphe");
    }
}
