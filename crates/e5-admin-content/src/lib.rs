//! The back-office, content side, under `/s/<id>/admin/`: what a candidate trained on
//! WordPress expects (Articles, Pages, Médias, Commentaires, Apparence, Réglages,
//! Utilisateurs). Every write goes through `e5_shop::command` (see [`commands`]); the
//! WordPress roles are enforced by the handlers on top of the profile rights ([`roles`]).

pub mod appearance;
pub mod commands;
mod comments;
mod dashboard;
pub mod media;
mod people;
pub mod posts;
pub mod roles;
pub mod settings;
mod taxonomy;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::routing::{get, post};
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
    let a = "/s/{sandbox}/admin";
    let mut content = Router::new()
        .route(
            &format!("{a}/articles/brouillon-rapide"),
            post(dashboard::quick_draft),
        )
        .route(&format!("{a}/newsletter"), get(people::newsletter))
        .route(&format!("{a}/articles/categories"), get(taxonomy::list))
        .route(
            &format!("{a}/articles/categories/nouveau"),
            post(taxonomy::add),
        )
        .route(
            &format!("{a}/articles/categories/{{id}}/supprimer"),
            post(taxonomy::delete),
        )
        .route(&format!("{a}/articles/etiquettes"), get(taxonomy::list))
        .route(
            &format!("{a}/articles/etiquettes/nouveau"),
            post(taxonomy::add),
        )
        .route(
            &format!("{a}/articles/etiquettes/{{id}}/supprimer"),
            post(taxonomy::delete),
        )
        .route(
            &format!("{a}/newsletter/abonnes.csv"),
            get(people::newsletter_csv),
        );
    for section in ["articles", "pages"] {
        content = content
            .route(&format!("{a}/{section}"), get(posts::list))
            .route(
                &format!("{a}/{section}/nouveau"),
                get(posts::new).post(posts::create),
            )
            .route(
                &format!("{a}/{section}/{{id}}"),
                get(posts::edit).post(posts::update),
            )
            .route(
                &format!("{a}/{section}/{{id}}/supprimer"),
                post(posts::delete),
            )
            .route(&format!("{a}/{section}/{{id}}/apercu"), get(posts::preview))
            .route(
                &format!("{a}/{section}/{{id}}/revisions/{{rev}}"),
                post(posts::restore),
            );
    }
    let comments = Router::new()
        .route(&format!("{a}/commentaires"), get(comments::list))
        .route(&format!("{a}/commentaires/avis"), get(comments::reviews))
        .route(
            &format!("{a}/commentaires/avis/{{id}}/{{action}}"),
            post(comments::review_action),
        )
        .route(
            &format!("{a}/commentaires/{{id}}/supprimer"),
            post(comments::trash),
        )
        .route(
            &format!("{a}/commentaires/{{id}}/repondre"),
            post(comments::reply),
        )
        .route(
            &format!("{a}/commentaires/{{id}}/{{action}}"),
            post(comments::moderate),
        );
    let media = Router::new()
        .route(&format!("{a}/medias"), get(media::list))
        .route(
            &format!("{a}/medias/nouveau"),
            post(media::upload)
                .layer(DefaultBodyLimit::max(media::MAX_BYTES + 256 * 1024))
                .layer(axum::middleware::from_fn(e5_shop::web::busy::limited)),
        )
        .route(
            &format!("{a}/medias/{{id}}"),
            get(media::show).post(media::update),
        )
        .route(&format!("{a}/medias/{{id}}/supprimer"), post(media::delete));
    let design = Router::new()
        .route(&format!("{a}/apparence/menus"), get(appearance::menus))
        .route(
            &format!("{a}/apparence/menus/nouveau"),
            post(appearance::add_item),
        )
        .route(
            &format!("{a}/apparence/menus/{{id}}"),
            post(appearance::update_item),
        )
        .route(
            &format!("{a}/apparence/menus/{{id}}/supprimer"),
            post(appearance::delete_item),
        )
        .route(&format!("{a}/apparence/widgets"), get(appearance::widgets))
        .route(
            &format!("{a}/apparence/widgets/nouveau"),
            post(appearance::add_widget),
        )
        .route(
            &format!("{a}/apparence/widgets/{{id}}/supprimer"),
            post(appearance::delete_widget),
        )
        .route(
            &format!("{a}/apparence/identite"),
            get(appearance::identity).post(appearance::save_identity),
        )
        .route(&format!("{a}/apparence/accueil"), get(taxonomy::home))
        .route(
            &format!("{a}/apparence/accueil/nouveau"),
            post(taxonomy::add_block),
        )
        .route(
            &format!("{a}/apparence/accueil/{{id}}"),
            post(taxonomy::save_block),
        );
    let settings = Router::new()
        .route(
            &format!("{a}/reglages/general"),
            get(settings::general).post(settings::save_general),
        )
        .route(
            &format!("{a}/reglages/lecture"),
            get(settings::reading).post(settings::save_reading),
        )
        .route(
            &format!("{a}/reglages/discussion"),
            get(settings::discussion).post(settings::save_discussion),
        )
        .route(
            &format!("{a}/reglages/confidentialite"),
            get(settings::privacy).post(settings::generate_privacy),
        );
    let team = Router::new()
        .route(&format!("{a}/utilisateurs"), get(people::users))
        .route(&format!("{a}/utilisateurs/{{id}}"), post(people::set_role));
    let dash = Router::new()
        .route(&format!("{a}/"), get(dashboard::page))
        .route(
            &format!("{a}/reponses"),
            get(people::answers).post(people::save_answer),
        );
    Router::new()
        .merge(area("dashboard", dash))
        .merge(area("content", content))
        .merge(area("comments", comments))
        .merge(area("media", media))
        .merge(area("design", design))
        .merge(area("settings", settings))
        .merge(area("team", team))
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
}
