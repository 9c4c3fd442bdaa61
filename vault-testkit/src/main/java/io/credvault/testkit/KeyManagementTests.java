package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialUpdate;
import io.credvault.KeyInfo;
import io.credvault.KeyState;
import io.credvault.KeyUnavailableException;
import io.credvault.NewCredential;
import io.credvault.RewrapOptions;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.JournalEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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

/** Key rotation, limits, master-key change and the key events: part of {@link CredentialStoreContract}. */
abstract class KeyManagementTests extends KeyTestSupport {
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
    @DisplayName("a closed vault gives back the encryptions it reserved but did not use: usage counts encryptions made")
    void close_givesBackUnusedEncryptions() {
        Vault writer = kit().build(kit().builder(new io.credvault.spi.ForwardingBackend(kit().backend) {
            @Override
            public void close() {
                // the kit closes the shared backend after the test
            }
        }).reservationBlock(100));
        createMany(writer, 3);
        assertThat(store().keys().list()).singleElement().satisfies(k -> assertThat(k.encryptions()).as("reserved").isEqualTo(100));
        writer.close();
        assertThat(store().keys().list()).singleElement().satisfies(k -> assertThat(k.encryptions()).as("made").isEqualTo(3));
        assertThat(store().keys().usage().keys()).singleElement().satisfies(k -> assertThat(k.encryptions()).isEqualTo(3));
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
}
