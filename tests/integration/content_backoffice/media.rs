//! The media library: uploads checked by content and size, described with alt texts.

use super::*;
use crate::helpers::one;

fn png() -> Vec<u8> {
    // A 1×1 PNG.
    vec![
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0x0D, 0x49, 0x44,
        0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0, 0x05, 0, 0x01, 0xFF, 0x89,
        0x99, 0x3D, 0x1D, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
}

async fn upload(user: &Shopper, path: &str, name: &str, data: Vec<u8>) -> (u16, Option<String>) {
    let part = reqwest::multipart::Part::bytes(data).file_name(name.to_owned());
    let form = reqwest::multipart::Form::new()
        .part("file", part)
        .text("alt", "Échantillon de lin")
        .text("title", "");
    let r = user
        .client
        .post(format!("{}{path}", user.address))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let location = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    (r.status().as_u16(), location)
}

#[tokio::test]
async fn media_are_checked_by_content_and_size_and_described() {
    let s = Site::new().await;
    let user = s.signed_in(ADMIN_EMAIL).await;
    let id = a_png_is_uploaded(&s, &user).await;
    let before = bad_files_are_refused_in_french(&s, &user).await;
    the_media_is_described_and_an_svg_is_inert(&s, &user, id, before).await;
}

async fn a_png_is_uploaded(s: &Site, user: &Shopper) -> i64 {
    let (status, to) = upload(
        user,
        &s.admin("/medias/nouveau"),
        "Échantillon lin.png",
        png(),
    )
    .await;
    assert_eq!(status, 303);
    let to = to.unwrap();
    assert!(
        s.last_journal()
            .await
            .starts_with("Média « -chantillon-lin.png » ajouté (image/png"),
        "{}",
        s.last_journal().await
    );
    let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
    let details = user.get(&to).await;
    details
        .shows("Texte alternatif")
        .shows("Échantillon de lin")
        .shows("utilisé nulle part");
    let served = reqwest::get(format!(
        "{}{}",
        s.app.address,
        s.shop(&format!("/media/{id}"))
    ))
    .await
    .unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");

    id
}

async fn bad_files_are_refused_in_french(s: &Site, user: &Shopper) -> i64 {
    // A renamed executable, a too large file: French messages, nothing stored.
    let db = s.db().await;
    let before = media_count(&db).await;
    let (_, to) = upload(
        user,
        &s.admin("/medias/nouveau"),
        "photo.png",
        b"MZ\x90\x00 not an image".to_vec(),
    )
    .await;
    let page = user.get(&to.unwrap()).await;
    assert!(
        page.body
            .contains("n&#x27;est pas un type de fichier accepté")
            || page.body.contains("n'est pas un type de fichier accepté"),
        "{}",
        page.body
    );
    let mut big = png();
    big.resize(6 * 1024 * 1024, 0);
    let (status, to) = upload(user, &s.admin("/medias/nouveau"), "grand.png", big).await;
    if status == 303 {
        let page = user.get(&to.unwrap()).await;
        page.shows("trop lourd");
    } else {
        assert_eq!(status, 413, "refused as too large");
    }
    assert_eq!(media_count(&db).await, before);

    // An image bomb: a few kilobytes, 12000 × 12000 pixels. Refused from its header, fast,
    // nothing stored.
    let started = std::time::Instant::now();
    let bomb = png_bomb(12000, 12000);
    assert!(bomb.len() < 100 * 1024, "{} bytes", bomb.len());
    let (status, to) = upload(user, &s.admin("/medias/nouveau"), "bombe.png", bomb).await;
    assert_eq!(status, 303);
    let page = user.get(&to.unwrap()).await;
    page.shows("Image trop grande : 12000 × 12000 pixels, 40 mégapixels au plus.");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10), // decoding it would take far longer
        "{:?}",
        started.elapsed()
    );
    assert_eq!(media_count(&db).await, before);

    before
}

async fn the_media_is_described_and_an_svg_is_inert(
    s: &Site,
    user: &Shopper,
    id: i64,
    before: i64,
) {
    // Describe it; an SVG cannot run script where it is served.
    user.post_ok(
        &s.admin(&format!("/medias/{id}")),
        "alt=Coupon de lin écru&title=Coupon&caption=&description=",
    )
    .await;
    s.journal_is("Média « Coupon » modifié (texte alternatif : « Coupon de lin écru »)")
        .await;
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
    let (status, to) = upload(user, &s.admin("/medias/nouveau"), "x.svg", svg).await;
    assert_eq!(status, 303);
    let svg_id: String = to.unwrap().rsplit('/').next().unwrap().to_owned();
    let served = reqwest::get(format!(
        "{}{}",
        s.app.address,
        s.shop(&format!("/media/{svg_id}"))
    ))
    .await
    .unwrap();
    assert!(
        served.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    // Used media cannot be deleted; unused can.
    user.post_ok(&s.admin("/medias/3/supprimer"), "").await;
    assert_eq!(
        media_count(&s.db().await).await,
        before + 1,
        "the used media stays"
    );
    user.post_ok(&s.admin(&format!("/medias/{svg_id}/supprimer")), "")
        .await;
    assert!(s.last_journal().await.ends_with("supprimé"));
}

async fn media_count(db: &SqlitePool) -> i64 {
    one(db, "SELECT COUNT(*) FROM media").await
}
