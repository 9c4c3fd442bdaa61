package io.credvault;

import java.time.Instant;
import java.util.Objects;
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

    private NewCredential(Builder b) {
        this.provider = b.provider;
        this.name = b.name;
        this.description = b.description;
        this.category = b.category;
        this.secrets = b.secrets;
        this.expiresAt = b.expiresAt;
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

        public NewCredential build() {
            return new NewCredential(this);
        }
    }
}
