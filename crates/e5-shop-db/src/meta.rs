//! `sandbox_meta`: inside every shop database, where it comes from (context, subject) and
//! what the subject's data left in it. Its keys are named here only.

use std::collections::BTreeMap;

use sqlx::{Executor, Sqlite};

// Written when the golden database is built from the context's sources.
pub const CONTEXT_ID: &str = "context_id";
pub const CONTEXT_VERSION: &str = "context_version";
pub const CONTEXT_TITLE: &str = "context_title";
pub const SCHEMA_VERSION: &str = "schema_version";

// Written when a subject's prepared database is built.
pub const SUBJECT_CODE: &str = "subject_code";
pub const SUBJECT_SHA256: &str = "subject_sha256";
pub const SUBJECT_LETTER: &str = "subject_letter";
pub const SUBJECT_SIDE: &str = "subject_side";
/// `baseline.<table>`: the largest id of `<table>` before the candidate's first click, so
/// that checks tell the candidate's rows from the context's.
pub const BASELINE_PREFIX: &str = "baseline.";

/// Every row of `sandbox_meta`.
pub async fn read_from<'e, E>(executor: E) -> Result<BTreeMap<String, String>, sqlx::Error>
where
    E: Executor<'e, Database = Sqlite>,
{
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM sandbox_meta")
        .fetch_all(executor)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Writes `key` = `value`, replacing an older value.
pub async fn write<'e, E>(executor: E, key: &str, value: &str) -> Result<(), sqlx::Error>
where
    E: Executor<'e, Database = Sqlite>,
{
    sqlx::query(
        "INSERT INTO sandbox_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(executor)
    .await?;
    Ok(())
}
