package io.credvault;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The named secret fields of a credential ({@code accessToken}, {@code privateKey}, ...). Immutable; field
 * names are sorted. {@link #toString()} lists the names only.
 */
public final class SecretFields {
    private static final SecretFields EMPTY = new SecretFields(new TreeMap<>());
    private final TreeMap<String, SecretValue> fields;

    private SecretFields(TreeMap<String, SecretValue> fields) {
        this.fields = fields;
    }

    /**
     * No fields.
     *
     * @return the empty set of fields
     */
    public static SecretFields empty() {
        return EMPTY;
    }

    /**
     * Builds from name/value pairs of strings: {@code SecretFields.of("accessToken", "...", "refreshToken", "...")}.
     *
     * @param namesAndValues {@code "field", "value", ...}
     * @return the fields
     */
    public static SecretFields of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new ValidationException("secrets", "expects name/value pairs, got an odd number of arguments");
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    /**
     * The fields of a map.
     *
     * @param values field name to value
     * @return the fields
     */
    public static SecretFields of(Map<String, SecretValue> values) {
        Builder b = builder();
        values.forEach(b::put);
        return b.build();
    }

    /**
     * A builder of fields.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A field's value.
     *
     * @param name the field
     * @return its value, or empty if absent
     */
    public Optional<SecretValue> get(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /**
     * The value of a field that must be present.
     *
     * @param name the field
     * @return its value
     */
    public SecretValue require(String name) {
        SecretValue v = fields.get(name);
        if (v == null) {
            throw new ValidationException("secrets." + name, "is not present");
        }
        return v;
    }

    /**
     * The field names.
     *
     * @return the names
     */
    public Set<String> names() {
        return Collections.unmodifiableSet(fields.keySet());
    }

    /**
     * The fields.
     *
     * @return field name to value, unmodifiable
     */
    public Map<String, SecretValue> asMap() {
        return Collections.unmodifiableMap(fields);
    }

    /**
     * Whether there is no field.
     *
     * @return true if empty
     */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /**
     * The number of fields.
     *
     * @return how many
     */
    public int size() {
        return fields.size();
    }

    /**
     * These fields with {@code changes} laid over them (PATCH semantics) and {@code removed} taken out.
     *
     * @param changes fields to set
     * @param removed fields to remove
     * @return new fields: these, with {@code changes} applied and {@code removed} taken out
     */
    public SecretFields patch(SecretFields changes, Set<String> removed) {
        TreeMap<String, SecretValue> merged = new TreeMap<>(fields);
        merged.keySet().removeAll(removed);
        merged.putAll(changes.fields);
        return new SecretFields(merged);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretFields other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "SecretFields" + fields.keySet() + "[values redacted]";
    }

    /** Collects fields; a null value, or a name given twice, is refused. */
    public static final class Builder {
        private TreeMap<String, SecretValue> fields = new TreeMap<>();
        private boolean shared; // fields was handed to a built SecretFields: copy before the next put

        private Builder() {
        }

        /**
         * Adds a field.
         *
         * @param name the field name
         * @param value its value
         * @return this builder
         */
        public Builder put(String name, String value) {
            io.credvault.internal.Text.fieldName(name);
            if (value == null) {
                throw new ValidationException("secrets." + name, "must not be null");
            }
            try {
                return put(name, SecretValue.of(value));
            } catch (ValidationException e) {
                throw new ValidationException("secrets." + name, e.problem());
            }
        }

        /**
         * Adds a field.
         *
         * @param name the field name
         * @param value its value
         * @return this builder
         */
        public Builder put(String name, SecretValue value) {
            io.credvault.internal.Text.fieldName(name);
            if (value == null) {
                throw new ValidationException("secrets." + name, "must not be null");
            }
            if (shared) {
                fields = new TreeMap<>(fields);
                shared = false;
            }
            if (fields.putIfAbsent(name, value) != null) {
                throw new ValidationException("secrets." + name, "is given twice");
            }
            return this;
        }

        /**
         * The fields.
         *
         * @return the fields built
         */
        public SecretFields build() {
            shared = true;
            return new SecretFields(fields);
        }
    }
}
