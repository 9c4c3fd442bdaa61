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

    /** Starts a credential for {@code provider} (e.g. {@code "github"}) named {@code name}. */
    public static Builder builder(String provider, String name) {
        return new Builder(provider, name);
    }

    public String provider() {
        return provider;
    }

    public String name() {
        return name;
    }

    public @Nullable String description() {
        return description;
    }

    public @Nullable String category() {
        return category;
    }

    public SecretFields secrets() {
        return secrets;
    }

    public @Nullable Instant expiresAt() {
        return expiresAt;
    }

    /** Expiries of single secret fields, by field name. */
    public Map<String, Instant> secretExpiries() {
        return secretExpiries;
    }

    /** The caller's key that makes a retried create return the credential the first attempt made; see the builder. */
    public @Nullable String idempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public String toString() {
        return "NewCredential[provider=" + provider + ", name=" + name + ", secrets=" + secrets + "]";
    }

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

        public Builder description(@Nullable String description) {
            this.description = description;
            return this;
        }

        public Builder category(@Nullable String category) {
            this.category = category;
            return this;
        }

        public Builder secrets(SecretFields secrets) {
            this.secrets = Objects.requireNonNull(secrets, "secrets");
            return this;
        }

        /** Shorthand for {@link #secrets(SecretFields)} with {@link SecretFields#of(String...)}. */
        public Builder secrets(String... namesAndValues) {
            return secrets(SecretFields.of(namesAndValues));
        }

        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /**
         * When the secret field {@code field} expires (an access token in an hour, its refresh token in 90 days);
         * the field must be among the secrets. The credential's {@link CredentialMetadata#nextExpiry()} is the earliest
         * of these and {@link #expiresAt}.
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
         */
        public Builder idempotencyKey(@Nullable String key) {
            this.idempotencyKey = key;
            return this;
        }

        public NewCredential build() {
            return new NewCredential(this);
        }
    }
}
