//! The platform database `<data>/platform.db`: WAL, foreign keys, and `synchronous=FULL`
//! so that a grid edit acknowledged to the examiner survives a power cut.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use e5_sandbox::DataDir;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use tokio::sync::{Mutex, MutexGuard};

use crate::error::Result;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/platform");

/// The open platform database. Cheap to clone.
#[derive(Clone)]
pub struct Platform {
    pool: SqlitePool,
    /// One writer at a time: SQLite serialises writers anyway, and waiting here is cheaper
    /// and more predictable than `SQLITE_BUSY` on a deferred transaction's upgrade.
    writer: Arc<Mutex<()>>,
    path: PathBuf,
    pub data: DataDir,
    /// Free space of the data folder (cached): recordings stop first when it runs low.
    pub disk: Arc<crate::disk::Disk>,
    /// The open sandboxes; the server serves these same ones, so a sandbox removed here is
    /// first closed for every request ([`Platform::delete_sandbox`]).
    pub sites: e5_shop::site::Sites,
}

impl std::fmt::Debug for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Platform")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// A write transaction holding the writer lock until it is committed or dropped.
pub struct Write<'a> {
    pub tx: Transaction<'static, Sqlite>,
    _guard: MutexGuard<'a, ()>,
}

impl Write<'_> {
    /// Commits; only then may the write be acknowledged. A storage failure (full disk, I/O
    /// error, lock) renews the pool's connections, so that the next write works as soon as
    /// the cause is gone (`e5_shop::storage`).
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await.inspect_err(|e| {
            e5_shop::storage::note(e);
        })?;
        Ok(())
    }
}

impl Platform {
    pub async fn open(data: &DataDir) -> Result<Platform> {
        std::fs::create_dir_all(data.root())?;
        let path = data.root().join("platform.db");
        let options = SqliteConnectOptions::from_str("sqlite://")
            .map_err(crate::ExamError::Database)?
            .filename(&path)
            .create_if_missing(true)
            .foreign_keys(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10));
        // A connection that saw a storage failure is never used again.
        let pool = e5_shop::storage::with_hooks(SqlitePoolOptions::new())
            .max_connections(4)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Platform {
            pool,
            writer: Arc::new(Mutex::new(())),
            path,
            data: DataDir::new(data.root()),
            disk: Arc::new(crate::disk::Disk::new(data.root())),
            sites: e5_shop::site::Sites::new(data.sandboxes_dir()),
        })
    }

    /// Deletes a sandbox the exam no longer uses: its open pools are closed first, so that
    /// no request keeps writing into a file that is gone.
    pub async fn delete_sandbox(&self, id: e5_domain::SandboxId) -> Result<()> {
        self.sites.evict(id).await;
        e5_sandbox::delete_sandbox(&self.data, id)?;
        Ok(())
    }

    pub fn db(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub async fn write(&self) -> Result<Write<'_>> {
        let guard = self.writer.lock().await;
        let tx = self.pool.begin().await.inspect_err(|e| {
            e5_shop::storage::note(e);
        })?;
        Ok(Write { tx, _guard: guard })
    }
}

/// Unix seconds now.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Unix milliseconds now.
pub fn unix_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Paris local time as the databases store it.
pub fn now_text() -> String {
    e5_domain::paris_now().db_format()
}
