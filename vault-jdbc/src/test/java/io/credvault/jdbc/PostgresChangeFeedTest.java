package io.credvault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.RewrapOptions;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.core.ReadCache;
import io.credvault.core.VaultObserver;
import io.credvault.crypto.MasterKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The read cache over PostgreSQL's {@code LISTEN/NOTIFY} ({@code CREDVAULT_TEST_POSTGRES_URL}): two vaults with pools of
 * their own, one caching with its journal poller idle, so that only the notifications can tell it of the other's writes.
 */
class PostgresChangeFeedTest {
    private static final String PREFIX = "feed_";
    private static final OwnerId OWNER = OwnerId.of("feed-owner");
    private static final MasterKey KEY = MasterKey.of(new byte[32]);
    private static HikariDataSource poolA;
    private static HikariDataSource poolB;
    private final BlockingQueue<Long> caughtUp = new LinkedBlockingQueue<>();

    @BeforeAll
    static void connect() {
        poolA = TestDatabases.pool(TestDatabases.POSTGRES);
        poolB = TestDatabases.pool(TestDatabases.POSTGRES);
    }

    @AfterAll
    static void disconnect() {
        if (poolA != null) {
            poolA.close();
            poolB.close();
        }
    }

    @BeforeEach
    void empty() {
        TestDatabases.emptySchema(poolA, PREFIX);
    }

    /** A caching vault whose journal poller is idle for {@code poll}; what the cache learns goes to {@link #caughtUp}. */
    private Vault cached(Duration poll) {
        return CredVault.builder().createIfEmpty(true).backend(JdbcBackend.builder(poolA).tablePrefix(PREFIX).build()).masterKey(KEY)
                .readCache(new ReadCache(1000, 1 << 20, Duration.ofMinutes(5), poll))
                .observer(new VaultObserver() {
                    @Override
                    public void readCacheCaughtUp(long journalSeq) {
                        caughtUp.add(journalSeq);
                    }
                }).build();
    }

    private static Vault writer() {
        return CredVault.builder().createIfEmpty(true).backend(JdbcBackend.builder(poolB).tablePrefix(PREFIX).build()).masterKey(KEY).build();
    }

    /** Waits until the cache has learned of journal entry {@code seq}, or fails after 20 s. */
    private void awaitCaughtUp(long seq) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (Long reached = -1L; reached < seq; ) {
            reached = caughtUp.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(reached).as("the cache learned of journal entry %d within 20 s", seq).isNotNull();
        }
    }

    /** A credential {@code b} creates and {@code a} caches once its change feed is live. */
    private CredentialMetadata sharedAndCached(Vault b, Vault a) throws Exception {
        CredentialMetadata m = b.create(OWNER, NewCredential.builder("generic", "shared").secrets("token", "one").build());
        awaitLive();
        assertThat(token(a, m)).isEqualTo("one");
        return m;
    }

    private static String token(Vault v, CredentialMetadata m) {
        return v.reveal(OWNER, m.id()).secrets().require("token").reveal();
    }

    @Test
    @DisplayName("another instance's update reaches the cache at its commit, by notification, with the journal poller idle")
    void remoteUpdate_notified() throws Exception {
        try (Vault b = writer(); Vault a = cached(Duration.ofMinutes(5))) {
            CredentialMetadata m = sharedAndCached(b, a);
            b.update(OWNER, m.id(), 1, CredentialUpdate.builder().secrets("token", "two").build());
            awaitCaughtUp(b.journal().checkpoint().seq());
            assertThat(token(a, m)).isEqualTo("two");
            b.delete(OWNER, m.id());
            awaitCaughtUp(b.journal().checkpoint().seq());
            assertThat(a.describe(OWNER, m.id()).deleted()).isTrue();
        }
    }

    @Test
    @DisplayName("another instance's rewrap reaches the cache by notification: the record cached under the old key is dropped")
    void remoteRewrap_notified() throws Exception {
        try (Vault b = writer(); Vault a = cached(Duration.ofMinutes(5))) {
            CredentialMetadata m = sharedAndCached(b, a);
            assertThat(a.describe(OWNER, m.id()).keyVersion()).isEqualTo(1);
            AtomicLong lastBatch = new AtomicLong();
            try (AutoCloseable s = b.journal().subscribe(e -> {
                if (e.type().equals("key.rewrap_progressed")) {
                    lastBatch.set(e.seq());
                }
            })) {
                b.keys().rotate();
                assertThat(b.keys().rewrap(RewrapOptions.builder().build()).rewrapped()).isEqualTo(1);
            }
            awaitCaughtUp(lastBatch.get());
            assertThat(a.describe(OWNER, m.id()).keyVersion()).isEqualTo(2);
            assertThat(token(a, m)).isEqualTo("one");
        }
    }

    @Test
    @DisplayName("a listening connection killed on the server: the feed connects again, drops what it held, and delivers again")
    void killedListener_reconnects() throws Exception {
        try (Vault b = writer(); Vault a = cached(Duration.ofMinutes(5))) {
            CredentialMetadata m = sharedAndCached(b, a);
            int killed = terminateListeners();
            assertThat(killed).isEqualTo(1);
            b.update(OWNER, m.id(), 1, CredentialUpdate.builder().secrets("token", "two").build()); // sent to no one
            // the feed connects again and, having missed what happened meanwhile, drops everything: the update is read
            awaitCaughtUp(b.journal().checkpoint().seq());
            assertThat(token(a, m)).isEqualTo("two");
            b.update(OWNER, m.id(), 2, CredentialUpdate.builder().secrets("token", "three").build());
            awaitCaughtUp(b.journal().checkpoint().seq());
            assertThat(token(a, m)).isEqualTo("three");
        }
    }

    /**
     * Waits until the feed has resynced (it reports the journal head once a ping came back, which it can only after
     * its {@code LISTEN}); then exactly one session listens on this prefix's channel.
     */
    private void awaitLive() throws Exception {
        assertThat(caughtUp.poll(20, TimeUnit.SECONDS)).as("the feed resynced").isNotNull();
        assertThat(listeners()).isEqualTo(1);
    }

    private static int listeners() throws SQLException {
        try (Connection c = poolB.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE query = 'LISTEN " + PREFIX + "changes'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int terminateListeners() throws SQLException {
        try (Connection c = poolB.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN "
                     + PREFIX + "changes'")) {
            int n = 0;
            while (rs.next()) {
                n += rs.getBoolean(1) ? 1 : 0;
            }
            return n;
        }
    }
}
