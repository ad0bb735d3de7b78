use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use e5_domain::SandboxId;
use e5_sandbox::{DataDir, InstalledContext};
use sqlx::SqlitePool;

/// The reference shop's administrator (every right on both sides of the back-office).
pub const ADMIN_EMAIL: &str = "helene.guerin@toiles-de-loire.fr";
/// The reference shop's logistician (shipping and orders, no catalogue creation).
pub const LOGISTICIAN_EMAIL: &str = "sandrine.cosset@toiles-de-loire.fr";
/// An author of the content side (WordPress role "Auteur").
pub const AUTHOR_EMAIL: &str = "antoine.pineau@toiles-de-loire.fr";
/// The password of every employee of the reference shop.
pub const PASSWORD: &str = "demo-e5-2027";

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The national designers' key pair of the tests, made once: (private key file, public key
/// file), as `e5 context keygen` writes them.
pub fn national_keys() -> &'static (PathBuf, PathBuf) {
    static KEYS: OnceLock<(tempfile::TempDir, (PathBuf, PathBuf))> = OnceLock::new();
    let (_, paths) = KEYS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let private = dir.path().join("national.key");
        let public = dir.path().join("national.pub");
        let key = e5_sandbox::keys::generate().expect("key");
        e5_sandbox::keys::write_private_key(&private, &key, "Clé des tests").expect("private key");
        std::fs::write(
            &public,
            e5_sandbox::keys::public_key_text(&key.verifying_key(), "Clé publique des tests"),
        )
        .expect("public key");
        (dir, (private, public))
    });
    paths
}

/// Trusting the tests' national key only.
pub fn national_trust() -> e5_sandbox::Trust {
    let key = e5_sandbox::keys::read_public_key(&national_keys().1).expect("public key");
    e5_sandbox::Trust::key(key)
}

/// The reference context, packed and signed with the tests' national key once for the
/// whole test binary.
pub fn reference_package() -> &'static Path {
    static PACKAGE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = PACKAGE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("reference.e5ctx");
        let source = repo_root().join("reference-site");
        let out = path.clone();
        let key = e5_sandbox::keys::read_private_key(&national_keys().0).expect("private key");
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(e5_sandbox::pack_signed(&source, &out, &key))
                .expect("the reference context packs");
        })
        .join()
        .expect("packing thread");
        (dir, path)
    });
    path
}

/// The entries of a tar stream (a package once ungzipped, an archive), in order.
pub fn tar_entries(reader: impl std::io::Read) -> Vec<(String, Vec<u8>)> {
    use std::io::Read as _;
    tar::Archive::new(reader)
        .entries()
        .unwrap()
        .map(|e| {
            let mut e = e.unwrap();
            let name = e.path().unwrap().to_string_lossy().into_owned();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
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
        let context = e5_sandbox::import(reference_package(), &data, &national_trust())
            .await
            .expect("import");
        TestData {
            _dir: dir,
            data,
            context,
        }
    }

    /// A data folder with one sandbox, and the server serving it.
    pub async fn served() -> (TestData, SandboxId, TestApp) {
        let t = TestData::new().await;
        let id = t.sandbox();
        let app = TestApp::spawn(&t.data).await;
        (t, id, app)
    }

    pub fn sandbox(&self) -> SandboxId {
        e5_sandbox::create_sandbox(&self.data, &self.context)
            .expect("sandbox")
            .id
    }

    /// Reads a sandbox's file directly, as an examiner's tool would.
    pub async fn open(&self, id: SandboxId) -> SqlitePool {
        e5_shop_db::open_read_only(&self.data.sandbox_path(id))
            .await
            .expect("open sandbox")
    }
}

/// The server on free ports, serving `data`: candidates' sites and exam pages on
/// `address`, the console and the centre administration on `staff`.
pub struct TestApp {
    pub address: String,
    pub staff: String,
}

/// Whether a path belongs to the staff surface (console, centre administration).
pub fn is_staff_path(path: &str) -> bool {
    ["/console", "/admin"].iter().any(|p| {
        path == *p
            || path
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with('/') || rest.starts_with('?'))
    })
}

impl TestApp {
    pub async fn spawn(data: &DataDir) -> TestApp {
        TestApp::spawn_with(data, e5::server::Options::default()).await
    }

    /// The server with `e5 serve`'s options (trusted proxies…).
    pub async fn spawn_with(data: &DataDir, options: e5::server::Options) -> TestApp {
        let any = "127.0.0.1:0".parse().expect("address");
        let listeners = e5::server::Listeners::bind(any, Some(any))
            .await
            .expect("bind");
        let address = format!("http://{}", listeners.sites_addr());
        let staff = format!("http://{}", listeners.staff_addr());
        let data = DataDir::new(data.root());
        tokio::spawn(async move {
            e5::server::serve_on(listeners, data, options)
                .await
                .expect("server")
        });
        TestApp { address, staff }
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
            staff: self.staff.clone(),
        }
    }
}

impl TestApp {
    /// A new shopper of the site `site` (a sandbox id) with `quantity` of `product` in the cart.
    pub async fn shopper_with(
        &self,
        site: impl std::fmt::Display,
        product: i64,
        quantity: i64,
    ) -> Shopper {
        let shopper = self.shopper();
        let form = format!("product_id={product}&quantity={quantity}");
        shopper
            .post_ok(&format!("/s/{site}/panier/ajouter"), form)
            .await;
        shopper
    }

    /// A customer of the site `site` signed in (the reference customers' password).
    pub async fn customer(&self, site: impl std::fmt::Display, email: &str) -> Shopper {
        let customer = self.shopper();
        let form = format!("email={email}&password=client-demo");
        customer
            .post_ok(&format!("/s/{site}/compte/connexion"), form)
            .await;
        customer
    }
}

/// A browser-like client: a path goes to the surface that serves it, and a form carries
/// the `Origin` of the page it was posted from, as browsers send it.
pub struct Shopper {
    pub client: reqwest::Client,
    pub address: String,
    pub staff: String,
}

pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

impl Shopper {
    /// The full URL of a path, on the surface that serves it.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base(path))
    }

    pub fn base(&self, path: &str) -> &str {
        if is_staff_path(path) {
            &self.staff
        } else {
            &self.address
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        // A redirect to another surface comes as a full URL.
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base(path))
        };
        let r = self.client.get(url).send().await.expect("GET");
        Page::read(r).await
    }

    /// The raw answer to a GET (a stream, bytes), on the surface that serves `path`.
    pub async fn response(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// A batch of the candidate's screen recording about to be sent (JSON, gzipped or not).
    pub fn recording(&self, gzip: bool) -> reqwest::RequestBuilder {
        let request = self
            .client
            .post(format!("{}/epreuve/enregistrement", self.address))
            .header("Content-Type", "application/json");
        if gzip {
            request.header("Content-Encoding", "gzip")
        } else {
            request
        }
    }

    /// Posts a form and follows the redirect, like a browser.
    pub async fn post(&self, path: &str, form: impl Form) -> (Page, Page) {
        let base = self.base(path);
        let r = self
            .client
            .post(format!("{base}{path}"))
            .header("origin", base)
            .form(&form.fields())
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

impl Shopper {
    /// Gets a page that must be served (200).
    pub async fn get_ok(&self, path: &str) -> Page {
        let page = self.get(path).await;
        assert_eq!(page.status, 200, "GET {path}: {}", page.body);
        page
    }

    /// Posts a form that must be accepted (303), follows the redirect and returns the page
    /// it leads to (with the flash message).
    pub async fn post_ok(&self, path: &str, form: impl Form) -> Page {
        let (answer, next) = self.post(path, form).await;
        assert_eq!(answer.status, 303, "POST {path}: {}", answer.body);
        next
    }

    /// Posts a form that must be accepted (303): the page it leads to shows `message`.
    pub async fn post_shows(&self, path: &str, form: impl Form, message: &str) -> Page {
        let page = self.post_ok(path, form).await;
        page.shows(message);
        page
    }

    /// Posts a form that must be refused (422) with `message` on the page it answers.
    pub async fn refused(&self, path: &str, form: impl Form, message: &str) -> Page {
        let (answer, _) = self.post(path, form).await;
        assert_eq!(
            answer.status, 422,
            "POST {path} should be refused: {:?}",
            answer.location
        );
        assert!(
            answer.body.contains(message),
            "{message} not in {}",
            answer.body
        );
        answer
    }
}

/// The checkout form of Camille Testeur (Cholet, cheque) with `carrier`, ordering as `email`.
pub fn order_form(email: &str, carrier: i64) -> String {
    format!(
        "email={email}&first_name=Camille&last_name=Testeur&address1=12 rue des Tisserands\
         &postcode=49300&city=Cholet&country=FR&carrier_id={carrier}&payment=cheque&cgv=1"
    )
}

/// The cart total shown on a cart page, as written ("49,90 €").
pub fn total_of(body: &str) -> String {
    let start = body
        .find("id=\"total-panier\">")
        .expect("the cart shows its total")
        + "id=\"total-panier\">".len();
    body[start..].split('<').next().unwrap_or("").to_owned()
}

/// What a test posts: pairs, or a query-like string (`"name=Corse&active=on"`, values taken
/// as written: no `&` or `=` in them) that keeps a long form on one line.
pub trait Form {
    fn fields(&self) -> Vec<(String, String)>;
}

impl Form for &str {
    fn fields(&self) -> Vec<(String, String)> {
        self.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect()
    }
}

impl Form for String {
    fn fields(&self) -> Vec<(String, String)> {
        self.as_str().fields()
    }
}

impl Form for &String {
    fn fields(&self) -> Vec<(String, String)> {
        self.as_str().fields()
    }
}

impl Form for &[(&str, &str)] {
    fn fields(&self) -> Vec<(String, String)> {
        self.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }
}

impl<V: AsRef<str>, const N: usize> Form for &[(&str, V); N] {
    fn fields(&self) -> Vec<(String, String)> {
        self.iter()
            .map(|(k, v)| ((*k).to_owned(), v.as_ref().to_owned()))
            .collect()
    }
}

impl Form for &Vec<(&str, &str)> {
    fn fields(&self) -> Vec<(String, String)> {
        self.as_slice().fields()
    }
}

impl Form for Vec<(&str, &str)> {
    fn fields(&self) -> Vec<(String, String)> {
        self.as_slice().fields()
    }
}

/// A value read from a column.
pub trait Value:
    for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite> + Send + Unpin
{
}
impl<T> Value for T where
    T: for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite> + Send + Unpin
{
}

/// A row read as a tuple.
pub trait Row: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin {}

/// A bound parameter.
pub trait Arg<'q>: 'q + sqlx::Encode<'q, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite> + Send {}
impl<'q, A> Arg<'q> for A where
    A: 'q + sqlx::Encode<'q, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite> + Send
{
}

/// A failed read or statement names its SQL.
fn failed<T>(sql: &str) -> impl FnOnce(sqlx::Error) -> T + '_ {
    move |e| panic!("{sql}: {e}")
}

/// One value read from a test's database: `let n: i64 = one(&db, "SELECT COUNT(*) …").await`.
pub async fn one<T: Value>(db: &SqlitePool, sql: &str) -> T {
    let query = sqlx::query_scalar(sql);
    query.fetch_one(db).await.unwrap_or_else(failed(sql))
}

/// One value read with one bound parameter.
pub async fn one_for<'q, T: Value, A: Arg<'q>>(db: &SqlitePool, sql: &'q str, arg: A) -> T {
    let query = sqlx::query_scalar(sql).bind(arg);
    query.fetch_one(db).await.unwrap_or_else(failed(sql))
}

/// One row read as a tuple: `let (a, b): (i64, String) = row(&db, "SELECT a, b …").await`.
pub async fn row<T: Row>(db: &SqlitePool, sql: &str) -> T {
    let query = sqlx::query_as(sql);
    query.fetch_one(db).await.unwrap_or_else(failed(sql))
}

/// One row read with one bound parameter.
pub async fn row_for<'q, T: Row, A: Arg<'q>>(db: &SqlitePool, sql: &'q str, arg: A) -> T {
    let query = sqlx::query_as(sql).bind(arg);
    query.fetch_one(db).await.unwrap_or_else(failed(sql))
}

/// Every value of one column: `let ids: Vec<i64> = column(&db, "SELECT id …").await`.
pub async fn column<T: Value>(db: &SqlitePool, sql: &str) -> Vec<T> {
    let query = sqlx::query_scalar(sql);
    query.fetch_all(db).await.unwrap_or_else(failed(sql))
}

/// Every value of one column, with one bound parameter.
pub async fn column_for<'q, T: Value, A: Arg<'q>>(db: &SqlitePool, sql: &'q str, arg: A) -> Vec<T> {
    let query = sqlx::query_scalar(sql).bind(arg);
    query.fetch_all(db).await.unwrap_or_else(failed(sql))
}

/// Runs a statement that must succeed (a test's change behind the server's back).
pub async fn exec(db: &SqlitePool, sql: &str) {
    let query = sqlx::query(sql);
    query.execute(db).await.unwrap_or_else(failed(sql));
}

/// Runs a statement with one bound parameter.
pub async fn exec_for<'q, A: Arg<'q>>(db: &SqlitePool, sql: &'q str, arg: A) {
    let query = sqlx::query(sql).bind(arg);
    query.execute(db).await.unwrap_or_else(failed(sql));
}

/// Every row read as tuples.
pub async fn rows<T: Row>(db: &SqlitePool, sql: &str) -> Vec<T> {
    let query = sqlx::query_as(sql);
    query.fetch_all(db).await.unwrap_or_else(failed(sql))
}

/// Every row read as tuples, with one bound parameter.
pub async fn rows_for<'q, T: Row, A: Arg<'q>>(db: &SqlitePool, sql: &'q str, arg: A) -> Vec<T> {
    let query = sqlx::query_as(sql).bind(arg);
    query.fetch_all(db).await.unwrap_or_else(failed(sql))
}

impl Page {
    /// Asserts that the page shows `text` (its body, for the message when it does not).
    #[track_caller]
    pub fn shows(&self, text: &str) -> &Page {
        assert!(self.body.contains(text), "{text:?} not in {}", self.body);
        self
    }

    /// Asserts that the page does not show `text`.
    #[track_caller]
    pub fn lacks(&self, text: &str) -> &Page {
        assert!(!self.body.contains(text), "{text:?} in {}", self.body);
        self
    }

    pub async fn read(r: reqwest::Response) -> Page {
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
