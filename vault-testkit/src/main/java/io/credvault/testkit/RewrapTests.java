package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.CredentialUpdate;
import io.credvault.KeyInfo;
import io.credvault.KeyState;
import io.credvault.KeyUnavailableException;
import io.credvault.NewCredential;
import io.credvault.RewrapOptions;
import io.credvault.RewrapProgress;
import io.credvault.RewrapReport;
import io.credvault.Vault;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.KeyRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rewrap, retirement, compromised keys and unknown key versions: part of {@link CredentialStoreContract}. */
abstract class RewrapTests extends KeyTestSupport {
    @Test
    @DisplayName("rewrap moves every credential to the primary in batches, reports progress, and is idempotent")
    void rewrap_movesEverything() {
        List<CredentialId> ids = createMany(store(), 23);
        Map<CredentialId, String> fingerprints = new HashMap<>();
        ids.forEach(id -> fingerprints.put(id, store().describe(OWNER, id).fingerprint()));
        store().delete(OWNER, ids.get(3));
        store().keys().rotate();
        List<RewrapProgress> progress = new ArrayList<>();
        RewrapReport report = store().keys().rewrap(RewrapOptions.builder().batchSize(5).progress(progress::add).build());
        assertThat(report.rewrapped()).isEqualTo(23);
        assertThat(report.batches()).isEqualTo(5);
        assertThat(report.usage().rotationComplete()).isTrue();
        assertThat(report.usage().credentialsByVersion()).containsOnly(Map.entry(2, 23L));
        // once before the first batch, then after each committed one
        assertThat(progress).extracting(RewrapProgress::done).containsExactly(0L, 5L, 10L, 15L, 20L, 23L);
        assertThat(progress).allSatisfy(p -> assertThat(p.total()).isEqualTo(23));
        for (int i = 0; i < ids.size(); i++) {
            CredentialMetadata m = store().describe(OWNER, ids.get(i));
            assertThat(m.keyVersion()).isEqualTo(2);
            assertThat(m.fingerprint()).isEqualTo(fingerprints.get(ids.get(i)));
            if (i != 3) {
                assertThat(secret(store(), ids.get(i))).isEqualTo("value-" + i);
            }
        }
        assertThat(store().describe(OWNER, ids.get(0)).version()).isEqualTo(1);
        RewrapReport again = store().keys().rewrap(RewrapOptions.defaults());
        assertThat(again.rewrapped()).isZero();
        assertThat(again.batches()).isZero();
        assertThat(keyEvents()).extracting(JournalEvent::type).contains("key.rotated", "key.rewrap_started",
                "key.rewrap_progressed", "key.rewrap_finished");
    }

    @Test
    @DisplayName("a rewrap killed at batch k resumes where it stopped; nothing is re-encrypted twice")
    void rewrap_killedMidway_resumes() {
        List<CredentialId> ids = createMany(store(), 20);
        store().keys().rotate();
        // The process "dies" right after the second batch committed.
        assertThatThrownBy(() -> store().keys().rewrap(RewrapOptions.builder().batchSize(4).progress(p -> {
            if (p.done() == 8) {
                throw new IllegalStateException("killed");
            }
        }).build())).hasMessage("killed");
        assertThat(store().keys().usage().credentialsUnder(2)).isEqualTo(8);
        List<CredentialId> doneFirst = ids.stream().filter(id -> store().describe(OWNER, id).keyVersion() == 2).toList();
        Map<CredentialId, byte[]> before = sealedBytes(doneFirst);

        RewrapReport resumed = store().keys().rewrap(RewrapOptions.builder().batchSize(4).build());
        assertThat(resumed.resumedFrom()).isEqualTo(8);
        assertThat(resumed.rewrapped()).isEqualTo(12);
        assertThat(resumed.usage().rotationComplete()).isTrue();
        sealedBytes(doneFirst).forEach((id, bytes) -> assertThat(bytes).as("%s not re-encrypted", id).isEqualTo(before.get(id)));
        for (int i = 0; i < ids.size(); i++) {
            assertThat(secret(store(), ids.get(i))).isEqualTo("value-" + i);
        }
        assertThat(keyEvents()).extracting(JournalEvent::type).contains("key.rewrap_resumed");
    }

    @Test
    @DisplayName("a rewrap asked to stop ends after the batch in flight, reports exactly what it committed, and resumes")
    void rewrap_stopWhen_reportsCommittedAndResumes() {
        List<CredentialId> ids = createMany(store(), 10);
        store().keys().rotate();
        java.util.concurrent.atomic.AtomicLong lastDone = new java.util.concurrent.atomic.AtomicLong();
        RewrapReport stopped = store().keys().rewrap(RewrapOptions.builder().batchSize(3)
                .progress(p -> lastDone.set(p.done())).stopWhen(() -> lastDone.get() >= 6).build());
        assertThat(stopped.stopped()).isTrue();
        assertThat(stopped.rewrapped()).isEqualTo(6);
        assertThat(stopped.batches()).isEqualTo(2);
        assertThat(store().keys().usage().credentialsUnder(2)).isEqualTo(6);
        assertThat(keyEvents()).extracting(JournalEvent::type).contains("key.rewrap_stopped").doesNotContain("key.rewrap_finished");

        RewrapReport resumed = store().keys().rewrap(RewrapOptions.builder().batchSize(3).build());
        assertThat(resumed.stopped()).isFalse();
        assertThat(resumed.resumedFrom()).isEqualTo(6);
        assertThat(resumed.rewrapped()).isEqualTo(4);
        assertThat(resumed.usage().rotationComplete()).isTrue();
        for (int i = 0; i < ids.size(); i++) {
            assertThat(secret(store(), ids.get(i))).isEqualTo("value-" + i);
        }
    }

    @Test
    @DisplayName("rewrap walks every older version and resumes where it stopped")
    void rewrap_severalOldVersions_resumes() {
        Map<CredentialId, String> values = new HashMap<>();
        for (int v = 1; v <= 3; v++) {
            for (int i = 0; i < (v == 3 ? 2 : 5); i++) {
                String value = "v" + v + "-" + i;
                values.put(store().create(OWNER, NewCredential.builder("generic", "cred-" + value).secrets("secret", value).build()).id(),
                        value);
            }
            if (v < 3) {
                store().keys().rotate();
            }
        }
        assertThat(store().keys().usage().credentialsByVersion()).containsOnly(Map.entry(1, 5L), Map.entry(2, 5L), Map.entry(3, 2L));
        // one walk over both old versions in batches of 3; the process "dies" after the second batch
        assertThatThrownBy(() -> store().keys().rewrap(RewrapOptions.builder().batchSize(3).progress(p -> {
            if (p.done() == 6) {
                throw new IllegalStateException("killed");
            }
        }).build())).hasMessage("killed");
        assertThat(store().keys().usage().credentialsUnder(3)).isEqualTo(8);
        assertThat(store().keys().usage().remaining()).isEqualTo(4);

        RewrapReport resumed = store().keys().rewrap(RewrapOptions.builder().batchSize(3).build());
        assertThat(resumed.resumedFrom()).isEqualTo(6);
        assertThat(resumed.rewrapped()).isEqualTo(4);
        assertThat(resumed.batches()).isEqualTo(2);
        assertThat(resumed.usage().credentialsByVersion()).containsOnly(Map.entry(3, 12L));
        values.forEach((id, value) -> assertThat(secret(store(), id)).isEqualTo(value));
    }

    @Test
    @DisplayName("rewrap compare-and-set: a concurrent update wins and is never overwritten")
    void rewrap_concurrentUpdateWins() {
        List<CredentialId> ids = createMany(store(), 6);
        store().keys().rotate();
        FaultyBackend faulty = new FaultyBackend(kit().backend);
        Vault rewrapper = kit().open(faulty);
        CredentialId victim = ids.get(1);
        faulty.beforeTransaction(n -> {
            if (n == 2) { // the first batch has been read and re-sealed, not yet written
                CredentialMetadata m = store().describe(OWNER, victim);
                store().update(OWNER, victim, m.version(), CredentialUpdate.builder().secrets("secret", "concurrent").build());
            }
        });
        RewrapReport report = rewrapper.keys().rewrap(RewrapOptions.builder().batchSize(10).build());
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.rewrapped()).isEqualTo(5);
        assertThat(secret(store(), victim)).isEqualTo("concurrent");
        assertThat(report.usage().rotationComplete()).isTrue();
    }

    @Test
    @DisplayName("rewrap walks again for credentials whose concurrent change kept the old key")
    void rewrap_concurrentStatusChange_stillCompletes() {
        List<CredentialId> ids = createMany(store(), 6);
        store().keys().rotate();
        FaultyBackend faulty = new FaultyBackend(kit().backend);
        Vault rewrapper = kit().open(faulty);
        faulty.beforeTransaction(n -> {
            if (n == 2) {
                store().setStatus(OWNER, ids.get(2), CredentialStatus.OK);
            }
        });
        RewrapReport report = rewrapper.keys().rewrap(RewrapOptions.builder().batchSize(10).build());
        assertThat(report.usage().rotationComplete()).isTrue();
        assertThat(store().describe(OWNER, ids.get(2)).status()).isEqualTo(CredentialStatus.OK);
        assertThat(secret(store(), ids.get(2))).isEqualTo("value-2");
    }

    @Test
    @DisplayName("retire is refused while credentials use the version (saying how many), then destroys the material")
    void retire_refusedWhileUsed() {
        createMany(store(), 3);
        assertThatThrownBy(() -> store().keys().retire(1)).isInstanceOf(ConflictException.class).hasMessageContaining("primary");
        store().keys().rotate();
        assertThatThrownBy(() -> store().keys().retire(1)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("3 credential(s)");
        store().keys().rewrap(RewrapOptions.defaults());
        KeyInfo retired = store().keys().retire(1);
        assertThat(retired.state()).isEqualTo(KeyState.RETIRED);
        assertThat(retired.retiredAt()).isNotNull();
        KeyRecord rec = kit().backend.keys().stream().filter(k -> k.version() == 1).findFirst().orElseThrow();
        assertThat(rec.wrapped()).isEmpty();
        assertThat(store().keys().retire(1).state()).isEqualTo(KeyState.RETIRED);
        assertThat(kit().open(kit().backend).keys().usage().rotationComplete()).isTrue();
        assertThat(keyEvents()).extracting(JournalEvent::type).contains("key.retired");
    }

    @Test
    @DisplayName("a ciphertext naming a retired version fails with a key-unavailable error")
    void retiredVersion_isKeyUnavailable() {
        CredentialId id = createMany(store(), 1).get(0);
        byte[] oldSealed = kit().backend.find(id).orElseThrow().sealed();
        store().keys().rotate();
        store().keys().rewrap(RewrapOptions.defaults());
        store().keys().retire(1);
        kit().tamper(id, b -> oldSealed);
        assertThatThrownBy(() -> store().reveal(OWNER, id)).isInstanceOf(KeyUnavailableException.class).hasMessageContaining("retired");
    }

    @Test
    @DisplayName("a compromised version becomes decrypt-only at once and its credentials are rewrapped first")
    void compromised_rotatesAndRewraps() {
        List<CredentialId> ids = createMany(store(), 4);
        RewrapReport report = store().keys().compromised(1, RewrapOptions.builder().batchSize(2).build());
        assertThat(report.usage().rotationComplete()).isTrue();
        assertThat(report.rewrapped()).isEqualTo(4);
        assertThat(store().keys().list()).extracting(KeyInfo::state).containsExactly(KeyState.COMPROMISED, KeyState.PRIMARY);
        assertThat(secret(store(), ids.get(3))).isEqualTo("value-3");
        assertThat(keyEvents()).extracting(JournalEvent::type).contains("key.compromised");
        store().keys().retire(1);
    }

    @Test
    @DisplayName("an unknown key version is refused with a validation error naming the versions")
    void unknownVersion_refused() {
        assertThatThrownBy(() -> store().keys().retire(7)).hasMessageContaining("no key version 7").hasMessageContaining("1");
    }
}
