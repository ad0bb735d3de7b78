//! Médias: the library, uploads checked by content (magic bytes) and size, the details of
//! one file with where it is used.

use axum::Form;
use axum::extract::{Multipart, Path};
use e5_domain::setting;
use e5_shop::admin::Staff;
use e5_shop::context;
use e5_shop_db::query::Read;
use serde::{Deserialize, Serialize};

use crate::commands::{self, MediaUpload};
use crate::posts::{IdParam, PageResult};

/// 5 Mo: enough for a photo, small enough for a sandbox that stays one file.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// The type of a file from its first bytes, among those the library accepts; the name's
/// extension is never trusted.
pub fn sniff(data: &[u8]) -> Option<&'static str> {
    let starts = |p: &[u8]| data.starts_with(p);
    if starts(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if starts(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("image/gif")
    } else if data.len() > 12 && starts(b"RIFF") && &data[8..12] == b"WEBP" {
        Some("image/webp")
    } else if starts(b"%PDF-") {
        Some("application/pdf")
    } else if starts(b"ID3") || (data.len() > 2 && data[0] == 0xFF && data[1] & 0xE0 == 0xE0) {
        Some("audio/mpeg")
    } else {
        let head = String::from_utf8_lossy(&data[..data.len().min(1024)]).to_ascii_lowercase();
        let head = head.trim_start_matches('\u{feff}').trim_start();
        if (head.starts_with("<?xml") || head.starts_with("<svg") || head.starts_with("<!--"))
            && head.contains("<svg")
        {
            Some("image/svg+xml")
        } else {
            None
        }
    }
}

/// Wider than this, a PNG or JPEG photo is scaled down for the storefront when uploaded
/// (as WordPress does with its "big image" threshold): pages load fast, the sandbox stays small.
pub const MAX_WIDTH: u32 = 1600;

/// Width and height in pixels.
pub type Size = (u32, u32);

/// Largest image decoded, in pixels (40 megapixels: above any camera a centre uses). The
/// size is read from the file's header before anything is decoded: a 12000 × 12000 PNG of
/// one colour weighs a few hundred kilobytes but would take 600 MB and seconds to decode.
pub const MAX_PIXELS: u64 = 40_000_000;

/// Largest side decoded, in pixels (a panorama within [`MAX_PIXELS`]).
pub const MAX_SIDE: u32 = 20_000;

/// Most memory the decoder may allocate for one image: 4 bytes per pixel at
/// [`MAX_PIXELS`], plus room for the decoder's own buffers.
pub const MAX_DECODE_ALLOC: u64 = MAX_PIXELS * 4 + 64 * 1024 * 1024;

/// At most this many images decoded at once, each on a blocking thread: the async workers
/// (and `/healthz`) stay free whatever is uploaded.
pub const MAX_CONCURRENT_DECODES: usize = 2;

static DECODES: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(MAX_CONCURRENT_DECODES);

fn decodable_format(mime: &str) -> Option<image::ImageFormat> {
    match mime {
        "image/png" => Some(image::ImageFormat::Png),
        "image/jpeg" => Some(image::ImageFormat::Jpeg),
        _ => None,
    }
}

/// Refuses a PNG or JPEG larger than [`MAX_PIXELS`] or [`MAX_SIDE`], reading only its
/// header; the French message says why. Other types, and images whose header cannot be
/// read, pass (they are kept as sent, never decoded).
pub fn check_dimensions(data: &[u8], mime: &str) -> Result<(), String> {
    let Some(format) = decodable_format(mime) else {
        return Ok(());
    };
    let reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let Ok((w, h)) = reader.into_dimensions() else {
        return Ok(());
    };
    if u64::from(w) * u64::from(h) > MAX_PIXELS || w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "Image trop grande : {w} × {h} pixels, {} mégapixels au plus.",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

/// Scales a large PNG or JPEG down to [`MAX_WIDTH`], keeping its format. Returns the new
/// bytes and the size before and after, or `None` when nothing needs doing (or the image
/// cannot be read, or is beyond the limits: it is then kept as sent). Blocking: call
/// [`storefront_rendition_bounded`] from async code.
pub fn storefront_rendition(data: &[u8], mime: &str) -> Option<(Vec<u8>, Size, Size)> {
    let format = decodable_format(mime)?;
    check_dimensions(data, mime).ok()?;
    let header = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let (w, _) = header.into_dimensions().ok()?;
    if w <= MAX_WIDTH {
        return None;
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let img = reader.decode().ok()?;
    let (w, h) = (img.width(), img.height());
    if w <= MAX_WIDTH {
        return None;
    }
    let nh = ((u64::from(h) * u64::from(MAX_WIDTH)) / u64::from(w)).max(1) as u32;
    let small = img.resize_exact(MAX_WIDTH, nh, image::imageops::FilterType::Triangle);
    let mut out = std::io::Cursor::new(Vec::new());
    let written = match format {
        image::ImageFormat::Jpeg => small.to_rgb8().write_to(&mut out, format),
        _ => small.write_to(&mut out, format),
    };
    written.ok()?;
    Some((out.into_inner(), (w, h), (MAX_WIDTH, nh)))
}

/// [`storefront_rendition`] on a blocking thread, at most [`MAX_CONCURRENT_DECODES`] at
/// once. Gives back the bytes to store (scaled down or as sent) and the sizes when scaled.
pub async fn storefront_rendition_bounded(
    data: Vec<u8>,
    mime: &'static str,
) -> (Vec<u8>, Option<(Size, Size)>) {
    if decodable_format(mime).is_none() {
        return (data, None);
    }
    let Ok(_permit) = DECODES.acquire().await else {
        return (data, None);
    };
    let data = std::sync::Arc::new(data);
    let input = data.clone();
    match tokio::task::spawn_blocking(move || storefront_rendition(&input, mime)).await {
        Ok(Some((small, before, after))) => (small, Some((before, after))),
        _ => (
            std::sync::Arc::try_unwrap(data).unwrap_or_else(|shared| (*shared).clone()),
            None,
        ),
    }
}

fn kind_label(mime: &str) -> &'static str {
    match mime {
        m if m.starts_with("image/") => "Image",
        "audio/mpeg" => "Audio",
        "application/pdf" => "PDF",
        _ => "Fichier",
    }
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct Row {
    id: i64,
    file: String,
    mime: String,
    alt: String,
    title: String,
    caption: String,
    description: String,
    size: i64,
    created_at: String,
    #[sqlx(skip)]
    kind: &'static str,
    #[sqlx(skip)]
    name: String,
}

pub async fn list(staff: Staff) -> PageResult {
    let mut rows: Vec<Row> = sqlx::query_as("SELECT id, file, mime, alt, title, caption, description, length(data) AS size, created_at FROM media ORDER BY id DESC")
        .fetch_all(staff.site.db())
        .await?;
    for r in &mut rows {
        r.kind = kind_label(&r.mime);
        r.name = r.file.rsplit('/').next().unwrap_or(&r.file).to_owned();
    }
    let ctx = context! { rows, max_mo: (MAX_BYTES / 1024 / 1024) };
    staff
        .render("admin/content/media.html", "Médiathèque", ctx)
        .await
}

/// Where a media is used: articles and pages (blocks, featured image), products, categories,
/// home blocks, settings (logo, icon).
pub async fn usages(db: &sqlx::SqlitePool, id: i64) -> Result<Vec<(String, String)>, sqlx::Error> {
    let needle = format!("%\"media_id\":{id}%");
    let needle_str = format!("%\"media_id\":\"{id}\"%");
    let mut out: Vec<(String, String)> = db.rows(
        "SELECT CASE kind WHEN 'page' THEN 'Page' ELSE 'Article' END, title FROM post WHERE status != 'trash' AND (featured_media_id = ?1 OR blocks LIKE ?2 OR blocks LIKE ?3)
         UNION ALL SELECT 'Produit', name FROM product WHERE cover_media_id = ?1 OR id IN (SELECT product_id FROM product_media WHERE media_id = ?1)
         UNION ALL SELECT 'Catégorie', name FROM category WHERE image_media_id = ?1
         UNION ALL SELECT 'Bloc d''accueil', title FROM home_block WHERE media_id = ?1
         UNION ALL SELECT 'Identité du site', CASE key WHEN ?4 THEN 'Logo' WHEN ?5 THEN 'Icône du site' ELSE 'Image d''en-tête' END FROM setting WHERE key IN (?4, ?5, ?6) AND value = CAST(?1 AS TEXT)",
        (id, &needle, &needle_str, setting::LOGO_MEDIA, setting::ICON_MEDIA, setting::HEADER_MEDIA),
    ).await?;
    out.dedup();
    Ok(out)
}

pub async fn upload(staff: Staff, mut multipart: Multipart) -> PageResult {
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut alt = String::new();
    let mut title = String::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return Ok(staff.refuse(
                    "/medias",
                    Some(&format!(
                        "Envoi interrompu ou fichier trop lourd ({} Mo au plus).",
                        MAX_BYTES / 1024 / 1024
                    )),
                ));
            }
        };
        match field.name().unwrap_or("") {
            "file" => {
                let name = field.file_name().unwrap_or("fichier").to_owned();
                let Ok(bytes) = field.bytes().await else {
                    return Ok(staff.refuse(
                        "/medias",
                        Some(&format!(
                            "Fichier trop lourd : {} Mo au plus.",
                            MAX_BYTES / 1024 / 1024
                        )),
                    ));
                };
                file = Some((name, bytes.to_vec()));
            }
            "alt" => alt = field.text().await.unwrap_or_default(),
            "title" => title = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    let Some((name, data)) = file.filter(|(_, d)| !d.is_empty()) else {
        return Ok(staff.refuse("/medias", Some("Choisissez un fichier à envoyer.")));
    };
    if data.len() > MAX_BYTES {
        return Ok(staff.refuse(
            "/medias",
            Some(&format!(
                "« {} » est trop lourd ({:.1} Mo) : {} Mo au plus.",
                clean_name(&name),
                data.len() as f64 / 1048576.0,
                MAX_BYTES / 1024 / 1024
            )),
        ));
    }
    let Some(mime) = sniff(&data) else {
        return Ok(staff.refuse(
            "/medias",
            Some(&format!("« {} » n'est pas un type de fichier accepté : images PNG, JPEG, GIF, WebP ou SVG, son MP3, document PDF.", clean_name(&name))),
        ));
    };
    if let Err(why) = check_dimensions(&data, mime) {
        return Ok(staff.refuse("/medias", Some(&why)));
    }
    let (data, resized) = storefront_rendition_bounded(data, mime).await;
    let upload = MediaUpload {
        file_name: clean_name(&name),
        mime,
        data,
        resized,
        alt: alt.trim().chars().take(250).collect(),
        title: title.trim().chars().take(200).collect(),
    };
    match commands::add_media(&staff.site, &staff.actor(), upload).await {
        Ok(id) => Ok(staff.redirect(
            &format!("/medias/{id}"),
            Some("Fichier ajouté à la médiathèque. Pensez au texte alternatif."),
        )),
        Err(e) => staff.refused("/medias", e),
    }
}

/// A file name safe to store and show: letters, digits, dot, dash and underscore.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(80)
        .collect();
    if cleaned.trim_matches(['-', '.']).is_empty() {
        "fichier".into()
    } else {
        cleaned
    }
}

pub async fn show(staff: Staff, Path(p): Path<IdParam>) -> PageResult {
    let row: Option<Row> = sqlx::query_as("SELECT id, file, mime, alt, title, caption, description, length(data) AS size, created_at FROM media WHERE id = ?")
        .bind(p.id)
        .fetch_optional(staff.site.db())
        .await?;
    let Some(mut row) = row else {
        return Err(e5_shop::web::ShopError::NotFound);
    };
    row.kind = kind_label(&row.mime);
    row.name = row.file.rsplit('/').next().unwrap_or(&row.file).to_owned();
    let ctx = context! { m: row, usages: usages(staff.site.db(), p.id).await? };
    staff
        .render("admin/content/media_edit.html", "Détails du fichier", ctx)
        .await
}

#[derive(Deserialize)]
pub struct MediaForm {
    #[serde(default)]
    alt: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    caption: String,
    #[serde(default)]
    description: String,
}

pub async fn update(staff: Staff, Path(p): Path<IdParam>, Form(f): Form<MediaForm>) -> PageResult {
    let to = format!("/medias/{}", p.id);
    staff.done(
        commands::update_media(
            &staff.site,
            &staff.actor(),
            p.id,
            &f.alt,
            &f.title,
            &f.caption,
            &f.description,
        )
        .await,
        &to,
        "Fichier mis à jour.",
    )
}

pub async fn delete(staff: Staff, Path(p): Path<IdParam>) -> PageResult {
    let used = usages(staff.site.db(), p.id).await?.len();
    match commands::delete_media(&staff.site, &staff.actor(), p.id, used).await {
        Ok(()) => Ok(staff.redirect("/medias", Some("Fichier supprimé."))),
        Err(e) => staff.refused(&format!("/medias/{}", p.id), e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised_by_their_bytes_not_their_name() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(sniff(b"ID3\x03"), Some("audio/mpeg"));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some("image/svg+xml")
        );
        assert_eq!(sniff(b"MZ\x90\x00 executable"), None);
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        let mut png = std::io::Cursor::new(Vec::new());
        image::RgbImage::new(2000, 500)
            .write_to(&mut png, image::ImageFormat::Png)
            .unwrap();
        let (small, before, after) = storefront_rendition(png.get_ref(), "image/png").unwrap();
        assert_eq!((before, after), ((2000, 500), (1600, 400)));
        let decoded = image::load_from_memory(&small).unwrap();
        assert_eq!(decoded.width(), 1600);
        let mut tiny = std::io::Cursor::new(Vec::new());
        image::RgbImage::new(20, 10)
            .write_to(&mut tiny, image::ImageFormat::Jpeg)
            .unwrap();
        assert!(
            storefront_rendition(tiny.get_ref(), "image/jpeg").is_none(),
            "small images are kept"
        );
        assert_eq!(clean_name("Photo été <b>.png"), "photo--t---b-.png");
    }

    #[test]
    fn huge_images_are_refused_from_their_header() {
        // A 1-bit grayscale PNG header announcing 12000 × 12000: nothing is decoded.
        let mut png = std::io::Cursor::new(Vec::new());
        image::GrayImage::new(4, 4)
            .write_to(&mut png, image::ImageFormat::Png)
            .unwrap();
        let mut bytes = png.into_inner();
        // IHDR data starts at 16: width, height; then fix its CRC.
        bytes[16..20].copy_from_slice(&12000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&12000u32.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(
            check_dimensions(&bytes, "image/png").unwrap_err(),
            "Image trop grande : 12000 × 12000 pixels, 40 mégapixels au plus."
        );
        assert!(storefront_rendition(&bytes, "image/png").is_none());
        assert!(check_dimensions(b"GIF89a", "image/gif").is_ok());
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
