package io.credvault;

/**
 * A key needed for the operation cannot be used: the master key does not match the vault, or a data key
 * version is unknown or retired.
 */
public final class KeyUnavailableException extends VaultException {
    private static final long serialVersionUID = 1L;

    public KeyUnavailableException(String message) {
        super(message);
    }

    public KeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
