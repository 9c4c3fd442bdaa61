package io.credvault.jdbc;

import io.credvault.spi.JournalEvent;
import io.credvault.spi.VaultBackend;
import io.credvault.testkit.CredentialStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;

/** The contract kit on H2 databases created by release 0.1's DDL and upgraded by this release's migrations. */
class UpgradedH2ContractTest extends CredentialStoreContract {
    /** Disposed after all tests: the kit's own teardown (closing its vaults) runs after a subclass's. */
    private static final List<JdbcConnectionPool> POOLS = new ArrayList<>();
    private JdbcConnectionPool pool;

    @Override
    protected VaultBackend newBackend() {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:upgraded-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        POOLS.add(pool);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("RUNSCRIPT FROM 'classpath:/release-0.1/schema-h2.sql'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return JdbcBackend.builder(pool).build();
    }

    @Override
    protected void rewriteJournalRow(long seq, JournalEvent replacement) {
        TestDatabases.rewriteJournalRow(pool, "cv_", seq, replacement);
    }

    @AfterAll
    static void dispose() {
        POOLS.forEach(JdbcConnectionPool::dispose);
        POOLS.clear();
    }
}
