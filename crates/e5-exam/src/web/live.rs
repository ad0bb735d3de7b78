//! Live messages to the console: screen-recording batches, current page, timer changes,
//! grid saves. One broadcast channel per seat, so that a console listens to its three
//! candidates only and a slow console or a busy seat never makes another seat lag.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

/// What a console's live stream carries. Each is one kind of server-sent event, named by
/// [`LiveKind::event_name`], which `console.js` listens to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveKind {
    /// A batch of the candidate's screen recording (rrweb events).
    Screen,
    /// The page the candidate is on.
    Page,
    /// The seat's timer.
    Timer,
    /// The seat's grid, as saved.
    Grid,
    /// A line of the candidate's site journal.
    Journal,
    /// The server's disk warning (or its end).
    Disk,
}

impl LiveKind {
    pub const fn event_name(self) -> &'static str {
        match self {
            LiveKind::Screen => "rrweb",
            LiveKind::Page => "page",
            LiveKind::Timer => "timer",
            LiveKind::Grid => "grid",
            LiveKind::Journal => "journal",
            LiveKind::Disk => "disque",
        }
    }
}

#[derive(Debug, Clone)]
pub struct LiveMessage {
    pub seat: i64,
    pub kind: LiveKind,
    /// JSON text, sent as is; shared by every console listening (no copy per console).
    pub data: Arc<str>,
}

/// Messages a console may fall behind by before it has to catch up from the database:
/// at four recording batches a second, about a minute.
const PER_SEAT: usize = 256;

#[derive(Clone, Debug, Default)]
pub struct Hub {
    seats: Arc<Mutex<HashMap<i64, broadcast::Sender<LiveMessage>>>>,
}

impl Hub {
    pub fn send(&self, seat: i64, kind: LiveKind, data: String) {
        let Ok(mut seats) = self.seats.lock() else {
            return;
        };
        if let Some(tx) = seats.get(&seat) {
            let message = LiveMessage {
                seat,
                kind,
                data: data.into(),
            };
            // No console watching any more: forget the channel.
            if tx.send(message).is_err() {
                seats.remove(&seat);
            }
        }
    }

    pub fn subscribe(&self, seat: i64) -> broadcast::Receiver<LiveMessage> {
        match self.seats.lock() {
            Ok(mut seats) => seats
                .entry(seat)
                .or_insert_with(|| broadcast::channel(PER_SEAT).0)
                .subscribe(),
            // A poisoned map only loses live messages; the console still reads the database.
            Err(_) => broadcast::channel(1).1,
        }
    }
}
