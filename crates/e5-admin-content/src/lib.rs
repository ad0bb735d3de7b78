//! The back-office, content side, under `/s/<id>/admin/`: what a candidate trained on
//! WordPress expects (Articles, Pages, Médias, Commentaires, Apparence, Réglages,
//! Utilisateurs). Every write goes through `e5_shop::command` (see [`commands`]); the
//! WordPress roles are enforced by the handlers on top of the profile rights ([`roles`]).

pub mod appearance;
pub mod commands;
mod comments;
mod dashboard;
pub mod media;
mod menu;
mod people;
pub mod posts;
pub mod roles;
pub mod settings;
mod taxonomy;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::routing::{get, post};
use e5_shop::admin::{Area, Tab, add, delete, edit, view};
use e5_shop::web::ShopState;
use include_dir::{Dir, include_dir};

pub use menu::MENU;

/// Templates of this side, under `admin/content/`.
pub static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
/// Static files of this side, under `/assets/content/`.
pub static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

/// Every area of this side, each route with its declared right.
pub fn areas<S>() -> Vec<Area<S>>
where
    S: Clone + Send + Sync + 'static,
    ShopState: FromRef<S>,
{
    let a = e5_shop::admin::ROUTE;
    let mut content = Area::new(Tab::Content)
        .route(
            &format!("{a}/articles/brouillon-rapide"),
            add(post(dashboard::quick_draft)),
        )
        .route(&format!("{a}/newsletter"), view(get(people::newsletter)))
        .route(
            &format!("{a}/articles/categories"),
            view(get(taxonomy::list)),
        )
        .route(
            &format!("{a}/articles/categories/nouveau"),
            add(post(taxonomy::add)),
        )
        .route(
            &format!("{a}/articles/categories/{{id}}/supprimer"),
            delete(post(taxonomy::delete)),
        )
        .route(
            &format!("{a}/articles/etiquettes"),
            view(get(taxonomy::list)),
        )
        .route(
            &format!("{a}/articles/etiquettes/nouveau"),
            add(post(taxonomy::add)),
        )
        .route(
            &format!("{a}/articles/etiquettes/{{id}}/supprimer"),
            delete(post(taxonomy::delete)),
        )
        .route(
            &format!("{a}/newsletter/abonnes.csv"),
            view(get(people::newsletter_csv)),
        );
    for section in ["articles", "pages"] {
        content = content
            .route(&format!("{a}/{section}"), view(get(posts::list)))
            .route(
                &format!("{a}/{section}/nouveau"),
                view(get(posts::new)).and(add(post(posts::create))),
            )
            .route(
                &format!("{a}/{section}/{{id}}"),
                view(get(posts::edit)).and(edit(post(posts::update))),
            )
            .route(
                &format!("{a}/{section}/{{id}}/supprimer"),
                delete(post(posts::delete)),
            )
            .route(
                &format!("{a}/{section}/{{id}}/apercu"),
                view(get(posts::preview)),
            )
            .route(
                &format!("{a}/{section}/{{id}}/revisions/{{rev}}"),
                edit(post(posts::restore)),
            );
    }
    let comments = Area::new(Tab::Comments)
        .route(&format!("{a}/commentaires"), view(get(comments::list)))
        .route(
            &format!("{a}/commentaires/avis"),
            view(get(comments::reviews)),
        )
        .route(
            &format!("{a}/commentaires/avis/{{id}}/{{action}}"),
            edit(post(comments::review_action)),
        )
        .route(
            &format!("{a}/commentaires/{{id}}/supprimer"),
            edit(post(comments::trash)),
        )
        .route(
            &format!("{a}/commentaires/{{id}}/repondre"),
            edit(post(comments::reply)),
        )
        .route(
            &format!("{a}/commentaires/{{id}}/{{action}}"),
            edit(post(comments::moderate)),
        );
    let media = Area::new(Tab::Media)
        .route(&format!("{a}/medias"), view(get(media::list)))
        .route(
            &format!("{a}/medias/nouveau"),
            add(post(media::upload)
                .layer(DefaultBodyLimit::max(media::MAX_BYTES + 256 * 1024))
                .layer(axum::middleware::from_fn(e5_shop::web::busy::limited))),
        )
        .route(
            &format!("{a}/medias/{{id}}"),
            view(get(media::show)).and(edit(post(media::update))),
        )
        .route(
            &format!("{a}/medias/{{id}}/supprimer"),
            delete(post(media::delete)),
        );
    let design = Area::new(Tab::Design)
        .route(
            &format!("{a}/apparence/menus"),
            view(get(appearance::menus)),
        )
        .route(
            &format!("{a}/apparence/menus/nouveau"),
            add(post(appearance::add_item)),
        )
        .route(
            &format!("{a}/apparence/menus/{{id}}"),
            edit(post(appearance::update_item)),
        )
        .route(
            &format!("{a}/apparence/menus/{{id}}/supprimer"),
            delete(post(appearance::delete_item)),
        )
        .route(
            &format!("{a}/apparence/widgets"),
            view(get(appearance::widgets)),
        )
        .route(
            &format!("{a}/apparence/widgets/nouveau"),
            add(post(appearance::add_widget)),
        )
        .route(
            &format!("{a}/apparence/widgets/{{id}}/supprimer"),
            delete(post(appearance::delete_widget)),
        )
        .route(
            &format!("{a}/apparence/identite"),
            view(get(appearance::identity)).and(edit(post(appearance::save_identity))),
        )
        .route(&format!("{a}/apparence/accueil"), view(get(taxonomy::home)))
        .route(
            &format!("{a}/apparence/accueil/nouveau"),
            add(post(taxonomy::add_block)),
        )
        .route(
            &format!("{a}/apparence/accueil/{{id}}"),
            edit(post(taxonomy::save_block)),
        );
    let settings = Area::new(Tab::Settings)
        .route(
            &format!("{a}/reglages/general"),
            view(get(settings::general)).and(edit(post(settings::save_general))),
        )
        .route(
            &format!("{a}/reglages/lecture"),
            view(get(settings::reading)).and(edit(post(settings::save_reading))),
        )
        .route(
            &format!("{a}/reglages/discussion"),
            view(get(settings::discussion)).and(edit(post(settings::save_discussion))),
        )
        .route(
            &format!("{a}/reglages/confidentialite"),
            view(get(settings::privacy)).and(edit(post(settings::generate_privacy))),
        );
    let team = Area::new(Tab::Team)
        .route(&format!("{a}/utilisateurs"), view(get(people::users)))
        .route(
            &format!("{a}/utilisateurs/nouveau"),
            view(get(people::new_user)).and(add(post(people::create_user))),
        )
        .route(
            &format!("{a}/utilisateurs/{{id}}"),
            edit(post(people::set_role)),
        );
    let dash = Area::new(Tab::Dashboard)
        .route(&format!("{a}/"), view(get(dashboard::page)))
        .route(
            &format!("{a}/reponses"),
            view(get(people::answers)).and(edit(post(people::save_answer))),
        );
    vec![dash, content, comments, media, design, settings, team]
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
        if let Err(e) = e5_shop::web::templates::build(&[
            &e5_shop::web::templates::TEMPLATES,
            &super::TEMPLATES,
        ]) {
            let mut msg = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                msg.push_str(&format!("\n{s}"));
                source = s.source();
            }
            panic!("{msg}");
        }
    }

    use axum::http::Method;
    use e5_shop::admin::{Right, Tab};
    use e5_shop::web::ShopState;

    fn right(tab: Tab, path: &str) -> Option<Right> {
        let areas = super::areas::<ShopState>();
        let area = areas.iter().find(|a| a.tab() == tab).expect("area");
        area.right_of(&format!("/s/{{sandbox}}/admin{path}"), &Method::POST)
    }

    /// One command needs one right, whichever route it is posted to.
    #[test]
    fn the_same_command_needs_the_same_right() {
        // Trashing a comment: its "Corbeille" action and its "/supprimer" route.
        let trash = right(Tab::Comments, "/commentaires/{id}/supprimer");
        assert_eq!(trash, right(Tab::Comments, "/commentaires/{id}/{action}"));
        assert_eq!(trash, Some(Right::Edit));
        // Creating an article: the dashboard's quick draft and the editor.
        let create = right(Tab::Content, "/articles/nouveau");
        assert_eq!(create, right(Tab::Content, "/articles/brouillon-rapide"));
        assert_eq!(create, Some(Right::Add));
        // Moderating a product review: an edit, as in the shop side's SAV › Avis.
        assert_eq!(
            right(Tab::Comments, "/commentaires/avis/{id}/{action}"),
            Some(Right::Edit)
        );
    }

    #[test]
    fn every_page_reads_and_every_form_declares_its_right() {
        for area in super::areas::<ShopState>() {
            assert!(!area.declarations().is_empty(), "{:?}", area.tab());
            for d in area.declarations() {
                assert!(d.path.starts_with("/s/{sandbox}/admin/"), "{}", d.path);
            }
        }
        assert_eq!(
            right(Tab::Content, "/articles/{id}/supprimer"),
            Some(Right::Delete)
        );
        assert_eq!(
            super::areas::<ShopState>()[0].right_of("/s/{sandbox}/admin/", &Method::GET),
            Some(Right::View)
        );
    }
}
