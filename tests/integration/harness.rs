//! Common ground of the reliability harnesses (`faults`, `disk_full`): a centre with N
//! candidates (three per examiner), the `e5` binary run as a separate process (so that it
//! can be SIGKILLed and its storage failures stay its own), the exam's clients (consoles with
//! their queue of edits, candidates writing in their sandboxes and sending recordings), a
//! ledger of every acknowledged write, and the checks run on the files.

use crate::helpers::one;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use e5_exam::Platform;
use e5_exam::demo;
use e5_sandbox::DataDir;
use serde_json::{Value, json};
use sqlx::Connection;

use crate::browser::free_port;
use crate::helpers::{national_trust, reference_package};

pub const SHOP_ADMIN: &str = "helene.guerin@toiles-de-loire.fr";

/// An environment variable as a number, else `default`.
pub fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// A small deterministic random source (xorshift), seeded from `E5_FAULT_SEED` or the clock:
/// the seed is printed, so that a run can be replayed.
pub struct Rng(u64);

impl Rng {
    pub fn from_env() -> Rng {
        let seed = std::env::var("E5_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            });
        Rng(seed.max(1))
    }

    pub fn seed(&self) -> u64 {
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x % n.max(1)
    }
}

/// One candidate's seat.
#[derive(Debug, Clone)]
pub struct Seat {
    pub id: i64,
    pub code: String,
    pub sandbox: String,
    /// Index of the seat's examiner (see [`examiner_email`]).
    pub examiner: usize,
    /// A product of the sandbox, for storefront reviews.
    pub slug: String,
}

pub fn examiner_email(i: usize) -> String {
    if i == 0 {
        demo::EXAMINER_EMAIL.to_owned()
    } else {
        format!("examinateur{i}@centre-demo.fr")
    }
}

/// An exam session of `candidates` candidates, three per commission, each commission its
/// examiner, sandboxes prepared, in the data folder `root`.
pub struct Centre {
    pub root: PathBuf,
    pub seats: Vec<Seat>,
    pub examiners: usize,
}

impl Centre {
    pub async fn create(root: &Path, candidates: usize) -> Centre {
        let data = DataDir::new(root);
        e5_sandbox::import(reference_package(), &data, &national_trust())
            .await
            .expect("import");
        let platform = Platform::open(&data).await.unwrap();
        let exam = demo::create(&platform).await.unwrap();
        let examiners = candidates.div_ceil(3).max(1);
        let mut commissions = vec![exam.commission];
        let names = ["Alix", "Basile", "Coline"];
        for c in 1..examiners {
            let email = examiner_email(c);
            e5_exam::planning::add_examiner(
                &platform,
                &email,
                &format!("Examinateur Numéro{}", names[c % 3]),
                demo::PASSWORD,
            )
            .await
            .unwrap();
            let numbers: Vec<String> = (0..3).map(|j| format!("0272{c:02}{j:02}")).collect();
            let csv: String = numbers
                .iter()
                .enumerate()
                .map(|(j, n)| format!("Essai;{};{n};\n", names[j]))
                .collect();
            e5_exam::planning::import_candidates(&platform, exam.session, &csv)
                .await
                .unwrap();
            let id = e5_exam::planning::create_commission(
                &platform,
                exam.session,
                &e5_exam::planning::NewCommission {
                    number: (c + 1).to_string(),
                    examiner_email: email,
                    subject_code: demo::SUBJECT_CODE.into(),
                    room: format!("B{}", 204 + c),
                    starts_at: "2027-05-12 09:00".into(),
                    candidates: numbers,
                },
            )
            .await
            .unwrap();
            commissions.push(id);
        }
        e5_exam::planning::prepare_sandboxes(&platform, exam.session)
            .await
            .unwrap();
        let mut seats = Vec::new();
        for (examiner, commission) in commissions.iter().enumerate() {
            for line in e5_exam::planning::seats_of_commission(&platform, *commission)
                .await
                .unwrap()
            {
                let sandbox = line.sandbox_id.clone().expect("a prepared sandbox");
                let db = e5_shop_db::open_read_only(&sandbox_path(root, &sandbox))
                    .await
                    .unwrap();
                let slug: String = one(
                    &db,
                    "SELECT slug FROM product WHERE active = 1 ORDER BY id LIMIT 1",
                )
                .await;
                db.close().await;
                seats.push(Seat {
                    id: line.seat_id,
                    code: line.access_code,
                    sandbox,
                    examiner,
                    slug,
                });
            }
        }
        seats.truncate(candidates);
        // The examiners start every clock: a candidate's site takes writes only then.
        for seat in &seats {
            e5_exam::timer::timer_action(&platform, seat.id, "start", 0, "")
                .await
                .expect("start");
        }
        platform.db().close().await;
        Centre {
            root: root.to_owned(),
            seats,
            examiners,
        }
    }

    /// Every database of the data folder the exam writes: platform.db and the sandboxes.
    pub fn databases(&self) -> Vec<PathBuf> {
        let mut all = vec![self.root.join("platform.db")];
        all.extend(
            self.seats
                .iter()
                .map(|s| sandbox_path(&self.root, &s.sandbox)),
        );
        all
    }
}

pub fn sandbox_path(root: &Path, sandbox: &str) -> PathBuf {
    DataDir::new(root).sandbox_path(sandbox.parse().expect("a sandbox id"))
}

/// `e5 serve` as a child process on two fixed ports (kept across restarts, so that the
/// clients' cookies still apply), its log appended to a file.
pub struct Server {
    child: Option<Child>,
    data: PathBuf,
    log: PathBuf,
    sites_port: u16,
    staff_port: u16,
    pub sites: String,
    pub staff: String,
}

impl Server {
    pub async fn start(data: &Path, log: &Path) -> Server {
        let (sites_port, staff_port) = (free_port(), free_port());
        let mut server = Server {
            child: None,
            data: data.to_owned(),
            log: log.to_owned(),
            sites_port,
            staff_port,
            sites: format!("http://127.0.0.1:{sites_port}"),
            staff: format!("http://127.0.0.1:{staff_port}"),
        };
        server.spawn().await;
        server
    }

    async fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_e5"))
            .args([
                "serve",
                "--bind",
                &format!("127.0.0.1:{}", self.sites_port),
                "--staff-bind",
                &format!("127.0.0.1:{}", self.staff_port),
                "--data",
            ])
            .arg(&self.data)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
        let client = reqwest::Client::new();
        for _ in 0..1200 {
            if let Ok(r) = client.get(format!("{}/healthz", self.staff)).send().await
                && r.status().is_success()
            {
                return;
            }
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!("the server stopped: {status}; log:\n{}", self.log_tail());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not start; log:\n{}", self.log_tail());
    }

    /// SIGKILL: no shutdown, no checkpoint.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub async fn restart(&mut self) {
        self.kill();
        self.spawn().await;
    }

    /// Whether the process is still running (it did not crash).
    pub fn running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| c.try_wait().ok().flatten().is_none())
    }

    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A browser-like client: cookies kept, redirects not followed.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

async fn form(
    c: &reqwest::Client,
    base: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> Result<(u16, String, String), reqwest::Error> {
    let r = c
        .post(format!("{base}{path}"))
        .header("origin", base)
        .form(fields)
        .send()
        .await?;
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or("")
        .to_owned();
    Ok((status, location, r.text().await.unwrap_or_default()))
}

/// Signs an examiner in; whether it worked (303 to the console).
pub async fn examiner_login(c: &reqwest::Client, staff: &str, examiner: usize) -> Option<u16> {
    let email = examiner_email(examiner);
    let (status, location, _) = form(
        c,
        staff,
        "/console/connexion",
        &[("email", &email), ("password", demo::PASSWORD)],
    )
    .await
    .ok()?;
    Some(if status == 303 && !location.contains("connexion") {
        303
    } else {
        status
    })
}

/// Signs a candidate in with their code, then into their sandbox's back-office.
pub async fn candidate_login(c: &reqwest::Client, sites: &str, seat: &Seat) -> bool {
    let Ok((status, location, _)) = form(c, sites, "/", &[("code", &seat.code)]).await else {
        return false;
    };
    if status != 303 || location != "/epreuve" {
        return false;
    }
    let path = format!("/s/{}/admin/connexion", seat.sandbox);
    matches!(
        form(
            c,
            sites,
            &path,
            &[("email", SHOP_ADMIN), ("password", demo::PASSWORD)]
        )
        .await,
        Ok((303, _, _))
    )
}

/// What became of one write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Acknowledged (the grid edit's `applied` flag).
    Acked(bool),
    /// Refused as expected (status): nothing was saved, and the answer says so in French.
    Refused(u16),
    /// The session is gone (redirect to a sign-in): sign in again.
    SignedOut,
    /// No answer (server down).
    NoAnswer,
    /// Anything else: a failure of the harness.
    Unexpected(String),
}

/// One grid edit as the console sends it.
#[derive(Debug, Clone)]
pub struct Edit {
    pub seat: i64,
    pub key: String,
    pub field: String,
    pub value: String,
}

pub async fn send_edit(c: &reqwest::Client, staff: &str, e: &Edit) -> Outcome {
    let r = c
        .post(format!("{staff}/console/poste/{}/grille", e.seat))
        .header("origin", staff)
        .json(&json!({"key": e.key, "field": e.field, "value": e.value}))
        .send()
        .await;
    let Ok(r) = r else {
        return Outcome::NoAnswer;
    };
    let status = r.status().as_u16();
    let Ok(text) = r.text().await else {
        return Outcome::NoAnswer;
    };
    let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    match status {
        200 if body["ok"] == true => Outcome::Acked(body["applied"] == true),
        303 => Outcome::SignedOut,
        503 if body["applied"] == false
            && body["error"]
                .as_str()
                .is_some_and(|m| m.contains("rien n'a été enregistré")) =>
        {
            Outcome::Refused(503)
        }
        _ => Outcome::Unexpected(format!("grid edit {}: {status} {text}", e.key)),
    }
}

/// A storefront review; acknowledged by the redirect to the product page.
pub async fn send_review(c: &reqwest::Client, sites: &str, seat: &Seat, title: &str) -> Outcome {
    let path = format!("/s/{}/produit/{}/avis", seat.sandbox, seat.slug);
    let content = format!(
        "Avis du banc d'essai {title}. {}",
        "Très belle toile. ".repeat(20)
    );
    let fields = [
        ("author_name", "Banc d'essai"),
        ("title", title),
        ("content", &content),
        ("rating", "4"),
    ];
    shop_answer(form(c, sites, &path, &fields).await, "/produit/", title)
}

/// A back-office save (the dashboard's quick draft); acknowledged by the redirect to the
/// dashboard.
pub async fn send_draft(c: &reqwest::Client, sites: &str, seat: &Seat, title: &str) -> Outcome {
    let path = format!("/s/{}/admin/articles/brouillon-rapide", seat.sandbox);
    let text = format!(
        "Brouillon {title}.\n\n{}",
        "Un paragraphe de plus. ".repeat(20)
    );
    let fields = [("title", title), ("text", text.as_str())];
    shop_answer(
        form(c, sites, &path, &fields).await,
        &format!("/s/{}/admin/", seat.sandbox),
        title,
    )
}

fn shop_answer(
    answer: Result<(u16, String, String), reqwest::Error>,
    ack_location: &str,
    what: &str,
) -> Outcome {
    let Ok((status, location, body)) = answer else {
        return Outcome::NoAnswer;
    };
    match status {
        303 if location.contains("connexion") || location == "/" || location.starts_with("/?") => {
            Outcome::SignedOut
        }
        303 if location.contains(ack_location) => Outcome::Acked(true),
        503 if body.contains("prévenez l") && !body.contains("Merci") => Outcome::Refused(503),
        _ => Outcome::Unexpected(format!(
            "{what}: {status} → {location} {}",
            body.chars().take(300).collect::<String>()
        )),
    }
}

/// One screen-recording batch; its page names it.
pub async fn send_recording(c: &reqwest::Client, sites: &str, key: &str, page: &str) -> Outcome {
    let t = e5_exam::db::unix_ms();
    let body = json!({"key": key, "page": page, "events": [
        {"type": 4, "data": {"href": "http://poste/", "width": 1280, "height": 800}, "timestamp": t},
        {"type": 3, "data": {"source": 2, "type": 2, "id": 1, "x": 10, "y": 20}, "timestamp": t + 1},
    ]});
    let r = c
        .post(format!("{sites}/epreuve/enregistrement"))
        .json(&body)
        .send()
        .await;
    let Ok(r) = r else {
        return Outcome::NoAnswer;
    };
    let status = r.status().as_u16();
    let text = r.text().await.unwrap_or_default();
    match status {
        204 => Outcome::Acked(true),
        303 => Outcome::SignedOut,
        503 | 507 if text.contains("\"ok\":false") => Outcome::Refused(status),
        _ => Outcome::Unexpected(format!("recording {key}: {status} {text}")),
    }
}

/// Every acknowledged write, by kind, and what went wrong.
#[derive(Debug, Default, Clone)]
pub struct Ledger {
    /// Grid edits acknowledged: key → (seat, answers saying `applied: true`).
    pub grid: HashMap<String, (i64, u32)>,
    /// Grid edits answered `applied: false` (a replay of an edit already on disk).
    pub grid_replays: u64,
    /// Sends of a grid edit that failed (no answer, refused): the edit stayed queued.
    pub grid_requeued: u64,
    /// (sandbox, title) of acknowledged storefront reviews.
    pub reviews: Vec<(String, String)>,
    /// (sandbox, title) of acknowledged back-office drafts.
    pub drafts: Vec<(String, String)>,
    /// (seat, page) of acknowledged recording batches.
    pub recordings: Vec<(i64, String)>,
    /// Refusals per kind (grid, review, draft, recording).
    pub refused: HashMap<&'static str, u64>,
    pub unexpected: Vec<String>,
}

pub type Shared = Arc<Mutex<Ledger>>;

impl Ledger {
    pub fn note(&mut self, kind: &'static str, outcome: &Outcome) {
        match outcome {
            Outcome::Refused(_) => *self.refused.entry(kind).or_default() += 1,
            Outcome::Unexpected(m) => self.unexpected.push(m.clone()),
            _ => {}
        }
    }

    pub fn ack_edit(&mut self, e: &Edit, applied: bool) {
        let entry = self.grid.entry(e.key.clone()).or_insert((e.seat, 0));
        if applied {
            entry.1 += 1;
        } else {
            self.grid_replays += 1;
        }
    }
}

/// A console's queue of edits for one seat, as `console.js` keeps it in localStorage: an
/// edit leaves the queue only once the server has answered it; until then it is sent again,
/// with the same key (the server applies a key once).
pub struct Console {
    pub seat: i64,
    pub examiner: usize,
    pub queue: Vec<Edit>,
    pub made: u64,
}

const ROWS: [&str; 6] = ["1a", "1b", "2", "3", "4", "5"];
const LEVELS: [&str; 4] = ["TI", "I", "S", "TS"];

impl Console {
    pub fn new(seat: i64, examiner: usize) -> Console {
        Console {
            seat,
            examiner,
            queue: Vec::new(),
            made: 0,
        }
    }

    /// A click (a level) or a comment typed, queued.
    pub fn click(&mut self, tag: &str) {
        let n = self.made;
        self.made += 1;
        let row = ROWS[(n as usize) % ROWS.len()];
        let (field, value) = if n % 5 == 4 {
            (format!("comment:{row}"), format!("Commentaire {tag}-{n}"))
        } else {
            (
                format!("level:{row}"),
                LEVELS[(n as usize / ROWS.len()) % LEVELS.len()].to_owned(),
            )
        };
        self.queue.push(Edit {
            seat: self.seat,
            key: format!("{tag}-{}-{n}", self.seat),
            field,
            value,
        });
    }

    /// Sends the queue in order until it is empty or an edit is not taken; returns the
    /// last outcome that stopped it (`None`: queue empty).
    pub async fn flush(
        &mut self,
        c: &reqwest::Client,
        staff: &str,
        ledger: &Shared,
    ) -> Option<Outcome> {
        while let Some(e) = self.queue.first().cloned() {
            let outcome = send_edit(c, staff, &e).await;
            let mut l = ledger.lock().unwrap();
            l.note("grid", &outcome);
            match outcome {
                Outcome::Acked(applied) => {
                    l.ack_edit(&e, applied);
                    self.queue.remove(0);
                }
                other => {
                    l.grid_requeued += 1;
                    return Some(other);
                }
            }
        }
        None
    }
}

/// What one database holds of the ledger's writes, and its integrity check.
#[derive(Debug, Default)]
pub struct Check {
    pub databases: u64,
    pub checked: HashMap<&'static str, u64>,
    pub lost: Vec<String>,
}

impl Check {
    pub fn lost_total(&self) -> usize {
        self.lost.len()
    }
}

async fn open(path: &Path) -> sqlx::SqliteConnection {
    let options = sqlx::sqlite::SqliteConnectOptions::from_str("sqlite://")
        .unwrap()
        .filename(path)
        .busy_timeout(Duration::from_secs(10));
    sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Opens every database (the server stopped or not), runs `PRAGMA integrity_check`, and
/// looks for every write of the ledger: grid edits exactly once each.
pub async fn check(centre: &Centre, ledger: &Ledger) -> Check {
    let mut out = Check::default();
    for path in centre.databases() {
        let mut c = open(&path).await;
        let result: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut c)
            .await
            .unwrap();
        if result != ["ok"] {
            out.lost
                .push(format!("integrity_check of {}: {result:?}", path.display()));
        }
        out.databases += 1;
        c.close().await.unwrap();
    }
    let mut platform = open(&centre.root.join("platform.db")).await;
    let keys: Vec<(String, i64)> =
        sqlx::query_as("SELECT idem_key, COUNT(*) FROM grid_event GROUP BY idem_key")
            .fetch_all(&mut platform)
            .await
            .unwrap();
    let keys: HashMap<String, i64> = keys.into_iter().collect();
    for (key, (_, applied)) in &ledger.grid {
        match keys.get(key) {
            None => out
                .lost
                .push(format!("grid edit {key} acknowledged, absent")),
            Some(1) => {}
            Some(n) => out.lost.push(format!("grid edit {key} stored {n} times")),
        }
        if *applied > 1 {
            out.lost
                .push(format!("grid edit {key} answered applied {applied} times"));
        }
    }
    *out.checked.entry("grid").or_default() += ledger.grid.len() as u64;
    {
        let p = Platform::open(&DataDir::new(&centre.root)).await.unwrap();
        for seat in &centre.seats {
            let chain = e5_exam::grid::events(&p, seat.id).await.unwrap();
            if let Err(e) = e5_exam::grid::verify_chain(&chain) {
                out.lost
                    .push(format!("grid chain of seat {}: {e}", seat.id));
            }
        }
        p.db().close().await;
    }
    let pages: HashSet<(i64, String)> =
        sqlx::query_as::<_, (i64, String)>("SELECT seat_id, page FROM recording")
            .fetch_all(&mut platform)
            .await
            .unwrap()
            .into_iter()
            .collect();
    for r in &ledger.recordings {
        if !pages.contains(r) {
            out.lost
                .push(format!("recording {r:?} acknowledged, absent"));
        }
    }
    *out.checked.entry("recording").or_default() += ledger.recordings.len() as u64;
    platform.close().await.unwrap();
    for seat in &centre.seats {
        let mut c = open(&sandbox_path(&centre.root, &seat.sandbox)).await;
        let reviews: HashSet<String> = sqlx::query_scalar("SELECT title FROM product_review")
            .fetch_all(&mut c)
            .await
            .unwrap()
            .into_iter()
            .collect();
        let drafts: HashSet<String> = sqlx::query_scalar("SELECT title FROM post")
            .fetch_all(&mut c)
            .await
            .unwrap()
            .into_iter()
            .collect();
        c.close().await.unwrap();
        for (sandbox, title) in ledger.reviews.iter().filter(|(s, _)| *s == seat.sandbox) {
            *out.checked.entry("review").or_default() += 1;
            if !reviews.contains(title) {
                out.lost.push(format!(
                    "review « {title} » of {sandbox} acknowledged, absent"
                ));
            }
        }
        for (sandbox, title) in ledger.drafts.iter().filter(|(s, _)| *s == seat.sandbox) {
            *out.checked.entry("draft").or_default() += 1;
            if !drafts.contains(title) {
                out.lost.push(format!(
                    "draft « {title} » of {sandbox} acknowledged, absent"
                ));
            }
        }
    }
    out
}
