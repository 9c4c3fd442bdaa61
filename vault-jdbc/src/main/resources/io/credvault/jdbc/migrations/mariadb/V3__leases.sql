-- V3: leases, named claims with an expiry that serialise work across instances (one refresh of a credential at a
-- time). Rows, not session locks: they work through a connection pooler, and a holder that died lets go on expiry.
CREATE TABLE IF NOT EXISTS cv_leases (
    lease_name VARCHAR(255)  NOT NULL PRIMARY KEY,
    holder     VARCHAR(128)  NOT NULL,
    expires_at BIGINT        NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
