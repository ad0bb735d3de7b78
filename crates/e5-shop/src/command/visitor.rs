//! What a storefront visitor writes besides carts and orders: an account, a contact
//! message, a product review, a blog comment, a newsletter sign-up.

use super::order::looks_like_email;
use super::{CommandError, Tx, refuse_if, run};
use crate::journal::{Actor, Entry};
use crate::site::Site;
use e5_domain::journal::Entity;
use e5_domain::setting;
use e5_shop_db::password;
use e5_shop_db::query::Read;

/// A required text field, trimmed, refused when empty or longer than `max_chars`.
pub fn required(value: &str, what: &str, max_chars: usize) -> Result<String, CommandError> {
    let v = value.trim();
    refuse_if(v.is_empty(), format!("Merci d'indiquer {what}."))?;
    refuse_if(
        v.chars().count() > max_chars,
        format!("{what} : {max_chars} caractères au plus."),
    )?;
    Ok(v.to_owned())
}

/// An e-mail address, lower-cased, refused when it does not look like one.
pub fn email(value: &str) -> Result<String, CommandError> {
    let v = value.trim().to_lowercase();
    if looks_like_email(&v) {
        Ok(v)
    } else {
        Err(CommandError::invalid(
            "Cette adresse e-mail n'est pas valide.",
        ))
    }
}

#[derive(Debug, Clone)]
pub struct Registration {
    pub gender: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub password: String,
    pub newsletter: bool,
}

/// Creates a customer account; a guest who registers with the same e-mail keeps their orders.
pub async fn register(
    site: &Site,
    actor: &Actor,
    input: Registration,
) -> Result<i64, CommandError> {
    let first = required(&input.first_name, "le prénom", 80)?;
    let last = required(&input.last_name, "le nom", 80)?;
    let mail = email(&input.email)?;
    refuse_if(
        input.password.chars().count() < 8,
        "Le mot de passe doit contenir au moins 8 caractères.",
    )?;
    let gender = match input.gender.as_str() {
        "M." | "Mme" => input.gender.clone(),
        _ => String::new(),
    };
    let hash = password::hash_password(&input.password);
    let now = super::now();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let existing: Option<(i64, i64)> = sqlx::query_as("SELECT id, is_guest FROM customer WHERE lower(email) = ?").bind(&mail).fetch_optional(tx.conn()).await?;
        let id = match existing {
            Some((_, 0)) => return Err(CommandError::invalid("Un compte existe déjà avec cette adresse e-mail : connectez-vous.")),
            Some((id, _)) => {
                tx.execute(
                    "UPDATE customer SET password_hash = ?, is_guest = 0, default_group_id = 3, first_name = ?, last_name = ?, gender = ?, newsletter = ? WHERE id = ?",
                    (&hash, &first, &last, &gender, input.newsletter, id),
                ).await?;
                id
            }
            None => tx.one(
                "INSERT INTO customer (gender, first_name, last_name, email, password_hash, newsletter, default_group_id, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, 3, ?) RETURNING id",
                (&gender, &first, &last, &mail, &hash, input.newsletter, &now),
            ).await?,
        };
        tx.execute(
            "INSERT OR IGNORE INTO customer_group_member (customer_id, group_id) VALUES (?, 3)",
            (id,),
        ).await?;
        tx.journal(Entry::new(Entity::Customer, Some(id), "create", format!("Compte client créé : {first} {last} ({mail})"))).await?;
        Ok(id)
    })
    .await
}

#[derive(Debug, Clone)]
pub struct ContactMessage {
    pub contact_id: i64,
    pub email: String,
    pub subject: String,
    pub order_reference: String,
    pub message: String,
}

/// A message from the contact form opens a customer-service thread.
pub async fn contact(
    site: &Site,
    actor: &Actor,
    customer_id: Option<i64>,
    input: ContactMessage,
) -> Result<i64, CommandError> {
    let mail = email(&input.email)?;
    let message = required(&input.message, "votre message", 5000)?;
    let subject = input.subject.trim().chars().take(150).collect::<String>();
    let now = super::now();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let contact: Option<String> = tx.optional(
            "SELECT name FROM contact WHERE id = ?",
            (input.contact_id,),
        ).await?;
        let Some(contact) = contact else { return Err(CommandError::invalid("Choisissez un destinataire.")) };
        let customer_id = match customer_id {
            Some(id) => Some(id),
            None => tx.optional("SELECT id FROM customer WHERE lower(email) = ?", (&mail,)).await?,
        };
        let order_id: Option<i64> = match input.order_reference.trim() {
            "" => None,
            r => tx.optional(
                "SELECT id FROM orders WHERE reference = ? AND customer_id IS ?",
                (r.to_uppercase(), customer_id),
            ).await?,
        };
        let thread_id: i64 = tx.one(
            "INSERT INTO customer_thread (contact_id, customer_id, order_id, email, subject, status, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
            (input.contact_id, customer_id, order_id, &mail, &subject, &now, &now),
        ).await?;
        tx.execute(
            "INSERT INTO customer_message (thread_id, message, created_at) VALUES (?, ?, ?)",
            (thread_id, &message, &now),
        ).await?;
        tx.journal(Entry::new(Entity::CustomerThread, Some(thread_id), "create", format!("Message de {mail} au {contact} : « {subject} »"))).await?;
        Ok(thread_id)
    })
    .await
}

#[derive(Debug, Clone)]
pub struct ReviewInput {
    pub product_id: i64,
    pub author_name: String,
    pub title: String,
    pub content: String,
    pub rating: i64,
}

/// A product review waits for moderation when the shop says so.
pub async fn review(
    site: &Site,
    actor: &Actor,
    customer_id: Option<i64>,
    input: ReviewInput,
) -> Result<bool, CommandError> {
    let author = required(&input.author_name, "votre nom", 80)?;
    let title = required(&input.title, "un titre", 120)?;
    let content = required(&input.content, "votre avis", 3000)?;
    refuse_if(
        !(1..=5).contains(&input.rating),
        "Choisissez une note de 1 à 5 étoiles.",
    )?;
    // Modules › Avis produits may keep reviews to customers with an account.
    refuse_if(
        customer_id.is_none()
            && !crate::modules::ModuleSettings::load(site.db())
                .await?
                .reviews_guests,
        "Connectez-vous à votre compte client pour donner votre avis.",
    )?;
    let now = super::now();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let product: Option<String> = tx.optional(
            "SELECT name FROM product WHERE id = ? AND active = 1",
            (input.product_id,),
        ).await?;
        let Some(product) = product else { return Err(CommandError::NotFound("produit")) };
        let moderated: Option<String> = tx.optional(
            "SELECT value FROM setting WHERE key = ?",
            (setting::REVIEWS_MANUAL_APPROVAL,),
        ).await?;
        let pending = moderated.as_deref() != Some("0");
        let id: i64 = tx.one(
            "INSERT INTO product_review (product_id, customer_id, author_name, title, content, rating, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                input.product_id,
                customer_id,
                &author,
                &title,
                &content,
                input.rating,
                if pending { "pending" } else { "approved" },
                &now,
            ),
        ).await?;
        tx.journal(Entry::new(Entity::ProductReview, Some(id), "create", format!("Avis {}/5 de {author} sur « {product} »", input.rating))).await?;
        Ok(pending)
    })
    .await
}

#[derive(Debug, Clone)]
pub struct CommentInput {
    pub post_id: i64,
    pub author_name: String,
    pub author_email: String,
    pub content: String,
}

/// A blog comment; it waits for approval when the discussion settings say so.
pub async fn comment(
    site: &Site,
    actor: &Actor,
    input: CommentInput,
) -> Result<bool, CommandError> {
    let author = required(&input.author_name, "votre nom", 80)?;
    let mail = email(&input.author_email)?;
    let content = required(&input.content, "votre commentaire", 3000)?;
    let now = super::now();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let post: Option<(String, String)> = sqlx::query_as("SELECT title, comment_status FROM post WHERE id = ? AND status = 'publish'")
            .bind(input.post_id)
            .fetch_optional(tx.conn())
            .await?;
        let Some((title, status)) = post else { return Err(CommandError::NotFound("article")) };
        refuse_if(status != "open", "Les commentaires sont fermés pour cet article.")?;
        let moderated: Option<String> = tx.optional(
            "SELECT value FROM setting WHERE key = ?",
            (setting::DISCUSSION_MANUAL_APPROVAL,),
        ).await?;
        let pending = moderated.as_deref() != Some("0");
        let id: i64 = tx.one(
            "INSERT INTO comment (post_id, author_name, author_email, content, status, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (
                input.post_id,
                &author,
                &mail,
                &content,
                if pending { "pending" } else { "approved" },
                &now,
            ),
        ).await?;
        tx.journal(Entry::new(Entity::Comment, Some(id), "create", format!("Commentaire de {author} sur « {title} »"))).await?;
        Ok(pending)
    })
    .await
}

pub async fn subscribe_newsletter(
    site: &Site,
    actor: &Actor,
    address: &str,
) -> Result<(), CommandError> {
    let mail = email(address)?;
    let now = super::now();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO newsletter_subscriber (email, source, created_at) VALUES (?, 'footer', ?)",
            (&mail, &now),
        ).await?
            .rows_affected();
        refuse_if(inserted == 0, "Cette adresse est déjà inscrite à la lettre d'information.")?;
        tx.journal(Entry::new(Entity::Newsletter, None, "subscribe", format!("Inscription à la newsletter : {mail}"))).await
    })
    .await
}

/// A message sent through the contact-form block of an article or page (`post`: its id and
/// title, when the form sits on one).
pub async fn form_message(
    site: &Site,
    actor: &Actor,
    post: Option<(i64, String)>,
    name: &str,
    address: &str,
    message: &str,
) -> Result<(), CommandError> {
    let name = required(name, "votre nom", 80)?;
    let message = required(message, "votre message", 3000)?;
    let mail = email(address)?;
    let now = super::now();
    let where_ = post
        .as_ref()
        .map(|p| format!(" depuis « {} »", p.1))
        .unwrap_or_default();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let id: i64 = tx.one(
            "INSERT INTO form_submission (post_id, kind, name, email, message, created_at) VALUES (?, 'contact', ?, ?, ?, ?) RETURNING id",
            (post.as_ref().map(|p| p.0), &name, &mail, &message, &now),
        ).await?;
        tx.journal(Entry::new(Entity::FormSubmission, Some(id), "create", format!("Message de {name} ({mail}) reçu par le formulaire{where_}")))
            .await
    })
    .await
}

/// A sign-up through the newsletter-form block of an article or page.
pub async fn form_newsletter(
    site: &Site,
    actor: &Actor,
    post_id: Option<i64>,
    address: &str,
    consent: bool,
) -> Result<(), CommandError> {
    refuse_if(
        !consent,
        "Cochez la case d'accord pour recevoir la lettre d'information.",
    )?;
    let mail = email(address)?;
    let now = super::now();
    run(site, actor, async |tx: &mut Tx<'_>| {
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO newsletter_subscriber (email, source, created_at) VALUES (?, 'formulaire', ?)",
            (&mail, &now),
        ).await?
            .rows_affected();
        refuse_if(inserted == 0, "Cette adresse est déjà inscrite à la lettre d'information.")?;
        tx.execute(
            "INSERT INTO form_submission (post_id, kind, email, created_at) VALUES (?, 'newsletter', ?, ?)",
            (post_id, &mail, &now),
        ).await?;
        tx.journal(Entry::new(Entity::Newsletter, None, "subscribe", format!("Inscription à la newsletter : {mail} (formulaire de page)")))
            .await
    })
    .await
}

/// Checks a customer's e-mail and password; reading only, so not a command.
pub async fn authenticate(
    db: &sqlx::SqlitePool,
    address: &str,
    pass: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    let row: Option<(i64, String, Option<String>)> =
        db.row_optional(
            "SELECT id, first_name || ' ' || last_name, password_hash FROM customer WHERE lower(email) = lower(?) AND active = 1",
            (address.trim(),),
        ).await?;
    // One Argon2 verification whether or not the customer exists (see check_password).
    let hash = row.as_ref().and_then(|(_, _, h)| h.as_deref());
    let verified = password::check_password(pass, hash).await;
    Ok(row.filter(|_| verified).map(|(id, name, _)| (id, name)))
}
