package io.credvault;

/**
 * A {@link CredentialStore} with its operator functions: key management here; built by
 * {@code CredVault.builder()}.
 */
public interface Vault extends CredentialStore {

    /** Key rotation, rewrap, usage, retirement and master-key change. */
    KeyAdmin keys();
}
