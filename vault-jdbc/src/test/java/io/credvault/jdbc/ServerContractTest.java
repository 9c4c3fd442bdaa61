package io.credvault.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.VaultBackend;
import io.credvault.testkit.CredentialStoreContract;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The contract kit on a database server named by an environment variable; tables {@code kit_*} are emptied
 * before each test. Subclasses name the variable.
 */
abstract class ServerContractTest extends CredentialStoreContract {
    private static final Map<String, HikariDataSource> POOLS = new HashMap<>();

    /** {@link TestDatabases#POSTGRES}, {@link TestDatabases#MARIADB} or {@link TestDatabases#PGBOUNCER}. */
    abstract String variable();

    private HikariDataSource pool() {
        return POOLS.computeIfAbsent(variable(), TestDatabases::pool);
    }

    @AfterAll
    static void disconnect() {
        POOLS.values().forEach(HikariDataSource::close);
        POOLS.clear();
    }

    @Override
    protected VaultBackend newBackend() {
        JdbcBackend b = JdbcBackend.builder(pool()).tablePrefix("kit_").build();
        TestDatabases.wipe(pool(), "kit_");
        return b;
    }

    @Override
    protected void rewriteJournalRow(long seq, JournalEvent replacement) {
        TestDatabases.rewriteJournalRow(pool(), "kit_", seq, replacement);
    }
}
