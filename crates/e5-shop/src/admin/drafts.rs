//! The back-office routes of the autosaved drafts ([`crate::drafts`]), for `brouillon.js`:
//! - `GET  …/admin/brouillons?page=<key>`: the signed-in employee's draft of a page (JSON,
//!   `null` when none);
//! - `POST …/admin/brouillons` `{"page", "t", "data"}`: keeps it (every few seconds while
//!   typing, and with `keepalive` when the page is left); 413 beyond [`MAX_BYTES`];
//! - `POST …/admin/brouillons/supprimer` `{"page"}`: forgets it ("Ignorer").
//!
//! A page key is `<path of the form's page>|<form's data-brouillon>`, always under this
//! sandbox's `/s/<id>/admin/`. Every route is behind the back-office sign-in (`Staff`) and the
//! outer guard's cross-origin check; a draft is read and written for the signed-in employee
//! only, in the sandbox of the URL only.
//!
//! A form sent with its key in a `_brouillon` field (added by `brouillon.js`) has its draft
//! deleted once the answer is a success (a redirect without an error message): see
//! [`forget_sent`]. The field is taken out before the handler sees the form.

use axum::Json;
use axum::body::Body;
use axum::extract::{Query, Request};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::Staff;
use crate::drafts::{MAX_BYTES, MAX_KEY};

/// The form field carrying a draft's page key.
pub const FIELD: &str = "_brouillon";

/// The largest form body [`forget_sent`] reads to find the field (larger ones pass untouched
/// to their handler, whose own limit answers).
const FORM_READ_LIMIT: usize = 16 * 1024 * 1024;

fn answer(status: StatusCode, body: serde_json::Value) -> Response {
    let mut r = (status, Json(body)).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn refused(status: StatusCode, message: &str) -> Response {
    answer(status, json!({ "erreur": message }))
}

fn storage_failed(e: &sqlx::Error) -> Response {
    if crate::storage::is_storage_error(e) {
        refused(
            StatusCode::SERVICE_UNAVAILABLE,
            crate::storage::CANDIDATE_MESSAGE,
        )
    } else {
        tracing::error!(error = %e, "draft storage failed");
        refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Le brouillon n'a pas pu être enregistré sur le serveur.",
        )
    }
}

/// Whether `page` is a draft key of this sandbox's back-office.
fn valid_key(staff: &Staff, page: &str) -> bool {
    page.len() <= MAX_KEY
        && page.contains('|')
        && page
            .strip_prefix(staff.admin.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: String,
}

pub async fn load(staff: Staff, Query(q): Query<PageQuery>) -> Response {
    if !valid_key(&staff, &q.page) {
        return refused(StatusCode::BAD_REQUEST, "Page de brouillon invalide.");
    }
    match staff.site.drafts().load(staff.employee.id, &q.page).await {
        Ok(Some(d)) => {
            let data: serde_json::Value = serde_json::from_str(&d.data).unwrap_or_default();
            answer(StatusCode::OK, json!({ "t": d.typed_ms, "data": data }))
        }
        Ok(None) => answer(StatusCode::OK, serde_json::Value::Null),
        Err(e) => storage_failed(&e),
    }
}

#[derive(Deserialize)]
struct SaveBody {
    page: String,
    t: i64,
    data: serde_json::Value,
}

pub async fn save(staff: Staff, body: Body) -> Response {
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BYTES).await else {
        return refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Brouillon trop volumineux (plus de 512 Kio) : il n'est gardé que dans ce navigateur. Enregistrez la page.",
        );
    };
    let Ok(b) = serde_json::from_slice::<SaveBody>(&bytes) else {
        return refused(StatusCode::BAD_REQUEST, "Brouillon illisible.");
    };
    if !valid_key(&staff, &b.page) || !b.data.is_object() {
        return refused(StatusCode::BAD_REQUEST, "Page de brouillon invalide.");
    }
    let data = b.data.to_string();
    match staff
        .site
        .drafts()
        .save(staff.employee.id, &b.page, b.t, &data)
        .await
    {
        Ok(()) => answer(StatusCode::OK, json!({ "t": b.t })),
        Err(e) => storage_failed(&e),
    }
}

#[derive(Deserialize)]
pub struct DeleteBody {
    page: String,
}

pub async fn delete(staff: Staff, Json(b): Json<DeleteBody>) -> Response {
    if !valid_key(&staff, &b.page) {
        return refused(StatusCode::BAD_REQUEST, "Page de brouillon invalide.");
    }
    match staff.site.drafts().delete(staff.employee.id, &b.page).await {
        Ok(_) => answer(StatusCode::OK, json!({ "supprime": true })),
        Err(e) => storage_failed(&e),
    }
}

/// Around every back-office route (after the sign-in): a form posted with a `_brouillon`
/// field has it taken out; when the handler answers with a success (a redirect that sets no
/// error message), the employee's draft of that page is deleted.
pub async fn forget_sent(request: Request, next: Next) -> Response {
    let is_form = request.method() == Method::POST
        && request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let staff = request.extensions().get::<Staff>().cloned();
    let (Some(staff), true) = (staff, is_form) else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, FORM_READ_LIMIT).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "Formulaire trop volumineux.").into_response();
    };
    let (key, rest) = take_field(&bytes, FIELD);
    let response = next.run(Request::from_parts(parts, Body::from(rest))).await;
    if let Some(key) = key
        && valid_key(&staff, &key)
        && response.status().is_redirection()
        && !crate::web::flash::Flash::sets_error(&response)
        && let Err(e) = staff.site.drafts().delete(staff.employee.id, &key).await
    {
        // The form itself was saved: a draft left behind is offered only if it differs.
        tracing::warn!(error = %e, "draft of a saved form not deleted");
    }
    response
}

/// Splits the urlencoded `body` into the (decoded) value of `name` and the body without it.
fn take_field(body: &[u8], name: &str) -> (Option<String>, Vec<u8>) {
    let mut value = None;
    let mut rest: Vec<&[u8]> = Vec::new();
    for pair in body.split(|b| *b == b'&') {
        let is_it = pair
            .strip_prefix(name.as_bytes())
            .is_some_and(|r| r.is_empty() || r.starts_with(b"="));
        if is_it {
            let raw = pair.get(name.len() + 1..).unwrap_or_default();
            value = Some(form_decode(raw));
        } else {
            rest.push(pair);
        }
    }
    (value, rest.join(&b'&'))
}

fn form_decode(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < raw.len() => {
                let hex = std::str::from_utf8(&raw[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_draft_field_is_taken_out_of_the_form() {
        let (key, rest) = take_field(
            b"title=Lin&_brouillon=%2Fs%2Fx%2Fadmin%2Farticles%2Fnouveau%7Carticle&blocks=%5B%5D",
            FIELD,
        );
        assert_eq!(key.as_deref(), Some("/s/x/admin/articles/nouveau|article"));
        assert_eq!(rest, b"title=Lin&blocks=%5B%5D");
        let (key, rest) = take_field(b"a=1&b=2", FIELD);
        assert_eq!(key, None);
        assert_eq!(rest, b"a=1&b=2");
        assert_eq!(form_decode(b"a+b%2"), "a b%2");
    }
}
