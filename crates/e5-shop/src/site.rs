//! One open sandbox ("site") and the registry of open sites.
//!
//! A site is opened lazily on its first request and closed after a while without one, so a
//! server with hundreds of prepared sandboxes keeps only the busy ones in memory.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use e5_domain::SandboxId;
use sqlx::SqlitePool;
use tokio::sync::{Mutex, broadcast};

use crate::db;
use crate::journal::JournalEvent;

/// A cached value and the write generation it was built from.
type CacheEntry = (u64, Arc<dyn Any + Send + Sync>);

/// One candidate's site: a read pool for pages, the single writer for the command layer and
/// the channel that carries each journal row to whoever watches (the examiner console).
#[derive(Debug)]
pub struct Site {
    pub id: SandboxId,
    reader: SqlitePool,
    writer: SqlitePool,
    events: broadcast::Sender<JournalEvent>,
    last_used: std::sync::Mutex<Instant>,
    /// Bumped by every committed command: cached reads older than it are stale. Shared with
    /// the task that commits a command ([`Site::after_commit`]).
    generation: Arc<AtomicU64>,
    cache: std::sync::Mutex<HashMap<TypeId, CacheEntry>>,
    /// The employees' autosaved drafts, in a companion file (never journalled).
    drafts: crate::drafts::Drafts,
    /// The file this site opened: a file put in its place by another process (`e5 sandbox
    /// reset`, a restore) is a different file, and the site is reopened on it.
    file: Option<FileIdentity>,
}

/// A file's device and inode: what stays the same while a file is written and changes when
/// another file is renamed over it.
type FileIdentity = (u64, u64);

#[cfg(unix)]
fn identity(path: &Path) -> Option<FileIdentity> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_path: &Path) -> Option<FileIdentity> {
    None
}

impl Site {
    async fn open(id: SandboxId, path: &Path) -> Result<Site, sqlx::Error> {
        let file = identity(path);
        // The writer opens first: it switches a freshly copied file to WAL mode.
        let writer = db::open_writer(path).await?;
        let reader = db::open_reader(path).await?;
        let (events, _) = broadcast::channel(256);
        Ok(Site {
            id,
            reader,
            writer,
            events,
            last_used: std::sync::Mutex::new(Instant::now()),
            generation: Arc::new(AtomicU64::new(0)),
            cache: std::sync::Mutex::default(),
            drafts: crate::drafts::Drafts::new(path),
            file,
        })
    }

    /// The read-only pool: its connections are `query_only`.
    pub fn db(&self) -> &SqlitePool {
        &self.reader
    }

    /// The back-office drafts of this sandbox ([`crate::drafts`]): not part of the shop.
    pub fn drafts(&self) -> &crate::drafts::Drafts {
        &self.drafts
    }

    pub(crate) fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// A value derived from the database (the shop layout, say), built once and reused
    /// until the next write to this site.
    pub async fn cached<T, E>(&self, build: impl Future<Output = Result<T, E>>) -> Result<Arc<T>, E>
    where
        T: Any + Send + Sync,
    {
        let generation = self.generation.load(Ordering::Acquire);
        let hit = self
            .cache
            .lock()
            .ok()
            .and_then(|c| c.get(&TypeId::of::<T>()).cloned());
        if let Some((built_at, value)) = hit
            && built_at == generation
            && let Ok(value) = value.downcast::<T>()
        {
            return Ok(value);
        }
        // Built from the generation read before building: a write meanwhile makes it stale.
        let value = Arc::new(build.await?);
        if let Ok(mut c) = self.cache.lock() {
            c.insert(TypeId::of::<T>(), (generation, value.clone()));
        }
        Ok(value)
    }

    /// What a commit must do once done, owned so that it can run in the committing task:
    /// mark cached reads stale, then broadcast the journal rows to live watchers.
    pub(crate) fn after_commit(&self) -> impl FnOnce(Vec<JournalEvent>) + Send + 'static {
        let generation = self.generation.clone();
        let watchers = self.events.clone();
        move |events| {
            generation.fetch_add(1, Ordering::AcqRel);
            for event in events {
                // Nobody listening is the normal case outside an exam.
                let _ = watchers.send(event);
            }
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<JournalEvent> {
        self.events.subscribe()
    }

    async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
        self.drafts.close().await;
    }

    fn touch(&self) {
        if let Ok(mut t) = self.last_used.lock() {
            *t = Instant::now();
        }
    }

    fn idle_for(&self) -> Duration {
        self.last_used
            .lock()
            .map(|t| t.elapsed())
            .unwrap_or_default()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("ce site n'existe pas")]
    NotFound,
    #[error("base du site illisible : {0}")]
    Database(#[from] sqlx::Error),
}

/// The open sites of one server, keyed by sandbox id. Sandbox files live in one folder.
#[derive(Debug, Clone)]
pub struct Sites {
    dir: PathBuf,
    open: Arc<Mutex<HashMap<SandboxId, Arc<Site>>>>,
}

impl Sites {
    pub fn new(sandboxes_dir: impl Into<PathBuf>) -> Self {
        Sites {
            dir: sandboxes_dir.into(),
            open: Arc::default(),
        }
    }

    pub fn path_of(&self, id: SandboxId) -> PathBuf {
        self.dir.join(format!("{id}.db"))
    }

    /// The open site for `id`, opening it if needed. Only an existing file is opened: a
    /// forged id never creates a database.
    ///
    /// A site whose file was replaced or removed behind the server's back (the command line
    /// resets or deletes sandboxes in another process) is closed first, so that no page
    /// reads and no write lands in the unlinked file.
    pub async fn get(&self, id: SandboxId) -> Result<Arc<Site>, OpenError> {
        let path = self.path_of(id);
        let mut open = self.open.lock().await;
        if let Some(site) = open.get(&id) {
            if site.file == identity(&path) {
                site.touch();
                return Ok(site.clone());
            }
            // Closed in the background: closing waits for connections in use, and the
            // registry must not wait with it.
            if let Some(site) = open.remove(&id) {
                tokio::spawn(async move { site.close().await });
            }
        }
        if !path.is_file() {
            return Err(OpenError::NotFound);
        }
        let site = Arc::new(Site::open(id, &path).await?);
        open.insert(id, site.clone());
        Ok(site)
    }

    /// Closes a site so that its file can be replaced (reset) or removed.
    pub async fn evict(&self, id: SandboxId) {
        let site = self.open.lock().await.remove(&id);
        if let Some(site) = site {
            site.close().await;
        }
    }

    /// Closes the sites nobody used for `idle`; called periodically by the server.
    pub async fn close_idle(&self, idle: Duration) {
        let stale: Vec<Arc<Site>> = {
            let mut open = self.open.lock().await;
            let ids: Vec<SandboxId> = open
                .iter()
                .filter(|(_, s)| s.idle_for() > idle && s.events.receiver_count() == 0)
                .map(|(id, _)| *id)
                .collect();
            ids.iter().filter_map(|id| open.remove(id)).collect()
        };
        for site in stale {
            site.close().await;
        }
    }

    pub async fn open_count(&self) -> usize {
        self.open.lock().await.len()
    }
}
