package io.credvault;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A partial change for {@link CredentialStore#update}. Only what is set here changes: secret fields not named
 * keep their values (PATCH semantics); {@link Builder#removeSecret(String)} drops an optional field.
 */
public final class CredentialUpdate {
    private final @Nullable String name;
    private final boolean descriptionSet;
    private final @Nullable String description;
    private final boolean categorySet;
    private final @Nullable String category;
    private final boolean expiresAtSet;
    private final @Nullable Instant expiresAt;
    private final SecretFields secrets;
    private final Set<String> removedSecrets;
    private final Map<String, Optional<Instant>> secretExpiries;

    private CredentialUpdate(Builder b) {
        this.name = b.name;
        this.descriptionSet = b.descriptionSet;
        this.description = b.description;
        this.categorySet = b.categorySet;
        this.category = b.category;
        this.expiresAtSet = b.expiresAtSet;
        this.expiresAt = b.expiresAt;
        this.secrets = b.secrets;
        this.removedSecrets = Set.copyOf(b.removedSecrets);
        this.secretExpiries = Map.copyOf(b.secretExpiries);
    }

    /**
     * Expiries of single secret fields this update sets (present) or clears (empty), by field name. A secret field
     * whose value this update replaces loses its old expiry unless a new one is set here.
     */
    public Map<String, Optional<Instant>> secretExpiries() {
        return secretExpiries;
    }

    public static Builder builder() {
        return new Builder();
    }

    public @Nullable String name() {
        return name;
    }

    public boolean descriptionSet() {
        return descriptionSet;
    }

    public @Nullable String description() {
        return description;
    }

    public boolean categorySet() {
        return categorySet;
    }

    public @Nullable String category() {
        return category;
    }

    public boolean expiresAtSet() {
        return expiresAtSet;
    }

    public @Nullable Instant expiresAt() {
        return expiresAt;
    }

    public SecretFields secrets() {
        return secrets;
    }

    public Set<String> removedSecrets() {
        return removedSecrets;
    }

    /** Whether this update touches secret material. */
    public boolean changesSecrets() {
        return !secrets.isEmpty() || !removedSecrets.isEmpty();
    }

    public boolean isEmpty() {
        return name == null && !descriptionSet && !categorySet && !expiresAtSet && !changesSecrets() && secretExpiries.isEmpty();
    }

    @Override
    public String toString() {
        return "CredentialUpdate[name=" + name + ", secrets=" + secrets + ", removedSecrets=" + new TreeSet<>(removedSecrets) + "]";
    }

    public static final class Builder {
        private @Nullable String name;
        private boolean descriptionSet;
        private @Nullable String description;
        private boolean categorySet;
        private @Nullable String category;
        private boolean expiresAtSet;
        private @Nullable Instant expiresAt;
        private SecretFields secrets = SecretFields.empty();
        private final Set<String> removedSecrets = new TreeSet<>();
        private final Map<String, Optional<Instant>> secretExpiries = new TreeMap<>();

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Sets the description; {@code null} clears it. */
        public Builder description(@Nullable String description) {
            this.descriptionSet = true;
            this.description = description;
            return this;
        }

        /** Sets the category; {@code null} clears it. */
        public Builder category(@Nullable String category) {
            this.categorySet = true;
            this.category = category;
            return this;
        }

        /** Sets the expiry; {@code null} clears it. */
        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAtSet = true;
            this.expiresAt = expiresAt;
            return this;
        }

        /** Secret fields to set; fields not named keep their values. */
        public Builder secrets(SecretFields secrets) {
            this.secrets = secrets;
            return this;
        }

        public Builder secrets(String... namesAndValues) {
            return secrets(SecretFields.of(namesAndValues));
        }

        /** Sets when the secret field {@code field} expires; {@code null} clears its expiry. */
        public Builder secretExpiresAt(String field, @Nullable Instant at) {
            secretExpiries.put(Objects.requireNonNull(field, "field"), Optional.ofNullable(at));
            return this;
        }

        /** Removes an optional secret field. */
        public Builder removeSecret(String field) {
            removedSecrets.add(io.credvault.internal.Text.fieldName(field));
            return this;
        }

        public CredentialUpdate build() {
            for (String removed : removedSecrets) {
                if (secrets.names().contains(removed)) {
                    throw new ValidationException("secrets." + removed, "is both set and removed in one update");
                }
            }
            return new CredentialUpdate(this);
        }
    }
}
