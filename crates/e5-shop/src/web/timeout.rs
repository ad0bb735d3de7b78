//! A time bound for ordinary requests (design invariant 7): a request whose answer is not
//! ready in [`REQUEST_TIMEOUT`] gets a French error page instead of holding a worker and a
//! connection forever. Long-lived streams (the console's `…/flux` server-sent events) and
//! session archive downloads are left alone.
//!
//! Wired in `app()` as `.layer(axum::middleware::from_fn(e5_shop::web::timeout::request_timeout))`.
//! A handler cut short is dropped at an await point: an open SQLite transaction is rolled
//! back, so nothing is half applied; a change already committed stays, and the page asks the
//! user to check before trying again.

use std::time::Duration;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// How long an ordinary request may take until its answer starts, body upload included
/// (a 5 Mo photo over a slow school network fits well within it).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Whether a path is exempt: event streams and archive downloads.
pub fn exempt(path: &str) -> bool {
    path.ends_with("/flux") || path.ends_with("/archive")
}

/// Middleware: [`REQUEST_TIMEOUT`] for every request but the [`exempt`] ones.
pub async fn request_timeout(request: Request, next: Next) -> Response {
    within(REQUEST_TIMEOUT, request, next).await
}

/// [`request_timeout`] with a chosen bound.
pub async fn within(limit: Duration, request: Request, next: Next) -> Response {
    if exempt(request.uri().path()) {
        return next.run(request).await;
    }
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => super::error_page(
            StatusCode::SERVICE_UNAVAILABLE,
            "Demande trop longue",
            "Le serveur n&#x27;a pas pu répondre à temps. Si vous enregistriez quelque chose, vérifiez qu&#x27;il a bien été pris en compte avant de réessayer.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_and_archives_are_exempt() {
        assert!(exempt("/console/commission/3/flux"));
        assert!(exempt("/admin/session/1/archive"));
        assert!(!exempt("/admin/"));
        assert!(!exempt("/medias/nouveau"));
    }
}
