package io.credvault.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.credvault.StorageException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Options for a backend: over a host-owned {@code DataSource} ({@link JdbcBackend#builder(DataSource)}) or a URL with a
 * pool
 * the backend owns ({@link JdbcBackend#builder(String)}). Each setter refuses a bad value at once.
 */
public final class JdbcBackendBuilder {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,15}");
    private final @Nullable DataSource dataSource;
    private final @Nullable String jdbcUrl;
    private String tablePrefix = "cv_";
    private boolean autoMigrate = true;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration socketTimeout = Duration.ofSeconds(30);
    private Duration statementTimeout = Duration.ofSeconds(15);

    /** A builder for {@code jdbcUrl}, which must be an H2, PostgreSQL or MariaDB URL (a password in it is never echoed). */
    static JdbcBackendBuilder onUrl(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:") && !jdbcUrl.startsWith("jdbc:mariadb:")) {
            throw new IllegalArgumentException("jdbcUrl must start with jdbc:h2:, jdbc:postgresql: or jdbc:mariadb:, got '"
                    + jdbcUrl.replaceAll("(?i)password=[^&;]*", "password=***") + "'");
        }
        return new JdbcBackendBuilder(null, jdbcUrl);
    }

    JdbcBackendBuilder(@Nullable DataSource dataSource, @Nullable String jdbcUrl) {
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * Prefix of every table and index: a lower-case letter then up to 15 of {@code [a-z0-9_]}; default {@code cv_}.
     *
     * @param prefix the prefix
     * @return this builder
     */
    public JdbcBackendBuilder tablePrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("tablePrefix must match [a-z][a-z0-9_]{0,15}, got '" + prefix + "'");
        }
        this.tablePrefix = prefix;
        return this;
    }

    /**
     * Whether to create and migrate the schema on open (default true); off, a missing schema fails at open.
     *
     * @param autoMigrate whether to create or upgrade the schema at open
     * @return this builder
     */
    public JdbcBackendBuilder autoMigrate(boolean autoMigrate) {
        this.autoMigrate = autoMigrate;
        return this;
    }

    /**
     * Longest wait to open a connection or take one from the owned pool: 250 ms..5 minutes, default 10 s.
     * Applies to the pool the backend owns; a host's {@code DataSource} has its own.
     *
     * @param timeout the connect timeout
     * @return this builder
     */
    public JdbcBackendBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = range("connectTimeout", timeout, Duration.ofMillis(250), Duration.ofMinutes(5));
        return this;
    }

    /**
     * Longest wait for the server's answer on an owned PostgreSQL or MariaDB connection before it is given up
     * (a black-holed network): 1 s..1 hour, default 30 s; keep it above the statement timeout.
     *
     * @param timeout the socket timeout
     * @return this builder
     */
    public JdbcBackendBuilder socketTimeout(Duration timeout) {
        this.socketTimeout = range("socketTimeout", timeout, Duration.ofSeconds(1), Duration.ofHours(1));
        return this;
    }

    /**
     * Longest run of one SQL statement before the server is asked to cancel it: 1 s..1 hour, default 15 s.
     *
     * @param timeout the statement timeout
     * @return this builder
     */
    public JdbcBackendBuilder statementTimeout(Duration timeout) {
        this.statementTimeout = range("statementTimeout", timeout, Duration.ofSeconds(1), Duration.ofHours(1));
        return this;
    }

    private static Duration range(String field, @Nullable Duration d, Duration min, Duration max) {
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be " + min + ".." + max + ", got " + d);
        }
        return d;
    }

    /**
     * Connects, detects the dialect and creates or checks the schema.
     *
     * @return the open backend
     * @throws StorageException if the database cannot be reached or the schema is missing or newer
     */
    public JdbcBackend build() {
        JdbcBackend.Timeouts timeouts = new JdbcBackend.Timeouts(connectTimeout, socketTimeout, statementTimeout);
        if (dataSource != null) {
            return new JdbcBackend(dataSource, null, tablePrefix, autoMigrate, timeouts);
        }
        HikariDataSource pool = Pools.hikari(Objects.requireNonNull(jdbcUrl), timeouts);
        return new JdbcBackend(pool, pool, tablePrefix, autoMigrate, timeouts);
    }
}
