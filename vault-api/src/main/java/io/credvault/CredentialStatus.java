package io.credvault;

/**
 * Health of a credential as seen by the last call the host made to its provider. A status change does not change
 * the credential's version.
 */
public enum CredentialStatus {
    /** No provider call has been recorded yet. */
    NEVER_CHECKED,
    /** The provider accepted the credential. */
    OK,
    /** The provider rejected it: it is no longer valid (HTTP 401). */
    UNAUTHENTICATED,
    /** Valid, but without enough permissions (HTTP 403). */
    MISSING_PERMISSION,
    /** The provider's API was unavailable (HTTP 429, 5xx, timeout): retried, and back to {@link #OK} on the next success. */
    TEMPORARILY_UNAVAILABLE;

    /**
     * A failure outcome: counted in {@link CredentialMetadata#consecutiveFailures()}.
     *
     * @return true for {@code UNAUTHENTICATED}, {@code MISSING_PERMISSION} and {@code TEMPORARILY_UNAVAILABLE}
     */
    public boolean isFailure() {
        return this == UNAUTHENTICATED || this == MISSING_PERMISSION || this == TEMPORARILY_UNAVAILABLE;
    }

    /**
     * The user must reconnect (give new secrets): {@link #UNAUTHENTICATED} and {@link #MISSING_PERMISSION}. An
     * update that changes the secrets of such a credential sets it back to {@link #NEVER_CHECKED}.
     *
     * @return true for {@code UNAUTHENTICATED} and {@code MISSING_PERMISSION}: the user must reconnect
     */
    public boolean needsReconnect() {
        return this == UNAUTHENTICATED || this == MISSING_PERMISSION;
    }
}
