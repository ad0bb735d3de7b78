//! Looking inside an unpacked `golden.db`: a sound SQLite database that says it is the
//! context the manifest announces, and whose schema is exactly the one `migrations/shop`
//! creates: a package carries data, never code (a trigger, a view) of its own.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

use crate::Error;
use crate::manifest::Manifest;
use e5_shop_db::meta;

pub(crate) async fn check(package: &Path, golden: &Path, manifest: &Manifest) -> Result<(), Error> {
    let refuse = |message: String| Error::package(package, format!("golden.db : {message}"));
    let mut header = [0u8; 16];
    let readable = std::fs::File::open(golden).and_then(|mut f| f.read_exact(&mut header));
    if readable.is_err() || &header != b"SQLite format 3\0" {
        return Err(refuse("ce n'est pas une base de données SQLite".to_owned()));
    }
    let pool = e5_shop_db::open_read_only(golden)
        .await
        .map_err(|e| refuse(format!("base illisible : {e}")))?;
    let result = async {
        let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&pool)
            .await
            .map_err(|e| refuse(format!("base illisible : {e}")))?;
        if integrity != ["ok"] {
            return Err(refuse(format!(
                "base endommagée : {}",
                integrity.join(" ; ")
            )));
        }
        let meta = meta::read_from(&pool)
            .await
            .map_err(|e| refuse(format!("table sandbox_meta illisible : {e}")))?;
        let id = meta.get(meta::CONTEXT_ID).map(String::as_str).unwrap_or("");
        let version = meta
            .get(meta::CONTEXT_VERSION)
            .map(String::as_str)
            .unwrap_or("");
        if id != manifest.id.as_str() || version != manifest.version {
            return Err(refuse(format!(
                "la base dit être {id}@{version}, le manifeste annonce {}@{}",
                manifest.id, manifest.version
            )));
        }
        let actual = read_schema(&pool)
            .await
            .map_err(|e| refuse(format!("schéma illisible : {e}")))?;
        let expected = expected_schema(manifest.schema_version)
            .await
            .map_err(|e| refuse(format!("schéma de référence impossible à construire : {e}")))?;
        compare_schemas(&expected, &actual).map_err(refuse)
    }
    .await;
    pool.close().await;
    result
}

/// `(type, name)` → `(tbl_name, sql with whitespace runs made one space)`.
type Schema = BTreeMap<(String, String), (String, Option<String>)>;

async fn read_schema<'e, E>(db: E) -> Result<Schema, sqlx::Error>
where
    E: sqlx::SqliteExecutor<'e>,
{
    let rows: Vec<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT type, name, tbl_name, sql FROM sqlite_master")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(ty, name, table, sql)| {
            let sql = sql.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
            ((ty, name), (table, sql))
        })
        .collect())
}

/// The schema of a database freshly migrated from `migrations/shop`, up to the package's
/// schema version, in memory.
async fn expected_schema(schema_version: u32) -> Result<Schema, sqlx::Error> {
    let migrations: Vec<_> = e5_shop_db::MIGRATOR
        .iter()
        .filter(|m| m.version <= i64::from(schema_version))
        .cloned()
        .collect();
    let migrator = sqlx::migrate::Migrator {
        migrations: Cow::Owned(migrations),
        ignore_missing: false,
        locking: false,
        no_tx: false,
    };
    let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
    let mut conn = SqliteConnection::connect_with(&options).await?;
    migrator
        .run(&mut conn)
        .await
        .map_err(|e| sqlx::Error::Migrate(Box::new(e)))?;
    let schema = read_schema(&mut conn).await;
    let _ = conn.close().await;
    schema
}

fn kind(ty: &str) -> &str {
    match ty {
        "table" => "table",
        "index" => "index",
        "view" => "vue",
        "trigger" => "déclencheur",
        other => other,
    }
}

fn describe((ty, name): &(String, String), table: &str) -> String {
    if ty == "table" || table.is_empty() || table == name {
        format!("{} « {name} »", kind(ty))
    } else {
        format!("{} « {name} » (sur la table « {table} »)", kind(ty))
    }
}

/// Names every object that differs; the message says the package is refused.
fn compare_schemas(expected: &Schema, actual: &Schema) -> Result<(), String> {
    let mut problems = Vec::new();
    for (key, (table, sql)) in actual {
        match expected.get(key) {
            None => problems.push(format!(
                "{} en trop : absent des migrations du programme",
                describe(key, table)
            )),
            Some(wanted) if wanted != &(table.clone(), sql.clone()) => problems.push(format!(
                "{} différent de celui des migrations du programme",
                describe(key, table)
            )),
            Some(_) => {}
        }
    }
    for (key, (table, _)) in expected {
        if !actual.contains_key(key) {
            problems.push(format!("{} manquant", describe(key, table)));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let shown = problems.len().min(5);
    let more = if problems.len() > shown {
        format!(" (et {} autre(s))", problems.len() - shown)
    } else {
        String::new()
    };
    Err(format!(
        "schéma non conforme, paquet refusé : {}{more}",
        problems[..shown].join(" ; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_reference_schema_is_built_and_an_extra_trigger_is_named() {
        let expected = expected_schema(crate::schema_version_known())
            .await
            .expect("migrations run");
        assert!(expected.contains_key(&("table".to_owned(), "journal".to_owned())));
        assert_eq!(compare_schemas(&expected, &expected), Ok(()));
        let mut actual = expected.clone();
        actual.insert(
            ("trigger".to_owned(), "wipe".to_owned()),
            (
                "journal".to_owned(),
                Some(
                    "CREATE TRIGGER wipe AFTER INSERT ON journal BEGIN DELETE FROM journal; END"
                        .to_owned(),
                ),
            ),
        );
        let why = compare_schemas(&expected, &actual).expect_err("extra trigger");
        assert!(
            why.contains("déclencheur « wipe » (sur la table « journal ») en trop"),
            "{why}"
        );
        actual.remove(&("table".to_owned(), "journal".to_owned()));
        let why = compare_schemas(&expected, &actual).expect_err("missing table");
        assert!(why.contains("table « journal » manquant"), "{why}");
    }
}
