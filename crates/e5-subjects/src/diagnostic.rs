//! Diagnostics: what is wrong with a subject file, where, in words a teacher can act on.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// One problem in a subject file, printed `path:line: message` like a compiler does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: u32,
    pub message: String,
}

impl Diagnostic {
    pub fn new(file: &Path, line: u32, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
        }
    }
}

/// Every problem found in one go (a teacher fixes them all before running `check` again).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", join_lines(.0))]
pub struct SubjectError(pub Vec<Diagnostic>);

impl SubjectError {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.0
    }
}

impl From<Diagnostic> for SubjectError {
    fn from(d: Diagnostic) -> Self {
        Self(vec![d])
    }
}

fn join_lines(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Maps byte offsets of a source text to 1-based line numbers.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    pub(crate) fn line(&self, offset: usize) -> u32 {
        let index = self.starts.partition_point(|&s| s <= offset);
        u32::try_from(index).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_one_based_lines() {
        let index = LineIndex::new("a\nbc\n\nd");
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(2), 2);
        assert_eq!(index.line(5), 3);
        assert_eq!(index.line(6), 4);
    }

    #[test]
    fn a_diagnostic_prints_like_a_compiler_message() {
        let d = Diagnostic::new(Path::new("sujets/a.toml"), 12, "clé inconnue");
        assert_eq!(d.to_string(), "sujets/a.toml:12: clé inconnue");
        let whole = Diagnostic::new(Path::new("a.toml"), 0, "fichier illisible");
        assert_eq!(whole.to_string(), "a.toml: fichier illisible");
    }
}
