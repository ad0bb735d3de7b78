//! A small W3C WebDriver client driving headless Chromium through chromedriver, for the
//! end-to-end tests that need a real browser (block editor, live console…).
//!
//! Without Chromium the browser tests skip with a message, except under CI (`CI=true`)
//! where a missing browser is a failure.

use std::net::TcpListener;
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub struct Browser {
    driver: Child,
    http: reqwest::Client,
    session: String,
    base: String,
    _profile: tempfile::TempDir,
}

/// Starts a browser, or returns `None` (after saying so) when none is installed outside CI.
pub async fn start() -> Option<Browser> {
    let installed = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !installed {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "Chromium and chromedriver are required under CI"
        );
        eprintln!(
            "SKIPPED: no Chromium/chromedriver on this machine (apt-get install chromium chromium-driver)"
        );
        return None;
    }
    Some(Browser::launch().await)
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Polls until `js` (an expression) is true in the page, for 10 s at most.
pub async fn wait_until(b: &Browser, js: &str) {
    for _ in 0..100 {
        if b.script(&format!("return !!({js});"), vec![]).await == json!(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {js}");
}

impl Browser {
    async fn launch() -> Browser {
        let port = free_port();
        // Its own process group, so that dropping the browser ends Chromium too (killing
        // chromedriver alone leaves Chromium running).
        let driver = Command::new(CHROMEDRIVER)
            .process_group(0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while http.get(format!("{base}/status")).send().await.is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not answer");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1366,900",
            &format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            // A dialog opened by a page stays open, so a test can see it (alert_text).
            "unhandledPromptBehavior": "ignore",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args}
        }}});
        let answer: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .expect("new session")
            .json()
            .await
            .expect("json");
        let session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_owned();
        Browser {
            driver,
            http,
            session,
            base,
            _profile: profile,
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut request = self.http.request(method, url);
        if let Some(b) = body {
            request = request.json(&b);
        }
        let answer: Value = request
            .send()
            .await
            .expect("webdriver call")
            .json()
            .await
            .expect("webdriver json");
        if let Some(error) = answer["value"]["error"].as_str() {
            panic!("webdriver {path}: {error}: {}", answer["value"]["message"]);
        }
        answer["value"].clone()
    }

    pub async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({"url": url})))
            .await;
    }

    /// The text of a dialog (alert, confirm, prompt) the page opened, if one is open.
    pub async fn alert_text(&self) -> Option<String> {
        let url = format!("{}/session/{}/alert/text", self.base, self.session);
        let answer: Value = self.http.get(url).send().await.ok()?.json().await.ok()?;
        if answer["value"]["error"].is_null() {
            answer["value"].as_str().map(str::to_owned)
        } else {
            None
        }
    }

    /// Accepts the dialog the page opened (e.g. "leave this page?"), if one is open.
    pub async fn accept_alert(&self) -> bool {
        let url = format!("{}/session/{}/alert/accept", self.base, self.session);
        let Ok(answer) = self.http.post(url).json(&json!({})).send().await else {
            return false;
        };
        let answer: Value = answer.json().await.unwrap_or_default();
        answer["value"]["error"].is_null()
    }

    pub async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Waits up to 10 s for an element matching `css`.
    pub async fn find(&self, css: &str) -> Element<'_> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let url = format!("{}/session/{}/element", self.base, self.session);
            let answer: Value = self
                .http
                .post(url)
                .json(&json!({"using": "css selector", "value": css}))
                .send()
                .await
                .expect("find")
                .json()
                .await
                .expect("json");
            let found = answer["value"]
                .as_object()
                .and_then(|o| o.values().next())
                .and_then(Value::as_str);
            if let Some(id) = found.filter(|_| answer["value"]["error"].is_null()) {
                return Element {
                    browser: self,
                    id: id.to_owned(),
                };
            }
            assert!(Instant::now() < deadline, "no element matches {css}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn script(&self, code: &str, args: Vec<Value>) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": code, "args": args})),
        )
        .await
    }

    /// Runs a script that answers by calling its last argument (a promise's result).
    pub async fn script_async(&self, code: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/async",
            Some(json!({"script": code, "args": []})),
        )
        .await
    }

    /// Runs a script without arguments; what it returns.
    pub async fn run(&self, code: &str) -> Value {
        self.script(code, vec![]).await
    }

    pub async fn page_text(&self) -> String {
        self.script("return document.body.innerText", vec![])
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Waits until `js` (a script returning a boolean) returns true, for at most `within`;
    /// returns how long it took, or fails with the start of the page's text.
    pub async fn wait_until(&self, js: &str, within: Duration) -> Duration {
        let start = Instant::now();
        loop {
            if self.script(js, vec![]).await == Value::Bool(true) {
                return start.elapsed();
            }
            if start.elapsed() >= within {
                let page = self
                    .script("return document.body.innerText.slice(0, 800)", vec![])
                    .await;
                panic!("never true within {within:?}: {js}\npage: {page}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits up to 10 s for the page to contain `text`.
    pub async fn wait_for_text(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let shown = self.page_text().await;
            if shown.contains(text) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the page never showed « {text} »; it shows: {}",
                shown.chars().take(1500).collect::<String>()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Opens `url` and waits for the page to show `text`.
    pub async fn visit(&self, url: &str, text: &str) {
        self.goto(url).await;
        self.wait_for_text(text).await;
    }

    /// Signs `email` in (password [`PASSWORD`](crate::helpers::PASSWORD)) on the sign-in page
    /// at `url`, and waits for the page it leads to to show `landing`.
    pub async fn sign_in(&self, url: &str, email: &str, landing: &str) {
        self.goto(url).await;
        self.find("#email").await.type_text(email).await;
        self.find("#mdp")
            .await
            .type_text(crate::helpers::PASSWORD)
            .await;
        self.find("button[type=submit]").await.click().await;
        self.wait_for_text(landing).await;
    }

    /// Resizes the window (e.g. 1920×1080 for the examiner's console).
    pub async fn set_window_size(&self, width: u32, height: u32) {
        self.call(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        )
        .await;
    }

    /// Presses keys on the keyboard, one after the other, wherever the focus is (WebDriver
    /// key codes: "\u{E004}" Tab, "\u{E007}" Enter, " " Space).
    pub async fn press(&self, keys: &str) {
        let mut actions = Vec::new();
        for k in keys.chars() {
            actions.push(json!({"type": "keyDown", "value": k.to_string()}));
            actions.push(json!({"type": "keyUp", "value": k.to_string()}));
        }
        self.call(
            reqwest::Method::POST,
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "clavier", "actions": actions}]})),
        )
        .await;
    }

    /// The page printed as the browser prints it (A4, the page's print CSS): the PDF's bytes.
    pub async fn print_pdf(&self) -> Vec<u8> {
        let data = self
            .call(
                reqwest::Method::POST,
                "/print",
                Some(json!({"page": {"width": 21.0, "height": 29.7}, "background": true})),
            )
            .await;
        base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap_or_default())
            .expect("base64 PDF")
    }

    pub async fn screenshot(&self, file: &Path) {
        let data = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap_or_default())
            .expect("base64 screenshot");
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).expect("screenshot dir");
        }
        std::fs::write(file, png).expect("screenshot written");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

pub struct Element<'b> {
    browser: &'b Browser,
    id: String,
}

impl Element<'_> {
    pub async fn click(&self) {
        self.browser
            .call(
                reqwest::Method::POST,
                &format!("/element/{}/click", self.id),
                Some(json!({})),
            )
            .await;
    }

    pub async fn type_text(&self, text: &str) {
        self.browser
            .call(
                reqwest::Method::POST,
                &format!("/element/{}/value", self.id),
                Some(json!({"text": text})),
            )
            .await;
    }
}
