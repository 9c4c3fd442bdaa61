package io.credvault.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.credvault.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/** The HikariCP pool a backend owns when it is opened on a URL, with the backend's timeouts. */
final class Pools {
    private Pools() {
    }

    /**
     * HikariCP rather than H2's own pool for H2 too: H2's pool rolls back every connection it takes back, which
     * empties that session's cache of parsed statements, so every lookup would parse and plan its SQL again.
     *
     * @throws StorageException if no driver on the class path takes the URL (naming the artifact to add), or an
     *     embedded H2 file is open in another process
     */
    static HikariDataSource hikari(String jdbcUrl, JdbcBackend.Timeouts timeouts) {
        requireDriver(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setConnectionTimeout(Math.max(250, timeouts.connect().toMillis()));
        config.setPoolName("credvault");
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            config.setUsername("sa");
            config.setPassword("");
            config.setMaximumPoolSize(16);
            config.setMinimumIdle(2);
            // embedded: opening either works at once or never will (a file another process holds), so fail fast
            config.setInitializationFailTimeout(1);
            try {
                return new HikariDataSource(config);
            } catch (HikariPool.PoolInitializationException e) {
                throw H2.openFailure(jdbcUrl, e, timeouts);
            }
        }
        config.setMaximumPoolSize(10);
        // driver properties; a value given in the URL itself takes precedence
        boolean postgres = jdbcUrl.startsWith("jdbc:postgresql:");
        long connect = timeouts.connect().toMillis();
        long socket = timeouts.socket().toMillis();
        config.addDataSourceProperty("connectTimeout", String.valueOf(postgres ? Math.max(1, connect / 1000) : connect));
        config.addDataSourceProperty("socketTimeout", String.valueOf(postgres ? Math.max(1, socket / 1000) : socket));
        // a server may be down while the host starts: connections are made on first use, within the connect timeout
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** Fails with the artifact to add when no registered JDBC driver accepts {@code jdbcUrl}. */
    static void requireDriver(String jdbcUrl) {
        try {
            DriverManager.getDriver(jdbcUrl);
        } catch (SQLException noDriver) {
            String kind = jdbcUrl.substring("jdbc:".length(), jdbcUrl.indexOf(':', "jdbc:".length()));
            throw new StorageException("no JDBC driver for " + "jdbc:" + kind + ": URLs on the class path; add the dependency "
                    + driverArtifact(kind) + " (credvault's JDBC drivers are provided by the host)", noDriver);
        }
    }

    /** {@code group:artifact:version} of the driver for a URL kind ({@code h2}, {@code postgresql}, {@code mariadb}). */
    static String driverArtifact(String kind) {
        Properties p = new Properties();
        try (InputStream in = Pools.class.getResourceAsStream("drivers.properties")) {
            if (in == null) {
                throw new IllegalStateException("drivers.properties is missing from vault-jdbc");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty(kind, "a JDBC driver for jdbc:" + kind + ":");
    }

    /** Closes a pool the backend owns (nothing if null). */
    static void close(@Nullable AutoCloseable pool) {
        if (pool != null) {
            try {
                pool.close();
            } catch (Exception e) {
                throw new StorageException("closing the connection pool failed: " + e.getMessage(), e);
            }
        }
    }
}
