//! The HTTP server: every route prefix is listed here.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::Router;
use axum::routing::get;
use e5_sandbox::DataDir;
use e5_shop::Sites;
use e5_shop::web::{self, ShopState};
use e5_shop::{admin, storefront};

/// What `e5 serve` is told beyond the data folder and the address.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Reverse proxies whose `X-Forwarded-For` gives the client address of rate limits.
    pub trusted_proxies: Vec<IpAddr>,
}

/// Builds the whole application for a data folder.
pub async fn app(data: &DataDir) -> anyhow::Result<(Router, ShopState)> {
    app_with(data, &Options::default()).await
}

/// Builds the whole application for a data folder, with options.
pub async fn app_with(data: &DataDir, options: &Options) -> anyhow::Result<(Router, ShopState)> {
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
    let state = ShopState {
        sites: Sites::new(data.sandboxes_dir()),
        templates: Arc::new(templates),
        assets: Arc::new(vec![
            &web::assets::ASSETS,
            &e5_admin_content::ASSETS,
            &e5_admin_shop::ASSETS,
            &e5_exam::ASSETS,
        ]),
        cookie_key: Arc::new(cookie_key(data.root())?),
        gate: Arc::new(e5_exam::ExamGate {
            platform: platform.clone(),
        }),
        trusted_proxies: e5_shop::client::TrustedProxies::new(
            options.trusted_proxies.iter().copied(),
        ),
        back_office: Arc::default(),
    };
    let router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .merge(storefront::router())
        .merge(admin::router(state.clone(), back_office()))
        .with_state(state.clone())
        .merge(e5_exam::router(e5_exam::ExamState::new(
            platform,
            state.clone(),
        )));
    Ok((router, state))
}

/// Every area of the back-office, content side and shop side.
fn back_office() -> Router<ShopState> {
    Router::new()
        .merge(e5_admin_content::router())
        .merge(e5_admin_shop::router())
}

/// The key signing visitor cookies, kept in the data folder so that carts and logins
/// survive a restart of the server.
fn cookie_key(root: &Path) -> anyhow::Result<[u8; 32]> {
    let path = root.join("secret.key");
    if let Ok(bytes) = std::fs::read(&path)
        && let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice())
    {
        return Ok(key);
    }
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| anyhow::anyhow!("source d'aléa indisponible : {e}"))?;
    std::fs::create_dir_all(root).with_context(|| format!("création de {}", root.display()))?;
    std::fs::write(&path, key).with_context(|| format!("écriture de {}", path.display()))?;
    Ok(key)
}

/// Binds, then serves until Ctrl-C.
pub async fn serve(data: DataDir, bind: SocketAddr, options: Options) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("impossible d'écouter sur {bind}"))?;
    tracing::info!("serveur prêt sur http://{}", listener.local_addr()?);
    if !options.trusted_proxies.is_empty() {
        tracing::info!(proxies = ?options.trusted_proxies, "X-Forwarded-For honoured from these proxies only");
    }
    serve_on_with(listener, data, options).await
}

pub async fn serve_on(listener: tokio::net::TcpListener, data: DataDir) -> anyhow::Result<()> {
    serve_on_with(listener, data, Options::default()).await
}

pub async fn serve_on_with(
    listener: tokio::net::TcpListener,
    data: DataDir,
    options: Options,
) -> anyhow::Result<()> {
    let (router, state) = app_with(&data, &options).await?;
    let sites = state.sites.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            sites.close_idle(Duration::from_secs(600)).await;
        }
    });
    serve_connections(listener, router, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
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
        let service = hyper::service::service_fn(
            move |mut request: hyper::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                router.clone().call(request)
            },
        );
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
