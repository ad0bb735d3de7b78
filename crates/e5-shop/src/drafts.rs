//! Autosaved drafts of the back-office forms (as WordPress's autosave): what an employee typed
//! in a form marked `data-brouillon` and not saved yet, kept on the server per (sandbox,
//! employee, page) so that a browser change or a cleared profile loses nothing.
//!
//! **Where they live, and why.** Not in the sandbox database, but in a companion file next
//! to it, `sandboxes/<id>.drafts.db` (`e5_shop_db::drafts::path_for`: the file-level crates
//! that fork, reset and delete sandboxes name it too):
//! - the sandbox database is the candidate's published work: every write there goes through
//!   `command::run` and is journalled, and the examiner's journal, replay and the subject
//!   checks read that file. A draft is not a published change: in another file it can never
//!   appear in the journal nor satisfy a check, by construction, with no exception to the
//!   "every write is journalled" rule;
//! - the shop schema is fixed by `migrations/shop` and checked against every imported
//!   package (`golden_check`): a drafts table there would need a migration that the
//!   already installed contexts and prepared subjects (and the sandboxes forked from them)
//!   do not have;
//! - the file belongs to its sandbox: a reset and a deletion remove it
//!   (`e5_sandbox::reset_sandbox`/`delete_sandbox`), and a fork makes a new id, so a
//!   candidate never finds the previous candidate's drafts. A backup copies it like any
//!   database of the data folder.
//!
//! Bounded: [`MAX_BYTES`] per draft, [`MAX_PER_EMPLOYEE`] drafts per employee (the oldest
//! are dropped). Writes are acknowledged only after their commit; storage failures are
//! noted through [`crate::storage`], so the connection is renewed.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use e5_shop_db::drafts::path_for;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use tokio::sync::OnceCell;

/// The largest draft accepted (the whole saved request), in bytes.
pub const MAX_BYTES: usize = 512 * 1024;
/// Drafts kept per employee of one sandbox; saving one more drops the oldest.
pub const MAX_PER_EMPLOYEE: i64 = 50;
/// The longest page key (`/s/<id>/admin/…|<form>`).
pub const MAX_KEY: usize = 512;

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS draft (
    employee_id INTEGER NOT NULL,
    page TEXT NOT NULL,
    -- The browser's clock (ms) when the text was typed: compared with its local copy.
    typed_ms INTEGER NOT NULL,
    -- The server's clock (ms) when saved: the oldest drafts are dropped first.
    saved_ms INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (employee_id, page)
)";

/// One saved draft, as given back to the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub typed_ms: i64,
    /// JSON text, as the page sent it.
    pub data: String,
}

/// The drafts of one sandbox: its companion file, opened on first use.
#[derive(Debug)]
pub struct Drafts {
    path: PathBuf,
    pool: OnceCell<SqlitePool>,
}

impl Drafts {
    pub fn new(sandbox_db: &Path) -> Drafts {
        Drafts {
            path: path_for(sandbox_db),
            pool: OnceCell::new(),
        }
    }

    async fn pool(&self) -> Result<&SqlitePool, sqlx::Error> {
        self.pool
            .get_or_try_init(|| async {
                let options = SqliteConnectOptions::from_str("sqlite://")?
                    .filename(&self.path)
                    .create_if_missing(true)
                    .busy_timeout(Duration::from_secs(5))
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full);
                let pool = crate::storage::with_hooks(SqlitePoolOptions::new())
                    .max_connections(1)
                    .min_connections(0)
                    .idle_timeout(Duration::from_secs(60))
                    .connect_with(options)
                    .await?;
                sqlx::query(SCHEMA).execute(&pool).await?;
                Ok(pool)
            })
            .await
            .inspect_err(noted)
    }

    /// Keeps `data` as the draft of `page` for `employee` (replacing the previous one), then
    /// drops the employee's oldest drafts beyond [`MAX_PER_EMPLOYEE`]. Returns once committed.
    pub async fn save(
        &self,
        employee: i64,
        page: &str,
        typed_ms: i64,
        data: &str,
    ) -> Result<(), sqlx::Error> {
        let pool = self.pool().await?;
        let saved_ms = now_ms();
        async {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO draft (employee_id, page, typed_ms, saved_ms, data) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (employee_id, page) DO UPDATE
                 SET typed_ms = excluded.typed_ms, saved_ms = excluded.saved_ms, data = excluded.data",
            )
            .bind(employee)
            .bind(page)
            .bind(typed_ms)
            .bind(saved_ms)
            .bind(data)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "DELETE FROM draft WHERE employee_id = ?1 AND page NOT IN (
                     SELECT page FROM draft WHERE employee_id = ?1
                     ORDER BY saved_ms DESC, page LIMIT ?2)",
            )
            .bind(employee)
            .bind(MAX_PER_EMPLOYEE)
            .execute(&mut *tx)
            .await?;
            tx.commit().await
        }
        .await
        .inspect_err(noted)
    }

    /// The draft of `page` for `employee`, if any. Never creates the file.
    pub async fn load(&self, employee: i64, page: &str) -> Result<Option<Draft>, sqlx::Error> {
        if self.pool.get().is_none() && !self.path.is_file() {
            return Ok(None);
        }
        let pool = self.pool().await?;
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT typed_ms, data FROM draft WHERE employee_id = ? AND page = ?")
                .bind(employee)
                .bind(page)
                .fetch_optional(pool)
                .await
                .inspect_err(noted)?;
        Ok(row.map(|(typed_ms, data)| Draft { typed_ms, data }))
    }

    /// Removes the draft of `page` for `employee` (saved, or ignored). Whether there was one.
    pub async fn delete(&self, employee: i64, page: &str) -> Result<bool, sqlx::Error> {
        if self.pool.get().is_none() && !self.path.is_file() {
            return Ok(false);
        }
        let pool = self.pool().await?;
        let done = sqlx::query("DELETE FROM draft WHERE employee_id = ? AND page = ?")
            .bind(employee)
            .bind(page)
            .execute(pool)
            .await
            .inspect_err(noted)?;
        Ok(done.rows_affected() > 0)
    }

    /// How many drafts `employee` has (tests, diagnostics).
    pub async fn count(&self, employee: i64) -> Result<i64, sqlx::Error> {
        if self.pool.get().is_none() && !self.path.is_file() {
            return Ok(0);
        }
        let pool = self.pool().await?;
        sqlx::query_scalar("SELECT COUNT(*) FROM draft WHERE employee_id = ?")
            .bind(employee)
            .fetch_one(pool)
            .await
            .inspect_err(noted)
    }

    pub async fn close(&self) {
        if let Some(pool) = self.pool.get() {
            pool.close().await;
        }
    }
}

fn noted(e: &sqlx::Error) {
    crate::storage::note(e);
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn drafts_are_per_employee_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(&dir.path().join("x.db"));
        assert_eq!(drafts.load(1, "p").await.unwrap(), None);
        assert!(
            !path_for(&dir.path().join("x.db")).exists(),
            "a read creates nothing"
        );
        drafts.save(1, "p", 5, "{\"a\":1}").await.unwrap();
        drafts.save(1, "p", 6, "{\"a\":2}").await.unwrap();
        assert_eq!(
            drafts.load(1, "p").await.unwrap(),
            Some(Draft {
                typed_ms: 6,
                data: "{\"a\":2}".into()
            })
        );
        assert_eq!(drafts.load(2, "p").await.unwrap(), None);
        for i in 0..MAX_PER_EMPLOYEE + 5 {
            drafts.save(3, &format!("page{i}"), i, "{}").await.unwrap();
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        assert_eq!(drafts.count(3).await.unwrap(), MAX_PER_EMPLOYEE);
        assert_eq!(
            drafts.load(3, "page0").await.unwrap(),
            None,
            "oldest dropped"
        );
        assert!(drafts.load(3, "page54").await.unwrap().is_some());
        assert_eq!(drafts.count(1).await.unwrap(), 1);
        assert!(drafts.delete(1, "p").await.unwrap());
        assert!(!drafts.delete(1, "p").await.unwrap());
        drafts.close().await;
    }
}
