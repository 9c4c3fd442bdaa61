package io.credvault.jdbc;

import io.credvault.testkit.CopyScenario;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copying a vault from an H2 file to MariaDB and back (needs {@code CREDVAULT_TEST_MARIADB_URL}). */
class MariaDbCopyTest {
    @Test
    @DisplayName("H2 file to MariaDB (600 credentials, changed while copying) and MariaDB to an H2 file; both verify")
    void h2ToPostgresAndBack(@TempDir Path dir) {
        try (var pool = TestDatabases.pool(TestDatabases.MARIADB)) {
            TestDatabases.emptySchema(pool, "copy_");
            try (JdbcBackend h2 = JdbcBackend.h2File(dir.resolve("source"));
                 JdbcBackend maria = JdbcBackend.builder(pool).tablePrefix("copy_").build()) {
                CopyScenario.run(h2, maria, 600);
            }
            TestDatabases.wipe(pool, "copy_");
            try (JdbcBackend maria = JdbcBackend.builder(pool).tablePrefix("copy_").build();
                 JdbcBackend h2 = JdbcBackend.h2File(dir.resolve("target"))) {
                CopyScenario.run(maria, h2, 60);
            }
        }
    }
}
