//! WordPress roles (`employee.wp_role`), enforced by the content side's handlers on top of the
//! profile's tab rights:
//!
//! | role | articles | pages | comments | appearance, settings, users |
//! | --- | --- | --- | --- | --- |
//! | contributor | writes and edits own drafts, cannot publish | — | — | — |
//! | author | publishes and edits own articles | — | — | — |
//! | editor | edits and publishes every article | every page | moderates | — |
//! | administrator | everything | everything | moderates | yes |

use e5_shop::admin::Staff;
use e5_shop::web::ShopError;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Role {
    Contributor,
    Author,
    Editor,
    Administrator,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "contributor" => Some(Role::Contributor),
            "author" => Some(Role::Author),
            "editor" => Some(Role::Editor),
            "administrator" => Some(Role::Administrator),
            _ => None,
        }
    }

    pub fn of(staff: &Staff) -> Role {
        Role::parse(&staff.employee.wp_role).unwrap_or(Role::Contributor)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Contributor => "contributeur",
            Role::Author => "auteur",
            Role::Editor => "éditeur",
            Role::Administrator => "administrateur",
        }
    }

    pub fn can_publish(self) -> bool {
        self != Role::Contributor
    }

    pub fn can_edit_others(self) -> bool {
        matches!(self, Role::Editor | Role::Administrator)
    }

    pub fn can_edit_pages(self) -> bool {
        self.can_edit_others()
    }

    pub fn can_moderate(self) -> bool {
        self.can_edit_others()
    }

    pub fn is_admin(self) -> bool {
        self == Role::Administrator
    }

    /// A contributor edits own drafts only; an author own posts; editors everything.
    pub fn can_edit_post(self, own: bool, status: &str) -> bool {
        match self {
            Role::Contributor => own && status == "draft",
            Role::Author => own,
            _ => true,
        }
    }

    pub fn can_delete_post(self, own: bool, status: &str) -> bool {
        self.can_edit_post(own, status)
    }
}

/// Refuses with a French message when the signed-in employee's role is not enough.
pub fn require(staff: &Staff, ok: impl Fn(Role) -> bool, what: &str) -> Result<Role, ShopError> {
    let role = Role::of(staff);
    if ok(role) {
        Ok(role)
    } else {
        Err(ShopError::Forbidden(format!(
            "votre rôle WordPress « {} » ne permet pas de {what}.",
            role.label()
        )))
    }
}
