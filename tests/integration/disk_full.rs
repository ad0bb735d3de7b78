//! The full-disk harness: the data folder on a small tmpfs (40 MiB), `e5 serve` running on
//! it. A filler file takes all but a little of the space, the exam's writes (grid edits from
//! the consoles' queues, storefront reviews, back-office drafts, screen recordings, examiner
//! sign-ins) use the rest, then the filler takes the last byte and the writes go on. Every
//! acknowledged write must be in the databases afterwards; every refused one answered 503
//! (507 for recordings) with its French message, never 500 nor a success page. Then the
//! filler is deleted and, without restarting the server, the next sign-in, grid edit,
//! review and draft work.
//!
//! Needs root (mount). Without root, and outside CI, it says "skipped" and passes; under
//! `CI=true` a mount that fails is a failure. `just diskfull` runs the long version:
//! `E5_DISKFULL_ROUNDS` (rounds of writes per phase, 12), `E5_DISKFULL_MIB` (40),
//! `E5_DISKFULL_SLACK_KIB` (space left to the writes before the last byte goes, 256).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::harness::{self, Centre, Console, Outcome, Seat, Server, Shared, client, env_number};

/// A tmpfs mounted on a temporary folder, unmounted when dropped (even on a failed test).
struct Tmpfs {
    dir: Option<tempfile::TempDir>,
}

impl Tmpfs {
    fn mount(mib: u64) -> Result<Tmpfs, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| format!("mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "mount: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(Tmpfs { dir: Some(dir) })
    }

    fn path(&self) -> &Path {
        self.dir
            .as_ref()
            .map(|d| d.path())
            .unwrap_or(Path::new("/"))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let ok = Command::new("umount")
                .arg(dir.path())
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                let _ = Command::new("umount").arg("-l").arg(dir.path()).status();
            }
            drop(dir);
        }
    }
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// Writes to `filler` until at most `leave` bytes are free (0: to the last byte, chunks
/// down to one byte until the file system refuses). Returns the bytes written.
fn fill(filler: &Path, root: &Path, leave: u64) -> u64 {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(filler)
        .unwrap();
    let mut written = 0;
    let free = e5_exam::disk::free_space(root).unwrap();
    if leave > 0 {
        let want = free.saturating_sub(leave);
        let chunk = vec![0x5a_u8; 64 * 1024];
        let mut left = want;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            if f.write_all(&chunk[..n]).is_err() {
                break;
            }
            left -= n as u64;
            written += n as u64;
        }
        return written;
    }
    for size in [1024 * 1024, 64 * 1024, 4096, 512, 1] {
        let chunk = vec![0x5a_u8; size];
        while f.write_all(&chunk).is_ok() {
            written += size as u64;
        }
    }
    written
}

/// Acknowledged / refused per kind, from a ledger.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    grid: u64,
    reviews: u64,
    drafts: u64,
    recordings: u64,
    logins: u64,
}

fn acked(l: &harness::Ledger, logins: u64) -> Counts {
    Counts {
        grid: l.grid.len() as u64,
        reviews: l.reviews.len() as u64,
        drafts: l.drafts.len() as u64,
        recordings: l.recordings.len() as u64,
        logins,
    }
}

fn refused(l: &harness::Ledger, logins: u64) -> Counts {
    let get = |k: &str| l.refused.get(k).copied().unwrap_or(0);
    Counts {
        grid: get("grid"),
        reviews: get("review"),
        drafts: get("draft"),
        recordings: get("recording"),
        logins,
    }
}

struct Load<'a> {
    staff: String,
    sites: String,
    seats: &'a [Seat],
    candidates: Vec<reqwest::Client>,
    examiner: reqwest::Client,
    consoles: Vec<Console>,
    ledger: Shared,
    n: u64,
    logins_ok: u64,
    logins_refused: u64,
}

impl Load<'_> {
    /// One round: per seat a grid click (the queue is sent), a review, a draft, a recording;
    /// and one examiner sign-in.
    async fn round(&mut self) {
        self.n += 1;
        let n = self.n;
        for (i, seat) in self.seats.iter().enumerate() {
            let console = &mut self.consoles[i];
            console.click("d");
            if let Some(Outcome::SignedOut) = console
                .flush(&self.examiner, &self.staff, &self.ledger)
                .await
            {
                harness::examiner_login(&self.examiner, &self.staff, 0).await;
            }
            let c = &self.candidates[i];
            let sites = &self.sites;
            let title = format!("d-{}-{n}", seat.id);
            let review = harness::send_review(c, sites, seat, &format!("{title}-avis")).await;
            let draft = harness::send_draft(c, sites, seat, &format!("{title}-brouillon")).await;
            let page = format!("/s/{}/admin/?plein={n}", seat.sandbox);
            let recording = harness::send_recording(c, sites, &title, &page).await;
            let mut l = self.ledger.lock().unwrap();
            for (kind, outcome) in [
                ("review", &review),
                ("draft", &draft),
                ("recording", &recording),
            ] {
                l.note(kind, outcome);
                if matches!(outcome, Outcome::SignedOut | Outcome::NoAnswer) {
                    l.unexpected.push(format!("{kind} {title}: {outcome:?}"));
                }
            }
            note_stored(&mut l, seat, &title, &review, &draft);
            if recording == Outcome::Acked(true) {
                l.recordings.push((seat.id, page));
            }
        }
        // A sign-in writes a session: 303, or 503 with the French message.
        let fresh = client();
        let r = fresh
            .post(format!("{}/console/connexion", self.staff))
            .header("origin", &self.staff)
            .form(&[
                ("email", e5_exam::demo::EXAMINER_EMAIL),
                ("password", e5_exam::demo::PASSWORD),
            ])
            .send()
            .await;
        match r {
            Ok(r) if r.status().as_u16() == 303 => self.logins_ok += 1,
            Ok(r) if r.status().as_u16() == 503 => {
                let body = r.text().await.unwrap_or_default();
                if body.contains("rien n&#39;a été enregistré") {
                    self.logins_refused += 1;
                } else {
                    self.ledger
                        .lock()
                        .unwrap()
                        .unexpected
                        .push(format!("sign-in: 503 {body}"));
                }
            }
            Ok(r) => {
                let status = r.status();
                let body = r.text().await.unwrap_or_default();
                self.ledger
                    .lock()
                    .unwrap()
                    .unexpected
                    .push(format!("sign-in: {status} {body}"));
            }
            Err(e) => self
                .ledger
                .lock()
                .unwrap()
                .unexpected
                .push(format!("sign-in: {e}")),
        }
    }
}

/// An acknowledged review or draft of `seat`, titled after `title`, goes in the ledger.
fn note_stored(
    l: &mut harness::Ledger,
    seat: &Seat,
    title: &str,
    review: &Outcome,
    draft: &Outcome,
) {
    if *review == Outcome::Acked(true) {
        l.reviews
            .push((seat.sandbox.clone(), format!("{title}-avis")));
    }
    if *draft == Outcome::Acked(true) {
        l.drafts
            .push((seat.sandbox.clone(), format!("{title}-brouillon")));
    }
}

impl<'a> Load<'a> {
    /// The examiner and every candidate of `seats` signed in to `server`, nothing sent yet.
    async fn signed_in(server: &Server, seats: &'a [Seat]) -> Load<'a> {
        let examiner = client();
        assert_eq!(
            harness::examiner_login(&examiner, &server.staff, 0).await,
            Some(303)
        );
        let mut candidates = Vec::new();
        for seat in seats {
            let c = client();
            assert!(harness::candidate_login(&c, &server.sites, seat).await);
            candidates.push(c);
        }
        Load {
            staff: server.staff.clone(),
            sites: server.sites.clone(),
            seats,
            candidates,
            examiner,
            consoles: seats
                .iter()
                .map(|s| Console::new(s.id, s.examiner))
                .collect(),
            ledger: Shared::default(),
            n: 0,
            logins_ok: 0,
            logins_refused: 0,
        }
    }

    fn acked(&self) -> Counts {
        acked(&self.ledger.lock().unwrap(), self.logins_ok)
    }

    fn refused(&self) -> Counts {
        refused(&self.ledger.lock().unwrap(), self.logins_refused)
    }
}

/// What was acknowledged and refused at each step of the filling.
struct Phases {
    acked_before: Counts,
    refused_before: Counts,
    acked_slack: Counts,
    acked_full: Counts,
    refused_full: Counts,
    /// Bytes of the filler once the disk was full, and bytes left free then.
    filled: u64,
    free_when_full: u64,
    /// Grid edits still waiting in the consoles' queues.
    still_queued: usize,
}

impl Phases {
    /// While full: (acknowledged, refused); and acknowledged after the last byte went.
    fn while_full(&self) -> (Counts, Counts, Counts) {
        let during = |a: Counts, b: Counts| Counts {
            grid: a.grid - b.grid,
            reviews: a.reviews - b.reviews,
            drafts: a.drafts - b.drafts,
            recordings: a.recordings - b.recordings,
            logins: a.logins - b.logins,
        };
        (
            during(self.acked_full, self.acked_before),
            during(self.refused_full, self.refused_before),
            during(self.acked_full, self.acked_slack),
        )
    }
}

/// One round with space enough (everything acknowledged; recordings aside: below 512 MiB
/// free they are refused with 507 by design), then the filler leaves a little space that
/// `rounds` rounds use up, then it takes the rest for `rounds` more. The filler stays.
async fn the_disk_fills_up(
    load: &mut Load<'_>,
    filler: &Path,
    root: &Path,
    slack: u64,
    rounds: u64,
) -> Phases {
    load.round().await;
    let before = load.ledger.lock().unwrap().clone();
    assert_eq!(before.grid.len(), 3, "{before:?}");
    assert_eq!(before.reviews.len() + before.drafts.len(), 6, "{before:?}");
    let (acked_before, refused_before) = (load.acked(), load.refused());
    fill(filler, root, slack);
    for _ in 0..rounds {
        load.round().await;
    }
    let acked_slack = load.acked();
    let filled = fill(filler, root, 0);
    let free_when_full = e5_exam::disk::free_space(root).unwrap();
    for _ in 0..rounds {
        load.round().await;
    }
    Phases {
        acked_before,
        refused_before,
        acked_slack,
        acked_full: load.acked(),
        refused_full: load.refused(),
        filled: std::fs::metadata(filler).map_or(filled, |m| m.len()),
        free_when_full,
        still_queued: load.consoles.iter().map(|c| c.queue.len()).sum(),
    }
}

/// Space back, no restart: the next sign-in, grid edits (the queues), review and draft.
/// The sign-in's status, and per seat (the queue's flush, the review, the draft).
async fn the_next_writes_work(
    load: &mut Load<'_>,
    seats: &[Seat],
    server: &Server,
) -> (Option<u16>, Vec<(Option<Outcome>, Outcome, Outcome)>) {
    let fresh = client();
    let login = harness::examiner_login(&fresh, &server.staff, 0).await;
    let mut recovery = Vec::new();
    for (i, seat) in seats.iter().enumerate() {
        let console = &mut load.consoles[i];
        console.click("r");
        let flushed = console.flush(&fresh, &server.staff, &load.ledger).await;
        let c = &load.candidates[i];
        let title = format!("r-{}", seat.id);
        let review = harness::send_review(c, &server.sites, seat, &format!("{title}-avis")).await;
        let draft =
            harness::send_draft(c, &server.sites, seat, &format!("{title}-brouillon")).await;
        note_stored(
            &mut load.ledger.lock().unwrap(),
            seat,
            &title,
            &review,
            &draft,
        );
        recovery.push((flushed, review, draft));
    }
    (login, recovery)
}

/// The run in figures: sizes, what was acknowledged and refused while full, what was checked.
struct Report<'a> {
    mib: u64,
    rounds: u64,
    seats: usize,
    started: Instant,
    free_at_start: u64,
    phases: &'a Phases,
    check: &'a harness::Check,
    login: Option<u16>,
    recovered: bool,
}

impl Report<'_> {
    fn print(&self) {
        let (mib, rounds, phases, check) = (self.mib, self.rounds, self.phases, self.check);
        let (a, r, last_byte) = phases.while_full();
        let still_queued = phases.still_queued;
        println!(
            "disk_full: {mib} MiB tmpfs, data {:.1} MiB, filler {:.1} MiB ({} bytes free after it), \
             {rounds}+{rounds} rounds × {} seats, {:.1} s\n\
             disk_full: while full, acknowledged / refused: grid edits {} / {} (attempts; {still_queued} \
             left queued), reviews {} / {}, back-office drafts {} / {}, recordings {} / {} (507 or 503), \
             examiner sign-ins {} / {}; of the acknowledged, after the last byte went: grid {}, \
             reviews {}, drafts {}, sign-ins {}\n\
             disk_full: acknowledged writes checked {} (grid {}, reviews {}, drafts {}, recordings {}), \
             lost {}; integrity_check ok on {} databases; after the filler was deleted, without \
             restart: sign-in {:?}, queued grid edits, review and draft {}",
            (mib * 1024 * 1024 - self.free_at_start) as f64 / 1048576.0,
            phases.filled as f64 / 1048576.0,
            phases.free_when_full,
            self.seats,
            self.started.elapsed().as_secs_f64(),
            a.grid,
            r.grid,
            a.reviews,
            r.reviews,
            a.drafts,
            r.drafts,
            a.recordings,
            r.recordings,
            a.logins,
            r.logins,
            last_byte.grid,
            last_byte.reviews,
            last_byte.drafts,
            last_byte.logins,
            check.checked.values().sum::<u64>(),
            check.checked.get("grid").copied().unwrap_or(0),
            check.checked.get("review").copied().unwrap_or(0),
            check.checked.get("draft").copied().unwrap_or(0),
            check.checked.get("recording").copied().unwrap_or(0),
            check.lost_total(),
            check.databases,
            self.login,
            if self.recovered { "ok" } else { "FAILED" },
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disk_full_loses_no_acknowledged_write_and_recovers_without_restart() {
    let mib = env_number("E5_DISKFULL_MIB", 40);
    let rounds = env_number("E5_DISKFULL_ROUNDS", 12);
    let slack = env_number("E5_DISKFULL_SLACK_KIB", 256) * 1024;
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    if !is_root() && !ci {
        println!("disk_full: skipped: needs root for tmpfs (run as root, or under CI=true)");
        return;
    }
    let tmpfs = match Tmpfs::mount(mib) {
        Ok(t) => t,
        Err(e) => panic!("disk_full: cannot mount a {mib} MiB tmpfs: {e}"),
    };
    let started = Instant::now();
    let logs = tempfile::tempdir().unwrap();
    let root: PathBuf = tmpfs.path().join("data");
    let centre = Centre::create(&root, 3).await;
    let free_at_start = e5_exam::disk::free_space(&root).unwrap();
    let mut server = Server::start(&root, &logs.path().join("server.log")).await;
    let mut load = Load::signed_in(&server, &centre.seats).await;
    let filler = tmpfs.path().join("remplissage");
    let phases = the_disk_fills_up(&mut load, &filler, &root, slack, rounds).await;
    assert!(server.running(), "the server survived the full disk");
    std::fs::remove_file(&filler).unwrap();
    let (login, recovery) = the_next_writes_work(&mut load, &centre.seats, &server).await;
    let recovered = login == Some(303)
        && recovery.iter().all(|(f, r, d)| {
            f.is_none() && *r == Outcome::Acked(true) && *d == Outcome::Acked(true)
        });
    let log = server.log_tail();
    server.kill();
    let l = load.ledger.lock().unwrap().clone();
    let check = harness::check(&centre, &l).await;
    let seats = centre.seats.len();
    Report {
        mib,
        rounds,
        seats,
        started,
        free_at_start,
        phases: &phases,
        check: &check,
        login,
        recovered,
    }
    .print();
    let (_, r, _) = phases.while_full();
    assert!(
        check.lost.is_empty(),
        "lost: {:#?}\nlog:\n{log}",
        check.lost
    );
    assert!(
        l.unexpected.is_empty(),
        "unexpected answers: {:#?}\nlog:\n{log}",
        l.unexpected
    );
    assert!(
        recovered,
        "no recovery without restart: sign-in {login:?}, {recovery:?}\nlog:\n{log}"
    );
    assert!(
        r.grid + r.reviews + r.drafts > 0,
        "the disk was full: some writes must have been refused"
    );
    drop(tmpfs);
}
