//! The sandbox journal: one row per write, recorded in the write's own transaction.

pub use e5_domain::journal::Entity;
use serde::Serialize;
use sqlx::{Sqlite, Transaction};

/// Who made a write. Shown to the examiner as `label`.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<i64>,
    pub label: String,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Visitor,
    Customer,
    Employee,
    System,
}

impl ActorKind {
    fn as_str(self) -> &'static str {
        match self {
            ActorKind::Visitor => "visitor",
            ActorKind::Customer => "customer",
            ActorKind::Employee => "employee",
            ActorKind::System => "system",
        }
    }
}

impl Actor {
    pub fn visitor() -> Actor {
        Actor {
            kind: ActorKind::Visitor,
            id: None,
            label: "Visiteur de la boutique".into(),
        }
    }
    pub fn customer(id: i64, name: &str) -> Actor {
        Actor {
            kind: ActorKind::Customer,
            id: Some(id),
            label: format!("Client {name}"),
        }
    }
    pub fn employee(id: i64, name: &str) -> Actor {
        Actor {
            kind: ActorKind::Employee,
            id: Some(id),
            label: name.to_owned(),
        }
    }
}

/// What one command did, in words an examiner reads.
#[derive(Debug, Clone)]
pub struct Entry {
    pub entity: Entity,
    pub entity_id: Option<i64>,
    pub action: &'static str,
    pub summary: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl Entry {
    pub fn new(
        entity: Entity,
        entity_id: Option<i64>,
        action: &'static str,
        summary: impl Into<String>,
    ) -> Entry {
        Entry {
            entity,
            entity_id,
            action,
            summary: summary.into(),
            before: None,
            after: None,
        }
    }
    pub fn before(mut self, v: serde_json::Value) -> Entry {
        self.before = Some(v);
        self
    }
    pub fn after(mut self, v: serde_json::Value) -> Entry {
        self.after = Some(v);
        self
    }
}

/// A journal row as broadcast to live watchers once its transaction committed.
#[derive(Debug, Clone, Serialize)]
pub struct JournalEvent {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub action: String,
    pub summary: String,
}

pub(crate) async fn record(
    tx: &mut Transaction<'_, Sqlite>,
    actor: &Actor,
    entry: &Entry,
) -> Result<JournalEvent, sqlx::Error> {
    let at = e5_domain::paris_now().db_format();
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO journal (at, actor_kind, actor_id, actor_label, entity, entity_id, action, summary, before, after)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&at)
    .bind(actor.kind.as_str())
    .bind(actor.id)
    .bind(&actor.label)
    .bind(entry.entity.as_str())
    .bind(entry.entity_id)
    .bind(entry.action)
    .bind(&entry.summary)
    .bind(entry.before.as_ref().map(|v| v.to_string()))
    .bind(entry.after.as_ref().map(|v| v.to_string()))
    .fetch_one(&mut **tx)
    .await?;
    Ok(JournalEvent {
        id,
        at,
        actor: actor.label.clone(),
        entity: entry.entity.as_str().to_owned(),
        entity_id: entry.entity_id,
        action: entry.action.to_owned(),
        summary: entry.summary.clone(),
    })
}
