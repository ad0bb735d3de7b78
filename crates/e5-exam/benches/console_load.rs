//! Exam-day load on the real server: 30 candidates (10 commissions of 3) streaming screen
//! recordings and working in their back-office, 10 examiners' consoles listening.
//!
//! ```sh
//! cargo build --release && cargo bench -p e5-exam --bench console_load
//! E5_BIN=target/debug/e5 E5_BENCH_SECONDS=20 cargo bench -p e5-exam --bench console_load
//! ```
//!
//! It builds a data folder (reference context, one session, 30 candidates, 10 examiners,
//! 10 commissions, sandboxes prepared), starts `e5 serve` (the binary `E5_BIN`, by default
//! `target/release/e5`) as its own process, and for `E5_BENCH_SECONDS` (default 30):
//! - each candidate sends an rrweb batch every 200 ms (a few mouse, input and mutation
//!   events, gzip when over 2 kB, as the page does) and a page load (a full snapshot of
//!   about 150 kB) every 15 s, and replies to a customer thread in the back-office every 3 s;
//! - each console follows its commission's event stream.
//!
//! It prints, as Markdown: the delay from a candidate's action to the console receiving its
//! journal line (from the request and from the acknowledgement), the same for recording
//! batches, the recordings written per second, and the server's CPU and memory. Every
//! acknowledged batch must be in the database at the end.

use std::collections::{HashMap, VecDeque};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use e5_exam::planning::{self, NewCommission};

const COMMISSIONS: usize = 10;
const PER_COMMISSION: usize = 3;
const PASSWORD: &str = "banc-e5-2027";
const SUBJECT: &str = "subjects/sujet-d-boutique-housse-lin.toml";

type Fail = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), Fail> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(run())
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Server {
    child: Child,
    address: String,
    /// The console and administration surface.
    staff: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Seat {
    id: i64,
    commission: usize,
    code: String,
    sandbox: String,
}

/// Per seat, the journal actions waiting for their line on the console: when sent, when
/// acknowledged (filled in by the candidate), when received (by the console).
#[derive(Default)]
struct Probe {
    pending: HashMap<i64, VecDeque<usize>>,
    actions: Vec<[Option<Instant>; 3]>,
    batches: HashMap<String, [Option<Instant>; 3]>,
    acked_batches: usize,
    bytes_sent: usize,
    bytes_json: usize,
    refused: usize,
}

async fn run() -> Result<(), Fail> {
    let seconds: u64 = std::env::var("E5_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let bin = std::env::var("E5_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join("target/release/e5"));
    if !bin.exists() {
        return Err(format!(
            "{} not found: build it (cargo build --release) or set E5_BIN",
            bin.display()
        )
        .into());
    }
    let work = tempfile::tempdir()?;
    let data = work.path().join("data");
    let seats = prepare(&bin, work.path(), &data).await?;
    let server = serve(&bin, &data).await?;
    let base = server.address.clone();
    let staff = server.staff.clone();
    let pid = server.child.id();
    eprintln!("server {base} (pid {pid}), {} seats", seats.len());

    // Examiners sign in, start their candidates' timers and follow their streams.
    let probe = Arc::new(Mutex::new(Probe::default()));
    let go = Instant::now() + Duration::from_secs(3);
    let mut consoles = Vec::new();
    for c in 0..COMMISSIONS {
        let client = client()?;
        let answer = client
            .post(format!("{staff}/console/connexion"))
            .header("origin", &staff)
            .form(&[("email", examiner_email(c)), ("password", PASSWORD.into())])
            .send()
            .await?;
        if answer.status().as_u16() != 303 {
            return Err(format!("examiner {c} cannot sign in: {}", answer.status()).into());
        }
        for s in seats.iter().filter(|s| s.commission == c) {
            client
                .post(format!("{staff}/console/poste/{}/chrono", s.id))
                .header("origin", &staff)
                .form(&[("action", "start")])
                .send()
                .await?;
        }
        let commission: i64 = seats
            .iter()
            .find(|s| s.commission == c)
            .map(|s| commission_of(&data, s.id))
            .ok_or("no seat")?
            .await?;
        let stream = client
            .get(format!("{staff}/console/commission/{commission}/flux"))
            .send()
            .await?;
        consoles.push(tokio::spawn(follow(stream, probe.clone(), go)));
    }
    // Consoles connected (every sandbox open), nothing sent yet.
    tokio::time::sleep_until(go.into()).await;
    let (idle_rss, _) = memory(pid);
    let cpu_before = cpu_ticks(pid);
    let started = Instant::now();
    let end = go + Duration::from_secs(seconds);
    let mut candidates = Vec::new();
    for (i, seat) in seats.iter().enumerate() {
        let client = client()?;
        let answer = client
            .post(format!("{base}/"))
            .form(&[("code", seat.code.as_str())])
            .send()
            .await?;
        if answer.status().as_u16() != 303 {
            return Err(format!("candidate {i} cannot enter: {}", answer.status()).into());
        }
        candidates.push(tokio::spawn(work_as_candidate(
            client,
            base.clone(),
            seat.id,
            seat.sandbox.clone(),
            i,
            probe.clone(),
            go,
            end,
        )));
    }
    for c in candidates {
        c.await??;
    }
    // Let the last messages arrive.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let wall = started.elapsed();
    let cpu_after = cpu_ticks(pid);
    let (rss, peak) = memory(pid);
    for c in consoles {
        c.abort();
    }
    let rows = recording_rows(&data).await?;
    drop(server);
    report(
        &probe,
        seconds,
        wall,
        cpu_after - cpu_before,
        (idle_rss, rss, peak),
        rows,
    );
    Ok(())
}

fn client() -> Result<reqwest::Client, Fail> {
    Ok(reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?)
}

fn examiner_email(c: usize) -> String {
    format!("examinateur{c}@banc.fr")
}

/// The data folder: reference context (with the binary, as a centre would), then the
/// planning through the library.
async fn prepare(bin: &Path, work: &Path, data: &Path) -> Result<Vec<Seat>, Fail> {
    let package = work.join("ref.e5ctx");
    let source = root().join("reference-site");
    for args in [
        vec![
            "context".as_ref(),
            "pack".as_ref(),
            source.as_os_str(),
            "-o".as_ref(),
            package.as_os_str(),
        ],
        vec![
            "context".as_ref(),
            "import".as_ref(),
            package.as_os_str(),
            "--allow-unsigned".as_ref(),
            "--data".as_ref(),
            data.as_os_str(),
        ],
    ] {
        let out = Command::new(bin).args(&args).output()?;
        if !out.status.success() {
            return Err(format!("e5 {args:?}: {}", String::from_utf8_lossy(&out.stderr)).into());
        }
    }
    let p = e5_exam::Platform::open(&e5_sandbox::DataDir::new(data)).await?;
    let session = planning::create_session(&p, "Banc d'essai console").await?;
    planning::import_subject(&p, session, &root().join(SUBJECT), 1).await?;
    let mut csv = String::from("nom;prénom;numéro\n");
    for i in 0..COMMISSIONS * PER_COMMISSION {
        csv.push_str(&format!("Candidat{i};Banc;0290{i:04}\n"));
    }
    planning::import_candidates(&p, session, &csv)
        .await
        .map_err(|e| format!("{} bad rows", e.len()))?;
    for c in 0..COMMISSIONS {
        planning::add_examiner(
            &p,
            &examiner_email(c),
            &format!("Examinateur {c}"),
            PASSWORD,
        )
        .await?;
        planning::create_commission(
            &p,
            session,
            &NewCommission {
                number: format!("{}", c + 1),
                examiner_email: examiner_email(c),
                subject_code: e5_exam::demo::SUBJECT_CODE.into(),
                room: format!("B{}", 200 + c),
                starts_at: "2027-05-12 09:00".into(),
                candidates: (0..PER_COMMISSION)
                    .map(|k| format!("0290{:04}", c * PER_COMMISSION + k))
                    .collect(),
            },
        )
        .await?;
    }
    planning::prepare_sandboxes(&p, session).await?;
    let mut seats = Vec::new();
    for line in planning::seats_of_session(&p, session).await? {
        let number: usize = line.number.trim_start_matches("0290").parse()?;
        seats.push(Seat {
            id: line.seat_id,
            commission: number / PER_COMMISSION,
            code: line.access_code.clone(),
            sandbox: line.sandbox_id.clone().ok_or("sandbox not prepared")?,
        });
    }
    p.db().close().await;
    Ok(seats)
}

async fn commission_of(data: &Path, seat: i64) -> Result<i64, Fail> {
    let p = e5_exam::Platform::open(&e5_sandbox::DataDir::new(data)).await?;
    let id = sqlx::query_scalar("SELECT commission_id FROM seat WHERE id = ?")
        .bind(seat)
        .fetch_one(p.db())
        .await?;
    p.db().close().await;
    Ok(id)
}

async fn recording_rows(data: &Path) -> Result<i64, Fail> {
    let p = e5_exam::Platform::open(&e5_sandbox::DataDir::new(data)).await?;
    let n = sqlx::query_scalar("SELECT COUNT(*) FROM recording")
        .fetch_one(p.db())
        .await?;
    p.db().close().await;
    Ok(n)
}

async fn serve(bin: &Path, data: &Path) -> Result<Server, Fail> {
    let free = || -> Result<u16, Fail> {
        Ok(std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port())
    };
    let (port, staff_port) = (free()?, free()?);
    let child = Command::new(bin)
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--staff-bind",
            &format!("127.0.0.1:{staff_port}"),
            "--data",
        ])
        .arg(data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let server = Server {
        child,
        address: format!("http://127.0.0.1:{port}"),
        staff: format!("http://127.0.0.1:{staff_port}"),
    };
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while http
        .get(format!("{}/healthz", server.address))
        .send()
        .await
        .is_err()
    {
        if Instant::now() > deadline {
            return Err("the server did not start".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(server)
}

/// Reads a console's event stream and notes when each probe arrives.
async fn follow(mut stream: reqwest::Response, probe: Arc<Mutex<Probe>>, go: Instant) {
    let mut buffer = String::new();
    let mut kind = String::new();
    while let Ok(Some(chunk)) = stream.chunk().await {
        let now = Instant::now();
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find('\n') {
            let line: String = buffer.drain(..=end).collect();
            let line = line.trim_end();
            if let Some(k) = line.strip_prefix("event: ") {
                kind = k.to_owned();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if now < go {
                    continue;
                }
                let seat = data
                    .strip_prefix("{\"seat\":")
                    .and_then(|r| r.split(',').next())
                    .and_then(|s| s.parse::<i64>().ok())
                    .unwrap_or(0);
                let Ok(mut p) = probe.lock() else { return };
                if kind == "journal" {
                    if let Some(i) = p.pending.get_mut(&seat).and_then(VecDeque::pop_front) {
                        p.actions[i][2] = Some(now);
                    }
                } else if kind == "rrweb" {
                    // Probes are custom events tagged "sonde-<n>".
                    let mut rest = data;
                    while let Some(at) = rest.find("\"sonde-") {
                        let tag: String =
                            rest[at + 1..].chars().take_while(|c| *c != '"').collect();
                        if let Some(t) = p.batches.get_mut(&tag)
                            && t[2].is_none()
                        {
                            t[2] = Some(now);
                        }
                        rest = &rest[at + 1..];
                    }
                }
            }
        }
    }
}

fn snapshot(seed: usize, t: u128) -> serde_json::Value {
    // A back-office page: a table of 300 products (about 150 kB of JSON, like a real one).
    let mut id = 10;
    let mut rows = Vec::new();
    for r in 0..300 {
        let mut cells = Vec::new();
        for (c, text) in [
            format!("TDL-{:03}-{seed}", r),
            format!("Drap housse en lin lavé, coloris n° {r}"),
            format!("{},90 €", 40 + r % 60),
            "En ligne".to_owned(),
        ]
        .into_iter()
        .enumerate()
        {
            id += 2;
            cells.push(serde_json::json!({"type": 2, "tagName": "td", "attributes": {"class": format!("col-{c}")}, "childNodes": [{"type": 3, "textContent": text, "id": id + 1}], "id": id}));
        }
        id += 1;
        rows.push(serde_json::json!({"type": 2, "tagName": "tr", "attributes": {"data-id": r.to_string()}, "childNodes": cells, "id": id}));
    }
    serde_json::json!({"type": 2, "timestamp": t, "data": {"initialOffset": {"left": 0, "top": 0}, "node": {"type": 0, "id": 1, "childNodes": [
        {"type": 2, "tagName": "html", "id": 2, "attributes": {"lang": "fr"}, "childNodes": [
            {"type": 2, "tagName": "body", "id": 3, "attributes": {}, "childNodes": [
                {"type": 2, "tagName": "table", "id": 4, "attributes": {"class": "liste"}, "childNodes": rows}]}]}]}}})
}

fn incremental(n: usize, t: u128, tag: &str) -> Vec<serde_json::Value> {
    vec![
        serde_json::json!({"type": 3, "timestamp": t, "data": {"source": 1, "positions": [
            {"x": 400 + n % 300, "y": 200 + n % 150, "id": 40, "timeOffset": -150},
            {"x": 410 + n % 300, "y": 205 + n % 150, "id": 40, "timeOffset": -80},
            {"x": 420 + n % 300, "y": 210 + n % 150, "id": 42, "timeOffset": 0}]}}),
        serde_json::json!({"type": 3, "timestamp": t, "data": {"source": 5, "text": format!("Bonjour, votre colis est en cours de livraison {n}"), "isChecked": false, "id": 57}}),
        serde_json::json!({"type": 3, "timestamp": t, "data": {"source": 0, "texts": [{"id": 12, "value": format!("Temps restant 3{}:{:02}", n % 10, n % 60)}], "attributes": [{"id": 88, "attributes": {"class": "compteur actif"}}], "removes": [], "adds": []}}),
        serde_json::json!({"type": 5, "timestamp": t, "data": {"tag": tag, "payload": {}}}),
    ]
}

#[allow(clippy::too_many_arguments)]
async fn work_as_candidate(
    client: reqwest::Client,
    base: String,
    seat: i64,
    sandbox: String,
    index: usize,
    probe: Arc<Mutex<Probe>>,
    go: Instant,
    end: Instant,
) -> Result<(), Fail> {
    let epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?;
    let t0 = Instant::now();
    let now_ms = || epoch.as_millis() + t0.elapsed().as_millis();
    // Spread the candidates over the first period.
    tokio::time::sleep_until((go + Duration::from_millis((index as u64 * 97) % 200)).into()).await;
    let mut n = 0usize;
    let mut next_page = Instant::now();
    let mut next_action = Instant::now() + Duration::from_millis((index as u64 * 101) % 3000);
    let page = format!("/s/{sandbox}/admin/boutique/sav/1");
    while Instant::now() < end {
        n += 1;
        let tag = format!("sonde-{seat}-{n}");
        let mut events = Vec::new();
        if Instant::now() >= next_page {
            events.push(serde_json::json!({"type": 4, "timestamp": now_ms(), "data": {"href": "http://poste/", "width": 1366, "height": 900}}));
            events.push(snapshot(index, now_ms()));
            next_page += Duration::from_secs(15);
        }
        events.extend(incremental(n, now_ms(), &tag));
        let text =
            serde_json::json!({"key": format!("banc-{seat}:{n}"), "page": page, "events": events})
                .to_string();
        let (body, gzip) = if text.len() > 2000 {
            let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            z.write_all(text.as_bytes())?;
            (z.finish()?, true)
        } else {
            (text.clone().into_bytes(), false)
        };
        let sent = Instant::now();
        if let Ok(mut p) = probe.lock() {
            p.batches.insert(tag.clone(), [Some(sent), None, None]);
            p.bytes_sent += body.len();
            p.bytes_json += text.len();
        }
        let mut request = client
            .post(format!("{base}/epreuve/enregistrement"))
            .header("Content-Type", "application/json");
        if gzip {
            request = request.header("Content-Encoding", "gzip");
        }
        let answer = request.body(body).send().await?;
        let ok = answer.status().as_u16() == 204;
        if let Ok(mut p) = probe.lock() {
            if ok {
                p.acked_batches += 1;
                if let Some(t) = p.batches.get_mut(&tag) {
                    t[1] = Some(Instant::now());
                }
            } else {
                p.refused += 1;
            }
        }
        if Instant::now() >= next_action {
            next_action += Duration::from_secs(3);
            let index = {
                let Ok(mut p) = probe.lock() else { break };
                let i = p.actions.len();
                p.actions.push([Some(Instant::now()), None, None]);
                p.pending.entry(seat).or_default().push_back(i);
                i
            };
            let answer = client
                .post(format!("{base}/s/{sandbox}/admin/boutique/sav/1"))
                .form(&[
                    (
                        "message",
                        format!("Bonjour, votre colis est en cours d'acheminement (réponse {n})."),
                    ),
                    ("status", "pending1".to_owned()),
                ])
                .send()
                .await?;
            if answer.status().as_u16() >= 400 {
                return Err(format!("reply refused: {}", answer.status()).into());
            }
            if let Ok(mut p) = probe.lock() {
                p.actions[index][1] = Some(Instant::now());
            }
        }
        tokio::time::sleep_until((sent + Duration::from_millis(200)).into()).await;
    }
    Ok(())
}

fn cpu_ticks(pid: u32) -> u64 {
    // utime + stime, fields 14 and 15 of /proc/<pid>/stat (after the command's parenthesis).
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(") ")?.1.to_owned();
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0)
}

fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:") / 1024, field("VmHWM:") / 1024)
}

fn percentiles(mut ms: Vec<f64>) -> String {
    if ms.is_empty() {
        return "| – | – | – | – | 0 |".into();
    }
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    format!(
        "| {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {} |",
        at(0.5),
        at(0.95),
        at(0.99),
        ms[ms.len() - 1],
        ms.len()
    )
}

fn report(
    probe: &Mutex<Probe>,
    seconds: u64,
    wall: Duration,
    cpu_ticks: u64,
    (idle, rss, peak): (u64, u64, u64),
    rows: i64,
) {
    let Ok(p) = probe.lock() else { return };
    let ms = |a: Instant, b: Instant| b.saturating_duration_since(a).as_secs_f64() * 1000.0;
    let from_send = |v: &[Option<Instant>; 3]| Some(ms(v[0]?, v[2]?));
    let from_ack = |v: &[Option<Instant>; 3]| Some(ms(v[1]?, v[2]?));
    let lost_actions = p
        .actions
        .iter()
        .filter(|a| a[1].is_some() && a[2].is_none())
        .count();
    let lost_batches = p
        .batches
        .values()
        .filter(|b| b[1].is_some() && b[2].is_none())
        .count();
    println!(
        "\n{} candidates, {COMMISSIONS} consoles, {seconds} s of load\n",
        COMMISSIONS * PER_COMMISSION
    );
    println!("| delay | p50 | p95 | p99 | max | count |");
    println!("| --- | --- | --- | --- | --- | --- |");
    println!(
        "| action → its journal line on the console (from the request) {}",
        percentiles(p.actions.iter().filter_map(from_send).collect())
    );
    println!(
        "| action → its journal line on the console (from the acknowledgement) {}",
        percentiles(p.actions.iter().filter_map(from_ack).collect())
    );
    println!(
        "| recording batch → on the console (from the request) {}",
        percentiles(p.batches.values().filter_map(from_send).collect())
    );
    println!(
        "| recording batch → acknowledged (written) {}",
        percentiles(
            p.batches
                .values()
                .filter_map(|b| Some(ms(b[0]?, b[1]?)))
                .collect()
        )
    );
    let secs = wall.as_secs_f64().max(0.001);
    println!();
    println!(
        "- recordings: {} batches acknowledged ({:.0}/s), {:.1} MiB received ({:.2} MiB/s on the wire, {:.2} MiB/s of JSON), {} refused; {} rows in platform.db",
        p.acked_batches,
        p.acked_batches as f64 / secs,
        p.bytes_sent as f64 / 1_048_576.0,
        p.bytes_sent as f64 / 1_048_576.0 / secs,
        p.bytes_json as f64 / 1_048_576.0 / secs,
        p.refused,
        rows
    );
    println!(
        "- never received by the console: {lost_actions} journal lines, {lost_batches} batches"
    );
    println!(
        "- server: {:.0} % of one core on average ({:.1} s CPU over {:.1} s); resident memory {idle} MiB before the load (30 sandboxes open, 10 consoles connected), {rss} MiB at the end, peak {peak} MiB",
        cpu_ticks as f64 / secs,
        cpu_ticks as f64 / 100.0,
        secs
    );
    if rows != p.acked_batches as i64 {
        println!(
            "- WARNING: {} acknowledged batches but {rows} rows",
            p.acked_batches
        );
    }
}
