//! Exam day: the platform database (sessions, subjects, candidates, examiners, commissions),
//! candidate access by code, the sandbox gate, timers, the examiner console with live
//! journals and screen mirrors, grids autosaved into a hash-chained log, and the exports
//! (fiche d'évaluation, CSV of marks, session archive).

pub mod archive;
pub mod auth;
pub mod cli;
pub mod codes;
pub mod db;
pub mod demo;
pub mod disk;
pub mod error;
pub mod export;
pub mod gate;
pub mod grant;
pub mod grid;
pub mod limits;
pub mod planning;
pub mod slot;
pub mod staff;
pub mod timer;
pub mod web;
pub mod work;

use include_dir::{Dir, include_dir};

pub use db::Platform;
pub use error::{ExamError, Result};
pub use gate::ExamGate;
pub use web::{ExamState, router};

/// Templates of the exam pages, under `exam/`.
pub static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
/// Static files, under `/assets/exam/`.
pub static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");
