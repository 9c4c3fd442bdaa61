package io.credvault.testkit;

import io.credvault.memory.InMemoryBackend;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InMemoryCopyTest {
    @Test
    @DisplayName("a vault copies between in-memory backends while it changes, and the copy verifies")
    void copy() {
        CopyScenario.run(new InMemoryBackend(), new InMemoryBackend(), 30);
    }
}
