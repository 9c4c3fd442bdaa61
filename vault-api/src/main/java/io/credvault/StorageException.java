package io.credvault;

/**
 * The backend failed (for JDBC, wraps the {@link java.sql.SQLException}). The operation did not commit.
 */
public final class StorageException extends VaultException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
