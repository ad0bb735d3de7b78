//! The generator: deterministic, and every subject it writes passes `check`.

use std::collections::BTreeSet;

use e5_subjects::{Side, Subject};

use crate::common::data_dir;

async fn golden(data: &e5_sandbox::DataDir) -> sqlx::SqlitePool {
    let ctx = e5_sandbox::find_context(data, "toiles-de-loire").expect("installed");
    e5_shop_db::open_read_only(&data.golden_path(&ctx))
        .await
        .expect("golden database")
}

#[tokio::test]
async fn the_same_seed_gives_the_same_files_and_another_seed_others() {
    let (_dir, data) = data_dir();
    let db = golden(&data).await;
    let a = e5_subjects::generate(&db, 42, 4, None).await.unwrap();
    let b = e5_subjects::generate(&db, 42, 4, None).await.unwrap();
    let c = e5_subjects::generate(&db, 43, 4, None).await.unwrap();
    db.close().await;
    assert_eq!(a, b, "byte-identical");
    assert_ne!(a, c);
    let names: BTreeSet<_> = a.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(names.len(), 4, "distinct file names");
}

#[tokio::test]
async fn generated_subjects_pass_check_and_cover_the_criteria() {
    let (dir, data) = data_dir();
    let db = golden(&data).await;
    let mut files = Vec::new();
    for (seed, count, side) in [
        (1u64, 6usize, None),
        (7, 4, Some(Side::Shop)),
        (2027, 4, Some(Side::Content)),
    ] {
        let out = dir.path().join(format!("seed-{seed}"));
        std::fs::create_dir_all(&out).unwrap();
        for (name, text) in e5_subjects::generate(&db, seed, count, side).await.unwrap() {
            let path = out.join(name);
            if let Ok(keep) = std::env::var("E5_GENERATED") {
                std::fs::create_dir_all(&keep).unwrap();
                std::fs::write(
                    format!(
                        "{keep}/{seed}-{}",
                        path.file_name().unwrap().to_string_lossy()
                    ),
                    &text,
                )
                .unwrap();
            }
            std::fs::write(&path, text).unwrap();
            files.push(path);
        }
    }
    db.close().await;
    let paths: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    let (reports, found) = e5_subjects::check_files(&paths, &data).await;
    let printed: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(found.is_empty(), "\n{}", printed.join("\n"));
    assert_eq!(reports.len(), files.len());
    let mut templates_used = BTreeSet::new();
    for file in &files {
        let subject = Subject::load(file).unwrap();
        let criteria: BTreeSet<u8> = subject
            .grid
            .iter()
            .flat_map(|r| r.criteria.iter().copied())
            .collect();
        assert!(
            criteria.len() >= 5,
            "{}: criteria {criteria:?}",
            file.display()
        );
        if subject.side == Side::Shop {
            assert!(
                criteria.contains(&8),
                "{}: a shop subject has a diagnosis",
                file.display()
            );
        }
        let text = std::fs::read_to_string(file).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("# Modèles de questions"))
            .unwrap()
            .to_owned();
        templates_used.extend(
            line.split(": ")
                .nth(1)
                .unwrap()
                .split(", ")
                .map(str::to_owned),
        );
    }
    assert!(
        templates_used.len() >= 20,
        "{} templates used: {templates_used:?}",
        templates_used.len()
    );
}
