package io.credvault;

/**
 * Stored ciphertext did not verify: it was altered, moved to another row or owner, or sealed under other
 * keys. The message names the credential only; it never says which byte was wrong.
 */
public final class IntegrityException extends VaultException {
    private static final long serialVersionUID = 1L;

    /**
     * Tampered or inconsistent data, as {@code message} says.
     *
     * @param message what failed to verify
     */
    public IntegrityException(String message) {
        super(message);
    }
}
