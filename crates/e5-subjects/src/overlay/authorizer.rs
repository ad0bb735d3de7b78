//! The SQLite authorizer that confines a subject's `[[overlay.sql]]` to the rows of its own
//! prepared database (invariant 6): while it is installed, SQLite refuses, when a statement
//! is compiled, everything but reading, inserting, updating and deleting rows of the `main`
//! database — no ATTACH/DETACH (another file, such as `platform.db`), no PRAGMA, no
//! transaction control (the overlay's transaction must stay the caller's), no schema change
//! (a trigger planted in a prepared database would run in every candidate's sandbox), no
//! ANALYZE/REINDEX, no `load_extension`.
//!
//! sqlx has no authorizer API, so this is the crate's one piece of FFI: the raw `sqlite3*`
//! comes from [`SqliteConnection::lock_handle`] and the callback takes no user data. What it
//! refused first is kept in a process-wide slot, so only one [`Confined`] exists at a time
//! (a subject is prepared rarely; the wait is negligible).
//!
//! VACUUM has no authorizer action: it is refused because it cannot run inside the
//! overlay's transaction, which the subject cannot end, and because `VACUUM INTO` attaches
//! its output file (refused here). The overlay also refuses it by name before running.

#![allow(unsafe_code)]

use std::ffi::{CStr, c_char, c_int, c_void};
use std::sync::Mutex;

use libsqlite3_sys as ffi;
use sqlx::SqliteConnection;

/// What the installed authorizer refused, in words (a short SQL word such as `ATTACH`).
static REFUSED: Mutex<Refused> = Mutex::new(Refused {
    what: None,
    generic: false,
});

/// The first refusal, unless it was a generic one (a write to one of SQLite's own tables)
/// and a more telling one followed.
struct Refused {
    what: Option<String>,
    generic: bool,
}

/// One [`Confined`] at a time in the process: [`REFUSED`] belongs to it.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn slot() -> std::sync::MutexGuard<'static, Refused> {
    REFUSED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn take_refusal() -> Option<String> {
    let mut slot = slot();
    slot.generic = false;
    slot.what.take()
}

fn record(what: String, generic: bool) {
    let mut slot = slot();
    if slot.what.is_none() || (slot.generic && !generic) {
        slot.what = Some(what);
        slot.generic = generic;
    }
}

/// A connection with the authorizer installed. Run the subject's SQL on [`Confined::conn`],
/// then call [`Confined::remove`]; dropping it without doing so (a cancelled future) still
/// removes the authorizer, once the connection's worker has finished its statement.
pub(crate) struct Confined<'c> {
    conn: &'c mut SqliteConnection,
    installed: bool,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl<'c> Confined<'c> {
    pub(crate) async fn install(conn: &'c mut SqliteConnection) -> Result<Self, sqlx::Error> {
        let turn = ONE_AT_A_TIME.lock().await;
        take_refusal();
        let mut handle = conn.lock_handle().await?;
        // SAFETY: `handle` holds the connection's lock, so the worker thread is parked and
        // nothing else uses this `sqlite3*` during the call; the pointer is valid while the
        // handle lives. `authorize` is a plain function (no captured state) and the user data
        // is null, so nothing can dangle after the guard is gone.
        unsafe {
            ffi::sqlite3_set_authorizer(
                handle.as_raw_handle().as_ptr(),
                Some(authorize),
                std::ptr::null_mut(),
            );
        }
        drop(handle);
        Ok(Self {
            conn,
            installed: true,
            _turn: turn,
        })
    }

    pub(crate) fn conn(&mut self) -> &mut SqliteConnection {
        self.conn
    }

    /// Removes the authorizer; returns what it refused first, if anything.
    pub(crate) async fn remove(mut self) -> Result<Option<String>, sqlx::Error> {
        let mut handle = self.conn.lock_handle().await?;
        uninstall(&mut handle);
        drop(handle);
        self.installed = false;
        Ok(take_refusal())
    }
}

impl Drop for Confined<'_> {
    fn drop(&mut self) {
        if self.installed {
            // Only when `remove` was not reached. Locking the handle waits for the worker to
            // finish what it was running; a crashed worker has no connection left to clean.
            if let Ok(mut handle) = futures_executor::block_on(self.conn.lock_handle()) {
                uninstall(&mut handle);
            }
            take_refusal();
        }
    }
}

fn uninstall(handle: &mut sqlx::sqlite::LockedSqliteHandle<'_>) {
    // SAFETY: as in `install`: the locked handle gives exclusive use of a valid `sqlite3*`;
    // a null callback removes the authorizer.
    unsafe {
        ffi::sqlite3_set_authorizer(handle.as_raw_handle().as_ptr(), None, std::ptr::null_mut());
    }
}

/// A C string argument of the callback, when there is one.
///
/// # Safety
/// `p` is null or points to a NUL-terminated string valid for the callback's duration.
unsafe fn arg<'a>(p: *const c_char) -> Option<&'a str> {
    if p.is_null() {
        None
    } else {
        // SAFETY: non-null, and SQLite passes NUL-terminated strings it owns for the call.
        unsafe { CStr::from_ptr(p) }.to_str().ok()
    }
}

/// SQLite's own tables. Writes to the schema table are how SQLite announces a CREATE, DROP
/// or ALTER before asking about it by name: they are allowed here (the SQL itself cannot
/// write that table without `PRAGMA writable_schema`, refused) so that the named action is
/// the one refused. Writes to the others (`sqlite_stat1`, `sqlite_sequence`…) are refused.
const SCHEMA_TABLES: &[&str] = &[
    "sqlite_master",
    "sqlite_schema",
    "sqlite_temp_master",
    "sqlite_temp_schema",
];

/// Tables of the shop schema written by the platform only: `sandbox_meta` says where a
/// sandbox comes from (context, subject), which reset relies on.
const PLATFORM_TABLES: &[&str] = &["sandbox_meta"];

/// How a refused write to one of SQLite's own tables starts (a less telling refusal).
const GENERIC: &str = "écriture dans ";

/// Functions a subject may not call: they reach outside the database.
const REFUSED_FUNCTIONS: &[&str] = &["load_extension", "fts3_tokenizer"];

/// The authorizer. Runs on the connection's worker thread while a statement is compiled;
/// returns `SQLITE_OK` or `SQLITE_DENY` and never panics.
unsafe extern "C" fn authorize(
    _user_data: *mut c_void,
    action: c_int,
    a3: *const c_char,
    a4: *const c_char,
    database: *const c_char,
    _trigger_or_view: *const c_char,
) -> c_int {
    // SAFETY: SQLite passes null or NUL-terminated strings valid during the call.
    let (a3, a4, database) = unsafe { (arg(a3), arg(a4), arg(database)) };
    match verdict(action, a3, a4, database) {
        None => ffi::SQLITE_OK,
        Some(what) => {
            let generic = what.starts_with(GENERIC);
            record(what, generic);
            ffi::SQLITE_DENY
        }
    }
}

/// `None` when the action is allowed, else the SQL word that names what was refused.
fn verdict(
    action: c_int,
    a3: Option<&str>,
    a4: Option<&str>,
    database: Option<&str>,
) -> Option<String> {
    let word = |w: &str| Some(w.to_owned());
    match action {
        ffi::SQLITE_SELECT | ffi::SQLITE_READ | ffi::SQLITE_RECURSIVE => None,
        ffi::SQLITE_INSERT | ffi::SQLITE_UPDATE | ffi::SQLITE_DELETE => {
            let table = a3.unwrap_or("");
            let verb = match action {
                ffi::SQLITE_INSERT => "INSERT",
                ffi::SQLITE_UPDATE => "UPDATE",
                _ => "DELETE",
            };
            let internal = table.len() >= 7 && table[..7].eq_ignore_ascii_case("sqlite_");
            if internal && SCHEMA_TABLES.iter().any(|t| t.eq_ignore_ascii_case(table)) {
                None
            } else if internal {
                Some(format!("{GENERIC}{}", short(table)))
            } else if PLATFORM_TABLES
                .iter()
                .any(|t| t.eq_ignore_ascii_case(table))
            {
                Some(format!("{verb} {table}"))
            } else if database != Some("main") {
                Some(format!("{verb} hors de la base du sujet"))
            } else {
                None
            }
        }
        ffi::SQLITE_FUNCTION => {
            let name = a4.unwrap_or("");
            REFUSED_FUNCTIONS
                .iter()
                .any(|f| f.eq_ignore_ascii_case(name))
                .then(|| name.to_ascii_lowercase())
        }
        ffi::SQLITE_ATTACH => word("ATTACH"),
        ffi::SQLITE_DETACH => word("DETACH"),
        ffi::SQLITE_PRAGMA => Some(format!("PRAGMA {}", short(a3.unwrap_or("")))),
        // a3 is BEGIN, COMMIT or ROLLBACK.
        ffi::SQLITE_TRANSACTION => word(a3.unwrap_or("BEGIN")),
        // a3 is the operation on the savepoint: BEGIN, RELEASE or ROLLBACK.
        ffi::SQLITE_SAVEPOINT => word(match a3 {
            Some("RELEASE") => "RELEASE",
            Some("ROLLBACK") => "ROLLBACK TO",
            _ => "SAVEPOINT",
        }),
        // Only ANALYZE creates a table of that name (it is reserved to SQLite).
        ffi::SQLITE_CREATE_TABLE if a3.is_some_and(|t| t.starts_with("sqlite_stat")) => {
            word("ANALYZE")
        }
        ffi::SQLITE_CREATE_TABLE => word("CREATE TABLE"),
        ffi::SQLITE_CREATE_TEMP_TABLE => word("CREATE TEMP TABLE"),
        ffi::SQLITE_CREATE_INDEX => word("CREATE INDEX"),
        ffi::SQLITE_CREATE_TEMP_INDEX => word("CREATE TEMP INDEX"),
        ffi::SQLITE_CREATE_TRIGGER => word("CREATE TRIGGER"),
        ffi::SQLITE_CREATE_TEMP_TRIGGER => word("CREATE TEMP TRIGGER"),
        ffi::SQLITE_CREATE_VIEW => word("CREATE VIEW"),
        ffi::SQLITE_CREATE_TEMP_VIEW => word("CREATE TEMP VIEW"),
        ffi::SQLITE_CREATE_VTABLE => word("CREATE VIRTUAL TABLE"),
        ffi::SQLITE_DROP_TABLE => word("DROP TABLE"),
        ffi::SQLITE_DROP_TEMP_TABLE => word("DROP TEMP TABLE"),
        ffi::SQLITE_DROP_INDEX => word("DROP INDEX"),
        ffi::SQLITE_DROP_TEMP_INDEX => word("DROP TEMP INDEX"),
        ffi::SQLITE_DROP_TRIGGER => word("DROP TRIGGER"),
        ffi::SQLITE_DROP_TEMP_TRIGGER => word("DROP TEMP TRIGGER"),
        ffi::SQLITE_DROP_VIEW => word("DROP VIEW"),
        ffi::SQLITE_DROP_TEMP_VIEW => word("DROP TEMP VIEW"),
        ffi::SQLITE_DROP_VTABLE => word("DROP VIRTUAL TABLE"),
        ffi::SQLITE_ALTER_TABLE => word("ALTER TABLE"),
        ffi::SQLITE_REINDEX => word("REINDEX"),
        ffi::SQLITE_ANALYZE => word("ANALYZE"),
        // Anything else, including actions newer SQLite versions may add: refused.
        other => Some(format!("action SQLite {other}")),
    }
}

/// A name from the statement, bounded for the message.
fn short(name: &str) -> String {
    name.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_the_main_database_may_be_read_and_written() {
        for action in [ffi::SQLITE_SELECT, ffi::SQLITE_READ, ffi::SQLITE_RECURSIVE] {
            assert_eq!(
                verdict(action, Some("product"), Some("id"), Some("main")),
                None
            );
        }
        for action in [ffi::SQLITE_INSERT, ffi::SQLITE_UPDATE, ffi::SQLITE_DELETE] {
            assert_eq!(verdict(action, Some("media"), None, Some("main")), None);
        }
        assert_eq!(
            verdict(ffi::SQLITE_FUNCTION, None, Some("datetime"), None),
            None
        );
    }

    #[test]
    fn everything_else_is_refused_by_name() {
        let v = |action, a3, a4, db| verdict(action, a3, a4, db);
        assert_eq!(
            v(ffi::SQLITE_ATTACH, Some("/d/platform.db"), None, None).as_deref(),
            Some("ATTACH")
        );
        assert_eq!(
            v(ffi::SQLITE_PRAGMA, Some("journal_mode"), Some("off"), None).as_deref(),
            Some("PRAGMA journal_mode")
        );
        assert_eq!(
            v(ffi::SQLITE_TRANSACTION, Some("COMMIT"), None, None).as_deref(),
            Some("COMMIT")
        );
        assert_eq!(
            v(ffi::SQLITE_SAVEPOINT, Some("RELEASE"), Some("s"), None).as_deref(),
            Some("RELEASE")
        );
        assert_eq!(
            v(ffi::SQLITE_FUNCTION, None, Some("LOAD_EXTENSION"), None).as_deref(),
            Some("load_extension")
        );
        assert_eq!(
            v(ffi::SQLITE_INSERT, Some("grid"), None, Some("p")).as_deref(),
            Some("INSERT hors de la base du sujet")
        );
        assert_eq!(
            v(
                ffi::SQLITE_UPDATE,
                Some("sqlite_stat1"),
                Some("stat"),
                Some("main")
            )
            .as_deref(),
            Some("écriture dans sqlite_stat1")
        );
        assert_eq!(
            v(
                ffi::SQLITE_INSERT,
                Some("sqlite_master"),
                None,
                Some("main")
            ),
            None
        );
        assert_eq!(
            v(
                ffi::SQLITE_CREATE_TRIGGER,
                Some("t"),
                Some("product"),
                Some("main")
            )
            .as_deref(),
            Some("CREATE TRIGGER")
        );
        assert_eq!(
            v(999, None, None, None).as_deref(),
            Some("action SQLite 999")
        );
    }

    async fn memory() -> SqliteConnection {
        use sqlx::Connection;
        let mut conn = SqliteConnection::connect("sqlite::memory:")
            .await
            .expect("an in-memory database");
        sqlx::raw_sql("CREATE TABLE t (a INTEGER)")
            .execute(&mut conn)
            .await
            .expect("a table");
        conn
    }

    #[tokio::test]
    async fn the_guard_confines_the_connection_until_removed() {
        let mut conn = memory().await;
        let mut confined = Confined::install(&mut conn).await.expect("installed");
        sqlx::raw_sql("INSERT INTO t VALUES (1); UPDATE t SET a = 2; SELECT * FROM t")
            .execute(confined.conn())
            .await
            .expect("rows may be written");
        let refused = sqlx::raw_sql("CREATE TABLE u (a)")
            .execute(confined.conn())
            .await;
        assert!(refused.is_err());
        let what = confined.remove().await.expect("removed");
        assert_eq!(what.as_deref(), Some("CREATE TABLE"));
        sqlx::raw_sql("CREATE TABLE u (a)")
            .execute(&mut conn)
            .await
            .expect("the platform's own statements run again");
    }

    #[tokio::test]
    async fn dropping_the_guard_removes_the_authorizer() {
        let mut conn = memory().await;
        let mut confined = Confined::install(&mut conn).await.expect("installed");
        let _ = sqlx::raw_sql("PRAGMA user_version = 3")
            .execute(confined.conn())
            .await;
        drop(confined);
        sqlx::raw_sql("PRAGMA user_version = 3; CREATE TABLE u (a)")
            .execute(&mut conn)
            .await
            .expect("no authorizer left behind");
        // The refusal of the dropped guard does not leak into the next one.
        let confined = Confined::install(&mut conn).await.expect("installed");
        assert_eq!(confined.remove().await.expect("removed"), None);
    }
}
