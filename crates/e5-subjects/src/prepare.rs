//! Prepared databases: golden + the subject's overlay, built once per subject, then only
//! ever copied (a candidate's sandbox is a fork of it; a reset copies it again).

use std::path::{Path, PathBuf};

use e5_sandbox::{DataDir, InstalledContext};
use e5_shop_db::meta;
use sqlx::sqlite::SqliteJournalMode;
use sqlx::{Connection, SqliteConnection};

use crate::checks::BASELINE_TABLES;
use crate::diagnostic::Diagnostic;
use crate::model::Subject;

/// The table where candidates write answers to diagnosis questions (the back-office's
/// « Réponses » screen). Created by every prepared database; harmless once a shop
/// migration creates it too.
pub const ANSWER_TABLE_SQL: &str = "CREATE TABLE IF NOT EXISTS answer (
    id         INTEGER PRIMARY KEY,
    question   INTEGER NOT NULL UNIQUE,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT";

#[derive(Debug, Clone)]
pub struct PreparedSubject {
    pub code: String,
    /// `<data>/subjects/<code>/prepared.db`, read-only.
    pub path: PathBuf,
    pub context: InstalledContext,
    /// False when the existing prepared database was already built from this very file.
    pub rebuilt: bool,
}

/// The installed context a subject layers on, or a diagnostic at its `[context]` line.
pub fn resolve_context(subject: &Subject, data: &DataDir) -> Result<InstalledContext, Diagnostic> {
    match e5_sandbox::find_context(data, &subject.context.spec()) {
        Ok(ctx) => Ok(ctx),
        Err(_) => {
            let installed = e5_sandbox::list_contexts(data).unwrap_or_default();
            let same_id: Vec<String> = installed
                .iter()
                .filter(|c| c.id.as_str() == subject.context.id)
                .map(|c| c.version.clone())
                .collect();
            let message = if same_id.is_empty() {
                let all: Vec<String> = installed.iter().map(InstalledContext::spec).collect();
                format!(
                    "le contexte « {} » n'est pas installé (installés : {}) : importez son paquet avec « e5 context import »",
                    subject.context.spec(),
                    if all.is_empty() {
                        "aucun".to_owned()
                    } else {
                        all.join(", ")
                    }
                )
            } else {
                format!(
                    "mauvaise version du contexte : le sujet demande {} en version {}, mais seule(s) la/les version(s) {} est/sont installée(s)",
                    subject.context.id,
                    subject.context.version,
                    same_id.join(", ")
                )
            };
            Err(Diagnostic::new(
                &subject.path,
                subject.context.line,
                message,
            ))
        }
    }
}

/// Builds `<data>/subjects/<code>/prepared.db` (or keeps it when it was built from the same
/// file). The overlay applies in one transaction; on any problem nothing is written.
pub async fn prepare(
    subject: &Subject,
    data: &DataDir,
) -> Result<PreparedSubject, Vec<Diagnostic>> {
    let context = resolve_context(subject, data).map_err(|d| vec![d])?;
    let file_error = |message: String| vec![Diagnostic::new(&subject.path, 0, message)];
    let target = data
        .prepared_path(&subject.code)
        .ok_or_else(|| file_error(format!("code de sujet invalide : « {} »", subject.code)))?;
    if target.is_file()
        && prepared_sha256(&target).await.as_deref() == Some(subject.sha256.as_str())
    {
        return Ok(PreparedSubject {
            code: subject.code.clone(),
            path: target,
            context,
            rebuilt: false,
        });
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| file_error(format!("{} : {e}", dir.display())))?;
    let partial = TempFile(dir.join(format!(".prepared-{}.tmp", uuid::Uuid::new_v4().simple())));
    build(subject, &data.golden_path(&context), &partial.0).await?;
    set_mode(&partial.0, 0o444)
        .map_err(|e| file_error(format!("{} : {e}", partial.0.display())))?;
    std::fs::rename(&partial.0, &target)
        .map_err(|e| file_error(format!("{} : {e}", target.display())))?;
    Ok(PreparedSubject {
        code: subject.code.clone(),
        path: target,
        context,
        rebuilt: true,
    })
}

async fn prepared_sha256(path: &Path) -> Option<String> {
    let pool = e5_shop_db::open_read_only(path).await.ok()?;
    let sha = sqlx::query_scalar("SELECT value FROM sandbox_meta WHERE key = ?")
        .bind(meta::SUBJECT_SHA256)
        .fetch_optional(&pool)
        .await
        .ok()
        .flatten();
    pool.close().await;
    sha
}

/// A file removed when dropped (a partial build never stays behind).
pub(crate) struct TempFile(pub(crate) PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        let mut journal = self.0.as_os_str().to_owned();
        journal.push("-journal");
        let _ = std::fs::remove_file(PathBuf::from(journal));
    }
}

fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let mut perms = std::fs::metadata(path)?.permissions();
        perms.set_readonly(mode & 0o200 == 0);
        std::fs::set_permissions(path, perms)
    }
}

/// Copies `golden` to `out` and applies the overlay there, in one transaction.
pub(crate) async fn build(
    subject: &Subject,
    golden: &Path,
    out: &Path,
) -> Result<(), Vec<Diagnostic>> {
    let file_error = |message: String| vec![Diagnostic::new(&subject.path, 0, message)];
    std::fs::copy(golden, out)
        .map_err(|e| file_error(format!("copie de {} impossible : {e}", golden.display())))?;
    set_mode(out, 0o644).map_err(|e| file_error(format!("{} : {e}", out.display())))?;
    let options = e5_shop_db::connect_options(out).journal_mode(SqliteJournalMode::Delete);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| file_error(format!("base préparée impossible à ouvrir : {e}")))?;
    let result = fill(subject, &mut conn).await;
    let vacuum = match result {
        Ok(()) => sqlx::query("VACUUM").execute(&mut conn).await.map(drop),
        Err(_) => Ok(()),
    };
    let _ = conn.close().await;
    result?;
    vacuum.map_err(|e| file_error(format!("compactage de la base préparée impossible : {e}")))
}

async fn fill(subject: &Subject, conn: &mut SqliteConnection) -> Result<(), Vec<Diagnostic>> {
    let at_file = |message: String| vec![Diagnostic::new(&subject.path, 0, message)];
    let mut tx = conn
        .begin()
        .await
        .map_err(|e| at_file(format!("transaction impossible : {e}")))?;
    let found = crate::overlay::apply(subject, &mut tx).await;
    if !found.is_empty() {
        let _ = tx.rollback().await;
        return Err(found);
    }
    let broken: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
            .fetch_all(&mut *tx)
            .await
            .unwrap_or_default();
    if let Some((table, rowid, parent)) = broken.first() {
        let _ = tx.rollback().await;
        return Err(at_file(format!(
            "après l'overlay, la ligne {rowid} de la table {table} renvoie à une ligne absente de {parent}"
        )));
    }
    let mut origin: Vec<(String, String)> = vec![
        (meta::SUBJECT_CODE.to_owned(), subject.code.clone()),
        (meta::SUBJECT_SHA256.to_owned(), subject.sha256.clone()),
        (meta::SUBJECT_LETTER.to_owned(), subject.letter.clone()),
        (
            meta::SUBJECT_SIDE.to_owned(),
            subject.side.as_str().to_owned(),
        ),
    ];
    let steps = async {
        sqlx::query(ANSWER_TABLE_SQL).execute(&mut *tx).await?;
        for table in BASELINE_TABLES {
            let max: i64 = sqlx::query_scalar(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"))
                .fetch_one(&mut *tx)
                .await?;
            origin.push((format!("{}{table}", meta::BASELINE_PREFIX), max.to_string()));
        }
        for (key, value) in &origin {
            meta::write(&mut *tx, key, value).await?;
        }
        tx.commit().await
    };
    steps
        .await
        .map_err(|e| at_file(format!("base préparée impossible à écrire : {e}")))
}
