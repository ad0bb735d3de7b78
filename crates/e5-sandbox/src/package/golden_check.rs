//! Looking inside an unpacked `golden.db`: a sound SQLite database that says it is the
//! context the manifest announces.

use std::io::Read;
use std::path::Path;

use super::manifest::Manifest;
use crate::Error;
use crate::store::sandbox_meta;

pub(crate) async fn check(package: &Path, golden: &Path, manifest: &Manifest) -> Result<(), Error> {
    let refuse = |message: String| Error::package(package, format!("golden.db : {message}"));
    let mut header = [0u8; 16];
    let readable = std::fs::File::open(golden).and_then(|mut f| f.read_exact(&mut header));
    if readable.is_err() || &header != b"SQLite format 3\0" {
        return Err(refuse("ce n'est pas une base de données SQLite".to_owned()));
    }
    let pool = e5_shop::db::open_read_only(golden)
        .await
        .map_err(|e| refuse(format!("base illisible : {e}")))?;
    let result = async {
        let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&pool)
            .await
            .map_err(|e| refuse(format!("base illisible : {e}")))?;
        if integrity != ["ok"] {
            return Err(refuse(format!(
                "base endommagée : {}",
                integrity.join(" ; ")
            )));
        }
        let meta = sandbox_meta::read_from(&pool)
            .await
            .map_err(|e| refuse(format!("table sandbox_meta illisible : {e}")))?;
        let id = meta.get("context_id").map(String::as_str).unwrap_or("");
        let version = meta
            .get("context_version")
            .map(String::as_str)
            .unwrap_or("");
        if id != manifest.id.as_str() || version != manifest.version {
            return Err(refuse(format!(
                "la base dit être {id}@{version}, le manifeste annonce {}@{}",
                manifest.id, manifest.version
            )));
        }
        Ok(())
    }
    .await;
    pool.close().await;
    result
}
