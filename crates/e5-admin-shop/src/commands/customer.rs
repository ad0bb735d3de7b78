//! Customers and customer groups: group discounts and price display, a customer's groups.

use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::pricing::trim_float;
use e5_shop::site::Site;
use e5_shop_db::query::Read;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize)]
pub struct GroupInput {
    pub id: Option<i64>,
    pub name: String,
    pub reduction_percent: f64,
    /// "TTC" or "HT".
    pub price_display: String,
    pub show_prices: bool,
    /// The categories its members see (Catégories visibles); None: unchanged.
    pub visible_categories: Option<Vec<i64>>,
}

/// Creates or updates a customer group. Returns its id.
pub async fn save_group(
    site: &Site,
    actor: &Actor,
    group: GroupInput,
) -> Result<i64, CommandError> {
    refuse_if(group.name.chars().count() < 2, "Donnez un nom au groupe.")?;
    refuse_if(
        !(0.0..=100.0).contains(&group.reduction_percent),
        "La réduction du groupe est un pourcentage entre 0 et 100.",
    )?;
    let display = if group.price_display == "HT" {
        "HT"
    } else {
        "TTC"
    };
    run(site, actor, async |tx: &mut Tx<'_>| {
        let taken: i64 = tx.one(
            "SELECT COUNT(*) FROM customer_group WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
            (&group.name, group.id),
        ).await?;
        refuse_if(taken > 0, format!("Un groupe « {} » existe déjà.", group.name))?;
        let id: i64 = match group.id {
            Some(id) => tx.optional(
                "UPDATE customer_group SET name = ?, reduction_percent = ?, price_display = ?, show_prices = ? WHERE id = ? RETURNING id",
                (&group.name, group.reduction_percent, display, i64::from(group.show_prices), id),
            ).await?
                .ok_or(CommandError::NotFound("groupe"))?,
            None => tx.one(
                "INSERT INTO customer_group (name, reduction_percent, price_display, show_prices) VALUES (?, ?, ?, ?) RETURNING id",
                (&group.name, group.reduction_percent, display, i64::from(group.show_prices)),
            ).await?,
        };
        let verb = if group.id.is_some() { "modifié" } else { "créé" };
        let reduction = if group.reduction_percent > 0.0 {
            format!("−{}\u{a0}%", trim_float(group.reduction_percent))
        } else {
            "sans réduction".to_owned()
        };
        tx.journal(
            Entry::new(Entity::CustomerGroup, Some(id), if group.id.is_some() { "update" } else { "create" }, format!("Groupe de clients « {} » {verb} ({reduction}, prix affichés {display})", group.name))
                .after(serde_json::to_value(&group).unwrap_or_default()),
        )
        .await?;
        if let Some(visible) = &group.visible_categories {
            set_visible_categories(tx, id, &group.name, visible).await?;
        }
        Ok(id)
    })
    .await
}

/// The groups a customer belongs to: those chosen and the default one, each once, sorted.
fn member_groups(default_group: i64, groups: &[i64]) -> Vec<i64> {
    let mut all = groups.to_vec();
    all.push(default_group);
    all.sort_unstable();
    all.dedup();
    all
}

/// A customer's name, or the refusal of a customer that does not exist.
async fn customer_name(tx: &mut Tx<'_>, id: i64) -> Result<String, CommandError> {
    tx.optional(
        "SELECT first_name || ' ' || last_name FROM customer WHERE id = ?",
        (id,),
    )
    .await?
    .ok_or(CommandError::NotFound("client"))
}

/// Sets a customer's default group and the groups they belong to (the default one included).
pub async fn set_groups(
    site: &Site,
    actor: &Actor,
    customer_id: i64,
    default_group: i64,
    groups: &[i64],
) -> Result<(), CommandError> {
    let groups = member_groups(default_group, groups);
    run(site, actor, async |tx: &mut Tx<'_>| {
        let name = customer_name(tx, customer_id).await?;
        let mut names = Vec::new();
        for g in &groups {
            let n: Option<String> = tx
                .optional("SELECT name FROM customer_group WHERE id = ?", (g,))
                .await?;
            match n {
                Some(n) => names.push(n),
                None => return Err(CommandError::invalid("Ce groupe n'existe pas.")),
            }
        }
        let default_name: String = tx
            .one(
                "SELECT name FROM customer_group WHERE id = ?",
                (default_group,),
            )
            .await?;
        let before: Vec<i64> = sqlx::query_scalar(
            "SELECT group_id FROM customer_group_member WHERE customer_id = ? ORDER BY group_id",
        )
        .bind(customer_id)
        .fetch_all(tx.conn())
        .await?;
        tx.execute(
            "UPDATE customer SET default_group_id = ? WHERE id = ?",
            (default_group, customer_id),
        )
        .await?;
        tx.execute(
            "DELETE FROM customer_group_member WHERE customer_id = ?",
            (customer_id,),
        )
        .await?;
        for g in &groups {
            tx.execute(
                "INSERT INTO customer_group_member (customer_id, group_id) VALUES (?, ?)",
                (customer_id, g),
            )
            .await?;
        }
        tx.journal(
            Entry::new(
                Entity::Customer,
                Some(customer_id),
                "groups",
                format!(
                    "Client {name} : groupe par défaut « {default_name} », groupes : {}",
                    names.join(", ")
                ),
            )
            .before(json!({"groups": before}))
            .after(json!({"groups": groups, "default_group": default_group})),
        )
        .await
    })
    .await
}

/// Stores which categories a group sees, as the ones it does not (so that by default every
/// group sees everything). A hidden category hides its sub-categories too. Journals only a
/// change.
async fn set_visible_categories(
    tx: &mut Tx<'_>,
    group_id: i64,
    group_name: &str,
    visible: &[i64],
) -> Result<(), CommandError> {
    let tree: Vec<(i64, Option<i64>)> = tx
        .rows("SELECT id, parent_id FROM category ORDER BY id", ())
        .await?;
    refuse_if(
        visible.iter().any(|v| !tree.iter().any(|(id, _)| id == v)),
        "Une des catégories cochées n'existe pas : rechargez la page.",
    )?;
    let mut hidden: Vec<i64> = tree
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !visible.contains(id))
        .collect();
    loop {
        let more: Vec<i64> = tree
            .iter()
            .filter(|(id, parent)| {
                !hidden.contains(id) && parent.is_some_and(|p| hidden.contains(&p))
            })
            .map(|(id, _)| *id)
            .collect();
        if more.is_empty() {
            break;
        }
        hidden.extend(more);
    }
    hidden.sort_unstable();
    let before: Vec<i64> = sqlx::query_scalar(
        "SELECT category_id FROM customer_group_hidden_category WHERE group_id = ? ORDER BY category_id",
    )
    .bind(group_id)
    .fetch_all(tx.conn())
    .await?;
    if before == hidden {
        return Ok(());
    }
    tx.execute(
        "DELETE FROM customer_group_hidden_category WHERE group_id = ?",
        (group_id,),
    )
    .await?;
    for c in &hidden {
        tx.execute(
            "INSERT INTO customer_group_hidden_category (group_id, category_id) VALUES (?, ?)",
            (group_id, c),
        )
        .await?;
    }
    let total = tree.len();
    let shown = total - hidden.len();
    let label = if shown > 1 {
        "catégories visibles"
    } else {
        "catégorie visible"
    };
    tx.journal(
        Entry::new(
            Entity::CustomerGroup,
            Some(group_id),
            "categories",
            format!("Groupe « {group_name} » : {shown} {label} sur {total}"),
        )
        .before(json!({"hidden_categories": before}))
        .after(json!({"hidden_categories": hidden})),
    )
    .await
}

/// A customer as the back-office form gives it (Clients › Ajouter un nouveau client).
#[derive(Debug, Clone, Default, Serialize)]
pub struct CustomerInput {
    pub id: Option<i64>,
    /// "", "M." or "Mme".
    pub gender: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// Required for a new customer; empty on an edit keeps the password.
    #[serde(skip)]
    pub password: String,
    /// `YYYY-MM-DD` or empty.
    pub birthday: String,
    pub active: bool,
    pub newsletter: bool,
    /// Offres partenaires.
    pub optin: bool,
    pub default_group: i64,
    pub groups: Vec<i64>,
}

/// What a customer row holds, to say what an edit changed.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
struct CustomerState {
    gender: String,
    first_name: String,
    last_name: String,
    email: String,
    birthday: Option<String>,
    active: i64,
    newsletter: i64,
    optin: i64,
    default_group_id: i64,
}

fn yes_no(b: i64) -> &'static str {
    if b != 0 { "oui" } else { "non" }
}

/// What changed between two states of a customer, in French ("e-mail, newsletter (non →
/// oui)"); empty when nothing did.
fn changes(before: &CustomerState, after: &CustomerState, groups: (&str, &str)) -> Vec<String> {
    let mut out = Vec::new();
    if before.gender != after.gender {
        out.push("civilité".to_owned());
    }
    if (&before.first_name, &before.last_name) != (&after.first_name, &after.last_name) {
        out.push(format!(
            "nom ({} {} → {} {})",
            before.first_name, before.last_name, after.first_name, after.last_name
        ));
    }
    if before.email != after.email {
        out.push(format!("e-mail ({} → {})", before.email, after.email));
    }
    if before.birthday != after.birthday {
        out.push("date de naissance".to_owned());
    }
    for (what, b, a) in [
        ("compte activé", before.active, after.active),
        ("newsletter", before.newsletter, after.newsletter),
        ("offres partenaires", before.optin, after.optin),
    ] {
        if b != a {
            out.push(format!("{what} ({} → {})", yes_no(b), yes_no(a)));
        }
    }
    if before.default_group_id != after.default_group_id {
        out.push(format!("groupe par défaut ({} → {})", groups.0, groups.1));
    }
    out
}

fn is_birthday(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s[..4]
            .parse::<u16>()
            .is_ok_and(|y| (1900..=2030).contains(&y))
        && s[5..7].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        && s[8..].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// Creates or updates a customer from the back-office, with their groups. Returns the id.
/// An edit that changes nothing writes nothing (and journals nothing).
pub async fn save_customer(
    site: &Site,
    actor: &Actor,
    input: CustomerInput,
) -> Result<i64, CommandError> {
    use e5_shop::command::visitor::{email, required};
    let first = required(&input.first_name, "le prénom", 80)?;
    let last = required(&input.last_name, "le nom", 80)?;
    let mail = email(&input.email)?;
    refuse_if(
        input.id.is_none() && input.password.is_empty(),
        "Donnez un mot de passe au nouveau client (8 caractères au moins).",
    )?;
    refuse_if(
        !input.password.is_empty() && input.password.chars().count() < 8,
        "Le mot de passe doit contenir au moins 8 caractères.",
    )?;
    let birthday = input.birthday.trim();
    refuse_if(
        !birthday.is_empty() && !is_birthday(birthday),
        "La date de naissance s'écrit jj/mm/aaaa (par exemple 14/07/1990).",
    )?;
    let gender = match input.gender.as_str() {
        "M." | "Mme" => input.gender.clone(),
        _ => String::new(),
    };
    let after = CustomerState {
        gender,
        first_name: first.clone(),
        last_name: last.clone(),
        email: mail.clone(),
        birthday: (!birthday.is_empty()).then(|| birthday.to_owned()),
        active: i64::from(input.active),
        newsletter: i64::from(input.newsletter),
        optin: i64::from(input.optin),
        default_group_id: input.default_group,
    };
    let hash =
        (!input.password.is_empty()).then(|| e5_shop_db::password::hash_password(&input.password));
    let now = e5_shop::command::now();
    let groups = member_groups(input.default_group, &input.groups);
    let db = site.db();
    let mut names = Vec::new();
    for g in &groups {
        let n: Option<String> = db
            .optional("SELECT name FROM customer_group WHERE id = ?", (g,))
            .await?;
        names.push(n.ok_or_else(|| CommandError::invalid("Ce groupe n'existe pas."))?);
    }
    let default_name = groups
        .iter()
        .position(|g| *g == input.default_group)
        .map(|i| names[i].clone())
        .unwrap_or_default();
    // An edit says what it changed; one that changes nothing writes (and journals) nothing.
    let changed = match input.id {
        None => Vec::new(),
        Some(id) => {
            let before: CustomerState = db
                .row_optional(
                    "SELECT gender, first_name, last_name, email, birthday, active, newsletter, optin, default_group_id FROM customer WHERE id = ?",
                    (id,),
                )
                .await?
                .ok_or(CommandError::NotFound("client"))?;
            let members: Vec<i64> = sqlx::query_scalar(
                "SELECT group_id FROM customer_group_member WHERE customer_id = ? ORDER BY group_id",
            )
            .bind(id)
            .fetch_all(db)
            .await?;
            let old_default: String = db
                .one(
                    "SELECT name FROM customer_group WHERE id = ?",
                    (before.default_group_id,),
                )
                .await?;
            let mut changed = changes(&before, &after, (&old_default, &default_name));
            if hash.is_some() {
                changed.push("mot de passe".to_owned());
            }
            if members != groups {
                changed.push(format!("groupes ({})", names.join(", ")));
            }
            if changed.is_empty() {
                return Ok(id);
            }
            changed
        }
    };
    run(site, actor, async |tx: &mut Tx<'_>| {
        let taken: i64 = tx
            .one(
                "SELECT COUNT(*) FROM customer WHERE lower(email) = ? AND id IS NOT ?",
                (&mail, input.id),
            )
            .await?;
        refuse_if(
            taken > 0,
            format!("Un client existe déjà avec l'adresse {mail}."),
        )?;
        let who = format!("{first} {last} ({mail})");
        let id = match input.id {
            None => {
                let id: i64 = tx.one(
                    "INSERT INTO customer (gender, first_name, last_name, email, password_hash, birthday, newsletter, optin, default_group_id, active, created_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (&after.gender, &first, &last, &mail, &hash, &after.birthday, after.newsletter, after.optin, after.default_group_id, after.active, &now),
                ).await?;
                let newsletter = if after.newsletter != 0 {
                    ", inscrit à la newsletter"
                } else {
                    ""
                };
                tx.journal(Entry::new(
                    Entity::Customer,
                    Some(id),
                    "create",
                    format!("Client {who} créé dans le back-office, groupe par défaut « {default_name} »{newsletter}"),
                ))
                .await?;
                id
            }
            Some(id) => {
                tx.execute(
                    "UPDATE customer SET gender = ?, first_name = ?, last_name = ?, email = ?, birthday = ?, newsletter = ?, optin = ?, default_group_id = ?, active = ?, password_hash = COALESCE(?, password_hash), is_guest = CASE WHEN ? IS NULL THEN is_guest ELSE 0 END WHERE id = ?",
                    (&after.gender, &first, &last, &mail, &after.birthday, after.newsletter, after.optin, after.default_group_id, after.active, &hash, &hash, id),
                ).await?;
                tx.journal(Entry::new(
                    Entity::Customer,
                    Some(id),
                    "update",
                    format!("Client {who} modifié : {}", changed.join(", ")),
                ))
                .await?;
                id
            }
        };
        tx.execute("DELETE FROM customer_group_member WHERE customer_id = ?", (id,))
            .await?;
        for g in &groups {
            tx.execute(
                "INSERT INTO customer_group_member (customer_id, group_id) VALUES (?, ?)",
                (id, g),
            )
            .await?;
        }
        Ok(id)
    })
    .await
}

/// An address added to a customer from the back-office.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AddressInput {
    pub alias: String,
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub address1: String,
    pub address2: String,
    pub postcode: String,
    pub city: String,
    pub country: String,
    pub phone: String,
}

/// Adds an address to a customer (Clients › Adresses › Ajouter). French postcodes have five
/// digits.
pub async fn add_address(
    site: &Site,
    actor: &Actor,
    customer_id: i64,
    a: AddressInput,
) -> Result<i64, CommandError> {
    use e5_shop::command::visitor::required;
    let alias = match a.alias.trim() {
        "" => "Mon adresse".to_owned(),
        other => required(other, "l'alias", 32)?,
    };
    let first = required(&a.first_name, "le prénom", 80)?;
    let last = required(&a.last_name, "le nom", 80)?;
    let address1 = required(&a.address1, "l'adresse", 128)?;
    let postcode = required(&a.postcode, "le code postal", 12)?;
    let city = required(&a.city, "la ville", 64)?;
    let country = match a.country.trim() {
        "" => "France".to_owned(),
        other => required(other, "le pays", 64)?,
    };
    refuse_if(
        country == "France"
            && !(postcode.len() == 5 && postcode.bytes().all(|b| b.is_ascii_digit())),
        "Un code postal français a 5 chiffres.",
    )?;
    let (company, address2, phone) = (
        a.company.trim().chars().take(64).collect::<String>(),
        a.address2.trim().chars().take(128).collect::<String>(),
        a.phone.trim().chars().take(32).collect::<String>(),
    );
    run(site, actor, async |tx: &mut Tx<'_>| {
        let name = customer_name(tx, customer_id).await?;
        let id: i64 = tx.one(
            "INSERT INTO address (customer_id, alias, first_name, last_name, company, address1, address2, postcode, city, country, phone)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (customer_id, &alias, &first, &last, &company, &address1, &address2, &postcode, &city, &country, &phone),
        ).await?;
        tx.journal(Entry::new(
            Entity::Customer,
            Some(customer_id),
            "update",
            format!("Adresse « {alias} » ajoutée au client {name} : {address1}, {postcode} {city}"),
        ))
        .await?;
        Ok(id)
    })
    .await
}
