//! Prices and promotions: cart rules (promo codes) and the list of catalogue price rules.

pub mod cart_rules;
