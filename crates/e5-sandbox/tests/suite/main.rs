//! Integration tests of e5-sandbox on real files in temporary folders (one test binary, so
//! the crate and its dependencies are linked once).

mod broken_sources;
mod common;
mod packages;
mod reference_site;
mod sandboxes;
mod signing;
