//! Integration tests of e5-subjects on the real reference context, packed and imported once
//! per test binary.

mod broken_subjects;
mod common;
mod examples;
mod generator;
mod solutions;
mod subject_sql;
