//! The back-office, content side (WordPress vocabulary): every function at HTTP level, with
//! the storefront change that follows and the journal row; hostile input comes out inert;
//! a real browser writes and publishes an article with the block editor. Autosaved drafts too.

mod appearance;
mod articles;
mod block_editor_browser;
mod comments;
mod drafts;
mod drafts_browser;
mod media;
mod roles;
mod settings;

use crate::browser;
use crate::browser::wait_until;
use crate::helpers::one;
use crate::helpers::{ADMIN_EMAIL, AUTHOR_EMAIL, PASSWORD, Page, Shopper, TestApp, TestData};
use e5_domain::SandboxId;
use serde_json::json;
use sqlx::SqlitePool;

const EVIL: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>";

struct Site {
    t: TestData,
    id: SandboxId,
    app: TestApp,
}

impl Site {
    async fn new() -> Site {
        let (t, id, app) = TestData::served().await;
        Site { t, id, app }
    }

    async fn signed_in(&self, email: &str) -> Shopper {
        let user = self.app.shopper();
        user.post_ok(
            &self.admin("/connexion"),
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
        user
    }

    fn admin(&self, path: &str) -> String {
        format!("/s/{}/admin{path}", self.id)
    }

    fn shop(&self, path: &str) -> String {
        format!("/s/{}{path}", self.id)
    }

    async fn db(&self) -> SqlitePool {
        self.t.open(self.id).await
    }

    /// The summary of the last journal row.
    async fn last_journal(&self) -> String {
        let db = self.db().await;
        one(&db, "SELECT summary FROM journal ORDER BY id DESC LIMIT 1").await
    }

    /// Asserts the summary of the last journal row.
    async fn journal_is(&self, summary: &str) {
        assert_eq!(self.last_journal().await, summary);
    }

    /// A page of the storefront as a visitor (nobody signed in) sees it.
    async fn visitor(&self, path: &str) -> Page {
        self.app.shopper().get(&self.shop(path)).await
    }
}

fn long_text(words: usize) -> String {
    let base = "Le linge en lin lavé se bonifie au fil des lavages et garde sa fraîcheur toute l'année dans la maison";
    let mut out = Vec::new();
    while out.len() < words {
        out.extend(base.split(' '));
    }
    out.truncate(words);
    out.join(" ")
}

fn article_blocks() -> String {
    json!([
        {"type": "paragraph", "data": {"text": format!("Le lin lavé est notre matière préférée. {}", long_text(90))}},
        {"type": "header", "data": {"text": "Bien laver le lin lavé", "level": 2}},
        {"type": "image", "data": {"media_id": 3, "alt": "Pile de draps en lin", "caption": "Nos draps", "link": ""}},
        {"type": "paragraph", "data": {"text": format!("{} <a href=\"/s/x/page/faq\">notre FAQ</a>", long_text(90))}}
    ])
    .to_string()
}

/// Every `<` in `html` opens a tag: none may be a script or carry an event handler.
fn assert_inert(html: &str, evil_markers: &[&str]) {
    // The editor's data islands (JSON, never run) are checked apart: no `<` may close them.
    let mut html = html.to_owned();
    while let Some(start) = html.find("<script type=\"application/json\"") {
        let end = html[start..]
            .find("</script>")
            .map_or(html.len(), |e| start + e + 9);
        assert!(
            !html[start..end - 9]
                .split_once('>')
                .map_or("", |x| x.1)
                .contains('<'),
            "raw < in a data island"
        );
        html.replace_range(start..end, "");
    }
    let html = html.as_str();
    for m in [
        "<script>alert",
        "<img src=x onerror",
        "<svg onload",
        "href=\"javascript:",
        "src=\"javascript:",
    ] {
        assert!(
            !html.contains(m),
            "{m} came out live: {}",
            &html[html.find(m).unwrap_or(0).saturating_sub(300)..][..400.min(html.len())]
        );
    }
    for m in evil_markers {
        assert!(!html.contains(m), "{m} came out live");
    }
}

/// A valid grayscale 1-bit PNG of `w` × `h` pixels, all black: tiny on disk, huge decoded.
pub(crate) fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    use std::io::Write;
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[1, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let row = vec![0u8; 1 + w.div_ceil(8) as usize];
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..h {
        z.write_all(&row).unwrap();
    }
    chunk(&mut out, b"IDAT", &z.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}
