//! A real subject imported and prepared into an exam, its evidence reaching the console; a
//! subject whose SQL reaches for the marks refused.

use crate::exam::{exam, third_commission};
use crate::helpers::one_for;
use serde_json::Value;

#[tokio::test]
async fn a_real_subject_is_imported_prepared_and_its_evidence_reaches_the_console() {
    let e = exam().await;
    let file = crate::helpers::repo_root().join("subjects/sujet-a-contenu-article-lin.toml");
    let (code, rows) = e5_exam::planning::import_subject(&e.platform, e.demo.session, &file, 1)
        .await
        .unwrap();
    assert!(rows >= 5, "{rows} grid rows");
    assert!(
        e.t.data.prepared_path(&code).unwrap().is_file(),
        "prepared ahead of exam day"
    );
    let commission = third_commission(&e, &code).await;
    e5_exam::planning::prepare_sandboxes(&e.platform, e.demo.session)
        .await
        .unwrap();
    let seat = e5_exam::planning::seats_of_commission(&e.platform, commission)
        .await
        .unwrap()[0]
        .seat_id;
    let examiner = e.examiner().await;
    let r: Value = examiner
        .response(&format!("/console/poste/{seat}/indices"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["available"], true, "{r}");
    let evidence = r["rows"].as_array().unwrap();
    assert!(!evidence.is_empty());
    assert!(
        evidence.iter().all(|row| row["satisfied"] == false),
        "nothing done yet: {r}"
    );
    // A broken subject file is refused with the subjects crate's diagnostics, nothing imported.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[subject]\ncode = \"X\"\n").unwrap();
    let err = e5_exam::planning::import_subject(&e.platform, e.demo.session, &bad, 1)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("bad.toml"), "{err}");
    assert_eq!(
        e.count("SELECT COUNT(*) FROM subject WHERE code = 'X'")
            .await,
        0
    );
}

#[tokio::test]
async fn a_subject_whose_sql_reaches_for_the_marks_is_refused_and_changes_nothing() {
    let e = exam().await;
    let platform_db = e.t.data.root().join("platform.db");
    let original = "sql = \"UPDATE media SET alt = '' WHERE file = 'atelier/champ-lin.svg'\"";
    let text = std::fs::read_to_string(
        crate::helpers::repo_root().join("subjects/sujet-a-contenu-article-lin.toml"),
    )
    .unwrap();
    assert!(text.contains(original));
    // The attack seen in the wild: end the overlay's transaction, attach the platform's
    // database, rewrite the marks.
    let text = text.replace(
        original,
        &format!(
            "sql = '''\nCOMMIT; ATTACH '{}' AS p; UPDATE p.grid SET mark = '20', signed_at = '2027-05-12 10:00';\n'''",
            platform_db.display()
        ),
    );
    // A code of its own, so that no prepared database of it exists yet.
    let text = text.replace("code = \"TDL27-A-CONTENU\"", "code = \"TDL27-A-PIEGE\"");
    let line = text[..text.find("[[overlay.sql]]").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let grids = || async {
        sqlx::query_as::<_, (i64, String, Option<String>)>(
            "SELECT seat_id, mark, signed_at FROM grid ORDER BY seat_id",
        )
        .fetch_all(e.platform.db())
        .await
        .unwrap()
    };
    let before = grids().await;
    assert!(!before.is_empty());
    let found = e5_exam::planning::import_subject_source(
        &e.platform,
        "test",
        e.demo.session,
        "sujet-piégé.toml",
        &text,
        1,
    )
    .await
    .expect_err("refused");
    let expected = format!(
        "ligne {line} : [[overlay.sql]] : instruction SQL refusée (COMMIT) : le SQL d'un sujet ne peut modifier que la base du sujet"
    );
    assert!(
        found.contains(&expected),
        "expected {expected}, got {found:?}"
    );
    assert_eq!(grids().await, before, "no mark changed");
    let prepared = e.t.data.prepared_path("TDL27-A-PIEGE").unwrap();
    assert!(!prepared.exists(), "no prepared database");
    let left: Vec<_> = std::fs::read_dir(prepared.parent().unwrap())
        .map(|d| d.collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "no partial file left: {left:?}");
    let recorded: i64 = one_for(
        e.platform.db(),
        "SELECT COUNT(*) FROM subject WHERE session_id = ? AND source LIKE '%ATTACH%'",
        e.demo.session,
    )
    .await;
    assert_eq!(recorded, 0);
}

/// `e5 subject check` on a file with five mistakes of different kinds prints five
/// `file:line: message` diagnostics in one run, and fails.
#[tokio::test]
async fn subject_check_lists_five_mistakes_in_one_run() {
    let t = crate::helpers::TestData::new().await;
    let text = std::fs::read_to_string(
        crate::helpers::repo_root().join("subjects/sujet-a-contenu-article-lin.toml"),
    )
    .unwrap()
    .replacen("min_headings = 2", "min_headings = 2\nmin_titres = 3", 1)
    .replacen("annexes = [2]", "annexes = [2]\ncouleur = \"bleu\"", 1)
    .replacen("min_words = 200", "min_words = \"beaucoup\"", 1)
    .replacen("annexes = [3]", "annexes = [9]", 1)
    .replacen("id = \"1b\"", "id = \"1a\"", 1);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sujet-cinq-erreurs.toml");
    std::fs::write(&file, text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_e5"))
        .args(["subject", "check"])
        .arg(&file)
        .arg("--data")
        .arg(t.data.root())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    let located: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with(&format!("{}:", file.display())))
        .collect();
    assert_eq!(located.len(), 5, "{said}");
    assert!(
        located.iter().all(|l| l
            .split(':')
            .nth(1)
            .is_some_and(|n| n.parse::<u32>().is_ok())),
        "{said}"
    );
}
