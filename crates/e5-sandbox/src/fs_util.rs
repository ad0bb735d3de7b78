//! Small file-system helpers shared by packing, importing and sandboxes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::Error;

/// Removes a file or folder when dropped, unless `keep()` was called: a failed operation
/// never leaves a half-written file behind.
#[derive(Debug)]
pub(crate) struct TempPath {
    path: PathBuf,
    armed: bool,
}

impl TempPath {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self { path, armed: true }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn keep(mut self) -> PathBuf {
        self.armed = false;
        std::mem::take(&mut self.path)
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        if self.armed {
            // Best effort: nothing useful can be done if cleaning up fails.
            if self.path.is_dir() {
                let _ = fs::remove_dir_all(&self.path);
            } else {
                let _ = fs::remove_file(&self.path);
            }
        }
    }
}

/// A name that no other process will pick: `<dir>/.<stem>-<random><suffix>`.
pub(crate) fn unique_sibling(dir: &Path, stem: &str, suffix: &str) -> PathBuf {
    dir.join(format!(".{stem}-{}{suffix}", uuid::Uuid::new_v4().simple()))
}

/// Removes a file; a file that is already gone is fine.
pub(crate) fn remove_if_exists(path: &Path) -> Result<(), Error> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path)(e)),
    }
}

pub(crate) fn set_mode(path: &Path, mode: u32) -> Result<(), Error> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(Error::io(path))
    }
    #[cfg(not(unix))]
    {
        let mut perms = fs::metadata(path).map_err(Error::io(path))?.permissions();
        perms.set_readonly(mode & 0o200 == 0);
        fs::set_permissions(path, perms).map_err(Error::io(path))
    }
}

/// Flushes a folder's entries (a rename) to disk; ignored where folders cannot be opened.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
