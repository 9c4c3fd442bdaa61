package io.credvault.testkit;

import io.credvault.memory.InMemoryBackend;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.VaultBackend;

/** The in-memory backend passes the contract kit unchanged. */
class InMemoryContractTest extends CredentialStoreContract {
    private InMemoryBackend current;

    @Override
    protected VaultBackend newBackend() {
        current = new InMemoryBackend();
        return current;
    }

    @Override
    protected void rewriteJournalRow(long seq, JournalEvent replacement) {
        current.rewriteJournalRow(seq, replacement);
    }
}
