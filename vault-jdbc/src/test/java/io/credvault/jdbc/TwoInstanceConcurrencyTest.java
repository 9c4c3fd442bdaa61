package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStore;
import io.credvault.CredentialUpdate;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.RewrapOptions;
import io.credvault.RewrapReport;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.EventQuery;
import io.credvault.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two store instances, each with its own pool, share one PostgreSQL database; threads on both update the same
 * credentials with compare-and-set ({@code CREDVAULT_TEST_POSTGRES_URL}).
 */
class TwoInstanceConcurrencyTest {
    private static final OwnerId OWNER = OwnerId.of("shared-tenant");
    private static HikariDataSource poolA;
    private static HikariDataSource poolB;

    @BeforeAll
    static void connect() {
        poolA = TestDatabases.pool(TestDatabases.POSTGRES);
        poolB = TestDatabases.pool(TestDatabases.POSTGRES);
    }

    @AfterAll
    static void disconnect() {
        if (poolA != null) {
            poolA.close();
        }
        if (poolB != null) {
            poolB.close();
        }
    }

    @Test
    @DisplayName("every CAS update commits or conflicts; final state equals the last committed update; none lost")
    void casAcrossInstances_noLostUpdates() throws Exception {
        JdbcBackend backendA = JdbcBackend.builder(poolA).tablePrefix("two_").build();
        TestDatabases.wipe(poolA, "two_");
        MasterKey key = MasterKey.of(new byte[32]);
        Vault a = CredVault.builder().createIfEmpty(true).backend(backendA).masterKey(key).build();
        Vault b = CredVault.builder().createIfEmpty(true).backend(JdbcBackend.builder(poolB).tablePrefix("two_").build()).masterKey(key).build();
        List<CredentialId> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(a.create(OWNER, NewCredential.builder("generic", "shared-" + i).secrets("token", "initial").build()).id());
        }
        // committed.get(id).get(version) = the tag that produced that version
        Map<CredentialId, Map<Long, String>> committed = new ConcurrentHashMap<>();
        ids.forEach(id -> committed.put(id, new ConcurrentHashMap<>()));
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        int threadsPerInstance = 3;
        int attempts = 40;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threadsPerInstance * 2);
        int conflicts;
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threadsPerInstance * 2; t++) {
                CredentialStore store = t % 2 == 0 ? a : b;
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    int lost = 0;
                    for (int i = 0; i < attempts; i++) {
                        CredentialId id = ids.get((thread + i) % ids.size());
                        String tag = "t" + thread + "-" + i;
                        CredentialMetadata cur = store.describe(OWNER, id);
                        try {
                            CredentialMetadata next = store.update(OWNER, id, cur.version(),
                                    CredentialUpdate.builder().description(tag).secrets("token", tag).build());
                            if (committed.get(id).putIfAbsent(next.version(), tag) != null) {
                                unexpected.add(new AssertionError("two commits produced version " + next.version() + " of " + id));
                            }
                        } catch (ConflictException expected) {
                            lost++;
                        } catch (Throwable other) {
                            unexpected.add(other);
                        }
                    }
                    return lost;
                }));
            }
            go.countDown();
            conflicts = 0;
            for (Future<Integer> f : futures) {
                conflicts += f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(unexpected).isEmpty();
        int commits = 0;
        for (CredentialId id : ids) {
            Map<Long, String> versions = committed.get(id);
            commits += versions.size();
            CredentialMetadata fin = b.describe(OWNER, id);
            assertThat(fin.version()).isEqualTo(1 + versions.size());
            String last = versions.get(fin.version());
            assertThat(fin.description()).isEqualTo(last);
            assertThat(a.reveal(OWNER, id).secrets().require("token").reveal()).isEqualTo(last);
            assertThat(backendA.events(EventQuery.of(id, 1000))).hasSize((int) fin.version());
        }
        assertThat(commits + conflicts).isEqualTo(threadsPerInstance * 2 * attempts);
        a.close();
        b.close();
        System.out.printf("[two-instance] %d CAS updates committed, %d conflicted, 0 lost%n", commits, conflicts);
    }

    @Test
    @DisplayName("a rotation by one instance: the other opens new-version secrets at once and encrypts under the new key within the refresh time")
    void rotationSeenByTheOtherInstance() {
        JdbcBackend backendA = JdbcBackend.builder(poolA).tablePrefix("two_").build();
        TestDatabases.wipe(poolA, "two_");
        MasterKey key = MasterKey.of(new byte[32]);
        MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
        Vault a = CredVault.builder().createIfEmpty(true).backend(backendA).masterKey(key).clock(clock).keyringRefresh(Duration.ofSeconds(5)).build();
        Vault b = CredVault.builder().createIfEmpty(true).backend(JdbcBackend.builder(poolB).tablePrefix("two_").build()).masterKey(key).clock(clock)
                .keyringRefresh(Duration.ofSeconds(5)).build();
        assertThat(a.create(OWNER, NewCredential.builder("generic", "before").secrets("k", "1").build()).keyVersion()).isEqualTo(1);
        assertThat(b.keys().rotate().version()).isEqualTo(2);
        CredentialMetadata fromB = b.create(OWNER, NewCredential.builder("generic", "from-b").secrets("k", "2").build());
        assertThat(fromB.keyVersion()).isEqualTo(2);
        assertThat(a.reveal(OWNER, fromB.id()).secrets().require("k").reveal()).isEqualTo("2");
        clock.advance(Duration.ofSeconds(6));
        assertThat(a.create(OWNER, NewCredential.builder("generic", "after").secrets("k", "3").build()).keyVersion()).isEqualTo(2);
        RewrapReport report = a.keys().rewrap(RewrapOptions.defaults());
        assertThat(report.usage().rotationComplete()).isTrue();
        assertThat(b.keys().retire(1).state()).isEqualTo(io.credvault.KeyState.RETIRED);
        a.close();
        b.close();
    }
}
