//! The centre administration over HTTP: a session planned from the pages alone (session,
//! examiner, subject, candidates, commission, sandboxes), bad input refused with its
//! message and nothing written, every change logged with its author; sign-in sessions that
//! expire; wrong codes and passwords limited per address, durably.

mod commissions;
mod in_browser;
mod planning;
mod sessions;

use crate::exam::exam;
use crate::helpers::one;
use crate::helpers::{Page, Shopper, TestApp, TestData};
use e5_exam::Platform;
use e5_exam::demo;
use std::net::{IpAddr, Ipv4Addr};

const ADMIN: &str = "secretariat@lycee-exemple.fr";

const ADMIN_PASSWORD: &str = "centre-mdp-2027";

/// A client whose connections come from another address of the loopback network (another
/// workstation, for the server's limits).
fn from_address(app: &TestApp, ip: Ipv4Addr) -> Shopper {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(IpAddr::V4(ip))
        .build()
        .unwrap();
    Shopper {
        client,
        address: app.address.clone(),
        staff: app.staff.clone(),
    }
}

async fn multipart(user: &Shopper, path: &str, form: reqwest::multipart::Form) -> Page {
    let r = user
        .client
        .post(user.url(path))
        .header("origin", user.base(path))
        .multipart(form)
        .send()
        .await
        .unwrap();
    Page::read(r).await
}

async fn count(p: &Platform, sql: &str) -> i64 {
    one(p.db(), sql).await
}

async fn sign_in_admin(app: &TestApp) -> Shopper {
    let admin = app.shopper();
    admin
        .post_shows(
            "/admin/connexion",
            &[("email", ADMIN), ("password", ADMIN_PASSWORD)],
            "Sessions d'examen",
        )
        .await;
    admin
}

/// The text between `start` and the next `end`.
fn between<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let from = body
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {body}"))
        + start.len();
    let len = body[from..].find(end).unwrap();
    &body[from..from + len]
}
