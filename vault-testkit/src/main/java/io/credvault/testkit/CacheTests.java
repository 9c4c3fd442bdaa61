package io.credvault.testkit;

import static io.credvault.testkit.CredentialStoreContract.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.ConflictException;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.Vault;
import io.credvault.core.ReadCache;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The read cache, with two vaults on one store: one caching, the other (the kit's store) writing as another instance
 * would. Part of {@link CredentialStoreContract}.
 */
abstract class CacheTests {
    abstract CredentialStoreContract kit();

    private static final Duration BOUND = Duration.ofMinutes(5);

    /** A vault with a read cache over the kit's backend; its journal poller idle unless {@code poll} is short. */
    private Vault cached(Duration poll) {
        return kit().build(kit().builder(kit().backend).readCache(new ReadCache(1000, 1 << 20, BOUND, poll)));
    }

    @Test
    @DisplayName("a cached vault reads its own writes at once: describe and reveal after update, reveal after delete")
    void ownWrites_seenAtOnce() {
        Vault v = cached(BOUND);
        CredentialMetadata m = kit().github(ALICE, "gh");
        assertThat(v.describe(ALICE, m.id()).version()).isEqualTo(1);
        v.update(ALICE, m.id(), 1, CredentialUpdate.builder().secrets("accessToken", "ghp_new").build());
        assertThat(v.describe(ALICE, m.id()).version()).isEqualTo(2);
        assertThat(v.reveal(ALICE, m.id()).secrets().require("accessToken").reveal()).isEqualTo("ghp_new");
        v.delete(ALICE, m.id());
        assertThatThrownBy(() -> v.reveal(ALICE, m.id())).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("another instance's write is never served older than maxStaleness, a deletion included")
    void remoteWrites_boundedByMaxStaleness() {
        Vault v = cached(BOUND); // the journal poller idle: only the bound applies
        CredentialMetadata m = kit().github(ALICE, "gh");
        CredentialMetadata other = kit().github(ALICE, "gh-2");
        v.describe(ALICE, m.id());
        v.reveal(ALICE, other.id());
        kit().store.update(ALICE, m.id(), 1, CredentialUpdate.builder().description("changed elsewhere").build());
        kit().store.delete(ALICE, other.id());
        kit().clock.advance(BOUND.plusMillis(1));
        assertThat(v.describe(ALICE, m.id()).description()).isEqualTo("changed elsewhere");
        assertThatThrownBy(() -> v.reveal(ALICE, other.id())).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("another instance's write reaches the cache through the journal, long before maxStaleness")
    void remoteWrites_seenThroughTheJournal() throws InterruptedException {
        java.util.concurrent.BlockingQueue<Long> caughtUp = new java.util.concurrent.LinkedBlockingQueue<>();
        Vault v = kit().build(kit().builder(kit().backend).readCache(new ReadCache(1000, 1 << 20, BOUND, Duration.ofMillis(20)))
                .observer(new io.credvault.core.VaultObserver() {
                    @Override
                    public void readCacheCaughtUp(long journalSeq) {
                        caughtUp.add(journalSeq);
                    }
                }));
        CredentialMetadata m = kit().github(ALICE, "gh");
        assertThat(v.describe(ALICE, m.id()).version()).isEqualTo(1);
        kit().store.update(ALICE, m.id(), 1, CredentialUpdate.builder().description("changed elsewhere").build());
        long head = kit().store.journal().checkpoint().seq();
        Long reached;
        do { // wait for the poller's report that it has read past the update (the timeout only bounds a stuck poller)
            reached = caughtUp.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(reached).as("the poller reported").isNotNull();
        } while (reached < head);
        assertThat(v.describe(ALICE, m.id()).version()).as("with the clock standing still").isEqualTo(2);
    }

    @Test
    @DisplayName("a compare-and-set through a stale cache is still checked against the store: a conflict, never a lost update")
    void compareAndSet_bypassesTheCache() {
        Vault v = cached(BOUND);
        CredentialMetadata m = kit().github(ALICE, "gh");
        v.describe(ALICE, m.id());
        kit().store.update(ALICE, m.id(), 1, CredentialUpdate.builder().description("first").build());
        assertThatThrownBy(() -> v.update(ALICE, m.id(), 1, CredentialUpdate.builder().description("lost?").build()))
                .isInstanceOf(ConflictException.class);
        assertThat(kit().store.describe(ALICE, m.id()).description()).isEqualTo("first");
        CredentialMetadata done = v.update(ALICE, m.id(), 2, CredentialUpdate.builder().description("second").build());
        assertThat(done.version()).as("the version the store holds is accepted, whatever the cache held").isEqualTo(3);
    }

    @Test
    @DisplayName("a refresh through a stale cache hands the refresher the secrets the store holds now")
    void refresh_bypassesTheCache() {
        Vault v = cached(BOUND);
        CredentialMetadata m = kit().store.create(ALICE, io.credvault.NewCredential.builder("oauth2", "api")
                .secrets("accessToken", "a1", "refreshToken", "r1").build());
        v.reveal(ALICE, m.id());
        kit().store.update(ALICE, m.id(), 1, CredentialUpdate.builder().secrets("refreshToken", "r2").build());
        java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
        v.refresh(ALICE, m.id(), (c, secrets) -> {
            seen.set(secrets.require("refreshToken").reveal());
            return io.credvault.Refreshed.of(io.credvault.SecretFields.of("accessToken", "a3", "refreshToken", "r3"));
        });
        assertThat(seen.get()).isEqualTo("r2");
        assertThat(kit().store.reveal(ALICE, m.id()).secrets().require("refreshToken").reveal()).isEqualTo("r3");
    }

    @Test
    @DisplayName("a credential cached under a key another instance has since rewrapped and retired still reveals, from the store")
    void remoteRetire_rereadsWhatTheCacheCannotOpen() {
        Vault v = cached(BOUND); // the journal poller idle: nothing but the reveal itself can notice
        CredentialMetadata m = kit().github(ALICE, "gh");
        int old = v.reveal(ALICE, m.id()).metadata().keyVersion();
        kit().store.keys().rotate();
        CredentialMetadata later = kit().github(ALICE, "gh-later");
        kit().store.keys().rewrap(io.credvault.RewrapOptions.defaults());
        kit().store.keys().retire(old);
        v.reveal(ALICE, later.id()); // sealed under the new key: this vault reloads its keyring, without the retired key
        io.credvault.RevealedCredential r = v.reveal(ALICE, m.id());
        assertThat(r.secrets().require("accessToken").reveal()).isEqualTo(CredentialStoreContract.TOKEN);
        assertThat(r.metadata().keyVersion()).isNotEqualTo(old);
        assertThat(v.describe(ALICE, m.id()).keyVersion()).as("the cache holds the record read again").isNotEqualTo(old);
    }
}
