//! Failure counting in memory, for the sandbox back-office's sign-in (the exam platform's
//! doors keep theirs in platform.db, see `e5_exam::limits`).
//!
//! A sandbox is a practice or exam copy of a shop whose database belongs to the candidate
//! (and every write to it is journaled): sign-in failures are not the candidate's work, so
//! they are kept here, in the server's memory. A restart forgets them, which is acceptable:
//! the limits only need to make guessing slow, and a restart takes longer than a window.
//!
//! Memory is bounded: a key keeps at most `max` instants, a blocked key gains none (a
//! blocked request is refused before anything is counted), and keys whose last failure
//! left every window are dropped at most once a minute.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// `max` failures allowed over `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub max: usize,
    pub window: Duration,
}

/// Keys forgotten once their last failure is this old (longer than any window in use).
const FORGET_AFTER: Duration = Duration::from_secs(3600);
const PURGE_EVERY: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct MemoryLimiter {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    failures: HashMap<String, VecDeque<Instant>>,
    last_purge: Instant,
}

impl Default for MemoryLimiter {
    fn default() -> Self {
        MemoryLimiter {
            inner: Mutex::new(Inner {
                failures: HashMap::new(),
                last_purge: Instant::now(),
            }),
        }
    }
}

impl MemoryLimiter {
    /// `Some(time to wait)` when `key` has used up its failures under `rule`.
    pub fn blocked(&self, key: &str, rule: Rule) -> Option<Duration> {
        self.blocked_at(key, rule, Instant::now())
    }

    fn blocked_at(&self, key: &str, rule: Rule, now: Instant) -> Option<Duration> {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let times = inner.failures.get(key)?;
        let recent: Vec<&Instant> = times
            .iter()
            .filter(|t| now.saturating_duration_since(**t) < rule.window)
            .collect();
        if recent.len() < rule.max {
            return None;
        }
        // Free again when the oldest of the last `max` failures leaves the window.
        let oldest = recent[recent.len() - rule.max];
        Some(
            rule.window
                .saturating_sub(now.saturating_duration_since(*oldest))
                .max(Duration::from_secs(1)),
        )
    }

    /// Records one failure of `key`.
    pub fn fail(&self, key: &str, rule: Rule) {
        self.fail_at(key, rule, Instant::now());
    }

    fn fail_at(&self, key: &str, rule: Rule, now: Instant) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if now.saturating_duration_since(inner.last_purge) >= PURGE_EVERY {
            inner.failures.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.saturating_duration_since(*t) < FORGET_AFTER)
            });
            inner.last_purge = now;
        }
        let times = inner.failures.entry(key.to_owned()).or_default();
        times.push_back(now);
        while times.len() > rule.max.max(1) {
            times.pop_front();
        }
    }

    #[cfg(test)]
    fn keys(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .failures
            .len()
    }
}

/// "une minute", "15 minutes": how long a blocked client waits, in a French sentence.
pub fn wait_text(wait_seconds: u64) -> String {
    if wait_seconds <= 60 {
        "une minute".to_owned()
    } else {
        format!("{} minutes", wait_seconds.div_ceil(60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_blocked_after_max_failures_until_the_oldest_leaves_the_window() {
        let limiter = MemoryLimiter::default();
        let rule = Rule {
            max: 3,
            window: Duration::from_secs(60),
        };
        let t0 = Instant::now();
        for i in 0..3 {
            assert_eq!(limiter.blocked_at("a", rule, t0), None);
            limiter.fail_at("a", rule, t0 + Duration::from_secs(i * 10));
        }
        let now = t0 + Duration::from_secs(25);
        assert_eq!(
            limiter.blocked_at("a", rule, now),
            Some(Duration::from_secs(35))
        );
        assert_eq!(limiter.blocked_at("b", rule, now), None, "other keys free");
        assert_eq!(
            limiter.blocked_at("a", rule, t0 + Duration::from_secs(60)),
            None
        );
    }

    #[test]
    fn forgotten_keys_are_purged() {
        let limiter = MemoryLimiter::default();
        let rule = Rule {
            max: 2,
            window: Duration::from_secs(60),
        };
        let t0 = Instant::now();
        for i in 0..10 {
            limiter.fail_at(&format!("k{i}"), rule, t0);
        }
        assert_eq!(limiter.keys(), 10);
        limiter.fail_at("late", rule, t0 + FORGET_AFTER + PURGE_EVERY);
        assert_eq!(limiter.keys(), 1);
    }

    #[test]
    fn waits_read_in_french() {
        assert_eq!(wait_text(12), "une minute");
        assert_eq!(wait_text(61), "2 minutes");
        assert_eq!(wait_text(900), "15 minutes");
    }
}
