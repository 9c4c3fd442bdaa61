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
 * @param id the credential's id
 * @param owner the owner
 * @param name the name, unique among the owner's active credentials
 * @param description free text, or null
 * @param provider the provider's name
 * @param category a label to filter by, or null
 * @param status the health status
 * @param lastUsed when a reveal last used it, or null
 * @param dateCreated when it was created
 * @param lastUpdated when the host last changed it
 * @param expiresAt when it expires, or null
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

    /**
     * Checks the components and copies the collections.
     *
     * @param id the credential's id
     * @param owner the owner
     * @param name the name, unique among the owner's active credentials
     * @param description free text, or null
     * @param provider the provider's name
     * @param category a label to filter by, or null
     * @param status the health status
     * @param deletedAt when it was soft-deleted, or {@code null} while active
     * @param lastUsed when a reveal last used it, or null
     * @param dateCreated when it was created
     * @param lastUpdated when the host last changed it
     * @param version changes with what the host changes (secrets, name, description, category, expiry) and with delete
     *     and restore; status, {@code lastCheckedAt}, failures and {@code lastUsed} move without changing it, so an
     *     update prepared against a version is not refused for them
     * @param expiresAt when it expires, or null
     * @param fingerprint keyed HMAC-SHA256 of the secret fields (hex, 128 bits): changes exactly when a secret value
     *     changes; cannot be computed without the vault's keys
     * @param secretFieldNames names of the secret fields present (names are not secret)
     * @param keyVersion data-key version the secret is sealed under
     * @param secretExpiries when single secret fields expire (an access token sooner than its refresh token), by field
     * @param lastCheckedAt when a provider call was last recorded for it, or {@code null} if never
     * @param consecutiveFailures provider calls in a row whose outcome was a failure status; 0 after a success
     */
    public CredentialMetadata {
        secretFieldNames = Set.copyOf(secretFieldNames);
        secretExpiries = secretExpiries.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(secretExpiries));
    }

    /**
     * The earliest of {@code expiresAt} and the secret fields' expiries, or {@code null} if nothing expires: what the
     * expiry queries order by.
     *
     * @return the earliest of {@link #expiresAt()} and the secret fields' expiries, or null if none is set
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

    /**
     * Whether the credential is soft-deleted.
     *
     * @return true if {@link #deletedAt()} is set
     */
    public boolean deleted() {
        return deletedAt != null;
    }

    /**
     * Whether {@code expiresAt} is set and not after {@code now}.
     *
     * @param now the current time
     * @return whether the credential's own expiry is at or before {@code now}
     */
    public boolean isExpired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /**
     * A builder holding this metadata's values, to make a changed copy.
     *
     * @return a builder holding this metadata, for a changed copy
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Starts metadata for the credential {@code id} of {@code owner}; every other component is set on the builder.
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param id the credential's id
     * @return a builder for the metadata of credential {@code id} of {@code owner}
     */
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

        /**
         * Sets the name.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the description.
         *
         * @param description the description, or null
         * @return this builder
         */
        public Builder description(@Nullable String description) {
            this.description = description;
            return this;
        }

        /**
         * Sets the provider.
         *
         * @param provider the provider's name
         * @return this builder
         */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /**
         * Sets the category.
         *
         * @param category the category, or null
         * @return this builder
         */
        public Builder category(@Nullable String category) {
            this.category = category;
            return this;
        }

        /**
         * Sets the status.
         *
         * @param status the health status
         * @return this builder
         */
        public Builder status(CredentialStatus status) {
            this.status = status;
            return this;
        }

        /**
         * Sets when the credential was soft-deleted.
         *
         * @param deletedAt when, or null if it is active
         * @return this builder
         */
        public Builder deletedAt(@Nullable Instant deletedAt) {
            this.deletedAt = deletedAt;
            return this;
        }

        /**
         * Sets when the credential was last used.
         *
         * @param lastUsed when, or null if never
         * @return this builder
         */
        public Builder lastUsed(@Nullable Instant lastUsed) {
            this.lastUsed = lastUsed;
            return this;
        }

        /**
         * Sets when the credential was created.
         *
         * @param dateCreated when
         * @return this builder
         */
        public Builder dateCreated(Instant dateCreated) {
            this.dateCreated = dateCreated;
            return this;
        }

        /**
         * Sets when the credential last changed.
         *
         * @param lastUpdated when
         * @return this builder
         */
        public Builder lastUpdated(Instant lastUpdated) {
            this.lastUpdated = lastUpdated;
            return this;
        }

        /**
         * Sets the version.
         *
         * @param version the version, 1 for a new credential
         * @return this builder
         */
        public Builder version(long version) {
            this.version = version;
            return this;
        }

        /**
         * Sets when the credential expires.
         *
         * @param expiresAt when, or null if it does not
         * @return this builder
         */
        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /**
         * What the sealed secret holds: its fingerprint, its field names and the data-key version it is sealed under.
         *
         * @param fingerprint the keyed fingerprint of the secret payload
         * @param secretFieldNames the names of the secret fields
         * @param keyVersion the data key version the payload is sealed under
         * @return this builder
         */
        public Builder secret(String fingerprint, Set<String> secretFieldNames, int keyVersion) {
            this.fingerprint = fingerprint;
            this.secretFieldNames = secretFieldNames;
            this.keyVersion = keyVersion;
            return this;
        }

        /**
         * Sets the data key version the secret is sealed under.
         *
         * @param keyVersion the version
         * @return this builder
         */
        public Builder keyVersion(int keyVersion) {
            this.keyVersion = keyVersion;
            return this;
        }

        /**
         * Sets the secret fields' expiries.
         *
         * @param secretExpiries field name to expiry
         * @return this builder
         */
        public Builder secretExpiries(Map<String, Instant> secretExpiries) {
            this.secretExpiries = secretExpiries;
            return this;
        }

        /**
         * The outcome of the provider calls: when the last was recorded, and how many failed in a row.
         *
         * @param lastCheckedAt when a provider call was last recorded, or null
         * @param consecutiveFailures failed calls in a row since the last success
         * @return this builder
         */
        public Builder checked(@Nullable Instant lastCheckedAt, int consecutiveFailures) {
            this.lastCheckedAt = lastCheckedAt;
            this.consecutiveFailures = consecutiveFailures;
            return this;
        }

        /**
         * The metadata.
         *
         * @return the metadata built
         */
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
