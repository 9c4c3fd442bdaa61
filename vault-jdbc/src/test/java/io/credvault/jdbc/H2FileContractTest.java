package io.credvault.jdbc;

import io.credvault.spi.JournalEvent;
import io.credvault.spi.VaultBackend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import io.credvault.testkit.CredentialStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC backend on an H2 file passes the contract kit unchanged; a new file for each test. */
class H2FileContractTest extends CredentialStoreContract {
    @TempDir
    Path dir;
    private int n;

    private Path current;

    @Override
    protected VaultBackend newBackend() {
        current = dir.resolve("vault-" + n++);
        return JdbcBackend.h2File(current);
    }

    @Override
    protected void rewriteJournalRow(long seq, JournalEvent replacement) {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + current.toAbsolutePath() + ";WRITE_DELAY=0", "sa", "")) {
            TestDatabases.rewriteJournalRow(c, "cv_", seq, replacement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
