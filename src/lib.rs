//! The `e5` program: command line, server wiring and the built-in demo. The logic lives in
//! the crates under `crates/`; this package only puts them together.

pub mod cli;
pub mod demo;
pub mod server;
