//! `context.toml`: the identity of the context and the shop settings.

use std::collections::BTreeMap;
use std::path::Path;

use e5_domain::ContextId;
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::toml_text::{line_of, toml_error};
use crate::Error;

/// What `context.toml` says, checked.
#[derive(Debug, Clone)]
pub struct ContextFile {
    pub id: ContextId,
    pub version: String,
    pub title: String,
    /// RFC 3339, as written: the one creation date of the package (never the clock).
    pub created: String,
    /// `created` as the shop's local time text, for rows that need a date.
    pub created_local: String,
    pub schema_version: u32,
    pub settings: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    context: RawContext,
    #[serde(default)]
    settings: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContext {
    id: toml::Spanned<String>,
    version: toml::Spanned<String>,
    title: String,
    created: toml::Spanned<String>,
    schema_version: toml::Spanned<u32>,
}

pub(crate) fn read(path: &Path) -> Result<ContextFile, Error> {
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    let raw: Raw = toml::from_str(&text).map_err(|e| toml_error(path, &text, 1, &e))?;
    let c = raw.context;
    let at = |span: std::ops::Range<usize>| line_of(&text, span.start);

    let id: ContextId =
        c.id.get_ref()
            .parse()
            .map_err(|e| Error::at(path, at(c.id.span()), format!("{e}")))?;
    check_version_text(c.version.get_ref())
        .map_err(|m| Error::at(path, at(c.version.span()), m))?;
    let created = OffsetDateTime::parse(c.created.get_ref(), &Rfc3339).map_err(|e| {
        Error::at(
            path,
            at(c.created.span()),
            format!("created : date RFC 3339 attendue (ex. 2025-11-01T09:00:00+01:00) : {e}"),
        )
    })?;
    // Sources written for an older schema load into the newest one (later migrations only
    // add tables and defaulted columns); sources for a newer schema need a newer program.
    let built = crate::schema_version_known();
    if *c.schema_version.get_ref() > built {
        return Err(Error::at(
            path,
            at(c.schema_version.span()),
            format!(
                "schema_version = {}, mais ce programme ne connaît que le schéma {built} : \
                 utilisez une version plus récente de e5",
                c.schema_version.get_ref()
            ),
        ));
    }
    Ok(ContextFile {
        id,
        version: c.version.into_inner(),
        title: c.title,
        created: c.created.into_inner(),
        created_local: local_time_text(created),
        schema_version: built,
        settings: raw.settings,
    })
}

/// The version is part of a folder name (`<id>@<version>`): keep it to a safe alphabet.
pub(crate) fn check_version_text(version: &str) -> Result<(), String> {
    let ok = !version.is_empty()
        && version.len() <= 64
        && !version.starts_with('.')
        && version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-+".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "version invalide : « {version} » (attendu : lettres, chiffres, « . », « - », « _ » ou « + »)"
        ))
    }
}

/// The date as written (its own offset), in the shop's `YYYY-MM-DD HH:MM:SS` form.
fn local_time_text(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}
