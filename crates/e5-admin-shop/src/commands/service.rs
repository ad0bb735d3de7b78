//! After-sales: replies to customer messages, merchandise returns and credit slips, replies
//! to product reviews. Every message to a customer lands in the outbox, never outside.

use e5_domain::Money;
use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde_json::json;

pub const THREAD_STATUSES: [(&str, &str); 4] = [
    ("open", "Ouvert"),
    ("pending1", "En attente (client)"),
    ("pending2", "En attente (interne)"),
    ("closed", "Fermé"),
];

pub fn thread_status_label(status: &str) -> &'static str {
    THREAD_STATUSES
        .iter()
        .find(|(k, _)| *k == status)
        .map_or("inconnu", |(_, l)| l)
}

async fn outbox(
    tx: &mut Tx<'_>,
    customer_id: Option<i64>,
    email: &str,
    subject: &str,
    body: &str,
) -> Result<(), CommandError> {
    tx.execute(
        "INSERT INTO outbox (customer_id, email, subject, body, created_at) VALUES (?, ?, ?, ?, ?)",
        (customer_id, email, subject, body, e5_shop::command::now()),
    )
    .await?;
    Ok(())
}

/// Replies to a customer-service thread (the customer gets it by e-mail), and sets its
/// status and the employee in charge.
pub async fn reply(
    site: &Site,
    actor: &Actor,
    employee_id: i64,
    thread_id: i64,
    message: &str,
    status: &str,
    assigned: Option<i64>,
) -> Result<(), CommandError> {
    let message = message.trim();
    refuse_if(
        !THREAD_STATUSES.iter().any(|(k, _)| *k == status),
        "Choisissez un statut dans la liste.",
    )?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (customer_id, email, subject, old_status): (Option<i64>, String, String, String) =
            sqlx::query_as("SELECT customer_id, email, subject, status FROM customer_thread WHERE id = ?")
                .bind(thread_id)
                .fetch_optional(tx.conn())
                .await?
                .ok_or(CommandError::NotFound("message"))?;
        if let Some(e) = assigned {
            let exists: i64 = tx.one(
                "SELECT COUNT(*) FROM employee WHERE id = ? AND active = 1",
                (e,),
            ).await?;
            refuse_if(exists == 0, "Cet employé n'existe pas ou n'est plus actif.")?;
        }
        let now = e5_shop::command::now();
        tx.execute(
            "UPDATE customer_thread SET status = ?, assigned_employee_id = ?, updated_at = ? WHERE id = ?",
            (status, assigned, &now, thread_id),
        ).await?;
        let mut done = Vec::new();
        if !message.is_empty() {
            tx.execute(
                "INSERT INTO customer_message (thread_id, employee_id, message, created_at) VALUES (?, ?, ?, ?)",
                (thread_id, employee_id, message, &now),
            ).await?;
            let subject_line = if subject.is_empty() { "Réponse à votre message".to_owned() } else { format!("Re : {subject}") };
            outbox(tx, customer_id, &email, &subject_line, message).await?;
            let excerpt: String = message.chars().take(80).collect();
            done.push(format!("réponse envoyée à {email} : « {excerpt}{} »", if message.chars().count() > 80 { "…" } else { "" }));
        }
        if old_status != status {
            done.push(format!("statut « {} »", thread_status_label(status)));
        }
        if let Some(e) = assigned {
            let name: String = tx.one(
                "SELECT first_name || ' ' || last_name FROM employee WHERE id = ?",
                (e,),
            ).await?;
            done.push(format!("transmis à {name}"));
        }
        refuse_if(done.is_empty(), "Écrivez une réponse, ou changez le statut ou l'employé en charge.")?;
        let title = if subject.is_empty() { format!("n° {thread_id}") } else { format!("« {subject} »") };
        tx.journal(Entry::new(Entity::CustomerThread, Some(thread_id), "reply", format!("Message client {title} : {}", done.join(", ")))).await
    })
    .await
}

/// The next step of a merchandise return: accept, refuse, receive the goods, refund (which
/// creates the credit slip). The customer is told at each step.
pub async fn return_step(
    site: &Site,
    actor: &Actor,
    return_id: i64,
    step: &str,
    refund_shipping: bool,
) -> Result<String, CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (order_id, state, reference, customer_id, email, shipping): (i64, String, String, i64, String, i64) = sqlx::query_as(
            "SELECT r.order_id, r.state, o.reference, o.customer_id, c.email, o.total_shipping_cents FROM order_return r
             JOIN orders o ON o.id = r.order_id JOIN customer c ON c.id = o.customer_id WHERE r.id = ?",
        )
        .bind(return_id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or(CommandError::NotFound("retour"))?;
        let (next, label) = match (state.as_str(), step) {
            ("requested", "accepter") => ("accepted", "accepté"),
            ("requested", "refuser") => ("refused", "refusé"),
            ("accepted", "recevoir") => ("received", "colis reçu"),
            ("received", "rembourser") => ("refunded", "remboursé"),
            _ => return Err(CommandError::invalid("Cette étape ne suit pas l'état actuel du retour.")),
        };
        let now = e5_shop::command::now();
        tx.execute(
            "UPDATE order_return SET state = ?, updated_at = ? WHERE id = ?",
            (next, &now, return_id),
        ).await?;
        let mut detail = String::new();
        if next == "refunded" {
            let amount: i64 = tx.one(
                "SELECT COALESCE(SUM(l.unit_price_cents * rl.quantity), 0) FROM order_return_line rl JOIN order_line l ON l.id = rl.order_line_id WHERE rl.return_id = ?",
                (return_id,),
            ).await?;
            let shipping = if refund_shipping { shipping } else { 0 };
            tx.execute(
                "INSERT INTO credit_slip (order_id, amount_cents, shipping_cents, created_at) VALUES (?, ?, ?, ?)",
                (order_id, amount, shipping, &now),
            ).await?;
            tx.execute(
                "UPDATE order_line SET quantity_refunded = quantity_refunded + (SELECT quantity FROM order_return_line WHERE return_id = ?1 AND order_line_id = order_line.id)
                 WHERE id IN (SELECT order_line_id FROM order_return_line WHERE return_id = ?1)",
                (return_id,),
            ).await?;
            detail = format!(" : avoir de {} créé{}", Money(amount + shipping), if shipping > 0 { " (frais de port inclus)" } else { "" });
        }
        if next == "received" {
            tx.execute(
                "UPDATE order_line SET quantity_returned = quantity_returned + (SELECT quantity FROM order_return_line WHERE return_id = ?1 AND order_line_id = order_line.id)
                 WHERE id IN (SELECT order_line_id FROM order_return_line WHERE return_id = ?1)",
                (return_id,),
            ).await?;
        }
        outbox(
            tx,
            Some(customer_id),
            &email,
            &format!("Votre retour sur la commande {reference} : {label}"),
            &format!("Bonjour,\n\nVotre demande de retour n° {return_id} (commande {reference}) est maintenant : {label}{detail}.\n\nLe service client"),
        )
        .await?;
        let summary = format!("Retour n° {return_id} (commande {reference}) {label}{detail}");
        tx.journal(Entry::new(Entity::OrderReturn, Some(return_id), next, summary.clone()).before(json!({"state": state})).after(json!({"state": next})))
            .await?;
        Ok(summary)
    })
    .await
}

/// Publishes or refuses a product review and sets the shop's public reply.
pub async fn moderate_review(
    site: &Site,
    actor: &Actor,
    review_id: i64,
    status: &str,
    reply: &str,
) -> Result<(), CommandError> {
    refuse_if(
        !["pending", "approved", "refused"].contains(&status),
        "Choisissez un statut dans la liste.",
    )?;
    let reply = reply.trim();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let (author, old_status, old_reply, product): (String, String, String, String) = sqlx::query_as(
            "SELECT r.author_name, r.status, r.reply, p.name FROM product_review r JOIN product p ON p.id = r.product_id WHERE r.id = ?",
        )
        .bind(review_id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or(CommandError::NotFound("avis"))?;
        let reply_at = if reply.is_empty() { None } else { Some(e5_shop::command::now()) };
        tx.execute(
            "UPDATE product_review SET status = ?, reply = ?, reply_at = CASE WHEN ? = reply THEN reply_at ELSE ? END WHERE id = ?",
            (status, reply, reply, &reply_at, review_id),
        ).await?;
        let mut done = Vec::new();
        if old_status != status {
            done.push(match status {
                "approved" => "publié",
                "refused" => "refusé",
                _ => "remis en attente",
            }
            .to_owned());
        }
        if old_reply != reply {
            done.push(if reply.is_empty() { "réponse retirée".to_owned() } else { format!("réponse de la boutique : « {} »", reply.chars().take(80).collect::<String>()) });
        }
        refuse_if(done.is_empty(), "Rien n'a changé : modifiez le statut ou la réponse.")?;
        tx.journal(Entry::new(Entity::ProductReview, Some(review_id), "moderate", format!("Avis de {author} sur « {product} » : {}", done.join(", ")))).await
    })
    .await
}
