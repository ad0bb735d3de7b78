//! Floods and bombs against the real `e5` binary: each case is refused with a clear status
//! and a French message, while the server's memory peak (`VmHWM` of `/proc/<pid>/status`)
//! and `/healthz`'s latency are measured. A fresh server (or command) per case, so that each
//! peak is the case's own.
//!
//! The short version runs in the normal suite (`floods_and_bombs_are_refused`); the long
//! one, with the counts of the original findings, runs with `just floods` and prints a table
//! of figures (RELIABILITY.md).

use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::browser::free_port;
use crate::helpers::one;
use crate::helpers::{Page, Shopper, TestApp, TestData};

/// How hard each case pushes.
#[derive(Clone, Copy)]
struct Scale {
    /// Gzip batches each inflating to one 16 MiB event.
    gzip_bombs: usize,
    /// Batches sent at once by the flooding page.
    gzip_in_flight: usize,
    /// Legitimate 3.5 MiB batches recorded before a console catches up.
    catch_up_batches: usize,
    /// 12000 × 12000 PNG uploads at once.
    png_uploads: usize,
    /// Bytes of zeros in the package's golden.db entry.
    package_zeros: u64,
    /// Sockets stalling in their header, then in their body.
    slow_sockets: usize,
}

const SHORT: Scale = Scale {
    gzip_bombs: 8,
    gzip_in_flight: 4,
    catch_up_batches: 6,
    png_uploads: 4,
    package_zeros: 64 << 20,
    slow_sockets: 20,
};

const LONG: Scale = Scale {
    gzip_bombs: 40,
    gzip_in_flight: 8,
    catch_up_batches: 48,
    png_uploads: 8,
    package_zeros: 3 << 30,
    slow_sockets: 200,
};

#[tokio::test]
async fn floods_and_bombs_are_refused() {
    let figures = run(SHORT).await;
    print_table("short", &figures);
}

/// `just floods`: the counts of the findings (30+ gzip bombs, 8 image bombs at once, a
/// 3 GiB package entry, 200 slow sockets). Minutes, not seconds.
#[tokio::test]
#[ignore = "long: run with `just floods`"]
async fn floods_and_bombs_at_full_scale() {
    let figures = run(LONG).await;
    print_table("long", &figures);
}

struct Figure {
    case: String,
    refused: String,
    peak_mib: f64,
    healthz_p99_ms: Option<f64>,
    note: String,
}

async fn run(scale: Scale) -> Vec<Figure> {
    let mut figures = Vec::new();
    figures.push(recording_flood(scale).await);
    figures.push(console_catch_up(scale).await);
    figures.push(image_bombs(scale, 12000, 12000).await);
    figures.push(image_bombs(scale, 7000, 5000).await);
    figures.push(package_bomb(scale).await);
    figures.push(archive_bomb().await);
    figures.extend(slow_sockets(scale).await);
    figures
}

/// The figures as a Markdown table, ready for RELIABILITY.md.
fn print_table(which: &str, figures: &[Figure]) {
    println!("\nFloods and bombs ({which} version)\n");
    println!("| Case | Refused | Peak (MiB) | /healthz p99 (ms) | Notes |");
    println!("|---|---|---:|---:|---|");
    for f in figures {
        let p99 = f
            .healthz_p99_ms
            .map_or_else(|| "—".to_owned(), |p| format!("{p:.0}"));
        println!(
            "| {} | {} | {:.0} | {p99} | {} |",
            f.case, f.refused, f.peak_mib, f.note
        );
    }
    println!();
}

// ---------------------------------------------------------------- measuring

/// The `e5 serve` process on free ports.
struct Server {
    child: Child,
    sites: String,
    staff: String,
}

impl Server {
    async fn start(data: &Path) -> Server {
        let (sites_port, staff_port) = (free_port(), free_port());
        let child = Command::new(env!("CARGO_BIN_EXE_e5"))
            .args([
                "serve",
                "--bind",
                &format!("127.0.0.1:{sites_port}"),
                "--staff-bind",
                &format!("127.0.0.1:{staff_port}"),
                "--data",
            ])
            .arg(data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server {
            child,
            sites: format!("http://127.0.0.1:{sites_port}"),
            staff: format!("http://127.0.0.1:{staff_port}"),
        };
        let client = reqwest::Client::new();
        for _ in 0..400 {
            let sites = client.get(format!("{}/healthz", server.sites)).send();
            let staff = client.get(format!("{}/healthz", server.staff)).send();
            if sites.await.is_ok() && staff.await.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("e5 serve did not start");
    }

    fn peak_mib(&self) -> f64 {
        peak_mib(self.child.id()).unwrap_or(0.0)
    }

    fn app(&self) -> TestApp {
        TestApp {
            address: self.sites.clone(),
            staff: self.staff.clone(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `VmHWM` (the resident memory's peak) of a process, in MiB.
fn peak_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Runs `attack` while `/healthz` is asked every 25 ms (each on a fresh connection, as a
/// monitoring probe would); gives the attack's outcome and the probe's p99 in ms.
async fn during<T>(base: &str, attack: impl Future<Output = T>) -> (T, f64) {
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let url = format!("{base}/healthz");
    let probe = tokio::spawn(async move {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let mut times = Vec::new();
        loop {
            let started = Instant::now();
            let ok = client
                .get(&url)
                .send()
                .await
                .is_ok_and(|r| r.status().as_u16() == 200);
            assert!(ok, "/healthz failed during the attack");
            times.push(started.elapsed());
            tokio::select! {
                _ = stop_rx.changed() => break,
                () = tokio::time::sleep(Duration::from_millis(25)) => {}
            }
        }
        times
    });
    let outcome = attack.await;
    let _ = stop_tx.send(true);
    let mut times = probe.await.unwrap();
    times.sort();
    let p99 = times
        .get((times.len() * 99 / 100).min(times.len().saturating_sub(1)))
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    (outcome, p99)
}

/// Runs a command to its end, sampling its `VmHWM`: (output, peak MiB, duration).
/// What a command said, its output then its errors.
fn said(out: &std::process::Output) -> String {
    let (stdout, stderr) = (&out.stdout, &out.stderr);
    format!(
        "{}{}",
        String::from_utf8_lossy(stdout),
        String::from_utf8_lossy(stderr)
    )
}

fn run_measured(mut command: Command) -> (std::process::Output, f64, Duration) {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut peak: f64 = 0.0;
    while child.try_wait().unwrap().is_none() {
        if let Some(p) = peak_mib(pid) {
            peak = peak.max(p);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let output = child.wait_with_output().unwrap();
    (output, peak, started.elapsed())
}

/// Runs futures at once, each in its own task; their outcomes in order.
async fn all<T: Send + 'static>(futures: Vec<impl Future<Output = T> + Send + 'static>) -> Vec<T> {
    let tasks: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// Bytes of every file under `dir`, by their real size on disk (holes do not count).
fn disk_usage(dir: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => disk_usage(&e.path()),
            Ok(m) => m.blocks() * 512,
            Err(_) => 0,
        })
        .sum()
}

// ---------------------------------------------------------------- exam day

/// A data folder with the demo exam and its sandboxes prepared.
async fn exam_data() -> (TestData, e5_exam::demo::DemoExam) {
    let t = TestData::new().await;
    let platform = e5_exam::Platform::open(&t.data).await.unwrap();
    let demo = e5_exam::demo::create(&platform).await.unwrap();
    e5_exam::planning::prepare_sandboxes(&platform, demo.session)
        .await
        .unwrap();
    platform.db().close().await;
    (t, demo)
}

async fn candidate(app: &TestApp, code: &str) -> Shopper {
    let user = app.shopper();
    user.post_ok("/", &[("code", code)]).await;
    user
}

fn record(
    user: &Shopper,
    body: Vec<u8>,
    gzip: bool,
) -> impl Future<Output = (u16, String)> + Send + 'static {
    let request = user.recording(gzip);
    async move {
        let r = request.body(body).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap_or_default())
    }
}

fn platform_db_bytes(data: &Path) -> u64 {
    ["platform.db", "platform.db-wal", "platform.db-shm"]
        .iter()
        .map(|f| file_size(&data.join(f)))
        .sum()
}

/// (a) A page sends gzip batches of ~16 KB, each one 16 MiB event once inflated.
async fn recording_flood(scale: Scale) -> Figure {
    let (t, demo) = exam_data().await;
    let server = Server::start(t.data.root()).await;
    let cand = candidate(&server.app(), &demo.seats[0].access_code).await;
    let page = format!("/s/{}/admin/", demo.seats[0].sandbox_id.clone().unwrap());
    let huge = "x".repeat(16 * 1024 * 1024);
    let bomb = crate::console::gzip(
        crate::console::batch(
            "f:0",
            &page,
            json!([{"type": 3, "data": {"text": huge}, "timestamp": 1}]),
        )
        .as_bytes(),
    );
    assert!(bomb.len() < 64 * 1024, "{}", bomb.len());
    let db_before = platform_db_bytes(t.data.root());
    let started = Instant::now();
    let (answers, p99) = during(&server.sites, async {
        let mut answers = Vec::new();
        for wave in 0..scale.gzip_bombs.div_ceil(scale.gzip_in_flight) {
            let n = scale
                .gzip_in_flight
                .min(scale.gzip_bombs - wave * scale.gzip_in_flight);
            let sends: Vec<_> = (0..n).map(|_| record(&cand, bomb.clone(), true)).collect();
            answers.extend(all(sends).await);
        }
        answers
    })
    .await;
    let took = started.elapsed();
    for (status, body) in &answers {
        assert_eq!(*status, 413, "{body}");
        assert!(body.contains("trop volumineux"), "{body}");
    }
    let growth = platform_db_bytes(t.data.root()).saturating_sub(db_before);
    assert!(growth < 4 << 20, "platform.db grew by {growth} bytes");
    let peak = server.peak_mib();
    assert!(peak < 400.0, "memory peak {peak:.0} MiB");
    Figure {
        case: format!("(a) {} gzip bombs (16 MiB events)", scale.gzip_bombs),
        refused: format!("{}× 413 « trop volumineux »", answers.len()),
        peak_mib: peak,
        healthz_p99_ms: Some(p99),
        note: format!(
            "{} KiB each, {} at once, {:.1} s; platform.db +{} KiB",
            bomb.len() / 1024,
            scale.gzip_in_flight,
            took.as_secs_f64(),
            growth / 1024
        ),
    }
}

/// (a') A seat filled with large legitimate batches, then a console opening: the catch-up
/// comes one batch per message, never all in one.
async fn console_catch_up(scale: Scale) -> Figure {
    let (t, demo) = exam_data().await;
    let server = Server::start(t.data.root()).await;
    let app = server.app();
    let cand = candidate(&app, &demo.seats[0].access_code).await;
    let page = format!("/s/{}/admin/", demo.seats[0].sandbox_id.clone().unwrap());
    let first = json!({"key": "c:0", "page": page, "events": [
        {"type": 4, "data": {"href": "http://poste/", "width": 1280, "height": 800}, "timestamp": 1},
        {"type": 2, "data": {"node": {"type": 0, "childNodes": [], "id": 1}, "initialOffset": {"left": 0, "top": 0}}, "timestamp": 2},
    ]});
    assert_eq!(
        record(&cand, first.to_string().into_bytes(), false).await.0,
        204
    );
    let text = "y".repeat(3_500_000);
    for i in 1..=scale.catch_up_batches {
        let batch = json!({"key": format!("c:{i}"), "page": page, "events": [
            {"type": 3, "data": {"text": text}, "timestamp": 2 + i},
        ]});
        let (status, body) = record(&cand, batch.to_string().into_bytes(), false).await;
        assert_eq!(status, 204, "{body}");
    }
    let stored = platform_db_bytes(t.data.root());
    let examiner = app.shopper();
    examiner
        .post_ok("/console/connexion", &crate::exam::EXAMINER_SIGN_IN)
        .await;
    let sent = scale.catch_up_batches + 1;
    let url = format!(
        "{}/console/commission/{}/flux",
        server.staff, demo.commission
    );
    let ((messages, largest, total), p99) = during(&server.sites, async {
        let mut stream = examiner.client.get(&url).send().await.unwrap();
        assert_eq!(stream.status().as_u16(), 200);
        let (mut messages, mut largest, mut total) = (0usize, 0usize, 0usize);
        let mut pending = Vec::<u8>::new();
        let started = Instant::now();
        let mut last = Instant::now();
        // Until every batch came, or none for 20 s (the catch-up stops at its budget); a
        // loaded machine may pause for seconds between two large batches.
        while started.elapsed() < Duration::from_secs(120)
            && messages < sent
            && (messages == 0 || last.elapsed() < Duration::from_secs(20))
        {
            let chunk = match tokio::time::timeout(Duration::from_secs(1), stream.chunk()).await {
                Ok(Ok(Some(chunk))) => chunk,
                Ok(_) => break,
                Err(_) => continue,
            };
            pending.extend_from_slice(&chunk);
            while let Some(end) = pending.windows(2).position(|w| w == b"\n\n") {
                let message: Vec<u8> = pending.drain(..end + 2).collect();
                let head = &message[..message.len().min(64)];
                if head.windows(5).any(|w| w == b"rrweb") {
                    messages += 1;
                    largest = largest.max(message.len());
                    total += message.len();
                    last = Instant::now();
                }
            }
        }
        (messages, largest, total)
    })
    .await;
    let budget = e5_exam::web::recorder::CATCH_UP_MAX as usize;
    assert!(messages >= sent.min(9), "{messages} batches caught up");
    assert!(largest < 8 << 20, "largest message {largest} bytes");
    assert!(total <= budget + (1 << 20), "{total} bytes caught up");
    let peak = server.peak_mib();
    Figure {
        case: format!("(a') console catch-up, {sent} batches"),
        refused: format!(
            "paged: {messages} messages, {:.0} MiB",
            total as f64 / 1048576.0
        ),
        peak_mib: peak,
        healthz_p99_ms: Some(p99),
        note: format!(
            "{:.0} MiB recorded; largest message {:.1} MiB",
            stored as f64 / 1048576.0,
            largest as f64 / 1048576.0
        ),
    }
}

// ---------------------------------------------------------------- image bombs

/// (b) 12000 × 12000 PNGs uploaded at once to a back-office's media library: refused from
/// their header. (b') 7000 × 5000 ones (35 MP, within the limit): decoded and scaled down,
/// two at a time; those that wait too long for a turn are told the server is busy.
async fn image_bombs(scale: Scale, width: u32, height: u32) -> Figure {
    let refused_by_header = u64::from(width) * u64::from(height) > 40_000_000;
    let t = TestData::new().await;
    let sandbox = t.sandbox();
    let server = Server::start(t.data.root()).await;
    let app = server.app();
    let admin = |p: &str| format!("/s/{sandbox}/admin{p}");
    let user = app.shopper();
    let (ok, _) = user
        .post(
            &admin("/connexion"),
            &[
                ("email", crate::helpers::ADMIN_EMAIL),
                ("password", crate::helpers::PASSWORD),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    let bomb = crate::content_backoffice::png_bomb(width, height);
    let url = user.url(&admin("/medias/nouveau"));
    let started = Instant::now();
    let (answers, p99) = during(&server.sites, async {
        let uploads: Vec<_> = (0..scale.png_uploads)
            .map(|i| {
                let form = reqwest::multipart::Form::new()
                    .part(
                        "file",
                        reqwest::multipart::Part::bytes(bomb.clone())
                            .file_name(format!("bombe-{i}.png")),
                    )
                    .text("alt", "bombe");
                let request = user
                    .client
                    .post(url.clone())
                    .header("origin", &server.sites)
                    .multipart(form)
                    .send();
                async move { Page::read(request.await.unwrap()).await }
            })
            .collect();
        all(uploads).await
    })
    .await;
    let took = started.elapsed();
    let (mut examined, mut busy, mut shown) = (0i64, 0, None);
    for Page {
        status,
        location,
        body,
    } in answers
    {
        match status {
            // The refusal's reason is on the page redirected to (one flash message for the
            // browser: the answers came at once, the next page shows it).
            303 => {
                shown = location;
                examined += 1;
            }
            503 => {
                assert_eq!(body, e5_shop::web::busy::MESSAGE);
                busy += 1;
            }
            other => panic!("{other}: {body}"),
        }
    }
    let page = user
        .get(&shown.expect("at least one upload was examined"))
        .await;
    let said = if refused_by_header {
        "Image trop grande : 12000 × 12000 pixels, 40 mégapixels au plus."
    } else {
        "Fichier ajouté à la médiathèque."
    };
    page.shows(said);
    let stored: i64 = one(
        &t.open(sandbox).await,
        "SELECT COUNT(*) FROM media WHERE file LIKE '%bombe%'",
    )
    .await;
    assert_eq!(stored, if refused_by_header { 0 } else { examined });
    let peak = server.peak_mib();
    // At most two decodes at once, each within its allocation limit, over the server's own.
    let bound = 150.0
        + (e5_admin_content::media::MAX_CONCURRENT_DECODES as u64
            * e5_admin_content::media::MAX_DECODE_ALLOC) as f64
            / 1048576.0;
    assert!(peak < bound, "memory peak {peak:.0} MiB (bound {bound:.0})");
    let outcome = if refused_by_header {
        "« Image trop grande »"
    } else {
        "scaled to 1600 px"
    };
    let refused = if busy > 0 {
        format!("{examined}× {outcome}, {busy}× 503 occupé")
    } else {
        format!("{examined}× {outcome}")
    };
    Figure {
        case: format!(
            "({}) {} PNG {width}×{height} at once",
            if refused_by_header { "b" } else { "b'" },
            scale.png_uploads
        ),
        refused,
        peak_mib: peak,
        healthz_p99_ms: Some(p99),
        note: format!(
            "{} KiB each, {:.1} s",
            bomb.len() / 1024,
            took.as_secs_f64()
        ),
    }
}

// ---------------------------------------------------------------- package and archive

/// A reader of `n` zero bytes, never held in memory.
fn zeros(n: u64) -> impl std::io::Read {
    std::io::Read::take(std::io::repeat(0), n)
}

/// (c) A package whose golden.db entry is `package_zeros` bytes of zeros, the manifest
/// unchanged: streamed through gzip, never written out uncompressed.
async fn package_bomb(scale: Scale) -> Figure {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("bombe.e5ctx");
    let entries = crate::context::entries_of(crate::helpers::reference_package());
    {
        let gz = flate2::write::GzEncoder::new(
            std::io::BufWriter::new(std::fs::File::create(&package).unwrap()),
            flate2::Compression::fast(),
        );
        let mut tar = tar::Builder::new(gz);
        for (name, bytes) in entries.iter().filter(|(n, _)| n != "manifest.sig") {
            let mut h = tar::Header::new_ustar();
            h.set_path(name).unwrap();
            h.set_mode(0o644);
            if name == "golden.db" {
                h.set_size(scale.package_zeros);
                h.set_cksum();
                tar.append(&h, zeros(scale.package_zeros)).unwrap();
            } else {
                h.set_size(bytes.len() as u64);
                h.set_cksum();
                tar.append(&h, bytes.as_slice()).unwrap();
            }
        }
        tar.into_inner().unwrap().finish().unwrap();
    }
    let data = dir.path().join("data");
    let mut command = Command::new(env!("CARGO_BIN_EXE_e5"));
    command
        .args(["context", "import"])
        .arg(&package)
        .arg("--allow-unsigned")
        .arg("--data")
        .arg(&data);
    let (out, peak, took) = run_measured(command);
    let said = said(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("annoncés par le manifeste"), "{said}");
    let left = disk_usage(&data);
    assert!(left < 16 << 20, "{left} bytes left in the data folder");
    assert!(peak < 200.0, "memory peak {peak:.0} MiB");
    Figure {
        case: format!(
            "(c) package, golden.db {} MiB of zeros",
            scale.package_zeros >> 20
        ),
        refused: format!(
            "exit {} « annoncés par le manifeste »",
            out.status.code().unwrap_or(-1)
        ),
        peak_mib: peak,
        healthz_p99_ms: None,
        note: format!(
            "{:.1} MiB file, refused in {:.2} s, {} KiB left",
            file_size(&package) as f64 / 1048576.0,
            took.as_secs_f64(),
            left / 1024
        ),
    }
}

/// (d) verify-archive on an archive whose sandbox entry is 3 GiB (a sparse file), first as
/// the manifest does not say, then as a forged manifest announces.
async fn archive_bomb() -> Figure {
    let (t, demo) = exam_data().await;
    let platform = e5_exam::Platform::open(&t.data).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.tar");
    e5_exam::archive::write(&platform, demo.session, &file)
        .await
        .unwrap();
    let entries = crate::exam::archive_entries(&file);
    let db = entries
        .iter()
        .find(|(n, _)| n.ends_with(".db"))
        .unwrap()
        .0
        .clone();
    let bomb: PathBuf = dir.path().join("bombe.tar");
    crate::exam::sparse_archive(&entries, &db, 3 << 30, None, &bomb);
    let mut command = Command::new(env!("CARGO_BIN_EXE_e5"));
    command.args(["exam", "verify-archive"]).arg(&bomb);
    let (out, peak, took) = run_measured(command);
    let said = said(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("modifié"), "{said}");
    assert!(peak < 200.0, "memory peak {peak:.0} MiB");
    Figure {
        case: "(d) verify-archive, 3 GiB entry".to_owned(),
        refused: format!("exit {} « modifié »", out.status.code().unwrap_or(-1)),
        peak_mib: peak,
        healthz_p99_ms: None,
        note: format!("sparse file, refused in {:.2} s", took.as_secs_f64()),
    }
}

// ---------------------------------------------------------------- slow sockets

/// Opens `n` connections that send `start` and then nothing; gives, for each, how long the
/// server kept it open (and what it answered, if anything).
async fn stalled(address: &str, n: usize, start: &'static [u8]) -> Vec<(Duration, String)> {
    let mut sockets = Vec::new();
    for _ in 0..n {
        let mut s = tokio::net::TcpStream::connect(address).await.unwrap();
        s.write_all(start).await.unwrap();
        sockets.push(s);
    }
    let started = Instant::now();
    let waits: Vec<_> = sockets
        .into_iter()
        .map(|mut s| async move {
            let mut answer = Vec::new();
            let mut buffer = [0u8; 4096];
            loop {
                match tokio::time::timeout(Duration::from_secs(60), s.read(&mut buffer)).await {
                    Ok(Ok(0)) | Ok(Err(_)) => break,
                    Ok(Ok(n)) => answer.extend_from_slice(&buffer[..n]),
                    Err(_) => panic!("a stalled connection is still open after 60 s"),
                }
            }
            let first = String::from_utf8_lossy(&answer)
                .lines()
                .next()
                .unwrap_or("")
                .to_owned();
            (started.elapsed(), first)
        })
        .collect();
    all(waits).await
}

/// (e) sockets stalling in their header; (f) sockets stalling in their body.
async fn slow_sockets(scale: Scale) -> Vec<Figure> {
    let t = TestData::new().await;
    let server = Server::start(t.data.root()).await;
    let address = server.sites.trim_start_matches("http://").to_owned();
    let (closed, p99) = during(
        &server.sites,
        stalled(
            &address,
            scale.slow_sockets,
            b"GET /healthz HTTP/1.1\r\nHost: e5\r\nX-Lent: ",
        ),
    )
    .await;
    let slowest = closed.iter().map(|c| c.0).max().unwrap();
    let limit = e5::server::HEADER_READ_TIMEOUT + Duration::from_secs(3);
    assert!(slowest <= limit, "{slowest:?}");
    for (_, first) in &closed {
        assert!(
            first.is_empty() || first.starts_with("HTTP/1.1 408"),
            "{first}"
        );
    }
    let header = Figure {
        case: format!("(e) {} sockets, header never ends", scale.slow_sockets),
        refused: "closed (hyper's header timeout)".to_owned(),
        peak_mib: server.peak_mib(),
        healthz_p99_ms: Some(p99),
        note: format!("all closed within {:.1} s", slowest.as_secs_f64()),
    };
    // A form whose body never comes: the candidate's sign-in form reads its body.
    let start: &'static [u8] = Box::leak(
        format!(
            "POST / HTTP/1.1\r\nHost: {address}\r\nOrigin: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\ncode=",
            server.sites
        )
        .into_bytes()
        .into_boxed_slice(),
    );
    let (closed, p99) = during(&server.sites, stalled(&address, scale.slow_sockets, start)).await;
    let slowest = closed.iter().map(|c| c.0).max().unwrap();
    let fastest = closed.iter().map(|c| c.0).min().unwrap();
    let limit = e5::server::BODY_IDLE_TIMEOUT + Duration::from_secs(3);
    assert!(slowest <= limit, "{slowest:?}");
    assert!(
        fastest >= e5::server::BODY_IDLE_TIMEOUT - Duration::from_secs(1),
        "{fastest:?}"
    );
    let statuses: std::collections::BTreeSet<String> = closed
        .iter()
        .map(|(_, first)| first.chars().take(12).collect())
        .collect();
    let body = Figure {
        case: format!("(f) {} sockets, body never ends", scale.slow_sockets),
        refused: format!("closed, answered {statuses:?}"),
        peak_mib: server.peak_mib(),
        healthz_p99_ms: Some(p99),
        note: format!("all closed within {:.1} s", slowest.as_secs_f64()),
    };
    vec![header, body]
}
