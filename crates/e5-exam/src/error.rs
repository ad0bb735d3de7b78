//! One error type for the exam crate: French messages for people, details for the log.

#[derive(Debug, thiserror::Error)]
pub enum ExamError {
    /// Bad input: the message is shown as is, nothing was changed.
    #[error("{0}")]
    Invalid(String),
    #[error("introuvable : {0}")]
    NotFound(String),
    #[error("base de la plateforme : {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration de la base de la plateforme : {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Sandbox(#[from] e5_sandbox::Error),
    #[error("fichier : {0}")]
    Io(#[from] std::io::Error),
    /// The system's random source failed: no code or secret is made without it.
    #[error("la source d'aléa du système est indisponible, aucun code n'a été créé : {0}")]
    Random(String),
}

impl ExamError {
    pub fn invalid(message: impl Into<String>) -> ExamError {
        ExamError::Invalid(message.into())
    }

    /// Whether the platform database could not be written (full disk, I/O error, lock):
    /// marks the failure so that the connections are renewed (`e5_shop::storage`).
    pub fn is_storage_failure(&self) -> bool {
        match self {
            ExamError::Database(e) => e5_shop::storage::note(e),
            _ => false,
        }
    }
}

pub type Result<T, E = ExamError> = std::result::Result<T, E>;
