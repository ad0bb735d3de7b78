//! The subject model, once a file is parsed and validated. Serialisable, so that the exam
//! console can show the grid rows and their checks as they are.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::checks::spec::Check;
use crate::overlay::spec::OverlayEntry;

#[derive(Debug, Clone, Serialize)]
pub struct Subject {
    /// The file it was read from (diagnostics point into it).
    pub path: PathBuf,
    /// SHA-256 of the file's bytes: a prepared database records it.
    pub sha256: String,
    pub code: String,
    pub letter: String,
    pub session: u16,
    pub title: String,
    pub side: Side,
    pub context: ContextRef,
    /// The *contexte commercial* block of the candidate sheet.
    pub commercial_context: String,
    pub questions: Vec<Question>,
    pub annexes: Vec<Annex>,
    pub overlay: Vec<Located<OverlayEntry>>,
    pub grid: Vec<GridRow>,
}

impl Subject {
    pub fn rows_of(&self, question: u8) -> impl Iterator<Item = &GridRow> {
        self.grid.iter().filter(move |r| r.question == question)
    }

    /// Every check of the subject, with the row it belongs to.
    pub fn checks(&self) -> impl Iterator<Item = (&GridRow, &Located<Check>)> {
        self.grid
            .iter()
            .flat_map(|row| row.checks.iter().map(move |c| (row, c)))
    }
}

/// Which site of the context the subject uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The content site (WordPress-like).
    Content,
    /// The e-commerce shop (PrestaShop-like).
    Shop,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Content => "content",
            Side::Shop => "shop",
        }
    }

    /// As printed on the candidate sheet.
    pub fn label(self) -> &'static str {
        match self {
            Side::Content => "site de contenu",
            Side::Shop => "boutique en ligne",
        }
    }
}

impl std::str::FromStr for Side {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "content" | "contenu" => Ok(Side::Content),
            "shop" | "boutique" => Ok(Side::Shop),
            other => Err(format!(
                "côté inconnu « {other} » : « content » (site de contenu) ou « shop » (boutique)"
            )),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ContextRef {
    pub id: String,
    pub version: String,
    pub line: u32,
}

impl ContextRef {
    /// `id@version`, as `find_context` takes it.
    pub fn spec(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// A content creation: article, page or product sheet (always question 1).
    Creation,
    #[default]
    Task,
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub number: u8,
    pub kind: QuestionKind,
    pub text: String,
    /// Numbers of the annexes this question uses.
    pub annexes: Vec<u8>,
    pub line: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Annex {
    pub number: u8,
    pub title: String,
    pub text: String,
    pub images: Vec<AnnexImage>,
    pub tables: Vec<AnnexTable>,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnnexImage {
    /// A media file of the context (`products/drap-housse-lin-ecru.svg`).
    pub media: String,
    #[serde(default)]
    pub caption: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnnexTable {
    #[serde(default)]
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One row of the *grille d'aide à l'évaluation*.
#[derive(Debug, Clone, Serialize)]
pub struct GridRow {
    pub id: String,
    pub question: u8,
    pub label: String,
    /// Performance criteria 1–8.
    pub criteria: Vec<u8>,
    pub competence: String,
    pub descriptors: Descriptors,
    pub checks: Vec<Located<Check>>,
    pub line: u32,
}

/// What the examiner sees at each level.
#[derive(Debug, Clone, Serialize)]
pub struct Descriptors {
    /// Très insuffisant.
    pub ti: String,
    /// Insuffisant.
    pub i: String,
    /// Satisfaisant.
    pub s: String,
    /// Très satisfaisant.
    pub ts: String,
}

/// An item of the file with the line it starts at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Located<T> {
    pub line: u32,
    #[serde(flatten)]
    pub item: T,
}

/// The eight performance criteria of E5, as exam grids number them.
pub const CRITERIA: [&str; 8] = [
    "Qualité et pertinence des contenus publiés",
    "Suivi rigoureux et optimisation du référencement",
    "Cohérence entre les techniques, les outils mobilisés, les contenus et les moyens de diffusion",
    "Rythme adapté d'actualisation des contenus",
    "Suivi des publications et contrôle de l'image",
    "Pertinence des choix et des actions menées pour développer les ventes et créer de la valeur",
    "Qualité de l'assistance et prise en compte des risques et de la réglementation",
    "Pertinence des indicateurs utilisés pour l'analyse des résultats",
];
