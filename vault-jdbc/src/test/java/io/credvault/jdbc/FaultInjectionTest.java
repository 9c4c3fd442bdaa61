package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.CredentialStore;
import io.credvault.CredentialUpdate;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.StorageException;
import io.credvault.crypto.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.testkit.MutableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * For every write operation and every N, fails the Nth statement (or the commit) of the operation: the
 * database must be exactly as before, or, once N passes the operation's last statement, show its full effect.
 */
class FaultInjectionTest {
    private static final OwnerId OWNER = OwnerId.of("tenant-1");

    /** One operation under test: set-up, the operation, and the check of its complete effect. */
    private record Op(BiFunction<CredentialStore, MutableClock, CredentialId> setUp,
                      BiConsumer<CredentialStore, CredentialId> run,
                      BiConsumer<CredentialStore, CredentialId> effect) {
    }

    private static CredentialId seed(CredentialStore s, MutableClock clock) {
        CredentialId id = s.create(OWNER, NewCredential.builder("github", "seeded").secrets("accessToken", "t0").build()).id();
        clock.advance(Duration.ofSeconds(1));
        return id;
    }

    static Map<String, Op> operations() {
        Map<String, Op> ops = new LinkedHashMap<>();
        ops.put("create", new Op((s, c) -> null,
                (s, id) -> s.create(OWNER, NewCredential.builder("aws", "new").secrets("accessKey", "a", "secretKey", "b").build()),
                (s, id) -> assertThat(s.list(OWNER, io.credvault.ListFilter.active(), io.credvault.PageRequest.first(10)).items())
                        .extracting(CredentialMetadata::name).containsExactly("new")));
        ops.put("update secret", new Op(FaultInjectionTest::seed,
                (s, id) -> s.update(OWNER, id, 1, CredentialUpdate.builder().secrets("accessToken", "t1").build()),
                (s, id) -> assertThat(s.reveal(OWNER, id).secrets().require("accessToken").reveal()).isEqualTo("t1")));
        ops.put("update metadata", new Op(FaultInjectionTest::seed,
                (s, id) -> s.update(OWNER, id, 1, CredentialUpdate.builder().name("renamed").build()),
                (s, id) -> assertThat(s.describe(OWNER, id).name()).isEqualTo("renamed")));
        ops.put("set status", new Op(FaultInjectionTest::seed,
                (s, id) -> s.setStatus(OWNER, id, CredentialStatus.UNAUTHENTICATED),
                (s, id) -> assertThat(s.describe(OWNER, id).status()).isEqualTo(CredentialStatus.UNAUTHENTICATED)));
        ops.put("delete", new Op(FaultInjectionTest::seed, (s, id) -> s.delete(OWNER, id),
                (s, id) -> assertThat(s.describe(OWNER, id).deleted()).isTrue()));
        ops.put("restore", new Op((s, c) -> {
            CredentialId id = seed(s, c);
            s.delete(OWNER, id);
            return id;
        }, (s, id) -> s.restore(OWNER, id), (s, id) -> assertThat(s.describe(OWNER, id).deleted()).isFalse()));
        ops.put("purge", new Op(FaultInjectionTest::seed, (s, id) -> s.purge(OWNER, id),
                (s, id) -> assertThat(s.list(OWNER, io.credvault.ListFilter.all(), io.credvault.PageRequest.first(10)).items()).isEmpty()));
        return ops;
    }

    @Test
    @DisplayName("a fault at any statement of any write leaves the store exactly as before, or exactly as after")
    void everyStatementOfEveryWrite() throws Exception {
        Map<String, Integer> statements = new LinkedHashMap<>();
        for (Map.Entry<String, Op> e : operations().entrySet()) {
            Op op = e.getValue();
            for (int n = 1; ; n++) {
                JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:fault-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
                FailingDataSource ds = new FailingDataSource(pool);
                MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
                try (CredentialStore store = CredVault.builder().backend(JdbcBackend.builder(ds).build())
                        .masterKey(MasterKey.of(new byte[32])).clock(clock).build()) {
                    CredentialId id = op.setUp().apply(store, clock);
                    String before = dump(pool);
                    ds.failAt(n);
                    boolean failed = false;
                    try {
                        op.run().accept(store, id);
                    } catch (StorageException expected) {
                        failed = true;
                    }
                    int seen = ds.seen();
                    ds.disarm();
                    if (failed) {
                        assertThat(dump(pool)).as("%s, fault at statement %d", e.getKey(), n).isEqualTo(before);
                    } else {
                        assertThat(dump(pool)).as("%s changed something", e.getKey()).isNotEqualTo(before);
                        op.effect().accept(store, id);
                        statements.put(e.getKey(), seen);
                        break;
                    }
                } finally {
                    pool.dispose();
                }
            }
        }
        System.out.println("[fault-injection] statements (incl. commit) per operation, each failed in turn: " + statements);
        assertThat(statements).hasSize(operations().size()).allSatisfy((op, n) -> assertThat(n).isGreaterThan(1));
    }

    /** Every row of every table, in key order, bytes as hex. */
    static String dump(DataSource ds) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {"cv_credentials ORDER BY id", "cv_journal ORDER BY seq", "cv_keys ORDER BY version",
                    "cv_settings ORDER BY setting_name"}) {
                out.append(table).append('\n');
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            out.append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v)).append('|');
                        }
                        out.append('\n');
                    }
                }
            }
        }
        return out.toString();
    }
}
