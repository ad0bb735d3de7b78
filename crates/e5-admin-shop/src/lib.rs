//! The back-office, shop side, under `/s/<id>/admin/boutique/`: what a candidate trained on
//! PrestaShop expects (Commandes, Catalogue, Clients, SAV, Statistiques, Modules,
//! Livraison, Paramètres, Équipe). Every write goes through `e5_shop::command`.

mod dashboard;

use axum::Router;
use axum::extract::FromRef;
use axum::routing::get;
use e5_shop::admin::area;
use e5_shop::web::ShopState;
use include_dir::{Dir, include_dir};

/// Templates of this side, under `admin/shop/`.
pub static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
/// Static files of this side, under `/assets/shop/`.
pub static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    ShopState: FromRef<S>,
{
    Router::new().merge(area(
        "dashboard",
        Router::new().route("/s/{sandbox}/admin/boutique/", get(dashboard::page)),
    ))
}
