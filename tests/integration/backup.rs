//! Online backups: `e5 backup` while the console saves grid edits, then `e5 restore` into an
//! empty folder (every acknowledged edit there, every database intact), a non-empty folder
//! refused, and an altered tar refused without leaving anything behind.

use crate::helpers::one;
use std::path::Path;
use std::sync::{Arc, Mutex};

use e5_sandbox::DataDir;
use e5_sandbox::backup::{self, BackupManifest, MANIFEST_NAME};
use serde_json::{Value, json};

use crate::exam::exam;
use crate::helpers::column_for;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_grid_edits_restores_every_acknowledged_edit() {
    let e = exam().await;
    let examiner = e.examiner().await;
    let seat = e.demo.seats[0].seat_id;
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));

    let editor = {
        let acknowledged = acknowledged.clone();
        let stop = stop.clone();
        let client = examiner.client.clone();
        let staff = examiner.staff.clone();
        tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let key = format!("b-{i}");
                let r = client
                    .post(format!("{staff}/console/poste/{seat}/grille"))
                    .header("origin", &staff)
                    .json(&json!({"key": key, "field": "comment:1a", "value": format!("note {i}")}))
                    .send()
                    .await
                    .unwrap();
                let status = r.status().as_u16();
                let body: Value = r.json().await.unwrap_or(Value::Null);
                assert_eq!(status, 200, "{body}");
                acknowledged.lock().unwrap().push(key);
                i += 1;
            }
        })
    };
    // Let a few edits land first.
    while acknowledged.lock().unwrap().len() < 5 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }

    let out_dir = tempfile::tempdir().unwrap();
    let tar_path = out_dir.path().join("sauvegarde.tar");
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let summary = backup::backup(&e.t.data, &tar_path).await.unwrap();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    editor.await.unwrap();
    assert!(
        acknowledged.lock().unwrap().len() > before.len(),
        "edits went on during the backup"
    );
    assert!(summary.databases >= 4, "{summary:?}");
    assert!(summary.bytes > 0);

    let manifest = the_manifest_comes_first_with_private_keys(&tar_path, e.t.data.root());
    let restored = out_dir.path().join("restaure");
    every_acknowledged_edit_is_restored(&tar_path, &restored, &manifest, seat, &before).await;
    a_folder_that_is_not_empty_is_refused(&tar_path, &restored).await;
    an_altered_backup_is_refused_leaving_nothing(&tar_path, out_dir.path()).await;
}

/// The manifest comes first and lists the keys as 0600, in the tar headers too.
fn the_manifest_comes_first_with_private_keys(tar_path: &Path, root: &Path) -> BackupManifest {
    let mut tar = tar::Archive::new(std::fs::File::open(tar_path).unwrap());
    let mut manifest: Option<BackupManifest> = None;
    let mut modes = std::collections::BTreeMap::new();
    for entry in tar.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().to_string_lossy().into_owned();
        if manifest.is_none() {
            assert_eq!(path, MANIFEST_NAME);
            manifest = Some(serde_json::from_reader(&mut entry).unwrap());
        } else {
            modes.insert(path, entry.header().mode().unwrap());
        }
    }
    let manifest = manifest.unwrap();
    for key in ["secret.key", "centre.key"] {
        if root.join(key).exists() {
            assert_eq!(modes.get(key), Some(&0o600), "{key}: {modes:?}");
        }
    }
    assert!(modes.contains_key("platform.db"), "{modes:?}");
    assert!(modes.keys().any(|p| p.starts_with("sandboxes/")));
    assert!(modes.keys().any(|p| p.ends_with("/golden.db")));
    assert!(modes.keys().any(|p| p.ends_with("/prepared.db")));
    assert!(
        !modes
            .keys()
            .any(|p| p.ends_with("-wal") || p.ends_with("-shm"))
    );
    assert_eq!(manifest.files.len(), modes.len());
    manifest
}

/// Restored into a fresh folder: every edit acknowledged before the backup is there.
async fn every_acknowledged_edit_is_restored(
    tar_path: &Path,
    restored: &Path,
    manifest: &BackupManifest,
    seat: i64,
    before: &[String],
) {
    let r = backup::restore(tar_path, &DataDir::new(restored))
        .await
        .unwrap();
    assert_eq!(r.files, manifest.files.len());
    let db = e5_shop_db::open_read_only(&restored.join("platform.db"))
        .await
        .unwrap();
    let keys: Vec<String> = column_for(
        &db,
        "SELECT idem_key FROM grid_event WHERE seat_id = ?",
        seat,
    )
    .await;
    for key in before {
        assert!(keys.contains(key), "{key} lost: {keys:?}");
    }
    let check: String = one(&db, "PRAGMA integrity_check").await;
    assert_eq!(check, "ok");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(restored.join("centre.key").as_path())
            .or_else(|_| std::fs::metadata(restored.join("secret.key")))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

/// A folder that is not empty is refused, and left as it was.
async fn a_folder_that_is_not_empty_is_refused(tar_path: &Path, restored: &Path) {
    let err = backup::restore(tar_path, &DataDir::new(restored))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("n'est pas vide"), "{err}");
    assert!(restored.join("platform.db").exists());
}

/// One byte changed inside an entry: refused, nothing left next to the target.
async fn an_altered_backup_is_refused_leaving_nothing(tar_path: &Path, out_dir: &Path) {
    let mut bytes = std::fs::read(tar_path).unwrap();
    let at = find_entry_data(&bytes, "platform.db") + 200;
    bytes[at] ^= 0x01;
    let tampered = out_dir.join("modifiee.tar");
    std::fs::write(&tampered, &bytes).unwrap();
    let target = out_dir.join("cible");
    let err = backup::restore(&tampered, &DataDir::new(&target))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("platform.db"), "{err}");
    assert!(!target.exists());
    let mut left: Vec<String> = std::fs::read_dir(out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["modifiee.tar", "restaure", "sauvegarde.tar"]);
}

/// Offset of the first data byte of entry `name` in a tar's bytes.
fn find_entry_data(tar_bytes: &[u8], name: &str) -> usize {
    let mut archive = tar::Archive::new(tar_bytes);
    for entry in archive.entries().unwrap() {
        let entry = entry.unwrap();
        if entry.path().unwrap().to_string_lossy() == name {
            return usize::try_from(entry.raw_file_position()).unwrap();
        }
    }
    panic!("{name} not in the tar");
}
