//! Live messages to the console: screen-recording batches, current page, timer changes,
//! grid saves. One broadcast channel for the server; each console keeps its seats' messages.

use serde::Serialize;
use tokio::sync::broadcast;

#[derive(Debug, Clone, Serialize)]
pub struct LiveMessage {
    pub seat: i64,
    /// "rrweb", "page", "timer", "grid".
    pub kind: &'static str,
    /// JSON text, sent as is.
    pub data: String,
}

#[derive(Clone, Debug)]
pub struct Hub {
    tx: broadcast::Sender<LiveMessage>,
}

impl Default for Hub {
    fn default() -> Self {
        // Large enough for ~30 candidates' 500 ms batches during a slow console's hiccup.
        let (tx, _) = broadcast::channel(1024);
        Hub { tx }
    }
}

impl Hub {
    pub fn send(&self, seat: i64, kind: &'static str, data: String) {
        // No console watching is fine.
        let _ = self.tx.send(LiveMessage { seat, kind, data });
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveMessage> {
        self.tx.subscribe()
    }
}
