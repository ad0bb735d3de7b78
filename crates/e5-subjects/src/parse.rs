//! Reading a subject file: TOML with spans, then the rules every subject must follow.
//! Every problem becomes a [`Diagnostic`] at the line a teacher has to change.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use crate::checks::Check;
use crate::diagnostic::{Diagnostic, LineIndex, SubjectError};
use crate::model::{
    Annex, AnnexImage, AnnexTable, ContextRef, Descriptors, GridRow, Located, Question,
    QuestionKind, Side, Subject,
};
use crate::overlay::{OverlayEntry, spec as ov};
use crate::validate;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    subject: Spanned<RawSubject>,
    context: Spanned<RawContext>,
    commercial_context: Spanned<RawText>,
    #[serde(default)]
    question: Vec<Spanned<RawQuestion>>,
    #[serde(default)]
    annex: Vec<Spanned<RawAnnex>>,
    #[serde(default)]
    overlay: RawOverlay,
    grid: Option<RawGrid>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubject {
    code: Spanned<String>,
    letter: Spanned<String>,
    session: Spanned<u16>,
    side: Spanned<String>,
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContext {
    id: Spanned<String>,
    version: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    number: Option<Spanned<u8>>,
    kind: Option<QuestionKind>,
    text: String,
    #[serde(default)]
    annexes: Vec<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnnex {
    number: Spanned<u8>,
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    image: Vec<AnnexImage>,
    #[serde(default)]
    table: Vec<Spanned<AnnexTable>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawOverlay {
    #[serde(default)]
    customer: Vec<Spanned<ov::Customer>>,
    #[serde(default)]
    employee: Vec<Spanned<ov::Employee>>,
    #[serde(default)]
    product: Vec<Spanned<ov::Product>>,
    #[serde(default)]
    product_update: Vec<Spanned<ov::ProductUpdate>>,
    #[serde(default)]
    stock: Vec<Spanned<ov::Stock>>,
    #[serde(default)]
    post: Vec<Spanned<ov::Post>>,
    #[serde(default)]
    post_update: Vec<Spanned<ov::PostUpdate>>,
    #[serde(default)]
    comment: Vec<Spanned<ov::Comment>>,
    #[serde(default)]
    review: Vec<Spanned<ov::Review>>,
    #[serde(default)]
    customer_message: Vec<Spanned<ov::CustomerMessage>>,
    #[serde(default)]
    order_state: Vec<Spanned<ov::OrderState>>,
    #[serde(default)]
    order_return: Vec<Spanned<ov::OrderReturn>>,
    #[serde(default)]
    traffic: Vec<Spanned<ov::Traffic>>,
    #[serde(default)]
    setting: Vec<Spanned<ov::Setting>>,
    #[serde(default)]
    sql: Vec<Spanned<ov::Sql>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrid {
    #[serde(default)]
    row: Vec<Spanned<RawRow>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    id: Spanned<String>,
    question: Spanned<u8>,
    label: String,
    criteria: Option<Spanned<Vec<u8>>>,
    competence: String,
    ti: Option<String>,
    i: Option<String>,
    s: Option<String>,
    ts: Option<String>,
    #[serde(default)]
    check: Vec<Spanned<Check>>,
}

/// Reads and validates a subject file.
pub fn load(path: &Path) -> Result<Subject, SubjectError> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::new(path, 0, format!("fichier illisible : {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Diagnostic::new(path, 0, "le fichier doit être enregistré en UTF-8"))?;
    parse(path, &text)
}

/// Parses and validates subject text (`path` is only used in diagnostics).
pub fn parse(path: &Path, text: &str) -> Result<Subject, SubjectError> {
    // A structural mistake (unknown key, value of the wrong kind) stops the TOML reader: it
    // is reported, its line set aside, and the file read again, so that a teacher gets every
    // mistake in one run, the rules' own after them.
    let mut text = text.to_owned();
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut set_aside: BTreeSet<u32> = BTreeSet::new();
    for _ in 0..MAX_STRUCTURAL_MISTAKES {
        let lines = LineIndex::new(&text);
        let e = match toml::from_str::<RawFile>(&text) {
            Ok(raw) => {
                let mut v = Validator {
                    path,
                    lines: &lines,
                    found: Vec::new(),
                };
                let subject = v.subject(raw, &text);
                // A line already reported is not reported again for its stand-in value.
                found.extend(v.found.into_iter().filter(|d| !set_aside.contains(&d.line)));
                if found.is_empty() {
                    return Ok(subject);
                }
                break;
            }
            Err(e) => e,
        };
        let reported = toml_error(path, &text, &lines, &e).0;
        let line = reported.first().map_or(0, |d| d.line);
        found.extend(reported);
        match set_aside_line(&text, line) {
            Some(next) if line != 0 && !set_aside.contains(&line) => {
                text = next;
                set_aside.insert(line);
            }
            _ => break,
        }
    }
    found.sort_by_key(|d| d.line);
    Err(SubjectError(found))
}

/// How many structural mistakes are read past before giving up.
const MAX_STRUCTURAL_MISTAKES: usize = 100;

/// The file with line `line` (1-based) set aside: a `key = value` on one line is commented
/// out, or, when its key is required, given a stand-in value of the kind the reader wants.
/// `None` when the line cannot be set aside safely (a multi-line value, a table header).
fn set_aside_line(text: &str, line: u32) -> Option<String> {
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    let original: Vec<&str> = text.split('\n').collect();
    let target = original.get(index)?.trim();
    let (key, value) = target.split_once('=')?;
    let key = key.trim();
    let value = value.trim();
    let single_line = !value.contains("\"\"\"")
        && !value.contains("\'\'\'")
        && (!value.starts_with('[') || value.ends_with(']'))
        && (!value.starts_with('{') || value.ends_with('}'));
    if key.is_empty() || key.starts_with('[') || !single_line {
        return None;
    }
    let with = |replacement: String| {
        let mut lines = original.clone();
        lines[index] = &replacement;
        lines.join("\n")
    };
    let commented = with(format!("# {target}"));
    let missing = format!("missing field `{key}`");
    match toml::from_str::<RawFile>(&commented) {
        Err(e) if e.message().starts_with(&missing) => {
            // A required key: the first stand-in of the right kind lets the reading go on.
            ["\"\"", "0", "false", "[]", "{}"]
                .iter()
                .map(|v| with(format!("{key} = {v}")))
                .find(|t| match toml::from_str::<RawFile>(t) {
                    Ok(_) => true,
                    Err(e) => {
                        let lines = LineIndex::new(t);
                        e.span().is_none_or(|s| lines.line(s.start) != line)
                            && !e.message().starts_with(&missing)
                    }
                })
        }
        _ => Some(commented),
    }
}

struct Validator<'a> {
    path: &'a Path,
    lines: &'a LineIndex,
    found: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn line<T>(&self, s: &Spanned<T>) -> u32 {
        self.lines.line(s.span().start)
    }

    fn error(&mut self, line: u32, message: impl Into<String>) {
        self.found.push(Diagnostic::new(self.path, line, message));
    }

    fn subject(&mut self, raw: RawFile, text: &str) -> Subject {
        let subject_line = self.line(&raw.subject);
        let s = raw.subject.into_inner();
        let code = s.code.get_ref().trim().to_owned();
        let code_ok = !code.is_empty()
            && code.len() <= 64
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !code_ok {
            self.error(
                self.line(&s.code),
                format!(
                    "code de sujet « {code} » invalide : lettres sans accent, chiffres, « - » et « _ » seulement (64 caractères au plus)"
                ),
            );
        }
        let letter = s.letter.get_ref().trim().to_owned();
        if letter.is_empty() || letter.len() > 2 || !letter.bytes().all(|b| b.is_ascii_uppercase())
        {
            self.error(
                self.line(&s.letter),
                format!("lettre de sujet « {letter} » invalide : une ou deux lettres majuscules (A, B, … AA)"),
            );
        }
        if !(2020..=2100).contains(s.session.get_ref()) {
            self.error(
                self.line(&s.session),
                format!(
                    "session {} invalide : une année, par exemple 2027",
                    s.session.get_ref()
                ),
            );
        }
        let side = match s.side.get_ref().parse::<Side>() {
            Ok(side) => side,
            Err(message) => {
                self.error(self.line(&s.side), message);
                Side::Content
            }
        };
        if s.title.trim().is_empty() {
            self.error(subject_line, "le titre du sujet (title) est vide");
        }
        let context_line = self.line(&raw.context);
        let c = raw.context.into_inner();
        let context = ContextRef {
            id: c.id.get_ref().trim().to_owned(),
            version: c.version.get_ref().trim().to_owned(),
            line: self.line(&c.version).max(context_line),
        };
        let cc_line = self.line(&raw.commercial_context);
        let commercial_context = raw.commercial_context.into_inner().text.trim().to_owned();
        if commercial_context.is_empty() {
            self.error(
                cc_line,
                "le contexte commercial ([commercial_context] text) est vide",
            );
        }

        let annexes = self.annexes(raw.annex);
        let questions = self.questions(raw.question, subject_line, &annexes);
        let overlay = self.overlay(raw.overlay);
        let grid = self.grid(raw.grid, &questions, subject_line);

        Subject {
            path: self.path.to_owned(),
            sha256: hex::encode(Sha256::digest(text.as_bytes())),
            code,
            letter,
            session: *s.session.get_ref(),
            title: s.title.trim().to_owned(),
            side,
            context,
            commercial_context,
            questions,
            annexes,
            overlay,
            grid,
        }
    }

    fn annexes(&mut self, raw: Vec<Spanned<RawAnnex>>) -> Vec<Annex> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for a in raw {
            let line = self.line(&a);
            let a = a.into_inner();
            let number = *a.number.get_ref();
            if !seen.insert(number) {
                self.error(
                    self.line(&a.number),
                    format!("l'annexe {number} est définie deux fois"),
                );
            }
            let mut tables = Vec::new();
            for t in a.table {
                let tline = self.line(&t);
                let t = t.into_inner();
                if t.header.is_empty() {
                    self.error(
                        tline,
                        "un tableau d'annexe doit avoir une ligne d'en-tête (header)",
                    );
                }
                for (i, row) in t.rows.iter().enumerate() {
                    if row.len() != t.header.len() {
                        self.error(
                            tline,
                            format!(
                                "ligne {} du tableau : {} cellules, alors que l'en-tête a {} colonnes",
                                i + 1,
                                row.len(),
                                t.header.len()
                            ),
                        );
                    }
                }
                tables.push(t);
            }
            out.push(Annex {
                number,
                title: a.title,
                text: a.text.trim().to_owned(),
                images: a.image,
                tables,
                line,
            });
        }
        out.sort_by_key(|a| a.number);
        out
    }

    fn questions(
        &mut self,
        raw: Vec<Spanned<RawQuestion>>,
        subject_line: u32,
        annexes: &[Annex],
    ) -> Vec<Question> {
        if raw.len() != 5 {
            let line = raw
                .get(5)
                .or(raw.last())
                .map_or(subject_line, |q| self.line(q));
            self.error(
                line,
                format!(
                    "un sujet compte exactement cinq questions ([[question]]) ; celui-ci en a {}",
                    raw.len()
                ),
            );
        }
        let mut out = Vec::new();
        for (index, q) in raw.into_iter().enumerate() {
            let line = self.line(&q);
            let q = q.into_inner();
            let expected = u8::try_from(index + 1).unwrap_or(u8::MAX);
            if let Some(n) = &q.number
                && *n.get_ref() != expected
            {
                self.error(
                    self.line(n),
                    format!(
                        "cette question est la {expected}e du fichier mais porte le numéro {} : numérotez-les dans l'ordre",
                        n.get_ref()
                    ),
                );
            }
            if q.text.trim().is_empty() {
                self.error(line, format!("la question {expected} n'a pas de texte"));
            }
            for a in &q.annexes {
                if !annexes.iter().any(|x| x.number == *a) {
                    self.error(
                        line,
                        format!("la question {expected} renvoie à l'annexe {a}, qui n'existe pas"),
                    );
                }
            }
            let kind = q.kind.unwrap_or_default();
            if expected == 1 && kind != QuestionKind::Creation {
                self.error(
                    line,
                    "la question 1 doit être une création de contenu (article, page ou fiche produit) : \
                     indiquez kind = \"creation\"",
                );
            }
            out.push(Question {
                number: expected,
                kind,
                text: q.text.trim().to_owned(),
                annexes: q.annexes,
                line,
            });
        }
        out
    }

    fn overlay(&mut self, raw: RawOverlay) -> Vec<Located<OverlayEntry>> {
        let mut out = Vec::new();
        macro_rules! take {
            ($field:ident, $variant:ident) => {
                for e in raw.$field {
                    let line = self.line(&e);
                    out.push(Located {
                        line,
                        item: OverlayEntry::$variant(e.into_inner()),
                    });
                }
            };
        }
        take!(customer, Customer);
        take!(employee, Employee);
        take!(product, Product);
        take!(product_update, ProductUpdate);
        take!(stock, Stock);
        take!(post, Post);
        take!(post_update, PostUpdate);
        take!(comment, Comment);
        take!(review, Review);
        take!(customer_message, CustomerMessage);
        take!(order_state, OrderState);
        take!(order_return, OrderReturn);
        take!(traffic, Traffic);
        take!(setting, Setting);
        take!(sql, Sql);
        for entry in &out {
            for message in validate::overlay_entry(&entry.item) {
                self.error(
                    entry.line,
                    format!("[[overlay.{}]] : {message}", entry.item.table()),
                );
            }
        }
        out
    }

    fn grid(
        &mut self,
        raw: Option<RawGrid>,
        questions: &[Question],
        subject_line: u32,
    ) -> Vec<GridRow> {
        let Some(raw) = raw else {
            self.error(
                subject_line,
                "la grille d'évaluation ([[grid.row]]) est absente",
            );
            return Vec::new();
        };
        let mut ids = BTreeSet::new();
        let mut out = Vec::new();
        for r in raw.row {
            let line = self.line(&r);
            let r = r.into_inner();
            let id = r.id.get_ref().trim().to_owned();
            if id.is_empty() {
                self.error(line, "ligne de grille sans identifiant (id)");
            } else if !ids.insert(id.clone()) {
                self.error(
                    self.line(&r.id),
                    format!("l'identifiant de ligne « {id} » est utilisé deux fois"),
                );
            }
            let question = *r.question.get_ref();
            if !(1..=5).contains(&question) {
                self.error(
                    self.line(&r.question),
                    format!("ligne « {id} » : question {question} inconnue (de 1 à 5)"),
                );
            }
            let criteria = match &r.criteria {
                None => {
                    self.error(line, format!("ligne « {id} » sans critères : indiquez criteria = [1, 2] (critères 1 à 8)"));
                    Vec::new()
                }
                Some(c) if c.get_ref().is_empty() => {
                    self.error(
                        self.line(c),
                        format!(
                            "ligne « {id} » sans critères : indiquez au moins un critère de 1 à 8"
                        ),
                    );
                    Vec::new()
                }
                Some(c) => {
                    for n in c.get_ref() {
                        if !(1..=8).contains(n) {
                            self.error(
                                self.line(c),
                                format!("ligne « {id} » : critère {n} inconnu (de 1 à 8)"),
                            );
                        }
                    }
                    c.get_ref().clone()
                }
            };
            if r.label.trim().is_empty() {
                self.error(line, format!("ligne « {id} » sans intitulé (label)"));
            }
            if r.competence.trim().is_empty() {
                self.error(line, format!("ligne « {id} » sans compétence (competence)"));
            }
            let levels = [
                ("ti", "très insuffisant", &r.ti),
                ("i", "insuffisant", &r.i),
                ("s", "satisfaisant", &r.s),
                ("ts", "très satisfaisant", &r.ts),
            ];
            let missing: Vec<String> = levels
                .iter()
                .filter(|(_, _, v)| v.as_deref().is_none_or(|t| t.trim().is_empty()))
                .map(|(k, name, _)| format!("{k} ({name})"))
                .collect();
            if !missing.is_empty() {
                self.error(
                    line,
                    format!(
                        "ligne « {id} » : il faut les quatre descripteurs de niveau ti, i, s et ts ; manque {}",
                        missing.join(", ")
                    ),
                );
            }
            let mut checks = Vec::new();
            for c in r.check {
                let cline = self.line(&c);
                let c = c.into_inner();
                for message in validate::check(&c) {
                    self.error(
                        cline,
                        format!(
                            "vérification « {} » : {message}",
                            crate::checks::kind_name(&c)
                        ),
                    );
                }
                checks.push(Located {
                    line: cline,
                    item: c,
                });
            }
            let text = |v: Option<String>| v.unwrap_or_default().trim().to_owned();
            out.push(GridRow {
                id,
                question,
                label: r.label.trim().to_owned(),
                criteria,
                competence: r.competence.trim().to_owned(),
                descriptors: Descriptors {
                    ti: text(r.ti),
                    i: text(r.i),
                    s: text(r.s),
                    ts: text(r.ts),
                },
                checks,
                line,
            });
        }
        for q in questions {
            if !out.iter().any(|r| r.question == q.number) {
                self.error(q.line, format!("la question {} n'a aucune ligne dans la grille ([[grid.row]] question = {})", q.number, q.number));
            }
        }
        if let Some(first) = questions
            .first()
            .filter(|q| q.kind == QuestionKind::Creation)
        {
            let checks: Vec<&Check> = out
                .iter()
                .filter(|r| r.question == 1)
                .flat_map(|r| r.checks.iter().map(|c| &c.item))
                .collect();
            let creates = checks
                .iter()
                .any(|c| matches!(c, Check::PostPublished(_) | Check::ProductCompleted(_)));
            if !checks.is_empty() && !creates {
                self.error(
                    first.line,
                    "la question 1 est une création de contenu, mais aucune de ses vérifications ne porte sur un article, \
                     une page (post_published) ou une fiche produit (product_completed)",
                );
            }
        }
        out
    }
}

/// A TOML or shape error, in French where the message is a known one, at the key's line.
fn toml_error(path: &Path, text: &str, lines: &LineIndex, e: &toml::de::Error) -> SubjectError {
    let raw = e.message().trim().to_owned();
    let mut line = e.span().map_or(0, |s| lines.line(s.start));
    let message = if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        if let Some(span) = e.span()
            && let Some(key_line) = key_line_after(text, span.start, key)
        {
            line = lines.line(key_line);
        }
        let expected = backticks_to_quotes(expected.trim_start_matches(", expected "));
        format!("clé inconnue « {key} » ; clés possibles ici : {expected}")
    } else if let Some(rest) = raw.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        format!("clé obligatoire manquante : « {key} »")
    } else if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = backticks_to_quotes(expected.trim_start_matches(", expected "));
        format!("valeur inconnue « {value} » ; valeurs possibles : {expected}")
    } else if let Some(rest) = raw.strip_prefix("invalid type: ") {
        // The error may point at the whole table: the line is the one holding the value.
        if let Some(span) = e.span()
            && let Some(at) = value_line_after(text, span.start, rest)
        {
            line = lines.line(at);
        }
        format!("type de valeur incorrect : {}", backticks_to_quotes(rest))
    } else if raw.starts_with("invalid value") || raw.starts_with("missing field") {
        format!("valeur incorrecte : {}", backticks_to_quotes(&raw))
    } else {
        format!("syntaxe TOML incorrecte : {raw}")
    };
    SubjectError(vec![Diagnostic::new(path, line, message)])
}

fn backticks_to_quotes(s: &str) -> String {
    let mut out = String::new();
    let mut open = false;
    for c in s.chars() {
        if c == '`' {
            out.push_str(if open { " »" } else { "« " });
            open = !open;
        } else {
            out.push(c);
        }
    }
    out.replace(" or ", " ou ").replace("one of ", "")
}

/// The offset of the line that sets `key` in the table starting at `from`.
/// The offset of the first `key = value` line of the table starting at `from` whose value is
/// the one an "invalid type" message quotes (`string "beaucoup", expected u32`).
fn value_line_after(text: &str, from: usize, message: &str) -> Option<usize> {
    let quoted = message.split(", expected").next()?;
    let value = if let Some(s) = quoted.strip_prefix("string ") {
        s.to_owned()
    } else {
        quoted.split('`').nth(1)?.to_owned()
    };
    let mut offset = from;
    for (n, line) in text.get(from..)?.split_inclusive('\n').enumerate() {
        if n > 0 && line.trim_start().starts_with('[') {
            return None;
        }
        if line.split_once('=').is_some_and(|(_, v)| v.trim() == value) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

fn key_line_after(text: &str, from: usize, key: &str) -> Option<usize> {
    let mut offset = from;
    for (n, line) in text[from..].split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if n > 0 && trimmed.starts_with('[') {
            return None;
        }
        if let Some(after) = trimmed.strip_prefix(key)
            && (after.trim_start().starts_with('=') || after.starts_with('.'))
        {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_is_found_on_its_own_line() {
        let text = "[a]\nx = 1\n\n[b]\ny = 2\nfoo = 3\n";
        let offset = key_line_after(text, 11, "foo").unwrap();
        assert_eq!(LineIndex::new(text).line(offset), 6);
        assert_eq!(
            key_line_after(text, 0, "foo"),
            None,
            "stops at the next table"
        );
    }

    #[test]
    fn backticks_become_french_quotes() {
        assert_eq!(backticks_to_quotes("`a` or `b`"), "« a » ou « b »");
    }
}
