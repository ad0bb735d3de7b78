//! Opening one sandbox's shop database for the server (the schema, the connection options
//! and read-only opening are in `e5_shop_db`).
//!
//! Reads go through a pool whose connections are `query_only`, so a handler cannot write
//! even by mistake; the single writing connection is private to the command layer.

use std::path::Path;
use std::time::Duration;

use e5_shop_db::connect_options;
use sqlx::sqlite::{SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

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
