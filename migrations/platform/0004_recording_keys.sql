-- A recording batch's key, unique per seat: a batch sent again after a server restart (its
-- answer was lost with the server) is stored once, as before the restart.
ALTER TABLE recording ADD COLUMN batch_key TEXT;
CREATE UNIQUE INDEX recording_by_key ON recording(seat_id, batch_key) WHERE batch_key IS NOT NULL;
