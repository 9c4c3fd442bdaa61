package io.credvault.spi;

import java.util.Optional;

/**
 * One backend transaction, by role: the credential rows, the journal and the keyring every backend has, and the
 * API keys and provider calls a backend may leave out.
 */
public interface BackendTransaction {
    CredentialTable credentials();

    JournalTable journal();

    KeyringTable keyring();

    /** API-key rows, if the backend stores API keys ({@link VaultBackend#apiKeys()} present). */
    default Optional<ApiKeyStore.Table> apiKeys() {
        return Optional.empty();
    }

    /** Provider-call rows, if the backend stores provider calls ({@link VaultBackend#providerCalls()} present). */
    default Optional<ProviderCallStore.Table> providerCalls() {
        return Optional.empty();
    }

    /** Lease rows, if the backend has them (needed by single-flight refresh). */
    default Optional<LeaseTable> leases() {
        return Optional.empty();
    }
}
