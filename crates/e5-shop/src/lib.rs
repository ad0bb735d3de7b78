//! The reference shop of one sandbox: its schema, the command layer every write goes
//! through (with the journal), prices and carts, and the storefront.

pub mod admin;
pub mod cart;
pub mod catalog;
pub mod client;
pub mod command;
pub mod content;
pub mod db;
pub mod drafts;
pub mod journal;
pub mod limits;
pub mod modules;
pub mod pricing;
pub mod product_text;
pub mod site;
pub mod storage;
pub mod storefront;
pub mod visibility;
pub mod web;

pub use site::{Site, Sites};
