//! What the centre administration plans besides commissions: exam sessions, examiners
//! (created, edited, deactivated), subjects uploaded or chosen among the examples shipped
//! with the program. Every change is checked first, written in one transaction through the
//! platform's writer, and recorded in `planning_log` with its author.

use include_dir::{Dir, include_dir};

use crate::auth::{self, Principal};
use crate::db::Platform;
use crate::error::{ExamError, Result};
use crate::planning::{check_email, check_password, log};

/// The example subjects of `subjects/`, embedded so the centre can pick one from the binary.
static EXAMPLES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../subjects");

/// An example subject: its file name and title line.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Example {
    pub file: String,
    pub label: String,
}

pub fn examples() -> Vec<Example> {
    let mut list: Vec<Example> = EXAMPLES
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .filter_map(|f| {
            let file = f.path().file_name()?.to_str()?.to_owned();
            let text = f.contents_utf8()?;
            let head: toml::Value = toml::from_str(text).ok()?;
            let subject = head.get("subject")?;
            let label = format!(
                "Sujet {} – {} ({})",
                subject.get("letter")?.as_str()?,
                subject.get("title")?.as_str()?,
                subject.get("code")?.as_str()?
            );
            Some(Example { file, label })
        })
        .collect();
    list.sort_by(|a, b| a.file.cmp(&b.file));
    list
}

pub fn example_text(file: &str) -> Option<&'static str> {
    EXAMPLES
        .get_file(file)
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .and_then(|f| f.contents_utf8())
}

/// Creates a session; a name already used is refused (the command line, which may be run
/// twice, keeps its "create or confirm" behaviour).
pub async fn create_session(p: &Platform, actor: &str, name: &str) -> Result<i64> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ExamError::invalid("indiquez le nom de la session"));
    }
    if name.chars().count() > 120 {
        return Err(ExamError::invalid(
            "le nom de la session compte 120 caractères au plus",
        ));
    }
    let mut w = p.write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO exam_session (name, created_at) VALUES (?, ?) RETURNING id",
    )
    .bind(name)
    .bind(crate::db::now_text())
    .fetch_one(&mut *w.tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            ExamError::invalid(format!("une session « {name} » existe déjà"))
        }
        e => e.into(),
    })?;
    log(
        &mut w,
        actor,
        Some(id),
        "session",
        &format!("Session « {name} » créée"),
    )
    .await?;
    w.commit().await?;
    Ok(id)
}

/// A readable password for an examiner, shown once to the administrator: 12 characters
/// from the access codes' alphabet (no 0/O, 1/I), in three groups.
pub fn generate_password() -> Result<String> {
    let parts: Vec<String> = (0..2)
        .map(|_| crate::codes::generate())
        .collect::<Result<_>>()?;
    let joined = parts.concat();
    let chars: Vec<char> = joined.chars().collect();
    Ok(chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

fn check_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(ExamError::invalid("indiquez le nom de l'examinateur"));
    }
    if name.chars().count() > 100 {
        return Err(ExamError::invalid("le nom compte 100 caractères au plus"));
    }
    Ok(())
}

fn duplicate_email(email: &str) -> impl Fn(sqlx::Error) -> ExamError + '_ {
    move |e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => ExamError::invalid(format!(
            "l'adresse {email} est déjà celle d'un autre examinateur"
        )),
        e => e.into(),
    }
}

/// Creates an examiner; an e-mail already used is refused.
pub async fn create_examiner(
    p: &Platform,
    actor: &str,
    email: &str,
    name: &str,
    password: &str,
) -> Result<i64> {
    let (email, name) = (email.trim(), name.trim());
    check_name(name)?;
    check_email(email)?;
    check_password(password)?;
    let hash = e5_shop_db::password::hash_password(password);
    let mut w = p.write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO examiner (email, name, password_hash) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(hash)
    .fetch_one(&mut *w.tx)
    .await
    .map_err(duplicate_email(email))?;
    log(
        &mut w,
        actor,
        None,
        "examiner",
        &format!("Examinateur {name} <{email}> créé"),
    )
    .await?;
    w.commit().await?;
    Ok(id)
}

/// Changes an examiner's name, e-mail and, when given, password (their open sessions are
/// then closed).
pub async fn update_examiner(
    p: &Platform,
    actor: &str,
    id: i64,
    email: &str,
    name: &str,
    password: Option<&str>,
) -> Result<()> {
    let (email, name) = (email.trim(), name.trim());
    check_name(name)?;
    check_email(email)?;
    if let Some(pw) = password {
        check_password(pw)?;
    }
    // Argon2 takes a while: never while holding the platform's writer.
    let hash = password.map(e5_shop_db::password::hash_password);
    let mut w = p.write().await?;
    let before: (String, String) = sqlx::query_as("SELECT name, email FROM examiner WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or_else(|| ExamError::invalid("cet examinateur n'existe pas"))?;
    sqlx::query("UPDATE examiner SET email = ?, name = ? WHERE id = ?")
        .bind(email)
        .bind(name)
        .bind(id)
        .execute(&mut *w.tx)
        .await
        .map_err(duplicate_email(email))?;
    let mut summary = format!("Examinateur {} <{}> modifié", before.0, before.1);
    if (before.0.as_str(), before.1.as_str()) != (name, email) {
        summary.push_str(&format!(" : désormais {name} <{email}>"));
    }
    if let Some(hash) = hash {
        sqlx::query("UPDATE examiner SET password_hash = ? WHERE id = ?")
            .bind(hash)
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        auth::close_all(&mut w, Principal::Examiner(id)).await?;
        summary.push_str(" ; nouveau mot de passe, sessions fermées");
    }
    log(&mut w, actor, None, "examiner", &summary).await?;
    w.commit().await?;
    Ok(())
}

/// Deactivates (sessions closed, sign-in refused; commissions and grids kept) or
/// reactivates an examiner.
pub async fn set_examiner_active(p: &Platform, actor: &str, id: i64, active: bool) -> Result<()> {
    let mut w = p.write().await?;
    let (name, email): (String, String) =
        sqlx::query_as("SELECT name, email FROM examiner WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *w.tx)
            .await?
            .ok_or_else(|| ExamError::invalid("cet examinateur n'existe pas"))?;
    sqlx::query("UPDATE examiner SET active = ? WHERE id = ?")
        .bind(i64::from(active))
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    if !active {
        auth::close_all(&mut w, Principal::Examiner(id)).await?;
    }
    let what = if active { "réactivé" } else { "désactivé" };
    log(
        &mut w,
        actor,
        None,
        "examiner",
        &format!("Examinateur {name} <{email}> {what}"),
    )
    .await?;
    w.commit().await?;
    Ok(())
}
