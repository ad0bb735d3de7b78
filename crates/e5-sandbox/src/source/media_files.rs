//! Media rows: the bytes come from `media/<file>`, the MIME type from its extension.

use std::path::{Component, Path};

/// MIME type of a media file, from the extensions the shop knows how to show.
pub(crate) fn mime_of(file: &str) -> Option<&'static str> {
    let ext = Path::new(file).extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "pdf" => "application/pdf",
        "mp3" => "audio/mpeg",
        _ => return None,
    })
}

/// Reads `media/<file>`; `file` must stay inside the media folder.
pub(crate) fn read(media_dir: &Path, file: &str) -> Result<Vec<u8>, String> {
    let relative = Path::new(file);
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(format!(
            "chemin de média refusé : « {file} » (chemin relatif au dossier media/, sans « .. »)"
        ));
    }
    let Some(_) = mime_of(file) else {
        return Err(format!(
            "type de média inconnu : « {file} » (extensions acceptées : svg, png, jpg, jpeg, webp, gif, pdf, mp3)"
        ));
    };
    let path = media_dir.join(relative);
    std::fs::read(&path).map_err(|e| format!("fichier média illisible : {} ({e})", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types_come_from_the_extension() {
        assert_eq!(mime_of("logo.SVG"), Some("image/svg+xml"));
        assert_eq!(mime_of("a/b.jpeg"), Some("image/jpeg"));
        assert_eq!(mime_of("notice.pdf"), Some("application/pdf"));
        assert_eq!(mime_of("x.exe"), None);
    }

    #[test]
    fn a_media_path_cannot_leave_the_media_folder() {
        let err = read(Path::new("/nonexistent"), "../context.toml").expect_err("must be refused");
        assert!(err.contains("refusé"), "{err}");
    }
}
