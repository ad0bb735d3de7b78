//! The names of a sandbox's drafts file (the back-office's autosaved drafts, kept by
//! `e5_shop::drafts`): whoever forks, resets or deletes a sandbox removes them with it.

use std::path::{Path, PathBuf};

/// The drafts file of a sandbox database: `<dir>/<id>.drafts.db` for `<dir>/<id>.db`.
/// Not a sandbox for `list_sandboxes` (its stem is not an id).
pub fn path_for(sandbox_db: &Path) -> PathBuf {
    sandbox_db.with_extension("drafts.db")
}

/// The drafts file and its WAL companions, for whoever removes a sandbox's files.
pub fn files_for(sandbox_db: &Path) -> [PathBuf; 3] {
    let db = path_for(sandbox_db);
    let suffixed = |s: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(s);
        PathBuf::from(name)
    };
    [suffixed("-wal"), suffixed("-shm"), db]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drafts_file_sits_next_to_its_sandbox() {
        let p = path_for(Path::new("/d/sandboxes/0a1b.db"));
        assert_eq!(p, Path::new("/d/sandboxes/0a1b.drafts.db"));
        let files = files_for(Path::new("/d/sandboxes/0a1b.db"));
        assert_eq!(files[0], Path::new("/d/sandboxes/0a1b.drafts.db-wal"));
    }
}
