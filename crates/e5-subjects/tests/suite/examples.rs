//! The example subjects of `subjects/`: each passes `check`, prepares into a read-only
//! database, and on a fresh sandbox forked from it every check is false.

use e5_subjects::Subject;

use crate::common::{data_dir, example_files};

#[test]
fn there_are_at_least_six_examples_on_both_sides() {
    let subjects: Vec<Subject> = example_files()
        .iter()
        .map(|p| Subject::load(p).unwrap())
        .collect();
    let content = subjects
        .iter()
        .filter(|s| s.side == e5_subjects::Side::Content)
        .count();
    let shop = subjects.len() - content;
    assert!(content >= 3 && shop >= 3, "{content} content, {shop} shop");
}

#[tokio::test]
async fn every_example_subject_passes_check() {
    let (_dir, data) = data_dir();
    let files = example_files();
    let paths: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    let (reports, found) = e5_subjects::check_files(&paths, &data).await;
    let printed: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(found.is_empty(), "\n{}", printed.join("\n"));
    assert_eq!(reports.len(), files.len());
    for r in &reports {
        assert!(r.checks >= 5, "{}: only {} checks", r.code, r.checks);
    }
}

#[tokio::test]
async fn on_a_fresh_sandbox_of_each_example_every_check_is_false() {
    let (_dir, data) = data_dir();
    for file in example_files() {
        let subject = Subject::load(&file).unwrap();
        let prepared = e5_subjects::prepare(&subject, &data)
            .await
            .unwrap_or_else(|d| panic!("{d:?}"));
        let id = e5_sandbox::fork_from(&data, &prepared.path).unwrap();
        let pool = e5_shop_db::open_read_only(&data.sandbox_path(id))
            .await
            .unwrap();
        let rows = e5_subjects::evaluate(&subject, &pool).await;
        pool.close().await;
        assert_eq!(rows.len(), subject.grid.len());
        for row in &rows {
            assert!(!row.satisfied, "{} row {}", subject.code, row.row_id);
            for c in &row.checks {
                assert!(
                    !c.satisfied,
                    "{} row {}: {} — {}",
                    subject.code, row.row_id, c.label, c.evidence
                );
                assert!(
                    !c.evidence.starts_with("Vérification impossible"),
                    "{}",
                    c.evidence
                );
                println!(
                    "{} {} {} : {}",
                    subject.code, row.row_id, c.label, c.evidence
                );
            }
        }
    }
}

#[tokio::test]
async fn a_prepared_database_is_read_only_idempotent_and_resets_sandboxes() {
    let (_dir, data) = data_dir();
    let file = &example_files()[0];
    let subject = Subject::load(file).unwrap();
    let first = e5_subjects::prepare(&subject, &data).await.unwrap();
    assert!(first.rebuilt);
    assert!(
        std::fs::metadata(&first.path)
            .unwrap()
            .permissions()
            .readonly()
    );
    let again = e5_subjects::prepare(&subject, &data).await.unwrap();
    assert!(!again.rebuilt, "same file: the prepared database is kept");

    let pool = e5_shop_db::open_read_only(&first.path).await.unwrap();
    let code: String =
        sqlx::query_scalar("SELECT value FROM sandbox_meta WHERE key = 'subject_code'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let sha: String =
        sqlx::query_scalar("SELECT value FROM sandbox_meta WHERE key = 'subject_sha256'")
            .fetch_one(&pool)
            .await
            .unwrap();
    pool.close().await;
    assert_eq!(
        (code.as_str(), sha.as_str()),
        (subject.code.as_str(), subject.sha256.as_str())
    );

    // A sandbox of the subject can be reset to the prepared state.
    let id = e5_sandbox::fork_from(&data, &first.path).unwrap();
    let path = data.sandbox_path(id);
    {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect_with(&e5_shop_db::connect_options(&path))
            .await
            .unwrap();
        sqlx::query("DELETE FROM comment")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    e5_sandbox::reset_sandbox(&data, id).await.unwrap();
    let pool = e5_shop_db::open_read_only(&path).await.unwrap();
    let comments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comment")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert!(comments > 0, "the reset brought the comments back");
}
