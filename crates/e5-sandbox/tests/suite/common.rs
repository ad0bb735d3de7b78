use std::path::{Path, PathBuf};

use e5_sandbox::{DataDir, InstalledContext};

pub fn mini_site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-site")
}

pub fn reference_site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../reference-site")
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Copies a source tree, so that a test can break one file of it.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Packs the mini site and imports it into a fresh data folder.
pub async fn installed_mini_site(root: &Path) -> (DataDir, InstalledContext) {
    let package = root.join("mini.e5ctx");
    e5_sandbox::pack(&mini_site(), &package)
        .await
        .expect("the mini site packs");
    let data = DataDir::new(root.join("data"));
    let ctx = e5_sandbox::import(&package, &data, &e5_sandbox::Trust::allow_unsigned())
        .await
        .expect("the package imports");
    (data, ctx)
}
