//! Every write of the shop side of the back-office, one file per area. Each command runs
//! through `e5_shop::command::run`, so the change and its French journal row land together.

pub mod brand;
pub mod carrier;
pub mod cart_rule;
pub mod category;
pub mod customer;
pub mod customization;
pub mod modules;
pub mod order;
pub mod order_state;
pub mod pack;
pub mod product;
pub mod reply;
pub mod search_alias;
pub mod service;
pub mod settings;
pub mod specific_price;
pub mod team;
pub mod zone;
