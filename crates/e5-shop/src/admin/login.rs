//! Signing in to a sandbox's back-office with an employee's e-mail and password.

use axum::extract::FromRef;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use e5_domain::SandboxId;
use serde::Deserialize;
use tera::Context;

use super::{COOKIE, set_cookie};
use crate::storefront::{flash_from_headers, sign};
use crate::web::{SandboxSite, ShopError, ShopState};

/// The `Set-Cookie` value signing `employee_id` in to `sandbox`'s back-office. Exam-day
/// access uses it to open a candidate's back-office without a password.
pub fn admin_cookie_header(sandbox: SandboxId, employee_id: i64, key: &[u8; 32]) -> String {
    format!(
        "{COOKIE}={}; Path=/s/{sandbox}/; HttpOnly; SameSite=Lax",
        sign(key, sandbox, &employee_id.to_string())
    )
}

pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    ShopState: FromRef<S>,
{
    Router::new()
        .route("/s/{sandbox}/admin/connexion", get(page).post(sign_in))
        .route("/s/{sandbox}/admin/deconnexion", post(sign_out))
}

async fn render(s: &SandboxSite, error: Option<&str>, email: &str) -> Result<Response, ShopError> {
    let shop_name: String = sqlx::query_scalar("SELECT value FROM setting WHERE key = 'shop.name'")
        .fetch_optional(s.site.db())
        .await?
        .unwrap_or_default();
    let mut ctx = Context::new();
    ctx.insert("base", &format!("/s/{}", s.site.id));
    ctx.insert("shop_name", &shop_name);
    ctx.insert("error", &error);
    ctx.insert("email", email);
    Ok(axum::response::Html(s.state.templates.render("admin/login.html", &ctx)?).into_response())
}

async fn page(s: SandboxSite, headers: axum::http::HeaderMap) -> Result<Response, ShopError> {
    let flash = flash_from_headers(&headers);
    render(&s, flash.as_deref(), "").await
}

#[derive(Deserialize)]
struct SignIn {
    email: String,
    password: String,
}

async fn sign_in(s: SandboxSite, Form(f): Form<SignIn>) -> Result<Response, ShopError> {
    let row: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT id, password_hash FROM employee WHERE lower(email) = lower(?) AND active = 1",
    )
    .bind(f.email.trim())
    .fetch_optional(s.site.db())
    .await?;
    let employee = row.and_then(|(id, hash)| {
        hash.filter(|h| crate::password::verify_password(&f.password, h))
            .map(|_| id)
    });
    let Some(employee_id) = employee else {
        let mut page = render(
            &s,
            Some("Adresse e-mail ou mot de passe incorrect."),
            &f.email,
        )
        .await?;
        *page.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
        return Ok(page);
    };
    let mut response = Redirect::to(&format!("/s/{}/admin/", s.site.id)).into_response();
    set_cookie(
        &mut response,
        &admin_cookie_header(s.site.id, employee_id, &s.state.cookie_key),
    );
    Ok(response)
}

async fn sign_out(s: SandboxSite) -> Response {
    let mut response = Redirect::to(&format!("/s/{}/admin/connexion", s.site.id)).into_response();
    set_cookie(
        &mut response,
        &format!(
            "{COOKIE}=; Path=/s/{}/; HttpOnly; SameSite=Lax; Max-Age=0",
            s.site.id
        ),
    );
    response
}
