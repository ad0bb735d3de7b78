//! Every write of the shop side of the back-office, one file per area. Each command runs
//! through `e5_shop::command::run`, so the change and its French journal row land together.

pub mod cart_rule;
pub mod customer;
pub mod order;
pub mod product;
pub mod service;
pub mod settings;
pub mod team;
