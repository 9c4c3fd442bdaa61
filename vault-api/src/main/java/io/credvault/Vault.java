package io.credvault;

/**
 * A {@link CredentialStore} with its operator functions (keys, journal, health, API keys); built by
 * {@code CredVault.builder()}.
 */
public interface Vault extends CredentialStore {

    /** Key rotation, rewrap, usage, retirement and master-key change. */
    KeyAdmin keys();

    /** The event journal: query, verify, retention, listeners. */
    Journal journal();

    /** Provider-call outcomes and the status they drive. */
    CredentialHealth health();

    /** API keys issued to the host's own users. */
    ApiKeys apiKeys();

    /** Expiry across owners. */
    CredentialLifecycle lifecycle();

    /**
     * A view of this vault whose journal entries name {@code actor} (a user or service id of the host, up to
     * 255 characters). Cheap; share the underlying vault.
     */
    Vault withActor(String actor);
}
