//! The 40-minute timer of a candidate, kept on the server: started by the examiner, paused
//! and extended with reasons, lengthened by the candidate's aménagement. The state is pure
//! arithmetic over the recorded events ([`compute`]), so the candidate's page, the console
//! and the fiche agree; [`timer_of`] reads them and [`timer_action`] records one.

use serde::Serialize;

use crate::db::{Platform, unix_now};

/// The regulation's duration of the practical part.
pub const BASE_SECONDS: i64 = 40 * 60;
/// Tiers-temps: one third more, 40 min → 53 min 20 s.
pub const TIERS_TEMPS_SECONDS: i64 = BASE_SECONDS / 3;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TimerEvent {
    pub at: i64,
    pub kind: String,
    pub seconds: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimerState {
    pub started: bool,
    pub paused: bool,
    /// Time allowed: 40 min + aménagement + extensions.
    pub allowed_seconds: i64,
    pub elapsed_seconds: i64,
    pub remaining_seconds: i64,
    /// The time is up (the grace period may still be running).
    pub ended: bool,
    /// The time and the grace period are over: the site only reads.
    pub read_only: bool,
    pub grace_seconds: i64,
    /// "mm:ss" of the remaining time, for people.
    pub remaining_text: String,
    pub allowed_text: String,
    pub notes: Vec<String>,
}

impl TimerState {
    /// Why the candidate's site only reads now, in French: before the start, during a pause
    /// and once the time and its grace period are over; `None` while the clock runs
    /// (grace period included).
    pub fn lock(&self) -> Option<&'static str> {
        if self.read_only {
            Some("l'épreuve est terminée : le site est en lecture seule")
        } else if !self.started {
            Some(
                "l'épreuve n'a pas commencé : le site reste en lecture seule jusqu'à ce que \
                 l'examinateur lance le chronomètre",
            )
        } else if self.paused {
            Some("l'épreuve est en pause : le site est en lecture seule jusqu'à la reprise")
        } else {
            None
        }
    }
}

/// "53 min 20 s", "40 min".
pub fn duration_text(seconds: i64) -> String {
    let (m, s) = (seconds / 60, seconds % 60);
    if s == 0 {
        format!("{m} min")
    } else {
        format!("{m} min {s} s")
    }
}

fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{:02}:{:02}", s / 60, s % 60)
}

pub fn compute(
    extra_seconds: i64,
    grace_seconds: i64,
    started_at: Option<i64>,
    events: &[TimerEvent],
    now: i64,
) -> TimerState {
    let mut allowed = BASE_SECONDS + extra_seconds;
    let mut paused_total = 0;
    let mut paused_since: Option<i64> = None;
    let mut notes = Vec::new();
    for e in events {
        match e.kind.as_str() {
            "pause" if paused_since.is_none() => {
                paused_since = Some(e.at);
                notes.push(format!("Pause : {}", e.reason));
            }
            "resume" => {
                if let Some(since) = paused_since.take() {
                    paused_total += (e.at - since).max(0);
                }
            }
            "extend" => {
                allowed += e.seconds;
                notes.push(format!(
                    "Prolongation de {} : {}",
                    duration_text(e.seconds),
                    e.reason
                ));
            }
            _ => {}
        }
    }
    let elapsed = match started_at {
        None => 0,
        Some(start) => {
            let until = paused_since.unwrap_or(now);
            (until - start - paused_total).max(0)
        }
    };
    let remaining = (allowed - elapsed).max(0);
    let ended = started_at.is_some() && remaining == 0;
    let read_only = ended && elapsed >= allowed + grace_seconds;
    TimerState {
        started: started_at.is_some(),
        paused: paused_since.is_some(),
        allowed_seconds: allowed,
        elapsed_seconds: elapsed,
        remaining_seconds: remaining,
        ended,
        read_only,
        grace_seconds,
        remaining_text: clock(remaining),
        allowed_text: duration_text(allowed),
        notes,
    }
}

/// The timer of a seat, now.
pub async fn timer_of(p: &Platform, seat: i64) -> crate::Result<TimerState> {
    let (extra, grace, started): (i64, i64, Option<i64>) = sqlx::query_as(
        "SELECT k.extra_seconds, seat.grace_seconds, seat.started_at FROM seat
         JOIN candidate k ON k.id = seat.candidate_id WHERE seat.id = ?",
    )
    .bind(seat)
    .fetch_one(p.db())
    .await?;
    let events: Vec<TimerEvent> = sqlx::query_as(
        "SELECT at, kind, seconds, reason FROM timer_event WHERE seat_id = ? ORDER BY id",
    )
    .bind(seat)
    .fetch_all(p.db())
    .await?;
    Ok(compute(extra, grace, started, &events, unix_now()))
}

/// Timer actions of the examiner: start, pause (reason), resume, extend (minutes, reason),
/// grace (seconds).
pub async fn timer_action(
    p: &Platform,
    seat: i64,
    action: &str,
    minutes: i64,
    reason: &str,
) -> crate::Result<()> {
    let reason = reason.trim();
    let now = unix_now();
    let state = timer_of(p, seat).await?;
    let mut w = p.write().await?;
    match action {
        "start" => {
            if state.started {
                return Err(crate::ExamError::invalid("le chronomètre est déjà lancé"));
            }
            sqlx::query("UPDATE seat SET started_at = ? WHERE id = ? AND started_at IS NULL")
                .bind(now)
                .bind(seat)
                .execute(&mut *w.tx)
                .await?;
        }
        "pause" | "resume" | "extend" => {
            if !state.started {
                return Err(crate::ExamError::invalid("le chronomètre n'est pas lancé"));
            }
            if action == "pause" && state.paused {
                return Err(crate::ExamError::invalid(
                    "le chronomètre est déjà en pause",
                ));
            }
            if action == "resume" && !state.paused {
                return Err(crate::ExamError::invalid(
                    "le chronomètre n'est pas en pause",
                ));
            }
            if action != "resume" && reason.chars().count() < 3 {
                return Err(crate::ExamError::invalid(
                    "indiquez le motif (il figure sur la fiche)",
                ));
            }
            if action == "extend" && !(1..=60).contains(&minutes) {
                return Err(crate::ExamError::invalid(
                    "la prolongation va de 1 à 60 minutes",
                ));
            }
        }
        "grace" => {
            if !(0..=30).contains(&minutes) {
                return Err(crate::ExamError::invalid(
                    "le délai de grâce va de 0 à 30 minutes",
                ));
            }
            sqlx::query("UPDATE seat SET grace_seconds = ? WHERE id = ?")
                .bind(minutes * 60)
                .bind(seat)
                .execute(&mut *w.tx)
                .await?;
            w.commit().await?;
            return Ok(());
        }
        _ => return Err(crate::ExamError::invalid("action inconnue")),
    }
    sqlx::query(
        "INSERT INTO timer_event (seat_id, at, kind, seconds, reason) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(seat)
    .bind(now)
    .bind(action)
    .bind(if action == "extend" { minutes * 60 } else { 0 })
    .bind(reason)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(at: i64, kind: &str, seconds: i64) -> TimerEvent {
        TimerEvent {
            at,
            kind: kind.into(),
            seconds,
            reason: "motif".into(),
        }
    }

    #[test]
    fn tiers_temps_gives_fifty_three_minutes_twenty() {
        let t = compute(TIERS_TEMPS_SECONDS, 120, None, &[], 0);
        assert_eq!(t.allowed_text, "53 min 20 s");
        assert!(!t.started);
        assert_eq!(t.remaining_text, "53:20");
    }

    #[test]
    fn a_pause_stops_the_clock_and_an_extension_adds_time() {
        let events = [
            ev(100, "pause", 0),
            ev(400, "resume", 0),
            ev(500, "extend", 300),
        ];
        let t = compute(0, 120, Some(0), &events, 1000);
        // 1000 s since start, 300 s paused: 700 s elapsed of 2700 allowed.
        assert_eq!(t.elapsed_seconds, 700);
        assert_eq!(t.allowed_seconds, 2700);
        assert_eq!(t.remaining_seconds, 2000);
        assert_eq!(t.notes.len(), 2);
    }

    #[test]
    fn the_site_turns_read_only_after_the_grace_period() {
        let t = compute(0, 120, Some(0), &[], 2400 + 60);
        assert!(t.ended && !t.read_only);
        let t = compute(0, 120, Some(0), &[], 2400 + 120);
        assert!(t.ended && t.read_only);
    }

    #[test]
    fn a_paused_timer_does_not_run() {
        let t = compute(0, 0, Some(0), &[ev(10, "pause", 0)], 5000);
        assert!(t.paused);
        assert_eq!(t.elapsed_seconds, 10);
    }
}
