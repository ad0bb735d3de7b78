//! One timeline for the replay of a candidate's session: the rrweb events of every page
//! load in time order, and the journal's moments placed on the recording's clock.
//!
//! rrweb timestamps come from the candidate's workstation; journal times from the server
//! (Paris time, to the second). The workstation's offset is estimated from the batches: the
//! smallest gap between a batch's arrival (server clock) and its last event (workstation
//! clock) is the clock difference plus the shortest network delay.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// Journal rows this long before the first event still belong to the session (shown at 0).
const BEFORE_START_MS: i64 = 60_000;

#[derive(Debug, Serialize)]
pub struct PageLoad {
    /// Milliseconds from the start of the recording.
    pub t: i64,
    pub page: String,
}

/// One event as stored: its time and its JSON text, untouched.
#[derive(Debug)]
pub struct Event<'a> {
    pub timestamp: i64,
    pub json: &'a RawValue,
}

#[derive(Debug, Default)]
pub struct Timeline<'a> {
    /// Every event in time order (borrowed from the recording rows, never rebuilt: a whole
    /// exam is tens of megabytes of JSON).
    pub events: Vec<Event<'a>>,
    /// Timestamp of the first event (workstation clock, Unix ms); 0 when nothing was recorded.
    pub start: i64,
    pub end: i64,
    pub pages: Vec<PageLoad>,
    /// Server clock minus workstation clock, in ms.
    offset: Option<i64>,
}

#[derive(Deserialize)]
struct Head {
    #[serde(rename = "type")]
    kind: i64,
    timestamp: f64,
}

impl<'a> Timeline<'a> {
    /// From the recording rows `(received_ms, has_snapshot, page, events)` in arrival order.
    pub fn build(batches: &'a [(i64, i64, String, String)]) -> Timeline<'a> {
        let mut t = Timeline::default();
        let mut snapshots = Vec::new();
        for (received, _, page, events) in batches {
            let Ok(list) = serde_json::from_str::<Vec<&RawValue>>(events) else {
                continue;
            };
            let mut last = None;
            for json in list {
                let Ok(head) = serde_json::from_str::<Head>(json.get()) else {
                    continue;
                };
                let timestamp = head.timestamp as i64;
                last = last.max(Some(timestamp));
                if head.kind == 2 {
                    snapshots.push((timestamp, page.clone()));
                }
                t.events.push(Event { timestamp, json });
            }
            if let Some(last) = last {
                let gap = received - last;
                t.offset = Some(t.offset.map_or(gap, |o| o.min(gap)));
            }
        }
        // A batch kept for the next page may arrive after that page's first batch: rrweb
        // needs time order (the sort is stable, so equal times keep their order).
        t.events.sort_by_key(|e| e.timestamp);
        t.start = t.events.first().map_or(0, |e| e.timestamp);
        t.end = t.events.last().map_or(0, |e| e.timestamp);
        snapshots.sort_by_key(|(ts, _)| *ts);
        t.pages = snapshots
            .into_iter()
            .map(|(ts, page)| PageLoad {
                t: ts - t.start,
                page,
            })
            .collect();
        t
    }

    /// The events as one JSON array.
    pub fn events_json(&self) -> String {
        let mut out = String::with_capacity(
            self.events
                .iter()
                .map(|e| e.json.get().len() + 1)
                .sum::<usize>()
                + 2,
        );
        out.push('[');
        for (i, e) in self.events.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(e.json.get());
        }
        out.push(']');
        out
    }

    pub fn duration(&self) -> i64 {
        self.end - self.start
    }

    /// Where a journal time (Paris, `YYYY-MM-DD HH:MM:SS`) falls on the timeline, clamped to
    /// it; `None` for rows well before the session (the context's own history).
    pub fn moment_of(&self, at: &str) -> Option<i64> {
        let offset = self.offset?;
        // The journal keeps whole seconds: the end of that second shows the action done.
        let server_ms = paris_to_unix(at)? * 1000 + 999;
        let t = server_ms - offset - self.start;
        (t >= -BEFORE_START_MS).then(|| t.clamp(0, self.duration()))
    }
}

/// Unix seconds of a Paris local time as the shop stores it.
fn paris_to_unix(at: &str) -> Option<i64> {
    e5_domain::LocalTime::parse_db(at).map(|t| t.unix_utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_times_convert_in_winter_and_summer() {
        // 2027-01-15 10:00 Paris = 09:00 UTC; 2027-05-12 09:00 Paris = 07:00 UTC.
        assert_eq!(paris_to_unix("2027-01-15 10:00:00"), Some(1_800_003_600));
        assert_eq!(paris_to_unix("2027-05-12 09:00:00"), Some(1_810_105_200));
        assert_eq!(paris_to_unix("n'importe quoi"), None);
    }

    #[test]
    fn page_loads_are_chained_in_time_order_and_journal_rows_placed() {
        // The workstation clock is 5 s behind the server's.
        let start = 1_810_105_200_000 - 5_000;
        let b = |recv: i64, snap: i64, page: &str, ev: &str| {
            (recv, snap, page.to_owned(), ev.to_owned())
        };
        let rows = vec![
            b(
                start + 5_100,
                1,
                "/a",
                &format!(r#"[{{"type":4,"timestamp":{start}}},{{"type":2,"timestamp":{start}}}]"#),
            ),
            b(
                start + 65_050,
                1,
                "/b",
                &format!(
                    r#"[{{"type":4,"timestamp":{}}},{{"type":2,"timestamp":{}}}]"#,
                    start + 60_000,
                    start + 60_000
                ),
            ),
            // Kept for the next page and sent late.
            b(
                start + 65_200,
                0,
                "/a",
                &format!(r#"[{{"type":3,"timestamp":{}}}]"#, start + 59_000),
            ),
        ];
        let t = Timeline::build(&rows);
        let times: Vec<i64> = t.events.iter().map(|e| e.timestamp).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
        assert_eq!(t.duration(), 60_000);
        assert_eq!(t.pages.len(), 2);
        assert_eq!((t.pages[1].t, t.pages[1].page.as_str()), (60_000, "/b"));
        // 09:00:30 server time is 30 s into the recording (within the smallest delay, 50 ms),
        // placed at the end of that second.
        let m = t.moment_of("2027-05-12 09:00:30").unwrap();
        assert!((30_900..=31_000).contains(&m), "{m}");
        assert_eq!(t.moment_of("2027-05-01 09:00:00"), None);
    }
}
