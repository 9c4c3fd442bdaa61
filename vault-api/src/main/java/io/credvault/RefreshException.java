package io.credvault;

import org.jspecify.annotations.Nullable;

/**
 * A refresh did not happen. {@link #recorded()} says whether it counted against the credential's health (a failure
 * of the provider) or not (the vault waited too long for another instance's refresh, or the credential needs its
 * user to reconnect first).
 */
public class RefreshException extends VaultException {
    private static final long serialVersionUID = 1L;
    /** Whether the failure was recorded against the credential. */
    private final boolean recorded;

    /**
     * A refresh that failed.
     *
     * @param message what failed (no secret)
     * @param recorded whether the failure was recorded against the credential's status
     * @param cause the underlying failure, or null
     */
    public RefreshException(String message, boolean recorded, @Nullable Throwable cause) {
        super(message, cause);
        this.recorded = recorded;
    }

    /**
     * Whether the failure was recorded as the credential's (a provider failure), rather than the vault's.
     *
     * @return true if the credential's status now records the failure; false for a lease timeout or an error inside the
     *     vault
     */
    public boolean recorded() {
        return recorded;
    }
}
