package io.credvault.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * The server databases tests may use, switched on by environment variables:
 * {@code CREDVAULT_TEST_POSTGRES_URL} and {@code CREDVAULT_TEST_MARIADB_URL} (JDBC URLs with credentials).
 * Unset, the tests are skipped with a printed reason.
 */
final class TestDatabases {
    static final String POSTGRES = "CREDVAULT_TEST_POSTGRES_URL";
    static final String MARIADB = "CREDVAULT_TEST_MARIADB_URL";
    /** PgBouncer in transaction-pooling mode in front of PostgreSQL; the URL carries {@code prepareThreshold=0}. */
    static final String PGBOUNCER = "CREDVAULT_TEST_PGBOUNCER_URL";
    /** A three-node MariaDB Galera cluster: a {@code jdbc:mariadb:loadbalance://} URL spreading connections over the nodes. */
    static final String GALERA = "CREDVAULT_TEST_GALERA_URL";

    private static final java.util.Set<String> REPORTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private TestDatabases() {
    }

    /** A small pool on the server named by {@code variable}, or aborts the test class with the reason. */
    static HikariDataSource pool(String variable) {
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            String reason = variable + " is not set; set it to a JDBC URL to run these tests (.ci/run does)";
            if (REPORTED.add(variable)) {
                System.out.println("[jdbc] SKIPPED: " + reason);
            }
            Assumptions.abort(reason);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(8);
        config.setPoolName("credvault-test");
        return new HikariDataSource(config);
    }

    /** Overwrites (or deletes, if {@code e} is null) journal row {@code seq} with raw SQL, as an attacker could. */
    static void rewriteJournalRow(Connection c, String prefix, long seq, io.credvault.spi.@org.jspecify.annotations.Nullable JournalEvent e) {
        try (java.sql.PreparedStatement del = c.prepareStatement("DELETE FROM " + prefix + "journal WHERE seq = ?")) {
            del.setLong(1, seq);
            del.executeUpdate();
            if (e == null) {
                return;
            }
            try (java.sql.PreparedStatement ins = c.prepareStatement("INSERT INTO " + prefix + "journal "
                    + "(seq, at, owner_id, credential_id, type, actor, details, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ins.setLong(1, e.seq());
                ins.setLong(2, Columns.exactMicros(e.at()));
                ins.setString(3, e.owner() == null ? null : e.owner().value());
                ins.setString(4, e.credentialId() == null ? null : e.credentialId().value());
                ins.setString(5, e.type());
                ins.setString(6, e.actor());
                ins.setString(7, Columns.details(e.details()));
                ins.setString(8, e.mac());
                ins.executeUpdate();
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot rewrite journal row " + seq + ": " + ex.getMessage(), ex);
        }
    }

    static void rewriteJournalRow(DataSource ds, String prefix, long seq, io.credvault.spi.@org.jspecify.annotations.Nullable JournalEvent e) {
        try (Connection c = ds.getConnection()) {
            rewriteJournalRow(c, prefix, seq, e);
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A {@linkplain #pool pool} on the server named by {@code variable} with the tables under {@code prefix} emptied. */
    static HikariDataSource emptied(String variable, String prefix) {
        HikariDataSource pool = pool(variable);
        emptySchema(pool, prefix);
        return pool;
    }

    /** Creates the vault's tables under {@code prefix} if needed, then empties them. */
    static void emptySchema(DataSource ds, String prefix) {
        JdbcBackend.builder(ds).tablePrefix(prefix).build().close();
        wipe(ds, prefix);
    }

    /** Deletes every row of the backend's tables (the schema stays). */
    static void wipe(DataSource ds, String prefix) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {"credentials", "keys", "settings", "journal", "provider_calls", "api_keys", "leases"}) {
                s.executeUpdate("DELETE FROM " + prefix + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot wipe test tables: " + e.getMessage(), e);
        }
    }
}
