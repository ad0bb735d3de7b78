//! A ready-made exam session: one subject, three candidates (one with tiers-temps), an
//! examiner, a centre administrator and one commission with its sandboxes prepared. Used by
//! `e5 demo` and the tests.

use crate::db::Platform;
use crate::error::Result;
use crate::planning::{self, NewCommission, SeatLine};

pub const SESSION: &str = "Démonstration BTS NDRC 2027";
pub const EXAMINER_EMAIL: &str = "examinateur@centre-demo.fr";
pub const ADMIN_EMAIL: &str = "centre@centre-demo.fr";
pub const PASSWORD: &str = "demo-e5-2027";
/// A real example subject (shop side, with automatic checks), embedded so that the demo
/// works from the binary alone.
const SUBJECT: &str = include_str!("../../../subjects/sujet-d-boutique-housse-lin.toml");
pub const SUBJECT_CODE: &str = "TDL27-D-BOUTIQUE";

#[derive(Debug, Clone)]
pub struct DemoExam {
    pub session: i64,
    pub commission: i64,
    pub seats: Vec<SeatLine>,
}

pub async fn create(p: &Platform) -> Result<DemoExam> {
    let session = planning::create_session(p, SESSION).await?;
    planning::import_subject_source(
        p,
        planning::CLI,
        session,
        "sujet-d-boutique-housse-lin.toml",
        SUBJECT,
        1,
    )
    .await
    .map_err(|lines| crate::ExamError::invalid(lines.join(" ; ")))?;
    planning::import_candidates(
        p,
        session,
        "nom;prénom;numéro;aménagement\nMartin;Léa;02710001;\nNguyen;Hugo;02710002;tiers-temps\nBenali;Sarah;02710003;\n",
    )
    .await
    .map_err(|e| crate::ExamError::invalid(e.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ; ")))?;
    planning::add_examiner(p, EXAMINER_EMAIL, "Claire Dubois", PASSWORD).await?;
    planning::add_centre_admin(p, ADMIN_EMAIL, "Marc Lefort", PASSWORD).await?;
    let identity = planning::centre_identity(p).await?;
    if identity.centre.is_empty() {
        let demo = planning::CentreIdentity {
            academie: "Académie de Nantes".into(),
            centre: "Centre d'examen de démonstration".into(),
            city: "Cholet".into(),
        };
        planning::set_centre_identity(p, planning::CLI, &demo).await?;
    }
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM commission WHERE session_id = ? AND number = '1'")
            .bind(session)
            .fetch_optional(p.db())
            .await?;
    let commission = match existing {
        Some(id) => id,
        None => {
            planning::create_commission(
                p,
                session,
                &NewCommission {
                    number: "1".into(),
                    examiner_email: EXAMINER_EMAIL.into(),
                    subject_code: SUBJECT_CODE.into(),
                    room: "B204".into(),
                    starts_at: "2027-05-12 09:00".into(),
                    candidates: vec!["02710001".into(), "02710002".into(), "02710003".into()],
                },
            )
            .await?
        }
    };
    planning::prepare_sandboxes(p, session).await?;
    let seats = planning::seats_of_commission(p, commission).await?;
    Ok(DemoExam {
        session,
        commission,
        seats,
    })
}
