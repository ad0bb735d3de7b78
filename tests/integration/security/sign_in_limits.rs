//! Sign-in limits and sessions across the server: the sandbox back-office's limits and
//! sign-out, the client address behind a trusted proxy, the header read timeout.

use crate::helpers::column;
use crate::helpers::{ADMIN_EMAIL, PASSWORD, TestApp, TestData};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The `e5_admin=…` pair a sign-in answer sets.
fn admin_cookie(answer: &reqwest::Response) -> String {
    answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("e5_admin="))
        .and_then(|v| v.split(';').next())
        .expect("a back-office cookie")
        .to_owned()
}

async fn sign_in(app: &TestApp, sandbox: &str, email: &str, password: &str) -> reqwest::Response {
    client()
        .post(format!("{}/s/{sandbox}/admin/connexion", app.address))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_back_office_cookie_captured_before_sign_out_opens_nothing_after() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let answer = sign_in(&app, &id, ADMIN_EMAIL, PASSWORD).await;
    assert_eq!(answer.status(), 303);
    let captured = admin_cookie(&answer);
    let page = |cookie: String| {
        let address = app.address.clone();
        let id = id.clone();
        async move {
            client()
                .get(format!("{address}/s/{id}/admin/boutique/"))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(page(captured.clone()).await.status(), 200);
    // A second sign-in of the same employee is another session: signing one out leaves
    // the other open.
    let other = admin_cookie(&sign_in(&app, &id, ADMIN_EMAIL, PASSWORD).await);
    let out = client()
        .post(format!("{}/s/{id}/admin/deconnexion", app.address))
        .header("cookie", &captured)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    let refused = page(captured.clone()).await;
    assert_eq!(refused.status(), 303);
    assert_eq!(
        refused
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok()),
        Some(format!("/s/{id}/admin/connexion").as_str())
    );
    assert_eq!(page(other).await.status(), 200);
    // An old cookie (signed with the server's key, issued 13 hours ago) opens nothing.
    let key: [u8; 32] = std::fs::read(t.data.root().join("secret.key"))
        .unwrap()
        .try_into()
        .unwrap();
    let sandbox = id.parse().unwrap();
    let issued = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        - 13 * 3600;
    let value = captured.trim_start_matches("e5_admin=");
    let employee = e5_shop::admin::verify_admin_cookie(value, sandbox, &key, issued + 13 * 3600)
        .expect("the captured cookie verifies")
        .employee;
    let nonce = "0123456789abcdef0123456789abcdef";
    use e5_shop::web::cookies::Purpose::Admin;
    let old = e5_shop::web::cookies::sign(
        &key,
        Admin,
        sandbox,
        &format!("{employee}:{issued}:{nonce}"),
    );
    assert!(e5_shop::admin::verify_admin_cookie(&old, sandbox, &key, issued + 60).is_some());
    assert_eq!(page(format!("e5_admin={old}")).await.status(), 303);
    // The same, issued a minute ago, is valid: only the age refused it.
    let fresh = e5_shop::web::cookies::sign(
        &key,
        Admin,
        sandbox,
        &format!("{employee}:{}:{nonce}", issued + 13 * 3600 - 60),
    );
    assert_eq!(page(format!("e5_admin={fresh}")).await.status(), 200);
}

#[tokio::test]
async fn back_office_sign_in_is_limited_per_account_without_telling_who_exists() {
    let t = TestData::new().await;
    let id = t.sandbox().to_string();
    let app = TestApp::spawn(&t.data).await;
    let max = e5_shop::admin::PER_ACCOUNT.max;
    for typed in [ADMIN_EMAIL, "personne@toiles-de-loire.fr"] {
        for _ in 0..max {
            assert_eq!(sign_in(&app, &id, typed, "mauvais").await.status(), 401);
        }
        let answer = sign_in(&app, &id, &typed.to_uppercase(), PASSWORD).await;
        assert_eq!(answer.status(), 429, "{typed}");
        let body = answer.text().await.unwrap();
        assert!(
            body.contains("Trop de tentatives de connexion erronées : patientez 15 minutes"),
            "{body}"
        );
    }
    // Another employee of the same sandbox, from the same address, still signs in.
    let answer = sign_in(&app, &id, "sandrine.cosset@toiles-de-loire.fr", PASSWORD).await;
    assert_eq!(answer.status(), 303);
    // The same e-mail in another sandbox is another account.
    let other = t.sandbox().to_string();
    assert_eq!(
        sign_in(&app, &other, ADMIN_EMAIL, PASSWORD).await.status(),
        303
    );
}

async fn wrong_code(app: &TestApp, forwarded_for: &str) -> u16 {
    wrong_code_at(&app.address, Some(forwarded_for)).await
}

/// A wrong candidate code posted to the sites at `address`, with an `X-Forwarded-For`
/// header when given; the answer's status.
async fn wrong_code_at(address: &str, forwarded_for: Option<&str>) -> u16 {
    let mut request = client()
        .post(format!("{address}/"))
        .form(&[("code", "ZZZZZZ")]);
    if let Some(forwarded_for) = forwarded_for {
        request = request.header("x-forwarded-for", forwarded_for);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_counted_apart() {
    let t = TestData::new().await;
    let free = e5_exam::limits::CODE_FREE_PER_ADDRESS;
    // The test client (127.0.0.1) is the trusted proxy.
    let app = TestApp::spawn_with(
        &t.data,
        e5::server::Options {
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
            ..Default::default()
        },
    )
    .await;
    for _ in 0..free {
        // What the client wrote itself (left) is not believed; the proxy's entry is.
        assert_eq!(wrong_code(&app, "10.9.9.9, 192.0.2.1").await, 401);
    }
    assert_eq!(wrong_code(&app, "10.9.9.9, 192.0.2.1").await, 429);
    assert_eq!(wrong_code(&app, "192.0.2.2").await, 401, "another client");
    let platform = e5_exam::Platform::open(&t.data).await.unwrap();
    let ips: Vec<String> = column(
        platform.db(),
        "SELECT DISTINCT ip FROM login_failure ORDER BY ip",
    )
    .await;
    assert_eq!(ips, ["192.0.2.1", "192.0.2.2"]);

    // Without the setting, the header is ignored: everything counts against the peer.
    let t = TestData::new().await;
    let app = TestApp::spawn(&t.data).await;
    for i in 0..free {
        assert_eq!(wrong_code(&app, &format!("192.0.2.{}", i + 10)).await, 401);
    }
    assert_eq!(wrong_code(&app, "192.0.2.99").await, 429);
}

#[tokio::test]
async fn a_burst_of_codes_from_one_address_is_checked_one_after_the_other() {
    let t = TestData::new().await;
    let app = TestApp::spawn(&t.data).await;
    let free = usize::try_from(e5_exam::limits::CODE_FREE_PER_ADDRESS).unwrap();
    // Sent at once: without the queue, all would be checked before any failure counted.
    let burst: Vec<_> = (0..free + 4)
        .map(|_| {
            let address = app.address.clone();
            tokio::spawn(async move { wrong_code_at(&address, None).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for b in burst {
        statuses.push(b.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), free);
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 4);
}

#[tokio::test]
async fn a_client_that_stalls_in_its_header_is_disconnected() {
    let t = TestData::new().await;
    let app = TestApp::spawn(&t.data).await;
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: e5\r\nX-Lent: ")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buffer = [0u8; 1024];
    let read = tokio::time::timeout(Duration::from_secs(15), stream.read(&mut buffer))
        .await
        .expect("disconnected within 15 s");
    // Closed (0 bytes, a reset, or at most a 408 before closing).
    if let Ok(n) = read {
        let text = String::from_utf8_lossy(&buffer[..n]);
        assert!(n == 0 || text.starts_with("HTTP/1.1 408"), "{text}");
    }
    let waited = started.elapsed();
    assert!(
        waited >= e5::server::HEADER_READ_TIMEOUT - Duration::from_secs(1),
        "{waited:?}"
    );
    // A complete request on a fresh connection is served as before.
    let ok = client()
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn on_shutdown_a_request_in_flight_finishes_with_its_peer_address() {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = axum::Router::new().route(
        "/lent",
        axum::routing::get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            peer.ip().to_string()
        }),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(e5::server::serve_connections(listener, router, async {
        let _ = stopped.await;
    }));
    let request = tokio::spawn(client().get(format!("http://{address}/lent")).send());
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.send(()).unwrap();
    let answer = request.await.unwrap().unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.unwrap(), "127.0.0.1");
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server stops once the request is answered")
        .unwrap()
        .unwrap();
    assert!(
        client()
            .get(format!("http://{address}/lent"))
            .send()
            .await
            .is_err(),
        "no longer listening"
    );
}
