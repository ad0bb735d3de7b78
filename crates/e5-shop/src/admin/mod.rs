//! The back-office shell of every sandbox, under `/s/<sandbox-id>/admin/`: signing in, who
//! may do what, the layout with its left menu. The screens themselves live in the
//! `e5-admin-content` (WordPress-like) and `e5-admin-shop` (PrestaShop-like) crates, which
//! build on what this module offers.
//!
//! Permissions follow PrestaShop's profiles: each back-office area is a [`Tab`] with view /
//! add / edit / delete rights. Every route of an [`Area`] declares the [`Right`] it needs
//! (`view(get(…))`, `edit(post(…))`…), which is checked before its handler runs.

mod area;
pub mod drafts;
pub mod form;
mod login;
pub mod menu;
mod tab;

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRef, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Serialize;
use tera::Context;

use crate::journal::Actor;
use crate::site::Site;
use crate::web::cookies;
use crate::web::flash::Flash;
use crate::web::{ShopError, ShopState, resolve_site};
use e5_domain::setting;
use e5_shop_db::query::Read;

pub use area::{Area, Declaration, Declared, Right, add, delete, edit, view};
pub use tab::{Tab, UnknownTab};

pub use login::{
    AdminCookie, BackOfficeGuard, COOKIE_SECONDS, PER_ACCOUNT, PER_ADDRESS, admin_cookie_header,
    verify_admin_cookie,
};

const COOKIE: &str = "e5_admin";

/// A profile's rights on one tab.
#[derive(Debug, Clone, Serialize)]
pub struct Permission {
    pub tab: Tab,
    pub can_view: bool,
    pub can_add: bool,
    pub can_edit: bool,
    pub can_delete: bool,
}

impl Permission {
    /// The rights of `profile_permission` rows. A row naming an unknown tab grants
    /// nothing (fail closed): it is left out, and logged.
    pub fn from_rows(rows: Vec<(String, i64, i64, i64, i64)>) -> Vec<Permission> {
        rows.into_iter()
            .filter_map(|(tab, view, add, edit, delete)| match tab.parse::<Tab>() {
                Ok(tab) => Some(Permission {
                    tab,
                    can_view: view != 0,
                    can_add: add != 0,
                    can_edit: edit != 0,
                    can_delete: delete != 0,
                }),
                Err(e) => {
                    tracing::warn!(error = %e, "profile permission ignored");
                    None
                }
            })
            .collect()
    }
}

/// The employee signed in to a sandbox's back-office.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Employee {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub profile_id: i64,
    pub profile: String,
    /// WordPress role for the content side: administrator, editor, author, contributor.
    pub wp_role: String,
    #[sqlx(skip)]
    pub permissions: Vec<Permission>,
}

impl Employee {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    pub fn can(&self, tab: Tab, right: Right) -> bool {
        self.permissions.iter().any(|p| {
            p.tab == tab
                && match right {
                    Right::View => p.can_view,
                    Right::Add => p.can_add,
                    Right::Edit => p.can_edit,
                    Right::Delete => p.can_delete,
                }
        })
    }

    async fn load(db: &sqlx::SqlitePool, id: i64) -> Result<Option<Employee>, sqlx::Error> {
        let employee: Option<Employee> = db.row_optional(
            "SELECT e.id, e.first_name, e.last_name, e.email, e.profile_id, p.name AS profile, e.wp_role
             FROM employee e JOIN profile p ON p.id = e.profile_id WHERE e.id = ? AND e.active = 1",
            (id,),
        ).await?;
        let Some(mut employee) = employee else {
            return Ok(None);
        };
        let rows = db.rows(
            "SELECT tab, can_view, can_add, can_edit, can_delete FROM profile_permission WHERE profile_id = ?",
            (employee.profile_id,),
        ).await?;
        employee.permissions = Permission::from_rows(rows);
        Ok(Some(employee))
    }
}

/// One back-office request: the sandbox, the signed-in employee, where things are.
#[derive(Clone)]
pub struct Staff {
    pub state: ShopState,
    pub site: Arc<Site>,
    /// `/s/<id>`: the storefront of this sandbox.
    pub base: String,
    /// `/s/<id>/admin`: prefix of every back-office URL.
    pub admin: String,
    pub employee: Arc<Employee>,
    /// The one-time message; a page that shows it somewhere else takes it ([`Staff::take_flash`]).
    pub flash: Option<Flash>,
    /// A one-time message arrived with the request: the answer clears it.
    flash_arrived: bool,
    /// The request path, to highlight the current menu entry.
    pub path: String,
    /// What the exam-day gate decided (read-only, recorded), for the layout.
    pub access: crate::web::Access,
}

/// Why a back-office request did not get a [`Staff`]: not signed in (sent to the sign-in
/// page) or an error.
#[derive(Debug)]
pub enum StaffRejection {
    SignIn(String),
    Error(ShopError),
}

impl IntoResponse for StaffRejection {
    fn into_response(self) -> Response {
        match self {
            StaffRejection::SignIn(to) => Redirect::to(&to).into_response(),
            StaffRejection::Error(e) => e.into_response(),
        }
    }
}

impl From<ShopError> for StaffRejection {
    fn from(e: ShopError) -> Self {
        StaffRejection::Error(e)
    }
}

impl From<sqlx::Error> for StaffRejection {
    fn from(e: sqlx::Error) -> Self {
        StaffRejection::Error(ShopError::Database(e))
    }
}

impl<S> FromRequestParts<S> for Staff
where
    S: Send + Sync,
    ShopState: FromRef<S>,
{
    type Rejection = StaffRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(staff) = parts.extensions.get::<Staff>() {
            return Ok(staff.clone());
        }
        let (state, site) = resolve_site(parts, state).await?;
        let id = site.id;
        let base = id.site_path("");
        let admin = format!("{base}/admin");
        let employee_id = login::employee_of(&parts.headers, id, &state);
        let employee = match employee_id {
            Some(e) => Employee::load(site.db(), e).await?,
            None => None,
        };
        let Some(employee) = employee else {
            tracing::debug!(sandbox = %id, "back-office request without a valid sign-in");
            return Err(StaffRejection::SignIn(format!("{admin}/connexion")));
        };
        let flash = Flash::from_headers(&parts.headers, id, &state.cookie_key);
        let staff = Staff {
            flash_arrived: flash.is_some(),
            access: parts
                .extensions
                .get::<crate::web::Access>()
                .copied()
                .unwrap_or_default(),
            flash,
            path: parts.uri.path().to_owned(),
            state,
            site,
            base,
            admin,
            employee: Arc::new(employee),
        };
        parts.extensions.insert(staff.clone());
        Ok(staff)
    }
}

impl Staff {
    pub fn actor(&self) -> Actor {
        Actor::employee(self.employee.id, &self.employee.name())
    }

    /// Refuses with a French message when the employee's profile lacks the right.
    pub fn require(&self, tab: Tab, right: Right) -> Result<(), ShopError> {
        if self.employee.can(tab, right) {
            Ok(())
        } else {
            Err(ShopError::Forbidden(format!(
                "votre profil « {} » ne permet pas de {} la section « {} ».",
                self.employee.profile,
                right.label(),
                tab.label()
            )))
        }
    }

    /// Renders a back-office page inside the layout (top bar, left menu, messages).
    pub async fn render(
        &self,
        template: &str,
        title: &str,
        mut ctx: Context,
    ) -> Result<Response, ShopError> {
        let db = self.site.db();
        let shop_name: String = db
            .optional(
                "SELECT value FROM setting WHERE key = ?",
                (setting::SHOP_NAME,),
            )
            .await?
            .unwrap_or_default();
        let badges = menu::Badges::load(db).await?;
        ctx.insert("base", &self.base);
        ctx.insert("admin", &self.admin);
        ctx.insert("title", title);
        ctx.insert("shop_name", &shop_name);
        ctx.insert("employee", &*self.employee);
        ctx.insert(
            "menu",
            &menu::for_employee(
                &self.state.menu,
                &self.employee,
                &self.admin,
                &self.path,
                &badges,
            ),
        );
        ctx.insert("side", &menu::side_of(&self.admin, &self.path));
        // A refusal (`refuse`) shows as an error, not as a success.
        let (flash, flash_error) = Flash::split(self.flash.as_ref());
        ctx.insert("flash", &flash);
        ctx.insert("flash_error", &flash_error);
        ctx.insert("exam", &self.access);
        let html = self.state.templates.render(template, &ctx)?;
        let mut response = axum::response::Html(html).into_response();
        if self.flash_arrived {
            cookies::append(&mut response, &Flash::clear_cookie(self.site.id));
        }
        Ok(response)
    }

    /// Takes the one-time message for a page that shows it elsewhere than at the top (the
    /// layout then shows nothing; the message is still cleared, so it is seen once).
    pub fn take_flash(&mut self) -> Option<Flash> {
        self.flash.take()
    }

    /// Like [`Staff::redirect`], for a refusal: the message is shown as an error.
    pub fn refuse(&self, to: &str, message: Option<&str>) -> Response {
        self.redirect_with(to, message.map(Flash::error))
    }

    /// Redirects to a back-office path (relative to `/s/<id>/admin`), with a one-time
    /// success message.
    pub fn redirect(&self, to: &str, message: Option<&str>) -> Response {
        self.redirect_with(to, message.map(Flash::success))
    }

    /// Redirects to a back-office path (relative to `/s/<id>/admin`), with a one-time message.
    pub fn redirect_with(&self, to: &str, flash: Option<Flash>) -> Response {
        let mut response = Redirect::to(&format!("{}{to}", self.admin)).into_response();
        if let Some(f) = flash {
            cookies::append(
                &mut response,
                &f.set_cookie(self.site.id, &self.state.cookie_key),
            );
        }
        response
    }
}

/// Resolves the signed-in employee once for every back-office route (or sends to sign-in).
async fn with_staff(State(state): State<ShopState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    match Staff::from_request_parts(&mut parts, &state).await {
        Ok(_) => next.run(Request::from_parts(parts, body)).await,
        Err(rejection) => rejection.into_response(),
    }
}

/// The route pattern every back-office path starts with; a handler's own paths are relative
/// to it (`staff.redirect("/commentaires", …)`), and [`e5_domain::SandboxId::admin_path`]
/// makes one sandbox's.
pub const ROUTE: &str = "/s/{sandbox}/admin";

/// The back-office: sign-in routes, plus the areas given (each an [`Area`]), all
/// requiring a signed-in employee.
pub fn router<S>(state: ShopState, areas: Router<S>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    ShopState: FromRef<S>,
{
    let a = ROUTE;
    let protected = areas
        .route(
            &format!("{a}/brouillons"),
            get(drafts::load).post(drafts::save),
        )
        .route(
            &format!("{a}/brouillons/supprimer"),
            axum::routing::post(drafts::delete),
        )
        // Inside `with_staff` (layered after it), so that the employee is known.
        .route_layer(middleware::from_fn(drafts::forget_sent))
        .route_layer(middleware::from_fn_with_state(state, with_staff));
    Router::new()
        .route(
            ROUTE,
            get(|staff: Result<Staff, StaffRejection>| async move {
                match staff {
                    Ok(s) => s.redirect("/", None),
                    Err(r) => r.into_response(),
                }
            }),
        )
        .merge(login::router())
        .merge(protected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn employee(rows: Vec<(&str, i64, i64, i64, i64)>) -> Employee {
        Employee {
            id: 1,
            first_name: "A".into(),
            last_name: "B".into(),
            email: "a@b.fr".into(),
            profile_id: 2,
            profile: "Logisticien".into(),
            wp_role: "editor".into(),
            permissions: Permission::from_rows(
                rows.into_iter()
                    .map(|(t, v, a, e, d)| (t.to_owned(), v, a, e, d))
                    .collect(),
            ),
        }
    }

    #[test]
    fn a_permission_on_an_unknown_tab_grants_nothing() {
        let e = employee(vec![
            ("catalog", 1, 0, 1, 0),
            ("Catalog", 1, 1, 1, 1),
            ("catalogue", 1, 1, 1, 1),
            ("", 1, 1, 1, 1),
        ]);
        assert_eq!(e.permissions.len(), 1);
        assert!(e.can(Tab::Catalog, Right::View));
        assert!(e.can(Tab::Catalog, Right::Edit));
        assert!(!e.can(Tab::Catalog, Right::Add));
        assert!(!e.can(Tab::Catalog, Right::Delete));
        for tab in Tab::ALL.into_iter().filter(|t| *t != Tab::Catalog) {
            assert!(!e.can(tab, Right::View), "{tab}");
        }
    }
}
