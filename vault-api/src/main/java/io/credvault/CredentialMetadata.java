package io.credvault;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What can be known about a credential without revealing it.
 *
 * @param fingerprint keyed HMAC-SHA256 of the secret fields (hex, 128 bits): changes exactly when a secret
 *                    value changes; cannot be computed without the vault's keys
 * @param secretFieldNames names of the secret fields present (names are not secret)
 * @param keyVersion       data-key version the secret is sealed under
 * @param deletedAt        when it was soft-deleted, or {@code null} while active
 */
public record CredentialMetadata(
        CredentialId id,
        OwnerId owner,
        String name,
        @Nullable String description,
        String provider,
        @Nullable String category,
        CredentialStatus status,
        @Nullable Instant deletedAt,
        @Nullable Instant lastUsed,
        Instant dateCreated,
        Instant lastUpdated,
        long version,
        @Nullable Instant expiresAt,
        String fingerprint,
        Set<String> secretFieldNames,
        int keyVersion) {

    public CredentialMetadata {
        secretFieldNames = Set.copyOf(secretFieldNames);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /** Whether {@code expiresAt} is set and not after {@code now}. */
    public boolean isExpired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** A builder holding this metadata's values, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Starts metadata for the credential {@code id} of {@code owner}; every other component is set on the builder. */
    public static Builder builder(OwnerId owner, CredentialId id) {
        return new Builder(owner, id);
    }

    /**
     * Builds {@link CredentialMetadata}. Backends use it to map their rows, the engine to make a credential's next
     * version; {@link #build()} requires name, provider, status, both dates and the fingerprint to be set.
     */
    public static final class Builder {
        private final OwnerId owner;
        private final CredentialId id;
        private @Nullable String name;
        private @Nullable String description;
        private @Nullable String provider;
        private @Nullable String category;
        private @Nullable CredentialStatus status;
        private @Nullable Instant deletedAt;
        private @Nullable Instant lastUsed;
        private @Nullable Instant dateCreated;
        private @Nullable Instant lastUpdated;
        private long version = 1;
        private @Nullable Instant expiresAt;
        private @Nullable String fingerprint;
        private Set<String> secretFieldNames = Set.of();
        private int keyVersion;

        private Builder(OwnerId owner, CredentialId id) {
            this.owner = owner;
            this.id = id;
        }

        private Builder(CredentialMetadata m) {
            this(m.owner, m.id);
            name = m.name;
            description = m.description;
            provider = m.provider;
            category = m.category;
            status = m.status;
            deletedAt = m.deletedAt;
            lastUsed = m.lastUsed;
            dateCreated = m.dateCreated;
            lastUpdated = m.lastUpdated;
            version = m.version;
            expiresAt = m.expiresAt;
            fingerprint = m.fingerprint;
            secretFieldNames = m.secretFieldNames;
            keyVersion = m.keyVersion;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder description(@Nullable String description) {
            this.description = description;
            return this;
        }

        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        public Builder category(@Nullable String category) {
            this.category = category;
            return this;
        }

        public Builder status(CredentialStatus status) {
            this.status = status;
            return this;
        }

        public Builder deletedAt(@Nullable Instant deletedAt) {
            this.deletedAt = deletedAt;
            return this;
        }

        public Builder lastUsed(@Nullable Instant lastUsed) {
            this.lastUsed = lastUsed;
            return this;
        }

        public Builder dateCreated(Instant dateCreated) {
            this.dateCreated = dateCreated;
            return this;
        }

        public Builder lastUpdated(Instant lastUpdated) {
            this.lastUpdated = lastUpdated;
            return this;
        }

        public Builder version(long version) {
            this.version = version;
            return this;
        }

        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** What the sealed secret holds: its fingerprint, its field names and the data-key version it is sealed under. */
        public Builder secret(String fingerprint, Set<String> secretFieldNames, int keyVersion) {
            this.fingerprint = fingerprint;
            this.secretFieldNames = secretFieldNames;
            this.keyVersion = keyVersion;
            return this;
        }

        public Builder keyVersion(int keyVersion) {
            this.keyVersion = keyVersion;
            return this;
        }

        public CredentialMetadata build() {
            return new CredentialMetadata(id, owner, Objects.requireNonNull(name, "name"), description,
                    Objects.requireNonNull(provider, "provider"), category, Objects.requireNonNull(status, "status"),
                    deletedAt, lastUsed, Objects.requireNonNull(dateCreated, "dateCreated"),
                    Objects.requireNonNull(lastUpdated, "lastUpdated"), version, expiresAt,
                    Objects.requireNonNull(fingerprint, "fingerprint"), secretFieldNames, keyVersion);
        }
    }
}
