//! Orders from the back-office: changing their status, which notifies the customer through
//! the outbox (never sent outside: the examiner reads it).

use super::order_state::{Mail, STANDARD_BODY, STANDARD_SUBJECT, fill};
use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde_json::json;

/// What a status change did.
#[derive(Debug, Clone)]
pub struct StateChange {
    pub state: String,
    pub notified: Option<String>,
}

#[derive(sqlx::FromRow)]
struct OrderHead {
    reference: String,
    customer_id: i64,
    state_id: i64,
    state: String,
    email: String,
    first_name: String,
    last_name: String,
    total_paid_cents: i64,
    invoice_number: Option<i64>,
}

pub async fn set_state(
    site: &Site,
    actor: &Actor,
    employee_id: i64,
    order_id: i64,
    state_id: i64,
) -> Result<StateChange, CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let order: OrderHead = sqlx::query_as(
            "SELECT o.reference, o.customer_id, o.state_id, s.name AS state, c.email, c.first_name, c.last_name, o.total_paid_cents, o.invoice_number
             FROM orders o JOIN order_state s ON s.id = o.state_id JOIN customer c ON c.id = o.customer_id WHERE o.id = ?",
        )
        .bind(order_id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or(CommandError::NotFound("commande"))?;
        // An invoice is numbered on entering a status that generates it (by default, a paid one).
        let target: Option<(String, i64, i64, String, String)> = sqlx::query_as(
            "SELECT name, notify, COALESCE(invoice, paid), email_subject, email_body FROM order_state WHERE id = ?",
        )
        .bind(state_id)
        .fetch_optional(tx.conn())
        .await?;
        let Some((state, notify, invoice, email_subject, email_body)) = target else {
            return Err(CommandError::invalid("Choisissez un statut dans la liste."));
        };
        refuse_if(state_id == order.state_id, format!("La commande est déjà au statut « {state} »."))?;
        let now = e5_shop::command::now();
        tx.execute("UPDATE orders SET state_id = ? WHERE id = ?", (state_id, order_id)).await?;
        tx.execute(
            "INSERT INTO order_history (order_id, state_id, employee_id, created_at) VALUES (?, ?, ?, ?)",
            (order_id, state_id, employee_id, &now),
        ).await?;
        if invoice != 0 && order.invoice_number.is_none() {
            tx.execute(
                "UPDATE orders SET invoice_number = (SELECT COALESCE(MAX(invoice_number), 0) + 1 FROM orders) WHERE id = ?",
                (order_id,),
            ).await?;
        }
        let notified = if notify != 0 {
            // The status's own text (Commandes › États), else the standard one.
            let mail = Mail {
                first_name: &order.first_name,
                last_name: &order.last_name,
                reference: &order.reference,
                total_cents: order.total_paid_cents,
                state: &state,
            };
            let subject = if email_subject.trim().is_empty() {
                format!("Votre commande {} : {}", order.reference, state.to_lowercase())
            } else {
                fill(&email_subject, STANDARD_SUBJECT, &mail)
            };
            let body = fill(&email_body, STANDARD_BODY, &mail);
            tx.execute(
                "INSERT INTO outbox (customer_id, email, subject, body, created_at) VALUES (?, ?, ?, ?, ?)",
                (order.customer_id, &order.email, &subject, &body, &now),
            ).await?;
            Some(order.email.clone())
        } else {
            None
        };
        let summary = match &notified {
            Some(email) => format!("Commande {} : statut « {} » → « {} » (e-mail envoyé à {email})", order.reference, order.state, state),
            None => format!("Commande {} : statut « {} » → « {} »", order.reference, order.state, state),
        };
        tx.journal(
            Entry::new(Entity::Order, Some(order_id), "state", summary)
                .before(json!({"state": order.state}))
                .after(json!({"state": state})),
        )
        .await?;
        Ok(StateChange { state, notified })
    })
    .await
}
