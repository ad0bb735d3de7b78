//! Utilisateurs (roles), Newsletter (subscribers, CSV export), Mes réponses.

use std::collections::HashMap;

use axum::Form;
use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use e5_shop::admin::Staff;
use e5_shop::context;
use e5_shop::web::ShopError;
use e5_shop_db::query::Read;
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::commands;
use crate::posts::{IdParam, PageResult};
use crate::roles::{Role, require};

#[derive(Debug, Serialize, sqlx::FromRow)]
struct User {
    id: i64,
    name: String,
    email: String,
    wp_role: String,
    profile: String,
    active: i64,
    posts: i64,
    #[sqlx(skip)]
    role_label: &'static str,
}

pub async fn users(staff: Staff) -> PageResult {
    let mut rows: Vec<User> = sqlx::query_as(
        "SELECT e.id, e.first_name || ' ' || e.last_name AS name, e.email, e.wp_role, p.name AS profile, e.active,
                (SELECT COUNT(*) FROM post WHERE author_id = e.id AND kind = 'post' AND status != 'trash') AS posts
         FROM employee e JOIN profile p ON p.id = e.profile_id ORDER BY e.active DESC, e.last_name",
    )
    .fetch_all(staff.site.db())
    .await?;
    for r in &mut rows {
        r.role_label = Role::parse(&r.wp_role).map_or("?", Role::label);
    }
    let ctx = context! {
        rows, can_edit: Role::of(&staff).is_admin(),
        roles: ROLES,
    };
    staff
        .render("admin/content/users.html", "Utilisateurs", ctx)
        .await
}

const ROLES: [(&str, &str); 4] = [
    ("administrator", "Administrateur"),
    ("editor", "Éditeur"),
    ("author", "Auteur"),
    ("contributor", "Contributeur"),
];

/// Utilisateurs › Ajouter, with what was typed and why it was refused, if it was.
async fn render_new_user(staff: &Staff, u: commands::NewUser, error: Option<String>) -> PageResult {
    let ctx = context! { u, error, roles: ROLES };
    let mut page = staff
        .render("admin/content/user_new.html", "Ajouter un utilisateur", ctx)
        .await?;
    if error.is_some() {
        *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

pub async fn new_user(staff: Staff) -> PageResult {
    require(&staff, Role::is_admin, "ajouter des utilisateurs")?;
    let u = commands::NewUser {
        role: "author".into(),
        ..commands::NewUser::default()
    };
    render_new_user(&staff, u, None).await
}

#[derive(Deserialize)]
pub struct NewUserForm {
    first_name: String,
    last_name: String,
    email: String,
    password: String,
    role: String,
}

pub async fn create_user(staff: Staff, Form(f): Form<NewUserForm>) -> PageResult {
    require(&staff, Role::is_admin, "ajouter des utilisateurs")?;
    let u = commands::NewUser {
        first_name: f.first_name,
        last_name: f.last_name,
        email: f.email,
        password: f.password,
        role: f.role,
    };
    match commands::add_user(&staff.site, &staff.actor(), u.clone()).await {
        Ok(_) => Ok(staff.redirect(
            "/utilisateurs",
            Some(&format!(
                "Utilisateur {} {} ajouté.",
                u.first_name.trim(),
                u.last_name.trim()
            )),
        )),
        Err(e5_shop::command::CommandError::Database(e)) => Err(ShopError::Database(e)),
        Err(e) => render_new_user(&staff, u, Some(e.to_string())).await,
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn set_role(staff: Staff, Path(p): Path<IdParam>, Form(f): Form<RoleForm>) -> PageResult {
    require(&staff, Role::is_admin, "changer le rôle des utilisateurs")?;
    staff.done(
        commands::set_user_role(&staff.site, &staff.actor(), p.id, &f.role).await,
        "/utilisateurs",
        "Rôle modifié.",
    )
}

pub async fn newsletter(staff: Staff) -> PageResult {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as("SELECT id, email, source, created_at FROM newsletter_subscriber ORDER BY created_at DESC, id DESC")
        .fetch_all(staff.site.db())
        .await?;
    let messages: Vec<(i64, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT f.id, f.name, f.email, f.message, f.created_at, p.title FROM form_submission f LEFT JOIN post p ON p.id = f.post_id WHERE f.kind = 'contact' ORDER BY f.id DESC LIMIT 100",
    )
    .fetch_all(staff.site.db())
    .await?;
    let ctx = context! { rows, messages };
    staff
        .render("admin/content/newsletter.html", "Newsletter", ctx)
        .await
}

pub async fn newsletter_csv(staff: Staff) -> Result<axum::response::Response, ShopError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT email, source, created_at FROM newsletter_subscriber ORDER BY created_at, id",
    )
    .fetch_all(staff.site.db())
    .await?;
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(email, source, at)| vec![email, source, at])
        .collect();
    let out = e5_domain::csv::document(&["email", "source", "date_inscription"], &rows);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"abonnes-newsletter.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

/// Whether the exam's `answer` table exists in this sandbox.
async fn has_answers(db: &sqlx::SqlitePool) -> Result<bool, sqlx::Error> {
    let n: i64 = db
        .one(
            "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'answer'",
            (),
        )
        .await?;
    Ok(n > 0)
}

pub async fn answers(staff: Staff) -> PageResult {
    let db = staff.site.db();
    if !has_answers(db).await? {
        return Err(ShopError::NotFound);
    }
    let rows: Vec<(i64, String, String)> = db
        .rows(
            "SELECT question, text, updated_at FROM answer ORDER BY question",
            (),
        )
        .await?;
    let by_q: HashMap<i64, (String, String)> =
        rows.into_iter().map(|(q, t, u)| (q, (t, u))).collect();
    let questions: Vec<(i64, String, String)> = (1..=5)
        .map(|q| {
            let (t, u) = by_q.get(&q).cloned().unwrap_or_default();
            (q, t, u)
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("questions", &questions);
    staff
        .render("admin/content/answers.html", "Mes réponses", ctx)
        .await
}

#[derive(Deserialize)]
pub struct AnswerForm {
    question: i64,
    text: String,
}

pub async fn save_answer(staff: Staff, Form(f): Form<AnswerForm>) -> PageResult {
    if !has_answers(staff.site.db()).await? {
        return Err(ShopError::NotFound);
    }
    match commands::save_answer(&staff.site, &staff.actor(), f.question, &f.text).await {
        Ok(()) => Ok(staff.redirect(
            &format!("/reponses#q{}", f.question),
            Some(&format!(
                "Réponse à la question {} enregistrée.",
                f.question
            )),
        )),
        Err(e) => staff.refused("/reponses", e),
    }
}
