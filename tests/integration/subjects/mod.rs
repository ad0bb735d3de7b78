//! Example subjects (`subjects/*.toml`): their scripted solutions over HTTP, and the import of a
//! subject into an exam. Shared here: one candidate's exam around a solution, and the back-office
//! steps a candidate takes (content side in `content_steps`, shop side in `shop_steps`).
//!
//! Ids (of a comment, a media, a product…) are read from the sandbox file: the candidate reads
//! them on the screen, in the list they click in. Every write goes through the real routes.

mod content_steps;
mod import;
mod shop_steps;
mod solution_a;
mod solution_b;
mod solution_c;
mod solution_d;
mod solution_e;
mod solution_f;

use crate::helpers::column;
use crate::helpers::one;
use crate::helpers::{ADMIN_EMAIL, PASSWORD, Page, Shopper, TestApp, TestData, repo_root};
use e5_domain::SandboxId;
use e5_subjects::{RowEvidence, Subject};
use serde_json::{Value, json};
use sqlx::SqlitePool;

/// One candidate's exam: the subject prepared, a sandbox forked from it, the server running
/// and the candidate signed in to the back-office.
struct Exam {
    _t: TestData,
    subject: Subject,
    id: SandboxId,
    app: TestApp,
    user: Shopper,
    db: SqlitePool,
}

type Form = Vec<(String, String)>;

fn form(pairs: &[(&str, &str)]) -> Form {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Replaces (or adds) the value of a single-valued field.
fn set(f: &mut Form, name: &str, value: &str) {
    f.retain(|(k, _)| k != name);
    f.push((name.to_owned(), value.to_owned()));
}

impl Exam {
    /// Prepares the subject, forks the candidate's sandbox, checks that nothing is satisfied
    /// yet (the do-nothing run), then signs the candidate in.
    async fn start(file: &str) -> Exam {
        let t = TestData::new().await;
        let subject = Subject::load(&repo_root().join("subjects").join(file))
            .unwrap_or_else(|e| panic!("{file}: {e:?}"));
        let prepared = e5_subjects::prepare(&subject, &t.data)
            .await
            .unwrap_or_else(|e| panic!("{file} prepares: {e:?}"));
        let id = e5_sandbox::fork_from(&t.data, &prepared.path).expect("fork");
        let app = TestApp::spawn(&t.data).await;
        let db = t.open(id).await;

        let untouched = e5_subjects::evaluate(&subject, &db).await;
        let already: Vec<String> = untouched
            .iter()
            .flat_map(|r| r.checks.iter().map(move |c| (r, c)))
            .filter(|(_, c)| c.satisfied)
            .map(|(r, c)| format!("{} {} : {}", r.row_id, c.label, c.evidence))
            .collect();
        assert!(
            already.is_empty(),
            "{}: checks already true before the candidate starts:\n{}",
            subject.code,
            already.join("\n")
        );

        let user = app.shopper();
        user.post_ok(
            &format!("/s/{id}/admin/connexion"),
            &[("email", ADMIN_EMAIL), ("password", PASSWORD)],
        )
        .await;
        Exam {
            _t: t,
            subject,
            id,
            app,
            user,
            db,
        }
    }

    /// Every check of every grid row is now true; the message lists the evidence of the
    /// others.
    async fn assert_solved(&self) {
        let rows: Vec<RowEvidence> = e5_subjects::evaluate(&self.subject, &self.db).await;
        let mut missing = Vec::new();
        for row in &rows {
            for c in &row.checks {
                println!(
                    "{} [{}] {} : {}",
                    row.row_id, c.satisfied, c.label, c.evidence
                );
                if !c.satisfied {
                    missing.push(format!("{} {} : {}", row.row_id, c.label, c.evidence));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "{}: checks still false after the solution:\n{}",
            self.subject.code,
            missing.join("\n")
        );
        assert!(rows.iter().all(|r| r.satisfied || r.checks.is_empty()));
        // What the examiner reads in the journal panel.
        let journal: Vec<String> =
            column(&self.db, "SELECT summary FROM journal ORDER BY id").await;
        for line in &journal {
            println!("journal: {line}");
        }
    }

    fn admin(&self, path: &str) -> String {
        format!("/s/{}/admin{path}", self.id)
    }

    /// Posts a back-office form and expects the redirect of a success; returns the page the
    /// browser lands on (with its one-time message).
    async fn send(&self, path: &str, fields: &Form) -> Page {
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let before = self.journal_rows().await;
        let (answer, next) = self.user.post(&self.admin(path), &pairs).await;
        assert_eq!(
            answer.status,
            303,
            "POST {path} refused: {}",
            visible_message(&answer.body)
        );
        assert_eq!(next.status, 200, "after POST {path}");
        // The invariant: an accepted change leaves a journal row for the examiner.
        assert!(
            self.journal_rows().await > before,
            "POST {path} wrote no journal row: « {} »",
            visible_message(&next.body)
        );
        next
    }

    async fn journal_rows(&self) -> i64 {
        one(&self.db, "SELECT COUNT(*) FROM journal").await
    }

    /// Like [`send`], also checking the one-time message shown after the redirect.
    async fn send_expecting(&self, path: &str, fields: &Form, message: &str) {
        let page = self.send(path, fields).await;
        assert!(
            page.body.contains(message),
            "POST {path}: expected « {message} », got « {} »",
            visible_message(&page.body)
        );
    }

    /// A storefront page as a visitor sees it, which must show every text of `expected`.
    async fn storefront_shows(&self, path: &str, expected: &[&str]) {
        let page = self.user.get(&format!("/s/{}{path}", self.id)).await;
        assert_eq!(page.status, 200, "GET {path}");
        for text in expected {
            assert!(page.body.contains(text), "{path} does not show « {text} »");
        }
    }

    async fn id_of(&self, sql: &str, key: &str) -> i64 {
        sqlx::query_scalar(sql)
            .bind(key)
            .fetch_one(&self.db)
            .await
            .unwrap_or_else(|e| panic!("{sql} [{key}]: {e}"))
    }

    async fn media(&self, file: &str) -> i64 {
        self.id_of("SELECT id FROM media WHERE file = ?", file)
            .await
    }

    async fn comment_by(&self, author: &str) -> i64 {
        self.id_of(
            "SELECT id FROM comment WHERE author_name = ? AND status = 'pending' ORDER BY id DESC LIMIT 1",
            author,
        )
        .await
    }

    /// The last journal summary, to show what the examiner reads.
    async fn last_journal(&self) -> String {
        one(
            &self.db,
            "SELECT summary FROM journal ORDER BY id DESC LIMIT 1",
        )
        .await
    }
}

/// The flash message or the form error of a page, for assertion messages.
fn visible_message(body: &str) -> String {
    for marker in ["avis-admin", "erreur", "role=\"alert\""] {
        if let Some(at) = body.find(marker) {
            let rest = &body[at..];
            let text: String = strip(rest).chars().take(300).collect();
            return text;
        }
    }
    strip(body).chars().take(300).collect()
}

fn strip(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The next Monday (Paris), as the `datetime-local` field of the editor posts it.
fn next_monday_at_nine() -> String {
    let now = e5_domain::paris_now();
    let days = now.unix_utc.div_euclid(86_400);
    // 1970-01-01 was a Thursday: (days + 4) % 7 is 0 on Sundays, 1 on Mondays.
    let weekday = (days + 4).rem_euclid(7);
    let ahead = match (8 - weekday).rem_euclid(7) {
        0 => 7,
        n => n,
    };
    let monday = e5_domain::LocalTime {
        unix_utc: (days + ahead) * 86_400 + 12 * 3600,
    };
    format!("{}T09:00", monday.day())
}

/// What Editor.js posts in the hidden `blocks` field.
fn editor_json(blocks: Vec<Value>) -> String {
    json!({"time": 1_767_000_000_000_i64, "blocks": blocks, "version": "2.31.0"}).to_string()
}

fn paragraph(text: &str) -> Value {
    json!({"type": "paragraph", "data": {"text": text}})
}

fn heading(text: &str) -> Value {
    json!({"type": "header", "data": {"text": text, "level": 2}})
}

fn image(media_id: i64, alt: &str, caption: &str) -> Value {
    json!({"type": "image", "data": {"media_id": media_id, "alt": alt, "caption": caption, "link": ""}})
}

fn bullet_list(items: &[&str]) -> Value {
    let items: Vec<Value> = items
        .iter()
        .map(|i| json!({"content": i, "meta": {}, "items": []}))
        .collect();
    json!({"type": "list", "data": {"style": "unordered", "meta": {}, "items": items}})
}
