//! The kill harness: `e5 serve` is SIGKILLed at random moments while examiners fill grids
//! (each console with its queue of edits, replayed after the restart with the same keys),
//! candidates write in their sandboxes (storefront reviews, back-office drafts) and send
//! screen recordings. After every kill the server is restarted (it recovers the files
//! itself) and, the load going on, `PRAGMA integrity_check` is ok on platform.db and every
//! sandbox and every write acknowledged before the kill is there (grid edits exactly once).
//! At the end every queued edit has been applied, once, and everything is checked again
//! with the server stopped.
//!
//! Short by default (the normal test suite); `just faults` runs the long version:
//! `E5_FAULT_KILLS` (3), `E5_FAULT_CANDIDATES` (3; three per examiner), `E5_FAULT_SPAN_MS`
//! (longest time between two kills, 2000), `E5_FAULT_SEED` (to replay a run's moments).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

use crate::harness::{
    self, Centre, Console, Outcome, Rng, Seat, Server, Shared, client, env_number,
};

async fn console_task(
    mut console: Console,
    c: reqwest::Client,
    staff: String,
    ledger: Shared,
    stop: Arc<AtomicBool>,
) -> Console {
    let mut draining_since: Option<Instant> = None;
    loop {
        let stopping = stop.load(Ordering::SeqCst);
        if stopping {
            if console.queue.is_empty() {
                break;
            }
            let since = *draining_since.get_or_insert_with(Instant::now);
            if since.elapsed() > Duration::from_secs(60) {
                break;
            }
        } else if console.queue.len() < 40 {
            console.click("k");
        }
        match console.flush(&c, &staff, &ledger).await {
            None => {}
            Some(Outcome::SignedOut) => {
                harness::examiner_login(&c, &staff, console.examiner).await;
            }
            Some(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    console
}

async fn candidate_task(seat: Seat, sites: String, ledger: Shared, stop: Arc<AtomicBool>) {
    let c = client();
    let mut signed_in = false;
    let mut n = 0u64;
    while !stop.load(Ordering::SeqCst) {
        if !signed_in {
            signed_in = harness::candidate_login(&c, &sites, &seat).await;
            if !signed_in {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        }
        n += 1;
        let title = format!("h-{}-{n}", seat.id);
        let page = format!("/s/{}/admin/?banc={n}", seat.sandbox);
        let (kind, outcome) = match n % 3 {
            0 => (
                "review",
                harness::send_review(&c, &sites, &seat, &title).await,
            ),
            1 => (
                "draft",
                harness::send_draft(&c, &sites, &seat, &title).await,
            ),
            _ => (
                "recording",
                harness::send_recording(&c, &sites, &title, &page).await,
            ),
        };
        {
            let mut l = ledger.lock().unwrap();
            l.note(kind, &outcome);
            if outcome == Outcome::Acked(true) {
                match kind {
                    "review" => l.reviews.push((seat.sandbox.clone(), title)),
                    "draft" => l.drafts.push((seat.sandbox.clone(), title)),
                    _ => l.recordings.push((seat.id, page)),
                }
            }
        }
        match outcome {
            Outcome::SignedOut => signed_in = false,
            Outcome::NoAnswer | Outcome::Refused(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            _ => tokio::time::sleep(Duration::from_millis(5)).await,
        }
    }
}

/// One console per seat grading, and one candidate per seat writing, until `stop`.
fn start_the_load(
    centre: &Centre,
    server: &Server,
    examiners: &[reqwest::Client],
    ledger: &Shared,
    stop: &Arc<AtomicBool>,
) -> (Vec<JoinHandle<Console>>, Vec<JoinHandle<()>>) {
    let mut consoles = Vec::new();
    let mut writers = Vec::new();
    for seat in &centre.seats {
        consoles.push(tokio::spawn(console_task(
            Console::new(seat.id, seat.examiner),
            examiners[seat.examiner].clone(),
            server.staff.clone(),
            ledger.clone(),
            stop.clone(),
        )));
        writers.push(tokio::spawn(candidate_task(
            seat.clone(),
            server.sites.clone(),
            ledger.clone(),
            stop.clone(),
        )));
    }
    (consoles, writers)
}

/// Every examiner of the centre signed in to the console.
async fn examiners_signed_in(centre: &Centre, server: &Server) -> Vec<reqwest::Client> {
    let examiners: Vec<reqwest::Client> = (0..centre.examiners).map(|_| client()).collect();
    for (i, c) in examiners.iter().enumerate() {
        assert_eq!(
            harness::examiner_login(c, &server.staff, i).await,
            Some(303)
        );
    }
    examiners
}

/// After `wait` ms of load, the server is killed (SIGKILL) and restarted: it recovers the
/// files itself; then, the load going on, what was acknowledged before the kill must be
/// there. What was lost.
async fn killed_and_restarted(
    server: &mut Server,
    wait: u64,
    centre: &Centre,
    ledger: &Shared,
) -> Vec<String> {
    tokio::time::sleep(Duration::from_millis(wait)).await;
    server.kill();
    let seen = ledger.lock().unwrap().clone();
    server.restart().await;
    harness::check(centre, &seen).await.lost
}

/// The writers stop, the consoles empty their queues: the grid edits still queued.
async fn the_load_stopped(
    stop: &AtomicBool,
    writers: Vec<JoinHandle<()>>,
    consoles: Vec<JoinHandle<Console>>,
) -> usize {
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.await.unwrap();
    }
    let mut left = 0;
    for c in consoles {
        left += c.await.unwrap().queue.len();
    }
    left
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_every_acknowledged_write_survives_sigkill() {
    let kills = env_number("E5_FAULT_KILLS", 3);
    let candidates = env_number("E5_FAULT_CANDIDATES", 3) as usize;
    let span = env_number("E5_FAULT_SPAN_MS", 2000).max(300);
    let mut rng = Rng::from_env();
    let seed = rng.seed();
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("data");
    let centre = Centre::create(&root, candidates).await;
    let mut server = Server::start(&root, &dir.path().join("server.log")).await;
    let ledger = Shared::default();
    let stop = Arc::new(AtomicBool::new(false));
    let examiners = examiners_signed_in(&centre, &server).await;
    let (consoles, writers) = start_the_load(&centre, &server, &examiners, &ledger, &stop);
    let mut lost = Vec::new();
    let mut checks = 0u64;
    for _ in 0..kills {
        let wait = 200 + rng.below(span - 200);
        lost.extend(killed_and_restarted(&mut server, wait, &centre, &ledger).await);
        checks += 1;
    }
    // Some load on the last restart, then the consoles empty their queues.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let left = the_load_stopped(&stop, writers, consoles).await;
    server.kill();
    let l = ledger.lock().unwrap().clone();
    let last = harness::check(&centre, &l).await;
    lost.extend(last.lost.iter().cloned());
    let refused: u64 = l.refused.values().sum();
    println!(
        "faults: {kills} kills survived (seed {seed}), {} candidates, {} examiners, {:.1} s\n\
         faults: acknowledged and found after the kills: grid edits {} (sends failed and kept \
         queued {}, replays answered already-applied {}, each stored once), reviews {}, back-office \
         drafts {}, recordings {}; refused (503/507) {refused}; integrity_check ok on {} databases \
         × {} checks; lost {}",
        centre.seats.len(),
        centre.examiners,
        started.elapsed().as_secs_f64(),
        last.checked.get("grid").copied().unwrap_or(0),
        l.grid_requeued,
        l.grid_replays,
        last.checked.get("review").copied().unwrap_or(0),
        last.checked.get("draft").copied().unwrap_or(0),
        last.checked.get("recording").copied().unwrap_or(0),
        last.databases,
        checks + 1,
        lost.len(),
    );
    assert!(
        lost.is_empty(),
        "lost: {lost:#?}\nlog:\n{}",
        server.log_tail()
    );
    assert!(
        l.unexpected.is_empty(),
        "unexpected answers: {:#?}\nlog:\n{}",
        l.unexpected,
        server.log_tail()
    );
    assert_eq!(left, 0, "edits still queued after the last restart");
    assert!(
        l.grid.len() > 10 && !l.reviews.is_empty() && !l.drafts.is_empty(),
        "the load ran: {} edits, {} reviews, {} drafts",
        l.grid.len(),
        l.reviews.len(),
        l.drafts.len()
    );
}
