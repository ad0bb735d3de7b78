//! Each broken source must be reported at its file:line, and stop the packing.

use std::path::Path;

use crate::common::{copy_tree, mini_site, tempdir};

/// Copies the mini site, applies `edit` to the file `file`, packs, returns the error text.
async fn pack_error(file: &str, edit: impl FnOnce(String) -> String) -> String {
    let dir = tempdir();
    let src = dir.path().join("src");
    copy_tree(&mini_site(), &src);
    let path = src.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let edited = edit(text);
    if edited.is_empty() {
        std::fs::remove_file(&path).expect("remove");
    } else {
        std::fs::write(&path, edited).expect("write");
    }
    let out = dir.path().join("out.e5ctx");
    let err = e5_sandbox::pack(&src, &out)
        .await
        .expect_err("broken sources must not pack");
    assert!(!out.exists(), "no package written");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(left, ["src"], "no temporary file left");
    // Paths in messages are the ones the user gave: make them relative for the asserts.
    err.to_string().replace(&format!("{}/", src.display()), "")
}

fn assert_has(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "expected « {part} » in: {message}");
    }
}

#[tokio::test]
async fn an_unknown_column_is_reported_with_the_expected_ones() {
    let msg = pack_error("data/product.csv", |t| t.replace("price_ht_cents", "prix")).await;
    assert_has(
        &msg,
        &["data/product.csv:1 : colonne « prix » inconnue (colonnes attendues : id, reference,"],
    );
}

#[tokio::test]
async fn a_bad_integer_is_reported_at_its_line_and_column() {
    let msg = pack_error("data/product.csv", |t| t.replace(",990,", ",neuf euros,")).await;
    assert_has(
        &msg,
        &[
            "data/product.csv:4 : colonne « price_ht_cents » : « neuf euros » n'est pas un nombre entier",
        ],
    );
}

#[tokio::test]
async fn a_dangling_foreign_key_is_reported_at_the_line_that_inserted_it() {
    let msg = pack_error("data/product.csv", |t| {
        t.replace("serviettes-brodees,2,", "serviettes-brodees,99,")
    })
    .await;
    assert_has(
        &msg,
        &[
            "data/product.csv:3 : la valeur 99 de category_id ne correspond à aucune ligne de category",
        ],
    );
}

#[tokio::test]
async fn a_dangling_key_in_front_matter_points_at_its_key() {
    let msg = pack_error("content/pages/a-propos.md", |t| {
        t.replace("author_id = 1", "author_id = 42")
    })
    .await;
    assert_has(
        &msg,
        &[
            "content/pages/a-propos.md:6 : la valeur 42 de author_id ne correspond à aucune ligne de employee",
        ],
    );
}

#[tokio::test]
async fn a_missing_media_file_is_reported_at_its_csv_line() {
    let msg = pack_error("media/logo.svg", |_| String::new()).await;
    assert_has(
        &msg,
        &["data/media.csv:2 : fichier média illisible", "logo.svg"],
    );
}

#[tokio::test]
async fn bad_front_matter_is_reported_at_its_line() {
    let msg = pack_error("content/posts/2025-10-03-bienvenue.md", |t| {
        t.replace("sticky = true", "sticky = \"oui\"")
    })
    .await;
    assert_has(
        &msg,
        &["content/posts/2025-10-03-bienvenue.md:9 : TOML invalide"],
    );
    let msg = pack_error("content/posts/2025-10-03-bienvenue.md", |t| {
        t.replace("tag:lin", "tag:coton")
    })
    .await;
    assert_has(
        &msg,
        &["2025-10-03-bienvenue.md:11 : terme « tag:coton » introuvable"],
    );
    let msg = pack_error("content/pages/a-propos.md", |t| t.replacen("+++\n", "", 1)).await;
    assert_has(
        &msg,
        &["content/pages/a-propos.md:1 : en-tête TOML attendu"],
    );
    let msg = pack_error("content/pages/a-propos.md", |t| {
        t + "\n![photo](photo.jpg)\n"
    })
    .await;
    assert_has(
        &msg,
        &["content/pages/a-propos.md:16 : image « photo.jpg »"],
    );
}

#[tokio::test]
async fn constraint_violations_carry_sqlite_message() {
    let msg = pack_error("data/customer.csv", |t| {
        t.replace("Mme,Claire,Dubois", "Mme,Claire,")
    })
    .await;
    assert_has(
        &msg,
        &[
            "data/customer.csv:2 : ligne refusée par la base : NOT NULL constraint failed: customer.last_name",
        ],
    );
    let msg = pack_error("data/employee.csv", |t| {
        t.replace(",administrator", ",patron")
    })
    .await;
    assert_has(
        &msg,
        &["data/employee.csv:2 : ligne refusée par la base : CHECK constraint failed"],
    );
    let msg = pack_error("data/product.csv", |t| t.replace("SER-002", "NAP-001")).await;
    assert_has(
        &msg,
        &[
            "data/product.csv:3 : ligne refusée par la base : UNIQUE constraint failed: product.reference",
        ],
    );
}

#[tokio::test]
async fn an_unknown_table_file_or_bad_context_is_refused() {
    let msg = pack_error("data/produits.csv", |_| "id\n1\n".to_owned()).await;
    assert_has(
        &msg,
        &["data/produits.csv : table « produits » inconnue (tables possibles :"],
    );
    let msg = pack_error("context.toml", |t| {
        t.replace("schema_version = 1", "schema_version = 999")
    })
    .await;
    assert_has(&msg, &["context.toml:8 : schema_version = 999"]);
    let msg = pack_error("context.toml", |t| {
        t.replace("2025-11-01T09:00:00+01:00", "hier")
    })
    .await;
    assert_has(&msg, &["context.toml:7 : created : date RFC 3339 attendue"]);
}

#[test]
fn fixture_is_where_the_tests_expect_it() {
    assert!(Path::new(&mini_site()).join("context.toml").is_file());
}
