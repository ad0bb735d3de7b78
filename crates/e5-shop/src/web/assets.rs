//! Static files (CSS, JavaScript, vendored libraries, icons), embedded in the binary and
//! served under `/assets/`.

use axum::Router;
use axum::extract::{FromRef, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use include_dir::{Dir, include_dir};

use super::ShopState;

/// This crate's assets: the storefront theme, the back-office shell, `vendor/` libraries.
pub static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

fn mime(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The `/assets/…` route, shared by the storefront, the back-office and the exam pages.
pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    ShopState: FromRef<S>,
{
    Router::new().route("/assets/{*path}", get(serve))
}

pub async fn serve(State(state): State<ShopState>, Path(path): Path<String>) -> Response {
    if path.contains("..") {
        return StatusCode::NOT_FOUND.into_response();
    }
    match state.assets.iter().find_map(|dir| dir.get_file(&path)) {
        Some(file) => (
            [
                (header::CONTENT_TYPE, mime(&path)),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            file.contents(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    /// The vendored JavaScript is what `tools/vendor/vendor.sh` wrote: every file listed in
    /// `VENDORED.md` with its hash, nothing unlisted, and a licence text for each package.
    #[test]
    fn vendored_files_match_their_manifest_and_carry_a_licence() {
        let vendor = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/vendor");
        let manifest = std::fs::read_to_string(vendor.join("VENDORED.md")).unwrap();
        let mut listed = std::collections::BTreeSet::new();
        for row in manifest
            .lines()
            .filter(|l| l.starts_with("| ") && l.contains('`'))
        {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let (file, package, sum) = (cells[1], cells[2], cells[5].trim_matches('`'));
            let bytes = std::fs::read(vendor.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(
                format!("{:x}", Sha256::digest(&bytes)),
                sum,
                "{file} differs from VENDORED.md: run tools/vendor/vendor.sh"
            );
            let licence = vendor
                .join("licences")
                .join(format!("{}.txt", package.replace('/', "_")));
            assert!(licence.is_file(), "no licence text for {package}");
            listed.insert(file.to_owned());
        }
        assert!(listed.len() >= 5, "{manifest}");
        for entry in std::fs::read_dir(&vendor).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_file() && name != "VENDORED.md" {
                assert!(
                    listed.contains(&name),
                    "{name} is vendored but not in VENDORED.md"
                );
            }
        }
    }
}
