//! HTML to PDF with headless Chromium, when the machine has it (exam centres print the
//! HTML from a browser otherwise).

use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("Chromium est introuvable ({0}) : imprimez le fichier HTML depuis un navigateur")]
    NoChromium(String),
    #[error("écriture impossible : {0}")]
    Io(#[from] std::io::Error),
    #[error("Chromium n'a pas produit le PDF : {0}")]
    Failed(String),
}

fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// Prints `html` to the PDF file `out` (A4, the page size and margins of the print CSS).
pub fn print_to_pdf(html: &str, out: &Path) -> Result<(), PdfError> {
    let binary = chromium().ok_or_else(|| PdfError::NoChromium("/usr/bin/chromium".into()))?;
    let work = std::env::temp_dir().join(format!("e5-pdf-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&work)?;
    let result = (|| {
        let page = work.join("sujet.html");
        std::fs::write(&page, html)?;
        let out = std::path::absolute(out)?;
        let status = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",
            ])
            .arg(format!(
                "--user-data-dir={}",
                work.join("profile").display()
            ))
            .arg(format!("--print-to-pdf={}", out.display()))
            .arg(format!("file://{}", page.display()))
            .output()?;
        if status.status.success() && out.is_file() {
            Ok(())
        } else {
            Err(PdfError::Failed(
                String::from_utf8_lossy(&status.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
                    .to_owned(),
            ))
        }
    })();
    let _ = std::fs::remove_dir_all(&work);
    result
}
