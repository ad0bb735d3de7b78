//! Exam subjects: the subject file format, its data overlay, the automatic checks that
//! show the examiner what a candidate did, the prepared database each candidate's sandbox
//! is forked from, and the subject generator (the printed sheet and grid are in e5-papers).
//!
//! - [`Subject::load`] parses and validates a file (diagnostics at `path:line`);
//! - [`check`] does the rules that need the installed context;
//! - [`prepare`] builds `<data>/subjects/<code>/prepared.db`;
//! - [`evaluate`] reads a sandbox and returns evidence per grid row;
//! - [`generator`] writes new subjects.

mod check;
pub mod checks;
pub mod cli;
mod diagnostic;
pub mod generator;
mod model;
pub mod overlay;
mod parse;
mod prepare;
mod text;
mod validate;

use std::path::Path;

pub use check::{Report, check, check_files};
pub use checks::{Check, CheckResult, RowEvidence, Writing, describe, evaluate, kind_name};
pub use diagnostic::{Diagnostic, SubjectError};
pub use generator::{GenerateError, generate};
pub use model::{
    Annex, AnnexImage, AnnexTable, CRITERIA, ContextRef, Descriptors, GridRow, Located, Question,
    QuestionKind, Side, Subject,
};
pub use overlay::OverlayEntry;
pub use prepare::{ANSWER_TABLE_SQL, PreparedSubject, prepare, resolve_context};

impl Subject {
    /// Reads and validates a subject file (everything that needs no database).
    pub fn load(path: &Path) -> Result<Subject, SubjectError> {
        parse::load(path)
    }

    /// Same as [`Subject::load`], from text already read (`path` names it in diagnostics).
    pub fn parse(path: &Path, text: &str) -> Result<Subject, SubjectError> {
        parse::parse(path, text)
    }
}
