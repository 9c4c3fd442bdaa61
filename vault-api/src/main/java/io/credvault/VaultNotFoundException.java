package io.credvault;

/**
 * The store holds no vault, and creating one was not asked for ({@code createIfEmpty}). Nothing was written.
 */
public final class VaultNotFoundException extends VaultException {
    private static final long serialVersionUID = 1L;

    public VaultNotFoundException(String message) {
        super(message);
    }
}
