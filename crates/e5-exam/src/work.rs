//! The candidate's written work, read from their site: what they wrote in "Mes réponses"
//! and what the subject's checks found they wrote (articles, product texts, replies to
//! customers), with the checks' evidence. The console shows it beside the grid, the replay
//! under the recording, and the archive keeps it as `travaux.txt`.

use serde::Serialize;
use sqlx::SqlitePool;

use e5_shop_db::query::Read as _;
use e5_subjects::{RowEvidence, Subject};

use crate::{Platform, Result};

/// One answer written in "Mes réponses".
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Answer {
    pub question: i64,
    pub text: String,
}

/// A candidate's written work and the evidence of the subject's checks.
#[derive(Debug, Clone, Serialize)]
pub struct Work {
    /// Whether the subject carries checks that could be read.
    pub available: bool,
    pub rows: Vec<RowEvidence>,
    pub answers: Vec<Answer>,
}

/// The subject file of a commission: its code and source.
pub async fn subject_of(p: &Platform, commission: i64) -> Result<(String, String)> {
    Ok(sqlx::query_as(
        "SELECT s.code, s.source FROM subject s JOIN commission c ON c.subject_id = s.id WHERE c.id = ?",
    )
    .bind(commission)
    .fetch_one(p.db())
    .await?)
}

/// Reads the work on a candidate's site (`site`, opened read-only) for the subject
/// `code`/`source`.
pub async fn read(code: &str, source: &str, site: &SqlitePool) -> Result<Work> {
    let answers = answers(site).await?;
    let Ok(subject) = Subject::parse(std::path::Path::new(code), source) else {
        return Ok(Work {
            available: false,
            rows: Vec::new(),
            answers,
        });
    };
    Ok(Work {
        available: true,
        rows: e5_subjects::evaluate(&subject, site).await,
        answers,
    })
}

/// What the candidate wrote in "Mes réponses", per question (none when the subject asks for
/// no written answer: its site has no `answer` table).
async fn answers(site: &SqlitePool) -> Result<Vec<Answer>> {
    let has_table: i64 = site
        .one(
            "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'answer'",
            (),
        )
        .await?;
    if has_table == 0 {
        return Ok(Vec::new());
    }
    Ok(site
        .rows(
            "SELECT question, text FROM answer WHERE text != '' ORDER BY question",
            (),
        )
        .await?)
}

/// The work of one question: the written answer, then each check with its grid row.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionWork {
    pub question: i64,
    pub answer: Option<String>,
    /// `(grid row, check)`.
    pub checks: Vec<(String, e5_subjects::CheckResult)>,
}

impl Work {
    /// The work question by question, in order.
    pub fn by_question(&self) -> Vec<QuestionWork> {
        let mut questions: Vec<i64> = self
            .answers
            .iter()
            .map(|a| a.question)
            .chain(self.rows.iter().map(|r| i64::from(r.question)))
            .collect();
        questions.sort_unstable();
        questions.dedup();
        questions
            .into_iter()
            .map(|q| QuestionWork {
                question: q,
                answer: self
                    .answers
                    .iter()
                    .find(|a| a.question == q)
                    .map(|a| a.text.trim().to_owned()),
                checks: self
                    .rows
                    .iter()
                    .filter(|r| i64::from(r.question) == q)
                    .flat_map(|r| r.checks.iter().map(|c| (r.row_id.clone(), c.clone())))
                    .collect(),
            })
            .collect()
    }

    /// The work as a plain French text, question by question: the written answer, then each
    /// check's evidence and the text it found.
    pub fn to_text(&self, who: &str) -> String {
        let mut out = format!("Travaux écrits de {who}\n");
        let questions = self.by_question();
        if questions.is_empty() {
            out.push_str("\nAucun travail écrit relevé.\n");
        }
        for q in questions {
            out.push_str(&format!("\n== Question {} ==\n", q.question));
            if let Some(a) = &q.answer {
                out.push_str(&format!("\nRéponse écrite du candidat :\n{a}\n"));
            }
            for (row, c) in &q.checks {
                let mark = if c.satisfied { "✓" } else { "✗" };
                out.push_str(&format!("\n{mark} {row} – {} : {}\n", c.label, c.evidence));
                if let Some(w) = &c.writing {
                    out.push_str(&format!("\n{} :\n{}\n", w.title, w.text));
                }
            }
        }
        out
    }
}
