//! The back-office, shop side, under `/s/<id>/admin/boutique/`: what a candidate trained on
//! PrestaShop expects (Commandes, Catalogue, Clients, SAV, Statistiques, Modules,
//! Livraison, Paramètres, Équipe). Every write goes through `e5_shop::command`, from the
//! `commands` module; handlers only read.

mod carriers;
mod catalog;
mod commands;
mod customers;
mod dashboard;
mod form;
mod modules;
mod order_states;
mod orders;
mod promotions;
mod replies;
mod service;
mod settings;
mod stats;
mod team;
mod zones;

use axum::Router;
use axum::extract::FromRef;
use axum::routing::{get, post};
use e5_shop::admin::area;
use e5_shop::web::ShopState;
use include_dir::{Dir, include_dir};

/// Templates of this side, under `admin/shop/`.
pub static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
/// Static files of this side, under `/assets/shop/`.
pub static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

const B: &str = "/s/{sandbox}/admin/boutique";

fn at(path: &str) -> String {
    format!("{B}{path}")
}

pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    ShopState: FromRef<S>,
{
    use catalog::{brands, categories, lists, products};
    use promotions::cart_rules;
    Router::new()
        .merge(area(
            "dashboard",
            Router::new().route(&at("/"), get(dashboard::page)),
        ))
        .merge(area(
            "orders",
            Router::new()
                .route(&at("/commandes"), get(orders::list))
                .route(
                    &at("/commandes/nouveau"),
                    get(orders::create::form).post(orders::create::create),
                )
                .route(&at("/commandes/etats"), get(order_states::list))
                .route(
                    &at("/commandes/etats/nouveau"),
                    get(order_states::new_form).post(order_states::create),
                )
                .route(
                    &at("/commandes/etats/{id}"),
                    get(order_states::edit).post(order_states::save),
                )
                .route(
                    &at("/commandes/etats/{id}/supprimer"),
                    post(order_states::delete),
                )
                .route(&at("/commandes/{id}"), get(orders::detail))
                .route(&at("/commandes/{id}/statut"), post(orders::change_state))
                .route(
                    &at("/commandes/{id}/facture"),
                    get(orders::documents::invoice),
                )
                .route(
                    &at("/commandes/{id}/bon-de-livraison"),
                    get(orders::documents::delivery_slip),
                ),
        ))
        .merge(area(
            "customers",
            Router::new()
                .route(&at("/clients"), get(customers::list))
                .route(&at("/clients/groupes"), get(customers::group_list))
                .route(
                    &at("/clients/groupes/nouveau"),
                    post(customers::group_create),
                )
                .route(
                    &at("/clients/groupes/{id}"),
                    get(customers::group_edit).post(customers::group_save),
                )
                .route(&at("/clients/{id}"), get(customers::record))
                .route(&at("/clients/{id}/groupes"), post(customers::save_groups)),
        ))
        .merge(area(
            "customer_service",
            Router::new()
                .route(&at("/sav"), get(service::threads))
                .route(&at("/sav/retours"), get(service::returns))
                .route(&at("/sav/retours/{id}"), post(service::return_step))
                .route(&at("/sav/avis"), get(service::reviews))
                .route(&at("/sav/avis/{id}"), post(service::moderate))
                .route(&at("/sav/reponses"), get(replies::list))
                .route(&at("/sav/reponses/nouveau"), post(replies::create))
                .route(
                    &at("/sav/reponses/{id}"),
                    get(replies::edit).post(replies::save),
                )
                .route(&at("/sav/reponses/{id}/supprimer"), post(replies::delete))
                .route(&at("/sav/{id}"), get(service::thread).post(service::reply)),
        ))
        .merge(area(
            "modules",
            Router::new()
                .route(&at("/modules"), get(modules::page))
                .route(
                    &at("/modules/{module}"),
                    get(modules::settings_page).post(modules::save_settings),
                ),
        ))
        .merge(area(
            "shipping",
            Router::new()
                .route(&at("/livraison/transporteurs"), get(settings::carriers))
                .route(
                    &at("/livraison/transporteurs/nouveau"),
                    get(carriers::new_form).post(carriers::create),
                )
                .route(
                    &at("/livraison/transporteurs/{id}"),
                    get(carriers::edit).post(carriers::save),
                )
                .route(
                    &at("/livraison/transporteurs/{id}/statut"),
                    post(carriers::set_status),
                )
                .route(
                    &at("/livraison/transporteurs/{id}/supprimer"),
                    post(carriers::delete),
                )
                .route(&at("/livraison/zones"), get(zones::list))
                .route(&at("/livraison/zones/nouveau"), post(zones::create))
                .route(&at("/livraison/zones/pays"), post(zones::assign))
                .route(&at("/livraison/zones/{id}"), post(zones::save))
                .route(&at("/livraison/zones/{id}/supprimer"), post(zones::delete))
                .route(
                    &at("/livraison/transporteurs/{id}/tranches/nouveau"),
                    post(settings::add_range),
                )
                .route(
                    &at("/livraison/transporteurs/{id}/tranches/{rid}/supprimer"),
                    post(settings::remove_range),
                )
                .route(
                    &at("/livraison/preferences"),
                    get(settings::shipping_preferences).post(settings::save_shipping_preferences),
                ),
        ))
        .merge(area(
            "settings",
            Router::new().route(
                &at("/parametres/paiement"),
                get(settings::payment).post(settings::save_payment),
            ),
        ))
        .merge(area(
            "team",
            Router::new()
                .route(&at("/equipe"), get(team::employees))
                .route(&at("/equipe/nouveau"), post(team::create_employee))
                .route(&at("/equipe/{id}/statut"), post(team::set_active))
                .route(&at("/equipe/profils"), get(team::profile_list))
                .route(
                    &at("/equipe/permissions"),
                    get(team::permissions).post(team::save_permissions),
                ),
        ))
        .merge(area(
            "stats",
            Router::new()
                .route(&at("/statistiques"), get(stats::page))
                .route(&at("/statistiques/export/{table}"), get(stats::export)),
        ))
        .merge(area(
            "catalog",
            Router::new()
                .route(&at("/catalogue/produits"), get(products::list))
                .route(&at("/catalogue/produits/nouveau"), post(products::create))
                .route(
                    &at("/catalogue/produits/{id}"),
                    get(products::edit).post(products::save),
                )
                .route(
                    &at("/catalogue/produits/{id}/declinaisons"),
                    post(products::generate),
                )
                .route(
                    &at("/catalogue/produits/{id}/prix-specifiques/nouveau"),
                    post(products::add_specific_price),
                )
                .route(
                    &at("/catalogue/produits/{id}/prix-specifiques/{sid}"),
                    post(products::save_specific_price),
                )
                .route(
                    &at("/catalogue/produits/{id}/prix-specifiques/{sid}/supprimer"),
                    post(products::remove_specific_price),
                )
                .route(
                    &at("/catalogue/produits/{id}/personnalisation/nouveau"),
                    post(products::add_customization),
                )
                .route(
                    &at("/catalogue/produits/{id}/personnalisation/{fid}/supprimer"),
                    post(products::remove_customization),
                )
                .route(
                    &at("/catalogue/produits/{id}/pack/nouveau"),
                    post(products::add_pack_item),
                )
                .route(
                    &at("/catalogue/produits/{id}/pack/{item}/supprimer"),
                    post(products::remove_pack_item),
                )
                .route(&at("/catalogue/stocks"), get(lists::stocks))
                .route(&at("/catalogue/categories"), get(lists::categories))
                .route(
                    &at("/catalogue/categories/nouveau"),
                    get(categories::new_form).post(categories::create),
                )
                .route(
                    &at("/catalogue/categories/{id}"),
                    get(categories::edit).post(categories::save),
                )
                .route(
                    &at("/catalogue/categories/{id}/supprimer"),
                    post(categories::delete),
                )
                .route(&at("/catalogue/marques"), get(brands::list))
                .route(&at("/catalogue/marques/nouveau"), post(brands::create))
                .route(
                    &at("/catalogue/marques/{id}"),
                    get(brands::edit).post(brands::save),
                )
                .route(
                    &at("/catalogue/marques/{id}/supprimer"),
                    post(brands::delete),
                )
                .route(&at("/catalogue/attributs"), get(lists::attributes))
                .route(
                    &at("/catalogue/attributs/alias/nouveau"),
                    post(lists::add_alias),
                )
                .route(
                    &at("/catalogue/attributs/alias/{id}/supprimer"),
                    post(lists::remove_alias),
                )
                .route(&at("/catalogue/reductions"), get(cart_rules::list))
                .route(
                    &at("/catalogue/reductions/nouveau"),
                    get(cart_rules::new_form).post(cart_rules::create),
                )
                .route(
                    &at("/catalogue/reductions/catalogue/nouveau"),
                    post(cart_rules::create_catalog_rule),
                )
                .route(
                    &at("/catalogue/reductions/{id}"),
                    get(cart_rules::edit).post(cart_rules::save),
                ),
        ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_compiles_with_the_shell() {
        e5_shop::web::templates::build(&[&e5_shop::web::templates::TEMPLATES, &super::TEMPLATES])
            .expect("templates compile");
    }
}
