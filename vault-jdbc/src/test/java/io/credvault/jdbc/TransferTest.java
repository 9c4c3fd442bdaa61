package io.credvault.jdbc;

import io.credvault.memory.InMemoryBackend;
import io.credvault.testkit.TransferScenario;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export and import between embedded backends: H2 file and in-memory, each way. */
class TransferTest {
    @Test
    @DisplayName("H2 file to H2 file, in-memory to H2 file, H2 file to in-memory: identical credentials, history kept")
    void roundTrips(@TempDir Path dir) {
        try (JdbcBackend a = JdbcBackend.h2File(dir.resolve("a")); JdbcBackend b = JdbcBackend.h2File(dir.resolve("b"))) {
            TransferScenario.roundTrip(a, b);
        }
        try (JdbcBackend c = JdbcBackend.h2File(dir.resolve("c"))) {
            TransferScenario.roundTrip(new InMemoryBackend(), c);
        }
        try (JdbcBackend d = JdbcBackend.h2File(dir.resolve("d"))) {
            TransferScenario.roundTrip(d, new InMemoryBackend());
        }
    }

    @Test
    @DisplayName("an import into an H2 file stopped after a batch keeps it; importing again with SKIP completes it")
    void interrupted(@TempDir Path dir) {
        try (JdbcBackend target = JdbcBackend.h2File(dir.resolve("t"))) {
            TransferScenario.interruptedImport(new InMemoryBackend(), target);
        }
    }
}
