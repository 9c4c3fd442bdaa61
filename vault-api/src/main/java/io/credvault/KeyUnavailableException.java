package io.credvault;

/**
 * A key needed for the operation cannot be used: no master key, the master key does not match the vault, or a
 * data key version was retired (its material destroyed). A ciphertext naming a version the keyring never had is
 * tampering and raises {@link IntegrityException} instead.
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
