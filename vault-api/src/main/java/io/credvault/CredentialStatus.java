package io.credvault;

/**
 * Health of a credential as seen by the last call the host made to its provider.
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
    /** The provider's API was unavailable (HTTP 429, 5xx, timeout). */
    TEMPORARILY_UNAVAILABLE
}
