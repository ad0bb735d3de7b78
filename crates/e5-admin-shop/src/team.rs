//! Équipe: employees, profiles and the permissions matrix (profile × tab × rights), which
//! `e5_shop::admin::Area` enforces on every back-office route.

use axum::extract::Query;
use axum::response::Response;
use e5_shop::admin::form::OrRefusal;
use e5_shop::admin::{Staff, Tab};
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::commands::team::{self as command, EmployeeInput, Rights};
use crate::form::Fields;

#[derive(Debug, Serialize, sqlx::FromRow)]
struct EmployeeRow {
    id: i64,
    name: String,
    email: String,
    profile: String,
    active: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
struct ProfileRow {
    id: i64,
    name: String,
    employees: i64,
}

#[derive(Debug, Serialize, Default)]
struct EmployeeForm {
    first_name: String,
    last_name: String,
    email: String,
    profile_id: Option<i64>,
    active: bool,
}

async fn profiles(db: &sqlx::SqlitePool) -> Result<Vec<ProfileRow>, sqlx::Error> {
    db.rows(
        "SELECT p.id, p.name, (SELECT COUNT(*) FROM employee e WHERE e.profile_id = p.id) AS employees FROM profile p ORDER BY p.id",
        (),
    ).await
}

pub async fn employees(staff: Staff) -> Result<Response, ShopError> {
    render_employees(
        &staff,
        EmployeeForm {
            active: true,
            ..EmployeeForm::default()
        },
        None,
    )
    .await
}

async fn render_employees(
    staff: &Staff,
    form: EmployeeForm,
    error: Option<String>,
) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let rows: Vec<EmployeeRow> = db.rows(
        "SELECT e.id, e.first_name || ' ' || e.last_name AS name, e.email, p.name AS profile, e.active FROM employee e JOIN profile p ON p.id = e.profile_id ORDER BY e.id",
        (),
    ).await?;
    let ctx = context! { employees: rows, profiles: profiles(db).await?, e: form, error };
    let mut page = staff
        .render("admin/shop/employees.html", "Employés", ctx)
        .await?;
    if error.is_some() {
        *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

pub async fn create_employee(staff: Staff, f: Fields) -> Result<Response, ShopError> {
    let form = EmployeeForm {
        first_name: f.text("first_name"),
        last_name: f.text("last_name"),
        email: f.text("email"),
        profile_id: f.opt_id("profile_id"),
        active: f.checked("active"),
    };
    let input = EmployeeInput {
        first_name: form.first_name.clone(),
        last_name: form.last_name.clone(),
        email: form.email.clone(),
        password: f.text("password"),
        profile_id: form.profile_id.unwrap_or(0),
        active: form.active,
    };
    match command::create_employee(&staff.site, &staff.actor(), input).await.or_refusal()? {
        Ok(_) => Ok(staff.redirect(
            "/boutique/equipe",
            Some(&format!("Employé {} {} créé : il peut se connecter avec son adresse e-mail et son mot de passe.", form.first_name, form.last_name)),
        )),
        Err(m) => render_employees(&staff, form, Some(m)).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct EmployeeId {
    id: i64,
}

/// Activates or deactivates an account from the list (a deactivated employee cannot sign in).
pub async fn set_active(
    staff: Staff,
    axum::extract::Path(p): axum::extract::Path<EmployeeId>,
    f: Fields,
) -> Result<Response, ShopError> {
    let active = f.checked("active");
    match command::set_employee_active(&staff.site, &staff.actor(), p.id, active)
        .await
        .or_refusal()?
    {
        Ok(()) => Ok(staff.redirect(
            "/boutique/equipe",
            Some(if active {
                "Le compte est activé."
            } else {
                "Le compte est désactivé : cet employé ne peut plus se connecter."
            }),
        )),
        Err(m) => Ok(staff.refuse("/boutique/equipe", Some(&m))),
    }
}

pub async fn profile_list(staff: Staff) -> Result<Response, ShopError> {
    let mut ctx = Context::new();
    ctx.insert("profiles", &profiles(staff.site.db()).await?);
    staff
        .render("admin/shop/profiles.html", "Profils", ctx)
        .await
}

#[derive(Debug, Deserialize, Default)]
pub struct Which {
    #[serde(default)]
    profil: Option<i64>,
}

#[derive(Debug, Serialize)]
struct MatrixRow {
    tab: &'static str,
    label: &'static str,
    view: bool,
    add: bool,
    edit: bool,
    delete: bool,
}

pub async fn permissions(staff: Staff, Query(which): Query<Which>) -> Result<Response, ShopError> {
    let db = staff.site.db();
    let profile = which.profil.unwrap_or(2);
    let rows: Vec<(String, i64, i64, i64, i64)> =
        db.rows(
            "SELECT tab, can_view, can_add, can_edit, can_delete FROM profile_permission WHERE profile_id = ?",
            (profile,),
        ).await?;
    let matrix: Vec<MatrixRow> = Tab::ALL
        .into_iter()
        .map(|tab| {
            let r = rows.iter().find(|r| r.0 == tab.key());
            MatrixRow {
                tab: tab.key(),
                label: tab.label(),
                view: r.is_some_and(|r| r.1 != 0),
                add: r.is_some_and(|r| r.2 != 0),
                edit: r.is_some_and(|r| r.3 != 0),
                delete: r.is_some_and(|r| r.4 != 0),
            }
        })
        .collect();
    let ctx = context! { profiles: profiles(db).await?, profile, matrix };
    staff
        .render("admin/shop/permissions.html", "Permissions", ctx)
        .await
}

pub async fn save_permissions(staff: Staff, f: Fields) -> Result<Response, ShopError> {
    let Some(profile) = f.opt_id("profile_id") else {
        return Err(ShopError::NotFound);
    };
    let rows = Tab::ALL
        .into_iter()
        .map(|tab| Rights {
            tab,
            view: f.checked(&format!("{tab}.view")),
            add: f.checked(&format!("{tab}.add")),
            edit: f.checked(&format!("{tab}.edit")),
            delete: f.checked(&format!("{tab}.delete")),
        })
        .collect();
    let to = format!("/boutique/equipe/permissions?profil={profile}");
    match command::save_permissions(&staff.site, &staff.actor(), profile, rows)
        .await
        .or_refusal()?
    {
        Ok(()) => Ok(staff.redirect(
            &to,
            Some("Permissions enregistrées : elles s'appliquent dès la page suivante."),
        )),
        Err(m) => Ok(staff.refuse(&to, Some(&m))),
    }
}
