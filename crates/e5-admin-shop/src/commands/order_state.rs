//! Order statuses (Commandes › États, PrestaShop's « États de commande »): their name,
//! colour, flags, and the e-mail the customer gets when an order enters them.

use e5_domain::Money;
use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde::Serialize;
use serde_json::json;

/// The subject a status uses when it has no text of its own.
pub const STANDARD_SUBJECT: &str = "Votre commande {commande} : {etat}";
/// The e-mail a status sends when it has no text of its own.
pub const STANDARD_BODY: &str = "Bonjour {prenom},\n\nLe statut de votre commande {commande} ({montant}) est maintenant : « {etat} ».\n\nVous pouvez suivre votre commande depuis votre compte client.\n\nÀ bientôt,\nLe service client";
/// The words a template may contain, with what they become (shown under the form).
pub const PLACEHOLDERS: [(&str, &str); 5] = [
    ("{prenom}", "prénom du client"),
    ("{nom}", "nom du client"),
    ("{commande}", "référence de la commande"),
    ("{montant}", "total payé"),
    ("{etat}", "nom de l'état"),
];

/// What fills a template for one order.
pub struct Mail<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub reference: &'a str,
    pub total_cents: i64,
    pub state: &'a str,
}

/// The template with its placeholders replaced; an empty template is the standard text.
pub fn fill(template: &str, standard: &str, mail: &Mail<'_>) -> String {
    let template = if template.trim().is_empty() {
        standard
    } else {
        template
    };
    template
        .replace("{prenom}", mail.first_name)
        .replace("{nom}", mail.last_name)
        .replace("{commande}", mail.reference)
        .replace("{montant}", &Money(mail.total_cents).to_string())
        .replace("{etat}", mail.state)
}

#[derive(Debug, Clone, Serialize)]
pub struct StateInput {
    pub name: String,
    /// "#RRGGBB".
    pub color: String,
    pub paid: bool,
    pub shipped: bool,
    pub delivered: bool,
    pub cancelled: bool,
    pub refunded: bool,
    pub invoice: bool,
    pub hidden: bool,
    /// The customer gets an e-mail when an order enters the status.
    pub notify: bool,
    pub email_subject: String,
    pub email_body: String,
}

/// A status as stored, for the journal's "before".
#[derive(Debug, Serialize, sqlx::FromRow)]
struct StoredState {
    name: String,
    color: String,
    paid: i64,
    shipped: i64,
    delivered: i64,
    cancelled: i64,
    refunded: i64,
    invoice: Option<i64>,
    hidden: i64,
    notify: i64,
    email_subject: String,
    email_body: String,
}

pub fn is_colour(v: &str) -> bool {
    v.len() == 7
        && v.strip_prefix('#')
            .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn check(input: &StateInput) -> Result<(), CommandError> {
    let len = input.name.chars().count();
    refuse_if(
        !(2..=64).contains(&len),
        "Le nom de l'état doit compter de 2 à 64 caractères.",
    )?;
    refuse_if(
        !is_colour(&input.color),
        "La couleur s'écrit en hexadécimal, par exemple #FF8C00.",
    )?;
    refuse_if(
        input.email_subject.chars().count() > 150 || input.email_body.chars().count() > 5000,
        "L'objet de l'e-mail compte 150 caractères au plus, son texte 5 000.",
    )?;
    Ok(())
}

/// Creates (`id` None) or updates an order status. Returns its id.
pub async fn save(
    site: &Site,
    actor: &Actor,
    id: Option<i64>,
    input: StateInput,
) -> Result<i64, CommandError> {
    check(&input)?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let taken: i64 = tx.one(
            "SELECT COUNT(*) FROM order_state WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
            (&input.name, id),
        ).await?;
        refuse_if(taken > 0, format!(
                "Un état « {} » existe déjà.",
                input.name
            ))?;
        let before: Option<serde_json::Value> = match id {
            Some(id) => {
                let row: Option<StoredState> = sqlx::query_as(
                    "SELECT name, color, paid, shipped, delivered, cancelled, refunded, invoice, hidden, notify, email_subject, email_body FROM order_state WHERE id = ?",
                )
                .bind(id)
                .fetch_optional(tx.conn())
                .await?;
                let row = row.ok_or(CommandError::NotFound("état de commande"))?;
                Some(serde_json::to_value(&row).unwrap_or_default())
            }
            None => None,
        };
        let sql = match id {
            Some(_) => "UPDATE order_state SET name = ?1, color = ?2, paid = ?3, shipped = ?4, delivered = ?5, cancelled = ?6, refunded = ?7,
                            invoice = ?8, hidden = ?9, notify = ?10, email_subject = ?11, email_body = ?12 WHERE id = ?13 RETURNING id",
            None => "INSERT INTO order_state (name, color, paid, shipped, delivered, cancelled, refunded, invoice, hidden, notify, email_subject, email_body)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
        };
        let id: i64 = tx.one(
            sql,
            (
                &input.name,
                input.color.to_uppercase(),
                i64::from(input.paid),
                i64::from(input.shipped),
                i64::from(input.delivered),
                i64::from(input.cancelled),
                i64::from(input.refunded),
                i64::from(input.invoice),
                i64::from(input.hidden),
                i64::from(input.notify),
                &input.email_subject,
                &input.email_body,
                id,
            ),
        ).await?;
        let verb = if before.is_some() { "modifié" } else { "créé" };
        let mail = if input.notify {
            "e-mail au client"
        } else {
            "sans e-mail"
        };
        let mut entry = Entry::new(
            Entity::OrderState,
            Some(id),
            if before.is_some() { "update" } else { "create" },
            format!("État de commande « {} » {verb} ({mail})", input.name),
        )
        .after(serde_json::to_value(&input).unwrap_or_default());
        if let Some(b) = before {
            entry = entry.before(b);
        }
        tx.journal(entry).await?;
        Ok(id)
    })
    .await
}

/// Deletes a status no order has ever been in.
pub async fn delete(site: &Site, actor: &Actor, id: i64) -> Result<String, CommandError> {
    run(site, actor, async |tx: &mut Tx<'_>| {
        let name: String = tx.optional("SELECT name FROM order_state WHERE id = ?", (id,)).await?
            .ok_or(CommandError::NotFound("état de commande"))?;
        let used: i64 = tx.one(
            "SELECT (SELECT COUNT(*) FROM orders WHERE state_id = ?1) + (SELECT COUNT(DISTINCT order_id) FROM order_history WHERE state_id = ?1)",
            (id,),
        ).await?;
        refuse_if(used > 0, format!(
                "L'état « {name} » est utilisé par des commandes (actuelles ou dans leur historique) : il ne peut pas être supprimé. \
                 Modifiez-le, ou cochez « Masquer » pour que les clients ne le voient plus."
            ))?;
        tx.execute("DELETE FROM order_state WHERE id = ?", (id,)).await?;
        let summary = format!("État de commande « {name} » supprimé");
        tx.journal(
            Entry::new(Entity::OrderState, Some(id), "delete", summary.clone())
                .before(json!({"name": name})),
        )
        .await?;
        Ok(summary)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_template_is_the_standard_text_with_the_order_filled_in() {
        let mail = Mail {
            first_name: "Léa",
            last_name: "Martin",
            reference: "TDL-1",
            total_cents: 4990,
            state: "Expédié",
        };
        assert_eq!(
            fill("", STANDARD_SUBJECT, &mail),
            "Votre commande TDL-1 : Expédié"
        );
        assert_eq!(
            fill("{prenom} {nom}, {montant}", STANDARD_BODY, &mail),
            "Léa Martin, 49,90\u{a0}€"
        );
    }

    #[test]
    fn only_a_six_digit_hex_colour_is_accepted() {
        assert!(is_colour("#FF8C00"));
        assert!(!is_colour("red"));
        assert!(!is_colour("#FF8C00;background:url(x)"));
    }
}
