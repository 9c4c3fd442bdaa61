package io.credvault;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What can be known about a credential without revealing it.
 *
 * @param fingerprint keyed HMAC-SHA256 of the secret fields (hex, 128 bits): changes exactly when a secret
 *                    value changes; cannot be computed without the vault's keys
 * @param secretFieldNames names of the secret fields present (names are not secret)
 * @param keyVersion       data-key version the secret is sealed under
 * @param deletedAt        when it was soft-deleted, or {@code null} while active
 * @param version          changes with what the host changes (secrets, name, description, category, expiry) and
 *                         with delete and restore; status, {@code lastCheckedAt}, failures and {@code lastUsed} move
 *                         without changing it, so an update prepared against a version is not refused for them
 * @param secretExpiries   when single secret fields expire (an access token sooner than its refresh token), by field
 * @param lastCheckedAt    when a provider call was last recorded for it, or {@code null} if never
 * @param consecutiveFailures provider calls in a row whose outcome was a failure status; 0 after a success
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
        int keyVersion,
        Map<String, Instant> secretExpiries,
        @Nullable Instant lastCheckedAt,
        int consecutiveFailures) {

    public CredentialMetadata {
        secretFieldNames = Set.copyOf(secretFieldNames);
        secretExpiries = Collections.unmodifiableMap(new TreeMap<>(secretExpiries));
    }

    /**
     * The earliest of {@code expiresAt} and the secret fields' expiries, or {@code null} if nothing expires: what the
     * expiry queries order by.
     */
    public @Nullable Instant nextExpiry() {
        Instant next = expiresAt;
        for (Instant at : secretExpiries.values()) {
            if (next == null || at.isBefore(next)) {
                next = at;
            }
        }
        return next;
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
        private Map<String, Instant> secretExpiries = Map.of();
        private @Nullable Instant lastCheckedAt;
        private int consecutiveFailures;

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
            secretExpiries = m.secretExpiries;
            lastCheckedAt = m.lastCheckedAt;
            consecutiveFailures = m.consecutiveFailures;
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

        public Builder secretExpiries(Map<String, Instant> secretExpiries) {
            this.secretExpiries = secretExpiries;
            return this;
        }

        /** The outcome of the provider calls: when the last was recorded, and how many failed in a row. */
        public Builder checked(@Nullable Instant lastCheckedAt, int consecutiveFailures) {
            this.lastCheckedAt = lastCheckedAt;
            this.consecutiveFailures = consecutiveFailures;
            return this;
        }

        public CredentialMetadata build() {
            return new CredentialMetadata(id, owner, Objects.requireNonNull(name, "name"), description,
                    Objects.requireNonNull(provider, "provider"), category, Objects.requireNonNull(status, "status"),
                    deletedAt, lastUsed, Objects.requireNonNull(dateCreated, "dateCreated"),
                    Objects.requireNonNull(lastUpdated, "lastUpdated"), version, expiresAt,
                    Objects.requireNonNull(fingerprint, "fingerprint"), secretFieldNames, keyVersion,
                    secretExpiries, lastCheckedAt, consecutiveFailures);
        }
    }
}
