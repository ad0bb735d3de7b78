#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test
//! End-to-end tests of the `e5` binary's parts put together: real package files, real
//! SQLite files, a real HTTP server on port 0. One module per area of the product; the
//! reliability harnesses (`harness`, `faults`, `disk_full`, `floods`, `backup`) apart.

mod browser;
mod helpers;
mod routes;

mod accessibility_browser;
mod backoffice;
mod centre;
mod console;
mod content_backoffice;
mod context;
mod exam;
mod sandboxes;
mod security;
mod shop_backoffice;
mod storefront;
mod subjects;

mod backup;
mod disk_full;
mod faults;
mod floods;
mod harness;
