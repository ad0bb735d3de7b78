//! The disk budget of the data folder: free space, checked at most every
//! [`CHECK_EVERY`] (one `statvfs`, cached), so that a filling disk degrades the screen
//! recordings first and never the grids or the candidates' sites (DESIGN.md, invariant 7).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Below this much free space in the data folder, new screen recordings are refused (the
/// grids and the candidates' sites keep working with what is left) and `/healthz` says
/// "disque presque plein". 512 MiB holds hours of grid edits and sandbox writes.
pub const LOW_DISK_BYTES: u64 = 512 * 1024 * 1024;
/// How long a free-space reading is trusted.
pub const CHECK_EVERY: Duration = Duration::from_secs(5);

/// Free space of one folder, cached.
#[derive(Debug)]
pub struct Disk {
    path: PathBuf,
    last: Mutex<Option<(Instant, Option<u64>)>>,
    threshold: AtomicU64,
}

impl Disk {
    pub fn new(path: impl Into<PathBuf>) -> Disk {
        Disk::with_threshold(path, LOW_DISK_BYTES)
    }

    /// With another threshold (tests).
    pub fn with_threshold(path: impl Into<PathBuf>, threshold: u64) -> Disk {
        Disk {
            path: path.into(),
            last: Mutex::new(None),
            threshold: AtomicU64::new(threshold),
        }
    }

    /// Bytes available to the server in the folder; `None` if it cannot be known (then
    /// nothing is refused on its account).
    pub fn free_bytes(&self) -> Option<u64> {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, free)) = *last
            && at.elapsed() < CHECK_EVERY
        {
            return free;
        }
        let free = free_space(&self.path);
        *last = Some((Instant::now(), free));
        free
    }

    /// Whether free space is below the threshold.
    pub fn low(&self) -> bool {
        let threshold = self.threshold.load(Ordering::Relaxed);
        self.free_bytes().is_some_and(|f| f < threshold)
    }

    /// Changes the threshold (tests simulate a full disk with `u64::MAX`).
    pub fn set_threshold(&self, bytes: u64) {
        self.threshold.store(bytes, Ordering::Relaxed);
    }

    /// What the centre administration and the consoles show while the disk is nearly full
    /// (French, for the staff); `None` while there is room.
    pub fn warning(&self) -> Option<String> {
        if !self.low() {
            return None;
        }
        let left = self
            .free_bytes()
            .map(|b| format!("il reste {} ", megabytes(b)))
            .unwrap_or_default();
        Some(format!(
            "Disque du serveur presque plein ({left}dans le dossier de données) : \
             l'enregistrement des écrans est suspendu, les grilles et les sites des candidats \
             continuent d'être enregistrés. Libérez de l'espace sur le serveur."
        ))
    }
}

/// "312 Mo", "1,5 Go": French units with a decimal comma.
fn megabytes(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= 1024 * MB {
        let tenths = bytes * 10 / (1024 * MB);
        format!("{},{} Go", tenths / 10, tenths % 10)
    } else {
        format!("{} Mo", bytes / MB)
    }
}

/// One `statvfs`: blocks available to unprivileged users times the fragment size.
pub fn free_space(path: &Path) -> Option<u64> {
    let st = rustix::fs::statvfs(path).ok()?;
    Some(st.f_bavail.saturating_mul(st.f_frsize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_space_is_read_and_compared_to_the_threshold() {
        let dir = tempfile::tempdir().unwrap();
        let free = free_space(dir.path()).unwrap();
        assert!(free > 0);
        assert!(!Disk::with_threshold(dir.path(), 0).low());
        assert!(Disk::with_threshold(dir.path(), u64::MAX).low());
        assert_eq!(free_space(&dir.path().join("absent")), None);
        assert!(!Disk::with_threshold(dir.path().join("absent"), u64::MAX).low());
    }

    #[test]
    fn the_staff_are_warned_only_while_the_disk_is_low() {
        let dir = tempfile::tempdir().unwrap();
        let disk = Disk::with_threshold(dir.path(), 0);
        assert_eq!(disk.warning(), None);
        disk.set_threshold(u64::MAX);
        let warning = disk.warning().unwrap();
        assert!(warning.starts_with("Disque du serveur presque plein (il reste "));
        assert!(warning.contains("l'enregistrement des écrans est suspendu"));
    }

    #[test]
    fn sizes_are_written_in_french_units() {
        assert_eq!(megabytes(312 * 1024 * 1024), "312 Mo");
        assert_eq!(megabytes(1536 * 1024 * 1024), "1,5 Go");
    }
}
