package io.credvault;

import org.jspecify.annotations.Nullable;

/**
 * Which credentials {@link CredentialStore#list} returns. Unset criteria match everything; by default only
 * active (not deleted) credentials.
 *
 * @param provider only this provider's, or null
 * @param category only this category's, or null
 * @param status only this status, or null
 * @param namePrefix only names starting with this, or null
 * @param deletion active, deleted, or both
 */
public record ListFilter(
        @Nullable String provider,
        @Nullable String category,
        @Nullable CredentialStatus status,
        @Nullable String namePrefix,
        Deletion deletion) {

    /** Which side of soft deletion to list. */
    public enum Deletion {
        /** Credentials that are not deleted. */
        ACTIVE,
        /** Soft-deleted credentials only. */
        DELETED,
        /** Both. */
        ALL
    }

    /**
     * Checks the name prefix.
     *
     * @param provider only this provider's, or null
     * @param category only this category's, or null
     * @param status only this status, or null
     * @param namePrefix only names starting with this, or null
     * @param deletion active, deleted, or both
     */
    public ListFilter {
        if (deletion == null) {
            throw new ValidationException("deletion", "is required (ACTIVE, DELETED or ALL)");
        }
        io.credvault.internal.Text.optionalLine("namePrefix", namePrefix, 255);
        io.credvault.internal.Text.optionalLine("provider", provider, 64);
        io.credvault.internal.Text.optionalLine("category", category, 64);
    }

    /**
     * Active credentials of every provider, category and status.
     *
     * @return the filter
     */
    public static ListFilter active() {
        return new ListFilter(null, null, null, null, Deletion.ACTIVE);
    }

    /**
     * Active and deleted credentials.
     *
     * @return the filter
     */
    public static ListFilter all() {
        return new ListFilter(null, null, null, null, Deletion.ALL);
    }

    /**
     * This filter, narrowed to a provider.
     *
     * @param provider the provider, or null for all
     * @return a new filter
     */
    public ListFilter withProvider(@Nullable String provider) {
        return new ListFilter(provider, category, status, namePrefix, deletion);
    }

    /**
     * This filter, narrowed to a category.
     *
     * @param category the category, or null for all
     * @return a new filter
     */
    public ListFilter withCategory(@Nullable String category) {
        return new ListFilter(provider, category, status, namePrefix, deletion);
    }

    /**
     * This filter, narrowed to a status.
     *
     * @param status the status, or null for all
     * @return a new filter
     */
    public ListFilter withStatus(@Nullable CredentialStatus status) {
        return new ListFilter(provider, category, status, namePrefix, deletion);
    }

    /**
     * This filter, narrowed to names starting with a prefix.
     *
     * @param namePrefix the prefix, or null for all
     * @return a new filter
     */
    public ListFilter withNamePrefix(@Nullable String namePrefix) {
        return new ListFilter(provider, category, status, namePrefix, deletion);
    }

    /**
     * This filter with another deletion state.
     *
     * @param deletion which credentials by deletion
     * @return a new filter
     */
    public ListFilter withDeletion(Deletion deletion) {
        return new ListFilter(provider, category, status, namePrefix, deletion);
    }

    /**
     * Whether {@code m} passes this filter (owner is checked by the caller).
     *
     * @param m a credential's metadata
     * @return whether the filter selects it
     */
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
