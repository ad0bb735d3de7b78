//! The client address of a request, the one every rate limit counts against.
//!
//! The peer of the TCP connection (axum's `ConnectInfo<SocketAddr>`), unless that peer is
//! one of the reverse proxies the server was told to trust (`e5 serve --trusted-proxy`):
//! then `X-Forwarded-For` is read from the right, each trusted proxy skipped, and the first
//! address that is not a trusted proxy is the client. Entries further left were written by
//! whoever sent the request and are never believed; a header from an untrusted peer is
//! ignored altogether (anyone can send one).

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap};

use crate::web::ShopState;

/// The reverse proxies whose `X-Forwarded-For` is believed (none by default).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Arc<[IpAddr]>);

impl TrustedProxies {
    pub fn new(addresses: impl IntoIterator<Item = IpAddr>) -> TrustedProxies {
        TrustedProxies(addresses.into_iter().map(|a| a.to_canonical()).collect())
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        self.0.contains(&address.to_canonical())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The client address of a request (see the module's documentation). Without connection
/// information (the router tested alone), the loopback address.
pub fn client_ip(extensions: &Extensions, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_canonical())
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    if trusted.is_empty() || !trusted.contains(peer) {
        return peer;
    }
    // Every X-Forwarded-For header, in order, as one list; read from the right.
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        // An entry that is not an address (a misconfigured proxy): stop at the last
        // address a trusted hop vouched for.
        let Some(address) = parse_hop(hop) else { break };
        client = address;
        if !trusted.contains(address) {
            break;
        }
    }
    client
}

/// `192.0.2.1`, `2001:db8::1`, `192.0.2.1:4711` or `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|a| a.to_canonical())
}

/// The client address as an extractor, for handlers that limit something per address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl<S> FromRequestParts<S> for ClientIp
where
    S: Send + Sync,
    ShopState: FromRef<S>,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Infallible> {
        let state = ShopState::from_ref(state);
        Ok(ClientIp(client_ip(
            &parts.extensions,
            &parts.headers,
            &state.trusted_proxies,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    fn request(peer: &str, forwarded: &[&str]) -> (Extensions, HeaderMap) {
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(SocketAddr::new(ip(peer), 50000)));
        let mut headers = HeaderMap::new();
        for f in forwarded {
            headers.append("x-forwarded-for", HeaderValue::from_str(f).expect("header"));
        }
        (extensions, headers)
    }

    #[test]
    fn the_peer_is_the_client_unless_it_is_a_trusted_proxy() {
        let trusted = TrustedProxies::new([ip("10.0.0.1"), ip("10.0.0.2")]);
        // No proxy configured: the header is ignored.
        let (e, h) = request("10.0.0.1", &["192.0.2.7"]);
        assert_eq!(
            client_ip(&e, &h, &TrustedProxies::default()),
            ip("10.0.0.1")
        );
        // An untrusted peer's header is ignored.
        let (e, h) = request("192.0.2.9", &["192.0.2.7"]);
        assert_eq!(client_ip(&e, &h, &trusted), ip("192.0.2.9"));
        // From a trusted proxy: the right-most untrusted address, whatever the client
        // wrote further left.
        let (e, h) = request("10.0.0.1", &["1.2.3.4, 192.0.2.7, 10.0.0.2"]);
        assert_eq!(client_ip(&e, &h, &trusted), ip("192.0.2.7"));
        let (e, h) = request("10.0.0.1", &["1.2.3.4", "192.0.2.7:4711"]);
        assert_eq!(client_ip(&e, &h, &trusted), ip("192.0.2.7"));
        // A trusted proxy without the header, or with garbage: the proxy itself.
        let (e, h) = request("10.0.0.1", &[]);
        assert_eq!(client_ip(&e, &h, &trusted), ip("10.0.0.1"));
        let (e, h) = request("10.0.0.1", &["1.2.3.4, n'importe quoi"]);
        assert_eq!(client_ip(&e, &h, &trusted), ip("10.0.0.1"));
        // IPv4 peers seen through an IPv6 socket match their IPv4 setting.
        let (e, h) = request("::ffff:10.0.0.1", &["192.0.2.7"]);
        assert_eq!(client_ip(&e, &h, &trusted), ip("192.0.2.7"));
        // Without connection information: loopback.
        assert_eq!(
            client_ip(&Extensions::new(), &HeaderMap::new(), &trusted),
            ip("127.0.0.1")
        );
    }
}
