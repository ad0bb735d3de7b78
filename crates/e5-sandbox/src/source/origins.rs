//! Which source line inserted which row, so that a foreign key found broken at the end of
//! loading (keys are checked once, all rows being in) is reported at its file:line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sqlx::SqliteConnection;

use super::schema::Schema;
use crate::Error;
use crate::error::Location;

#[derive(Debug)]
struct Origin {
    /// Loading order, to report the first problem a reader would meet.
    seq: usize,
    file: PathBuf,
    line: u64,
    /// Front matter: the line of each key, to point at `author_id = …` itself.
    column_lines: HashMap<String, u64>,
}

#[derive(Debug, Default)]
pub(crate) struct Origins {
    rows: HashMap<(String, i64), Origin>,
}

impl Origins {
    pub(crate) fn record(&mut self, table: &str, rowid: i64, file: &Path, line: u64) {
        self.record_with_columns(table, rowid, file, line, HashMap::new());
    }

    pub(crate) fn record_with_columns(
        &mut self,
        table: &str,
        rowid: i64,
        file: &Path,
        line: u64,
        column_lines: HashMap<String, u64>,
    ) {
        let origin = Origin {
            seq: self.rows.len(),
            file: file.to_owned(),
            line,
            column_lines,
        };
        self.rows.insert((table.to_owned(), rowid), origin);
    }

    fn locate(&self, table: &str, rowid: Option<i64>, column: &str) -> Option<(usize, Location)> {
        let origin = self.rows.get(&(table.to_owned(), rowid?))?;
        let line = origin
            .column_lines
            .get(column)
            .copied()
            .unwrap_or(origin.line);
        Some((origin.seq, Location::new(&origin.file, line)))
    }
}

#[derive(sqlx::FromRow)]
struct Violation {
    #[sqlx(rename = "table")]
    table: String,
    rowid: Option<i64>,
    parent: String,
    fkid: i64,
}

/// Runs `PRAGMA foreign_key_check` and turns the first violation, in source order, into a
/// `file:line` error naming the column, its value and the table it should exist in.
pub(crate) async fn check_foreign_keys(
    conn: &mut SqliteConnection,
    schema: &Schema,
    origins: &Origins,
    db_path: &Path,
) -> Result<(), Error> {
    let violations: Vec<Violation> =
        sqlx::query_as(r#"SELECT "table", rowid, parent, fkid FROM pragma_foreign_key_check"#)
            .fetch_all(&mut *conn)
            .await
            .map_err(Error::sqlite(db_path))?;
    let mut reports = Vec::with_capacity(violations.len());
    for v in violations {
        let columns: Vec<&str> = schema
            .table(&v.table)
            .map(|t| {
                t.foreign_keys
                    .iter()
                    .filter(|f| f.id == v.fkid)
                    .map(|f| f.from.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let column = columns.join(", ");
        let value = match (v.rowid, columns.first()) {
            (Some(rowid), Some(first)) => {
                let sql = format!(
                    r#"SELECT quote("{first}") FROM "{}" WHERE rowid = ?"#,
                    v.table
                );
                sqlx::query_scalar::<_, String>(&sql)
                    .bind(rowid)
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(Error::sqlite(db_path))?
                    .unwrap_or_default()
            }
            _ => String::new(),
        };
        let message = format!(
            "la valeur {value} de {column} ne correspond à aucune ligne de {}",
            v.parent
        );
        reports.push((
            origins.locate(&v.table, v.rowid, columns.first().copied().unwrap_or("")),
            v.table,
            message,
        ));
    }
    // Rows of unknown origin last; otherwise in loading order.
    reports.sort_by_key(|r| r.0.as_ref().map_or(usize::MAX, |(seq, _)| *seq));
    match reports.into_iter().next() {
        None => Ok(()),
        Some((Some((_, at)), _, message)) => Err(Error::Source { at, message }),
        Some((None, table, message)) => Err(Error::source_file(
            db_path,
            format!("table {table} : {message}"),
        )),
    }
}
