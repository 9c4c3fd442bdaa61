package io.credvault;

/**
 * The store holds no vault, and creating one was not asked for ({@code createIfEmpty}). Nothing was written.
 */
public final class VaultNotFoundException extends VaultException {
    private static final long serialVersionUID = 1L;

    /**
     * No vault where one was expected, as {@code message} says.
     *
     * @param message where
     */
    public VaultNotFoundException(String message) {
        super(message);
    }
}
