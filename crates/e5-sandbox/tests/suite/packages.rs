use std::io::{Read, Write};
use std::path::Path;

use e5_sandbox::{DataDir, Error};

use crate::common::{installed_mini_site, mini_site, tempdir};

#[tokio::test]
async fn packing_twice_gives_byte_identical_files() {
    let dir = tempdir();
    let (a, b) = (dir.path().join("a.e5ctx"), dir.path().join("b.e5ctx"));
    let ma = e5_sandbox::pack(&mini_site(), &a).await.expect("pack a");
    let mb = e5_sandbox::pack(&mini_site(), &b).await.expect("pack b");
    assert_eq!(ma, mb);
    let (ba, bb) = (
        std::fs::read(&a).expect("read a"),
        std::fs::read(&b).expect("read b"),
    );
    assert!(ba == bb, "two packs of the same sources differ");
    assert_eq!(ma.id.as_str(), "mini-boutique");
    assert_eq!(ma.created, "2025-11-01T09:00:00+01:00");
    // Only the two packages are left: no temporary file behind.
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 2);
}

#[tokio::test]
async fn a_packed_context_verifies_and_its_golden_db_holds_the_sources() {
    let dir = tempdir();
    let (data, ctx) = installed_mini_site(dir.path()).await;
    let manifest = e5_sandbox::verify(
        &dir.path().join("mini.e5ctx"),
        &e5_sandbox::Trust::allow_unsigned(),
    )
    .await
    .expect("verifies")
    .manifest;
    assert_eq!(manifest.entries.len(), 1);
    assert_eq!(manifest.entries[0].name, "golden.db");
    assert_eq!(ctx.spec(), "mini-boutique@1.0");

    let golden = data.golden_path(&ctx);
    let mode = std::fs::metadata(&golden).expect("golden").permissions();
    assert!(mode.readonly(), "an installed golden db is read-only");

    let pool = e5_shop_db::open_read_only(&golden)
        .await
        .expect("open golden");
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .expect(sql)
        }
    };
    assert_eq!(count("SELECT COUNT(*) FROM product").await, 3);
    assert_eq!(
        count("SELECT COUNT(*) FROM post_term WHERE post_id = 1").await,
        2
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM customer WHERE password_hash IS NULL").await,
        1
    );
    assert_eq!(count("SELECT COUNT(*) FROM setting").await, 2);
    let (mime, size): (String, i64) =
        sqlx::query_as("SELECT mime, length(data) FROM media WHERE id = 1")
            .fetch_one(&pool)
            .await
            .expect("media");
    assert_eq!(mime, "image/svg+xml");
    assert!(size > 100);
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM employee WHERE id = 1")
        .fetch_one(&pool)
        .await
        .expect("employee");
    assert!(e5_shop_db::password::verify_password("admin-demo", &hash));
    let (blocks, created): (String, String) =
        sqlx::query_as("SELECT blocks, created_at FROM post WHERE slug = 'a-propos'")
            .fetch_one(&pool)
            .await
            .expect("page");
    assert_eq!(
        blocks,
        r#"[{"type":"header","data":{"level":2,"text":"Qui sommes-nous ?"}},{"type":"list","data":{"style":"ordered","items":["Une famille","Un atelier"]}}]"#
    );
    assert_eq!(
        created, "2025-11-01 09:00:00",
        "no published_at: the context's date"
    );
    let meta: Vec<(String, String)> =
        sqlx::query_as("SELECT key, value FROM sandbox_meta ORDER BY key")
            .fetch_all(&pool)
            .await
            .expect("meta");
    let keys: Vec<&str> = meta.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "context_id",
            "context_title",
            "context_version",
            "schema_version"
        ]
    );
    pool.close().await;
}

#[tokio::test]
async fn importing_the_same_package_twice_is_a_no_op() {
    let dir = tempdir();
    let (data, first) = installed_mini_site(dir.path()).await;
    let again = e5_sandbox::import(
        &dir.path().join("mini.e5ctx"),
        &data,
        &e5_sandbox::Trust::allow_unsigned(),
    )
    .await
    .expect("same package");
    assert_eq!(first, again);
    assert_eq!(
        e5_sandbox::list_contexts(&data).expect("list"),
        vec![first.clone()]
    );
    assert_eq!(
        e5_sandbox::find_context(&data, "mini-boutique").expect("by id"),
        first
    );
    assert_eq!(
        e5_sandbox::find_context(&data, "mini-boutique@1.0").expect("by spec"),
        first
    );
    let missing =
        e5_sandbox::find_context(&data, "mini-boutique@2.0").expect_err("must be refused");
    assert!(
        matches!(missing, Error::ContextNotFound { .. }),
        "{missing}"
    );
    assert!(
        missing.to_string().contains("mini-boutique@1.0"),
        "lists what is installed: {missing}"
    );
}

/// Rewrites a package with one byte of golden.db changed (manifest untouched).
fn flip_golden_byte(package: &Path, out: &Path) {
    let mut tar_bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(package).expect("open"))
        .read_to_end(&mut tar_bytes)
        .expect("gunzip");
    // golden.db is the second entry: its data starts after the manifest's blocks and its
    // own header. Flip a byte well inside it.
    let manifest_size = {
        let mut archive = tar::Archive::new(tar_bytes.as_slice());
        let first = archive
            .entries()
            .expect("entries")
            .next()
            .expect("one")
            .expect("entry");
        first.header().size().expect("size")
    };
    let golden_data = 512 + manifest_size.div_ceil(512) as usize * 512 + 512;
    tar_bytes[golden_data + 5000] ^= 0x01;
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(out).expect("create"),
        flate2::Compression::default(),
    );
    gz.write_all(&tar_bytes).expect("gzip");
    gz.finish().expect("finish");
}

fn installed_nothing(data: &DataDir) {
    let leftovers: Vec<_> = match std::fs::read_dir(data.contexts_dir()) {
        Ok(entries) => entries.map(|e| e.expect("entry").file_name()).collect(),
        Err(_) => Vec::new(),
    };
    assert!(
        leftovers.is_empty(),
        "nothing installed, nothing left: {leftovers:?}"
    );
}

#[tokio::test]
async fn an_altered_package_is_refused_and_installs_nothing() {
    let dir = tempdir();
    let good = dir.path().join("good.e5ctx");
    e5_sandbox::pack(&mini_site(), &good).await.expect("pack");
    let bad = dir.path().join("bad.e5ctx");
    flip_golden_byte(&good, &bad);

    let err = e5_sandbox::verify(&bad, &e5_sandbox::Trust::allow_unsigned())
        .await
        .expect_err("must be refused");
    assert!(
        err.to_string().contains(
            "golden.db : empreinte SHA-256 différente du manifeste : le paquet a été modifié"
        ),
        "{err}"
    );
    let data = DataDir::new(dir.path().join("data"));
    let err = e5_sandbox::import(&bad, &data, &e5_sandbox::Trust::allow_unsigned())
        .await
        .expect_err("must be refused");
    assert!(err.to_string().contains("SHA-256"), "{err}");
    installed_nothing(&data);
}

#[tokio::test]
async fn a_truncated_or_foreign_file_is_refused_and_installs_nothing() {
    let dir = tempdir();
    let good = dir.path().join("good.e5ctx");
    e5_sandbox::pack(&mini_site(), &good).await.expect("pack");
    let bytes = std::fs::read(&good).expect("read");
    let data = DataDir::new(dir.path().join("data"));
    for cut in [bytes.len() - 10, bytes.len() / 2, 100] {
        let truncated = dir.path().join(format!("cut-{cut}.e5ctx"));
        std::fs::write(&truncated, &bytes[..cut]).expect("write");
        let err = e5_sandbox::verify(&truncated, &e5_sandbox::Trust::allow_unsigned())
            .await
            .expect_err("must be refused");
        assert!(
            err.to_string()
                .contains("le fichier est tronqué ou corrompu"),
            "cut at {cut}: {err}"
        );
        assert!(
            e5_sandbox::import(&truncated, &data, &e5_sandbox::Trust::allow_unsigned())
                .await
                .is_err()
        );
        installed_nothing(&data);
    }
    let text = dir.path().join("notes.e5ctx");
    std::fs::write(&text, "pas un paquet").expect("write");
    let err = e5_sandbox::verify(&text, &e5_sandbox::Trust::allow_unsigned())
        .await
        .expect_err("must be refused");
    assert!(err.to_string().contains("fichier gzip attendu"), "{err}");
}

/// Builds a package by hand from (name, bytes) entries.
pub(crate) fn handmade_package(out: &Path, entries: &[(&str, &[u8])]) {
    let gz = flate2::write::GzEncoder::new(
        std::fs::File::create(out).expect("create"),
        flate2::Compression::default(),
    );
    let mut tar = tar::Builder::new(gz);
    for (name, bytes) in entries {
        let mut h = tar::Header::new_ustar();
        h.set_path(name).expect("path");
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append(&h, *bytes).expect("append");
    }
    tar.into_inner().expect("tar").finish().expect("gzip");
}

pub(crate) fn entries_of(package: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(
        std::fs::File::open(package).expect("open"),
    ));
    archive
        .entries()
        .expect("entries")
        .map(|e| {
            let mut e = e.expect("entry");
            let name = e.path().expect("path").to_string_lossy().into_owned();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).expect("read");
            (name, bytes)
        })
        .collect()
}

#[tokio::test]
async fn entries_must_be_the_expected_ones_in_order() {
    let dir = tempdir();
    let good = dir.path().join("good.e5ctx");
    e5_sandbox::pack(&mini_site(), &good).await.expect("pack");
    let entries = entries_of(&good);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["manifest.json", "golden.db"]);
    let (manifest, golden) = (entries[0].1.as_slice(), entries[1].1.as_slice());

    let case = |name: &str, parts: &[(&str, &[u8])]| {
        let path = dir.path().join(format!("{name}.e5ctx"));
        handmade_package(&path, parts);
        path
    };
    let signed = case(
        "signed",
        &[
            ("manifest.json", manifest),
            ("manifest.sig", b"sig"),
            ("golden.db", golden),
        ],
    );

    let refusals = [
        (signed, "manifest.sig : signature illisible"),
        (
            case(
                "golden-first",
                &[("golden.db", golden), ("manifest.json", manifest)],
            ),
            "pas en première position",
        ),
        (
            case(
                "extra",
                &[
                    ("manifest.json", manifest),
                    ("golden.db", golden),
                    ("notes.txt", b"x"),
                ],
            ),
            "entrée inattendue « notes.txt »",
        ),
        (
            case("missing", &[("manifest.json", manifest)]),
            "golden.db manquant",
        ),
        (
            case(
                "bad-json",
                &[("manifest.json", b"{"), ("golden.db", golden)],
            ),
            "JSON invalide",
        ),
    ];
    for (path, expected) in refusals {
        let err = e5_sandbox::verify(&path, &e5_sandbox::Trust::allow_unsigned())
            .await
            .expect_err("must be refused");
        assert!(
            err.to_string().contains(expected),
            "{}: {err}",
            path.display()
        );
    }

    let text = String::from_utf8(manifest.to_vec()).expect("utf-8");
    let future = text.replace("\"format_version\": 1", "\"format_version\": 2");
    let known = e5_sandbox::schema_version_known();
    let newer_schema = text.replace(
        &format!("\"schema_version\": {known}"),
        "\"schema_version\": 999",
    );
    for (name, m, expected) in [
        ("future", future, "version de format 2"),
        ("schema", newer_schema, "schéma 999"),
    ] {
        let path = case(
            name,
            &[("manifest.json", m.as_bytes()), ("golden.db", golden)],
        );
        let err = e5_sandbox::verify(&path, &e5_sandbox::Trust::allow_unsigned())
            .await
            .expect_err("must be refused");
        assert!(err.to_string().contains(expected), "{err}");
    }
}

#[tokio::test]
async fn a_different_package_with_the_same_version_is_refused() {
    let dir = tempdir();
    let (data, _) = installed_mini_site(dir.path()).await;
    let changed_src = dir.path().join("changed");
    crate::common::copy_tree(&mini_site(), &changed_src);
    let toml = changed_src.join("context.toml");
    let text = std::fs::read_to_string(&toml)
        .expect("read")
        .replace("Mini boutique\"", "Autre boutique\"");
    std::fs::write(&toml, text).expect("write");
    let changed = dir.path().join("changed.e5ctx");
    e5_sandbox::pack(&changed_src, &changed)
        .await
        .expect("pack");
    let err = e5_sandbox::import(&changed, &data, &e5_sandbox::Trust::allow_unsigned())
        .await
        .expect_err("must be refused");
    assert!(matches!(err, Error::ContextConflict { .. }), "{err}");
    let names: Vec<_> = std::fs::read_dir(data.contexts_dir())
        .expect("list")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(names, ["mini-boutique@1.0"], "no staging folder left");
}
