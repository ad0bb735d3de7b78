//! The shop database without the web: its schema (`migrations/shop`), the connection options
//! every shop database is opened with, read-only opening, password hashing and checking, and
//! the names of a sandbox's companion files. What the file-level crates (`e5-sandbox`,
//! `e5-subjects`) need from the shop, without axum nor tera; `e5-shop` builds on it.

pub mod drafts;
pub mod meta;
pub mod password;
pub mod query;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

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
