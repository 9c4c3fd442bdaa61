package io.credvault.spi;

import java.util.Optional;

/**
 * One backend transaction, by role: the credential rows, the journal and the keyring every backend has, and the
 * API keys and provider calls a backend may leave out.
 */
public interface BackendTransaction {
    /**
     * The credentials table.
     *
     * @return the table, in this transaction
     */
    CredentialTable credentials();

    /**
     * The journal.
     *
     * @return the journal, in this transaction
     */
    JournalTable journal();

    /**
     * The keyring's keys and settings.
     *
     * @return the table, in this transaction
     */
    KeyringTable keyring();

    /**
     * API-key rows, if the backend stores API keys ({@link VaultBackend#apiKeys()} present).
     *
     * @return the API keys table, or empty if the backend does not keep API keys
     */
    default Optional<ApiKeyStore.Table> apiKeys() {
        return Optional.empty();
    }

    /**
     * Provider-call rows, if the backend stores provider calls ({@link VaultBackend#providerCalls()} present).
     *
     * @return the provider calls table, or empty if the backend does not keep provider calls
     */
    default Optional<ProviderCallStore.Table> providerCalls() {
        return Optional.empty();
    }

    /**
     * Lease rows, if the backend has them (needed by single-flight refresh).
     *
     * @return the leases table, or empty if the backend has no leases
     */
    default Optional<LeaseTable> leases() {
        return Optional.empty();
    }
}
