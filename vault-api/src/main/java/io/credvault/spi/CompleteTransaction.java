package io.credvault.spi;

import java.util.Optional;

/**
 * A transaction that is itself every table a backend can have: credentials, journal and keyring (as
 * {@link TableTransaction}), and the optional API keys, provider calls and leases, all present.
 */
public interface CompleteTransaction extends TableTransaction, ApiKeyStore.Table, ProviderCallStore.Table, LeaseTable {
    @Override
    default Optional<ApiKeyStore.Table> apiKeys() {
        return Optional.of(this);
    }

    @Override
    default Optional<ProviderCallStore.Table> providerCalls() {
        return Optional.of(this);
    }

    @Override
    default Optional<LeaseTable> leases() {
        return Optional.of(this);
    }
}
