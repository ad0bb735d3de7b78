use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use e5_sandbox::DataDir;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn subjects_dir() -> PathBuf {
    repo().join("subjects")
}

/// Every example subject file of `subjects/`.
pub fn example_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(subjects_dir())
        .expect("subjects/ exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// The reference context, packed and imported once into a folder shared by the tests.
fn shared_contexts() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("e5-subjects-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("create test folder");
        let work = root.clone();
        // Its own runtime: each #[tokio::test] has one, and this runs once for all of them.
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async {
                let package = work.join("toiles.e5ctx");
                e5_sandbox::pack(&repo().join("reference-site"), &package)
                    .await
                    .expect("the reference site packs");
                e5_sandbox::import(
                    &package,
                    &DataDir::new(work.join("data")),
                    &e5_sandbox::Trust::allow_unsigned(),
                )
                .await
                .expect("it imports");
            });
        })
        .join()
        .expect("packing thread");
        root.join("data").join("contexts")
    })
}

/// A data folder of its own (subjects, sandboxes) that sees the shared installed contexts.
pub fn data_dir() -> (tempfile::TempDir, DataDir) {
    let contexts = shared_contexts();
    let dir = tempfile::tempdir().expect("temporary folder");
    #[cfg(unix)]
    std::os::unix::fs::symlink(contexts, dir.path().join("contexts")).expect("symlink contexts");
    let data = DataDir::new(dir.path());
    (dir, data)
}

/// The 1-based line of the first occurrence of `needle`.
pub fn line_of(text: &str, needle: &str) -> u32 {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("« {needle} » not in the text"));
    u32::try_from(text[..offset].matches('\n').count() + 1).expect("a line number")
}

pub fn subject_a_text() -> String {
    std::fs::read_to_string(subjects_dir().join("sujet-a-contenu-article-lin.toml"))
        .expect("sujet A")
}
