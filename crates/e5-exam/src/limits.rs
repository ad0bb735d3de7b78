//! Limits on wrong access codes and wrong passwords, per client address and door, kept in
//! platform.db: a restart of the server does not reset them, and only failures are written
//! (a blocked client is refused by a read, so a flood costs no writes).

use std::net::IpAddr;

use crate::db::{Platform, unix_now};
use crate::error::Result;

/// Where a secret is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// The candidate's access code (`/`).
    Code,
    /// The examiner's sign-in (`/console/connexion`).
    Console,
    /// The centre administration's sign-in (`/admin/connexion`).
    Admin,
}

/// Wrong access codes allowed per client address and minute: enough for typing slips,
/// far too few to guess one of the 30^6 codes.
pub const WRONG_CODES_PER_MINUTE: i64 = 5;
/// Wrong passwords allowed per client address over five minutes.
pub const WRONG_PASSWORDS_PER_5_MINUTES: i64 = 5;

impl Door {
    fn key(self) -> &'static str {
        match self {
            Door::Code => "code",
            Door::Console => "console",
            Door::Admin => "admin",
        }
    }

    /// (failures allowed, over that many seconds)
    fn rule(self) -> (i64, i64) {
        match self {
            Door::Code => (WRONG_CODES_PER_MINUTE, 60),
            Door::Console | Door::Admin => (WRONG_PASSWORDS_PER_5_MINUTES, 300),
        }
    }

    /// What a blocked workstation reads.
    pub fn message(self, wait_seconds: i64) -> String {
        let wait = if wait_seconds <= 60 {
            "une minute".to_owned()
        } else {
            format!("{} minutes", (wait_seconds + 59) / 60)
        };
        match self {
            Door::Code => format!(
                "Trop de codes erronés depuis ce poste : patientez {wait} avant de réessayer, ou appelez le surveillant."
            ),
            Door::Console | Door::Admin => format!(
                "Trop de tentatives de connexion erronées depuis ce poste : patientez {wait} avant de réessayer."
            ),
        }
    }
}

/// `Some(seconds to wait)` when this address has used up its failures at this door.
pub async fn blocked(p: &Platform, door: Door, ip: IpAddr) -> Result<Option<i64>> {
    let (max, window) = door.rule();
    let now = unix_now();
    let recent: Vec<i64> = sqlx::query_scalar(
        "SELECT at FROM login_failure WHERE door = ? AND ip = ? AND at > ? ORDER BY at DESC LIMIT ?",
    )
    .bind(door.key())
    .bind(ip.to_string())
    .bind(now - window)
    .bind(max)
    .fetch_all(p.db())
    .await?;
    if i64::try_from(recent.len()).unwrap_or(i64::MAX) < max {
        return Ok(None);
    }
    // Free again when the oldest of the last `max` failures leaves the window.
    let oldest = recent.last().copied().unwrap_or(now);
    Ok(Some((oldest + window - now).max(1)))
}

/// Records one failure (and forgets failures older than an hour).
pub async fn fail(p: &Platform, door: Door, ip: IpAddr) -> Result<()> {
    let now = unix_now();
    let mut w = p.write().await?;
    sqlx::query("DELETE FROM login_failure WHERE at < ?")
        .bind(now - 3600)
        .execute(&mut *w.tx)
        .await?;
    sqlx::query("INSERT INTO login_failure (door, ip, at) VALUES (?, ?, ?)")
        .bind(door.key())
        .bind(ip.to_string())
        .bind(now)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}
