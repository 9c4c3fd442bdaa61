package io.credvault.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The HikariCP pool a backend owns when it is opened on a URL, with the backend's timeouts. */
final class Pools {
    private Pools() {
    }

    /**
     * HikariCP rather than H2's own pool for H2 too: H2's pool rolls back every connection it takes back, which
     * empties that session's cache of parsed statements, so every lookup would parse and plan its SQL again.
     */
    static HikariDataSource hikari(String jdbcUrl, JdbcBackend.Timeouts timeouts) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setConnectionTimeout(Math.max(250, timeouts.connect().toMillis()));
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            config.setUsername("sa");
            config.setPassword("");
            config.setMaximumPoolSize(16);
            config.setMinimumIdle(2);
        } else {
            config.setMaximumPoolSize(10);
            // driver properties; a value given in the URL itself takes precedence
            boolean postgres = jdbcUrl.startsWith("jdbc:postgresql:");
            long connect = timeouts.connect().toMillis();
            long socket = timeouts.socket().toMillis();
            config.addDataSourceProperty("connectTimeout", String.valueOf(postgres ? Math.max(1, connect / 1000) : connect));
            config.addDataSourceProperty("socketTimeout", String.valueOf(postgres ? Math.max(1, socket / 1000) : socket));
        }
        config.setPoolName("credvault");
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
