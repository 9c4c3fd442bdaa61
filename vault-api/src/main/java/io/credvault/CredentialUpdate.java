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
     *
     * @return field name to its new expiry, or to empty to clear it
     */
    public Map<String, Optional<Instant>> secretExpiries() {
        return secretExpiries;
    }

    /**
     * A builder for an update that changes nothing yet.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The new name.
     *
     * @return the new name, or null to keep the current one
     */
    public @Nullable String name() {
        return name;
    }

    /**
     * Whether the update sets the description.
     *
     * @return true if {@link #description()} is to be applied
     */
    public boolean descriptionSet() {
        return descriptionSet;
    }

    /**
     * The new description, applied if {@link #descriptionSet()}.
     *
     * @return the description, or null to clear it
     */
    public @Nullable String description() {
        return description;
    }

    /**
     * Whether the update sets the category.
     *
     * @return true if {@link #category()} is to be applied
     */
    public boolean categorySet() {
        return categorySet;
    }

    /**
     * The new category, applied if {@link #categorySet()}.
     *
     * @return the category, or null to clear it
     */
    public @Nullable String category() {
        return category;
    }

    /**
     * Whether the update sets the expiry.
     *
     * @return true if {@link #expiresAt()} is to be applied
     */
    public boolean expiresAtSet() {
        return expiresAtSet;
    }

    /**
     * The new expiry, applied if {@link #expiresAtSet()}.
     *
     * @return the expiry, or null to clear it
     */
    public @Nullable Instant expiresAt() {
        return expiresAt;
    }

    /**
     * Secret fields to set; fields not named keep their values.
     *
     * @return the fields to set
     */
    public SecretFields secrets() {
        return secrets;
    }

    /**
     * Optional secret fields to remove.
     *
     * @return their names
     */
    public Set<String> removedSecrets() {
        return removedSecrets;
    }

    /**
     * Whether this update touches secret material.
     *
     * @return whether the update sets or removes a secret field, or a secret field's expiry
     */
    public boolean changesSecrets() {
        return !secrets.isEmpty() || !removedSecrets.isEmpty();
    }

    /**
     * Whether the update changes nothing.
     *
     * @return true if no change is set
     */
    public boolean isEmpty() {
        return name == null && !descriptionSet && !categorySet && !expiresAtSet && !changesSecrets() && secretExpiries.isEmpty();
    }

    @Override
    public String toString() {
        return "CredentialUpdate[name=" + name + ", secrets=" + secrets + ", removedSecrets=" + new TreeSet<>(removedSecrets) + "]";
    }

    /** Builds a {@link CredentialUpdate}; every setter replaces what an earlier call set. */
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

        /**
         * Sets a new name.
         *
         * @param name the name, unique among the owner's active credentials
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the description; {@code null} clears it.
         *
         * @param description the description, or null to clear it
         * @return this builder
         */
        public Builder description(@Nullable String description) {
            this.descriptionSet = true;
            this.description = description;
            return this;
        }

        /**
         * Sets the category; {@code null} clears it.
         *
         * @param category the category, or null to clear it
         * @return this builder
         */
        public Builder category(@Nullable String category) {
            this.categorySet = true;
            this.category = category;
            return this;
        }

        /**
         * Sets the expiry; {@code null} clears it.
         *
         * @param expiresAt the expiry, or null to clear it
         * @return this builder
         */
        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAtSet = true;
            this.expiresAt = expiresAt;
            return this;
        }

        /**
         * Secret fields to set; fields not named keep their values.
         *
         * @param secrets the fields to set; others keep their values
         * @return this builder
         */
        public Builder secrets(SecretFields secrets) {
            this.secrets = secrets;
            return this;
        }

        /**
         * Sets secret fields from alternating names and values.
         *
         * @param namesAndValues {@code "field", "value", ...}
         * @return this builder
         */
        public Builder secrets(String... namesAndValues) {
            return secrets(SecretFields.of(namesAndValues));
        }

        /**
         * Sets when the secret field {@code field} expires; {@code null} clears its expiry.
         *
         * @param field the secret field
         * @param at when its value expires, or null to clear the expiry
         * @return this builder
         */
        public Builder secretExpiresAt(String field, @Nullable Instant at) {
            secretExpiries.put(Objects.requireNonNull(field, "field"), Optional.ofNullable(at));
            return this;
        }

        /**
         * Removes an optional secret field.
         *
         * @param field an optional secret field of the provider's schema
         * @return this builder
         */
        public Builder removeSecret(String field) {
            removedSecrets.add(io.credvault.internal.Text.fieldName(field));
            return this;
        }

        /**
         * The update.
         *
         * @return the update built
         */
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
