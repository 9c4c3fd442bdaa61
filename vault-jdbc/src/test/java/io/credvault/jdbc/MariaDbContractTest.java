package io.credvault.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.VaultBackend;
import io.credvault.testkit.CredentialStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract kit on MariaDB ({@code CREDVAULT_TEST_MARIADB_URL}). */
class MariaDbContractTest extends CredentialStoreContract {
    private static HikariDataSource pool;

    @BeforeAll
    static void connect() {
        pool = TestDatabases.pool(TestDatabases.MARIADB);
    }

    @AfterAll
    static void disconnect() {
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    protected VaultBackend newBackend() {
        JdbcBackend b = JdbcBackend.builder(pool).tablePrefix("kit_").build();
        TestDatabases.wipe(pool, "kit_");
        return b;
    }

    @Override
    protected void rewriteJournalRow(long seq, JournalEvent replacement) {
        TestDatabases.rewriteJournalRow(pool, "kit_", seq, replacement);
    }
}
