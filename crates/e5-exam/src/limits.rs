//! Limits on wrong access codes and wrong passwords at the platform's three doors. Failures
//! are kept in platform.db (a restart does not reset them), and only failures are written.
//! The reasoning and the arithmetic are in `docs/rate-limits.md`; in short:
//!
//! **Access codes** (6 characters from 31: 31^6 = 887 503 681 codes). A whole room often
//! shares one address (NAT, proxy), so a correct code is never refused because of the
//! address's failures. But a check that can succeed is a guess, so the number of *checks*
//! must be bounded, not only the number of refusals. Hence two lanes:
//! - free lane: while an address has fewer than [`CODE_FREE_PER_ADDRESS`] wrong codes over
//!   [`CODE_WINDOW`] seconds (and the server fewer than [`CODE_FREE_EVERYWHERE`]), every
//!   code is checked at once;
//! - slow lane: beyond, the address's checks are queued one after the other, spaced by one
//!   second per wrong code beyond the bound (at most [`MAX_SPACING`] s); when the server as
//!   a whole is beyond its bound, every check also passes a global queue spaced by
//!   [`GLOBAL_SPACING`] s. A correct code in the slow lane is accepted when its turn comes
//!   (seconds); a wrong one answers 429 with a French message. At most [`MAX_WAITING`]
//!   requests wait per queue: beyond, 429 at once, nothing checked.
//!
//! One address in the slow lane gets about 3 300 checks a day (see the doc): with 300 live
//! codes, 0.11 % chance of finding one in a day; the global queue bounds an attacker with
//! many addresses to 43 200 checks a day (1.5 %). Codes have no per-account lock: a wrong
//! code names no account.
//!
//! **Passwords** (console, centre administration): [`PASSWORD_PER_ACCOUNT`] failures for
//! one e-mail (typed, lower case, whether or not it exists: same answer, no enumeration)
//! or [`PASSWORD_PER_ADDRESS`] from one address over [`PASSWORD_WINDOW`] seconds, and
//! that sign-in is refused before the password is checked until the window frees it.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

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

/// Window over which wrong access codes are counted, in seconds.
pub const CODE_WINDOW: i64 = 15 * 60;
/// Wrong access codes from one address, over the window, before its checks are queued.
pub const CODE_FREE_PER_ADDRESS: i64 = 10;
/// Wrong access codes on the whole server, over the window, before every check is queued.
pub const CODE_FREE_EVERYWHERE: i64 = 100;
/// Longest spacing of an address's queue, in seconds.
pub const MAX_SPACING: i64 = 30;
/// Spacing of the global queue, in seconds.
pub const GLOBAL_SPACING: u64 = 2;
/// Requests waiting in one queue at most.
pub const MAX_WAITING: usize = 8;

/// Window over which wrong passwords are counted, in seconds.
pub const PASSWORD_WINDOW: i64 = 15 * 60;
/// Wrong passwords for one account over the window before its sign-in waits.
pub const PASSWORD_PER_ACCOUNT: i64 = 5;
/// Wrong passwords from one address over the window before its sign-ins wait (an
/// examiners' room behind one NAT address has room for typing slips).
pub const PASSWORD_PER_ADDRESS: i64 = 20;

/// Failures older than this are purged (longer than every window).
const KEEP_SECONDS: i64 = 3600;

impl Door {
    fn key(self) -> &'static str {
        match self {
            Door::Code => "code",
            Door::Console => "console",
            Door::Admin => "admin",
        }
    }

    /// What a client that must wait reads at a password door.
    pub fn message(wait_seconds: i64) -> String {
        format!(
            "Trop de tentatives de connexion erronées : patientez {} avant de réessayer.",
            e5_shop::limits::wait_text(u64::try_from(wait_seconds).unwrap_or(0))
        )
    }
}

/// What a wrong access code in the slow lane reads.
pub fn slow_code_message(spacing: u64) -> String {
    format!(
        "Code inconnu. Trop de codes erronés depuis ce poste : chaque essai est désormais ralenti ({spacing} s). Vérifiez les six caractères de votre convocation ou appelez le surveillant."
    )
}

/// What a request refused without a check (queue full) reads.
pub const BUSY_MESSAGE: &str = "Trop de codes erronés depuis ce poste : patientez quelques secondes avant de réessayer, ou appelez le surveillant.";

enum Scope<'a> {
    Address(IpAddr),
    Account(&'a str),
    Everyone,
}

/// Failures at `door` within the last `window` seconds, in `scope`, newest first, at most
/// `limit` of them.
async fn recent(
    p: &Platform,
    door: Door,
    scope: Scope<'_>,
    window: i64,
    limit: i64,
) -> Result<Vec<i64>> {
    let since = unix_now() - window;
    let (sql, key) = match scope {
        Scope::Address(ip) => (
            "SELECT at FROM login_failure WHERE door = ? AND ip = ? AND at > ? ORDER BY at DESC LIMIT ?",
            Some(ip.to_string()),
        ),
        Scope::Account(account) => (
            "SELECT at FROM login_failure WHERE door = ? AND account = ? AND at > ? ORDER BY at DESC LIMIT ?",
            Some(account.to_owned()),
        ),
        Scope::Everyone => (
            "SELECT at FROM login_failure WHERE door = ? AND at > ? ORDER BY at DESC LIMIT ?",
            None,
        ),
    };
    let mut q = sqlx::query_scalar(sql).bind(door.key());
    if let Some(key) = key {
        q = q.bind(key);
    }
    Ok(q.bind(since).bind(limit).fetch_all(p.db()).await?)
}

/// `Some(seconds to wait)` when the last `max` failures all lie in the window.
fn wait_of(recent: &[i64], max: i64, window: i64) -> Option<i64> {
    if i64::try_from(recent.len()).unwrap_or(i64::MAX) < max {
        return None;
    }
    let oldest = recent.last().copied().unwrap_or_else(unix_now);
    Some((oldest + window - unix_now()).max(1))
}

/// The account key of a typed e-mail.
pub fn account_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// `Some(seconds to wait)` when this account or this address has used up its failures at a
/// password door. Nothing tells whether the account exists.
pub async fn password_blocked(
    p: &Platform,
    door: Door,
    ip: IpAddr,
    email: &str,
) -> Result<Option<i64>> {
    let account = account_key(email);
    let by_account = recent(
        p,
        door,
        Scope::Account(&account),
        PASSWORD_WINDOW,
        PASSWORD_PER_ACCOUNT,
    )
    .await?;
    let by_address = recent(
        p,
        door,
        Scope::Address(ip),
        PASSWORD_WINDOW,
        PASSWORD_PER_ADDRESS,
    )
    .await?;
    Ok([
        wait_of(&by_account, PASSWORD_PER_ACCOUNT, PASSWORD_WINDOW),
        wait_of(&by_address, PASSWORD_PER_ADDRESS, PASSWORD_WINDOW),
    ]
    .into_iter()
    .flatten()
    .max())
}

/// How an access-code check must be paced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pace {
    /// Seconds between two checks from this address; `None`: the free lane.
    pub address_spacing: Option<u64>,
    /// The whole server is beyond its bound: the global queue too.
    pub global: bool,
}

impl Pace {
    pub fn slowed(&self) -> bool {
        self.address_spacing.is_some() || self.global
    }
}

/// The pace of the next access-code check from `ip`.
pub async fn code_pace(p: &Platform, ip: IpAddr) -> Result<Pace> {
    let limit = CODE_FREE_PER_ADDRESS + MAX_SPACING;
    let by_address = recent(p, Door::Code, Scope::Address(ip), CODE_WINDOW, limit).await?;
    let everyone = recent(
        p,
        Door::Code,
        Scope::Everyone,
        CODE_WINDOW,
        CODE_FREE_EVERYWHERE,
    )
    .await?;
    let n = i64::try_from(by_address.len()).unwrap_or(i64::MAX);
    Ok(Pace {
        address_spacing: (n >= CODE_FREE_PER_ADDRESS)
            .then(|| u64::try_from((n - CODE_FREE_PER_ADDRESS + 1).min(MAX_SPACING)).unwrap_or(1)),
        global: i64::try_from(everyone.len()).unwrap_or(i64::MAX) >= CODE_FREE_EVERYWHERE,
    })
}

/// Records one failure (and forgets failures older than an hour). `account` is the typed
/// e-mail at a password door.
pub async fn fail(p: &Platform, door: Door, ip: IpAddr, account: Option<&str>) -> Result<()> {
    let now = unix_now();
    let mut w = p.write().await?;
    sqlx::query("DELETE FROM login_failure WHERE at < ?")
        .bind(now - KEEP_SECONDS)
        .execute(&mut *w.tx)
        .await?;
    sqlx::query("INSERT INTO login_failure (door, ip, account, at) VALUES (?, ?, ?, ?)")
        .bind(door.key())
        .bind(ip.to_string())
        .bind(account.map(account_key))
        .bind(now)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}

/// A queue of checks, spaced in time.
#[derive(Debug)]
struct Lane {
    next: tokio::sync::Mutex<Instant>,
    waiting: AtomicUsize,
}

impl Lane {
    fn new() -> Lane {
        Lane {
            next: tokio::sync::Mutex::new(Instant::now()),
            waiting: AtomicUsize::new(0),
        }
    }

    /// Waits for this lane's next slot, then books the one after `spacing`. `false` when too
    /// many requests already wait.
    async fn pass(&self, spacing: Duration) -> bool {
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return false;
        }
        let mut next = self.next.lock().await;
        tokio::time::sleep_until(*next).await;
        *next = Instant::now() + spacing;
        drop(next);
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        true
    }

    fn idle(&self, now: Instant) -> bool {
        self.waiting.load(Ordering::SeqCst) == 0
            && self.next.try_lock().is_ok_and(|next| *next <= now)
    }
}

/// The slow lanes of access-code checks, in memory (a restart empties the queues, not the
/// counts, which are in platform.db).
#[derive(Debug)]
pub struct Lanes {
    by_address: Mutex<HashMap<IpAddr, Arc<Lane>>>,
    global: Lane,
}

impl Default for Lanes {
    fn default() -> Self {
        Lanes {
            by_address: Mutex::new(HashMap::new()),
            global: Lane::new(),
        }
    }
}

impl Lanes {
    /// Waits for the check's turn as `pace` requires; `false`: refuse without checking.
    pub async fn pass(&self, ip: IpAddr, pace: Pace) -> bool {
        if let Some(spacing) = pace.address_spacing {
            let lane = {
                let mut lanes = self
                    .by_address
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                // Bounded memory: idle lanes go (an address with no queued check).
                if lanes.len() > 256 {
                    let now = Instant::now();
                    lanes.retain(|_, lane| !lane.idle(now));
                }
                lanes
                    .entry(ip)
                    .or_insert_with(|| Arc::new(Lane::new()))
                    .clone()
            };
            if !lane.pass(Duration::from_secs(spacing)).await {
                return false;
            }
        }
        if pace.global && !self.global.pass(Duration::from_secs(GLOBAL_SPACING)).await {
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_lane_spaces_its_checks_and_refuses_a_crowd() {
        let spacing = Duration::from_millis(50);
        let lane = Arc::new(Lane::new());
        let start = Instant::now();
        assert!(lane.pass(spacing).await);
        assert!(lane.pass(spacing).await);
        assert!(Instant::now() - start >= spacing);
        // MAX_WAITING wait; one more is refused at once.
        let mut waiting = Vec::new();
        for _ in 0..MAX_WAITING {
            let lane = lane.clone();
            waiting.push(tokio::spawn(async move { lane.pass(spacing).await }));
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(!lane.pass(spacing).await);
        for w in waiting {
            assert!(w.await.unwrap_or(false));
        }
        assert!(!lane.idle(Instant::now()));
        assert!(lane.idle(Instant::now() + spacing));
    }

    #[test]
    fn the_wait_is_until_the_oldest_failure_leaves_the_window() {
        let now = unix_now();
        assert_eq!(wait_of(&[now, now - 10], 3, 60), None);
        assert_eq!(wait_of(&[now, now - 10, now - 20], 3, 60), Some(40));
    }

    #[test]
    fn messages_read_in_french() {
        assert!(Door::message(900).contains("patientez 15 minutes"));
        assert!(slow_code_message(3).contains("ralenti (3 s)"));
    }
}
