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
import io.credvault.OwnerId;
import io.credvault.RewrapOptions;
import io.credvault.RewrapProgress;
import io.credvault.RewrapReport;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.EventQuery;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.KeyRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Key rotation, rewrap, retirement, limits and master-key change: part of {@link CredentialStoreContract}. */
abstract class KeyManagementTests {
    private static final OwnerId OWNER = OwnerId.of("keys-owner");

    abstract CredentialStoreContract kit();

    private Vault store() {
        return kit().store;
    }

    private List<CredentialId> createMany(Vault s, int n) {
        List<CredentialId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(s.create(OWNER, NewCredential.builder("generic", "cred-" + i).secrets("secret", "value-" + i).build()).id());
        }
        return ids;
    }

    private String secret(Vault s, CredentialId id) {
        return s.reveal(OWNER, id).secrets().require("secret").reveal();
    }

    private Map<CredentialId, byte[]> sealedBytes(List<CredentialId> ids) {
        Map<CredentialId, byte[]> out = new HashMap<>();
        ids.forEach(id -> out.put(id, kit().backend.find(id).orElseThrow().sealed()));
        return out;
    }

    private List<JournalEvent> keyEvents() {
        return kit().backend.events(EventQuery.all(100_000)).stream()
                .filter(e -> e.type().startsWith("key.") || e.type().startsWith("master_key.")).toList();
    }

    @Test
    @DisplayName("rotate: new writes use the new primary at once; secrets sealed under the old one still open")
    void rotate_newWritesUseNewKey() {
        CredentialId before = createMany(store(), 1).get(0);
        KeyInfo k = store().keys().rotate();
        assertThat(k.version()).isEqualTo(2);
        assertThat(k.state()).isEqualTo(KeyState.PRIMARY);
        CredentialMetadata after = store().create(OWNER, NewCredential.builder("generic", "after").secrets("secret", "x").build());
        assertThat(after.keyVersion()).isEqualTo(2);
        assertThat(store().describe(OWNER, before).keyVersion()).isEqualTo(1);
        assertThat(secret(store(), before)).isEqualTo("value-0");
        assertThat(store().keys().list()).extracting(KeyInfo::version, KeyInfo::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, KeyState.DECRYPT_ONLY), org.assertj.core.groups.Tuple.tuple(2, KeyState.PRIMARY));
        assertThat(store().keys().usage().credentialsByVersion()).containsEntry(1, 1L).containsEntry(2, 1L);
    }

    @Test
    @DisplayName("rotation under concurrent readers and writers: no failed read, no lost write")
    void rotate_underConcurrentLoad() throws Exception {
        List<CredentialId> ids = createMany(store(), 6);
        Map<CredentialId, String> lastWritten = new ConcurrentHashMap<>();
        ids.forEach(id -> lastWritten.put(id, secret(store(), id)));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int w = 0; w < 2; w++) {
                int writer = w;
                workers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; !stop.get(); i++) {
                        CredentialId id = ids.get(writer * 3 + i % 3); // each writer owns three credentials
                        String value = "w" + writer + "-" + i;
                        try {
                            CredentialMetadata m = store().describe(OWNER, id);
                            store().update(OWNER, id, m.version(), CredentialUpdate.builder().secrets("secret", value).build());
                            lastWritten.put(id, value);
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }
                    return null;
                }));
                workers.add(pool.submit(() -> {
                    go.await();
                    while (!stop.get()) {
                        for (CredentialId id : ids) {
                            try {
                                assertThat(secret(store(), id)).isNotEmpty();
                            } catch (Throwable t) {
                                failures.add(t);
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (int r = 0; r < 5; r++) {
                store().keys().rotate();
            }
            stop.set(true);
            for (Future<?> f : workers) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        for (CredentialId id : ids) {
            assertThat(secret(store(), id)).isEqualTo(lastWritten.get(id));
        }
        assertThat(store().keys().list()).hasSize(6);
    }

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
        assertThat(progress).extracting(RewrapProgress::done).containsExactly(5L, 10L, 15L, 20L, 23L);
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
    @DisplayName("changing the master key rewraps the keyring only; the old key no longer opens the vault")
    void changeMasterKey() {
        List<CredentialId> ids = createMany(store(), 3);
        Map<CredentialId, byte[]> before = sealedBytes(ids);
        String fingerprint = store().describe(OWNER, ids.get(0)).fingerprint();
        MasterKey next = MasterKey.generate();
        store().keys().changeMasterKey(next);
        assertThat(sealedBytes(ids)).allSatisfy((id, bytes) -> assertThat(bytes).isEqualTo(before.get(id)));
        assertThat(secret(store(), ids.get(1))).isEqualTo("value-1");
        assertThatThrownBy(() -> kit().open(kit().backend)).isInstanceOf(KeyUnavailableException.class);
        Vault reopened = kit().build(CredVault.builder().createIfEmpty(true).backend(kit().backend).masterKey(next).clock(kit().clock));
        assertThat(secret(reopened, ids.get(2))).isEqualTo("value-2");
        assertThat(reopened.describe(OWNER, ids.get(0)).fingerprint()).isEqualTo(fingerprint);
        assertThat(keyEvents()).extracting(JournalEvent::type).contains("master_key.changed");
    }

    @Test
    @DisplayName("a passphrase-derived master key reopens the vault with the stored Argon2id parameters")
    void passphrase_reopens() {
        assertThatThrownBy(() -> CredVault.builder().createIfEmpty(true).backend(kit().backend).masterPassphrase("correct horse".toCharArray()).build())
                .isInstanceOf(KeyUnavailableException.class).hasMessageContaining("not passphrase-derived");
        io.credvault.spi.VaultBackend fresh = kit().newBackend();
        Vault v = kit().build(CredVault.builder().createIfEmpty(true).backend(fresh).masterPassphrase("correct horse".toCharArray()).clock(kit().clock));
        CredentialId id = createMany(v, 1).get(0);
        assertThat(fresh.setting("keyring.kdf")).hasValueSatisfying(p -> assertThat(p).startsWith("argon2id$v=19$m=19456,t=2,p=1$"));
        Vault again = kit().build(CredVault.builder().createIfEmpty(true).backend(fresh).masterPassphrase("correct horse".toCharArray()));
        assertThat(secret(again, id)).isEqualTo("value-0");
        assertThatThrownBy(() -> CredVault.builder().createIfEmpty(true).backend(fresh).masterPassphrase("wrong horse".toCharArray()).build())
                .isInstanceOf(KeyUnavailableException.class).hasMessageContaining("master key");
        // the vaults opened over it close it after the test
    }

    @Test
    @DisplayName("at the encryption limit the primary rotates automatically; counts survive a restart")
    void encryptionLimit_autoRotates() {
        Vault limited = kit().build(kit().builder(kit().backend).maxEncryptionsPerKey(12).reservationBlock(4));
        List<CredentialId> ids = createMany(limited, 12);
        assertThat(limited.keys().list()).singleElement().satisfies(k -> assertThat(k.encryptions()).isEqualTo(12));
        Vault restarted = kit().build(kit().builder(kit().backend).maxEncryptionsPerKey(12).reservationBlock(4));
        assertThat(restarted.keys().list().get(0).encryptions()).isEqualTo(12);
        CredentialMetadata m = restarted.create(OWNER, NewCredential.builder("generic", "over").secrets("secret", "x").build());
        assertThat(m.keyVersion()).isEqualTo(2);
        assertThat(restarted.keys().list()).extracting(KeyInfo::state).containsExactly(KeyState.DECRYPT_ONLY, KeyState.PRIMARY);
        assertThat(keyEvents()).filteredOn(e -> e.type().equals("key.auto_rotated"))
                .singleElement().satisfies(e -> assertThat(e.details().get("reason")).contains("limit"));
        assertThat(secret(restarted, ids.get(11))).isEqualTo("value-11");
    }

    @Test
    @DisplayName("with rotateAfter set, a primary older than that rotates on the next encryption")
    void rotateAfter_age() {
        Vault aging = kit().build(kit().builder(kit().backend).rotateAfter(Duration.ofDays(90)));
        assertThat(createMany(aging, 1)).hasSize(1);
        kit().clock.advance(Duration.ofDays(91));
        CredentialMetadata m = aging.create(OWNER, NewCredential.builder("generic", "late").secrets("secret", "x").build());
        assertThat(m.keyVersion()).isEqualTo(2);
    }

    @Test
    @DisplayName("two instances: the other opens new-version secrets at once and encrypts under the new primary within the refresh time")
    void twoInstances_seeRotation() {
        Vault first = kit().build(kit().builder(kit().backend).keyringRefresh(Duration.ofSeconds(10)));
        Vault second = kit().build(kit().builder(kit().backend).keyringRefresh(Duration.ofSeconds(10)));
        assertThat(first.create(OWNER, NewCredential.builder("generic", "a").secrets("secret", "a").build()).keyVersion()).isEqualTo(1);
        second.keys().rotate();
        CredentialId fromSecond = second.create(OWNER, NewCredential.builder("generic", "b").secrets("secret", "b").build()).id();
        assertThat(secret(first, fromSecond)).isEqualTo("b");
        kit().clock.advance(Duration.ofSeconds(11));
        assertThat(first.create(OWNER, NewCredential.builder("generic", "c").secrets("secret", "c").build()).keyVersion()).isEqualTo(2);
    }

    @Test
    @DisplayName("key events carry no key material")
    void keyEvents_carryNoKeyMaterial() {
        createMany(store(), 2);
        store().keys().rotate();
        store().keys().rewrap(RewrapOptions.defaults());
        store().keys().changeMasterKey(MasterKey.generate());
        List<String> wrapped = kit().backend.keys().stream().map(k -> Base64.getEncoder().encodeToString(k.wrapped())).toList();
        assertThat(keyEvents()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.owner()).isNull();
            e.details().values().forEach(v -> {
                assertThat(v.length()).isLessThan(64);
                wrapped.forEach(w -> assertThat(w).doesNotContain(v.length() > 8 ? v : "\u0000"));
            });
        });
    }

    @Test
    @DisplayName("an unknown key version is refused with a validation error naming the versions")
    void unknownVersion_refused() {
        assertThatThrownBy(() -> store().keys().retire(7)).hasMessageContaining("no key version 7").hasMessageContaining("1");
    }
}
