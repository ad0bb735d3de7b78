//! The command layer: the only code that writes to a sandbox.
//!
//! Each command runs in one transaction on the site's single writing connection and records
//! at least one journal row in that same transaction, so a change and its trace land
//! together or not at all. Once committed, the journal rows are broadcast to live watchers.

pub mod cart;
pub mod order;
pub mod visitor;

pub use e5_shop_db::query::Params;
use e5_shop_db::query::arguments;
use sqlx::sqlite::{SqliteQueryResult, SqliteRow};
use sqlx::{Decode, FromRow, Sqlite, SqliteConnection, Transaction, Type};

use crate::journal::{self, Actor, Entry, JournalEvent};
use crate::site::Site;

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The input is refused; the message is French and meant for the user.
    #[error("{0}")]
    Invalid(String),
    #[error("{0} introuvable")]
    NotFound(&'static str),
    #[error("erreur de base de données : {0}")]
    Database(#[from] sqlx::Error),
}

impl CommandError {
    pub fn invalid(message: impl Into<String>) -> CommandError {
        CommandError::Invalid(message.into())
    }
}

/// Refuses the command with `message` (shown to the user in French) when `refused` holds:
/// `refuse_if(name.is_empty(), "Le nom est obligatoire.")?`.
pub fn refuse_if(refused: bool, message: impl Into<String>) -> Result<(), CommandError> {
    if refused {
        Err(CommandError::invalid(message))
    } else {
        Ok(())
    }
}

/// A write in progress: the transaction and the journal rows it recorded.
pub struct Tx<'s> {
    tx: Transaction<'s, Sqlite>,
    actor: Actor,
    events: Vec<JournalEvent>,
    unchanged: bool,
}

impl Tx<'_> {
    /// The save changed nothing: the command ends with what it wrote rolled back and no
    /// journal entry, so that a save without change is never evidence of a task done.
    pub fn unchanged(&mut self) {
        self.unchanged = true;
    }

    pub fn conn(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Runs one statement with its parameters.
    pub async fn execute<'q>(
        &mut self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> Result<SqliteQueryResult, CommandError> {
        Ok(sqlx::query_with(sql, arguments(params)?)
            .execute(&mut *self.tx)
            .await?)
    }

    /// The one value a query returns (a missing row is a database error).
    pub async fn one<'q, T>(
        &mut self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> Result<T, CommandError>
    where
        T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + Send + Unpin,
    {
        Ok(sqlx::query_scalar_with(sql, arguments(params)?)
            .fetch_one(&mut *self.tx)
            .await?)
    }

    /// The value a query returns, if it returns a row.
    pub async fn optional<'q, T>(
        &mut self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> Result<Option<T>, CommandError>
    where
        T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + Send + Unpin,
    {
        Ok(sqlx::query_scalar_with(sql, arguments(params)?)
            .fetch_optional(&mut *self.tx)
            .await?)
    }

    /// The one row a query returns, as a tuple or a `FromRow` struct.
    pub async fn row<'q, T>(
        &mut self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> Result<T, CommandError>
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        Ok(sqlx::query_as_with(sql, arguments(params)?)
            .fetch_one(&mut *self.tx)
            .await?)
    }

    /// Every row a query returns.
    pub async fn rows<'q, T>(
        &mut self,
        sql: &'q str,
        params: impl Params<'q>,
    ) -> Result<Vec<T>, CommandError>
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        Ok(sqlx::query_as_with(sql, arguments(params)?)
            .fetch_all(&mut *self.tx)
            .await?)
    }

    /// Records what was done, in this transaction.
    pub async fn journal(&mut self, entry: Entry) -> Result<(), CommandError> {
        let event = journal::record(&mut self.tx, &self.actor, &entry).await?;
        self.events.push(event);
        Ok(())
    }
}

/// Runs `body` as one command: commit if it succeeds and journaled something, roll back
/// otherwise.
pub async fn run<T>(
    site: &Site,
    actor: &Actor,
    body: impl AsyncFnOnce(&mut Tx<'_>) -> Result<T, CommandError>,
) -> Result<T, CommandError> {
    let tx = site.writer().begin().await.inspect_err(noted)?;
    let mut tx = Tx {
        tx,
        actor: actor.clone(),
        events: Vec::new(),
        unchanged: false,
    };
    let value = match body(&mut tx).await {
        Ok(value) => value,
        Err(e) => {
            if let CommandError::Database(d) = &e {
                noted(d);
            }
            return Err(e);
        }
    };
    if tx.unchanged && tx.events.is_empty() {
        // Dropping the transaction rolls it back.
        return Ok(value);
    }
    if tx.events.is_empty() {
        // A write nobody can see would break the examiner's trust in the journal.
        return Err(CommandError::invalid(
            "écriture sans entrée de journal refusée",
        ));
    }
    let Tx { tx, events, .. } = tx;
    // Nothing is acknowledged (returned) before the commit succeeded. The commit and the
    // broadcast run in their own task: a request cancelled meanwhile (its client gone, the
    // server stopping) cannot commit a write that the console never hears of, nor leave the
    // site's cached pages stale.
    let after_commit = site.after_commit();
    let committed = tokio::spawn(async move {
        tx.commit().await.inspect_err(noted)?;
        after_commit(events);
        Ok::<(), sqlx::Error>(())
    })
    .await;
    match committed {
        Ok(result) => result?,
        Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
        Err(_) => return Err(CommandError::Database(sqlx::Error::WorkerCrashed)),
    }
    Ok(value)
}

/// A storage failure renews the writing connection (`crate::storage`).
fn noted(e: &sqlx::Error) {
    crate::storage::note(e);
}

pub fn now() -> String {
    e5_domain::paris_now().db_format()
}
