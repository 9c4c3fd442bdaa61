package io.credvault;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception credvault throws. Unchecked; messages never carry secret material.
 */
public class VaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure, as {@code message} says.
     *
     * @param message what failed
     */
    public VaultException(String message) {
        super(message);
    }

    /**
     * A failure, as {@code message} says.
     *
     * @param message what failed
     * @param cause the underlying failure, or null
     */
    public VaultException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
