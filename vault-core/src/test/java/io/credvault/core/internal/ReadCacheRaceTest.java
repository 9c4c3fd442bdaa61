package io.credvault.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.core.ReadCache;
import io.credvault.crypto.MasterKey;
import io.credvault.memory.InMemoryBackend;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.StoredCredential;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A read in flight while a write commits must not leave what it read in the read cache. */
class ReadCacheRaceTest {
    private static final OwnerId OWNER = OwnerId.of("o");

    /** A backend whose next lookup, once armed, holds what it read until released. */
    static final class PausingBackend extends ForwardingBackend {
        volatile boolean armed;
        final CountDownLatch read = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        PausingBackend() {
            super(new InMemoryBackend());
        }

        @Override
        public Optional<StoredCredential> find(CredentialId id) {
            Optional<StoredCredential> found = super.find(id);
            if (armed) {
                armed = false;
                read.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return found;
        }
    }

    @Test
    @DisplayName("a lookup that read version 1 before an update committed does not cache it: the next describe reads version 2")
    void readInFlight_notCachedAfterWrite() throws Exception {
        PausingBackend backend = new PausingBackend();
        try (Vault v = CredVault.builder().createIfEmpty(true).backend(backend).masterKey(MasterKey.of(new byte[32]))
                .readCache(new ReadCache(100, 1 << 20, Duration.ofMinutes(5), Duration.ofMinutes(5))).build()) {
            CredentialMetadata m = v.create(OWNER, NewCredential.builder("generic", "c").secrets("token", "one").build());
            backend.armed = true;
            CompletableFuture<CredentialMetadata> slow = CompletableFuture.supplyAsync(() -> v.describe(OWNER, m.id()));
            assertThat(backend.read.await(20, TimeUnit.SECONDS)).isTrue();
            v.update(OWNER, m.id(), 1, CredentialUpdate.builder().secrets("token", "two").build());
            backend.release.countDown();
            assertThat(slow.get(20, TimeUnit.SECONDS).version()).as("what the slow lookup read").isEqualTo(1);
            assertThat(v.describe(OWNER, m.id()).version()).isEqualTo(2);
            assertThat(v.reveal(OWNER, m.id()).secrets().require("token").reveal()).isEqualTo("two");
        }
    }
}
