//! Packaging the reference context: determinism, integrity, signatures, import.

use crate::helpers::{one, one_for};
use std::path::Path;
use std::process::{Command, Output};

use crate::helpers::{TestData, national_keys, national_trust, reference_package, repo_root};

#[tokio::test]
async fn packing_the_same_sources_twice_gives_byte_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("again.e5ctx");
    let key = e5_sandbox::keys::read_private_key(&national_keys().0).unwrap();
    e5_sandbox::pack_signed(&repo_root().join("reference-site"), &again, &key)
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
        let err = e5_sandbox::import(bad, &data, &national_trust())
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
        .arg("--trust")
        .arg(&national_keys().1)
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
    let db = e5_shop_db::open_read_only(&t.data.golden_path(&t.context))
        .await
        .unwrap();
    let count = |sql: &'static str| {
        let db = db.clone();
        async move { one::<i64>(&db, sql).await }
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
        let n: i64 = one_for(
            &db,
            "SELECT COUNT(*) FROM post WHERE kind = 'page' AND slug = ?",
            slug,
        )
        .await;
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

fn e5(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_e5"))
        .args(args)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A package's entries, and the same package rebuilt from chosen entries.
pub(crate) fn entries_of(package: &Path) -> Vec<(String, Vec<u8>)> {
    crate::helpers::tar_entries(flate2::read::GzDecoder::new(
        std::fs::File::open(package).unwrap(),
    ))
}

fn rebuild(out: &Path, entries: &[(String, Vec<u8>)]) {
    let gz = flate2::write::GzEncoder::new(
        std::fs::File::create(out).unwrap(),
        flate2::Compression::default(),
    );
    let mut tar = tar::Builder::new(gz);
    for (name, bytes) in entries {
        let mut h = tar::Header::new_ustar();
        h.set_path(name).unwrap();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append(&h, bytes.as_slice()).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn the_command_line_signs_packages_and_imports_only_trusted_ones() {
    let dir = tempfile::tempdir().unwrap();
    let private = dir.path().join("national.key");
    let public = dir.path().join("national.pub");
    let data = dir.path().join("data");
    keygen_writes_a_private_key_once(&private, &public);
    let package = packed_and_signed_by_the_command_line(dir.path(), &private);
    let (unsigned, altered) = forged_copies(dir.path(), &package);
    untrusted_packages_are_refused_and_nothing_installed(
        &data, &public, &package, &unsigned, &altered,
    );
    the_trusted_package_is_installed_and_listed_as_signed(&data, &public, &package);
    an_unsigned_package_is_accepted_for_training(dir.path(), &unsigned);
}

fn import(file: &Path, data: &Path, extra: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "context".as_ref(),
        "import".as_ref(),
        file.as_os_str(),
        "--data".as_ref(),
        data.as_os_str(),
    ];
    args.extend_from_slice(extra);
    e5(&args)
}

/// `e5 context keygen`: a private key readable by its owner only, never replaced.
fn keygen_writes_a_private_key_once(private: &Path, public: &Path) {
    let out = e5(&[
        "context".as_ref(),
        "keygen".as_ref(),
        "-o".as_ref(),
        private.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    #[cfg(unix)]
    assert_eq!(
        mode(private),
        0o600,
        "the private key is never readable by others"
    );
    let public_text = std::fs::read_to_string(public).unwrap();
    assert!(public_text.starts_with("# Clé publique"), "{public_text}");
    let again = e5(&[
        "context".as_ref(),
        "keygen".as_ref(),
        "-o".as_ref(),
        private.as_os_str(),
    ]);
    assert!(!again.status.success(), "an existing key is never replaced");
}

/// Packed and signed by the command line; the same bytes as the library's.
fn packed_and_signed_by_the_command_line(dir: &Path, private: &Path) -> std::path::PathBuf {
    let package = dir.join("signed.e5ctx");
    let reference = repo_root().join("reference-site");
    let out = e5(&[
        "context".as_ref(),
        "pack".as_ref(),
        reference.as_os_str(),
        "-o".as_ref(),
        package.as_os_str(),
        "--sign".as_ref(),
        private.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let names: Vec<String> = entries_of(&package).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["manifest.json", "manifest.sig", "golden.db"]);

    package
}

/// The package without its signature, and with its manifest altered.
fn forged_copies(dir: &Path, package: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let unsigned = dir.join("unsigned.e5ctx");
    let entries = entries_of(package);
    rebuild(&unsigned, &[entries[0].clone(), entries[2].clone()]);
    let altered = dir.join("altered.e5ctx");
    let mut manifest = String::from_utf8(entries[0].1.clone()).unwrap();
    manifest = manifest.replace("\"title\": \"", "\"title\": \"Faux ");
    rebuild(
        &altered,
        &[
            ("manifest.json".to_owned(), manifest.into_bytes()),
            entries[1].clone(),
            entries[2].clone(),
        ],
    );
    (unsigned, altered)
}

/// Refusals: no trust given, another key, unsigned, altered; nothing installed.
fn untrusted_packages_are_refused_and_nothing_installed(
    data: &Path,
    public: &Path,
    package: &Path,
    unsigned: &Path,
    altered: &Path,
) {
    let other_key = national_keys().1.as_os_str();
    let installed =
        || e5_sandbox::list_contexts(&e5_sandbox::DataDir::new(data)).unwrap_or_default();
    for (file, extra, expected) in [
        (package, vec![], "aucune clé de confiance"),
        (
            package,
            vec!["--trust".as_ref(), other_key],
            "signé par une autre clé",
        ),
        (
            unsigned,
            vec!["--trust".as_ref(), public.as_os_str()],
            "paquet non signé",
        ),
        (
            altered,
            vec!["--trust".as_ref(), public.as_os_str()],
            "signature invalide",
        ),
    ] {
        let out = import(file, data, &extra);
        assert!(!out.status.success(), "{}", text(&out));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("erreur") && stderr.contains(expected),
            "{stderr}"
        );
        assert!(installed().is_empty(), "nothing installed after: {stderr}");
        let verify = e5(&[
            &["context".as_ref(), "verify".as_ref(), file.as_os_str()][..],
            &extra,
        ]
        .concat());
        assert!(
            !verify.status.success(),
            "verify refuses too: {}",
            text(&verify)
        );
    }
}

fn the_trusted_package_is_installed_and_listed_as_signed(
    data: &Path,
    public: &Path,
    package: &Path,
) {
    let out = import(package, data, &["--trust".as_ref(), public.as_os_str()]);
    assert!(out.status.success(), "{}", text(&out));
    let fingerprint =
        e5_sandbox::keys::fingerprint(&e5_sandbox::keys::read_public_key(public).unwrap());
    let list = e5(&[
        "context".as_ref(),
        "list".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
    ]);
    assert!(
        text(&list).contains(&format!("signé, clé {fingerprint}")),
        "{}",
        text(&list)
    );
}

/// Training: an unsigned package accepted on purpose, and shown as such.
fn an_unsigned_package_is_accepted_for_training(dir: &Path, unsigned: &Path) {
    let training = dir.join("training");
    let out = e5(&[
        "context".as_ref(),
        "import".as_ref(),
        unsigned.as_os_str(),
        "--allow-unsigned".as_ref(),
        "--data".as_ref(),
        training.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let list = e5(&[
        "context".as_ref(),
        "list".as_ref(),
        "--data".as_ref(),
        training.as_os_str(),
    ]);
    assert!(
        text(&list).contains("non signé (formation)"),
        "{}",
        text(&list)
    );
}

/// A package whose `golden.db` is far larger than its manifest says is refused from the tar
/// header, quickly, leaving no staging folder and nothing installed.
#[tokio::test]
async fn a_golden_db_larger_than_its_manifest_is_refused_before_being_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut entries = entries_of(reference_package());
    entries.retain(|(name, _)| name != "manifest.sig");
    for (name, bytes) in &mut entries {
        if name == "golden.db" {
            bytes.resize(bytes.len() + (32 << 20), 0);
        }
    }
    let forged = dir.path().join("forged.e5ctx");
    rebuild(&forged, &entries);
    let data = e5_sandbox::DataDir::new(dir.path().join("data"));
    let started = std::time::Instant::now();
    let err = e5_sandbox::import(&forged, &data, &e5_sandbox::Trust::allow_unsigned())
        .await
        .expect_err("a golden.db larger than declared must be refused")
        .to_string();
    assert!(err.contains("annoncés par le manifeste"), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10), // writing 3 GiB would take far longer
        "{:?}",
        started.elapsed()
    );
    assert!(
        e5_sandbox::list_contexts(&data)
            .unwrap_or_default()
            .is_empty()
    );
    let left: Vec<_> = std::fs::read_dir(data.contexts_dir())
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "nothing left in the data folder: {left:?}");
}
