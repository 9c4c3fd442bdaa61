package io.credvault;

import io.credvault.internal.Text;

/**
 * The owner a credential belongs to: a user, workspace or tenant id of the host application.
 * One to 255 characters, no control characters.
 *
 * @param value the host's id of a user, workspace or tenant
 */
public record OwnerId(String value) {
    /** The longest owner id accepted, in characters. */
    public static final int MAX_LENGTH = 255;

    /**
     * Checks the value: 1 to {@value #MAX_LENGTH} characters, no control characters.
     *
     * @param value the host's id of a user, workspace or tenant
     */
    public OwnerId {
        Text.requireLine("owner", value, MAX_LENGTH);
    }

    /**
     * The owner id {@code value}.
     *
     * @param value the host's id of a user, workspace or tenant
     * @return the owner id
     * @throws ValidationException naming {@code owner} if it is not valid
     */
    public static OwnerId of(String value) {
        return new OwnerId(value);
    }

    /**
     * Equal when the values are: as the record's own, written out so that the lookups every call makes (maps keyed
     * by id) compare one string directly.
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof OwnerId other && value.equals(other.value);
    }

    /** The value's hash (what the record's own gives for its one component). */
    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
