//! One log line per request, inside a span that every event of the request carries:
//! surface, method, path, sandbox, then status and duration. Never the query string or a
//! header: access tickets, codes and cookies travel there.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use super::guard::Surface;

/// The middleware; put it outside every other layer so that refusals are logged too.
pub async fn log_request(request: Request, next: Next) -> Response {
    let surface = match request.extensions().get::<Surface>() {
        Some(Surface::Staff) => "staff",
        _ => "sites",
    };
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let sandbox = sandbox_of(&path).map(tracing::field::display);
    let span = tracing::info_span!("request", surface = %surface, %method, path = %path, sandbox);
    let started = Instant::now();
    let response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let ms = started.elapsed().as_millis();
    let _in = span.enter();
    if response.status().is_server_error() {
        tracing::error!(status, ms, "request failed");
    } else if frequent(&path) {
        tracing::debug!(status, ms, "request");
    } else {
        tracing::info!(status, ms, "request");
    }
    response
}

/// The sandbox id of a `/s/<id>/…` path (as it was sent: the gate checks it, not the log).
fn sandbox_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/s/")?;
    let id = rest.split('/').next()?;
    (id.len() == 36 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')).then_some(id)
}

/// Requests every candidate's page sends several times a second or loads by the dozen
/// (screen recording, static files, health checks): logged at debug level only, so that the
/// rest of an exam day's log stays readable.
fn frequent(path: &str) -> bool {
    path == "/epreuve/enregistrement"
        || path == "/healthz"
        || path.starts_with("/assets/")
        || path.contains("/media/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sandbox_is_read_from_the_path_only() {
        assert_eq!(
            sandbox_of("/s/013c19ce-fa77-4532-819f-2c4ce0cea26c/admin/"),
            Some("013c19ce-fa77-4532-819f-2c4ce0cea26c")
        );
        assert_eq!(sandbox_of("/s/pas-un-id/admin/"), None);
        assert_eq!(sandbox_of("/console/"), None);
    }
}
