-- V1: credentials, keys, settings, journal, provider calls, API keys (the schema of release 0.1).
-- The table prefix is cv_; a configured prefix replaces it.
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
