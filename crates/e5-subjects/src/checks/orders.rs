//! Checks on orders: state, returns, credit slips.

use e5_shop_db::query::Read;
use sqlx::SqlitePool;

use super::Baseline;
use super::facts::{Facts, best};
use super::spec::{CreditSlip, OrderReturn, OrderState};
use crate::text::{euros, french_date, same_folded, to_cents};

pub(super) async fn order_state(c: &OrderState, db: &SqlitePool) -> Result<Facts, sqlx::Error> {
    let row: Option<(String, String)> = db.row_optional(
        "SELECT s.name, COALESCE((SELECT MAX(h.created_at) FROM order_history h WHERE h.order_id = o.id), o.created_at) \
         FROM orders o JOIN order_state s ON s.id = o.state_id WHERE o.reference = ?",
        (&c.order,),
    ).await?;
    let Some((state, since)) = row else {
        return Ok(Facts::missing(format!("Commande {} introuvable", c.order)));
    };
    let mut f = Facts::found(format!("Commande {}", c.order));
    f.expect(
        same_folded(&state, &c.state),
        format!("état « {state} » depuis le {}", french_date(&since)),
        format!("« {} »", c.state),
    );
    Ok(f)
}

fn return_state_label(s: &str) -> &str {
    match s {
        "requested" => "en attente de confirmation",
        "accepted" => "accepté",
        "received" => "colis reçu",
        "refunded" => "remboursé",
        "refused" => "refusé",
        other => other,
    }
}

/// A return goes requested → accepted → received → refunded (or refused): expecting
/// « accepted » is met by a return that went further.
fn reached(actual: &str, expected: &str) -> bool {
    const FLOW: [&str; 4] = ["requested", "accepted", "received", "refunded"];
    let rank = |s: &str| FLOW.iter().position(|x| *x == s);
    match (rank(actual), rank(expected)) {
        (Some(a), Some(e)) => a >= e,
        _ => actual == expected,
    }
}

pub(super) async fn order_return(c: &OrderReturn, db: &SqlitePool) -> Result<Facts, sqlx::Error> {
    let rows: Vec<(String, String)> = db.rows(
        "SELECT r.state, r.reason FROM order_return r JOIN orders o ON o.id = r.order_id WHERE o.reference = ? ORDER BY r.id",
        (&c.order,),
    ).await?;
    let mut all = Vec::new();
    for (state, _) in &rows {
        let mut f = Facts::found(format!("Retour sur la commande {}", c.order));
        f.expect(
            reached(state, &c.state),
            format!("état « {} »", return_state_label(state)),
            format!("« {} » ou plus avancé", return_state_label(&c.state)),
        );
        all.push(f);
    }
    Ok(best(all)
        .unwrap_or_else(|| Facts::missing(format!("Aucun retour sur la commande {}", c.order))))
}

pub(super) async fn credit_slip(
    c: &CreditSlip,
    db: &SqlitePool,
    b: &Baseline,
) -> Result<Facts, sqlx::Error> {
    let rows: Vec<(i64, i64)> = db.rows(
        "SELECT cs.amount_cents, cs.shipping_cents FROM credit_slip cs JOIN orders o ON o.id = cs.order_id \
         WHERE o.reference = ? AND cs.id > ? ORDER BY cs.id",
        (&c.order, b.max_id("credit_slip")),
    ).await?;
    let mut all = Vec::new();
    for (amount, shipping) in &rows {
        let mut f = Facts::found(format!("Avoir sur la commande {}", c.order));
        match c.amount {
            Some(e) => f.expect(
                (amount - to_cents(e)).abs() <= 1,
                format!("produits {}", euros(*amount)),
                euros(to_cents(e)),
            ),
            None => f.info(format!("produits {}", euros(*amount))),
        }
        match c.shipping {
            Some(s) => f.expect(
                (*shipping > 0) == s,
                format!("port {}", euros(*shipping)),
                if s {
                    "port remboursé"
                } else {
                    "port non remboursé"
                },
            ),
            None if *shipping > 0 => f.info(format!("port {}", euros(*shipping))),
            None => {}
        }
        all.push(f);
    }
    Ok(best(all).unwrap_or_else(|| {
        Facts::missing(format!("Aucun avoir créé pour la commande {}", c.order))
    }))
}
