//! Reads the `reference-site/` sources into a new golden shop database.
//!
//! The result must be byte-identical from the same sources: nothing here reads the clock or
//! a random source (dates come from `context.toml`, password salts from e-mails).

mod accounts;
mod content;
mod context_file;
mod csv_tables;
pub mod markdown;
mod media_files;
mod origins;
mod schema;
mod toml_text;

use std::path::Path;

use e5_shop_db::meta;
use sqlx::sqlite::SqliteJournalMode;
use sqlx::{Connection, SqliteConnection};

pub use context_file::ContextFile;
pub(crate) use context_file::check_version_text;

use crate::Error;

/// Builds the golden database of the sources in `source_dir` at `db_path`, which must not
/// exist yet. On error the caller removes the partial file.
pub async fn build_golden(source_dir: &Path, db_path: &Path) -> Result<ContextFile, Error> {
    let context_path = source_dir.join("context.toml");
    if !context_path.is_file() {
        return Err(Error::source_file(
            source_dir,
            "context.toml introuvable : ce n'est pas un dossier de contexte",
        ));
    }
    let context = context_file::read(&context_path)?;

    let options = e5_shop_db::connect_options(db_path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Delete);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(Error::sqlite(db_path))?;
    let filled = fill(&mut conn, source_dir, db_path, &context).await;
    // Close in every case, so a failed build leaves no journal file behind.
    let closed = conn.close().await.map_err(Error::sqlite(db_path));
    filled?;
    closed?;
    Ok(context)
}

async fn fill(
    conn: &mut SqliteConnection,
    source_dir: &Path,
    db_path: &Path,
    context: &ContextFile,
) -> Result<(), Error> {
    e5_shop_db::MIGRATOR
        .run(&mut *conn)
        .await
        .map_err(|e| Error::sqlite(db_path)(sqlx::Error::Migrate(Box::new(e))))?;
    // The migrator stamps the clock: use the context's date so the bytes do not depend on it.
    sqlx::query("UPDATE _sqlx_migrations SET installed_on = ?, execution_time = 0")
        .bind(&context.created_local)
        .execute(&mut *conn)
        .await
        .map_err(Error::sqlite(db_path))?;

    let schema = schema::read(conn).await.map_err(Error::sqlite(db_path))?;
    let mut origins = origins::Origins::default();

    let mut tx = conn.begin().await.map_err(Error::sqlite(db_path))?;
    // Rows may refer to rows further down (or in a later file): check keys once, at the end.
    sqlx::query("PRAGMA defer_foreign_keys = ON")
        .execute(&mut *tx)
        .await
        .map_err(Error::sqlite(db_path))?;
    for (key, value) in &context.settings {
        sqlx::query("INSERT INTO setting (key, value) VALUES (?, ?)")
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await
            .map_err(Error::sqlite(db_path))?;
    }
    csv_tables::load_all(&mut tx, &schema, source_dir, &mut origins).await?;
    content::load_all(&mut tx, source_dir, &context.created_local, &mut origins).await?;
    origins::check_foreign_keys(&mut tx, &schema, &origins, db_path).await?;
    let origin = [
        (meta::CONTEXT_ID, context.id.to_string()),
        (meta::CONTEXT_VERSION, context.version.clone()),
        (meta::CONTEXT_TITLE, context.title.clone()),
        (meta::SCHEMA_VERSION, context.schema_version.to_string()),
    ];
    for (key, value) in origin {
        sqlx::query("INSERT INTO sandbox_meta (key, value) VALUES (?, ?)")
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await
            .map_err(Error::sqlite(db_path))?;
    }
    tx.commit().await.map_err(Error::sqlite(db_path))?;

    // Compact, and the same page layout whatever order the rows went in.
    sqlx::query("VACUUM")
        .execute(&mut *conn)
        .await
        .map_err(Error::sqlite(db_path))?;
    Ok(())
}
