//! Live messages to the console: screen-recording batches, current page, timer changes,
//! grid saves. One broadcast channel per seat, so that a console listens to its three
//! candidates only and a slow console or a busy seat never makes another seat lag.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;

#[derive(Debug, Clone)]
pub struct LiveMessage {
    pub seat: i64,
    /// "rrweb", "page", "timer", "grid".
    pub kind: &'static str,
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
    pub fn send(&self, seat: i64, kind: &'static str, data: String) {
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
