-- A zone may claim French addresses by the start of their postcode ("20" for Corsica), so that
-- the rule is data a candidate can see and edit rather than a zone name in the code.
-- Comma-separated digit prefixes, e.g. '20' or '971,972'; '' claims no postcode.
ALTER TABLE zone ADD COLUMN postcode_prefixes TEXT NOT NULL DEFAULT '';
