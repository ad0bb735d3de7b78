-- The exam platform: sessions, subjects (with their grid frozen at import), candidates,
-- examiners, commissions, seats (a candidate in a commission, with code, sandbox, timer),
-- grids and their hash-chained change log, sign-in sessions, screen recordings.

CREATE TABLE exam_session (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE subject (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES exam_session(id),
    code TEXT NOT NULL,
    letter TEXT NOT NULL,
    title TEXT NOT NULL,
    side TEXT NOT NULL DEFAULT 'shop',
    -- The subject file as imported, kept so the sheet and the archive are self-contained.
    source TEXT NOT NULL DEFAULT '',
    source_sha256 TEXT NOT NULL DEFAULT '',
    -- The employee of the sandbox the candidate works as.
    candidate_employee_id INTEGER NOT NULL DEFAULT 1,
    UNIQUE (session_id, code)
) STRICT;

CREATE TABLE grid_row (
    subject_id INTEGER NOT NULL REFERENCES subject(id),
    position INTEGER NOT NULL,
    row_key TEXT NOT NULL,
    question INTEGER NOT NULL,
    label TEXT NOT NULL,
    criteria TEXT NOT NULL DEFAULT '',
    competence TEXT NOT NULL DEFAULT '',
    ti TEXT NOT NULL DEFAULT '',
    i TEXT NOT NULL DEFAULT '',
    s TEXT NOT NULL DEFAULT '',
    ts TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (subject_id, row_key)
) STRICT;

CREATE TABLE candidate (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES exam_session(id),
    number TEXT NOT NULL,
    surname TEXT NOT NULL,
    first_name TEXT NOT NULL,
    -- Aménagement: extra seconds on the 40 minutes (tiers-temps = 800) and its wording.
    extra_seconds INTEGER NOT NULL DEFAULT 0,
    adjustment TEXT NOT NULL DEFAULT '',
    UNIQUE (session_id, number)
) STRICT;

CREATE TABLE examiner (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL
) STRICT;

CREATE TABLE centre_admin (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL
) STRICT;

CREATE TABLE commission (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES exam_session(id),
    number TEXT NOT NULL,
    examiner_id INTEGER NOT NULL REFERENCES examiner(id),
    subject_id INTEGER NOT NULL REFERENCES subject(id),
    room TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    UNIQUE (session_id, number)
) STRICT;

CREATE TABLE seat (
    id INTEGER PRIMARY KEY,
    commission_id INTEGER NOT NULL REFERENCES commission(id),
    candidate_id INTEGER NOT NULL UNIQUE REFERENCES candidate(id),
    access_code TEXT NOT NULL,
    sandbox_id TEXT UNIQUE,
    grace_seconds INTEGER NOT NULL DEFAULT 120,
    -- Unix seconds; NULL until the examiner starts the timer.
    started_at INTEGER,
    -- Where the candidate is, as their pages report it.
    current_page TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX seat_by_code ON seat(access_code);

-- Pauses, resumes and extensions, each with the examiner's reason.
CREATE TABLE timer_event (
    id INTEGER PRIMARY KEY,
    seat_id INTEGER NOT NULL REFERENCES seat(id),
    at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('start', 'pause', 'resume', 'extend')),
    seconds INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT ''
) STRICT;

-- The current state of a grid; every change to it is also a grid_event.
CREATE TABLE grid (
    seat_id INTEGER PRIMARY KEY REFERENCES seat(id),
    levels TEXT NOT NULL DEFAULT '{}',
    comments TEXT NOT NULL DEFAULT '{}',
    mark TEXT NOT NULL DEFAULT '',
    appreciation TEXT NOT NULL DEFAULT '',
    attendance TEXT NOT NULL DEFAULT 'present',
    fraud_report TEXT NOT NULL DEFAULT '',
    signed_at TEXT,
    signed_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT ''
) STRICT;

-- Append-only: hash = sha256(prev_hash || canonical JSON of the event).
CREATE TABLE grid_event (
    id INTEGER PRIMARY KEY,
    seat_id INTEGER NOT NULL REFERENCES seat(id),
    idem_key TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    author TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
) STRICT;
CREATE INDEX grid_event_by_seat ON grid_event(seat_id, id);
CREATE TRIGGER grid_event_no_update BEFORE UPDATE ON grid_event
BEGIN SELECT RAISE(ABORT, 'grid_event is append-only'); END;
CREATE TRIGGER grid_event_no_delete BEFORE DELETE ON grid_event
BEGIN SELECT RAISE(ABORT, 'grid_event is append-only'); END;

CREATE TABLE auth_session (
    token_sha256 TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('candidate', 'examiner', 'admin')),
    principal_id INTEGER NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- rrweb events of a candidate's pages, batched as the browser sent them.
CREATE TABLE recording (
    id INTEGER PRIMARY KEY,
    seat_id INTEGER NOT NULL REFERENCES seat(id),
    received_ms INTEGER NOT NULL,
    -- 1 when the batch holds a full snapshot (type 2): a live view starts from there.
    has_snapshot INTEGER NOT NULL DEFAULT 0,
    page TEXT NOT NULL DEFAULT '',
    events TEXT NOT NULL
) STRICT;
CREATE INDEX recording_by_seat ON recording(seat_id, id);
