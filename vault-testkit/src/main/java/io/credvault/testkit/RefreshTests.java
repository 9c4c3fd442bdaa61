package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.CredentialUpdate;
import io.credvault.InvalidGrantException;
import io.credvault.JournalQuery;
import io.credvault.JournalEntry;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.PageRequest;
import io.credvault.RefreshException;
import io.credvault.Refreshed;
import io.credvault.Refresher;
import io.credvault.RevealedCredential;
import io.credvault.SecretFields;
import io.credvault.Vault;
import io.credvault.spi.LeaseTable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Single-flight refresh and the access-token read that refreshes on demand. Part of the contract kit. */
abstract class RefreshTests {
    private static final OwnerId OWNER = OwnerId.of("refresh-owner");

    abstract CredentialStoreContract kit();

    private Vault store() {
        return kit().store;
    }

    private Instant now() {
        return kit().clock.instant();
    }

    /** An OAuth credential whose access token expires in {@code validFor}. */
    private CredentialMetadata oauth(Duration validFor) {
        return store().create(OWNER, NewCredential.builder("oauth2", "calendar").secrets("accessToken", "at-0",
                "refreshToken", "rt-0").secretExpiresAt("accessToken", now().plus(validFor)).build());
    }

    /**
     * A token endpoint with rotating, single-use refresh tokens: a grant with any refresh token but the current one is
     * refused as invalid, as a provider does.
     */
    static final class TokenEndpoint implements Refresher {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger invalidGrants = new AtomicInteger();
        private final Duration lifetime;
        private final CountDownLatch gate;
        private final MutableClock clock;
        private String current = "rt-0";
        private int rotations;

        TokenEndpoint(MutableClock clock, Duration lifetime) {
            this(clock, lifetime, new CountDownLatch(0));
        }

        /** An endpoint that answers only once {@code gate} is open (say, once every caller has arrived). */
        TokenEndpoint(MutableClock clock, Duration lifetime, CountDownLatch gate) {
            this.clock = clock;
            this.lifetime = lifetime;
            this.gate = gate;
        }

        @Override
        public Refreshed refresh(CredentialMetadata credential, SecretFields secrets) throws Exception {
            calls.incrementAndGet();
            assertThat(gate.await(30, TimeUnit.SECONDS)).as("the gate opened").isTrue();
            synchronized (this) {
                if (!secrets.require("refreshToken").reveal().equals(current)) {
                    invalidGrants.incrementAndGet();
                    throw new InvalidGrantException("invalid_grant");
                }
                rotations++;
                current = "rt-" + rotations;
                return Refreshed.of(SecretFields.of("accessToken", "at-" + rotations, "refreshToken", current))
                        .expiring("accessToken", clock.instant().plus(lifetime));
            }
        }

        synchronized int rotations() {
            return rotations;
        }
    }

    @Test
    @DisplayName("refresh saves the rotated secrets with their expiries, journals credential.refreshed and reads OK")
    void refresh_rotates() {
        CredentialMetadata m = oauth(Duration.ofMinutes(1));
        TokenEndpoint endpoint = new TokenEndpoint(kit().clock, Duration.ofHours(1));
        RevealedCredential r = store().refresh(OWNER, m.id(), endpoint);
        assertThat(r.secrets().require("accessToken").reveal()).isEqualTo("at-1");
        assertThat(r.secrets().require("refreshToken").reveal()).isEqualTo("rt-1");
        assertThat(r.metadata().version()).isEqualTo(2);
        assertThat(r.metadata().secretExpiries()).containsEntry("accessToken", now().plus(Duration.ofHours(1)))
                .doesNotContainKey("refreshToken");
        assertThat(r.metadata().status()).isEqualTo(CredentialStatus.OK);
        assertThat(kit().events(m.id())).extracting(e -> e.type()).contains("credential.refreshed");
    }

    @Test
    @DisplayName("accessToken returns the stored token while it stays valid for minValidity, and refreshes only when not")
    void accessToken_refreshesOnlyWhenNeeded() {
        CredentialMetadata m = oauth(Duration.ofMinutes(10));
        TokenEndpoint endpoint = new TokenEndpoint(kit().clock, Duration.ofHours(1));
        assertThat(store().accessToken(OWNER, m.id(), Duration.ofMinutes(5), endpoint).reveal()).isEqualTo("at-0");
        assertThat(endpoint.calls).hasValue(0);
        assertThat(store().accessToken(OWNER, m.id(), Duration.ofMinutes(15), endpoint).reveal()).isEqualTo("at-1");
        assertThat(store().accessToken(OWNER, m.id(), Duration.ofMinutes(15), endpoint).reveal()).isEqualTo("at-1");
        assertThat(endpoint.calls).hasValue(1);
    }

    @Test
    @DisplayName("eight threads on two vault instances need one token at once: one refresher call, every caller gets its token")
    void concurrentCallers_singleFlight() throws Exception {
        CredentialMetadata m = oauth(Duration.ofSeconds(30));
        Vault second = kit().open(kit().backend);
        CountDownLatch arrived = new CountDownLatch(8);
        // the refresh is answered only once all eight callers have arrived, so they overlap it
        TokenEndpoint endpoint = new TokenEndpoint(kit().clock, Duration.ofHours(1), arrived);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Vault v = i % 2 == 0 ? store() : second;
                Callable<String> call = () -> {
                    start.await();
                    arrived.countDown();
                    return v.accessToken(OWNER, m.id(), Duration.ofMinutes(1), endpoint).reveal();
                };
                tokens.add(pool.submit(call));
            }
            start.countDown();
            for (Future<String> t : tokens) {
                assertThat(t.get(30, TimeUnit.SECONDS)).isEqualTo("at-1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(endpoint.calls).hasValue(1);
        assertThat(endpoint.invalidGrants).hasValue(0);
    }

    @Test
    @DisplayName("a host update committed while the refresher ran is kept: the refreshed secrets are merged onto it, not lost")
    void hostUpdateDuringRefresh_merged() {
        CredentialMetadata m = oauth(Duration.ofMinutes(1));
        TokenEndpoint endpoint = new TokenEndpoint(kit().clock, Duration.ofHours(1));
        Refresher withHostEdit = (credential, secrets) -> {
            store().update(OWNER, m.id(), credential.version(), CredentialUpdate.builder().description("edited meanwhile")
                    .secrets("scope", "calendar.read").build());
            return endpoint.refresh(credential, secrets);
        };
        RevealedCredential r = store().refresh(OWNER, m.id(), withHostEdit);
        assertThat(r.metadata().version()).isEqualTo(3);
        assertThat(r.metadata().description()).isEqualTo("edited meanwhile");
        assertThat(r.secrets().require("scope").reveal()).isEqualTo("calendar.read");
        assertThat(r.secrets().require("refreshToken").reveal()).as("the rotated token is saved").isEqualTo("rt-1");
        assertThat(r.secrets().require("accessToken").reveal()).isEqualTo("at-1");
    }

    @Test
    @DisplayName("an invalid grant for secrets another holder rotated meanwhile is not a failure: the new secrets are returned")
    void invalidGrant_afterRotationElsewhere_isNoFailure() {
        CredentialMetadata m = oauth(Duration.ofMinutes(1));
        Refresher lateLoser = (credential, secrets) -> {
            // another instance (whose lease this one took over) rotated the tokens while this call was in flight
            store().update(OWNER, m.id(), credential.version(), CredentialUpdate.builder()
                    .secrets("accessToken", "at-elsewhere", "refreshToken", "rt-elsewhere")
                    .secretExpiresAt("accessToken", now().plus(Duration.ofHours(1))).build());
            throw new InvalidGrantException("invalid_grant");
        };
        RevealedCredential r = store().refresh(OWNER, m.id(), lateLoser);
        assertThat(r.secrets().require("refreshToken").reveal()).isEqualTo("rt-elsewhere");
        assertThat(r.metadata().status()).isNotEqualTo(CredentialStatus.UNAUTHENTICATED);
        assertThat(r.metadata().consecutiveFailures()).isZero();
    }

    @Test
    @DisplayName("an invalid grant on the stored secrets: UNAUTHENTICATED, refresh stops until new secrets, then works again")
    void invalidGrant_needsReconnect() {
        CredentialMetadata m = oauth(Duration.ofMinutes(1));
        AtomicInteger calls = new AtomicInteger();
        Refresher refused = (credential, secrets) -> {
            calls.incrementAndGet();
            throw new InvalidGrantException("invalid_grant");
        };
        assertThatThrownBy(() -> store().refresh(OWNER, m.id(), refused)).isInstanceOf(InvalidGrantException.class)
                .hasMessageContaining("reconnect");
        CredentialMetadata after = store().describe(OWNER, m.id());
        assertThat(after.status()).isEqualTo(CredentialStatus.UNAUTHENTICATED);
        assertThat(after.consecutiveFailures()).isEqualTo(1);
        assertThat(after.version()).isEqualTo(m.version());
        assertThatThrownBy(() -> store().refresh(OWNER, m.id(), refused)).isInstanceOfSatisfying(RefreshException.class,
                e -> assertThat(e.recorded()).isFalse()).hasMessageContaining("reconnect");
        assertThat(calls).hasValue(1);
        store().update(OWNER, m.id(), m.version(), CredentialUpdate.builder().secrets("accessToken", "at-reconnected").build());
        TokenEndpoint endpoint = new TokenEndpoint(kit().clock, Duration.ofHours(1));
        assertThat(store().refresh(OWNER, m.id(), endpoint).metadata().status()).isEqualTo(CredentialStatus.OK);
    }

    @Test
    @DisplayName("a provider failure is the credential's (TEMPORARILY_UNAVAILABLE, then credential.recovered); the vault's own is not")
    void otherFailures() {
        CredentialMetadata m = oauth(Duration.ofMinutes(1));
        assertThatThrownBy(() -> store().refresh(OWNER, m.id(), (c, s) -> {
            throw new IOException("connection reset by token endpoint");
        })).isInstanceOfSatisfying(RefreshException.class, e -> assertThat(e.recorded()).isTrue())
                .hasMessageContaining("TEMPORARILY_UNAVAILABLE").hasMessageNotContaining("connection reset");
        assertThat(store().describe(OWNER, m.id()).status()).isEqualTo(CredentialStatus.TEMPORARILY_UNAVAILABLE);
        assertThatThrownBy(() -> store().refresh(OWNER, m.id(), (c, s) -> {
            throw new RefreshException("a vault-side failure inside the refresher", false, null);
        })).isInstanceOf(RefreshException.class);
        assertThat(store().describe(OWNER, m.id()).consecutiveFailures()).as("the vault's failure is not counted").isEqualTo(1);
        store().refresh(OWNER, m.id(), new TokenEndpoint(kit().clock, Duration.ofHours(1)));
        List<JournalEntry> recovered = store().journal().query(JournalQuery.of(OWNER).ofTypes("credential.recovered"),
                PageRequest.first(5)).items();
        assertThat(recovered).hasSize(1);
        assertThat(recovered.get(0).details()).containsEntry("from", "TEMPORARILY_UNAVAILABLE");
    }

    @Test
    @DisplayName("a lease left by a holder that died is taken over once it lapsed; while it is live, callers give up without a failure")
    void deadHolder_leaseLapses() {
        CredentialMetadata m = oauth(Duration.ofMinutes(1));
        Vault impatient = kit().build(kit().builder(kit().backend).refreshLeaseTtl(Duration.ofSeconds(1)));
        boolean planted = kit().backend.inTransaction(tx -> tx.leases().orElseThrow().tryTake(
                new LeaseTable.Lease("refresh:" + m.id().value(), "crashed-instance/1", now().plusSeconds(60)), now()));
        assertThat(planted).isTrue();
        TokenEndpoint endpoint = new TokenEndpoint(kit().clock, Duration.ofHours(1));
        assertThatThrownBy(() -> impatient.refresh(OWNER, m.id(), endpoint)).isInstanceOfSatisfying(RefreshException.class,
                e -> assertThat(e.recorded()).isFalse()).hasMessageContaining("another holder");
        assertThat(store().describe(OWNER, m.id()).consecutiveFailures()).isZero();
        assertThat(endpoint.calls).hasValue(0);
        kit().clock.advance(Duration.ofSeconds(61));
        assertThat(impatient.refresh(OWNER, m.id(), endpoint).secrets().require("accessToken").reveal()).isEqualTo("at-1");
        assertThat(endpoint.calls).hasValue(1);
    }

    @Test
    @DisplayName("the background refresher renews what expires within its window, leaves the rest and reconnect cases alone, and stops on close")
    void backgroundRefresher() throws Exception {
        CredentialMetadata soon = oauth(Duration.ofSeconds(3));
        CredentialMetadata later = oauth2("later", Duration.ofHours(2));
        CredentialMetadata broken = oauth2("broken", Duration.ofSeconds(2));
        store().setStatus(OWNER, broken.id(), CredentialStatus.UNAUTHENTICATED);
        TokenEndpoint endpoint = new TokenEndpoint(kit().clock, Duration.ofHours(1));
        CountDownLatch saved = new CountDownLatch(1);
        AutoCloseable heard = store().lifecycle().subscribe(new io.credvault.LifecycleListener() {
            @Override
            public void refreshed(JournalEntry entry) {
                saved.countDown();
            }
        });
        io.credvault.BackgroundRefresher running = store().lifecycle().startRefresher(Duration.ofSeconds(5), 2, endpoint);
        try {
            assertThat(saved.await(20, TimeUnit.SECONDS)).as("a refresh was saved").isTrue();
            assertThat(store().describe(OWNER, soon.id()).secretExpiries()).containsEntry("accessToken", now().plus(Duration.ofHours(1)));
            assertThat(store().describe(OWNER, later.id()).version()).isEqualTo(later.version());
            assertThat(store().describe(OWNER, broken.id()).version()).isEqualTo(broken.version());
        } finally {
            running.close();
            heard.close();
        }
        assertThat(endpoint.calls).hasValue(1);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("credvault-refresh")) {
                t.join(TimeUnit.SECONDS.toMillis(10)); // close() stopped its executors; their threads exit
                assertThat(t.isAlive()).as(t.getName() + " ended after close()").isFalse();
            }
        }
        assertThatThrownBy(() -> store().lifecycle().startRefresher(Duration.ZERO, 1, endpoint))
                .isInstanceOfSatisfying(io.credvault.ValidationException.class, e -> assertThat(e.field()).isEqualTo("window"));
    }

    private CredentialMetadata oauth2(String name, Duration validFor) {
        return store().create(OWNER, NewCredential.builder("oauth2", name).secrets("accessToken", "at-" + name,
                "refreshToken", "rt-0").secretExpiresAt("accessToken", now().plus(validFor)).build());
    }
}
