use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use e5_domain::SandboxId;
use e5_sandbox::{DataDir, InstalledContext};
use sqlx::SqlitePool;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The reference context, packed once for the whole test binary.
pub fn reference_package() -> &'static Path {
    static PACKAGE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = PACKAGE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("reference.e5ctx");
        let source = repo_root().join("reference-site");
        let out = path.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(e5_sandbox::pack(&source, &out))
                .expect("the reference context packs");
        })
        .join()
        .expect("packing thread");
        (dir, path)
    });
    path
}

/// A data folder with the reference context installed.
pub struct TestData {
    /// Removed with the test.
    _dir: tempfile::TempDir,
    pub data: DataDir,
    pub context: InstalledContext,
}

impl TestData {
    pub async fn new() -> TestData {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = DataDir::new(dir.path());
        let context = e5_sandbox::import(reference_package(), &data)
            .await
            .expect("import");
        TestData {
            _dir: dir,
            data,
            context,
        }
    }

    pub fn sandbox(&self) -> SandboxId {
        e5_sandbox::create_sandbox(&self.data, &self.context)
            .expect("sandbox")
            .id
    }

    /// Reads a sandbox's file directly, as an examiner's tool would.
    pub async fn open(&self, id: SandboxId) -> SqlitePool {
        e5_shop::db::open_read_only(&self.data.sandbox_path(id))
            .await
            .expect("open sandbox")
    }
}

/// The server on a free port, serving `data`.
pub struct TestApp {
    pub address: String,
}

impl TestApp {
    pub async fn spawn(data: &DataDir) -> TestApp {
        TestApp::spawn_with(data, e5::server::Options::default()).await
    }

    /// The server with `e5 serve`'s options (trusted proxies…).
    pub async fn spawn_with(data: &DataDir, options: e5::server::Options) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = format!("http://{}", listener.local_addr().expect("address"));
        let data = DataDir::new(data.root());
        tokio::spawn(async move {
            e5::server::serve_on_with(listener, data, options)
                .await
                .expect("server")
        });
        TestApp { address }
    }

    /// A browser-like client for one shopper: keeps cookies, does not follow redirects so
    /// tests can see where a form sends them.
    pub fn shopper(&self) -> Shopper {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Shopper {
            client,
            address: self.address.clone(),
        }
    }
}

pub struct Shopper {
    pub client: reqwest::Client,
    pub address: String,
}

pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

impl Shopper {
    pub async fn get(&self, path: &str) -> Page {
        let r = self
            .client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("GET");
        Page::read(r).await
    }

    /// Posts a form and follows the redirect, like a browser.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> (Page, Page) {
        let r = self
            .client
            .post(format!("{}{path}", self.address))
            .form(form)
            .send()
            .await
            .expect("POST");
        let answer = Page::read(r).await;
        let next = match &answer.location {
            Some(to) => self.get(to).await,
            None => Page {
                status: 0,
                location: None,
                body: String::new(),
            },
        };
        (answer, next)
    }
}

impl Page {
    async fn read(r: reqwest::Response) -> Page {
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let body = r.text().await.unwrap_or_default();
        Page {
            status,
            location,
            body,
        }
    }
}
