//! The back-office, content side, under `/s/<id>/admin/`: what a candidate trained on
//! WordPress expects (Articles, Pages, Médias, Commentaires, Apparence, Réglages,
//! Utilisateurs). Every write goes through `e5_shop::command`.

mod dashboard;

use axum::Router;
use axum::extract::FromRef;
use axum::routing::get;
use e5_shop::admin::area;
use e5_shop::web::ShopState;
use include_dir::{Dir, include_dir};

/// Templates of this side, under `admin/content/`.
pub static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
/// Static files of this side, under `/assets/content/`.
pub static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    ShopState: FromRef<S>,
{
    Router::new().merge(area(
        "dashboard",
        Router::new().route("/s/{sandbox}/admin/", get(dashboard::page)),
    ))
}
