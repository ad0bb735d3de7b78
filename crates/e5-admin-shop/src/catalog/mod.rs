//! Catalogue: products (tabbed form like PrestaShop 1.7) and their combinations.

pub mod brands;
pub mod categories;
pub mod lists;
pub mod products;
