//! Opening one shop database (a sandbox, or a golden/prepared database read-only).
//!
//! Reads go through a pool whose connections are `query_only`, so a handler cannot write
//! even by mistake; the single writing connection is private to the command layer.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// The shop schema, embedded from `migrations/shop`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/shop");

/// Connection options every shop database is opened with.
pub fn connect_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::from_str("sqlite://")
        .expect("a constant URL parses")
        .filename(path)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
}

/// Opens a database that is only ever read: a golden or prepared database, or a sandbox
/// being inspected from the command line.
pub async fn open_read_only(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(connect_options(path).read_only(true))
        .await
}

pub(crate) async fn open_reader(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    crate::storage::with_hooks(SqlitePoolOptions::new())
        .max_connections(4)
        .min_connections(0)
        .idle_timeout(Duration::from_secs(60))
        .connect_with(
            connect_options(path)
                .journal_mode(SqliteJournalMode::Wal)
                .pragma("query_only", "ON"),
        )
        .await
}

pub(crate) async fn open_writer(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    // One connection: SQLite has one writer at a time anyway, and queuing in the pool is
    // cheaper than SQLITE_BUSY retries. FULL sync: an acknowledged write survives a power cut.
    // After a storage failure the connection is replaced (`storage`).
    crate::storage::with_hooks(SqlitePoolOptions::new())
        .max_connections(1)
        .min_connections(0)
        .idle_timeout(Duration::from_secs(60))
        .connect_with(
            connect_options(path)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full),
        )
        .await
}
