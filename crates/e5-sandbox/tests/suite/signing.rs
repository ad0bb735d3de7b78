//! Signed packages: only a package signed by a trusted key is installed (or an unsigned one
//! for training, recorded as such), and a signed golden.db still carries data, never code.

use std::path::{Path, PathBuf};

use e5_sandbox::keys::{self, SigningKey};
use e5_sandbox::{DataDir, Manifest, Provenance, SIGNATURE_DOMAIN, Trust};

use crate::common::{mini_site, tempdir};
use crate::packages::{entries_of, handmade_package};

async fn signed_mini(dir: &Path, key: &SigningKey) -> PathBuf {
    let out = dir.join("signed.e5ctx");
    e5_sandbox::pack_signed(&mini_site(), &out, key)
        .await
        .expect("signed pack");
    out
}

/// Asserts that `file` is refused with `expected` in the message and installs nothing.
async fn refused(file: &Path, data: &DataDir, trust: &Trust, expected: &str) {
    let err = e5_sandbox::import(file, data, trust)
        .await
        .expect_err("must be refused");
    assert!(err.to_string().contains(expected), "{err}");
    let err = e5_sandbox::verify(file, trust)
        .await
        .expect_err("verify refuses too");
    assert!(err.to_string().contains(expected), "{err}");
    assert!(
        e5_sandbox::list_contexts(data).expect("list").is_empty(),
        "nothing installed"
    );
    let left: Vec<_> = std::fs::read_dir(data.contexts_dir())
        .map(|d| d.map(|e| e.expect("entry").file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "no staging folder left: {left:?}");
}

#[tokio::test]
async fn a_signed_package_is_installed_with_its_key_and_packs_identically() {
    let dir = tempdir();
    let key = keys::generate().expect("key");
    let package = signed_mini(dir.path(), &key).await;
    let names: Vec<String> = entries_of(&package).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["manifest.json", "manifest.sig", "golden.db"]);
    let again = dir.path().join("again.e5ctx");
    e5_sandbox::pack_signed(&mini_site(), &again, &key)
        .await
        .expect("pack");
    assert!(
        std::fs::read(&package).expect("read") == std::fs::read(&again).expect("read"),
        "a signed package is deterministic too"
    );

    let data = DataDir::new(dir.path().join("data"));
    let ctx = e5_sandbox::import(&package, &data, &Trust::key(key.verifying_key()))
        .await
        .expect("import");
    let fingerprint = keys::fingerprint(&key.verifying_key());
    assert_eq!(
        ctx.provenance,
        Provenance::Signed {
            public_key: keys::public_hex(&key.verifying_key()),
            fingerprint: fingerprint.clone(),
        }
    );
    let listed = e5_sandbox::list_contexts(&data).expect("list");
    assert_eq!(listed[0].provenance, ctx.provenance, "recorded on disk");
    assert_eq!(
        listed[0].provenance.to_string(),
        format!("signé, clé {fingerprint}")
    );
}

#[tokio::test]
async fn an_unsigned_package_needs_allow_unsigned_which_is_recorded() {
    let dir = tempdir();
    let key = keys::generate().expect("key");
    let package = dir.path().join("unsigned.e5ctx");
    e5_sandbox::pack(&mini_site(), &package)
        .await
        .expect("pack");
    let data = DataDir::new(dir.path().join("data"));
    refused(
        &package,
        &data,
        &Trust::key(key.verifying_key()),
        "paquet non signé",
    )
    .await;
    refused(
        &package,
        &data,
        &Trust::default(),
        "aucune clé de confiance",
    )
    .await;

    let ctx = e5_sandbox::import(&package, &data, &Trust::allow_unsigned())
        .await
        .expect("training import");
    assert_eq!(ctx.provenance, Provenance::Unsigned);
    let listed = e5_sandbox::list_contexts(&data).expect("list");
    assert_eq!(listed[0].provenance.to_string(), "non signé (formation)");
}

#[tokio::test]
async fn another_key_or_an_altered_package_is_refused() {
    let dir = tempdir();
    let national = keys::generate().expect("key");
    let intruder = keys::generate().expect("key");
    let trust = Trust::key(national.verifying_key());
    let data = DataDir::new(dir.path().join("data"));

    let by_intruder = signed_mini(dir.path(), &intruder).await;
    refused(&by_intruder, &data, &trust, "signé par une autre clé").await;

    let good = dir.path().join("good.e5ctx");
    e5_sandbox::pack_signed(&mini_site(), &good, &national)
        .await
        .expect("pack");
    let entries = entries_of(&good);
    let (manifest, signature, golden) = (&entries[0].1, &entries[1].1, &entries[2].1);

    // The manifest changed, the signature kept.
    let text = String::from_utf8(manifest.clone()).expect("utf-8");
    let retitled = text.replace("Mini boutique", "Mini boutique modifiée");
    assert_ne!(retitled, text);
    let path = dir.path().join("retitled.e5ctx");
    handmade_package(
        &path,
        &[
            ("manifest.json", retitled.as_bytes()),
            ("manifest.sig", signature),
            ("golden.db", golden),
        ],
    );
    refused(&path, &data, &trust, "signature invalide").await;

    // golden.db changed, manifest and signature kept.
    let mut altered = golden.clone();
    let last = altered.len() - 1;
    altered[last] ^= 0x01;
    let path = dir.path().join("altered.e5ctx");
    handmade_package(
        &path,
        &[
            ("manifest.json", manifest),
            ("manifest.sig", signature),
            ("golden.db", &altered),
        ],
    );
    refused(&path, &data, &trust, "empreinte SHA-256 différente").await;

    // The signature removed.
    let path = dir.path().join("stripped.e5ctx");
    handmade_package(&path, &[("manifest.json", manifest), ("golden.db", golden)]);
    refused(&path, &data, &trust, "paquet non signé").await;
}

#[tokio::test]
async fn a_golden_db_with_an_extra_trigger_is_refused_even_signed_by_the_trusted_key() {
    let dir = tempdir();
    let national = keys::generate().expect("key");
    let good = signed_mini(dir.path(), &national).await;
    let entries = entries_of(&good);

    // The attack: a trigger that empties every candidate's journal, in a package properly
    // hashed and signed (a stolen key, or a designer's mistake).
    let golden_path = dir.path().join("golden.db");
    std::fs::write(&golden_path, &entries[2].1).expect("write golden");
    {
        use sqlx::Connection;
        let options = e5_shop_db::connect_options(&golden_path);
        let mut conn = sqlx::SqliteConnection::connect_with(&options)
            .await
            .expect("open");
        sqlx::query(
            "CREATE TRIGGER journal_wipe AFTER INSERT ON journal BEGIN DELETE FROM journal; END",
        )
        .execute(&mut conn)
        .await
        .expect("trigger");
        conn.close().await.expect("close");
    }
    let golden = std::fs::read(&golden_path).expect("read golden");
    let mut manifest = Manifest::parse(&entries[0].1).expect("manifest");
    manifest.entries[0].size = golden.len() as u64;
    manifest.entries[0].sha256 = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&golden))
    };
    let json = manifest.to_json();
    let signature = keys::signature_entry(&national, SIGNATURE_DOMAIN, &json);
    let evil = dir.path().join("evil.e5ctx");
    handmade_package(
        &evil,
        &[
            ("manifest.json", &json),
            ("manifest.sig", &signature),
            ("golden.db", &golden),
        ],
    );
    let data = DataDir::new(dir.path().join("data"));
    refused(
        &evil,
        &data,
        &Trust::key(national.verifying_key()),
        "déclencheur « journal_wipe » (sur la table « journal ») en trop",
    )
    .await;
    refused(
        &evil,
        &data,
        &Trust::allow_unsigned(),
        "schéma non conforme",
    )
    .await;
}
