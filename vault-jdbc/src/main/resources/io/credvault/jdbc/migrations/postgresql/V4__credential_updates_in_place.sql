-- V4: updates that change no indexed column of a credential (a rewrap, lastUsed, its health) stay on the row's page
-- and add no index entries (PostgreSQL's HOT updates) when the page has room for the new row version: new pages of
-- the credentials table are filled half-way, so that a rewrap, which rewrites every row of a page in one batch, finds
-- that room. Existing rows keep their pages until the table is rewritten (VACUUM FULL). The expiry indexes hold only
-- the credentials that expire, which the expiry queries select (next_expiry IS NOT NULL).
ALTER TABLE cv_credentials SET (fillfactor = 50);
DROP INDEX IF EXISTS cv_credentials_expiry;
CREATE INDEX IF NOT EXISTS cv_credentials_expiry ON cv_credentials (next_expiry, id) WHERE next_expiry IS NOT NULL;
DROP INDEX IF EXISTS cv_credentials_owner_expiry;
CREATE INDEX IF NOT EXISTS cv_credentials_owner_expiry ON cv_credentials (owner_id, next_expiry, id) WHERE next_expiry IS NOT NULL;
