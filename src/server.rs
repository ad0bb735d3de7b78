//! The HTTP server: every route prefix is listed here.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::routing::get;
use axum::{Extension, Router};
use e5_sandbox::DataDir;
use e5_shop::Sites;
use e5_shop::web::guard::{self, Origins, Surface};
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

/// Public URLs of the two surfaces, when a reverse proxy or host names put them elsewhere
/// than `http://<host>:<port>` of the listeners.
#[derive(Debug, Clone, Default)]
pub struct PublicUrls {
    pub sites: Option<String>,
    pub staff: Option<String>,
}

/// Builds the whole application for a data folder.
pub async fn app(data: &DataDir, origins: Origins) -> anyhow::Result<(Router, ShopState)> {
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
    let cookie_key = Arc::new(cookie_key(data.root())?);
    let state = ShopState {
        sites: Sites::new(data.sandboxes_dir()),
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
pub async fn serve(
    data: DataDir,
    sites: SocketAddr,
    staff: Option<SocketAddr>,
    public: PublicUrls,
) -> anyhow::Result<()> {
    let listeners = Listeners::bind(sites, staff).await?;
    tracing::info!(
        "serveur prêt : sites des candidats sur http://{}, console et administration sur http://{}",
        listeners.sites_addr(),
        listeners.staff_addr()
    );
    serve_on(listeners, data, public).await
}

/// Serves both surfaces until Ctrl-C: one application, each listener tagging its requests
/// with its [`Surface`] for the guard.
pub async fn serve_on(
    listeners: Listeners,
    data: DataDir,
    public: PublicUrls,
) -> anyhow::Result<()> {
    let origins = Origins {
        sites_url: public.sites,
        staff_url: public.staff,
        sites_port: listeners.sites_addr().port(),
        staff_port: listeners.staff_addr().port(),
    };
    let (router, state) = app(&data, origins).await?;
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
            .layer(axum::middleware::from_fn_with_state(
                state.origins.clone(),
                guard::guard,
            ))
            .layer(Extension(surface))
    };
    let sites = serve_listener(listeners.sites, surface(Surface::Sites));
    let staff = serve_listener(listeners.staff, surface(Surface::Staff));
    tokio::try_join!(sites, staff)?;
    Ok(())
}

/// Serves one listener until Ctrl-C.
async fn serve_listener(listener: TcpListener, router: Router) -> anyhow::Result<()> {
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
