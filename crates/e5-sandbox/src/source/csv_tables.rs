//! `data/<table>.csv`: one file per table, header = column names, empty cell = NULL (or
//! the column's default when it is NOT NULL and has one).

use std::path::{Path, PathBuf};

use sqlx::SqliteConnection;

use super::accounts;
use super::media_files;
use super::origins::Origins;
use super::schema::{ColumnType, Schema, Table};
use crate::Error;

/// Tables filled from elsewhere than `data/`.
const NOT_FROM_CSV: &[(&str, &str)] = &[
    (
        "setting",
        "les réglages viennent de la section [settings] de context.toml",
    ),
    ("sandbox_meta", "cette table est remplie par le programme"),
    (
        "post",
        "les articles et pages viennent de content/posts et content/pages",
    ),
    (
        "post_term",
        "les termes d'un article viennent de la clé « terms » de son en-tête",
    ),
];

/// A value ready to bind, already checked against the column type.
#[derive(Debug)]
enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// Loads every CSV file of `data/`, parents before children.
pub(crate) async fn load_all(
    conn: &mut SqliteConnection,
    schema: &Schema,
    source_dir: &Path,
    origins: &mut Origins,
) -> Result<(), Error> {
    let data_dir = source_dir.join("data");
    if !data_dir.is_dir() {
        return Ok(());
    }
    let mut files: Vec<(usize, String, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(&data_dir).map_err(Error::io(&data_dir))? {
        let path = entry.map_err(Error::io(&data_dir))?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if name.starts_with('.') {
            continue;
        }
        let Some(table) = name.strip_suffix(".csv") else {
            return Err(Error::source_file(
                &path,
                "fichier inattendu : data/ ne contient que des fichiers <table>.csv",
            ));
        };
        if let Some((_, why)) = NOT_FROM_CSV.iter().find(|(t, _)| *t == table) {
            return Err(Error::source_file(
                &path,
                format!("table « {table} » non chargeable depuis data/ : {why}"),
            ));
        }
        if schema.table(table).is_none() {
            let known: Vec<&str> = schema
                .tables
                .iter()
                .map(|t| t.name.as_str())
                .filter(|t| !NOT_FROM_CSV.iter().any(|(n, _)| n == t))
                .collect();
            return Err(Error::source_file(
                &path,
                format!(
                    "table « {table} » inconnue (tables possibles : {})",
                    known.join(", ")
                ),
            ));
        }
        files.push((schema.position(table), table.to_owned(), path));
    }
    files.sort();
    let media_dir = source_dir.join("media");
    for (_, table, path) in files {
        let Some(table) = schema.table(&table) else {
            continue;
        };
        load_file(conn, table, &path, &media_dir, origins).await?;
    }
    Ok(())
}

/// Columns a CSV file of `table` may have: the table's, except computed ones.
fn allowed_columns(table: &Table) -> Vec<String> {
    table
        .columns
        .iter()
        .filter_map(|c| match (table.name.as_str(), c.name.as_str()) {
            ("media", "data" | "mime") => None,
            ("employee" | "customer", "password_hash") => Some("password".to_owned()),
            _ => Some(c.name.clone()),
        })
        .collect()
}

fn has_accounts(table: &Table) -> bool {
    matches!(table.name.as_str(), "employee" | "customer")
}

async fn load_file(
    conn: &mut SqliteConnection,
    table: &Table,
    path: &Path,
    media_dir: &Path,
    origins: &mut Origins,
) -> Result<(), Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .map_err(|e| csv_error(path, &e))?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(path, &e))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let allowed = allowed_columns(table);
    for (i, h) in headers.iter().enumerate() {
        if !allowed.contains(h) {
            return Err(Error::at(
                path,
                1,
                format!(
                    "colonne « {h} » inconnue (colonnes attendues : {})",
                    allowed.join(", ")
                ),
            ));
        }
        if headers[..i].contains(h) {
            return Err(Error::at(path, 1, format!("colonne « {h} » en double")));
        }
    }

    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = record.position().map_or(0, |p| p.line());
        rows.push((line, record));
    }

    // Passwords first, all at once, on every core.
    let password_at = headers.iter().position(|h| h == "password");
    let hashes = match (has_accounts(table), password_at) {
        (true, Some(pw)) => {
            let email_at = headers.iter().position(|h| h == "email");
            let mut inputs = Vec::with_capacity(rows.len());
            for (line, record) in &rows {
                let password = record.get(pw).unwrap_or_default();
                if password.is_empty() {
                    inputs.push(None);
                    continue;
                }
                let email = email_at.and_then(|i| record.get(i)).unwrap_or_default();
                if email.is_empty() {
                    return Err(Error::at(
                        path,
                        *line,
                        "un mot de passe demande une adresse e-mail (colonne « email »)",
                    ));
                }
                inputs.push(Some((password.to_owned(), email.to_owned())));
            }
            accounts::hash_all(&inputs)
        }
        _ => Vec::new(),
    };

    let mut columns: Vec<String> = headers
        .iter()
        .map(|h| {
            if h == "password" {
                "password_hash".to_owned()
            } else {
                h.clone()
            }
        })
        .collect();
    let file_at = headers.iter().position(|h| h == "file");
    let is_media = table.name == "media";
    if is_media {
        if file_at.is_none() {
            return Err(Error::at(
                path,
                1,
                "colonne « file » manquante (chemin du fichier dans media/)",
            ));
        }
        columns.push("mime".to_owned());
        columns.push("data".to_owned());
    }
    // Schema defaults are SQL text from our own migration, safe to splice in.
    let placeholders: Vec<String> = columns
        .iter()
        .map(
            |c| match table.column(c).and_then(|c| c.not_null_default.as_deref()) {
                Some(default) => format!("COALESCE(?, {default})"),
                None => "?".to_owned(),
            },
        )
        .collect();
    let sql = format!(
        "INSERT INTO \"{}\" ({}) VALUES ({})",
        table.name,
        columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", "),
        placeholders.join(", ")
    );

    for (index, (line, record)) in rows.iter().enumerate() {
        let line = *line;
        let mut cells = Vec::with_capacity(columns.len());
        for (i, raw) in record.iter().enumerate() {
            let header = &headers[i];
            let cell = if Some(i) == password_at {
                hashes
                    .get(index)
                    .cloned()
                    .flatten()
                    .map_or(Cell::Null, Cell::Text)
            } else {
                let ty = table.column(header).map_or(ColumnType::Any, |c| c.ty);
                typed_cell(raw, ty)
                    .map_err(|m| Error::at(path, line, format!("colonne « {header} » : {m}")))?
            };
            cells.push(cell);
        }
        if is_media {
            let file = file_at.and_then(|i| record.get(i)).unwrap_or_default();
            let mime = media_files::mime_of(file);
            let bytes = media_files::read(media_dir, file).map_err(|m| Error::at(path, line, m))?;
            cells.push(mime.map_or(Cell::Null, |m| Cell::Text(m.to_owned())));
            cells.push(Cell::Blob(bytes));
        }
        let mut query = sqlx::query(&sql);
        for cell in cells {
            query = match cell {
                Cell::Null => query.bind(None::<String>),
                Cell::Integer(v) => query.bind(v),
                Cell::Real(v) => query.bind(v),
                Cell::Text(v) => query.bind(v),
                Cell::Blob(v) => query.bind(v),
            };
        }
        let done = query
            .execute(&mut *conn)
            .await
            .map_err(|e| refused_row(path, line, &e))?;
        origins.record(&table.name, done.last_insert_rowid(), path, line);
    }
    Ok(())
}

/// Checks a cell against its column type here, to name the column in the message.
fn typed_cell(raw: &str, ty: ColumnType) -> Result<Cell, String> {
    if raw.is_empty() {
        return Ok(Cell::Null);
    }
    match ty {
        ColumnType::Integer => raw
            .trim()
            .parse::<i64>()
            .map(Cell::Integer)
            .map_err(|_| format!("« {raw} » n'est pas un nombre entier")),
        ColumnType::Real => raw
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Cell::Real)
            .ok_or_else(|| format!("« {raw} » n'est pas un nombre (séparateur décimal : point)")),
        ColumnType::Text | ColumnType::Any | ColumnType::Blob => Ok(Cell::Text(raw.to_owned())),
    }
}

/// An insert SQLite refused (NOT NULL, CHECK, UNIQUE…), at the line of the row.
pub(crate) fn refused_row(path: &Path, line: u64, err: &sqlx::Error) -> Error {
    let detail = match err {
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    };
    Error::at(path, line, format!("ligne refusée par la base : {detail}"))
}

fn csv_error(path: &Path, err: &csv::Error) -> Error {
    let line = err.position().map_or(1, |p| p.line());
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{len} cellules au lieu de {expected_len} (comme l'en-tête)")
        }
        csv::ErrorKind::Utf8 { .. } => "le fichier doit être en UTF-8".to_owned(),
        csv::ErrorKind::Io(e) => format!("lecture impossible : {e}"),
        _ => format!("CSV invalide : {err}"),
    };
    Error::at(path, line, message)
}
