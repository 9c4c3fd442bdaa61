package io.credvault;

/**
 * A key needed for the operation cannot be used: no master key, the master key does not match the vault, or a
 * data key version was retired (its material destroyed). A ciphertext naming a version the keyring never had is
 * tampering and raises {@link IntegrityException} instead.
 */
public final class KeyUnavailableException extends VaultException {
    private static final long serialVersionUID = 1L;

    /**
     * A key that is missing or does not open the vault, as {@code message} says.
     *
     * @param message which key and why
     */
    public KeyUnavailableException(String message) {
        super(message);
    }

    /**
     * A key that is missing or does not open the vault, as {@code message} says.
     *
     * @param message which key and why
     * @param cause the underlying failure
     */
    public KeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
