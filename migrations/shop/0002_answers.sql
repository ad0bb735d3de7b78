-- Written answers of the candidate to diagnosis questions (the back-office's « Réponses »
-- screen): one text per question of the subject, replaced on each save.
CREATE TABLE answer (
    id         INTEGER PRIMARY KEY,
    question   INTEGER NOT NULL UNIQUE,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
