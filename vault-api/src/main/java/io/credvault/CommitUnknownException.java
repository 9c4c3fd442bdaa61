package io.credvault;

/**
 * The commit itself failed (for example the connection was lost while committing): the change may or may not
 * have been committed, and the database alone knows. Resolve it by reading again: {@code describe} shows
 * whether an update's version was reached or a delete took effect; after a create, {@code list} with
 * {@code ListFilter.withNamePrefix(name)} shows whether the credential exists (names are unique among an
 * owner's active credentials, so a blind retry fails with a conflict rather than making a duplicate).
 */
public final class CommitUnknownException extends StorageException {
    private static final long serialVersionUID = 1L;

    /**
     * An unknown outcome of {@code message}'s commit.
     *
     * @param message what was being committed, and that its outcome is unknown
     * @param cause the failure of the commit (a connection lost, say)
     */
    public CommitUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
