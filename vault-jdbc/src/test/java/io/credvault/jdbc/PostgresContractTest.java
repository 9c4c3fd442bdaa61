package io.credvault.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.VaultBackend;
import io.credvault.testkit.CredentialStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract kit on PostgreSQL ({@code CREDVAULT_TEST_POSTGRES_URL}). */
class PostgresContractTest extends CredentialStoreContract {
    private static HikariDataSource pool;

    @BeforeAll
    static void connect() {
        pool = TestDatabases.pool(TestDatabases.POSTGRES);
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
