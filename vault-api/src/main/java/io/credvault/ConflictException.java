package io.credvault;

/**
 * The change conflicts with the current state: a stale expected version, a name already used by an active
 * credential, or an operation the current state does not allow. Nothing was changed; re-read and retry.
 */
public final class ConflictException extends VaultException {
    private static final long serialVersionUID = 1L;

    /**
     * A conflict described by {@code message}.
     *
     * @param message what conflicted: a stale version, a name taken, a key in use
     */
    public ConflictException(String message) {
        super(message);
    }
}
