package io.credvault;

import io.credvault.internal.Text;
import java.util.Set;
import java.util.TreeSet;

/**
 * The secret fields a provider's credentials carry. {@code open} schemas (like {@code generic}) accept any
 * well-formed field name but still need at least one field.
 *
 * @param name     provider id: lower-case letters, digits and '-', at most 64 characters
 * @param required fields every credential of this provider must have
 * @param optional fields it may have
 * @param open     whether fields beyond {@code required} and {@code optional} are accepted
 */
public record ProviderSchema(String name, Set<String> required, Set<String> optional, boolean open) {
    /** The longest secret field name, in characters. */
    public static final int MAX_FIELD_NAME = 64;
    /** Most secret fields one credential may carry (the same on every backend). */
    public static final int MAX_FIELDS = 64;
    /** Most bytes of UTF-8 all secret values of one credential may add up to (the same on every backend). */
    public static final int MAX_TOTAL_BYTES = 512 * 1024;

    /**
     * Checks the name and the field names, and copies the sets.
     *
     * @param name provider id: lower-case letters, digits and '-', at most 64 characters
     * @param required fields every credential of this provider must have
     * @param optional fields it may have
     * @param open whether fields beyond {@code required} and {@code optional} are accepted
     */
    public ProviderSchema {
        Text.requireIdentifier("provider", name, 64, true);
        required = Set.copyOf(required);
        optional = Set.copyOf(optional);
        for (String f : required) {
            Text.requireIdentifier("provider " + name + " field", f, MAX_FIELD_NAME, false);
            if (optional.contains(f)) {
                throw new ValidationException("provider " + name + " field " + f, "is listed as both required and optional");
            }
        }
        for (String f : optional) {
            Text.requireIdentifier("provider " + name + " field", f, MAX_FIELD_NAME, false);
        }
    }

    /**
     * A closed schema: exactly {@code required} plus any of {@code optional}.
     *
     * @param name the provider's name
     * @param required the fields every credential must have
     * @param optional the fields it may have
     * @return the schema
     */
    public static ProviderSchema of(String name, Set<String> required, Set<String> optional) {
        return new ProviderSchema(name, required, optional, false);
    }

    /**
     * Checks a complete set of secret fields; the message names the provider and the field.
     *
     * @param secrets the secret fields of a credential
     * @throws ValidationException for a missing required field, an unknown field, or no field at all
     */
    public void validate(SecretFields secrets) {
        for (String f : new TreeSet<>(required)) {
            if (secrets.get(f).isEmpty()) {
                throw new ValidationException("secrets." + f, "is required by provider '" + name + "' (required: "
                        + new TreeSet<>(required) + ")");
            }
        }
        for (String f : secrets.names()) {
            if (open) {
                Text.requireIdentifier("secrets." + f, f, MAX_FIELD_NAME, false);
            } else if (!required.contains(f) && !optional.contains(f)) {
                throw new ValidationException("secrets." + f, "is not a field of provider '" + name + "' (allowed: "
                        + allowedFields() + ")");
            }
        }
        if (secrets.isEmpty()) {
            throw new ValidationException("secrets", "provider '" + name + "' needs at least one secret field");
        }
        if (secrets.names().size() > MAX_FIELDS) {
            throw new ValidationException("secrets", "at most " + MAX_FIELDS + " secret fields, got " + secrets.names().size());
        }
        long total = secrets.asMap().values().stream().mapToLong(SecretValue::utf8Length).sum();
        if (total > MAX_TOTAL_BYTES) {
            throw new ValidationException("secrets", "the secret values together must be at most " + MAX_TOTAL_BYTES
                    + " bytes in UTF-8, got " + total);
        }
    }

    /**
     * Required and optional fields, sorted.
     *
     * @return the required and optional fields
     */
    public Set<String> allowedFields() {
        TreeSet<String> all = new TreeSet<>(required);
        all.addAll(optional);
        return all;
    }
}
