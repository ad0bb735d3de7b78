//! The subject generator: draws subjects from a library of parameterised task templates,
//! with parameters taken from the context's own data, and writes them as subject files a
//! teacher can then edit. The same seed gives byte-identical files.

mod content;
mod data;
mod dates;
mod rng;
mod shop;
mod task;
mod toml_out;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use sqlx::SqlitePool;

use crate::model::Side;
use data::ContextData;
use e5_domain::setting;
use rng::Rng;
use task::{Task, V};

/// A question template: one kind of task, with the criteria its grid rows assess.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    pub id: &'static str,
    pub side: Side,
    /// A content creation (article, page, product sheet): always question 1.
    pub creation: bool,
    pub criteria: &'static [u8],
    build: fn(&ContextData, &mut Rng, &mut Alloc) -> Option<Task>,
}

/// Every template of the library.
pub fn templates() -> Vec<Template> {
    content::TEMPLATES
        .iter()
        .chain(shop::TEMPLATES)
        .copied()
        .collect()
}

/// What one subject has already used (references, e-mails, people), so that two of its
/// questions never collide; and the number of the question being drawn.
#[derive(Debug, Default)]
pub(crate) struct Alloc {
    pub used: BTreeSet<String>,
    pub number: u8,
}

impl Alloc {
    /// A person not yet used in this subject.
    pub(crate) fn person(&mut self, rng: &mut Rng) -> Option<(&'static str, &'static str)> {
        let free: Vec<&(&str, &str)> = content::PEOPLE
            .iter()
            .filter(|(f, l)| !self.used.contains(&format!("{f} {l}")))
            .collect();
        let (first, last) = **rng.pick(&free)?;
        self.used.insert(format!("{first} {last}"));
        Some((first, last))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("base du contexte illisible : {0}")]
    Database(#[from] sqlx::Error),
    #[error("impossible de tirer {wanted} sujets différents de ce contexte (seulement {made})")]
    NotEnough { wanted: usize, made: usize },
}

struct Drawn {
    ids: Vec<&'static str>,
    tasks: Vec<Task>,
    side: Side,
}

/// Draws `count` distinct subjects from the context whose golden database is `golden`.
/// Without `side`, subjects alternate between the content site and the shop. Returns
/// (file name, TOML text) pairs.
pub async fn generate(
    golden: &SqlitePool,
    seed: u64,
    count: usize,
    side: Option<Side>,
) -> Result<Vec<(String, String)>, GenerateError> {
    let data = ContextData::read(golden).await?;
    let library = templates();
    let mut rng = Rng::new(seed);
    let mut uses: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut seen: BTreeSet<Vec<&'static str>> = BTreeSet::new();
    let mut out = Vec::new();
    let mut attempts = 0;
    while out.len() < count && attempts < count * 20 {
        attempts += 1;
        let side = side.unwrap_or(if out.len() % 2 == 0 {
            Side::Content
        } else {
            Side::Shop
        });
        let Some(drawn) = draw(&data, &library, side, &mut rng, &uses) else {
            continue;
        };
        let mut key = drawn.ids.clone();
        key.sort_unstable();
        if !seen.insert(key) {
            continue;
        }
        for id in &drawn.ids {
            *uses.entry(id).or_default() += 1;
        }
        let index = out.len();
        let letter = letter(index);
        out.push(write_subject(&data, &drawn, seed, &letter));
    }
    if out.len() < count {
        return Err(GenerateError::NotEnough {
            wanted: count,
            made: out.len(),
        });
    }
    Ok(out)
}

fn letter(index: usize) -> String {
    let a = b'A' + (index % 26) as u8;
    if index < 26 {
        char::from(a).to_string()
    } else {
        format!(
            "{}{}",
            char::from(b'A' + (index / 26 - 1) as u8 % 26),
            char::from(a)
        )
    }
}

/// One subject: a creation template as question 1, then four others chosen to cover as many
/// new criteria as possible (the least used in the batch first, then at random).
fn draw(
    data: &ContextData,
    library: &[Template],
    side: Side,
    rng: &mut Rng,
    uses: &BTreeMap<&'static str, usize>,
) -> Option<Drawn> {
    let mut alloc = Alloc {
        number: 1,
        ..Alloc::default()
    };
    let mut creations: Vec<&Template> = library
        .iter()
        .filter(|t| t.side == side && t.creation)
        .collect();
    creations.sort_by_key(|t| uses.get(t.id).copied().unwrap_or(0));
    let least = creations
        .first()
        .map_or(0, |t| uses.get(t.id).copied().unwrap_or(0));
    let fewest: Vec<&Template> = creations
        .iter()
        .copied()
        .filter(|t| uses.get(t.id).copied().unwrap_or(0) == least)
        .collect();
    let first = *rng.pick(&fewest)?;
    let mut ids = vec![first.id];
    let mut tasks = vec![(first.build)(data, rng, &mut alloc)?];
    let mut covered: BTreeSet<u8> = first.criteria.iter().copied().collect();
    let mut has_diagnosis = false;
    for number in 2..=5u8 {
        alloc.number = number;
        let mut candidates: Vec<(usize, usize, u64, &Template)> = library
            .iter()
            .filter(|t| t.side == side && !t.creation && !ids.contains(&t.id))
            .filter(|t| !(has_diagnosis && t.criteria.contains(&8)))
            .map(|t| {
                let new = t.criteria.iter().filter(|c| !covered.contains(c)).count();
                (new, uses.get(t.id).copied().unwrap_or(0), rng.next_u64(), t)
            })
            .collect();
        // Most new criteria, then least used, then the random draw.
        candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut chosen = None;
        for (_, _, _, t) in candidates {
            if let Some(task) = (t.build)(data, rng, &mut alloc) {
                chosen = Some((t, task));
                break;
            }
        }
        let (t, task) = chosen?;
        has_diagnosis |= t.criteria.contains(&8);
        covered.extend(t.criteria.iter().copied());
        ids.push(t.id);
        tasks.push(task);
    }
    Some(Drawn { ids, tasks, side })
}

/// « des Toiles de Loire », « du Comptoir », « de Biscuits Nantais ».
fn of_name(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("Les ") {
        format!("des {rest}")
    } else if let Some(rest) = name.strip_prefix("Le ") {
        format!("du {rest}")
    } else if name.starts_with([
        'A', 'E', 'I', 'O', 'U', 'É', 'a', 'e', 'i', 'o', 'u', 'é', 'l',
    ]) {
        format!("d'{}", name.trim_start_matches("l'"))
    } else {
        format!("de {name}")
    }
}

fn commercial_context(data: &ContextData, side: Side) -> String {
    let name = data.shop_name();
    let activity = data.setting(setting::SHOP_ACTIVITY);
    let city = data.setting(setting::SHOP_CITY);
    let description = data.setting(setting::SHOP_DESCRIPTION);
    let boss = data
        .employees
        .iter()
        .find(|e| e.wp_role == "administrator" && e.active == 1)
        .map(|e| format!("{} {}", e.first_name, e.last_name))
        .unwrap_or_default();
    let mut text = if description.is_empty() {
        format!(
            "{name} est installée à {city}. Activité : {}.",
            activity.to_lowercase()
        )
    } else {
        description.to_owned()
    };
    text.push_str("\n\n");
    match side {
        Side::Content => {
            let _ = write!(
                text,
                "Le site de contenu de l'entreprise (blog, pages d'information) entretient la relation avec les clients et nourrit le référencement naturel de la boutique. {boss} souhaite qu'il soit animé avec régularité et que les échanges avec les lecteurs soient suivis avec soin.\n\nVous êtes en stage dans l'équipe chargée de la communication digitale. Les travaux suivants vous sont confiés."
            );
        }
        Side::Shop => {
            let _ = write!(
                text,
                "La boutique en ligne réalise l'essentiel des ventes de l'entreprise. {boss} souhaite développer le chiffre d'affaires, fidéliser la clientèle et garder un service client irréprochable, en s'appuyant sur les indicateurs de la boutique.\n\nVous êtes en stage dans l'équipe e-commerce. Les travaux suivants vous sont confiés."
            );
        }
    }
    text
}

fn write_subject(data: &ContextData, drawn: &Drawn, seed: u64, letter: &str) -> (String, String) {
    let side_fr = if drawn.side == Side::Content {
        "contenu"
    } else {
        "boutique"
    };
    let theme = drawn.tasks.first().map_or("sujet", |t| t.theme.as_str());
    let file_name = format!("sujet-{}-{side_fr}-{theme}.toml", letter.to_lowercase());
    let code = format!("GEN{seed}-{letter}");
    let of = of_name(data.shop_name());
    let title = match drawn.side {
        Side::Content => format!("Animer le site de contenu {of}"),
        Side::Shop => format!("Développer les ventes en ligne {of}"),
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Sujet {letter} — {} — tiré par « e5 subject new --seed {seed} »",
        drawn.side.label()
    );
    let _ = writeln!(out, "# Modèles de questions : {}", drawn.ids.join(", "));
    out.push_str("# Relisez et adaptez les textes, l'annexe et la grille, puis vérifiez avec « e5 subject check ».\n\n");
    out.push_str("[subject]\n");
    let _ = writeln!(out, "code = {}", toml_out::basic(&code));
    let _ = writeln!(out, "letter = {}", toml_out::basic(letter));
    out.push_str("session = 2027\n");
    let _ = writeln!(out, "side = {}", toml_out::basic(drawn.side.as_str()));
    let _ = writeln!(out, "title = {}\n", toml_out::basic(&title));
    out.push_str("[context]\n");
    let _ = writeln!(out, "id = {}", toml_out::basic(&data.context_id));
    let _ = writeln!(
        out,
        "version = {}\n",
        toml_out::basic(&data.context_version)
    );
    out.push_str("[commercial_context]\n");
    let _ = writeln!(
        out,
        "text = {}\n",
        toml_out::multiline(&commercial_context(data, drawn.side))
    );

    // Annexes are numbered in the order of the questions that use them.
    let mut annex_numbers = Vec::new();
    let mut next = 1u8;
    for t in &drawn.tasks {
        annex_numbers.push(t.annex.as_ref().map(|_| {
            next += 1;
            next - 1
        }));
    }
    for (i, (t, annex)) in drawn.tasks.iter().zip(&annex_numbers).enumerate() {
        out.push_str("[[question]]\n");
        let _ = writeln!(out, "number = {}", i + 1);
        if i == 0 {
            out.push_str("kind = \"creation\"\n");
        }
        if let Some(n) = annex {
            let _ = writeln!(out, "annexes = [{n}]");
        }
        let text = match annex {
            Some(n) => t
                .question
                .replace("l'annexe", &format!("l'annexe {n}"))
                .replace("en annexe", &format!("en annexe {n}")),
            None => t.question.clone(),
        };
        let _ = writeln!(out, "text = {}\n", toml_out::multiline(&text));
    }
    for (t, n) in drawn.tasks.iter().zip(&annex_numbers) {
        let (Some(a), Some(n)) = (&t.annex, n) else {
            continue;
        };
        out.push_str("[[annex]]\n");
        let _ = writeln!(out, "number = {n}");
        let _ = writeln!(out, "title = {}", toml_out::basic(&a.title));
        let _ = writeln!(out, "text = {}\n", toml_out::multiline(&a.text));
        if let Some(media) = &a.image {
            let _ = writeln!(out, "[[annex.image]]\nmedia = {}\n", toml_out::basic(media));
        }
        if let Some((header, rows)) = &a.table {
            out.push_str("[[annex.table]]\n");
            let _ = writeln!(out, "header = {}", toml_out::value(&V::L(header.clone())));
            out.push_str("rows = [\n");
            for r in rows {
                let _ = writeln!(out, "  {},", toml_out::value(&V::L(r.clone())));
            }
            out.push_str("]\n\n");
        }
    }
    if drawn.tasks.iter().any(|t| !t.overlay.is_empty()) {
        out.push_str("# ---------------------------------------------------------------- données ajoutées au site\n");
        // Grouped by table, in the order the overlay applies them.
        let order = [
            "customer",
            "employee",
            "product",
            "product_update",
            "stock",
            "post",
            "post_update",
            "comment",
            "review",
            "customer_message",
            "order_state",
            "order_return",
            "traffic",
            "setting",
            "sql",
        ];
        for table in order {
            for item in drawn
                .tasks
                .iter()
                .flat_map(|t| &t.overlay)
                .filter(|o| o.table == table)
            {
                if let Some(c) = &item.comment {
                    let _ = writeln!(out, "# {c}");
                }
                toml_out::table(&mut out, &format!("overlay.{table}"), &item.fields);
            }
        }
    }
    out.push_str("# ---------------------------------------------------------------- grille d'aide à l'évaluation\n");
    for (i, t) in drawn.tasks.iter().enumerate() {
        let question = i + 1;
        let several = t.rows.len() > 1;
        for (j, r) in t.rows.iter().enumerate() {
            out.push_str("[[grid.row]]\n");
            let id = if several {
                format!("{question}{}", char::from(b'a' + j as u8))
            } else {
                question.to_string()
            };
            let _ = writeln!(out, "id = {}", toml_out::basic(&id));
            let _ = writeln!(out, "question = {question}");
            let _ = writeln!(out, "label = {}", toml_out::basic(&r.label));
            let _ = writeln!(
                out,
                "criteria = [{}]",
                r.criteria
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let _ = writeln!(out, "competence = {}", toml_out::basic(r.competence));
            for (key, text) in ["ti", "i", "s", "ts"].iter().zip(&r.levels) {
                let _ = writeln!(out, "{key} = {}", toml_out::basic(text));
            }
            out.push('\n');
            for c in &r.checks {
                toml_out::table(&mut out, "grid.row.check", c);
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    (file_name, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_has_at_least_25_templates_covering_all_criteria_on_both_sides() {
        let all = templates();
        assert!(all.len() >= 25, "{} templates", all.len());
        for side in [Side::Content, Side::Shop] {
            let of_side: Vec<_> = all.iter().filter(|t| t.side == side).collect();
            assert!(
                of_side.iter().any(|t| t.creation),
                "a creation template on {side:?}"
            );
            let covered: BTreeSet<u8> = of_side
                .iter()
                .flat_map(|t| t.criteria.iter().copied())
                .collect();
            let expected: BTreeSet<u8> = if side == Side::Content {
                (1..=8).filter(|c| *c != 6).collect()
            } else {
                (1..=8).collect()
            };
            assert!(expected.is_subset(&covered), "{side:?}: {covered:?}");
            assert!(covered.contains(&8), "criterion 8 on {side:?}");
        }
        let ids: BTreeSet<_> = all.iter().map(|t| t.id).collect();
        assert_eq!(ids.len(), all.len(), "template ids are unique");
    }

    #[test]
    fn company_names_take_the_right_preposition() {
        assert_eq!(of_name("Les Toiles de Loire"), "des Toiles de Loire");
        assert_eq!(of_name("Le Comptoir"), "du Comptoir");
        assert_eq!(of_name("Biscuits Nantais"), "de Biscuits Nantais");
    }

    #[test]
    fn letters_go_on_after_z() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
    }
}
