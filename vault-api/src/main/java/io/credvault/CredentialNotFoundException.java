package io.credvault;

/**
 * No credential with that id exists for that owner. Thrown identically whether the id is unknown or belongs
 * to another owner, so a caller cannot probe for other owners' ids.
 */
public final class CredentialNotFoundException extends VaultException {
    private static final long serialVersionUID = 1L;

    public CredentialNotFoundException(CredentialId id) {
        super("credential " + id.value() + " not found for this owner");
    }

    public CredentialNotFoundException(String message) {
        super(message);
    }
}
