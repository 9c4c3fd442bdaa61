package io.credvault;

/**
 * No credential with that id exists for that owner. Thrown identically whether the id is unknown or belongs
 * to another owner, so a caller cannot probe for other owners' ids.
 */
public final class CredentialNotFoundException extends VaultException {
    private static final long serialVersionUID = 1L;

    /**
     * No credential {@code id} for the caller's owner (or none at all: the two are not told apart).
     *
     * @param id the credential asked for
     */
    public CredentialNotFoundException(CredentialId id) {
        super("credential " + id.value() + " not found for this owner");
    }

    /**
     * A credential not found, as {@code message} says.
     *
     * @param message what was not found
     */
    public CredentialNotFoundException(String message) {
        super(message);
    }
}
