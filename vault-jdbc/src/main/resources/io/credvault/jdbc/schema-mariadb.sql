-- credvault schema version 6 for MariaDB, all migrations in one script. Times are microseconds since the epoch (UTC).
-- The table prefix is cv_: replace it to use another. Generated from the migrations; do not edit.
CREATE TABLE IF NOT EXISTS cv_schema_history (version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL, applied_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS cv_schema_lock (id INT NOT NULL PRIMARY KEY, holder VARCHAR(64) NOT NULL, expires_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS cv_schema_version (version INT NOT NULL PRIMARY KEY);
-- V1: initial
CREATE TABLE IF NOT EXISTS cv_credentials (
    id            VARCHAR(64)     NOT NULL PRIMARY KEY,
    owner_id      VARCHAR(255)    NOT NULL,
    name          VARCHAR(255)    NOT NULL,
    active_name   VARCHAR(255),
    description   VARCHAR(4000),
    provider      VARCHAR(64)     NOT NULL,
    category      VARCHAR(64),
    status        VARCHAR(32)     NOT NULL,
    deleted_at    BIGINT,
    last_used     BIGINT,
    created_at    BIGINT          NOT NULL,
    updated_at    BIGINT          NOT NULL,
    version       BIGINT          NOT NULL,
    expires_at    BIGINT,
    fingerprint   VARCHAR(64)     NOT NULL,
    field_names   VARCHAR(8000)   NOT NULL,
    key_version   INT             NOT NULL,
    sealed        MEDIUMBLOB NOT NULL,
    CONSTRAINT cv_credentials_active_name UNIQUE (owner_id, active_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
CREATE INDEX IF NOT EXISTS cv_credentials_owner ON cv_credentials (owner_id, id);
CREATE TABLE IF NOT EXISTS cv_keys (
    version              INT            NOT NULL PRIMARY KEY,
    state                VARCHAR(16)    NOT NULL,
    wrapped              VARBINARY(1024) NOT NULL,
    created_at           BIGINT         NOT NULL,
    encryptions_reserved BIGINT         NOT NULL,
    retired_at           BIGINT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
CREATE TABLE IF NOT EXISTS cv_settings (
    setting_name  VARCHAR(128)  NOT NULL PRIMARY KEY,
    setting_value VARCHAR(8000) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
CREATE TABLE IF NOT EXISTS cv_journal (
    seq            BIGINT        NOT NULL PRIMARY KEY,
    at             BIGINT        NOT NULL,
    owner_id       VARCHAR(255),
    credential_id  VARCHAR(64),
    type           VARCHAR(64)   NOT NULL,
    actor          VARCHAR(255),
    details        VARCHAR(8000) NOT NULL,
    mac            VARCHAR(64)   NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
CREATE INDEX IF NOT EXISTS cv_journal_owner ON cv_journal (owner_id, seq);
CREATE INDEX IF NOT EXISTS cv_journal_credential ON cv_journal (credential_id, seq);
CREATE INDEX IF NOT EXISTS cv_journal_at ON cv_journal (at);
CREATE TABLE IF NOT EXISTS cv_provider_calls (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    owner_id       VARCHAR(255)  NOT NULL,
    credential_id  VARCHAR(64)   NOT NULL,
    at             BIGINT        NOT NULL,
    status_code    INT,
    headers        VARCHAR(8000) NOT NULL,
    body           VARCHAR(4000) NOT NULL,
    status         VARCHAR(32)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
CREATE INDEX IF NOT EXISTS cv_provider_calls_credential ON cv_provider_calls (credential_id, id);
CREATE INDEX IF NOT EXISTS cv_provider_calls_at ON cv_provider_calls (at);
CREATE TABLE IF NOT EXISTS cv_api_keys (
    id             VARCHAR(64)   NOT NULL PRIMARY KEY,
    owner_id       VARCHAR(255)  NOT NULL,
    prefix         VARCHAR(32)   NOT NULL,
    hash           VARCHAR(64)   NOT NULL,
    state          VARCHAR(16)   NOT NULL,
    created_at     BIGINT        NOT NULL,
    grace_until    BIGINT,
    revoked_at     BIGINT,
    last_used      BIGINT,
    active_owner   VARCHAR(255),
    CONSTRAINT cv_api_keys_hash UNIQUE (hash),
    CONSTRAINT cv_api_keys_one_active UNIQUE (active_owner)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
CREATE INDEX IF NOT EXISTS cv_api_keys_owner ON cv_api_keys (owner_id);
CREATE TABLE IF NOT EXISTS cv_schema_version (version INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
INSERT INTO cv_schema_history (version, description, checksum, applied_at) VALUES (1, 'initial', 'b4efd19da0356159b3b813cf0ab0e328b70d2c478cdceb798f371ad2f22721bd', 0);
INSERT INTO cv_schema_version (version) VALUES (1);
-- V2: health and expiry
ALTER TABLE cv_credentials ADD COLUMN IF NOT EXISTS last_checked_at BIGINT;
ALTER TABLE cv_credentials ADD COLUMN IF NOT EXISTS consecutive_failures INT DEFAULT 0 NOT NULL;
ALTER TABLE cv_credentials ADD COLUMN IF NOT EXISTS secret_expiries TEXT DEFAULT '' NOT NULL;
ALTER TABLE cv_credentials ADD COLUMN IF NOT EXISTS next_expiry BIGINT;
UPDATE cv_credentials SET next_expiry = expires_at WHERE next_expiry IS NULL AND expires_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS cv_credentials_expiry ON cv_credentials (next_expiry, id);
CREATE INDEX IF NOT EXISTS cv_credentials_owner_expiry ON cv_credentials (owner_id, next_expiry, id);
INSERT INTO cv_schema_history (version, description, checksum, applied_at) VALUES (2, 'health and expiry', '5ee4de845ee9e03c2d5951680a7394e9579517388af527c9c7a28b4835376959', 0);
INSERT INTO cv_schema_version (version) VALUES (2);
-- V3: leases
CREATE TABLE IF NOT EXISTS cv_leases (
    lease_name VARCHAR(255)  NOT NULL PRIMARY KEY,
    holder     VARCHAR(128)  NOT NULL,
    expires_at BIGINT        NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
INSERT INTO cv_schema_history (version, description, checksum, applied_at) VALUES (3, 'leases', 'dc4869c597288087070026ba901305195d24fe9a542d14a7620ce65768a1e837', 0);
INSERT INTO cv_schema_version (version) VALUES (3);
-- V4: credential updates in place
INSERT INTO cv_schema_history (version, description, checksum, applied_at) VALUES (4, 'credential updates in place', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 0);
INSERT INTO cv_schema_version (version) VALUES (4);
-- V5: journal hashed indexes
INSERT INTO cv_schema_history (version, description, checksum, applied_at) VALUES (5, 'journal hashed indexes', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 0);
INSERT INTO cv_schema_version (version) VALUES (5);
-- V6: journal block indexes
INSERT INTO cv_schema_history (version, description, checksum, applied_at) VALUES (6, 'journal block indexes', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 0);
INSERT INTO cv_schema_version (version) VALUES (6);
