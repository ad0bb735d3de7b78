//! What the freshly migrated database says about its tables: columns, their types, and the
//! foreign keys, from which the loading order is derived (so a new table needs no code here).

use std::collections::{BTreeMap, BTreeSet};

use sqlx::SqliteConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColumnType {
    Integer,
    Real,
    Text,
    Blob,
    Any,
}

#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub name: String,
    pub ty: ColumnType,
    /// The default's SQL text, for a NOT NULL column that has one: an empty cell there
    /// means "the default", since NULL could never be stored.
    pub not_null_default: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct ForeignKey {
    pub id: i64,
    pub from: String,
    pub parent: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub foreign_keys: Vec<ForeignKey>,
}

impl Table {
    pub(crate) fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

#[derive(Debug)]
pub(crate) struct Schema {
    /// In loading order: every table after the tables it refers to.
    pub tables: Vec<Table>,
}

impl Schema {
    pub(crate) fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    pub(crate) fn position(&self, name: &str) -> usize {
        self.tables
            .iter()
            .position(|t| t.name == name)
            .unwrap_or(usize::MAX)
    }
}

#[derive(sqlx::FromRow)]
struct ColumnRow {
    name: String,
    #[sqlx(rename = "type")]
    ty: String,
    notnull: bool,
    dflt_value: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ForeignKeyRow {
    id: i64,
    #[sqlx(rename = "table")]
    parent: String,
    from: String,
}

pub(crate) async fn read(conn: &mut SqliteConnection) -> Result<Schema, sqlx::Error> {
    let names: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '_sqlx_migrations' ORDER BY rowid",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut tables = Vec::with_capacity(names.len());
    for (name,) in names {
        let columns: Vec<ColumnRow> = sqlx::query_as(
            r#"SELECT name, type, "notnull", dflt_value FROM pragma_table_info(?) ORDER BY cid"#,
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await?;
        let fks: Vec<ForeignKeyRow> = sqlx::query_as(
            r#"SELECT id, "table", "from" FROM pragma_foreign_key_list(?) ORDER BY id, seq"#,
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await?;
        tables.push(Table {
            name,
            columns: columns
                .into_iter()
                .map(|c| Column {
                    ty: column_type(&c.ty),
                    not_null_default: c.dflt_value.filter(|_| c.notnull),
                    name: c.name,
                })
                .collect(),
            foreign_keys: fks
                .into_iter()
                .map(|f| ForeignKey {
                    id: f.id,
                    from: f.from,
                    parent: f.parent,
                })
                .collect(),
        });
    }
    Ok(Schema {
        tables: dependency_order(tables),
    })
}

fn column_type(declared: &str) -> ColumnType {
    match declared.to_ascii_uppercase().as_str() {
        "INTEGER" | "INT" => ColumnType::Integer,
        "REAL" => ColumnType::Real,
        "TEXT" => ColumnType::Text,
        "BLOB" => ColumnType::Blob,
        _ => ColumnType::Any,
    }
}

/// Parents before children; ties (and cycles, which deferred foreign keys tolerate) keep
/// the order of the migration file, so the order is always the same.
fn dependency_order(tables: Vec<Table>) -> Vec<Table> {
    let mut pending: BTreeMap<usize, BTreeSet<String>> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let parents = t
                .foreign_keys
                .iter()
                .map(|f| f.parent.clone())
                .filter(|p| p != &t.name)
                .collect();
            (i, parents)
        })
        .collect();
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut order = Vec::with_capacity(tables.len());
    while !pending.is_empty() {
        let next = pending
            .iter()
            .find(|(_, parents)| parents.iter().all(|p| done.contains(p)))
            .map(|(&i, _)| i)
            .or_else(|| pending.keys().next().copied());
        let Some(i) = next else { break };
        pending.remove(&i);
        done.insert(tables[i].name.clone());
        order.push(i);
    }
    let mut slots: Vec<Option<Table>> = tables.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}
