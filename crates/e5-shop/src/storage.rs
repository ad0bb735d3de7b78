//! Storage failures of the writing connections (full disk, I/O error, a lock that never
//! clears): recognised here, so that nothing is acknowledged after one and the connection that
//! saw it is discarded.
//!
//! After a failed write SQLite may leave the connection inside a transaction it can no longer
//! end (and then every other connection answers "database is locked"). So a storage failure
//! marks the moment it happened, and every pool of the process refuses to hand out or take
//! back a connection opened before that moment: the next write opens a fresh connection and
//! succeeds as soon as space is back, without restarting the server. Marking is global on
//! purpose: recycling a healthy connection costs a file open, keeping a broken one costs the
//! exam.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnectionMetadata;

/// What the candidate's site says when a change could not be saved.
pub const CANDIDATE_MESSAGE: &str = "L'enregistrement a échoué : prévenez l'examinateur.";

fn base() -> Instant {
    static BASE: OnceLock<Instant> = OnceLock::new();
    *BASE.get_or_init(Instant::now)
}

/// Nanoseconds after `base()` of the last storage failure, plus one; 0: none yet.
static FAILED_AT: AtomicU64 = AtomicU64::new(0);

fn since_base() -> u64 {
    u64::try_from(base().elapsed().as_nanos()).unwrap_or(u64::MAX)
}

/// Whether an error means the database file could not be written (or stays locked): disk
/// or database full, I/O error, read-only file, busy/locked, or the connection itself broken.
pub fn is_storage_error(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(d) => {
            // Primary SQLite result codes (the extended code's low byte).
            let code = d
                .code()
                .and_then(|c| c.parse::<i64>().ok())
                .map(|c| c & 0xff);
            matches!(
                code,
                Some(
                    5   // SQLITE_BUSY
                    | 6  // SQLITE_LOCKED
                    | 8  // SQLITE_READONLY
                    | 10 // SQLITE_IOERR
                    | 11 // SQLITE_CORRUPT
                    | 13 // SQLITE_FULL
                    | 14 // SQLITE_CANTOPEN
                    | 26 // SQLITE_NOTADB
                )
            )
        }
        _ => false,
    }
}

/// Records a storage failure: every connection opened until now is discarded instead of
/// being used again.
pub fn mark_failed() {
    FAILED_AT.store(since_base().saturating_add(1), Ordering::SeqCst);
}

/// Checks an error: a storage failure is marked (see [`mark_failed`]). Returns whether it was one.
pub fn note(e: &sqlx::Error) -> bool {
    let storage = is_storage_error(e);
    if storage {
        tracing::error!(error = %e, "storage failure: the database connections are renewed");
        mark_failed();
    }
    storage
}

/// Whether a pooled connection may be used (again): false when it was opened before the last
/// storage failure. For the pools' `before_acquire` and `after_release` hooks.
pub fn still_good(meta: &PoolConnectionMetadata) -> bool {
    let failed = FAILED_AT.load(Ordering::SeqCst);
    if failed == 0 {
        return true;
    }
    let now = since_base();
    let opened = now.saturating_sub(u64::try_from(meta.age.as_nanos()).unwrap_or(u64::MAX));
    opened >= failed
}

/// The hook functions, ready for `SqlitePoolOptions`.
pub fn with_hooks(options: sqlx::sqlite::SqlitePoolOptions) -> sqlx::sqlite::SqlitePoolOptions {
    // Make sure the base instant predates every connection.
    let _ = base();
    options
        .before_acquire(|_, meta| Box::pin(async move { Ok(still_good(&meta)) }))
        .after_release(|_, meta| Box::pin(async move { Ok(still_good(&meta)) }))
}

/// Time since the last storage failure, if any.
pub fn last_failure_ago() -> Option<Duration> {
    let failed = FAILED_AT.load(Ordering::SeqCst);
    (failed != 0).then(|| Duration::from_nanos(since_base().saturating_sub(failed - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_database_is_a_storage_error_and_renews_connections() {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect("sqlite::memory:")
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (x BLOB)")
            .execute(&mut c)
            .await
            .unwrap();
        let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(&mut c)
            .await
            .unwrap();
        sqlx::query(&format!("PRAGMA max_page_count = {pages}"))
            .execute(&mut c)
            .await
            .unwrap();
        let e = sqlx::query("INSERT INTO t VALUES (zeroblob(100000))")
            .execute(&mut c)
            .await
            .unwrap_err();
        assert!(is_storage_error(&e), "{e:?}");
        let e = sqlx::query("SELECT * FROM nowhere")
            .execute(&mut c)
            .await
            .unwrap_err();
        assert!(!is_storage_error(&e));
    }
}
