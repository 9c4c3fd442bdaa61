package io.credvault.jdbc;

import io.credvault.memory.InMemoryBackend;
import io.credvault.testkit.CopyScenario;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copying a vault between embedded backends: H2 file to H2 file (two batches and more), in-memory to H2 and back. */
class CopyTest {
    @Test
    @DisplayName("H2 file to H2 file: 1,200 credentials, changed while copying; the copy verifies")
    void h2ToH2(@TempDir Path dir) {
        try (JdbcBackend source = JdbcBackend.h2File(dir.resolve("source")); JdbcBackend target = JdbcBackend.h2File(dir.resolve("target"))) {
            CopyScenario.run(source, target, 1200);
        }
    }

    @Test
    @DisplayName("in-memory to H2 file and H2 file to in-memory")
    void memoryAndH2(@TempDir Path dir) {
        try (JdbcBackend h2 = JdbcBackend.h2File(dir.resolve("a"))) {
            CopyScenario.run(new InMemoryBackend(), h2, 40);
        }
        try (JdbcBackend h2 = JdbcBackend.h2File(dir.resolve("b"))) {
            CopyScenario.run(h2, new InMemoryBackend(), 40);
        }
    }
}
