package io.credvault.testkit;

import io.credvault.memory.InMemoryBackend;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InMemoryTransferTest {
    @Test
    @DisplayName("export and import between in-memory vaults: identical credentials, history kept, conflicts by policy")
    void roundTrip() {
        TransferScenario.roundTrip(new InMemoryBackend(), new InMemoryBackend());
    }

    @Test
    @DisplayName("an interrupted import keeps its committed batches; a second import with SKIP completes it")
    void interrupted() {
        TransferScenario.interruptedImport(new InMemoryBackend(), new InMemoryBackend());
    }
}
