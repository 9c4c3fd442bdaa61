-- V2: credential health and expiry. When a provider call was last recorded and how many failed in a row; when
-- single secret fields expire; and the earliest expiry of each credential, indexed for the expiry queries (per
-- owner and across owners, both keyset-paged). Written to be re-run: MariaDB commits DDL statement by statement.
ALTER TABLE cv_credentials ADD COLUMN IF NOT EXISTS last_checked_at BIGINT;
ALTER TABLE cv_credentials ADD COLUMN IF NOT EXISTS consecutive_failures INT DEFAULT 0 NOT NULL;
ALTER TABLE cv_credentials ADD COLUMN IF NOT EXISTS secret_expiries VARCHAR(8000) DEFAULT '' NOT NULL;
ALTER TABLE cv_credentials ADD COLUMN IF NOT EXISTS next_expiry BIGINT;
UPDATE cv_credentials SET next_expiry = expires_at WHERE next_expiry IS NULL AND expires_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS cv_credentials_expiry ON cv_credentials (next_expiry, id);
CREATE INDEX IF NOT EXISTS cv_credentials_owner_expiry ON cv_credentials (owner_id, next_expiry, id);
