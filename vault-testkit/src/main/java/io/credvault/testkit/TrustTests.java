package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.CredentialUpdate;
import io.credvault.IntegrityException;
import io.credvault.JournalCheckpoint;
import io.credvault.KeyUnavailableException;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.ProviderCall;
import io.credvault.ProviderSchema;
import io.credvault.SecretFields;
import io.credvault.SecretValue;
import io.credvault.ValidationException;
import io.credvault.Vault;
import io.credvault.VaultNotFoundException;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.memory.InMemoryBackend;
import io.credvault.spi.EventQuery;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.VaultBackend;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Opening, journal authentication and bad input: what adversarial testing found, on every backend. */
abstract class TrustTests {
    private static final OwnerId OWNER = OwnerId.of("trust-owner");

    abstract CredentialStoreContract kit();

    private Vault store() {
        return kit().store;
    }

    private CredentialMetadata some(String name) {
        return store().create(OWNER, NewCredential.builder("generic", name).secrets("secret", "value-" + name).build());
    }

    /** The backend with one setting reading as {@code value} (empty: absent), as if its row was edited or deleted. */
    private VaultBackend withSetting(String name, Optional<String> value) {
        return new ForwardingBackend(kit().backend) {
            @Override
            public Optional<String> setting(String n) {
                return n.equals(name) ? value : super.setting(n);
            }

            @Override
            public void close() {
                // the kit closes the real backend
            }
        };
    }

    private record Snapshot(Map<String, Long> contents, List<KeyRecord> keys, Optional<String> head) {
    }

    private Snapshot snapshot() {
        return new Snapshot(kit().backend.contents(), kit().backend.keys(), kit().backend.setting("journal.head"));
    }

    @Test
    @DisplayName("opening an empty store without createIfEmpty refuses and writes nothing")
    void open_emptyStoreWithoutCreate_isVaultNotFound() {
        InMemoryBackend empty = new InMemoryBackend();
        assertThatThrownBy(() -> CredVault.builder().backend(empty).masterKey(MasterKey.generate()).build())
                .isInstanceOf(VaultNotFoundException.class);
        assertThat(empty.contents().values()).allMatch(n -> n == 0);
    }

    @Test
    @DisplayName("a store with data but no key check refuses to open, with the right or a wrong key, and nothing is written")
    void open_missingKeyCheck_isIntegrityAndWritesNothing() {
        some("a");
        store().journal().flush();
        Snapshot before = snapshot();
        for (MasterKey key : List.of(kit().masterKey, MasterKey.generate())) {
            Throwable t = catchThrowable(() -> CredVault.builder().createIfEmpty(true).backend(withSetting("keyring.check", Optional.empty()))
                    .masterKey(key).build());
            assertThat(t).isInstanceOf(IntegrityException.class).hasMessageContaining("1 credentials").hasMessageContaining("key check");
            assertThat(snapshot()).isEqualTo(before);
        }
        assertThat(store().reveal(OWNER, store().list(OWNER, io.credvault.ListFilter.all(), io.credvault.PageRequest.first(1))
                .items().get(0).id()).secrets().require("secret").reveal()).isEqualTo("value-a");
    }

    @Test
    @DisplayName("a missing MAC root or a key check that is not Base64 is an IntegrityException at open")
    void open_damagedKeyring_isIntegrity() {
        Snapshot before = snapshot();
        assertThatThrownBy(() -> kit().builder(withSetting("keyring.mac-root", Optional.empty())).build())
                .isInstanceOf(IntegrityException.class).hasMessageContaining("MAC root");
        assertThatThrownBy(() -> kit().builder(withSetting("keyring.check", Optional.of("not*base64!"))).build())
                .isInstanceOf(IntegrityException.class).hasMessageContaining("Base64");
        assertThatThrownBy(() -> kit().builder(kit().backend).masterKey(MasterKey.generate()).build())
                .isInstanceOf(KeyUnavailableException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    private String head() {
        return kit().backend.setting("journal.head").orElseThrow();
    }

    private long headSeq() {
        return Long.parseLong(head().split(":")[0]);
    }

    @Test
    @DisplayName("deleting the journal's tail and rewinding its head is reported, and the next write refuses")
    void journal_truncatedAndRewound_isDetected() {
        some("a");
        String[] earlier = head().split(":");
        some("b");
        some("c");
        long last = headSeq();
        for (long seq = Long.parseLong(earlier[0]) + 1; seq <= last; seq++) {
            kit().rewriteJournalRow(seq, null);
        }
        kit().backend.useTransaction(tx -> {
            tx.keyring().putSetting("journal.head", earlier[0] + ":" + earlier[1]); // without a tag: the attacker has no key
        });
        assertThat(store().journal().verify().intact()).isFalse();
        assertThatThrownBy(() -> some("d")).isInstanceOf(IntegrityException.class).hasMessageContaining("head");
    }

    @Test
    @DisplayName("deleting a prefix of the journal and moving the anchor is reported")
    void journal_prefixDeletedAndAnchorMoved_isDetected() {
        some("a");
        some("b");
        List<JournalEvent> rows = kit().backend.events(new EventQuery(null, null, Set.of(), null, null, 0, false, 100));
        JournalEvent cut = rows.get(1);
        kit().rewriteJournalRow(rows.get(0).seq(), null);
        kit().rewriteJournalRow(cut.seq(), null);
        kit().backend.useTransaction(tx -> {
            tx.keyring().putSetting("journal.anchor", cut.seq() + ":" + cut.mac() + ":" + "0".repeat(64));
        });
        assertThat(store().journal().verify().intact()).isFalse();
    }

    @Test
    @DisplayName("an entry inserted after the head fails verify, and the next write says so instead of a name conflict")
    void journal_rowAfterHead_isDetected() {
        some("a");
        JournalEvent forged = JournalEvent.of(Instant.parse("2026-01-15T10:00:00Z"), OWNER, null, "credential.created", null, Map.of())
                .chained(headSeq() + 1, "0".repeat(64));
        kit().backend.useTransaction(tx -> {
            tx.journal().append(forged); // straight into the backend, outside the chain
        });
        assertThat(store().journal().verify()).satisfies(v -> {
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenSeq()).isEqualTo(forged.seq());
        });
        assertThatThrownBy(() -> some("b")).isInstanceOf(IntegrityException.class).hasMessageContaining("journal");
    }

    @Test
    @DisplayName("a checkpoint kept elsewhere proves a rollback that the journal alone cannot see")
    void journal_checkpoint_catchesRollback() {
        some("a");
        String oldHead = head();
        long oldSeq = headSeq();
        some("b");
        JournalCheckpoint cp = store().journal().checkpoint();
        assertThat(JournalCheckpoint.parse(cp.toString())).isEqualTo(cp);
        assertThat(store().journal().verify(cp).intact()).isTrue();
        some("c");
        assertThat(store().journal().verify(cp).intact()).isTrue();
        // roll the journal back to the state when the old head was current: rows after it gone, head row restored
        for (long seq = oldSeq + 1; seq <= headSeq(); seq++) {
            kit().rewriteJournalRow(seq, null);
        }
        kit().backend.useTransaction(tx -> {
            tx.keyring().putSetting("journal.head", oldHead);
        });
        assertThat(store().journal().verify().intact()).isTrue(); // consistent on its own
        assertThat(store().journal().verify(cp)).satisfies(v -> {
            assertThat(v.intact()).isFalse();
            assertThat(v.reason()).contains("before the checkpoint");
        });
        JournalCheckpoint forged = new JournalCheckpoint(oldSeq, cp.mac(), cp.at(), cp.tag());
        assertThat(store().journal().verify(forged).intact()).isFalse();
    }

    @Test
    @DisplayName("a secret echoed in a header over several lines is redacted; a header name with CR/LF is refused")
    void providerCall_multiLineSecretInHeader_isRedacted() {
        String pem = "-----BEGIN KEY-----\nMIIBVgIBADANBgkqhkiG9w0BAQEFAASC\r\nAUAwggE8AgEAAkEAq7BFUpkGp3+XQ\n-----END KEY-----";
        CredentialMetadata m = store().create(OWNER, NewCredential.builder("generic", "pem").secrets("privateKey", pem).build());
        store().health().record(OWNER, m.id(), ProviderCall.status(400).withHeaders(Map.of("X-Echo", pem)).withBody("body " + pem));
        var call = store().health().calls(OWNER, m.id(), io.credvault.PageRequest.first(1)).items().get(0);
        assertThat(call.headers()).contains("[REDACTED:privateKey]").doesNotContain("MIIBVgIBADANBgkqhkiG9w0BAQEFAASC");
        assertThat(call.body()).doesNotContain("MIIBVgIBADANBgkqhkiG9w0BAQEFAASC");
        Snapshot before = snapshot();
        for (String name : List.of("X-Bad\r\nInjected", "X\u0000", "X-Sp ace", "")) {
            assertThatThrownBy(() -> store().health().record(OWNER, m.id(), ProviderCall.status(200).withHeaders(Map.of(name, "v"))))
                    .isInstanceOf(ValidationException.class).extracting(e -> ((ValidationException) e).field()).isEqualTo("headers");
        }
        assertThatThrownBy(() -> store().health().record(OWNER, m.id(), ProviderCall.status(200).withBody("a\u0000b")))
                .isInstanceOf(ValidationException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("ill-formed UTF-8 is refused, never turned into U+FFFD")
    void secretValue_illFormedUtf8_isRefused() {
        for (byte[] bad : List.of(new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {'a', (byte) 0xFF})) {
            assertThatThrownBy(() -> SecretValue.ofUtf8(bad)).isInstanceOf(ValidationException.class);
        }
        assertThat(SecretValue.ofUtf8("ok \u00e9 \u20ac \uD83D\uDE00".getBytes(java.nio.charset.StandardCharsets.UTF_8)).reveal())
                .isEqualTo("ok \u00e9 \u20ac \uD83D\uDE00");
    }

    @Test
    @DisplayName("a secret passed where a field name goes is neither echoed nor stored")
    void fieldName_notMatchingThePattern_isNotEchoed() {
        String secret = "sk-live-4f9a 8b7c";
        Throwable t = catchThrowable(() -> store().create(OWNER, NewCredential.builder("generic", "x").secrets(secret, "v").build()));
        assertThat(t).isInstanceOf(ValidationException.class);
        assertThat(t.getMessage()).doesNotContain(secret).doesNotContain("sk-live");
        assertThat(catchThrowable(() -> CredentialUpdate.builder().removeSecret(secret))).isInstanceOf(ValidationException.class)
                .hasMessageNotContaining("sk-live");
    }

    @Test
    @DisplayName("limits are checked before storage, the same on every backend")
    void limits_areTheSameEverywhere() {
        Snapshot before = snapshot();
        SecretFields.Builder many = SecretFields.builder();
        for (int i = 0; i <= ProviderSchema.MAX_FIELDS; i++) {
            many.put("f" + i, "v");
        }
        assertThatThrownBy(() -> store().create(OWNER, NewCredential.builder("generic", "many").secrets(many.build()).build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at most " + ProviderSchema.MAX_FIELDS);
        SecretFields.Builder big = SecretFields.builder();
        for (int i = 0; i < 20; i++) {
            big.put("f" + i, "x".repeat(60_000));
        }
        assertThatThrownBy(() -> store().create(OWNER, NewCredential.builder("generic", "big").secrets(big.build()).build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining(String.valueOf(ProviderSchema.MAX_TOTAL_BYTES));
        assertThatThrownBy(() -> store().list(OWNER, io.credvault.ListFilter.all().withCategory("a\u0000"), io.credvault.PageRequest.first(5)))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> store().journal().query(io.credvault.JournalQuery.all().ofTypes("x\u0000y"), io.credvault.PageRequest.first(5)))
                .isInstanceOf(ValidationException.class);
        for (Instant extreme : List.of(Instant.MIN, Instant.MAX)) {
            assertThatThrownBy(() -> store().journal().purgeBefore(extreme)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> store().journal().query(io.credvault.JournalQuery.all().between(extreme, null), io.credvault.PageRequest.first(5)))
                    .isInstanceOf(ValidationException.class);
        }
        CredentialMetadata m = some("limits");
        assertThatThrownBy(() -> store().health().record(OWNER, m.id(), ProviderCall.status(200).at(Instant.MAX)))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> store().list(OWNER, io.credvault.ListFilter.all(), io.credvault.PageRequest.first(5).next("not a cursor!")))
                .isInstanceOf(ValidationException.class).extracting(e -> ((ValidationException) e).field()).isEqualTo("cursor");
        assertThatThrownBy(() -> store().update(OWNER, m.id(), -1, CredentialUpdate.builder().name("n").build()))
                .isInstanceOf(ValidationException.class).extracting(e -> ((ValidationException) e).field()).isEqualTo("expectedVersion");
        assertThat(kit().backend.contents().get("credentials")).isEqualTo(java.util.Objects.requireNonNull(before.contents().get("credentials")) + 1);
    }

    @Test
    @DisplayName("key admin calls given null refuse before anything is rotated, marked or journaled")
    @SuppressWarnings("NullAway") // null where the signatures forbid it is the point
    void keyAdmin_nullArguments_changeNothing() {
        some("k");
        store().journal().flush();
        Snapshot before = snapshot();
        assertThatThrownBy(() -> store().keys().compromised(1, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("options");
        assertThatThrownBy(() -> store().keys().rewrap(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("options");
        assertThatThrownBy(() -> store().keys().changeMasterKey(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store().setStatus(OWNER, null, CredentialStatus.OK)).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("id");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("a create retried under its idempotency key returns the first attempt's credential and makes no second one")
    void create_idempotencyKey_retryReturnsTheFirst() {
        NewCredential request = NewCredential.builder("generic", "idem").secrets("secret", "s1").idempotencyKey("request-7f3a").build();
        CredentialMetadata first = store().create(OWNER, request);
        CredentialMetadata again = store().create(OWNER, request);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.version()).isEqualTo(1);
        assertThat(store().reveal(OWNER, first.id()).secrets().require("secret").reveal()).isEqualTo("s1");
        store().journal().flush();
        assertThat(kit().backend.events(EventQuery.of(first.id(), 100))).extracting(JournalEvent::type)
                .containsOnlyOnce("credential.created");
        // after an update the retry still returns that credential, as it is now
        CredentialMetadata updated = store().update(OWNER, first.id(), 1, CredentialUpdate.builder().description("d").build());
        assertThat(store().create(OWNER, request).version()).isEqualTo(updated.version());
        // the same key under another owner is another credential
        OwnerId other = OwnerId.of("trust-other");
        CredentialMetadata elsewhere = store().create(other, request);
        assertThat(elsewhere.id()).isNotEqualTo(first.id());
        assertThat(elsewhere.owner()).isEqualTo(other);
    }

    @Test
    @DisplayName("an idempotency key reused for a different credential, or malformed, is refused naming 'idempotencyKey', nothing written")
    void create_idempotencyKey_misuseRefused() {
        store().create(OWNER, NewCredential.builder("generic", "idem-a").secrets("secret", "s").idempotencyKey("k-1").build());
        Snapshot before = snapshot();
        assertThatThrownBy(() -> store().create(OWNER, NewCredential.builder("generic", "idem-b").secrets("secret", "s")
                .idempotencyKey("k-1").build()))
                .isInstanceOf(io.credvault.ConflictException.class).hasMessageStartingWith("idempotencyKey:");
        for (String bad : List.of("", "   ", "two\nlines", "x".repeat(129), "nul\u0000")) {
            assertThatThrownBy(() -> store().create(OWNER, NewCredential.builder("generic", "idem-c").secrets("secret", "s")
                    .idempotencyKey(bad).build()))
                    .isInstanceOf(ValidationException.class).extracting(e -> ((ValidationException) e).field()).isEqualTo("idempotencyKey");
        }
        assertThat(snapshot()).isEqualTo(before);
    }
}
