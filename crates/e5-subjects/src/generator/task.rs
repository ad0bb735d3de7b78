//! One question drawn from a template, with its annex, overlay and grid rows, as values that
//! the writer turns into pleasant TOML.

/// A TOML value as the writer prints it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum V {
    S(String),
    /// A long text, printed as a multi-line string.
    Text(String),
    I(i64),
    F(f64),
    B(bool),
    L(Vec<String>),
}

pub(crate) fn s(x: impl Into<String>) -> V {
    V::S(x.into())
}

pub(crate) type Table = Vec<(&'static str, V)>;

/// A check: its kind first, then its expectations.
pub(crate) fn check(kind: &str, mut fields: Table) -> Table {
    fields.insert(0, ("kind", s(kind)));
    fields
}

#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub label: String,
    pub criteria: Vec<u8>,
    pub competence: &'static str,
    /// TI, I, S, TS.
    pub levels: [String; 4],
    pub checks: Vec<Table>,
}

pub(crate) fn row(
    label: &str,
    criteria: &[u8],
    competence: &'static str,
    levels: [&str; 4],
    checks: Vec<Table>,
) -> Row {
    Row {
        label: label.to_owned(),
        criteria: criteria.to_vec(),
        competence,
        levels: levels.map(str::to_owned),
        checks,
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Annex {
    pub title: String,
    pub text: String,
    pub image: Option<String>,
    pub table: Option<(Vec<String>, Vec<Vec<String>>)>,
}

#[derive(Debug, Clone)]
pub(crate) struct OverlayItem {
    pub table: &'static str,
    pub comment: Option<String>,
    pub fields: Table,
}

pub(crate) fn overlay(table: &'static str, fields: Table) -> OverlayItem {
    OverlayItem {
        table,
        comment: None,
        fields,
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Task {
    /// A few words for the file name and the title (question 1 only).
    pub theme: String,
    pub question: String,
    pub annex: Option<Annex>,
    pub overlay: Vec<OverlayItem>,
    pub rows: Vec<Row>,
}

pub(crate) const PRODUIRE: &str =
    "Produire, publier et assurer la visibilité des contenus digitaux";
pub(crate) const DYNAMIQUE: &str = "Impulser, entretenir et réguler une dynamique e-relationnelle";
pub(crate) const DYNAMISER: &str = "Dynamiser un site de e-commerce";
pub(crate) const SECURISER: &str = "Faciliter et sécuriser la relation commerciale";
pub(crate) const DIAGNOSTIQUER: &str = "Diagnostiquer l'activité de e-commerce";
