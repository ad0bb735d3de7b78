//! The printed papers of a subject: the candidate sheet (two A4 pages, national look) and
//! the examiner's grid (A4 landscape), as self-contained HTML with print CSS; and a PDF of
//! either through headless Chromium when it is installed. Kept apart from e5-subjects so
//! that reading and checking subjects needs no template engine.

pub mod cli;
mod pdf;
mod text_blocks;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use e5_shop_db::query::Read;
use serde::Serialize;
use sqlx::SqlitePool;
use tera::{Context, Tera};

pub use pdf::{PdfError, print_to_pdf};
use text_blocks::{TextBlock, text_blocks};

use e5_domain::setting;
use e5_subjects::{AnnexTable, CRITERIA, Subject, describe};

/// What the candidate sheet takes from the context: the shop's settings (name, city…) and
/// the images its annexes show.
#[derive(Debug, Clone, Default)]
pub struct SheetContext {
    pub settings: BTreeMap<String, String>,
    /// Media file → (MIME type, bytes).
    pub media: BTreeMap<String, (String, Vec<u8>)>,
}

impl SheetContext {
    /// Reads what `subject` needs from a golden or prepared database.
    pub async fn load(db: &SqlitePool, subject: &Subject) -> Result<SheetContext, sqlx::Error> {
        let settings: Vec<(String, String)> = db.rows("SELECT key, value FROM setting", ()).await?;
        let mut media = BTreeMap::new();
        for image in subject.annexes.iter().flat_map(|a| &a.images) {
            let row: Option<(String, Vec<u8>)> = db
                .row_optional(
                    "SELECT mime, data FROM media WHERE file = ?",
                    (&image.media,),
                )
                .await?;
            if let Some(row) = row {
                media.insert(image.media.clone(), row);
            }
        }
        Ok(SheetContext {
            settings: settings.into_iter().collect(),
            media,
        })
    }
}

fn templates() -> &'static Tera {
    static TERA: OnceLock<Tera> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut tera = Tera::default();
        // Both templates are part of the binary: a failure here is a bug caught by the tests.
        if let Err(e) = tera.add_raw_templates([
            (
                "candidate.html",
                include_str!("../templates/candidate.html"),
            ),
            ("grid.html", include_str!("../templates/grid.html")),
            ("print.css", include_str!("../templates/print.css")),
        ]) {
            panic!("embedded subject templates are invalid: {e}");
        }
        tera.autoescape_on(vec![".html"]);
        tera
    })
}

#[derive(Serialize)]
struct SheetQuestion {
    number: u8,
    blocks: Vec<TextBlock>,
    annexes: String,
}

#[derive(Serialize)]
struct SheetAnnex {
    number: u8,
    title: String,
    blocks: Vec<TextBlock>,
    images: Vec<SheetImage>,
    tables: Vec<AnnexTable>,
}

#[derive(Serialize)]
struct SheetImage {
    src: String,
    caption: String,
    missing: bool,
}

fn common(subject: &Subject) -> Context {
    let mut ctx = Context::new();
    ctx.insert("code", &subject.code);
    ctx.insert("letter", &subject.letter);
    ctx.insert("session", &subject.session);
    ctx.insert("title", &subject.title);
    ctx.insert("side", subject.side.label());
    let css = templates()
        .render("print.css", &Context::new())
        .unwrap_or_default();
    ctx.insert("css", &css);
    ctx
}

/// The candidate sheet: header, fraud warning, *contexte commercial*, the five questions,
/// then the annexes on the second page.
pub fn render_candidate_sheet(
    subject: &Subject,
    context: &SheetContext,
) -> Result<String, tera::Error> {
    let mut ctx = common(subject);
    let company = context
        .settings
        .get(setting::SHOP_NAME)
        .cloned()
        .unwrap_or_default();
    ctx.insert("company", &company);
    ctx.insert(
        "commercial_context",
        &text_blocks(&subject.commercial_context),
    );
    let questions: Vec<SheetQuestion> = subject
        .questions
        .iter()
        .map(|q| SheetQuestion {
            number: q.number,
            blocks: text_blocks(&q.text),
            annexes: annex_list(&q.annexes),
        })
        .collect();
    ctx.insert("questions", &questions);
    let annexes: Vec<SheetAnnex> = subject
        .annexes
        .iter()
        .map(|a| SheetAnnex {
            number: a.number,
            title: a.title.clone(),
            blocks: text_blocks(&a.text),
            images: a
                .images
                .iter()
                .map(|i| match context.media.get(&i.media) {
                    Some((mime, data)) => SheetImage {
                        src: format!("data:{mime};base64,{}", base64(data)),
                        caption: i.caption.clone(),
                        missing: false,
                    },
                    None => SheetImage {
                        src: String::new(),
                        caption: format!("{} ({})", i.caption, i.media),
                        missing: true,
                    },
                })
                .collect(),
            tables: a.tables.clone(),
        })
        .collect();
    ctx.insert("annexes", &annexes);
    templates().render("candidate.html", &ctx)
}

fn annex_list(numbers: &[u8]) -> String {
    match numbers {
        [] => String::new(),
        [one] => format!("annexe {one}"),
        many => format!(
            "annexes {}",
            many.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" et ")
        ),
    }
}

#[derive(Serialize)]
struct GridQuestion {
    number: u8,
    text: String,
    rows: Vec<GridLine>,
}

#[derive(Serialize)]
struct GridLine {
    id: String,
    label: String,
    criteria: String,
    competence: String,
    ti: String,
    i: String,
    s: String,
    ts: String,
    checks: Vec<String>,
}

/// The *grille d'aide à l'évaluation*: one line per row, grouped by question, the four
/// level descriptors in their columns.
pub fn render_grid(subject: &Subject) -> Result<String, tera::Error> {
    let mut ctx = common(subject);
    let questions: Vec<GridQuestion> = subject
        .questions
        .iter()
        .map(|q| GridQuestion {
            number: q.number,
            text: first_sentence(&q.text),
            rows: subject
                .rows_of(q.number)
                .map(|r| GridLine {
                    id: r.id.clone(),
                    label: r.label.clone(),
                    criteria: r
                        .criteria
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    competence: r.competence.clone(),
                    ti: r.descriptors.ti.clone(),
                    i: r.descriptors.i.clone(),
                    s: r.descriptors.s.clone(),
                    ts: r.descriptors.ts.clone(),
                    checks: r.checks.iter().map(|c| describe(&c.item)).collect(),
                })
                .collect(),
        })
        .collect();
    ctx.insert("questions", &questions);
    let criteria: Vec<(usize, &str)> = CRITERIA
        .iter()
        .enumerate()
        .map(|(i, c)| (i + 1, *c))
        .collect();
    ctx.insert("criteria", &criteria);
    templates().render("grid.html", &ctx)
}

/// The first sentence of a question, as a reminder in the grid.
fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(i) if i < 220 => flat[..=i].to_owned(),
        _ if flat.chars().count() > 220 => {
            format!("{}…", flat.chars().take(220).collect::<String>())
        }
        _ => flat,
    }
}

fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(base64(b""), "");
    }

    #[test]
    fn annex_lists_read_in_french() {
        assert_eq!(annex_list(&[1]), "annexe 1");
        assert_eq!(annex_list(&[1, 2]), "annexes 1 et 2");
    }
}
