use std::path::Path;
use std::time::Instant;

use e5_sandbox::Error;
use sqlx::{Connection, SqliteConnection};

use crate::common::{installed_mini_site, tempdir};

async fn product_name(db: &Path) -> String {
    let mut conn = SqliteConnection::connect_with(&e5_shop_db::connect_options(db))
        .await
        .expect("open");
    let name = sqlx::query_scalar("SELECT name FROM product WHERE id = 1")
        .fetch_one(&mut conn)
        .await
        .expect("read");
    conn.close().await.expect("close");
    name
}

async fn rename_product(db: &Path, name: &str) {
    // As the shop does: WAL mode, so the reset has -wal/-shm files to remove.
    let options =
        e5_shop_db::connect_options(db).journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .expect("open");
    sqlx::query("UPDATE product SET name = ? WHERE id = 1")
        .bind(name)
        .execute(&mut conn)
        .await
        .expect("write");
    conn.close().await.expect("close");
}

#[tokio::test]
async fn sandboxes_are_independent_copies_that_reset_and_delete() {
    let dir = tempdir();
    let (data, ctx) = installed_mini_site(dir.path()).await;
    let original = product_name(&data.golden_path(&ctx)).await;

    let started = Instant::now();
    let sandboxes: Vec<_> = (0..3)
        .map(|_| e5_sandbox::create_sandbox(&data, &ctx).expect("fork"))
        .collect();
    println!("3 forks in {:?}", started.elapsed());
    let files = std::fs::read_dir(data.sandboxes_dir())
        .expect("list")
        .count();
    assert_eq!(files, 3);
    for s in &sandboxes {
        assert_eq!(s.path, data.sandbox_path(s.id));
        assert!(
            !std::fs::metadata(&s.path)
                .expect("file")
                .permissions()
                .readonly(),
            "a sandbox is writable"
        );
        assert_eq!(
            (s.context_id.as_str(), s.context_version.as_str()),
            ("mini-boutique", "1.0")
        );
    }

    rename_product(&sandboxes[0].path, "Nappe modifiée").await;
    assert_eq!(product_name(&sandboxes[0].path).await, "Nappe modifiée");
    assert_eq!(product_name(&sandboxes[1].path).await, original);
    assert_eq!(product_name(&sandboxes[2].path).await, original);
    assert_eq!(
        product_name(&data.golden_path(&ctx)).await,
        original,
        "the golden db is untouched"
    );

    let mut listed = e5_sandbox::list_sandboxes(&data).await.expect("list");
    listed.sort_by_key(|s| s.id);
    let mut expected: Vec<_> = sandboxes.iter().map(|s| s.id).collect();
    expected.sort();
    assert_eq!(listed.iter().map(|s| s.id).collect::<Vec<_>>(), expected);
    assert!(
        listed
            .iter()
            .all(|s| s.context_id == "mini-boutique" && s.subject.is_none() && s.size_bytes > 0)
    );

    e5_sandbox::reset_sandbox(&data, sandboxes[0].id)
        .await
        .expect("reset");
    assert_eq!(product_name(&sandboxes[0].path).await, original);
    let golden = std::fs::read(data.golden_path(&ctx)).expect("golden");
    assert!(
        std::fs::read(&sandboxes[0].path).expect("sandbox") == golden,
        "a reset sandbox is its origin again"
    );

    e5_sandbox::delete_sandbox(&data, sandboxes[1].id).expect("delete");
    assert!(!sandboxes[1].path.exists());
    assert_eq!(
        e5_sandbox::list_sandboxes(&data).await.expect("list").len(),
        2
    );
    let err = e5_sandbox::delete_sandbox(&data, sandboxes[1].id).expect_err("must be refused");
    assert!(matches!(err, Error::SandboxNotFound(_)), "{err}");
    let err = e5_sandbox::reset_sandbox(&data, sandboxes[1].id)
        .await
        .expect_err("must be refused");
    assert!(matches!(err, Error::SandboxNotFound(_)), "{err}");
}

#[tokio::test]
async fn deleting_a_sandbox_removes_its_wal_files() {
    let dir = tempdir();
    let (data, ctx) = installed_mini_site(dir.path()).await;
    let s = e5_sandbox::create_sandbox(&data, &ctx).expect("fork");
    // Leave the WAL files behind, as a running shop would.
    let options =
        e5_shop_db::connect_options(&s.path).journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .expect("open");
    sqlx::query("UPDATE product SET quantity = 1")
        .execute(&mut conn)
        .await
        .expect("write");
    let wal = s.path.with_extension("db-wal");
    assert!(wal.exists());
    e5_sandbox::delete_sandbox(&data, s.id).expect("delete");
    drop(conn);
    let left: Vec<_> = std::fs::read_dir(data.sandboxes_dir())
        .expect("list")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
