package io.credvault;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception credvault throws. Unchecked; messages never carry secret material.
 */
public class VaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
