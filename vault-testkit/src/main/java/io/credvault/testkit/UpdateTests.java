package io.credvault.testkit;

import static io.credvault.testkit.CredentialStoreContract.ALICE;
import static io.credvault.testkit.CredentialStoreContract.START;
import static io.credvault.testkit.CredentialStoreContract.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.credvault.ConflictException;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.CredentialUpdate;
import io.credvault.SecretFields;
import io.credvault.ValidationException;
import io.credvault.spi.JournalEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The contract kit's "update" group; joined to {@link CredentialStoreContract} by a nested class. */
abstract class UpdateTests {
    abstract CredentialStoreContract kit();

    @Test
    @DisplayName("secret fields the update omits keep their values (PATCH)")
    void update_patchesSecrets() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        CredentialMetadata u = kit().store.update(ALICE, m.id(), 1, CredentialUpdate.builder().secrets("accessToken", "new-token").build());
        assertThat(u.version()).isEqualTo(2);
        assertThat(u.fingerprint()).isNotEqualTo(m.fingerprint());
        SecretFields s = kit().store.reveal(ALICE, m.id()).secrets();
        assertThat(s.require("accessToken").reveal()).isEqualTo("new-token");
        assertThat(s.require("username").reveal()).isEqualTo("octocat");
    }

    @Test
    @DisplayName("metadata-only update keeps the secret and its fingerprint")
    void update_metadataOnly() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        kit().clock.advance(Duration.ofSeconds(1));
        CredentialMetadata u = kit().store.update(ALICE, m.id(), 1, CredentialUpdate.builder().name("gh2").description(null)
                .category("vcs").build());
        assertThat(u.name()).isEqualTo("gh2");
        assertThat(u.description()).isNull();
        assertThat(u.category()).isEqualTo("vcs");
        assertThat(u.fingerprint()).isEqualTo(m.fingerprint());
        assertThat(u.lastUpdated()).isEqualTo(START.plusSeconds(1));
        assertThat(u.dateCreated()).isEqualTo(START);
        assertThat(kit().store.describe(ALICE, m.id())).isEqualTo(u);
    }

    @Test
    @DisplayName("setting a secret to its current value keeps the fingerprint")
    void update_sameSecret_sameFingerprint() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        CredentialMetadata u = kit().store.update(ALICE, m.id(), 1, CredentialUpdate.builder().secrets("accessToken", TOKEN).build());
        assertThat(u.fingerprint()).isEqualTo(m.fingerprint());
    }

    @Test
    @DisplayName("an optional field can be removed; a required one cannot")
    void update_removeSecret() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        CredentialMetadata u = kit().store.update(ALICE, m.id(), 1, CredentialUpdate.builder().removeSecret("username").build());
        assertThat(u.secretFieldNames()).containsExactly("accessToken");
        ValidationException e = (ValidationException) catchThrowable(() ->
                kit().store.update(ALICE, m.id(), 2, CredentialUpdate.builder().removeSecret("accessToken").build()));
        assertThat(e.field()).isEqualTo("secrets.accessToken");
        assertThat(kit().store.describe(ALICE, m.id()).version()).isEqualTo(2);
    }

    @Test
    @DisplayName("a stale expected version conflicts and changes nothing")
    void update_staleVersion_conflicts() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        kit().store.update(ALICE, m.id(), 1, CredentialUpdate.builder().name("v2").build());
        assertThatThrownBy(() -> kit().store.update(ALICE, m.id(), 1, CredentialUpdate.builder().name("v3")
                .secrets("accessToken", "lost").build()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("version 2");
        CredentialMetadata now = kit().store.describe(ALICE, m.id());
        assertThat(now.name()).isEqualTo("v2");
        assertThat(now.version()).isEqualTo(2);
        assertThat(kit().store.reveal(ALICE, m.id()).secrets().require("accessToken").reveal()).isEqualTo(TOKEN);
    }

    @Test
    @DisplayName("renaming onto another active credential's name conflicts")
    void update_renameOntoTakenName_conflicts() {
        kit().github(ALICE, "a");
        CredentialMetadata b = kit().github(ALICE, "b");
        assertThatThrownBy(() -> kit().store.update(ALICE, b.id(), 1, CredentialUpdate.builder().name("a").build()))
                .isInstanceOf(ConflictException.class);
        assertThat(kit().store.describe(ALICE, b.id()).name()).isEqualTo("b");
    }

    @Test
    @DisplayName("an unknown secret field in an update is refused, naming provider and field")
    void update_unknownField_refused() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        ValidationException e = (ValidationException) catchThrowable(() ->
                kit().store.update(ALICE, m.id(), 1, CredentialUpdate.builder().secrets("bogus", TOKEN).build()));
        assertThat(e.field()).isEqualTo("secrets.bogus");
        assertThat(e.getMessage()).contains("github").doesNotContain(TOKEN);
        assertThat(kit().store.describe(ALICE, m.id()).version()).isEqualTo(1);
    }

    @Test
    @DisplayName("status is settable, bumps the version and is journaled; setting the same status is a no-op")
    void setStatus() {
        CredentialMetadata m = kit().github(ALICE, "gh");
        CredentialMetadata s = kit().store.setStatus(ALICE, m.id(), CredentialStatus.UNAUTHENTICATED);
        assertThat(s.status()).isEqualTo(CredentialStatus.UNAUTHENTICATED);
        assertThat(s.version()).as("a status change is not an edit: the version stays").isEqualTo(1);
        assertThat(s.lastUpdated()).isEqualTo(m.lastUpdated());
        assertThat(kit().store.setStatus(ALICE, m.id(), CredentialStatus.UNAUTHENTICATED).version()).isEqualTo(1);
        assertThat(kit().events(m.id())).extracting(JournalEvent::type).containsExactly("credential.created", "credential.status_changed");
    }

    @Test
    @DisplayName("concurrent compare-and-set updates: each commits or conflicts, none is lost")
    void update_concurrentCas_noLostUpdate() throws Exception {
        CredentialMetadata m = kit().github(ALICE, "gh");
        int threads = 4;
        int attempts = 25;
        ConcurrentLinkedQueue<String> committed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < attempts; i++) {
                        String tag = thread + "-" + i;
                        CredentialMetadata cur = kit().store.describe(ALICE, m.id());
                        try {
                            kit().store.update(ALICE, m.id(), cur.version(), CredentialUpdate.builder().description(tag).build());
                            committed.add(tag);
                        } catch (ConflictException expected) {
                            // lost the race: fine
                        } catch (Throwable other) {
                            unexpected.add(other);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(unexpected).isEmpty();
        CredentialMetadata fin = kit().store.describe(ALICE, m.id());
        assertThat(fin.version()).isEqualTo(1 + committed.size());
        assertThat(committed).contains(fin.description());
        assertThat(kit().events(m.id())).filteredOn(e -> e.type().equals("credential.updated")).hasSize(committed.size());
    }
}
