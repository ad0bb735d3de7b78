//! The exam-day gate on every sandbox request (plugged into `e5_shop::web::resolve_site`).
//! A sandbox that belongs to no seat stays open (practice, demos without exams). A
//! candidate's sandbox lets through only: that candidate (screen recorded; read-only before
//! the examiner starts their clock, during a pause and once their time and grace are over) and the examiner of their commission, read-only, through
//! a grant of the console ([`crate::grant`]): the console's own session opens no sandbox, so
//! it never travels with a request that a candidate's page could make. The sandbox URL
//! alone grants nothing.

use std::future::Future;
use std::pin::Pin;

use axum::http::request::Parts;
use e5_domain::SandboxId;
use e5_shop::web::{Access, SandboxGate};

use crate::auth::{self, Principal};
use crate::db::{Platform, unix_now};
use crate::timer::timer_of;

#[derive(Clone, Debug)]
pub struct ExamGate {
    pub platform: Platform,
    /// Checks the examiners' read-only grants.
    pub cookie_key: std::sync::Arc<[u8; 32]>,
}

const REFUSED: &str = "ce site est celui d'un candidat de l'épreuve : seuls ce candidat, son examinateur et l'administration du centre peuvent l'ouvrir. Candidat : saisissez votre code d'accès sur la page d'accueil du serveur.";

const EXPIRED: &str = "votre session a expiré, reconnectez-vous (candidat : code d'accès sur la page d'accueil du serveur ; examinateur : console).";

impl SandboxGate for ExamGate {
    fn check<'a>(
        &'a self,
        parts: &'a Parts,
        sandbox: SandboxId,
    ) -> Pin<Box<dyn Future<Output = Result<Access, String>> + Send + 'a>> {
        Box::pin(async move {
            decide(&self.platform, &self.cookie_key, parts, sandbox)
                .await
                .unwrap_or_else(|e| {
                    tracing::error!(error = %e, "exam gate failed");
                    // Fail closed: a database problem must not open a candidate's site.
                    Err("vérification de l'accès impossible pour le moment ; réessayez.".to_owned())
                })
        })
    }
}

async fn decide(
    p: &Platform,
    key: &[u8; 32],
    parts: &Parts,
    sandbox: SandboxId,
) -> crate::Result<Result<Access, String>> {
    let seat: Option<(i64, i64)> = sqlx::query_as(
        "SELECT seat.id, c.examiner_id FROM seat JOIN commission c ON c.id = seat.commission_id
         WHERE seat.sandbox_id = ?",
    )
    .bind(sandbox.to_string())
    .fetch_optional(p.db())
    .await?;
    let Some((seat_id, examiner_id)) = seat else {
        return Ok(Ok(Access::default()));
    };
    let found = auth::lookup(p, &parts.headers).await?;
    for who in found.principals {
        if who == Principal::Candidate(seat_id) {
            // Writes pass only while the clock runs (grace period included).
            let lock = timer_of(p, seat_id).await?.lock();
            return Ok(Ok(Access {
                read_only: lock.is_some(),
                read_only_reason: lock.unwrap_or_default(),
                record: true,
                exam: true,
            }));
        }
    }
    for view in crate::grant::views(key, sandbox, &parts.headers, unix_now()) {
        if view.seat == seat_id
            && view.examiner == examiner_id
            && examiner_active(p, examiner_id).await?
        {
            return Ok(Ok(Access {
                read_only: true,
                read_only_reason: "vue de l'examinateur : le site du candidat est en lecture seule",
                record: false,
                exam: true,
            }));
        }
    }
    tracing::debug!(%sandbox, "sandbox request refused by the exam gate");
    if found.expired {
        return Ok(Err(EXPIRED.to_owned()));
    }
    Ok(Err(REFUSED.to_owned()))
}

/// Whether an examiner may still sign in (a deactivated one loses their grants at once).
pub async fn examiner_active(p: &Platform, examiner: i64) -> crate::Result<bool> {
    let active: Option<i64> = sqlx::query_scalar("SELECT active FROM examiner WHERE id = ?")
        .bind(examiner)
        .fetch_optional(p.db())
        .await?;
    Ok(active == Some(1))
}
