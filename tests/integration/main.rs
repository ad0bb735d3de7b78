#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test
//! End-to-end tests of the `e5` binary's parts put together: real package files, real
//! SQLite files, a real HTTP server on port 0.

mod browser;
mod helpers;

mod access_matrix;
mod admin_content;
mod admin_shop;
mod admin_shop_catalog;
mod admin_shop_gaps;
mod admin_shop_setup;
mod backoffice;
mod backup;
mod context;
mod disk_full;
mod drafts;
mod drafts_browser;
mod exam;
mod exam_browser;
mod exam_centre;
mod exam_console;
mod faults;
mod floods;
mod harness;
mod lifecycle;
mod security_browser;
mod sign_in_limits;
mod signed_cookies;
mod solutions;
mod storefront;
