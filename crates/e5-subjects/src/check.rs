//! `e5 subject check`: the rules that need the installed context. The overlay is applied to
//! a scratch copy of the golden database, references are looked up there, and every check
//! is evaluated once: none may already be true before the candidate has done anything.

use std::path::Path;

use e5_sandbox::DataDir;
use serde::Serialize;
use sqlx::SqlitePool;

use crate::checks::{Check, RowEvidence, evaluate, kind_name};
use crate::diagnostic::Diagnostic;
use crate::model::Subject;
use crate::prepare::{TempFile, build, resolve_context};

/// What a subject that passes `check` looks like once prepared.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub code: String,
    pub context: String,
    pub overlay_entries: usize,
    pub checks: usize,
    /// Evidence on the untouched prepared database (all checks false).
    pub rows: Vec<RowEvidence>,
}

/// Checks a loaded subject against the installed context.
pub async fn check(subject: &Subject, data: &DataDir) -> Result<Report, Vec<Diagnostic>> {
    let context = resolve_context(subject, data).map_err(|d| vec![d])?;
    let scratch_dir = data.subjects_dir();
    std::fs::create_dir_all(&scratch_dir).map_err(|e| {
        vec![Diagnostic::new(
            &subject.path,
            0,
            format!("{} : {e}", scratch_dir.display()),
        )]
    })?;
    let scratch =
        TempFile(scratch_dir.join(format!(".check-{}.db", uuid::Uuid::new_v4().simple())));
    build(subject, &data.golden_path(&context), &scratch.0).await?;
    let pool = e5_shop_db::open_read_only(&scratch.0).await.map_err(|e| {
        vec![Diagnostic::new(
            &subject.path,
            0,
            format!("base préparée illisible : {e}"),
        )]
    })?;
    let result = check_on(subject, &pool).await;
    pool.close().await;
    let rows = result?;
    Ok(Report {
        code: subject.code.clone(),
        context: context.spec(),
        overlay_entries: subject.overlay.len(),
        checks: subject.checks().count(),
        rows,
    })
}

async fn check_on(subject: &Subject, db: &SqlitePool) -> Result<Vec<RowEvidence>, Vec<Diagnostic>> {
    let mut found = Vec::new();
    for (_, c) in subject.checks() {
        for message in missing_references(&c.item, db).await {
            found.push(Diagnostic::new(
                &subject.path,
                c.line,
                format!("vérification « {} » : {message}", kind_name(&c.item)),
            ));
        }
    }
    if !found.is_empty() {
        return Err(found);
    }
    let rows = evaluate(subject, db).await;
    for (row, evidence) in subject.grid.iter().zip(&rows) {
        for (spec, result) in row.checks.iter().zip(&evidence.checks) {
            if result.satisfied {
                found.push(Diagnostic::new(
                    &subject.path,
                    spec.line,
                    format!(
                        "vérification « {} » déjà vraie sur le sujet préparé, avant toute action du candidat ({}) : \
                         elle ne montrerait rien à l'examinateur ; changez l'attendu ou les données de l'overlay",
                        kind_name(&spec.item),
                        result.evidence
                    ),
                ));
            } else if result.evidence.starts_with("Vérification impossible") {
                found.push(Diagnostic::new(
                    &subject.path,
                    spec.line,
                    format!(
                        "vérification « {} » : {}",
                        kind_name(&spec.item),
                        result.evidence
                    ),
                ));
            }
        }
    }
    if found.is_empty() {
        Ok(rows)
    } else {
        Err(found)
    }
}

async fn exists(db: &SqlitePool, sql: &str, binds: &[&str]) -> bool {
    let mut q = sqlx::query_scalar::<_, bool>(sql);
    for b in binds {
        q = q.bind(b.trim());
    }
    q.fetch_one(db).await.unwrap_or(false)
}

/// Things a check names that must already be in the prepared database.
async fn missing_references(check: &Check, db: &SqlitePool) -> Vec<String> {
    let product = "SELECT EXISTS (SELECT 1 FROM product WHERE reference = ?)";
    let order = "SELECT EXISTS (SELECT 1 FROM orders WHERE reference = ?)";
    let mut missing = Vec::new();
    let mut need = |ok: bool, message: String| {
        if !ok {
            missing.push(message);
        }
    };
    let absent = "n'existe ni dans le contexte ni dans l'overlay du sujet";
    match check {
        Check::ProductCompleted(c) => {
            need(exists(db, product, &[&c.reference]).await, format!("le produit {} {absent}", c.reference));
            for a in &c.accessories {
                need(exists(db, product, &[a]).await, format!("le produit associé {a} {absent}"));
            }
        }
        Check::Stock(c) => need(
            exists(db, "SELECT EXISTS (SELECT 1 FROM product WHERE reference = ?1 UNION SELECT 1 FROM combination WHERE reference = ?1)", &[&c.reference]).await,
            format!("la référence {} {absent}", c.reference),
        ),
        Check::SpecificPrice(c) => need(exists(db, product, &[&c.product]).await, format!("le produit {} {absent}", c.product)),
        Check::ReviewHandled(c) => need(
            exists(db, "SELECT EXISTS (SELECT 1 FROM product_review r JOIN product p ON p.id = r.product_id WHERE p.reference = ? AND r.author_name = ? COLLATE NOCASE)", &[&c.product, &c.author]).await,
            format!("aucun avis de « {} » sur le produit {} : ajoutez-le avec [[overlay.review]]", c.author, c.product),
        ),
        Check::CommentModerated(c) => need(
            exists(db, "SELECT EXISTS (SELECT 1 FROM comment cm JOIN post p ON p.id = cm.post_id WHERE p.kind = ? AND p.slug = ? AND cm.author_name = ? COLLATE NOCASE)", &[c.post_type.as_str(), &c.post, &c.author]).await,
            format!("aucun commentaire de « {} » sous « {} » : ajoutez-le avec [[overlay.comment]]", c.author, c.post),
        ),
        Check::ReplyToThread(c) => {
            let ok = match (&c.subject, &c.customer) {
                (Some(s), Some(e)) => exists(db, "SELECT EXISTS (SELECT 1 FROM customer_thread WHERE subject = ? COLLATE NOCASE AND email = ? COLLATE NOCASE)", &[s, e]).await,
                (Some(s), None) => exists(db, "SELECT EXISTS (SELECT 1 FROM customer_thread WHERE subject = ? COLLATE NOCASE)", &[s]).await,
                (None, Some(e)) => exists(db, "SELECT EXISTS (SELECT 1 FROM customer_thread WHERE email = ? COLLATE NOCASE)", &[e]).await,
                (None, None) => true,
            };
            need(ok, "aucun fil de discussion avec cet objet ou cet e-mail : ajoutez le message avec [[overlay.customer_message]]".to_owned());
        }
        Check::CustomerInGroup(c) => need(
            exists(db, "SELECT EXISTS (SELECT 1 FROM customer WHERE email = ? COLLATE NOCASE)", &[&c.customer]).await,
            format!("le client {} {absent}", c.customer),
        ),
        Check::OrderState(c) => need(exists(db, order, &[&c.order]).await, format!("la commande {} {absent}", c.order)),
        Check::CreditSlip(c) => need(exists(db, order, &[&c.order]).await, format!("la commande {} {absent}", c.order)),
        Check::OrderReturn(c) => need(
            exists(db, "SELECT EXISTS (SELECT 1 FROM order_return r JOIN orders o ON o.id = r.order_id WHERE o.reference = ?)", &[&c.order]).await,
            format!("aucun retour sur la commande {} : ajoutez-le avec [[overlay.order_return]]", c.order),
        ),
        Check::PostPublished(c) => {
            if let Some(slug) = &c.slug {
                need(
                    exists(db, "SELECT EXISTS (SELECT 1 FROM post WHERE kind = ? AND slug = ?)", &[c.post_type.as_str(), slug]).await,
                    format!("{} « {slug} » {absent}", if c.post_type == crate::checks::PostType::Page { "la page" } else { "l'article" }),
                );
            }
        }
        Check::MediaAlt(c) => {
            for f in &c.files {
                need(exists(db, "SELECT EXISTS (SELECT 1 FROM media WHERE file = ?)", &[f]).await, format!("l'image {f} {absent}"));
            }
        }
        _ => {}
    }
    missing
}

/// Loads and checks several files, as `e5 subject check FILE...` does: every diagnostic of
/// every file, plus subjects sharing a code.
pub async fn check_files(paths: &[&Path], data: &DataDir) -> (Vec<Report>, Vec<Diagnostic>) {
    let mut reports = Vec::new();
    let mut found = Vec::new();
    let mut codes: Vec<(String, std::path::PathBuf)> = Vec::new();
    for path in paths {
        match Subject::load(path) {
            Err(e) => found.extend(e.0),
            Ok(subject) => {
                if let Some((_, other)) = codes.iter().find(|(c, _)| *c == subject.code) {
                    found.push(Diagnostic::new(
                        path,
                        0,
                        format!(
                            "le code {} est déjà celui de {}",
                            subject.code,
                            other.display()
                        ),
                    ));
                }
                codes.push((subject.code.clone(), subject.path.clone()));
                match check(&subject, data).await {
                    Ok(r) => reports.push(r),
                    Err(d) => found.extend(d),
                }
            }
        }
    }
    (reports, found)
}
