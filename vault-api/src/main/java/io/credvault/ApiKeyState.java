package io.credvault;

/** Where an issued API key stands. */
public enum ApiKeyState {
    /** The owner's current key: verifies. */
    ACTIVE,
    /** A rotated key that still verifies until its grace period ends. */
    GRACE,
    /** No longer verifies. */
    REVOKED
}
