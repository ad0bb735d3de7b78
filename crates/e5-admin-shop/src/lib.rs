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
mod menu;
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
use e5_shop::admin::{Area, Tab, add, delete, edit, view};
use e5_shop::web::ShopState;
use include_dir::{Dir, include_dir};

/// Templates of this side, under `admin/shop/`.
pub static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
/// Static files of this side, under `/assets/shop/`.
pub static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

pub use menu::MENU;

const B: &str = "/s/{sandbox}/admin/boutique";

fn at(path: &str) -> String {
    format!("{B}{path}")
}

/// Every area of this side, each route with its declared right.
pub fn areas<S>() -> Vec<Area<S>>
where
    S: Clone + Send + Sync + 'static,
    ShopState: FromRef<S>,
{
    use catalog::{brands, categories, lists, products};
    use promotions::cart_rules;
    vec![
        Area::new(Tab::Dashboard).route(&at("/"), view(get(dashboard::page))),
        Area::new(Tab::Orders)
            .route(&at("/commandes"), view(get(orders::list)))
            .route(
                &at("/commandes/nouveau"),
                view(get(orders::create::form)).and(add(post(orders::create::create))),
            )
            .route(&at("/commandes/etats"), view(get(order_states::list)))
            .route(
                &at("/commandes/etats/nouveau"),
                view(get(order_states::new_form)).and(add(post(order_states::create))),
            )
            .route(
                &at("/commandes/etats/{id}"),
                view(get(order_states::edit)).and(edit(post(order_states::save))),
            )
            .route(
                &at("/commandes/etats/{id}/supprimer"),
                delete(post(order_states::delete)),
            )
            .route(&at("/commandes/{id}"), view(get(orders::detail)))
            .route(
                &at("/commandes/{id}/statut"),
                edit(post(orders::change_state)),
            )
            .route(
                &at("/commandes/{id}/facture"),
                view(get(orders::documents::invoice)),
            )
            .route(
                &at("/commandes/{id}/bon-de-livraison"),
                view(get(orders::documents::delivery_slip)),
            ),
        Area::new(Tab::Customers)
            .route(&at("/clients"), view(get(customers::list)))
            .route(
                &at("/clients/nouveau"),
                view(get(customers::new_customer)).and(add(post(customers::create_customer))),
            )
            .route(
                &at("/clients/{id}/modifier"),
                view(get(customers::edit_customer)).and(edit(post(customers::save_customer))),
            )
            .route(
                &at("/clients/{id}/adresses"),
                edit(post(customers::add_address)),
            )
            .route(&at("/clients/groupes"), view(get(customers::group_list)))
            .route(
                &at("/clients/groupes/nouveau"),
                add(post(customers::group_create)),
            )
            .route(
                &at("/clients/groupes/{id}"),
                view(get(customers::group_edit)).and(edit(post(customers::group_save))),
            )
            .route(&at("/clients/{id}"), view(get(customers::record)))
            .route(
                &at("/clients/{id}/groupes"),
                edit(post(customers::save_groups)),
            ),
        Area::new(Tab::CustomerService)
            .route(&at("/sav"), view(get(service::threads)))
            .route(&at("/sav/retours"), view(get(service::returns)))
            .route(&at("/sav/retours/{id}"), edit(post(service::return_step)))
            .route(&at("/sav/avis"), view(get(service::reviews)))
            .route(&at("/sav/avis/{id}"), edit(post(service::moderate)))
            .route(&at("/sav/reponses"), view(get(replies::list)))
            .route(&at("/sav/reponses/nouveau"), add(post(replies::create)))
            .route(
                &at("/sav/reponses/{id}"),
                view(get(replies::edit)).and(edit(post(replies::save))),
            )
            .route(
                &at("/sav/reponses/{id}/supprimer"),
                delete(post(replies::delete)),
            )
            .route(
                &at("/sav/{id}"),
                view(get(service::thread)).and(edit(post(service::reply))),
            ),
        Area::new(Tab::Modules)
            .route(&at("/modules"), view(get(modules::page)))
            .route(
                &at("/modules/{module}"),
                view(get(modules::settings_page)).and(edit(post(modules::save_settings))),
            ),
        Area::new(Tab::Shipping)
            .route(
                &at("/livraison/transporteurs"),
                view(get(settings::carriers)),
            )
            .route(
                &at("/livraison/transporteurs/nouveau"),
                view(get(carriers::new_form)).and(add(post(carriers::create))),
            )
            .route(
                &at("/livraison/transporteurs/{id}"),
                view(get(carriers::edit)).and(edit(post(carriers::save))),
            )
            .route(
                &at("/livraison/transporteurs/{id}/statut"),
                edit(post(carriers::set_status)),
            )
            .route(
                &at("/livraison/transporteurs/{id}/supprimer"),
                delete(post(carriers::delete)),
            )
            .route(&at("/livraison/zones"), view(get(zones::list)))
            .route(&at("/livraison/zones/nouveau"), add(post(zones::create)))
            .route(&at("/livraison/zones/pays"), edit(post(zones::assign)))
            .route(&at("/livraison/zones/{id}"), edit(post(zones::save)))
            .route(
                &at("/livraison/zones/{id}/supprimer"),
                delete(post(zones::delete)),
            )
            .route(
                &at("/livraison/transporteurs/{id}/tranches/nouveau"),
                add(post(settings::add_range)),
            )
            .route(
                &at("/livraison/transporteurs/{id}/tranches/{rid}/supprimer"),
                delete(post(settings::remove_range)),
            )
            .route(
                &at("/livraison/preferences"),
                view(get(settings::shipping_preferences))
                    .and(edit(post(settings::save_shipping_preferences))),
            ),
        Area::new(Tab::Settings).route(
            &at("/parametres/paiement"),
            view(get(settings::payment)).and(edit(post(settings::save_payment))),
        ),
        Area::new(Tab::Team)
            .route(&at("/equipe"), view(get(team::employees)))
            .route(&at("/equipe/nouveau"), add(post(team::create_employee)))
            .route(&at("/equipe/{id}/statut"), edit(post(team::set_active)))
            .route(&at("/equipe/profils"), view(get(team::profile_list)))
            .route(
                &at("/equipe/permissions"),
                view(get(team::permissions)).and(edit(post(team::save_permissions))),
            ),
        Area::new(Tab::Stats)
            .route(&at("/statistiques"), view(get(stats::page)))
            .route(
                &at("/statistiques/export/{table}"),
                view(get(stats::export)),
            ),
        Area::new(Tab::Catalog)
            .route(&at("/catalogue/produits"), view(get(products::list)))
            .route(
                &at("/catalogue/produits/nouveau"),
                add(post(products::create)),
            )
            .route(
                &at("/catalogue/produits/{id}"),
                view(get(products::edit)).and(edit(post(products::save))),
            )
            .route(
                &at("/catalogue/produits/{id}/declinaisons"),
                edit(post(products::generate)),
            )
            .route(
                &at("/catalogue/produits/{id}/prix-specifiques/nouveau"),
                add(post(products::add_specific_price)),
            )
            .route(
                &at("/catalogue/produits/{id}/prix-specifiques/{sid}"),
                edit(post(products::save_specific_price)),
            )
            .route(
                &at("/catalogue/produits/{id}/prix-specifiques/{sid}/supprimer"),
                delete(post(products::remove_specific_price)),
            )
            .route(
                &at("/catalogue/produits/{id}/personnalisation/nouveau"),
                add(post(products::add_customization)),
            )
            .route(
                &at("/catalogue/produits/{id}/personnalisation/{fid}/supprimer"),
                delete(post(products::remove_customization)),
            )
            .route(
                &at("/catalogue/produits/{id}/pack/nouveau"),
                add(post(products::add_pack_item)),
            )
            .route(
                &at("/catalogue/produits/{id}/pack/{item}/supprimer"),
                delete(post(products::remove_pack_item)),
            )
            .route(&at("/catalogue/stocks"), view(get(lists::stocks)))
            .route(&at("/catalogue/categories"), view(get(lists::categories)))
            .route(
                &at("/catalogue/categories/nouveau"),
                view(get(categories::new_form)).and(add(post(categories::create))),
            )
            .route(
                &at("/catalogue/categories/{id}"),
                view(get(categories::edit)).and(edit(post(categories::save))),
            )
            .route(
                &at("/catalogue/categories/{id}/supprimer"),
                delete(post(categories::delete)),
            )
            .route(&at("/catalogue/marques"), view(get(brands::list)))
            .route(&at("/catalogue/marques/nouveau"), add(post(brands::create)))
            .route(
                &at("/catalogue/marques/{id}"),
                view(get(brands::edit)).and(edit(post(brands::save))),
            )
            .route(
                &at("/catalogue/marques/{id}/supprimer"),
                delete(post(brands::delete)),
            )
            .route(&at("/catalogue/attributs"), view(get(lists::attributes)))
            .route(
                &at("/catalogue/attributs/alias/nouveau"),
                add(post(lists::add_alias)),
            )
            .route(
                &at("/catalogue/attributs/alias/{id}/supprimer"),
                delete(post(lists::remove_alias)),
            )
            .route(&at("/catalogue/reductions"), view(get(cart_rules::list)))
            .route(
                &at("/catalogue/reductions/nouveau"),
                view(get(cart_rules::new_form)).and(add(post(cart_rules::create))),
            )
            .route(
                &at("/catalogue/reductions/catalogue/nouveau"),
                add(post(cart_rules::create_catalog_rule)),
            )
            .route(
                &at("/catalogue/reductions/{id}"),
                view(get(cart_rules::edit)).and(edit(post(cart_rules::save))),
            ),
    ]
}

/// The routes of this side.
pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    ShopState: FromRef<S>,
{
    areas().into_iter().fold(Router::new(), Router::merge)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_compiles_with_the_shell() {
        e5_shop::web::templates::build(&[&e5_shop::web::templates::TEMPLATES, &super::TEMPLATES])
            .expect("templates compile");
    }

    /// One command needs one right, whichever route it is posted to: moderating a product
    /// review is an edit here (SAV › Avis) as on the content side (Commentaires › Avis).
    #[test]
    fn moderating_a_review_is_an_edit_on_both_sides() {
        use axum::http::Method;
        use e5_shop::admin::{Right, Tab};
        let areas = super::areas::<e5_shop::web::ShopState>();
        let service = areas
            .iter()
            .find(|a| a.tab() == Tab::CustomerService)
            .expect("SAV");
        assert_eq!(
            service.right_of("/s/{sandbox}/admin/boutique/sav/avis/{id}", &Method::POST),
            Some(Right::Edit)
        );
    }
}
