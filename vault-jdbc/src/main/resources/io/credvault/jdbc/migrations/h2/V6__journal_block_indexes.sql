-- V6: the journal's owner and credential indexes lead with the block of 1,024 sequence numbers an entry falls in
-- (seq_block, a computed column), then the hash of the id (V5), then seq. Entries are appended in sequence order,
-- so a batch of reveals of many credentials lands in the few pages of the newest block instead of one page each
-- across the whole index; H2 rewrites every page an insert touched at the next commit. A query by owner or
-- credential probes each block in turn (see Queries.events); 10,000 blocks (ten million entries) take milliseconds.
ALTER TABLE cv_journal ADD COLUMN IF NOT EXISTS seq_block BIGINT GENERATED ALWAYS AS (seq / 1024);
CREATE INDEX IF NOT EXISTS cv_journal_owner_block ON cv_journal (seq_block, owner_key, seq);
CREATE INDEX IF NOT EXISTS cv_journal_credential_block ON cv_journal (seq_block, credential_key, seq);
DROP INDEX IF EXISTS cv_journal_owner_key;
DROP INDEX IF EXISTS cv_journal_credential_key;
