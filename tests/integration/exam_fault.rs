//! The fault test: the server is killed (SIGKILL) while three grids are being filled; after
//! a restart every edit it acknowledged is there, once, and the change logs are unbroken.

use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::time::Duration;

use e5_exam::Platform;
use serde_json::json;

use crate::browser::free_port;
use crate::helpers::TestData;

/// The server, its console and administration on `port` (the candidates' surface on
/// another free port).
fn serve(data: &std::path::Path, port: u16) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_e5"))
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{}", free_port()),
            "--staff-bind",
            &format!("127.0.0.1:{port}"),
            "--data",
        ])
        .arg(data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn wait_ready(base: &str) {
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client.get(format!("{base}/healthz")).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not start");
}

async fn examiner(base: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = client
        .post(format!("{base}/console/connexion"))
        .header("origin", base)
        .form(&[
            ("email", e5_exam::demo::EXAMINER_EMAIL),
            ("password", e5_exam::demo::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    client
}

#[tokio::test]
async fn every_acknowledged_grid_edit_survives_a_kill() {
    let t = TestData::new().await;
    let seats: Vec<i64> = {
        let platform = Platform::open(&t.data).await.unwrap();
        let demo = e5_exam::demo::create(&platform).await.unwrap();
        demo.seats.iter().map(|s| s.seat_id).collect()
    };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = serve(t.data.root(), port);
    wait_ready(&base).await;
    let client = examiner(&base).await;
    let rows = ["1a", "1b", "2", "3", "4", "5"];
    let levels = ["TI", "I", "S", "TS"];
    let mut tasks = Vec::new();
    for seat in seats.clone() {
        let (client, base) = (client.clone(), base.clone());
        tasks.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for n in 0..10_000 {
                let key = format!("{seat}-{n}");
                let body = json!({"key": key, "field": format!("level:{}", rows[n % rows.len()]), "value": levels[n % levels.len()]});
                match client.post(format!("{base}/console/poste/{seat}/grille")).header("origin", &base).json(&body).send().await {
                    Ok(r) if r.status().as_u16() == 200 => acknowledged.push(key),
                    _ => break,
                }
            }
            acknowledged
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().unwrap(); // SIGKILL on Unix: no shutdown, no checkpoint
    server.wait().unwrap();
    let mut acked = Vec::new();
    for task in tasks {
        acked.extend(task.await.unwrap());
    }
    assert!(
        acked.len() > 10,
        "the grids were being filled ({} edits)",
        acked.len()
    );
    // Restart, and find every acknowledged edit.
    let mut server = serve(t.data.root(), port);
    wait_ready(&base).await;
    let platform = Platform::open(&t.data).await.unwrap();
    let stored: HashSet<String> = sqlx::query_scalar("SELECT idem_key FROM grid_event")
        .fetch_all(platform.db())
        .await
        .unwrap()
        .into_iter()
        .collect();
    let lost: Vec<&String> = acked.iter().filter(|k| !stored.contains(*k)).collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    for seat in seats {
        let chain = e5_exam::grid::events(&platform, seat).await.unwrap();
        assert!(e5_exam::grid::verify_chain(&chain).is_ok());
    }
    // The restarted server serves the grid as it was left.
    let client = examiner(&base).await;
    let r = client
        .get(format!("{base}/console/poste/1/grille"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    server.kill().unwrap();
    let _ = server.wait();
}
