package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.credvault.CredentialMetadata;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.PageRequest;
import io.credvault.StorageException;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.jdbc.internal.Dialect;
import io.credvault.jdbc.internal.Schema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
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
    @DisplayName("the shipped DBA scripts are exactly the migrations in one script, for every dialect")
    void shippedDbaScripts_matchTheMigrations() throws Exception {
        for (Dialect d : Dialect.values()) {
            try (var in = Schema.class.getResourceAsStream("/io/credvault/jdbc/" + d.schemaResource())) {
                assertThat(in).as(d.schemaResource()).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(d.schemaResource()).isEqualTo(Schema.dbaScript(d));
            }
        }
    }

    @Test
    @DisplayName("migrations are recorded with checksums; a recorded migration whose script differs is refused")
    void changedMigration_refused() throws SQLException {
        JdbcConnectionPool pool = h2();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            JdbcBackend.builder(pool).build();
            try (ResultSet rs = s.executeQuery("SELECT version, checksum FROM cv_schema_history")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo(Schema.migrations(Dialect.H2).get(0).checksum());
            }
            s.execute("UPDATE cv_schema_history SET checksum = 'edited' WHERE version = 1");
            assertThatThrownBy(() -> JdbcBackend.builder(pool).build()).isInstanceOf(StorageException.class)
                    .hasMessageContaining("V1").hasMessageContaining("checksum");
        } finally {
            pool.dispose();
        }
    }

    @Test
    @DisplayName("with autoMigrate off, what is pending is named")
    void autoMigrateOff_namesPending() throws SQLException {
        JdbcConnectionPool pool = h2();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            JdbcBackend.builder(pool).build();
            s.execute("DELETE FROM cv_schema_history");
            s.execute("DELETE FROM cv_schema_version");
            assertThatThrownBy(() -> JdbcBackend.builder(pool).autoMigrate(false).build()).isInstanceOf(StorageException.class)
                    .hasMessageContaining("pending: V1 (initial)");
        } finally {
            pool.dispose();
        }
    }

    @Test
    @DisplayName("a migration lock left by a holder that died is taken over once it expired; no session lock is used")
    void expiredLock_takenOver() throws SQLException {
        JdbcConnectionPool pool = h2();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE cv_schema_lock (id INT NOT NULL PRIMARY KEY, holder VARCHAR(64) NOT NULL, expires_at BIGINT NOT NULL)");
            s.execute("INSERT INTO cv_schema_lock VALUES (1, 'crashed-instance', 1)");
            JdbcBackend.builder(pool).build();
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM cv_schema_lock")) {
                rs.next();
                assertThat(rs.getInt(1)).as("released after migrating").isZero();
            }
        } finally {
            pool.dispose();
        }
    }

    @Test
    @DisplayName("a database made by release 0.1's DDL opens, is recorded as V1, and the contract holds on it")
    void release01Database_upgrades() throws SQLException {
        JdbcConnectionPool pool = h2();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("RUNSCRIPT FROM 'classpath:/release-0.1/schema-h2.sql'");
            JdbcBackend.builder(pool).build();
            try (ResultSet rs = s.executeQuery("SELECT version FROM cv_schema_history")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        } finally {
            pool.dispose();
        }
    }

    /**
     * A vault with data on a database as release 0.1 left it (no history, no lock table, schema_version 1), opened
     * by this release: everything reads back, the journal verifies, and it keeps working.
     */
    static void upgradeWithData(DataSource ds, String prefix) throws SQLException {
        drop(ds, prefix);
        io.credvault.crypto.MasterKey key = io.credvault.crypto.MasterKey.of(new byte[32]);
        io.credvault.OwnerId owner = io.credvault.OwnerId.of("upgrade-owner");
        io.credvault.CredentialMetadata made;
        try (io.credvault.Vault v = io.credvault.core.CredVault.builder().createIfEmpty(true)
                .backend(JdbcBackend.builder(ds).tablePrefix(prefix).build()).masterKey(key).build()) {
            made = v.create(owner, io.credvault.NewCredential.builder("generic", "kept").secrets("secret", "s1").build());
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            revertToRelease01(s, prefix, c.getMetaData().getURL().startsWith("jdbc:mariadb:"));
        }
        try (io.credvault.Vault v = io.credvault.core.CredVault.builder()
                .backend(JdbcBackend.builder(ds).tablePrefix(prefix).build()).masterKey(key).build()) {
            assertThat(v.reveal(owner, made.id()).secrets().require("secret").reveal()).isEqualTo("s1");
            assertThat(v.journal().verify().intact()).isTrue();
            v.create(owner, io.credvault.NewCredential.builder("generic", "after").secrets("secret", "s2").build());
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM " + prefix + "schema_history ORDER BY version")) {
            List<Integer> versions = new java.util.ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
            assertThat(versions).as("V1 recorded, and the later migrations applied on top")
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, Schema.CURRENT_VERSION).boxed().toList());
        } finally {
            drop(ds, prefix);
        }
    }

    /** Takes a database made by this release back to what release 0.1 left: no bookkeeping tables, no later migration. */
    private static void revertToRelease01(Statement s, String prefix, boolean mariadb) throws SQLException {
        s.execute("DROP TABLE " + prefix + "schema_history");
        s.execute("DROP TABLE " + prefix + "schema_lock");
        s.execute("DELETE FROM " + prefix + "schema_version WHERE version > 1");
        s.execute("DROP TABLE " + prefix + "leases");
        for (String index : List.of("credentials_expiry", "credentials_owner_expiry")) {
            s.execute("DROP INDEX " + prefix + index + (mariadb ? " ON " + prefix + "credentials" : ""));
        }
        for (String column : List.of("last_checked_at", "consecutive_failures", "secret_expiries", "next_expiry")) {
            s.execute("ALTER TABLE " + prefix + "credentials DROP COLUMN " + column);
        }
    }

    @Test
    @DisplayName("a vault with data on a release 0.1 database upgrades in place (H2)")
    void upgradeWithData_h2() throws SQLException {
        JdbcConnectionPool pool = h2();
        try {
            upgradeWithData(pool, "up_");
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

    /**
     * Three vaults, each with its own pool, open an empty database at once: one schema, one keyring (the first
     * creator's; the others open it), and each reads what the others write.
     */
    static void threeVaultsOpenAtOnce(String variable) throws Exception {
        String prefix = "vault_race_";
        String url = System.getenv(variable);
        try (var pool = TestDatabases.pool(variable)) {
            SchemaTest.drop(pool, prefix);
        }
        MasterKey key = MasterKey.generate();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService exec = Executors.newFixedThreadPool(3);
        List<Vault> vaults = new ArrayList<>();
        try {
            List<Future<Vault>> opening = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                opening.add(exec.submit(() -> {
                    go.await();
                    return CredVault.builder().createIfEmpty(true).backend(JdbcBackend.builder(url).tablePrefix(prefix).build())
                            .masterKey(key).build();
                }));
            }
            go.countDown();
            for (Future<Vault> f : opening) {
                vaults.add(f.get(2, TimeUnit.MINUTES));
            }
            for (int i = 0; i < 3; i++) {
                vaults.get(i).create(OwnerId.of("o"), NewCredential.builder("generic", "from-" + i).secrets("secret", "s" + i).build());
            }
            for (Vault v : vaults) {
                List<CredentialMetadata> all = v.listAllOwners(ListFilter.all(), PageRequest.first(10)).items();
                assertThat(all).hasSize(3);
                assertThat(all).allSatisfy(m -> assertThat(v.reveal(m.owner(), m.id()).secrets().names()).containsExactly("secret"));
                assertThat(v.keys().list()).as("one keyring").hasSize(1);
                assertThat(v.journal().verify().intact()).isTrue();
            }
        } finally {
            exec.shutdownNow();
            vaults.forEach(Vault::close);
            try (var pool = TestDatabases.pool(variable)) {
                SchemaTest.drop(pool, prefix);
            }
        }
    }

    static void drop(DataSource ds, String prefix) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {"credentials", "keys", "settings", "journal", "provider_calls", "api_keys", "schema_version",
                    "schema_history", "schema_lock", "leases"}) {
                s.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }
    }
}
