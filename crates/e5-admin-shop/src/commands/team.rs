//! Team: employees and the permissions of profiles.

use e5_domain::journal::Entity;
use e5_shop::command::{CommandError, Tx, refuse_if, run};
use e5_shop::journal::{Actor, Entry};
use e5_shop::site::Site;
use serde_json::json;

#[derive(Debug, Clone)]
pub struct EmployeeInput {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub password: String,
    pub profile_id: i64,
    pub active: bool,
}

pub async fn create_employee(
    site: &Site,
    actor: &Actor,
    e: EmployeeInput,
) -> Result<i64, CommandError> {
    refuse_if(
        e.first_name.is_empty() || e.last_name.is_empty(),
        "Indiquez le prénom et le nom de l'employé.",
    )?;
    refuse_if(
        !e5_shop::command::order::looks_like_email(&e.email),
        "L'adresse e-mail n'est pas valide.",
    )?;
    refuse_if(
        e.password.chars().count() < 8,
        "Le mot de passe doit compter au moins 8 caractères.",
    )?;
    let hash = e5_shop_db::password::hash_password(&e.password);
    run(site, actor, async |tx: &mut Tx<'_>| {
        let profile: Option<String> = tx.optional(
            "SELECT name FROM profile WHERE id = ?",
            (e.profile_id,),
        ).await?;
        let Some(profile) = profile else {
            return Err(CommandError::invalid("Choisissez un profil."));
        };
        let taken: i64 = tx.one(
            "SELECT COUNT(*) FROM employee WHERE email = ? COLLATE NOCASE",
            (&e.email,),
        ).await?;
        refuse_if(taken > 0, format!("Un employé utilise déjà l'adresse {}.", e.email))?;
        let id: i64 = tx.one(
            "INSERT INTO employee (first_name, last_name, email, password_hash, profile_id, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                &e.first_name,
                &e.last_name,
                &e.email,
                &hash,
                e.profile_id,
                i64::from(e.active),
                e5_shop::command::now(),
            ),
        ).await?;
        tx.journal(
            Entry::new(
                Entity::Employee,
                Some(id),
                "create",
                format!("Employé {} {} créé (profil « {profile} »{})", e.first_name, e.last_name, if e.active { "" } else { ", désactivé" }),
            )
            .after(json!({"email": e.email, "profile": profile, "active": e.active})),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// Activates or deactivates an employee's account. Nobody deactivates their own account or
/// the last active SuperAdmin: the shop must keep someone who can manage the team.
pub async fn set_employee_active(
    site: &Site,
    actor: &Actor,
    employee_id: i64,
    active: bool,
) -> Result<(), CommandError> {
    refuse_if(
        !active && actor.id == Some(employee_id),
        "Vous ne pouvez pas désactiver votre propre compte.",
    )?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let row: Option<(String, i64, i64)> = sqlx::query_as(
            "SELECT first_name || ' ' || last_name, active, profile_id FROM employee WHERE id = ?",
        )
        .bind(employee_id)
        .fetch_optional(tx.conn())
        .await?;
        let Some((name, was, profile_id)) = row else {
            return Err(CommandError::NotFound("employé"));
        };
        if !active && profile_id == 1 {
            let others: i64 = tx
                .one(
                    "SELECT COUNT(*) FROM employee WHERE profile_id = 1 AND active = 1 AND id != ?",
                    (employee_id,),
                )
                .await?;
            refuse_if(
                others == 0,
                "Le dernier SuperAdmin actif ne peut pas être désactivé.",
            )?;
        }
        tx.execute(
            "UPDATE employee SET active = ? WHERE id = ?",
            (i64::from(active), employee_id),
        )
        .await?;
        let what = if active { "activé" } else { "désactivé" };
        tx.journal(
            Entry::new(
                Entity::Employee,
                Some(employee_id),
                "update",
                format!("Compte de l'employé {name} {what}"),
            )
            .before(json!({"active": was != 0}))
            .after(json!({"active": active})),
        )
        .await
    })
    .await
}

/// One row of the permissions matrix: a tab and its four rights.
#[derive(Debug, Clone, PartialEq)]
pub struct Rights {
    pub tab: e5_shop::admin::Tab,
    pub view: bool,
    pub add: bool,
    pub edit: bool,
    pub delete: bool,
}

/// Replaces a profile's permissions with the matrix sent. The SuperAdmin profile keeps every
/// right, so that nobody can lock the shop.
pub async fn save_permissions(
    site: &Site,
    actor: &Actor,
    profile_id: i64,
    rows: Vec<Rights>,
) -> Result<(), CommandError> {
    refuse_if(
        profile_id == 1,
        "Les droits du profil SuperAdmin ne se modifient pas : il garde tous les accès.",
    )?;
    run(site, actor, async |tx: &mut Tx<'_>| {
        let profile: String = tx.optional(
            "SELECT name FROM profile WHERE id = ?",
            (profile_id,),
        ).await?
            .ok_or(CommandError::NotFound("profil"))?;
        let before: Vec<(String, i64, i64, i64, i64)> =
            tx.rows(
                "SELECT tab, can_view, can_add, can_edit, can_delete FROM profile_permission WHERE profile_id = ? ORDER BY tab",
                (profile_id,),
            ).await?;
        tx.execute("DELETE FROM profile_permission WHERE profile_id = ?", (profile_id,)).await?;
        let mut changed = Vec::new();
        for r in &rows {
            // A right to add, edit or delete needs the right to see the section.
            let view = r.view || r.add || r.edit || r.delete;
            if view {
                tx.execute(
                    "INSERT INTO profile_permission (profile_id, tab, can_view, can_add, can_edit, can_delete) VALUES (?, ?, 1, ?, ?, ?)",
                    (
                        profile_id,
                        r.tab.key(),
                        i64::from(r.add),
                        i64::from(r.edit),
                        i64::from(r.delete),
                    ),
                ).await?;
            }
            let old = before.iter().find(|b| b.0 == r.tab.key()).map(|b| (b.1 != 0, b.2 != 0, b.3 != 0, b.4 != 0)).unwrap_or_default();
            if old != (view, r.add, r.edit, r.delete) {
                changed.push(r.tab.label());
            }
        }
        if changed.is_empty() {
            tx.unchanged();
            return Ok(());
        }
        let summary =
            format!("Permissions du profil « {profile} » modifiées : {}", changed.join(", "));
        tx.journal(Entry::new(Entity::Profile, Some(profile_id), "permissions", summary).before(json!(before))).await
    })
    .await
}
