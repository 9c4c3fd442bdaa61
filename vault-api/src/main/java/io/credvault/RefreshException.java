package io.credvault;

import org.jspecify.annotations.Nullable;

/**
 * A refresh did not happen. {@link #recorded()} says whether it counted against the credential's health (a failure
 * of the provider) or not (the vault waited too long for another instance's refresh, or the credential needs its
 * user to reconnect first).
 */
public class RefreshException extends VaultException {
    private static final long serialVersionUID = 1L;
    private final boolean recorded;

    public RefreshException(String message, boolean recorded, @Nullable Throwable cause) {
        super(message, cause);
        this.recorded = recorded;
    }

    /** Whether the failure was recorded as the credential's (a provider failure), rather than the vault's. */
    public boolean recorded() {
        return recorded;
    }
}
