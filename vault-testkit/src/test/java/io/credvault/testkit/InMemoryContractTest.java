package io.credvault.testkit;

import io.credvault.memory.InMemoryBackend;
import io.credvault.spi.VaultBackend;

/** The in-memory backend passes the contract kit unchanged. */
class InMemoryContractTest extends CredentialStoreContract {
    @Override
    protected VaultBackend newBackend() {
        return new InMemoryBackend();
    }
}
