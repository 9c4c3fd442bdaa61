package io.credvault;

/**
 * The commit itself failed (for example the connection was lost while committing): the change may or may not
 * have been committed, and the database alone knows. Resolve it by reading again: {@code describe} shows
 * whether an update's version was reached or a delete took effect; a create given an idempotency key
 * ({@link NewCredential.Builder#idempotencyKey(String)}) can simply be retried, and returns the credential
 * the first attempt made if it did commit.
 */
public final class CommitUnknownException extends StorageException {
    private static final long serialVersionUID = 1L;

    public CommitUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
