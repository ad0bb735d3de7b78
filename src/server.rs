//! The HTTP server: every route prefix is listed here.

use std::net::SocketAddr;
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

/// Builds the whole application for a data folder.
pub async fn app(data: &DataDir) -> anyhow::Result<(Router, ShopState)> {
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
pub async fn serve(data: DataDir, bind: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("impossible d'écouter sur {bind}"))?;
    tracing::info!("serveur prêt sur http://{}", listener.local_addr()?);
    serve_on(listener, data).await
}

pub async fn serve_on(listener: tokio::net::TcpListener, data: DataDir) -> anyhow::Result<()> {
    let (router, state) = app(&data).await?;
    let sites = state.sites.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            sites.close_idle(Duration::from_secs(600)).await;
        }
    });
    // Connection info: wrong access codes are limited per client address.
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .context("serveur HTTP")
}
