//! One limit on expensive requests (uploads that decode images, imports, sandbox
//! preparation, archive and CSV exports, a seat's whole recording): at most
//! [`Busy::permits`] run at once in the whole server, whichever surface and crate serves
//! them. A request waits at most [`WAIT`] for its turn, its body still unread (a waiting
//! request holds a connection, not its upload), then is answered 503 with `Retry-After` and
//! [`MESSAGE`]: a flood of them queues nothing in memory, and cheap requests (`/healthz`,
//! grid edits, pages) never wait behind them.
//!
//! The server inserts one [`Busy`] as a request extension (`src/server.rs`); a route opts
//! in with `.layer(axum::middleware::from_fn(busy::limited))`. Without the extension (a
//! router tested alone) the layer lets everything through.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

/// What a refused request is told.
pub const MESSAGE: &str = "Le serveur est occupé : réessayez dans un instant.";
/// How long an expensive request may wait for a turn before being refused. Long enough
/// that a room of candidates uploading their product photos at the same moment queue rather
/// than lose their upload; waiting costs a connection, not memory (the body is not read yet).
pub const WAIT: Duration = Duration::from_secs(15);
/// The `Retry-After` of a refusal, in seconds.
pub const RETRY_AFTER_SECONDS: u64 = 5;

/// The server's turns for expensive requests.
#[derive(Clone, Debug)]
pub struct Busy {
    turns: Arc<Semaphore>,
    permits: usize,
}

impl Busy {
    pub fn new(permits: usize) -> Busy {
        let permits = permits.max(1);
        Busy {
            turns: Arc::new(Semaphore::new(permits)),
            permits,
        }
    }

    /// One turn per core, between 2 and 4: each expensive request may use a core (a decode
    /// runs on a blocking thread) and a few hundred megabytes at worst.
    pub fn for_this_machine() -> Busy {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Busy::new(cores.clamp(2, 4))
    }

    pub fn permits(&self) -> usize {
        self.permits
    }
}

/// The 503 of a saturated server: French text, `Retry-After`.
pub fn busy_response() -> Response {
    let mut response = (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        MESSAGE,
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
    response
}

/// The middleware of an expensive route: runs it with a turn, or answers [`busy_response`].
pub async fn limited(request: Request, next: Next) -> Response {
    let Some(busy) = request.extensions().get::<Busy>().cloned() else {
        return next.run(request).await;
    };
    let turn = match tokio::time::timeout(WAIT, busy.turns.acquire_owned()).await {
        Ok(Ok(turn)) => turn,
        _ => return busy_response(),
    };
    let response = next.run(request).await;
    drop(turn);
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower_service::Service as _;

    #[tokio::test]
    async fn a_saturated_server_refuses_in_french_with_retry_after() {
        let busy = Busy::new(1);
        let (entered_tx, entered_rx) = tokio::sync::oneshot::channel::<()>();
        let entered = Arc::new(std::sync::Mutex::new(Some(entered_tx)));
        let (release_tx, release_rx) = tokio::sync::oneshot::channel::<()>();
        let release = Arc::new(tokio::sync::Mutex::new(Some(release_rx)));
        let app = Router::new()
            .route(
                "/lourd",
                get(move || {
                    let entered = entered.clone();
                    let release = release.clone();
                    async move {
                        if let Some(tx) = entered.lock().ok().and_then(|mut e| e.take()) {
                            let _ = tx.send(());
                        }
                        if let Some(rx) = release.lock().await.take() {
                            let _ = rx.await;
                        }
                        "fait"
                    }
                })
                .layer(axum::middleware::from_fn(limited)),
            )
            .layer(axum::Extension(busy));
        let request = || Request::get("/lourd").body(Body::empty()).unwrap();
        let mut first_app = app.clone();
        let first = tokio::spawn(async move { first_app.call(request()).await });
        entered_rx.await.unwrap();
        let started = std::time::Instant::now();
        let refused = app.clone().call(request()).await.unwrap();
        assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(refused.headers()[header::RETRY_AFTER], "5");
        assert!(started.elapsed() >= WAIT - Duration::from_millis(100));
        let body = axum::body::to_bytes(refused.into_body(), 1024)
            .await
            .unwrap();
        assert_eq!(body, MESSAGE.as_bytes());
        release_tx.send(()).unwrap();
        assert_eq!(first.await.unwrap().unwrap().status(), StatusCode::OK);
        // The turn is given back.
        let next = app.clone().call(request()).await.unwrap();
        assert_eq!(next.status(), StatusCode::OK);
    }
}
