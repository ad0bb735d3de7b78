//! Checks on customer relations: replies to messages and reviews, customer groups and
//! accounts, employees.

use e5_shop_db::query::Read;
use sqlx::SqlitePool;

use super::Baseline;
use super::facts::{Facts, best};
use super::spec::{
    CustomerAccount, CustomerGroup, CustomerInGroup, Employee, ReplyToThread, ReviewHandled,
};
use crate::text::{char_count, contains_folded, count, percent, same_folded};

fn thread_status_label(s: &str) -> &str {
    match s {
        "open" => "ouvert",
        "closed" => "résolu",
        "pending1" | "pending2" => "en attente",
        other => other,
    }
}

pub(super) async fn reply_to_thread(
    c: &ReplyToThread,
    db: &SqlitePool,
    b: &Baseline,
) -> Result<Facts, sqlx::Error> {
    let threads: Vec<(i64, String, String, String)> = db
        .rows(
            "SELECT id, subject, email, status FROM customer_thread ORDER BY id",
            (),
        )
        .await?;
    let Some((id, subject, email, status)) = threads.into_iter().rev().find(|(_, s, e, _)| {
        c.subject.as_deref().is_none_or(|x| same_folded(s, x))
            && c.customer.as_deref().is_none_or(|x| same_folded(e, x))
    }) else {
        let what = c.subject.as_deref().or(c.customer.as_deref()).unwrap_or("");
        return Ok(Facts::missing(format!(
            "Fil de discussion « {what} » introuvable"
        )));
    };
    let replies: Vec<(String, i64, String)> = db.rows(
        "SELECT m.message, m.private, COALESCE(e.first_name || ' ' || e.last_name, '') FROM customer_message m \
         LEFT JOIN employee e ON e.id = m.employee_id \
         WHERE m.thread_id = ? AND m.employee_id IS NOT NULL AND m.id > ? ORDER BY m.id",
        (id, b.max_id("customer_message")),
    ).await?;
    let public: Vec<&(String, i64, String)> = replies.iter().filter(|r| r.1 == 0).collect();
    let Some((message, _, author)) = public.iter().max_by_key(|r| char_count(&r.0)).copied() else {
        let notes = replies.len();
        let mut f = Facts::missing(format!(
            "Aucune réponse au client dans le fil « {subject} » ({email})"
        ));
        if notes > 0 {
            f.tail(format!(
                "({} seulement.)",
                count(notes as i64, "note privée", "notes privées")
            ));
        }
        return Ok(f);
    };
    let mut f = Facts::found(format!("Réponse de {author} dans le fil « {subject} »"));
    f.wrote(
        format!("Réponse au client ({email}) dans le fil « {subject} »"),
        message.as_str(),
    );
    let n = char_count(message);
    let min = c.min_chars.unwrap_or(1) as usize;
    f.expect(
        n >= min,
        format!("{n} car."),
        format!("au moins {min} car."),
    );
    for phrase in &c.contains {
        let ok = contains_folded(message, phrase);
        f.expect(
            ok,
            format!("« {phrase} » {}", if ok { "mentionné" } else { "absent" }),
            "mentionné",
        );
    }
    if let Some(want) = &c.status {
        f.expect(
            &status == want,
            format!("fil {}", thread_status_label(&status)),
            thread_status_label(want).to_owned(),
        );
    }
    if public.len() > 1 {
        f.tail(format!(
            "({} au client en tout.)",
            count(public.len() as i64, "réponse", "réponses")
        ));
    }
    Ok(f)
}

fn review_status_label(s: &str) -> &str {
    match s {
        "approved" => "publié",
        "refused" => "refusé",
        "pending" => "en attente de modération",
        other => other,
    }
}

pub(super) async fn review_handled(
    c: &ReviewHandled,
    db: &SqlitePool,
) -> Result<Facts, sqlx::Error> {
    let rows: Vec<(String, String, i64, String, String)> = db
        .rows(
            "SELECT r.author_name, r.status, r.rating, r.reply, p.name FROM product_review r \
         JOIN product p ON p.id = r.product_id WHERE p.reference = ? ORDER BY r.id DESC",
            (&c.product,),
        )
        .await?;
    let Some((author, status, rating, reply, product)) =
        rows.into_iter().find(|r| same_folded(&r.0, &c.author))
    else {
        return Ok(Facts::missing(format!(
            "Avis de {} sur {} introuvable (supprimé ?)",
            c.author, c.product
        )));
    };
    let mut f = Facts::found(format!("Avis de {author} ({rating}/5) sur « {product} »"));
    f.wrote(
        format!("Réponse publique à l'avis de {author}"),
        reply.as_str(),
    );
    match &c.status {
        Some(want) => f.expect(
            &status == want,
            review_status_label(&status).to_owned(),
            review_status_label(want).to_owned(),
        ),
        None => f.info(review_status_label(&status).to_owned()),
    }
    let n = char_count(&reply);
    let text = if n == 0 {
        "sans réponse".to_owned()
    } else {
        format!("réponse publique {n} car.")
    };
    match c.min_reply_chars {
        Some(min) => f.expect(
            n >= min as usize && n > 0,
            text,
            format!("une réponse d'au moins {min} car."),
        ),
        None => f.info(text),
    }
    Ok(f)
}

pub(super) async fn customer_group(
    c: &CustomerGroup,
    db: &SqlitePool,
) -> Result<Facts, sqlx::Error> {
    let rows: Vec<(i64, String, f64, String, i64)> = db
        .rows(
            "SELECT id, name, reduction_percent, price_display, show_prices FROM customer_group",
            (),
        )
        .await?;
    let Some((id, name, reduction, display, show)) =
        rows.into_iter().find(|r| same_folded(&r.1, &c.name))
    else {
        return Ok(Facts::missing(format!(
            "Aucun groupe de clients « {} »",
            c.name
        )));
    };
    let members: i64 = db.one(
        "SELECT COUNT(*) FROM customer WHERE default_group_id = ?1 OR id IN (SELECT customer_id FROM customer_group_member WHERE group_id = ?1)",
        (id,),
    ).await?;
    let mut f = Facts::found(format!("Groupe « {name} »"));
    match c.reduction {
        Some(r) => f.expect(
            (reduction - r).abs() < 0.001,
            format!("réduction {}", percent(reduction)),
            percent(r),
        ),
        None => f.info(format!("réduction {}", percent(reduction))),
    }
    if let Some(d) = &c.price_display {
        f.expect(&display == d, format!("prix affichés {display}"), d.clone());
    }
    if let Some(s) = c.show_prices {
        let is = show != 0;
        f.expect(
            is == s,
            if is { "prix visibles" } else { "prix masqués" },
            if s { "visibles" } else { "masqués" },
        );
    }
    f.info(count(members, "client", "clients"));
    Ok(f)
}

pub(super) async fn customer_in_group(
    c: &CustomerInGroup,
    db: &SqlitePool,
) -> Result<Facts, sqlx::Error> {
    let customer: Option<(i64, String, String)> = db
        .row_optional(
            "SELECT c.id, c.first_name || ' ' || c.last_name, g.name FROM customer c \
         JOIN customer_group g ON g.id = c.default_group_id WHERE c.email = ? COLLATE NOCASE",
            (c.customer.trim(),),
        )
        .await?;
    let Some((id, name, default_group)) = customer else {
        return Ok(Facts::missing(format!("Client {} introuvable", c.customer)));
    };
    let groups: Vec<String> = sqlx::query_scalar(
        "SELECT g.name FROM customer_group_member m JOIN customer_group g ON g.id = m.group_id WHERE m.customer_id = ? ORDER BY g.id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let mut f = Facts::found(format!("Client {name} ({})", c.customer));
    let member =
        groups.iter().any(|g| same_folded(g, &c.group)) || same_folded(&default_group, &c.group);
    let list = if groups.is_empty() {
        "aucun".to_owned()
    } else {
        groups.join(", ")
    };
    f.expect(
        member,
        format!("groupes : {list}"),
        format!("membre de « {} »", c.group),
    );
    if c.default == Some(true) {
        f.expect(
            same_folded(&default_group, &c.group),
            format!("groupe par défaut « {default_group} »"),
            format!("« {} »", c.group),
        );
    } else {
        f.info(format!("groupe par défaut « {default_group} »"));
    }
    Ok(f)
}

pub(super) async fn customer_account(
    c: &CustomerAccount,
    db: &SqlitePool,
) -> Result<Facts, sqlx::Error> {
    let row: Option<(i64, String, String, i64, String)> = db
        .row_optional(
            "SELECT c.id, c.first_name, c.last_name, c.newsletter, g.name FROM customer c \
         JOIN customer_group g ON g.id = c.default_group_id WHERE c.email = ? COLLATE NOCASE",
            (c.email.trim(),),
        )
        .await?;
    let Some((id, first, last, newsletter, group)) = row else {
        return Ok(Facts::missing(format!("Aucun compte client {}", c.email)));
    };
    let mut f = Facts::found(format!("Compte client {first} {last} ({})", c.email));
    if let Some(x) = &c.first_name {
        f.expect(same_folded(&first, x), format!("prénom {first}"), x.clone());
    }
    if let Some(x) = &c.last_name {
        f.expect(same_folded(&last, x), format!("nom {last}"), x.clone());
    }
    if let Some(g) = &c.group {
        let member: bool = db.one(
            "SELECT EXISTS (SELECT 1 FROM customer_group_member m JOIN customer_group g ON g.id = m.group_id \
             WHERE m.customer_id = ? AND g.name = ? COLLATE NOCASE)",
            (id, g.trim()),
        ).await?;
        f.expect(
            member || same_folded(&group, g),
            format!("groupe par défaut « {group} »"),
            format!("groupe « {g} »"),
        );
    }
    if let Some(n) = c.newsletter {
        let is = newsletter != 0;
        f.expect(
            is == n,
            if is {
                "inscrit à la newsletter"
            } else {
                "non inscrit à la newsletter"
            },
            if n { "inscrit" } else { "non inscrit" },
        );
    }
    Ok(f)
}

fn role_label(r: &str) -> &str {
    match r {
        "administrator" => "administrateur",
        "editor" => "éditeur",
        "author" => "auteur",
        "contributor" => "contributeur",
        other => other,
    }
}

pub(super) async fn employee(c: &Employee, db: &SqlitePool) -> Result<Facts, sqlx::Error> {
    let rows: Vec<(String, String, String, String, String, i64)> = db.rows(
        "SELECT e.first_name, e.last_name, e.email, p.name, e.wp_role, e.active FROM employee e \
         JOIN profile p ON p.id = e.profile_id WHERE e.email = ? COLLATE NOCASE",
        (c.email.trim(),),
    ).await?;
    let mut all = Vec::new();
    for (first, last, _, profile, role, active) in &rows {
        let mut f = Facts::found(format!("Employé {first} {last} ({})", c.email));
        if let Some(x) = &c.first_name {
            f.expect(same_folded(first, x), format!("prénom {first}"), x.clone());
        }
        if let Some(x) = &c.last_name {
            f.expect(same_folded(last, x), format!("nom {last}"), x.clone());
        }
        match &c.profile {
            Some(p) => f.expect(
                same_folded(profile, p),
                format!("profil {profile}"),
                p.clone(),
            ),
            None => f.info(format!("profil {profile}")),
        }
        if let Some(r) = &c.wp_role {
            f.expect(
                role == r,
                format!("rôle {}", role_label(role)),
                role_label(r).to_owned(),
            );
        }
        let want_active = c.active.unwrap_or(true);
        let is = *active != 0;
        f.expect(
            is == want_active,
            if is {
                "compte actif"
            } else {
                "compte désactivé"
            },
            if want_active { "actif" } else { "désactivé" },
        );
        all.push(f);
    }
    Ok(best(all).unwrap_or_else(|| Facts::missing(format!("Aucun compte employé {}", c.email))))
}
