package io.credvault;

import org.jspecify.annotations.Nullable;

/**
 * Which credentials {@link CredentialStore#list} returns. Unset criteria match everything; by default only
 * active (not deleted) credentials.
 */
public record ListFilter(
        @Nullable String provider,
        @Nullable String category,
        @Nullable CredentialStatus status,
        @Nullable String namePrefix,
        Deletion deletion) {

    /** Which side of soft deletion to list. */
    public enum Deletion { ACTIVE, DELETED, ALL }

    public ListFilter {
        if (deletion == null) {
            throw new ValidationException("deletion", "is required (ACTIVE, DELETED or ALL)");
        }
        io.credvault.internal.Text.optionalLine("namePrefix", namePrefix, 255);
        io.credvault.internal.Text.optionalLine("provider", provider, 64);
        io.credvault.internal.Text.optionalLine("category", category, 64);
    }

    public static ListFilter active() {
        return new ListFilter(null, null, null, null, Deletion.ACTIVE);
    }

    public static ListFilter all() {
        return new ListFilter(null, null, null, null, Deletion.ALL);
    }

    public ListFilter withProvider(@Nullable String provider) {
        return new ListFilter(provider, category, status, namePrefix, deletion);
    }

    public ListFilter withCategory(@Nullable String category) {
        return new ListFilter(provider, category, status, namePrefix, deletion);
    }

    public ListFilter withStatus(@Nullable CredentialStatus status) {
        return new ListFilter(provider, category, status, namePrefix, deletion);
    }

    public ListFilter withNamePrefix(@Nullable String namePrefix) {
        return new ListFilter(provider, category, status, namePrefix, deletion);
    }

    public ListFilter withDeletion(Deletion deletion) {
        return new ListFilter(provider, category, status, namePrefix, deletion);
    }

    /** Whether {@code m} passes this filter (owner is checked by the caller). */
    public boolean matches(CredentialMetadata m) {
        return (provider == null || provider.equals(m.provider()))
                && (category == null || category.equals(m.category()))
                && (status == null || status == m.status())
                && (namePrefix == null || m.name().startsWith(namePrefix))
                && switch (deletion) {
                    case ACTIVE -> !m.deleted();
                    case DELETED -> m.deleted();
                    case ALL -> true;
                };
    }
}
