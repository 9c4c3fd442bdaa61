package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.CredentialStore;
import io.credvault.CredentialUpdate;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.RewrapOptions;
import io.credvault.StorageException;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.EventQuery;
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
        // Every set-up writes once, so the encryption block is already reserved (its own, earlier transaction).
        ops.put("create", new Op(FaultInjectionTest::seed,
                (s, id) -> s.create(OWNER, NewCredential.builder("aws", "new").secrets("accessKey", "a", "secretKey", "b").build()),
                (s, id) -> assertThat(s.list(OWNER, io.credvault.ListFilter.active(), io.credvault.PageRequest.first(10)).items())
                        .extracting(CredentialMetadata::name).containsExactly("seeded", "new")));
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
        ops.put("rotate", new Op(FaultInjectionTest::seed, (s, id) -> ((Vault) s).keys().rotate(),
                (s, id) -> {
                    assertThat(((Vault) s).keys().list()).extracting(io.credvault.KeyInfo::state)
                            .containsExactly(io.credvault.KeyState.DECRYPT_ONLY, io.credvault.KeyState.PRIMARY);
                    assertThat(s.create(OWNER, NewCredential.builder("generic", "after-rotate").secrets("k", "v").build())
                            .keyVersion()).isEqualTo(2);
                }));
        ops.put("rewrap batch", new Op((s, c) -> {
            CredentialId id = seed(s, c);
            s.create(OWNER, NewCredential.builder("generic", "second").secrets("k", "2").build());
            s.create(OWNER, NewCredential.builder("generic", "third").secrets("k", "3").build());
            ((Vault) s).keys().rotate();
            s.create(OWNER, NewCredential.builder("generic", "primed").secrets("k", "v").build()); // reserves a block
            return id;
        }, (s, id) -> ((Vault) s).keys().rewrap(RewrapOptions.defaults()),
                (s, id) -> {
                    assertThat(((Vault) s).keys().usage().rotationComplete()).isTrue();
                    assertThat(s.reveal(OWNER, id).secrets().require("accessToken").reveal()).isEqualTo("t0");
                }));
        return ops;
    }

    @Test
    @DisplayName("a fault at any statement of any write leaves the store exactly as before, or exactly as after")
    void everyStatementOfEveryWrite() throws Exception {
        Map<String, Integer> statements = new LinkedHashMap<>();
        Map<String, Integer> afterCommit = new LinkedHashMap<>();
        for (Map.Entry<String, Op> e : operations().entrySet()) {
            Op op = e.getValue();
            for (int n = 1; ; n++) {
                JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:fault-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
                FailingDataSource ds = new FailingDataSource(pool);
                MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
                JdbcBackend backend = JdbcBackend.builder(ds).build();
                try (CredentialStore store = CredVault.builder().createIfEmpty(true).backend(backend)
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
                    if (failed && e.getKey().equals("rewrap batch")) {
                        // A rewrap is several transactions. The one batch (three credentials) commits whole or not
                        // at all, together with its progress entry and persisted cursor; a rerun finishes it.
                        Vault vault = (Vault) store;
                        long left = vault.keys().usage().credentialsUnder(1);
                        long progressed = backend.events(EventQuery.all(1000)).stream()
                                .filter(ev -> ev.type().equals("key.rewrap_progressed")).count();
                        assertThat(left).as("rewrap, fault at statement %d", n).isIn(0L, 3L);
                        assertThat(progressed).as("progress entries, fault at statement %d", n).isEqualTo(left == 0 ? 1 : 0);
                        if (left == 0) {
                            boolean finished = backend.events(EventQuery.all(1000)).stream()
                                    .anyMatch(ev -> ev.type().equals("key.rewrap_finished"));
                            String state = backend.setting("rewrap.state").orElseThrow();
                            // either the batch committed and the cursor says so, or the finish did and cleared it
                            // primary 2; versions 1; cursor = the batch's last id; 3 done; 0 skipped
                            assertThat(state).as("rewrap state, fault at statement %d", n)
                                    .matches(finished ? "" : "2;1;C[0-9A-Z]{25};3;0");
                        }
                        vault.keys().rewrap(RewrapOptions.defaults());
                        op.effect().accept(store, id);
                    } else if (failed && !dump(pool).equals(before)) {
                        // The change committed and a read after it failed: the store must be exactly as after.
                        op.effect().accept(store, id);
                        afterCommit.merge(e.getKey(), 1, Integer::sum);
                    } else if (failed) {
                        continue; // byte-identical to before: nothing of the change was written
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
        System.out.println("[fault-injection] statements (incl. commit) per operation, each failed in turn: " + statements
                + "; faults after the commit (store exactly as after): " + afterCommit);
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
