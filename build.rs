//! Embeds the reference context sources (`reference-site/`) in the binary as a tar archive,
//! so that `e5 demo` works from the binary alone, run from any folder.

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let source = root.join("reference-site");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("reference-site.tar");
    println!("cargo:rerun-if-changed=reference-site");

    let file = std::fs::File::create(&out).expect("OUT_DIR is writable");
    let mut archive = tar::Builder::new(file);
    archive.mode(tar::HeaderMode::Deterministic);
    let mut files = Vec::new();
    collect(&source, &mut files);
    files.sort();
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .strip_prefix(&source)
            .expect("collected under the source folder");
        archive
            .append_path_with_name(&path, name)
            .expect("reference-site files are readable");
    }
    archive.finish().expect("the archive is written");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
