//! Turning TOML errors and spans into line numbers of the file the TOML came from.

use std::path::Path;

use crate::Error;

/// 1-based line of a byte offset in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> u64 {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

/// A TOML parse/shape error as `file:line : message`. `first_line` is the line of the file
/// where `text` starts (front matter starts after the `+++` line).
pub(crate) fn toml_error(file: &Path, text: &str, first_line: u64, err: &toml::de::Error) -> Error {
    let line = err.span().map(|s| line_of(text, s.start)).unwrap_or(1) + first_line - 1;
    Error::at(
        file,
        line,
        format!("TOML invalide : {}", err.message().trim()),
    )
}

/// Converts a date written in TOML (a string, or a TOML date-time) to the shop's
/// `YYYY-MM-DD HH:MM:SS` local-time text.
pub(crate) fn shop_time(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(dt) => {
            let date = dt.date?;
            let (hour, minute, second) =
                dt.time.map_or((0, 0, 0), |t| (t.hour, t.minute, t.second));
            Some(format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                date.year, date.month, date.day, hour, minute, second
            ))
        }
        _ => None,
    }
}
