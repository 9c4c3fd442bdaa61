package io.credvault;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What {@link CredentialStore#create} takes. Built with {@link #builder(String, String)}; validated by the store
 * against the provider's schema.
 */
public final class NewCredential {
    private final String provider;
    private final String name;
    private final @Nullable String description;
    private final @Nullable String category;
    private final SecretFields secrets;
    private final @Nullable Instant expiresAt;
    private final Map<String, Instant> secretExpiries;
    private final @Nullable String idempotencyKey;

    private NewCredential(Builder b) {
        this.provider = b.provider;
        this.name = b.name;
        this.description = b.description;
        this.category = b.category;
        this.secrets = b.secrets;
        this.expiresAt = b.expiresAt;
        this.secretExpiries = Map.copyOf(b.secretExpiries);
        this.idempotencyKey = b.idempotencyKey;
    }

    /**
     * Starts a credential for {@code provider} (e.g. {@code "github"}) named {@code name}.
     *
     * @param provider the provider, whose schema the secret fields must match
     * @param name the name, unique among the owner's active credentials
     * @return a new builder
     */
    public static Builder builder(String provider, String name) {
        return new Builder(provider, name);
    }

    /**
     * The provider.
     *
     * @return the provider's name
     */
    public String provider() {
        return provider;
    }

    /**
     * The name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The description.
     *
     * @return the description, or null
     */
    public @Nullable String description() {
        return description;
    }

    /**
     * The category.
     *
     * @return the category, or null
     */
    public @Nullable String category() {
        return category;
    }

    /**
     * The secret fields.
     *
     * @return the fields
     */
    public SecretFields secrets() {
        return secrets;
    }

    /**
     * When the credential expires.
     *
     * @return the expiry, or null if it does not
     */
    public @Nullable Instant expiresAt() {
        return expiresAt;
    }

    /**
     * Expiries of single secret fields, by field name.
     *
     * @return field name to expiry
     */
    public Map<String, Instant> secretExpiries() {
        return secretExpiries;
    }

    /**
     * The caller's key that makes a retried create return the credential the first attempt made; see the builder.
     *
     * @return the key a retried create is recognised by, or null
     */
    public @Nullable String idempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public String toString() {
        return "NewCredential[provider=" + provider + ", name=" + name + ", secrets=" + secrets + "]";
    }

    /** Builds a {@link NewCredential}. */
    public static final class Builder {
        private final String provider;
        private final String name;
        private @Nullable String description;
        private @Nullable String category;
        private SecretFields secrets = SecretFields.empty();
        private @Nullable Instant expiresAt;
        private final Map<String, Instant> secretExpiries = new TreeMap<>();
        private @Nullable String idempotencyKey;

        private Builder(String provider, String name) {
            this.provider = provider;
            this.name = name;
        }

        /**
         * Sets the description.
         *
         * @param description free text, or null
         * @return this builder
         */
        public Builder description(@Nullable String description) {
            this.description = description;
            return this;
        }

        /**
         * Sets the category.
         *
         * @param category a label to filter lists by, or null
         * @return this builder
         */
        public Builder category(@Nullable String category) {
            this.category = category;
            return this;
        }

        /**
         * Sets the secret fields.
         *
         * @param secrets the fields
         * @return this builder
         */
        public Builder secrets(SecretFields secrets) {
            this.secrets = Objects.requireNonNull(secrets, "secrets");
            return this;
        }

        /**
         * Shorthand for {@link #secrets(SecretFields)} with {@link SecretFields#of(String...)}.
         *
         * @param namesAndValues {@code "field", "value", ...}
         * @return this builder
         */
        public Builder secrets(String... namesAndValues) {
            return secrets(SecretFields.of(namesAndValues));
        }

        /**
         * Sets when the credential expires.
         *
         * @param expiresAt the expiry, or null
         * @return this builder
         */
        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /**
         * When the secret field {@code field} expires (an access token in an hour, its refresh token in 90 days);
         * the field must be among the secrets. The credential's {@link CredentialMetadata#nextExpiry()} is the earliest
         * of these and {@link #expiresAt}.
         *
         * @param field a secret field
         * @param at when its value expires
         * @return this builder
         */
        public Builder secretExpiresAt(String field, Instant at) {
            secretExpiries.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(at, "at"));
            return this;
        }

        /**
         * Makes the create idempotent under {@code key} (one line of printable text, 1 to 128 characters, unique per
         * owner; a request id, say). The credential's id is derived from the owner and the key, so a create retried
         * after an unknown outcome ({@link CommitUnknownException}, a lost connection) returns the credential the
         * first attempt committed instead of making a second one, and a retry that finds nothing creates it. The key
         * stays bound to that credential: reusing it for a different provider or name is a
         * {@link ConflictException}. Such ids are not time-ordered, so these credentials list after the others.
         *
         * @param key up to 128 characters, unique per owner, or null
         * @return this builder
         */
        public Builder idempotencyKey(@Nullable String key) {
            this.idempotencyKey = key;
            return this;
        }

        /**
         * The new credential.
         *
         * @return the credential built (validated by {@code create}, against the provider's schema)
         */
        public NewCredential build() {
            return new NewCredential(this);
        }
    }
}
