//! A subject's `[[overlay.sql]]` can only change rows of its own prepared database: every
//! other kind of statement is refused at the entry's line, by `check` and by `prepare`,
//! and nothing is left behind — not in `platform.db`, not as a prepared database.

use std::path::{Path, PathBuf};

use e5_sandbox::DataDir;
use e5_subjects::Subject;
use sqlx::{Connection, SqliteConnection};

use crate::common::{data_dir, line_of, subject_a_text};

/// The statement of subject A's one `[[overlay.sql]]` entry.
const ORIGINAL_SQL: &str =
    "sql = \"UPDATE media SET alt = '' WHERE file = 'atelier/champ-lin.svg'\"";

/// Subject A whose `[[overlay.sql]]` runs its own harmless update, then `sql`.
fn subject_with_sql(sql: &str) -> String {
    let text = subject_a_text();
    assert!(text.contains(ORIGINAL_SQL), "subject A changed");
    text.replace(
        ORIGINAL_SQL,
        &format!(
            "sql = '''\nUPDATE media SET alt = '' WHERE file = 'atelier/champ-lin.svg';\n{sql}\n'''"
        ),
    )
}

/// A stand-in for the platform database, with a mark in it.
async fn platform_db(data: &DataDir) -> PathBuf {
    let path = data.root().join("platform.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .expect("create platform.db");
    sqlx::raw_sql(
        "CREATE TABLE grid (id INTEGER PRIMARY KEY, seat_id INTEGER NOT NULL, mark TEXT NOT NULL);
         INSERT INTO grid (seat_id, mark) VALUES (1, '08'), (2, '11');",
    )
    .execute(&mut conn)
    .await
    .expect("fill platform.db");
    conn.close().await.expect("close platform.db");
    path
}

/// Every file under `dir` (the folder of prepared databases must hold none after a refusal).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                found.extend(files_under(&p));
            } else {
                found.push(p);
            }
        }
    }
    found
}

/// Runs `check` then `prepare` on subject A carrying `sql` (where `{platform}` stands for
/// the platform database's path); both must refuse at the entry's line, naming `what`, and
/// leave the platform database and the data folder as they were.
async fn assert_sql_refused(sql: &str, what: &str) {
    let (dir, data) = data_dir();
    let platform = platform_db(&data).await;
    let before = std::fs::read(&platform).expect("read platform.db");
    let text = subject_with_sql(&sql.replace("{platform}", &platform.display().to_string()));
    let path = dir.path().join("sujet-piégé.toml");
    std::fs::write(&path, &text).expect("write the subject");
    let subject = Subject::load(&path).expect("statically valid: SQL is only judged when run");
    let line = line_of(&text, "[[overlay.sql]]");
    let expected = format!(
        "{}:{line}: [[overlay.sql]] : instruction SQL refusée ({what}) : le SQL d'un sujet ne peut modifier que la base du sujet",
        path.display()
    );

    let checked = e5_subjects::check(&subject, &data)
        .await
        .err()
        .unwrap_or_else(|| panic!("check accepted « {sql} »"));
    let prepared = e5_subjects::prepare(&subject, &data)
        .await
        .err()
        .unwrap_or_else(|| panic!("prepare accepted « {sql} »"));
    for (step, found) in [("check", checked), ("prepare", prepared)] {
        let printed: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert!(
            printed.contains(&expected),
            "{step} of « {sql} »: expected\n{expected}\ngot:\n{}",
            printed.join("\n")
        );
    }

    assert_eq!(
        std::fs::read(&platform).expect("read platform.db"),
        before,
        "platform.db changed by « {sql} »"
    );
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}", platform.display()))
        .await
        .expect("open platform.db");
    let marks: Vec<(i64, String)> = sqlx::query_as("SELECT seat_id, mark FROM grid ORDER BY id")
        .fetch_all(&mut conn)
        .await
        .expect("read the marks");
    conn.close().await.expect("close platform.db");
    assert_eq!(marks, [(1, "08".to_owned()), (2, "11".to_owned())]);
    let left = files_under(&data.subjects_dir());
    assert!(
        left.is_empty(),
        "« {sql} » left files behind (no prepared database, no scratch copy): {left:?}"
    );
    assert!(
        !data
            .prepared_path(&subject.code)
            .expect("a valid code")
            .exists()
    );
    let mut top: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list the data folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n != "contexts" && n != "subjects")
        .collect();
    top.sort();
    assert_eq!(
        top,
        ["platform.db", "sujet-piégé.toml"],
        "« {sql} » wrote next to the platform database"
    );
}

#[tokio::test]
async fn attaching_the_platform_database_is_refused() {
    assert_sql_refused(
        "ATTACH '{platform}' AS p; UPDATE p.grid SET mark = '20';",
        "ATTACH",
    )
    .await;
    assert_sql_refused(
        "ATTACH DATABASE 'file:{platform}?mode=rw' AS p; UPDATE p.grid SET mark = '20';",
        "ATTACH",
    )
    .await;
}

#[tokio::test]
async fn committing_the_overlay_transaction_is_refused() {
    // The attack seen in the wild: end the overlay's transaction, then attach.
    assert_sql_refused(
        "COMMIT; ATTACH '{platform}' AS p; UPDATE p.grid SET mark = '20';",
        "COMMIT",
    )
    .await;
    assert_sql_refused("END; UPDATE media SET alt = 'x';", "COMMIT").await;
    assert_sql_refused("ROLLBACK;", "ROLLBACK").await;
}

#[tokio::test]
async fn opening_a_transaction_or_a_savepoint_is_refused() {
    assert_sql_refused("BEGIN; UPDATE media SET alt = 'x';", "BEGIN").await;
    assert_sql_refused("SAVEPOINT s; UPDATE media SET alt = 'x';", "SAVEPOINT").await;
    assert_sql_refused("RELEASE s;", "RELEASE").await;
}

#[tokio::test]
async fn detaching_is_refused() {
    assert_sql_refused("DETACH DATABASE p;", "DETACH").await;
}

#[tokio::test]
async fn pragmas_are_refused() {
    assert_sql_refused("PRAGMA writable_schema = ON;", "PRAGMA writable_schema").await;
    assert_sql_refused("PRAGMA journal_mode = OFF;", "PRAGMA journal_mode").await;
    assert_sql_refused("PRAGMA foreign_keys = OFF;", "PRAGMA foreign_keys").await;
}

#[tokio::test]
async fn vacuum_is_refused() {
    assert_sql_refused("VACUUM;", "VACUUM").await;
    assert_sql_refused("/* tidy */ vacuum INTO '{platform}.copy';", "VACUUM").await;
}

#[tokio::test]
async fn planting_a_trigger_is_refused() {
    assert_sql_refused(
        "CREATE TRIGGER t AFTER UPDATE ON product BEGIN UPDATE product SET price_ht_cents = 0; END;",
        "CREATE TRIGGER",
    )
    .await;
    assert_sql_refused(
        "CREATE TEMP TRIGGER t AFTER UPDATE ON product BEGIN SELECT 1; END;",
        "CREATE TEMP TRIGGER",
    )
    .await;
}

#[tokio::test]
async fn creating_tables_views_and_indexes_is_refused() {
    assert_sql_refused("CREATE TABLE piege (a TEXT);", "CREATE TABLE").await;
    assert_sql_refused("CREATE TEMP TABLE piege (a TEXT);", "CREATE TEMP TABLE").await;
    assert_sql_refused("CREATE VIEW v AS SELECT 1;", "CREATE VIEW").await;
    assert_sql_refused("CREATE INDEX i ON media (alt);", "CREATE INDEX").await;
}

#[tokio::test]
async fn dropping_a_table_is_refused() {
    assert_sql_refused("DROP TABLE media;", "DROP TABLE").await;
}

#[tokio::test]
async fn altering_a_table_is_refused() {
    assert_sql_refused("ALTER TABLE media ADD COLUMN piege TEXT;", "ALTER TABLE").await;
    assert_sql_refused("ALTER TABLE media RENAME TO photos;", "ALTER TABLE").await;
}

#[tokio::test]
async fn analyze_and_reindex_are_refused() {
    assert_sql_refused("ANALYZE;", "ANALYZE").await;
    assert_sql_refused("REINDEX;", "REINDEX").await;
}

#[tokio::test]
async fn loading_an_extension_is_refused() {
    assert_sql_refused("SELECT load_extension('/tmp/piege.so');", "load_extension").await;
    assert_sql_refused(
        "UPDATE media SET alt = (SELECT LOAD_EXTENSION('/tmp/piege.so')) WHERE id = 1;",
        "load_extension",
    )
    .await;
}

#[tokio::test]
async fn the_platform_s_own_rows_are_not_the_subject_s() {
    assert_sql_refused(
        "UPDATE sandbox_meta SET value = 'autre' WHERE key = 'context_id';",
        "UPDATE sandbox_meta",
    )
    .await;
}

#[tokio::test]
async fn rows_may_still_be_read_inserted_updated_and_deleted() {
    let (dir, data) = data_dir();
    let text = subject_with_sql(
        "INSERT INTO setting (key, value) VALUES ('sujet.essai', 'à supprimer');
         UPDATE setting SET value = value || ' !' WHERE key = (SELECT key FROM setting WHERE key = 'sujet.essai');
         DELETE FROM setting WHERE key = 'sujet.essai';
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3)
           INSERT INTO setting (key, value) SELECT 'sujet.n' || i, upper('x') || i FROM n;
         SELECT COUNT(*) FROM product;",
    );
    let path = dir.path().join("sujet-a.toml");
    std::fs::write(&path, &text).unwrap();
    let subject = Subject::load(&path).unwrap();
    e5_subjects::check(&subject, &data)
        .await
        .unwrap_or_else(|d| panic!("{d:?}"));
    // Refused subjects before it leave the authorizer in no state: a later one still works.
    assert_sql_refused("ATTACH '{platform}' AS p;", "ATTACH").await;
    let prepared = e5_subjects::prepare(&subject, &data)
        .await
        .unwrap_or_else(|d| panic!("{d:?}"));
    let pool = e5_shop_db::open_read_only(&prepared.path).await.unwrap();
    let settings: Vec<(String, String)> =
        sqlx::query_as("SELECT key, value FROM setting WHERE key LIKE 'sujet.%' ORDER BY key")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        settings,
        [
            ("sujet.n1".to_owned(), "X1".to_owned()),
            ("sujet.n2".to_owned(), "X2".to_owned()),
            ("sujet.n3".to_owned(), "X3".to_owned()),
        ]
    );
    let emptied: String =
        sqlx::query_scalar("SELECT alt FROM media WHERE file = 'atelier/champ-lin.svg'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(emptied, "");
    // The platform's own steps after the subject's SQL (its answer table) still ran.
    let answer: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'answer'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(answer, 1);
    let triggers: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'")
            .fetch_one(&pool)
            .await
            .unwrap();
    pool.close().await;
    let golden_triggers = {
        let golden = e5_shop_db::open_read_only(&data.golden_path(&prepared.context))
            .await
            .unwrap();
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'")
                .fetch_one(&golden)
                .await
                .unwrap();
        golden.close().await;
        n
    };
    assert_eq!(triggers, golden_triggers);
}
