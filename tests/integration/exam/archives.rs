//! Archives and change logs: signed by the centre key, tampering and forged marks caught,
//! oversized entries refused unread.

use super::*;
use crate::helpers::exec;

#[tokio::test]
async fn a_tampered_archive_or_change_log_is_detected() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = e.demo.seats[0].seat_id;
    edit(&examiner, seat, "a-1", "level:1a", "TS").await;
    edit(&examiner, seat, "a-2", "mark", "16").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.tar");
    let manifest = e5_exam::archive::write(&e.platform, e.demo.session, &file)
        .await
        .unwrap();
    assert!(
        manifest.entries.iter().any(|x| x.name.ends_with(".db")),
        "final sandboxes are in"
    );
    let key = e5_exam::archive::centre_public_key(e.t.data.root())
        .unwrap()
        .expect("the centre's key was created to sign the archive");
    let ok = e5_exam::archive::verify(&file, Some(&key)).unwrap();
    assert!(ok.signature_checked);
    // One byte changed in a grid: detected, and named.
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes
        .windows(6)
        .position(|w| w == b"\"16\",\n")
        .or_else(|| bytes.windows(4).position(|w| w == b"\"16\""))
        .unwrap();
    bytes[at + 1] = b'9';
    let tampered = dir.path().join("tampered.tar");
    std::fs::write(&tampered, &bytes).unwrap();
    let why = e5_exam::archive::verify(&tampered, Some(&key)).unwrap_err();
    assert!(why.contains("modifié"), "{why}");
    // The CLI says so too.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_e5"))
        .args(["exam", "verify-archive"])
        .arg(&tampered)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ALTÉRÉE"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The change log in the database, altered behind the server's back (triggers dropped).
    exec(e.platform.db(), "DROP TRIGGER grid_event_no_update").await;
    exec(
        e.platform.db(),
        "UPDATE grid_event SET value = '20' WHERE idem_key = 'a-2'",
    )
    .await;
    let chain = e5_exam::grid::events(&e.platform, seat).await.unwrap();
    let why = e5_exam::grid::verify_chain(&chain).unwrap_err();
    assert!(why.contains("événement 2"), "{why}");
}

#[tokio::test]
async fn an_archive_is_signed_by_the_centre_key_and_a_forged_mark_is_caught() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = e.demo.seats[0].seat_id;
    edit(&examiner, seat, "s-1", "level:1a", "S").await;
    edit(&examiner, seat, "s-2", "mark", "12").await;
    edit(&examiner, seat, "s-3", "sign", "Claire Martin").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.tar");
    e5_exam::archive::write(&e.platform, e.demo.session, &file)
        .await
        .unwrap();
    let root = e.t.data.root();

    key_files_are_readable_by_their_owner_only(root);
    let (public, key) =
        the_centre_key_is_given_and_its_fingerprint_shown(&e, &examiner, seat, dir.path()).await;
    only_the_centre_key_says_authentic(&file, &public, root);
    a_forged_mark_is_caught(&file, dir.path(), seat, &key, &public);
}

/// Key files: readable by their owner only.
fn key_files_are_readable_by_their_owner_only(root: &std::path::Path) {
    #[cfg(unix)]
    for name in ["centre.key", "secret.key"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(root.join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }
}

/// `e5 exam key` gives the public key file, with its fingerprint; the fiche and the
/// session page show the fingerprint.
async fn the_centre_key_is_given_and_its_fingerprint_shown(
    e: &Exam,
    examiner: &Shopper,
    seat: i64,
    dir: &std::path::Path,
) -> (std::path::PathBuf, e5_sandbox::keys::VerifyingKey) {
    let root = e.t.data.root();
    let public = dir.join("centre.pub");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_e5"))
        .args(["exam", "key", "-o"])
        .arg(&public)
        .arg("--data")
        .arg(root)
        .output()
        .unwrap();
    assert!(out.status.success());
    let key = e5_sandbox::keys::read_public_key(&public).unwrap();
    let fingerprint = e5_sandbox::keys::fingerprint(&key);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&fingerprint));
    assert_eq!(
        Some(key),
        e5_exam::archive::centre_public_key(root).unwrap()
    );

    // The fiche shows the centre key's fingerprint.
    let fiche = examiner.get(&format!("/console/poste/{seat}/fiche")).await;
    fiche.shows(&format!("Clé publique du centre : {fingerprint}"));

    let admin = e.admin().await;
    let page = admin
        .get(&format!("/admin/session/{}", e.demo.session))
        .await;
    page.shows(&format!("empreinte {fingerprint}"));

    (public, key)
}

/// Right key (file or data folder): authentic. No key: integrity only, and a failure.
fn only_the_centre_key_says_authentic(
    file: &std::path::Path,
    public: &std::path::Path,
    root: &std::path::Path,
) {
    let (ok, said) = verify_archive(file, &["--key".as_ref(), public.as_os_str()]);
    assert!(ok && said.contains("authentique"), "{said}");
    let (ok, said) = verify_archive(file, &["--data".as_ref(), root.as_os_str()]);
    assert!(ok, "{said}");
    let (ok, said) = verify_archive(file, &[]);
    assert!(!ok && said.contains("authenticité non vérifiée"), "{said}");
    let wrong = &crate::helpers::national_keys().1;
    let (ok, said) = verify_archive(file, &["--key".as_ref(), wrong.as_os_str()]);
    assert!(!ok && said.contains("autre clé"), "{said}");
}

/// A mark changed in the archive is caught: by its log alone, or by the centre's signature.
fn a_forged_mark_is_caught(
    file: &std::path::Path,
    dir: &std::path::Path,
    seat: i64,
    key: &e5_sandbox::keys::VerifyingKey,
    public: &std::path::Path,
) {
    let entries = archive_entries(file);
    let seat_dir = {
        let (name, _) = entries
            .iter()
            .find(|(n, b)| {
                n.ends_with("/grille.json")
                    && serde_json::from_slice::<serde_json::Value>(b).unwrap()["grid"]["seat_id"]
                        == seat
            })
            .unwrap();
        name.trim_end_matches("grille.json").to_owned()
    };
    let grid_name = format!("{seat_dir}grille.json");
    let mut grid: serde_json::Value =
        serde_json::from_slice(&entries.iter().find(|(n, _)| *n == grid_name).unwrap().1).unwrap();
    assert_eq!(grid["grid"]["mark"], "12");
    grid["grid"]["mark"] = "18".into();
    let forged_grid = serde_json::to_vec_pretty(&grid).unwrap();

    // grille.json edited alone, hashes rebuilt: the grid no longer follows from its log,
    // caught even without the key.
    let mut only_grid = entries.clone();
    replace_entry(
        &mut only_grid,
        &format!("{seat_dir}grille.json"),
        forged_grid.clone(),
    );
    let forged = dir.join("grid-only.tar");
    forge(&forged, &only_grid);
    let why = e5_exam::archive::verify(&forged, None).unwrap_err();
    assert!(
        why.contains("grille.json : note « 18 »") && why.contains("journal des modifications"),
        "{why}"
    );

    // The mark changed in the log too, the chain and the hashes rebuilt: consistent, so
    // only the centre's signature catches it.
    let log_name = format!("{seat_dir}journal-grille.json");
    let mut log: Vec<e5_exam::grid::StoredEvent> =
        serde_json::from_slice(&entries.iter().find(|(n, _)| *n == log_name).unwrap().1).unwrap();
    let mut prev = e5_exam::grid::genesis();
    for event in &mut log {
        if event.event.field == "mark" {
            event.event.value = "18".into();
        }
        event.prev_hash = prev.clone();
        event.hash = e5_exam::grid::chain_hash(&prev, &event.event);
        prev = event.hash.clone();
    }
    let mut full = only_grid.clone();
    replace_entry(
        &mut full,
        &log_name,
        serde_json::to_vec_pretty(&log).unwrap(),
    );
    let forged = dir.join("forged.tar");
    forge(&forged, &full);
    let unchecked = e5_exam::archive::verify(&forged, None).expect("consistent without the key");
    assert!(!unchecked.signature_checked);
    let why = e5_exam::archive::verify(&forged, Some(key)).unwrap_err();
    assert!(why.contains("signature invalide"), "{why}");
    let (ok, said) = verify_archive(&forged, &["--key".as_ref(), public.as_os_str()]);
    assert!(!ok && said.contains("ALTÉRÉE"), "{said}");
    let (ok, said) = verify_archive(&forged, &[]);
    assert!(!ok && said.contains("authenticité non vérifiée"), "{said}");

    // Re-signed by the forger's own key: not the centre's.
    let forger = e5_sandbox::keys::generate().unwrap();
    let mut resigned = archive_entries(&forged);
    let manifest = resigned[0].1.clone();
    replace_entry(
        &mut resigned,
        "manifest.sig",
        e5_sandbox::keys::signature_entry(&forger, e5_exam::archive::SIGNATURE_DOMAIN, &manifest),
    );
    let resigned_file = dir.join("resigned.tar");
    forge(&resigned_file, &resigned);
    let why = e5_exam::archive::verify(&resigned_file, Some(key)).unwrap_err();
    assert!(why.contains("autre clé"), "{why}");
}

/// An entry whose tar header announces 3 GiB (a sparse file: nothing on disk) is refused
/// from its header, without being read, and so is a manifest announcing more than the cap.
#[tokio::test]
async fn an_oversized_archive_entry_is_refused_without_being_read() {
    let e = exam().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.tar");
    e5_exam::archive::write(&e.platform, e.demo.session, &file)
        .await
        .unwrap();
    let entries = archive_entries(&file);
    let db = entries
        .iter()
        .find(|(n, _)| n.ends_with(".db"))
        .unwrap()
        .0
        .clone();
    let huge: u64 = 3 << 30;
    let sparse = |out: &std::path::Path, manifest: Option<&[u8]>| {
        sparse_archive(&entries, &db, huge, manifest, out)
    };
    let started = std::time::Instant::now();
    let lying = dir.path().join("lying.tar");
    sparse(&lying, None);
    let why = e5_exam::archive::verify(&lying, None).unwrap_err();
    assert!(why.contains(&db) && why.contains("modifié"), "{why}");

    let mut manifest = manifest_of(&entries);
    for listed in &mut manifest.entries {
        if listed.name == db {
            listed.size = huge;
        }
    }
    let manifest = serde_json::to_vec_pretty(&manifest).unwrap();
    let announced = dir.path().join("announced.tar");
    sparse(&announced, Some(&manifest));
    let why = e5_exam::archive::verify(&announced, None).unwrap_err();
    assert!(
        why.contains(&db) && why.contains("annoncés par le manifeste"),
        "{why}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10), // reading 3 GiB would take far longer
        "{:?}",
        started.elapsed()
    );
}
