//! Packaging the reference context: determinism, integrity, import.

use crate::helpers::{TestData, reference_package, repo_root};

#[tokio::test]
async fn packing_the_same_sources_twice_gives_byte_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("again.e5ctx");
    e5_sandbox::pack(&repo_root().join("reference-site"), &again)
        .await
        .expect("pack");
    let first = std::fs::read(reference_package()).unwrap();
    let second = std::fs::read(&again).unwrap();
    assert!(first.len() > 10_000, "a real package, not an empty file");
    assert!(first == second, "two packs of the same sources differ");
}

#[tokio::test]
async fn an_altered_package_is_refused_and_installs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read(reference_package()).unwrap();

    let truncated = dir.path().join("truncated.e5ctx");
    std::fs::write(&truncated, &original[..original.len() / 2]).unwrap();
    let flipped = dir.path().join("flipped.e5ctx");
    let mut bytes = original.clone();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&flipped, &bytes).unwrap();

    for bad in [&truncated, &flipped] {
        let data = e5_sandbox::DataDir::new(dir.path().join("data"));
        let err = e5_sandbox::import(bad, &data)
            .await
            .expect_err("an altered package must be refused");
        assert!(!err.to_string().is_empty());
        let installed = e5_sandbox::list_contexts(&data).unwrap_or_default();
        assert!(
            installed.is_empty(),
            "nothing may be installed from {}: {installed:?}",
            bad.display()
        );
    }
}

#[tokio::test]
async fn the_command_line_refuses_an_altered_package_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = std::fs::read(reference_package()).unwrap();
    let last = bytes.len() - 100;
    bytes[last] ^= 0xff;
    let bad = dir.path().join("bad.e5ctx");
    std::fs::write(&bad, &bytes).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_e5"))
        .args(["context", "verify"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("erreur"), "{stderr}");

    let ok = std::process::Command::new(env!("CARGO_BIN_EXE_e5"))
        .args(["context", "verify"])
        .arg(reference_package())
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("Paquet intègre"));
}

#[tokio::test]
async fn the_reference_context_is_rich_enough_for_exam_subjects() {
    let t = TestData::new().await;
    let db = e5_shop::db::open_read_only(&t.data.golden_path(&t.context))
        .await
        .unwrap();
    let count = |sql: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    assert!(count("SELECT COUNT(*) FROM product").await >= 40);
    assert!(count("SELECT COUNT(*) FROM category").await >= 6);
    assert!(count("SELECT COUNT(DISTINCT product_id) FROM combination").await >= 8);
    assert!(count("SELECT COUNT(*) FROM product WHERE is_pack = 1").await >= 1);
    assert!(count("SELECT COUNT(*) FROM customer").await >= 150);
    assert!(count("SELECT COUNT(*) FROM orders").await >= 400);
    assert!(count("SELECT COUNT(*) FROM order_return").await >= 1);
    assert!(count("SELECT COUNT(*) FROM product_review").await >= 60);
    assert!(count("SELECT COUNT(*) FROM product_review WHERE status = 'pending'").await >= 1);
    assert!(count("SELECT COUNT(*) FROM post WHERE kind = 'post'").await >= 12);
    assert!(count("SELECT COUNT(*) FROM customer_thread").await >= 10);
    assert!(count("SELECT COUNT(DISTINCT day) FROM traffic_daily").await >= 365);
    for slug in [
        "qui-sommes-nous",
        "conditions-generales-de-vente",
        "mentions-legales",
        "politique-de-confidentialite",
        "livraison-et-retours",
        "faq",
    ] {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM post WHERE kind = 'page' AND slug = ?")
                .bind(slug)
                .fetch_one(&db)
                .await
                .unwrap();
        assert_eq!(n, 1, "page {slug}");
    }
    // Traffic and orders agree: a plausible conversion rate and abandonment rate.
    let sessions = count("SELECT SUM(sessions) FROM traffic_daily").await as f64;
    let orders = count("SELECT COUNT(*) FROM orders").await as f64;
    let created = count("SELECT SUM(carts_created) FROM traffic_daily").await as f64;
    let abandoned = count("SELECT SUM(carts_abandoned) FROM traffic_daily").await as f64;
    let conversion = orders / sessions * 100.0;
    assert!(
        (0.5..4.0).contains(&conversion),
        "conversion rate {conversion:.2} %"
    );
    assert!(
        (abandoned / created) > 0.5 && (abandoned / created) < 0.9,
        "abandonment {abandoned}/{created}"
    );
    assert_eq!(
        created - abandoned,
        orders,
        "every order comes from a created cart"
    );
}
