//! Limits on wrong access codes and wrong passwords at the platform's three doors. Failures
//! are kept in platform.db (a restart does not reset them), and only failures are written.
//! The reasoning and the arithmetic are in `docs/rate-limits.md`; in short:
//!
//! **Access codes** (8 characters from 31: 31^8 ≈ 8.53 × 10¹¹ codes; V codes held by the
//! server, one guess hits with probability V / 31^8). A whole room often shares one address
//! (NAT, proxy), so a right code is never refused because of its address's failures. But
//! a check that can succeed is a guess: refusing only the wrong codes of a blocked address
//! would let it guess at full speed. So the number of *checks* is bounded, and right codes
//! are slowed, never refused:
//! - checks from one address run one at a time (a [`Turn`] held from the count to the
//!   failure written), so a burst cannot be checked before earlier failures are counted;
//! - free lane: while an address has fewer than [`CODE_FREE_PER_ADDRESS`] wrong codes over
//!   [`CODE_WINDOW`] seconds (and the server fewer than [`CODE_FREE_EVERYWHERE`]), a check
//!   runs at once;
//! - slow lane: beyond, the address's next check waits one second per wrong code beyond
//!   the bound (at most [`MAX_SPACING`] s); when the server as a whole is beyond its bound,
//!   every check also passes a global queue, [`GLOBAL_SPACING`] s apart. A right code
//!   waits its turn and opens its seat; a wrong one answers 429 with a French message. At
//!   most [`MAX_WAITING_FREE`] requests wait in a queue ([`MAX_WAITING`] once slowed):
//!   beyond, 429 at once, nothing checked.
//!
//! Arithmetic: one guessing address settles at ~36 checks per 15 min, 3 384 a day: with
//! V = 300, P(hit) = 3 384 × 300 / 31^8 ≈ 1.2 × 10⁻⁶ a day. Many addresses are bounded by the
//! global queue: 43 200 checks a day, 1.5 × 10⁻⁵ (V = 300). Codes have no per-account lock:
//! a wrong code names no account.
//!
//! **Passwords** (console, centre administration): [`PASSWORD_PER_ACCOUNT`] failures for
//! one e-mail (typed, lower case, whether or not it exists: same answer, no enumeration)
//! or [`PASSWORD_PER_ADDRESS`] from one address over [`PASSWORD_WINDOW`] seconds, and
//! that sign-in is refused before the password is checked until the window frees it (one
//! account: at most 480 guesses a day).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::OwnedMutexGuard;
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
/// Requests waiting in a slowed queue at most (beyond: 429 at once, nothing checked).
pub const MAX_WAITING: usize = 8;
/// Requests waiting in a queue that is not slowed (a room typing its codes at once).
pub const MAX_WAITING_FREE: usize = 64;

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
pub fn slow_code_message(server_wide: bool, spacing: u64) -> String {
    let whence = if server_wide {
        "sur ce serveur"
    } else {
        "depuis ce poste"
    };
    format!(
        "Code inconnu. Trop de codes erronés {whence} : chaque essai est désormais ralenti ({spacing} s). Vérifiez les huit caractères de votre convocation ou appelez le surveillant."
    )
}

/// What a request refused without a check (queue full) reads.
pub const BUSY_MESSAGE: &str = "Trop de tentatives en même temps depuis ce poste : patientez quelques secondes avant de réessayer, ou appelez le surveillant.";

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

/// A queue of checks: one at a time, spaced in time when slowed.
#[derive(Debug)]
struct Lane {
    /// Held during a whole check (count, lookup, failure written): the next check of the
    /// queue sees the previous one's failure. Holds the earliest start of the next check.
    next: Arc<tokio::sync::Mutex<Instant>>,
    waiting: AtomicUsize,
    /// The last check was slowed: fewer may wait.
    slowed: AtomicBool,
}

impl Lane {
    fn new() -> Lane {
        Lane {
            next: Arc::new(tokio::sync::Mutex::new(Instant::now())),
            waiting: AtomicUsize::new(0),
            slowed: AtomicBool::new(false),
        }
    }

    /// Waits for the lane (the previous check finished); `None` when too many wait already.
    async fn enter(&self) -> Option<OwnedMutexGuard<Instant>> {
        let cap = if self.slowed.load(Ordering::SeqCst) {
            MAX_WAITING
        } else {
            MAX_WAITING_FREE
        };
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= cap {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let guard = self.next.clone().lock_owned().await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        Some(guard)
    }

    fn idle(&self) -> bool {
        self.waiting.load(Ordering::SeqCst) == 0
            && self
                .next
                .try_lock()
                .is_ok_and(|next| *next <= Instant::now())
    }
}

/// Waits until the lane's next slot, and books the one after `spacing`.
async fn space(guard: &mut OwnedMutexGuard<Instant>, spacing: Duration) {
    tokio::time::sleep_until(**guard).await;
    **guard = Instant::now() + spacing;
}

/// The queues of access-code checks, in memory (a restart empties the queues, not the
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

/// The right to check one access code, until dropped.
#[derive(Debug)]
pub struct Turn {
    pub pace: Pace,
    _address: OwnedMutexGuard<Instant>,
    _global: Option<OwnedMutexGuard<Instant>>,
}

impl Lanes {
    fn lane(&self, ip: IpAddr) -> Arc<Lane> {
        let mut lanes = self
            .by_address
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Bounded memory: idle lanes go (no check queued or spaced).
        if lanes.len() > 256 {
            lanes.retain(|_, lane| !lane.idle());
        }
        lanes
            .entry(ip)
            .or_insert_with(|| Arc::new(Lane::new()))
            .clone()
    }

    /// Waits for the turn of one access-code check from `ip`: checks from one address run
    /// one after the other, each paced by the failures before it (see the module's
    /// documentation). `Ok(None)`: too many requests wait, refuse without checking.
    pub async fn turn(&self, p: &Platform, ip: IpAddr) -> Result<Option<Turn>> {
        let lane = self.lane(ip);
        let Some(mut address) = lane.enter().await else {
            return Ok(None);
        };
        let pace = code_pace(p, ip).await?;
        lane.slowed
            .store(pace.address_spacing.is_some(), Ordering::SeqCst);
        if let Some(spacing) = pace.address_spacing {
            space(&mut address, Duration::from_secs(spacing)).await;
        }
        let global = if pace.global {
            self.global.slowed.store(true, Ordering::SeqCst);
            let Some(mut global) = self.global.enter().await else {
                return Ok(None);
            };
            space(&mut global, Duration::from_secs(GLOBAL_SPACING)).await;
            Some(global)
        } else {
            None
        };
        Ok(Some(Turn {
            pace,
            _address: address,
            _global: global,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_lane_runs_one_check_at_a_time_spaced_and_refuses_a_crowd() {
        let spacing = Duration::from_millis(50);
        let lane = Arc::new(Lane::new());
        let start = Instant::now();
        for _ in 0..2 {
            let mut turn = lane.enter().await.expect("a turn");
            space(&mut turn, spacing).await;
        }
        assert!(Instant::now() - start >= spacing, "spaced");
        // While one check runs, others wait; beyond the cap, refused at once.
        lane.slowed.store(true, Ordering::SeqCst);
        let running = lane.enter().await.expect("a turn");
        let mut waiting = Vec::new();
        for _ in 0..MAX_WAITING {
            let lane = lane.clone();
            waiting.push(tokio::spawn(async move { lane.enter().await.is_some() }));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(lane.enter().await.is_none());
        drop(running);
        for w in waiting {
            assert!(w.await.unwrap_or(false));
        }
        assert!(!lane.idle(), "its next slot is still booked");
        tokio::time::sleep(spacing).await;
        assert!(lane.idle());
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
        assert!(
            slow_code_message(false, 3)
                .contains("depuis ce poste : chaque essai est désormais ralenti (3 s)")
        );
        assert!(slow_code_message(true, 2).contains("sur ce serveur"));
    }
}
