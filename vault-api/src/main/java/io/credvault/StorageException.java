package io.credvault;

import org.jspecify.annotations.Nullable;

/**
 * The backend failed (for JDBC, wraps the {@code java.sql.SQLException}). The operation did not commit, except
 * for the subclass {@link CommitUnknownException}: the commit itself failed and its outcome is unknown.
 */
public class StorageException extends VaultException {
    private static final long serialVersionUID = 1L;

    /**
     * A database failure, as {@code message} says.
     *
     * @param message the operation and what failed
     * @param cause the underlying failure, or null
     */
    public StorageException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
