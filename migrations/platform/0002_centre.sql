-- Centre administration: sign-in sessions that expire, durable limits on wrong codes and
-- passwords, examiners that can be deactivated, and a log of every planning change.

-- Unix seconds. Rows from before this migration have 0 and are therefore expired: their
-- holders sign in again once.
ALTER TABLE auth_session ADD COLUMN created_unix INTEGER NOT NULL DEFAULT 0;
ALTER TABLE auth_session ADD COLUMN last_seen_unix INTEGER NOT NULL DEFAULT 0;
CREATE INDEX auth_session_by_age ON auth_session(created_unix);

-- A deactivated examiner can no longer sign in; their commissions and grids are kept.
ALTER TABLE examiner ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));

-- One row per wrong access code or wrong password, per client address and door
-- ('code', 'console', 'admin'); rows older than the window are purged.
CREATE TABLE login_failure (
    id INTEGER PRIMARY KEY,
    door TEXT NOT NULL,
    ip TEXT NOT NULL,
    at INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failure_by_client ON login_failure(door, ip, at);

-- Who changed the planning, what and when (the web's admin or the command line).
CREATE TABLE planning_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    session_id INTEGER REFERENCES exam_session(id),
    action TEXT NOT NULL,
    summary TEXT NOT NULL
) STRICT;
CREATE INDEX planning_log_by_session ON planning_log(session_id, id);
