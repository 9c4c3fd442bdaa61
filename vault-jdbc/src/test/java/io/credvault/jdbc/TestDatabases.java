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

    private TestDatabases() {
    }

    /** A small pool on the server named by {@code variable}, or aborts the test class with the reason. */
    static HikariDataSource pool(String variable) {
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            String reason = variable + " is not set; set it to a JDBC URL to run these tests (.ci/run does)";
            System.out.println("[jdbc] SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(8);
        config.setPoolName("credvault-test");
        return new HikariDataSource(config);
    }

    /** Deletes every row of the backend's tables (the schema stays). */
    static void wipe(DataSource ds, String prefix) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {"credentials", "keys", "settings", "journal"}) {
                s.executeUpdate("DELETE FROM " + prefix + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot wipe test tables: " + e.getMessage(), e);
        }
    }
}
