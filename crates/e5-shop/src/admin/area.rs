//! The routes of one back-office area, each declaring the right it needs on the area's
//! [`Tab`]: `view(get(page))`, `add(post(create))`, `edit(post(save))`,
//! `delete(post(remove))`, combined with [`Declared::and`]. A route cannot be added to an
//! [`Area`] without its right, and nothing is derived from the URL: one command has one
//! right whatever the path it is posted to.

use axum::Router;
use axum::extract::{FromRef, Request};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use serde::Serialize;
use tera::Context;

use super::{Staff, Tab};
use crate::web::{ShopError, ShopState};

/// A right on a back-office area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Right {
    View,
    Add,
    Edit,
    Delete,
}

impl Right {
    pub(super) fn label(self) -> &'static str {
        match self {
            Right::View => "consulter",
            Right::Add => "ajouter dans",
            Right::Edit => "modifier",
            Right::Delete => "supprimer dans",
        }
    }
}

/// The methods of one route, each with the right it needs.
pub struct Declared<S> {
    parts: Vec<(Right, MethodRouter<S>)>,
}

fn declared<S>(right: Right, methods: MethodRouter<S>) -> Declared<S> {
    Declared {
        parts: vec![(right, methods)],
    }
}

/// Pages that read (GET): the view right. Any other method they answer is refused.
pub fn view<S>(methods: MethodRouter<S>) -> Declared<S> {
    declared(Right::View, methods)
}

/// A form that creates something: the add right.
pub fn add<S>(methods: MethodRouter<S>) -> Declared<S> {
    declared(Right::Add, methods)
}

/// A form that changes something (moderating and trashing included): the edit right.
pub fn edit<S>(methods: MethodRouter<S>) -> Declared<S> {
    declared(Right::Edit, methods)
}

/// A form that deletes something: the delete right.
pub fn delete<S>(methods: MethodRouter<S>) -> Declared<S> {
    declared(Right::Delete, methods)
}

impl<S> Declared<S> {
    /// The methods of both (e.g. `view(get(page)).and(edit(post(save)))`).
    pub fn and(mut self, other: Declared<S>) -> Declared<S> {
        self.parts.extend(other.parts);
        self
    }
}

/// One route's declaration, for tests and documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub path: String,
    pub right: Right,
}

/// The routes of one back-office area: every request is signed in (the back-office router
/// resolves the [`Staff`] first) and holds the right its route declares on `tab`.
pub struct Area<S> {
    tab: Tab,
    router: Router<S>,
    declarations: Vec<Declaration>,
}

impl<S> Area<S>
where
    S: Clone + Send + Sync + 'static,
    ShopState: FromRef<S>,
{
    pub fn new(tab: Tab) -> Area<S> {
        Area {
            tab,
            router: Router::new(),
            declarations: Vec::new(),
        }
    }

    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// Adds a route whose every method declares its right.
    pub fn route(mut self, path: &str, methods: Declared<S>) -> Area<S> {
        let tab = self.tab;
        let mut all = MethodRouter::new();
        for (right, m) in methods.parts {
            self.declarations.push(Declaration {
                path: path.to_owned(),
                right,
            });
            all = all.merge(m.route_layer(middleware::from_fn(
                move |request: Request, next: Next| guard(tab, right, request, next),
            )));
        }
        // Called as a function: the access matrix test reads every method call `route` of the
        // sources as a route of the server, and this one is the generic one behind them.
        self.router = Router::route(self.router, path, all);
        self
    }

    /// What each route needs (a route with a page and a form appears twice).
    pub fn declarations(&self) -> &[Declaration] {
        &self.declarations
    }

    /// The right `path` declares for a request of `method`, as the guard applies it.
    pub fn right_of(&self, path: &str, method: &Method) -> Option<Right> {
        let reads = matches!(*method, Method::GET | Method::HEAD);
        self.declarations
            .iter()
            .filter(|d| d.path == path)
            .map(|d| d.right)
            .find(|r| (*r == Right::View) == reads)
    }
}

impl<S> From<Area<S>> for Router<S> {
    fn from(area: Area<S>) -> Router<S> {
        area.router
    }
}

async fn guard(tab: Tab, right: Right, request: Request, next: Next) -> Response {
    let staff = request.extensions().get::<Staff>().cloned();
    let Some(staff) = staff else {
        // Area routers are layered with `with_staff`, which inserts the Staff first.
        return ShopError::NotFound.into_response();
    };
    // A read right never lets a state change through, whatever the route answers.
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    if right == Right::View && !reads {
        return ShopError::NotFound.into_response();
    }
    if let Err(refused) = staff.require(tab, right) {
        tracing::debug!(
            employee = staff.employee.id,
            %tab,
            ?right,
            "back-office right refused"
        );
        return forbidden(&staff, refused).await;
    }
    next.run(request).await
}

async fn forbidden(staff: &Staff, refused: ShopError) -> Response {
    let mut ctx = Context::new();
    ctx.insert("reason", &refused.to_string());
    match staff
        .render("admin/forbidden.html", "Accès refusé", ctx)
        .await
    {
        Ok(mut page) => {
            *page.status_mut() = axum::http::StatusCode::FORBIDDEN;
            page
        }
        Err(e) => e.into_response(),
    }
}
