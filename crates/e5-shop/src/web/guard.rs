//! The server's outer guard, in front of every route of both surfaces:
//! - **two origins**: everything a candidate can author (sandbox storefronts and
//!   back-offices, the candidate's exam pages) is served on the *sites* surface; the examiner
//!   console and the centre administration on the *staff* surface, another port or host
//!   name. A script that got into a candidate's page can therefore never read or drive a
//!   console page. A path asked on the wrong surface is sent to the right one (GET) or
//!   refused.
//! - **cross-site request forgery**: a state-changing request whose `Origin` (or
//!   `Sec-Fetch-Site`) is not this very origin is refused, whatever its cookies.
//! - **headers of every response**: a strict Content-Security-Policy (scripts only from the
//!   server's own files, no inline script, no plugin, no `<base>`, framing only by the same
//!   origin), `nosniff`, and a referrer policy.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// Which listener a request came in on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// Candidates' sites and exam pages: hostile content lives here.
    Sites,
    /// Examiner console and centre administration: marks live here.
    Staff,
}

/// Where each surface is reached, to send a request to the other one and to know this
/// server's own origins.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// Public URL of the sites surface when configured (`https://sites.e5.lycee.fr`);
    /// otherwise the request's host name with `sites_port`.
    pub sites_url: Option<String>,
    /// Public URL of the staff surface when configured; otherwise the request's host name
    /// with `staff_port`.
    pub staff_url: Option<String>,
    pub sites_port: u16,
    pub staff_port: u16,
}

impl Origins {
    /// The origin (`http://host:port`, no trailing slash) of a surface, as seen by the
    /// browser that sent `headers`.
    pub fn base(&self, surface: Surface, headers: &HeaderMap) -> String {
        let (url, port) = match surface {
            Surface::Sites => (&self.sites_url, self.sites_port),
            Surface::Staff => (&self.staff_url, self.staff_port),
        };
        if let Some(url) = url {
            return url.trim_end_matches('/').to_owned();
        }
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        format!("http://{}:{port}", host_name(host))
    }

    /// The origins a state-changing request on `surface` may come from: the configured
    /// public URL and the origin the request itself was sent to.
    fn accepts(&self, surface: Surface, headers: &HeaderMap, origin: &str) -> bool {
        let configured = match surface {
            Surface::Sites => &self.sites_url,
            Surface::Staff => &self.staff_url,
        };
        if configured
            .as_deref()
            .is_some_and(|u| origin_of(u) == origin)
        {
            return true;
        }
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .is_some_and(|host| {
                origin == format!("http://{host}") || origin == format!("https://{host}")
            })
    }
}

/// `host:port` or `[v6]:port` → the host name alone.
fn host_name(host: &str) -> &str {
    if host.starts_with('[') {
        return host.split(']').next().map_or(host, |h| &host[..=h.len()]);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// `scheme://host[:port]` of a URL, as browsers write it in `Origin`.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(end) => &url[..after_scheme + end],
        None => url,
    }
}

/// Which surface serves a path; `None` for what both serve (assets, health check).
fn surface_of(path: &str) -> Option<Surface> {
    let under = |prefix: &str| {
        path == prefix
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    if path.starts_with("/assets/") || path == "/healthz" {
        None
    } else if under("/console") || under("/admin") {
        Some(Surface::Staff)
    } else {
        Some(Surface::Sites)
    }
}

/// Whether the method changes state (everything but reads).
fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Why a state-changing request is refused as a forgery, if it is one.
fn forgery(origins: &Origins, surface: Surface, headers: &HeaderMap) -> Option<&'static str> {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return Some("la demande vient d'une autre page que ce site");
    }
    match headers.get(header::ORIGIN).map(HeaderValue::to_str) {
        Some(Ok(origin)) if origins.accepts(surface, headers, origin) => None,
        Some(_) => Some("la demande vient d'une autre origine que ce site"),
        // Every browser in use today sends `Origin` (and `Sec-Fetch-Site`) with a POST, a
        // form's as a script's. Where marks live, a request that says neither is refused:
        // no form can be posted there without them. On the sites surface such a request
        // comes from a program, which holds nobody's cookies.
        None if headers.contains_key("sec-fetch-site") => None,
        None if surface == Surface::Staff => Some(
            "votre navigateur n'a pas indiqué l'origine de la demande (utilisez un navigateur à jour)",
        ),
        None => None,
    }
}

/// The Content-Security-Policy of a surface. Styles may be inline (the editor, charts and
/// the screen mirror set them); scripts never.
fn policy(origins: &Origins, surface: Surface, headers: &HeaderMap) -> String {
    let common = "script-src 'self'; object-src 'none'; base-uri 'none'; \
                  form-action 'self'; frame-ancestors 'self'; connect-src 'self'; \
                  frame-src 'self'; worker-src 'self' blob:";
    match surface {
        Surface::Sites => format!(
            "default-src 'self'; {common}; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: blob:; media-src 'self'; font-src 'self' data:"
        ),
        // The screen mirror and the replay show the candidate's page, whose images and
        // style sheets are on the sites surface; they are shown, never run.
        Surface::Staff => {
            let sites = origins.base(Surface::Sites, headers);
            format!(
                "default-src 'self'; {common}; style-src 'self' 'unsafe-inline' {sites}; \
                 img-src 'self' data: blob: {sites}; media-src 'self' {sites}; \
                 font-src 'self' data: {sites}"
            )
        }
    }
}

/// The guard itself: wrong surface, forgery, then the response headers.
pub async fn guard(State(origins): State<Arc<Origins>>, request: Request, next: Next) -> Response {
    let surface = request
        .extensions()
        .get::<Surface>()
        .copied()
        .unwrap_or(Surface::Sites);
    let headers = request.headers();
    let path = request.uri().path();
    if surface == Surface::Staff && path == "/" {
        return Redirect::to("/console/").into_response();
    }
    if let Some(wanted) = surface_of(path)
        && wanted != surface
    {
        if matches!(*request.method(), Method::GET | Method::HEAD) {
            let target = request
                .uri()
                .path_and_query()
                .map_or(path, |pq| pq.as_str());
            return Redirect::to(&format!("{}{target}", origins.base(wanted, headers)))
                .into_response();
        }
        return super::error_page(
            StatusCode::NOT_FOUND,
            "Adresse introuvable",
            "Cette adresse n'est pas servie ici.",
        );
    }
    if changes_state(request.method())
        && let Some(why) = forgery(&origins, surface, headers)
    {
        tracing::warn!(path, why, "cross-site request refused");
        return super::error_page(
            StatusCode::FORBIDDEN,
            "Demande refusée",
            &format!(
                "Demande refusée : {why}. Par sécurité, rien n'a été modifié. Revenez sur la page \
                 du site, rechargez-la et recommencez."
            ),
        );
    }
    let csp = HeaderValue::from_str(&policy(&origins, surface, headers));
    let mut response = next.run(request).await;
    let out = response.headers_mut();
    if !out.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(value) = csp
    {
        out.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    out.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    out.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).expect("header"));
        }
        h
    }

    fn origins() -> Origins {
        Origins {
            sites_port: 8080,
            staff_port: 8081,
            ..Origins::default()
        }
    }

    #[test]
    fn paths_belong_to_one_surface() {
        assert_eq!(surface_of("/console/"), Some(Surface::Staff));
        assert_eq!(surface_of("/admin"), Some(Surface::Staff));
        assert_eq!(surface_of("/administration"), Some(Surface::Sites));
        assert_eq!(surface_of("/s/abc/admin/"), Some(Surface::Sites));
        assert_eq!(surface_of("/epreuve"), Some(Surface::Sites));
        assert_eq!(surface_of("/assets/page.js"), None);
    }

    #[test]
    fn the_other_surface_keeps_the_host_name() {
        let h = headers(&[("host", "192.168.1.5:8080")]);
        assert_eq!(
            origins().base(Surface::Staff, &h),
            "http://192.168.1.5:8081"
        );
        let h = headers(&[("host", "[::1]:8081")]);
        assert_eq!(origins().base(Surface::Sites, &h), "http://[::1]:8080");
        let configured = Origins {
            staff_url: Some("https://console.lycee.fr/".into()),
            ..origins()
        };
        assert_eq!(
            configured.base(Surface::Staff, &h),
            "https://console.lycee.fr"
        );
    }

    #[test]
    fn only_this_origin_may_change_state() {
        let o = origins();
        let own = headers(&[
            ("host", "10.0.0.2:8081"),
            ("origin", "http://10.0.0.2:8081"),
        ]);
        assert_eq!(forgery(&o, Surface::Staff, &own), None);
        // Another port of the same host is same-site for cookies, but not this origin.
        let port = headers(&[
            ("host", "10.0.0.2:8081"),
            ("origin", "http://10.0.0.2:8080"),
        ]);
        assert!(forgery(&o, Surface::Staff, &port).is_some());
        let null = headers(&[("host", "10.0.0.2:8081"), ("origin", "null")]);
        assert!(forgery(&o, Surface::Staff, &null).is_some());
        let fetch = headers(&[("host", "10.0.0.2:8081"), ("sec-fetch-site", "same-site")]);
        assert!(forgery(&o, Surface::Staff, &fetch).is_some());
        let same = headers(&[("host", "10.0.0.2:8081"), ("sec-fetch-site", "same-origin")]);
        assert_eq!(forgery(&o, Surface::Staff, &same), None);
        // Saying nothing of where it comes from: refused where marks live only.
        let silent = headers(&[("host", "10.0.0.2:8081")]);
        assert!(forgery(&o, Surface::Staff, &silent).is_some());
        assert_eq!(forgery(&o, Surface::Sites, &silent), None);
        let configured = Origins {
            staff_url: Some("https://console.lycee.fr".into()),
            ..origins()
        };
        let proxied = headers(&[
            ("host", "127.0.0.1:8081"),
            ("origin", "https://console.lycee.fr"),
        ]);
        assert_eq!(forgery(&configured, Surface::Staff, &proxied), None);
    }
}
