package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.credvault.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SchemaTest {
    private static JdbcConnectionPool h2() {
        return JdbcConnectionPool.create("jdbc:h2:mem:schema-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    @Test
    @DisplayName("with autoMigrate off, a missing schema fails at open naming the DDL resource to apply")
    void autoMigrateOff_missingSchema_fails() {
        JdbcConnectionPool pool = h2();
        try {
            assertThatThrownBy(() -> JdbcBackend.builder(pool).autoMigrate(false).build())
                    .isInstanceOf(StorageException.class).hasMessageContaining("schema-h2.sql").hasMessageContaining("version 0");
        } finally {
            pool.dispose();
        }
    }

    @Test
    @DisplayName("the shipped schema-h2.sql, run as is by a DBA, opens with autoMigrate off")
    void shippedDdl_appliedByHand_opens() throws SQLException {
        JdbcConnectionPool pool = h2();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("RUNSCRIPT FROM 'classpath:/io/credvault/jdbc/schema-h2.sql'");
            JdbcBackend b = JdbcBackend.builder(pool).autoMigrate(false).build();
            assertThat(b.countByKeyVersion()).isEmpty();
        } finally {
            pool.dispose();
        }
    }

    @Test
    @DisplayName("a newer schema version than the library knows is refused")
    void newerSchema_refused() throws SQLException {
        JdbcConnectionPool pool = h2();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            JdbcBackend.builder(pool).build();
            s.execute("INSERT INTO cv_schema_version VALUES (99)");
            assertThatThrownBy(() -> JdbcBackend.builder(pool).build()).isInstanceOf(StorageException.class)
                    .hasMessageContaining("newer");
        } finally {
            pool.dispose();
        }
    }

    @Test
    @DisplayName("a bad table prefix is refused at once, naming the rule")
    void badPrefix_refused() {
        JdbcConnectionPool pool = h2();
        try {
            assertThatThrownBy(() -> JdbcBackend.builder(pool).tablePrefix("x; DROP TABLE y"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[a-z][a-z0-9_]{0,15}");
        } finally {
            pool.dispose();
        }
    }

    /** Four instances open an empty database at once; all must succeed on one schema. */
    static void concurrentFirstStart(String variable) throws Exception {
        try (HikariDataSource pool = TestDatabases.pool(variable)) {
            String prefix = "race_";
            drop(pool, prefix);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService exec = Executors.newFixedThreadPool(4);
            try {
                List<Future<JdbcBackend>> starts = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    starts.add(exec.submit(() -> {
                        go.await();
                        return JdbcBackend.builder(pool).tablePrefix(prefix).build();
                    }));
                }
                go.countDown();
                for (Future<JdbcBackend> f : starts) {
                    assertThat(f.get(2, TimeUnit.MINUTES).countByKeyVersion()).isEmpty();
                }
            } finally {
                exec.shutdownNow();
                drop(pool, prefix);
            }
        }
    }

    static void drop(DataSource ds, String prefix) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {"credentials", "keys", "settings", "journal", "provider_calls", "api_keys", "schema_version"}) {
                s.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }
    }
}
