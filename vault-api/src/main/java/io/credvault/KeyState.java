package io.credvault;

/** Lifecycle of a data key version. */
public enum KeyState {
    /** Encrypts new secrets; exactly one version is primary. */
    PRIMARY,
    /** Opens existing secrets, encrypts nothing new. */
    DECRYPT_ONLY,
    /** Decrypt-only because it is suspected compromised: its records are rewrapped first. */
    COMPROMISED,
    /** Material destroyed; nothing sealed under it remains. */
    RETIRED
}
