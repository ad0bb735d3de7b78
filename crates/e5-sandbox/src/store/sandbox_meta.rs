//! `sandbox_meta`: inside every shop database, where it comes from (context, subject).

use std::collections::BTreeMap;

use sqlx::{Executor, Sqlite};

pub(crate) const CONTEXT_ID: &str = "context_id";
pub(crate) const CONTEXT_VERSION: &str = "context_version";
pub(crate) const SUBJECT_CODE: &str = "subject_code";

pub(crate) async fn read_from<'e, E>(executor: E) -> Result<BTreeMap<String, String>, sqlx::Error>
where
    E: Executor<'e, Database = Sqlite>,
{
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM sandbox_meta")
        .fetch_all(executor)
        .await?;
    Ok(rows.into_iter().collect())
}
