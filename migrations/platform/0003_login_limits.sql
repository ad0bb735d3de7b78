-- Wrong passwords are also counted per account (the typed e-mail, lower case, whether or
-- not it exists); wrong access codes also over the whole server. See docs/rate-limits.md.
ALTER TABLE login_failure ADD COLUMN account TEXT;
CREATE INDEX login_failure_by_account ON login_failure(door, account, at);
CREATE INDEX login_failure_by_door ON login_failure(door, at);
