-- V5: the journal's owner and credential indexes hold a 32-bit hash of the id (ORA_HASH, a computed column) in
-- place of the id. Every reveal written to the journal adds an entry to both at a random place; H2 rewrites each
-- page an entry lands on at the next commit, and an index of 8-byte keys has fewer pages, and compares keys more
-- cheaply, than one of strings. A query names both the hash and the id, so ids whose hashes collide are told apart.
ALTER TABLE cv_journal ADD COLUMN IF NOT EXISTS owner_key BIGINT GENERATED ALWAYS AS (ORA_HASH(owner_id));
ALTER TABLE cv_journal ADD COLUMN IF NOT EXISTS credential_key BIGINT GENERATED ALWAYS AS (ORA_HASH(credential_id));
CREATE INDEX IF NOT EXISTS cv_journal_owner_key ON cv_journal (owner_key, seq);
CREATE INDEX IF NOT EXISTS cv_journal_credential_key ON cv_journal (credential_key, seq);
DROP INDEX IF EXISTS cv_journal_owner;
DROP INDEX IF EXISTS cv_journal_credential;
