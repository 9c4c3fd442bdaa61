package io.credvault.jdbc;

import io.credvault.memory.InMemoryBackend;
import io.credvault.testkit.CopyScenario;
import io.credvault.testkit.TransferScenario;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving vaults to and from one server (its subclass names the variable of its URL): copies from and to an H2 file,
 * and export/import round trips with in-memory, H2 and the server itself on either side.
 */
abstract class ServerMoveTests {
    /** The environment variable holding the server's JDBC URL. */
    abstract String variable();

    @Test
    @DisplayName("copy: an H2 file (600 credentials, changed while copying) to the server, and the server to an H2 file; both verify")
    void copies(@TempDir Path dir) {
        try (var pool = TestDatabases.emptied(variable(), "copy_")) {
            try (JdbcBackend h2 = JdbcBackend.h2File(dir.resolve("source")); JdbcBackend server = JdbcBackend.builder(pool).tablePrefix("copy_").build()) {
                CopyScenario.run(h2, server, 600);
            }
            TestDatabases.wipe(pool, "copy_");
            try (JdbcBackend server = JdbcBackend.builder(pool).tablePrefix("copy_").build(); JdbcBackend h2 = JdbcBackend.h2File(dir.resolve("target"))) {
                CopyScenario.run(server, h2, 60);
            }
        }
    }

    @Test
    @DisplayName("export/import: the server from and to in-memory and an H2 file, and to itself; an interrupted import completed")
    void roundTrips(@TempDir Path dir) {
        try (var pool = TestDatabases.pool(variable())) {
            TestDatabases.emptySchema(pool, "xa_");
            TestDatabases.emptySchema(pool, "xb_");
            try (JdbcBackend server = JdbcBackend.builder(pool).tablePrefix("xa_").build();
                 JdbcBackend other = JdbcBackend.builder(pool).tablePrefix("xb_").build();
                 JdbcBackend h2a = JdbcBackend.h2File(dir.resolve("a")); JdbcBackend h2b = JdbcBackend.h2File(dir.resolve("b"))) {
                TransferScenario.roundTrip(new InMemoryBackend(), server);
                TestDatabases.wipe(pool, "xa_");
                TransferScenario.roundTrip(server, new InMemoryBackend());
                TestDatabases.wipe(pool, "xa_");
                TransferScenario.roundTrip(h2a, server);
                TestDatabases.wipe(pool, "xa_");
                TransferScenario.roundTrip(server, h2b);
                TestDatabases.wipe(pool, "xa_");
                TransferScenario.roundTrip(server, other);
                TestDatabases.wipe(pool, "xb_");
                TransferScenario.interruptedImport(new InMemoryBackend(), other);
            }
        }
    }
}
