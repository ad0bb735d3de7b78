//! The HTTP server: every route prefix is listed here.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::routing::get;
use axum::{Extension, Router};
use e5_sandbox::DataDir;
use e5_shop::web::guard::{self, Origins, Surface};
use e5_shop::web::request_log;
use e5_shop::web::{self, ShopState};
use e5_shop::{admin, storefront};
use tokio::net::TcpListener;

/// The two listeners of the server: candidates' sites and exam pages on one origin, the
/// examiner console and the centre administration on another ([`guard`]).
#[derive(Debug)]
pub struct Listeners {
    pub sites: TcpListener,
    pub staff: TcpListener,
}

impl Listeners {
    /// Binds both surfaces; the staff one defaults to the next port of the same address.
    pub async fn bind(sites: SocketAddr, staff: Option<SocketAddr>) -> anyhow::Result<Listeners> {
        let sites_listener = TcpListener::bind(sites)
            .await
            .with_context(|| format!("impossible d'écouter sur {sites}"))?;
        let staff = staff.unwrap_or_else(|| {
            let port = match sites_listener.local_addr().map(|a| a.port()) {
                Ok(0) | Err(_) => 0,
                Ok(p) => p.saturating_add(1),
            };
            SocketAddr::new(sites.ip(), port)
        });
        let staff_listener = TcpListener::bind(staff).await.with_context(|| {
            format!("impossible d'écouter sur {staff} (console et administration)")
        })?;
        Ok(Listeners {
            sites: sites_listener,
            staff: staff_listener,
        })
    }

    pub fn sites_addr(&self) -> SocketAddr {
        self.sites
            .local_addr()
            .unwrap_or_else(|_| ([127, 0, 0, 1], 0).into())
    }

    pub fn staff_addr(&self) -> SocketAddr {
        self.staff
            .local_addr()
            .unwrap_or_else(|_| ([127, 0, 0, 1], 0).into())
    }
}

/// What `e5 serve` is told beyond the data folder and the addresses.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Reverse proxies whose `X-Forwarded-For` gives the client address of rate limits.
    pub trusted_proxies: Vec<IpAddr>,
    /// Public URL of the candidates' surface, when a reverse proxy or a host name puts it
    /// elsewhere than `http://<host>:<port>` of its listener.
    pub sites_url: Option<String>,
    /// Public URL of the console and administration surface, likewise.
    pub staff_url: Option<String>,
    /// Free space of the data folder below which screen recordings stop and the staff are
    /// warned; default `e5_exam::disk::LOW_DISK_BYTES`.
    pub low_disk_bytes: Option<u64>,
}

/// Builds the whole application for a data folder.
pub async fn app(
    data: &DataDir,
    origins: Origins,
    options: &Options,
) -> anyhow::Result<(Router, ShopState)> {
    let templates = web::templates::build(&[
        &web::templates::TEMPLATES,
        &e5_admin_content::TEMPLATES,
        &e5_admin_shop::TEMPLATES,
        &e5_exam::TEMPLATES,
    ])
    .context("chargement des gabarits")?;
    // Exam sessions, candidates and grids; its gate guards every sandbox request.
    let platform = e5_exam::Platform::open(data)
        .await
        .context("ouverture de la base de la plateforme (platform.db)")?;
    if let Some(bytes) = options.low_disk_bytes {
        platform.disk.set_threshold(bytes);
    }
    let cookie_key = Arc::new(cookie_key(data.root())?);
    let state = ShopState {
        // The platform removes sandboxes: it must close the very pools requests use.
        sites: platform.sites.clone(),
        templates: Arc::new(templates),
        assets: Arc::new(vec![
            &web::assets::ASSETS,
            &e5_admin_content::ASSETS,
            &e5_admin_shop::ASSETS,
            &e5_exam::ASSETS,
        ]),
        cookie_key: cookie_key.clone(),
        gate: Arc::new(e5_exam::ExamGate {
            platform: platform.clone(),
            cookie_key,
        }),
        origins: Arc::new(origins),
        trusted_proxies: e5_shop::client::TrustedProxies::new(
            options.trusted_proxies.iter().copied(),
        ),
        back_office: Arc::default(),
        menu: Arc::new(admin::menu::Menu::new([
            &e5_admin_content::MENU,
            &e5_admin_shop::MENU,
        ])),
    };
    let disk = platform.disk.clone();
    let router = Router::new()
        .route("/healthz", get(move || healthz(disk.clone())))
        .merge(web::assets::router())
        .merge(storefront::router())
        .merge(admin::router(state.clone(), back_office()))
        .with_state(state.clone())
        .merge(e5_exam::router(e5_exam::ExamState::new(
            platform,
            state.clone(),
        )))
        // The turns of expensive requests, shared by both surfaces (`busy::limited`).
        .layer(Extension(e5_shop::web::busy::Busy::for_this_machine()));
    Ok((router, state))
}

/// Always 200 while the server answers; the body says whether the data folder's disk is
/// nearly full (below `e5_exam::disk::LOW_DISK_BYTES`, screen recordings are refused).
async fn healthz(disk: Arc<e5_exam::disk::Disk>) -> impl axum::response::IntoResponse {
    let status = if disk.low() {
        "disque presque plein"
    } else {
        "ok"
    };
    let free = disk
        .free_bytes()
        .map_or_else(|| "null".to_owned(), |f| f.to_string());
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        format!("{{\"status\":\"{status}\",\"free_bytes\":{free}}}"),
    )
}

/// Every area of the back-office, content side and shop side.
fn back_office() -> Router<ShopState> {
    Router::new()
        .merge(e5_admin_content::router())
        .merge(e5_admin_shop::router())
}

/// The key signing visitor cookies, kept in the data folder so that carts and logins
/// survive a restart of the server.
/// Created readable by its owner only (0600, from the start); an older one left readable by
/// others is restricted.
fn cookie_key(root: &Path) -> anyhow::Result<[u8; 32]> {
    let path = root.join("secret.key");
    if let Ok(bytes) = std::fs::read(&path)
        && let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice())
    {
        e5_sandbox::keys::restrict_to_owner(&path)
            .with_context(|| format!("restriction des droits de {}", path.display()))?;
        return Ok(key);
    }
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| anyhow::anyhow!("source d'aléa indisponible : {e}"))?;
    std::fs::create_dir_all(root).with_context(|| format!("création de {}", root.display()))?;
    if path.exists() {
        // Not a 32-byte key (damaged): replaced, as before, but never readable by others.
        std::fs::remove_file(&path)
            .with_context(|| format!("remplacement de {}", path.display()))?;
    }
    match e5_sandbox::keys::write_secret_file(&path, &key) {
        Ok(()) => Ok(key),
        // Another process (a CLI command) created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let bytes =
                std::fs::read(&path).with_context(|| format!("lecture de {}", path.display()))?;
            <[u8; 32]>::try_from(bytes.as_slice())
                .map_err(|_| anyhow::anyhow!("{} : clé illisible", path.display()))
        }
        Err(e) => Err(e).with_context(|| format!("écriture de {}", path.display())),
    }
}

/// Binds, then serves until Ctrl-C.
pub async fn serve(
    data: DataDir,
    sites: SocketAddr,
    staff: Option<SocketAddr>,
    options: Options,
) -> anyhow::Result<()> {
    let listeners = Listeners::bind(sites, staff).await?;
    tracing::info!(
        "serveur prêt : sites des candidats sur http://{}, console et administration sur http://{}",
        listeners.sites_addr(),
        listeners.staff_addr()
    );
    if !options.trusted_proxies.is_empty() {
        tracing::info!(proxies = ?options.trusted_proxies, "X-Forwarded-For honoured from these proxies only");
    }
    serve_on(listeners, data, options).await
}

/// Serves both surfaces until Ctrl-C: one application, each listener tagging its requests
/// with its [`Surface`] for the guard.
pub async fn serve_on(listeners: Listeners, data: DataDir, options: Options) -> anyhow::Result<()> {
    let origins = Origins {
        sites_url: options.sites_url.clone(),
        staff_url: options.staff_url.clone(),
        sites_port: listeners.sites_addr().port(),
        staff_port: listeners.staff_addr().port(),
    };
    let (router, state) = app(&data, origins, &options).await?;
    let sites = state.sites.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            sites.close_idle(Duration::from_secs(600)).await;
        }
    });
    let surface = |surface: Surface| {
        router
            .clone()
            .layer(axum::middleware::from_fn(reads_in_time))
            .layer(axum::middleware::from_fn_with_state(
                state.origins.clone(),
                guard::guard,
            ))
            .layer(axum::middleware::from_fn(request_log::log_request))
            .layer(Extension(surface))
    };
    // One Ctrl-C stops both listeners.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(());
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        let _ = stop_tx.send(());
    });
    let stopped = |mut rx: tokio::sync::watch::Receiver<()>| async move {
        let _ = rx.changed().await;
    };
    let sites = serve_connections(
        listeners.sites,
        surface(Surface::Sites),
        stopped(stop_rx.clone()),
    );
    let staff = serve_connections(listeners.staff, surface(Surface::Staff), stopped(stop_rx));
    tokio::try_join!(sites, staff)?;
    Ok(())
}

// ---------------------------------------------------------------- time limits
//
// What bounds the time of a request, and why no layer times out a whole request:
// - its header: [`HEADER_READ_TIMEOUT`] (hyper, per connection, below);
// - its body: [`BODY_IDLE_TIMEOUT`] between two pieces and [`BODY_DEADLINE`] in all
//   ([`BoundedBody`], put around every request's body in `serve_connections`). A client that
//   stops sending makes the handler's extractor fail (the handler answers its own 400 or 413
//   and the connection is closed): nothing was written yet, since handlers read their input
//   before they write;
// - the handler of a GET or HEAD: [`READ_TIMEOUT`] until the response starts
//   ([`reads_in_time`]; not the session archive, written whole first). Those only read (state changes are POSTs, and the guard refuses a
//   cross-origin one), so cancelling them loses nothing. The timeout ends when the response's
//   head is ready: a console's live stream (SSE) answers at once and then streams for hours,
//   never cut;
// - the handler of a POST: no timeout. Cancelling a write between its commit and its
//   broadcast to the consoles would lose the broadcast (an earlier whole-request layer did);
//   instead a write waits at most for SQLite's busy timeout, its input is bounded by its body
//   limit, expensive ones take a turn (`e5_shop::web::busy`), and the commit and the
//   broadcast run in a task of their own (`e5_shop::command::run`, the console's grid and
//   timer), so that not even a client that disconnects can separate them.

/// Longest pause while receiving a request's body (between two pieces of it).
pub const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(15);
/// Longest time to receive a whole request body: a 5 MB upload at 50 kB/s takes 100 s.
pub const BODY_DEADLINE: Duration = Duration::from_secs(180);
/// Longest time a GET or HEAD may take before its response starts.
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// What a GET that took longer than [`READ_TIMEOUT`] is answered.
pub const READ_TIMEOUT_MESSAGE: &str =
    "La page a mis trop de temps à se préparer : réessayez dans un instant.";

/// The session archive is written before it is sent: a whole session (sandboxes and screen
/// recordings) may take longer than [`READ_TIMEOUT`]. It takes one of the server's turns
/// (`busy`) instead, and is asked for by the centre only.
fn is_long_download(request: &axum::extract::Request) -> bool {
    let path = request.uri().path();
    path.starts_with("/admin/session/") && path.ends_with("/archive")
}

/// GET and HEAD answered within [`READ_TIMEOUT`], or a French 503 with `Retry-After`.
async fn reads_in_time(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{HeaderValue, Method, StatusCode, header};
    use axum::response::IntoResponse as _;
    if !matches!(*request.method(), Method::GET | Method::HEAD) || is_long_download(&request) {
        return next.run(request).await;
    }
    match tokio::time::timeout(READ_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("a read took longer than {READ_TIMEOUT:?}: answered 503");
            let mut response = (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                READ_TIMEOUT_MESSAGE,
            )
                .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            response
        }
    }
}

/// A request body that fails when the client pauses longer than [`BODY_IDLE_TIMEOUT`] or
/// takes longer than [`BODY_DEADLINE`] in all. Both clocks run only while the handler waits
/// for the body: a handler that reads late (waiting for a turn) does not count against the
/// client.
pub struct BoundedBody<B> {
    inner: B,
    idle: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
    deadline: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
}

impl<B> BoundedBody<B> {
    pub fn new(inner: B) -> BoundedBody<B> {
        BoundedBody {
            inner,
            idle: None,
            deadline: None,
        }
    }
}

/// Why a [`BoundedBody`] stopped.
#[derive(Debug)]
pub struct BodyTooSlow(&'static str);

impl std::fmt::Display for BodyTooSlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for BodyTooSlow {}

impl<B> hyper::body::Body for BoundedBody<B>
where
    B: hyper::body::Body + Unpin,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Data = B::Data;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<B::Data>, Self::Error>>> {
        use std::task::Poll;
        let this = self.get_mut();
        let deadline = this
            .deadline
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(BODY_DEADLINE)));
        if deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(Box::new(BodyTooSlow(
                "envoi trop long : la requête a été abandonnée",
            )))));
        }
        let idle = this
            .idle
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(BODY_IDLE_TIMEOUT)));
        if idle.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(Box::new(BodyTooSlow(
                "envoi interrompu : plus rien reçu depuis trop longtemps",
            )))));
        }
        match std::pin::Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(frame) => {
                // A piece arrived: the pause clock starts again at the next wait.
                this.idle = None;
                Poll::Ready(frame.map(|f| f.map_err(Into::into)))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.inner.size_hint()
    }
}

// ---------------------------------------------------------------- connections
//
// axum::serve (0.8) gives hyper no timer, so a client that sends half a request header
// and waits holds its connection for ever. This loop is axum::serve's with hyper's
// HTTP/1 header read timeout, for one listener (call it once per listener).

/// Longest wait for a request's header, from the connection's start or the end of the
/// previous request: slower clients are disconnected.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// After Ctrl-C, how long open connections (a console's live stream…) may take to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves `router` on `listener` until `shutdown` completes, then lets open connections
/// finish (at most [`SHUTDOWN_GRACE`]). Each request carries `ConnectInfo<SocketAddr>` of
/// its peer, as with `into_make_service_with_connect_info::<SocketAddr>()`.
pub async fn serve_connections(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower_service::Service as _;

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little, as axum does.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Reap finished connection tasks so the set stays small.
        while connections.try_join_next().is_some() {}
        let router = router.clone();
        let service =
            hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                let mut request = request.map(BoundedBody::new);
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                router.clone().call(request)
            });
        let mut stop = stop_rx.clone();
        connections.spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!(%peer, error = %e, "connection ended");
                    }
                    return;
                }
                _ = stop.changed() => connection.as_mut().graceful_shutdown(),
            }
            if let Err(e) = connection.await {
                tracing::debug!(%peer, error = %e, "connection ended");
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::info!("connections still open after the grace period: closed");
        connections.abort_all();
    }
    Ok(())
}
