package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2LifecycleTest {
    private static final OwnerId OWNER = OwnerId.of("owner");
    private static final MasterKey KEY = MasterKey.generate();

    private static long credentials(JdbcBackend backend) {
        return backend.countByKeyVersion().values().stream().mapToLong(Long::longValue).sum();
    }

    private static void createOne(JdbcBackend backend) {
        try (Vault vault = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(KEY).build()) {
            vault.create(OWNER, NewCredential.builder("generic", "one").secrets("secret", "s").build());
        }
    }

    @Test
    @DisplayName("an in-memory H2 database lives until its backend is closed, and no longer")
    void memory_droppedOnClose() {
        String name = "lifecycle-" + UUID.randomUUID();
        createOne(JdbcBackend.h2Memory(name));
        try (JdbcBackend again = JdbcBackend.h2Memory(name)) {
            assertThat(credentials(again)).isZero();
        }
    }

    @Test
    @DisplayName("an H2 file database keeps its credentials across close and reopen")
    void file_survivesClose(@TempDir Path dir) {
        createOne(JdbcBackend.h2File(dir.resolve("vault")));
        try (JdbcBackend again = JdbcBackend.h2File(dir.resolve("vault"))) {
            assertThat(credentials(again)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("an H2 file reuses dead space after one second, not H2's default 45 s (the file stays near its live data)")
    void file_retentionBoundsDeadSpace(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("vault");
        try (JdbcBackend backend = JdbcBackend.h2File(base);
             Connection c = DriverManager.getConnection("jdbc:h2:file:" + base.toAbsolutePath(), "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'RETENTION_TIME'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("1000");
        }
    }

    @Test
    @DisplayName("every H2 database, in memory or in a file, runs each query afresh instead of first checking whether "
            + "its last result can be returned again")
    void resultReuseOff(@TempDir Path dir) throws Exception {
        String name = "reuse-" + UUID.randomUUID();
        try (JdbcBackend memory = JdbcBackend.h2Memory(name)) {
            assertThat(reusesResults("jdbc:h2:mem:" + name)).isFalse();
        }
        Path base = dir.resolve("vault");
        try (JdbcBackend file = JdbcBackend.h2File(base)) {
            assertThat(reusesResults("jdbc:h2:file:" + base.toAbsolutePath())).isFalse();
        }
    }

    /** The database's own flag: H2 lists it in no table of settings. */
    private static boolean reusesResults(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            var session = (org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
            return session.getDatabase().getOptimizeReuseResults();
        }
    }
}
