package io.credvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialNotFoundException;
import io.credvault.CredentialStatus;
import io.credvault.CredentialStore;
import io.credvault.CredentialUpdate;
import io.credvault.IntegrityException;
import io.credvault.KeyUnavailableException;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.ProviderSchema;
import io.credvault.RevealedCredential;
import io.credvault.SecretFields;
import io.credvault.SecretValue;
import io.credvault.ValidationException;
import io.credvault.Vault;
import io.credvault.VaultException;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.EventQuery;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every backend must show. A backend's test class extends this and implements
 * {@link #newBackend()}; nothing else. The kit reaches the backend only through the SPI, which is also how it
 * tampers with stored ciphertext.
 */
public abstract class CredentialStoreContract {
    protected static final OwnerId ALICE = OwnerId.of("user-alice");
    protected static final OwnerId BOB = OwnerId.of("user-bob");
    protected static final String TOKEN = "ghp_s3cr3tT0k3nValue0123456789abcdef";
    protected static final Instant START = Instant.parse("2026-01-15T10:00:00Z");

    protected final MutableClock clock = new MutableClock(START);
    protected final MasterKey masterKey = MasterKey.of(new byte[32]);
    protected VaultBackend backend;
    protected Vault store;

    /** A new, empty backend for one test. Called once before each test. */
    protected abstract VaultBackend newBackend();

    /**
     * Tamper hook for the journal-chain tests: overwrites the stored journal row {@code seq} of the current
     * backend with {@code replacement} (all columns, its {@code seq} included), or deletes it if null.
     */
    protected abstract void rewriteJournalRow(long seq, @Nullable JournalEvent replacement);

    private final List<Vault> opened = new ArrayList<>();

    /** Opens a store over {@code b} with this kit's clock and master key; closed after the test. */
    protected Vault open(VaultBackend b) {
        return build(builder(b));
    }

    /** Builds {@code b} and closes the vault after the test (flushing its write-behind reveal entries). */
    protected Vault build(CredVault.Builder b) {
        Vault v = b.build();
        opened.add(v);
        return v;
    }

    /** A builder over {@code b} with this kit's clock and master key, for tests that change other settings. */
    protected CredVault.Builder builder(VaultBackend b) {
        return CredVault.builder().createIfEmpty(true).backend(b).masterKey(masterKey).clock(clock).lastUsedResolution(Duration.ofMinutes(1));
    }

    @BeforeEach
    void openStore() {
        store = null;
        backend = newBackend();
        store = builder(backend).build();
    }

    @AfterEach
    void closeStore() {
        // Flush every vault before closing any: the first close may release a backend they share.
        if (store != null) { // null if newBackend() aborted the test (e.g. no server configured)
            opened.add(store);
        }
        for (Vault v : opened) {
            v.journal().flush();
        }
        for (Vault v : opened) {
            v.close();
        }
        opened.clear();
    }

    protected CredentialMetadata github(OwnerId owner, String name) {
        return store.create(owner, NewCredential.builder("github", name).description("corporate account")
                .category("repositories").secrets("accessToken", TOKEN, "username", "octocat").build());
    }

    protected List<JournalEvent> events(CredentialId id) {
        return backend.events(EventQuery.of(id, 1000));
    }

    protected void tamper(CredentialId id, Function<byte[], byte[]> change) {
        backend.inTransaction(tx -> {
            StoredCredential c = tx.find(id).orElseThrow();
            return tx.update(c.withSealed(change.apply(c.sealed()), c.keyVersion()), c.version());
        });
    }

    @Nested
    @DisplayName("key management")
    class Keys extends KeyManagementTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("journal")
    class JournalGroup extends JournalTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("credential health")
    class Health extends HealthTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("trust: opening, journal authentication, bad input")
    class Trust extends TrustTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("arguments: null refused naming the parameter")
    class NullArguments extends ArgumentTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("issued API keys")
    class ApiKeyGroup extends ApiKeyTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("create and describe")
    class Create {
        @Test
        @DisplayName("create returns metadata with a generated id, version 1 and no secret")
        void create_returnsMetadata() {
            CredentialMetadata m = github(ALICE, "GitHub corporate");
            assertThat(m.id().value()).hasSize(26);
            assertThat(m.owner()).isEqualTo(ALICE);
            assertThat(m.name()).isEqualTo("GitHub corporate");
            assertThat(m.description()).isEqualTo("corporate account");
            assertThat(m.provider()).isEqualTo("github");
            assertThat(m.category()).isEqualTo("repositories");
            assertThat(m.status()).isEqualTo(CredentialStatus.NEVER_CHECKED);
            assertThat(m.deleted()).isFalse();
            assertThat(m.lastUsed()).isNull();
            assertThat(m.dateCreated()).isEqualTo(START);
            assertThat(m.lastUpdated()).isEqualTo(START);
            assertThat(m.version()).isEqualTo(1);
            assertThat(m.secretFieldNames()).containsExactlyInAnyOrder("accessToken", "username");
            assertThat(m.fingerprint()).hasSize(32);
            assertThat(m.toString()).doesNotContain(TOKEN);
        }

        @Test
        @DisplayName("describe returns what create returned")
        void describe_matchesCreate() {
            CredentialMetadata m = github(ALICE, "gh");
            assertThat(store.describe(ALICE, m.id())).isEqualTo(m);
        }

        @Test
        @DisplayName("every built-in provider accepts its required fields")
        void builtInProviders_acceptRequiredFields() {
            Map<String, String[]> samples = new LinkedHashMap<>();
            samples.put("sentera", new String[] {"accessToken", "a", "refreshToken", "r", "privateKey", "k", "publicKey", "p"});
            samples.put("agleader", new String[] {"accessToken", "a", "refreshToken", "r", "privateKey", "k", "publicKey", "p"});
            samples.put("raven-slingshot", new String[] {"apiKey", "a", "accessKey", "b", "sharedSecret", "c"});
            samples.put("github", new String[] {"accessToken", "a"});
            samples.put("gitlab", new String[] {"accessToken", "a"});
            samples.put("bitbucket", new String[] {"username", "u", "password", "p"});
            samples.put("google", new String[] {"serviceAccountKey", "{\"type\":\"service_account\"}"});
            samples.put("aws", new String[] {"accessKey", "AKIA", "secretKey", "s"});
            samples.put("azure", new String[] {"batchKey", "b", "storageKey", "s"});
            samples.put("ssh", new String[] {"privateKey", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n"});
            samples.put("generic", new String[] {"anything", "x"});
            samples.forEach((provider, fields) -> {
                CredentialMetadata m = store.create(ALICE, NewCredential.builder(provider, provider + " creds").secrets(fields).build());
                assertThat(store.reveal(ALICE, m.id()).secrets()).isEqualTo(SecretFields.of(fields));
            });
        }

        @Test
        @DisplayName("a host-registered provider is validated like a built-in")
        void registeredProvider_isValidated() {
            store.providers().register(ProviderSchema.of("acme-crm", Set.of("clientId", "clientSecret"), Set.of("scope")));
            CredentialMetadata m = store.create(ALICE, NewCredential.builder("acme-crm", "crm")
                    .secrets("clientId", "id", "clientSecret", "s").build());
            assertThat(m.secretFieldNames()).containsExactlyInAnyOrder("clientId", "clientSecret");
            assertThatThrownBy(() -> store.create(ALICE, NewCredential.builder("acme-crm", "crm2").secrets("clientId", "id").build()))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("acme-crm").hasMessageContaining("clientSecret");
        }

        @Test
        @DisplayName("a name used by an active credential of the same owner conflicts; other owners may use it")
        void create_duplicateName_conflicts() {
            github(ALICE, "gh");
            assertThatThrownBy(() -> github(ALICE, "gh")).isInstanceOf(ConflictException.class).hasMessageContaining("'gh'");
            assertThat(github(BOB, "gh").owner()).isEqualTo(BOB);
        }

        @Test
        @DisplayName("create journals credential.created without secret material")
        void create_isJournaled() {
            CredentialMetadata m = github(ALICE, "gh");
            List<JournalEvent> ev = events(m.id());
            assertThat(ev).extracting(JournalEvent::type).containsExactly("credential.created");
            assertThat(ev.get(0).owner()).isEqualTo(ALICE);
            assertThat(ev.get(0).toString()).doesNotContain(TOKEN);
        }

        @Test
        @DisplayName("expiry is kept and must lie in the future")
        void create_expiry() {
            Instant later = START.plus(Duration.ofDays(30));
            CredentialMetadata m = store.create(ALICE, NewCredential.builder("github", "gh").secrets("accessToken", TOKEN)
                    .expiresAt(later).build());
            assertThat(store.describe(ALICE, m.id()).expiresAt()).isEqualTo(later);
            assertThat(m.isExpired(START)).isFalse();
            assertThat(m.isExpired(later)).isTrue();
            ValidationException e = (ValidationException) catchThrowable(() -> store.create(ALICE,
                    NewCredential.builder("github", "old").secrets("accessToken", TOKEN).expiresAt(START.minusSeconds(1)).build()));
            assertThat(e.field()).isEqualTo("expiresAt");
        }
    }

    @Nested
    @DisplayName("reveal")
    class Reveal {
        @Test
        @DisplayName("reveal returns the secret fields exactly as given")
        void reveal_returnsSecrets() {
            CredentialMetadata m = github(ALICE, "gh");
            RevealedCredential r = store.reveal(ALICE, m.id());
            assertThat(r.secrets().require("accessToken").reveal()).isEqualTo(TOKEN);
            assertThat(r.secrets().require("username").reveal()).isEqualTo("octocat");
            assertThat(r.toString()).doesNotContain(TOKEN).doesNotContain("octocat");
        }

        @Test
        @DisplayName("reveal records lastUsed, coarsely: not again within the resolution, again after it")
        void reveal_recordsLastUsed() {
            CredentialMetadata m = github(ALICE, "gh");
            clock.advance(Duration.ofSeconds(5));
            Instant first = clock.instant();
            assertThat(store.reveal(ALICE, m.id()).metadata().lastUsed()).isEqualTo(first);
            assertThat(store.describe(ALICE, m.id()).lastUsed()).isEqualTo(first);
            clock.advance(Duration.ofSeconds(30));
            store.reveal(ALICE, m.id());
            assertThat(store.describe(ALICE, m.id()).lastUsed()).isEqualTo(first);
            clock.advance(Duration.ofMinutes(2));
            store.reveal(ALICE, m.id());
            assertThat(store.describe(ALICE, m.id()).lastUsed()).isEqualTo(clock.instant());
            assertThat(store.describe(ALICE, m.id()).version()).isEqualTo(1);
        }

        @Test
        @DisplayName("lastUsed reaches the store by the time the revealing vault closes; another vault then sees it")
        void reveal_lastUsedStoredForOtherVaults() {
            CredentialMetadata m = github(ALICE, "gh-shared");
            clock.advance(Duration.ofSeconds(5));
            Instant used = clock.instant();
            Vault other = open(new ForwardingBackend(backend) {
                @Override
                public void close() {
                    // the shared backend stays open for the store under test
                }
            });
            other.reveal(ALICE, m.id());
            assertThat(other.describe(ALICE, m.id()).lastUsed()).isEqualTo(used);
            assertThat(other.list(ALICE, ListFilter.all(), PageRequest.first(10)).items())
                    .filteredOn(c -> c.id().equals(m.id())).extracting(CredentialMetadata::lastUsed).containsExactly(used);
            other.close();
            assertThat(backend.find(m.id()).orElseThrow().lastUsed()).isEqualTo(used);
            assertThat(store.describe(ALICE, m.id()).lastUsed()).isEqualTo(used);
        }

        @Test
        @DisplayName("a deleted credential cannot be revealed until restored")
        void reveal_deleted_conflicts() {
            CredentialMetadata m = github(ALICE, "gh");
            store.delete(ALICE, m.id());
            assertThatThrownBy(() -> store.reveal(ALICE, m.id())).isInstanceOf(ConflictException.class).hasMessageContaining("restore");
            store.restore(ALICE, m.id());
            assertThat(store.reveal(ALICE, m.id()).secrets().require("accessToken").reveal()).isEqualTo(TOKEN);
        }

        @Test
        @DisplayName("a reopened store reveals what an earlier one sealed")
        void reveal_afterReopen() {
            CredentialMetadata m = github(ALICE, "gh");
            CredentialStore again = open(backend);
            assertThat(again.reveal(ALICE, m.id()).secrets().require("accessToken").reveal()).isEqualTo(TOKEN);
        }

        @Test
        @DisplayName("opening with another master key fails at open, before any record is read")
        void open_wrongMasterKey_fails() {
            github(ALICE, "gh");
            assertThatThrownBy(() -> CredVault.builder().createIfEmpty(true).backend(backend).masterKey(MasterKey.generate()).build())
                    .isInstanceOf(KeyUnavailableException.class).hasMessageContaining("master key");
        }
    }

    @Nested
    @DisplayName("update")
    class Update {
        @Test
        @DisplayName("secret fields the update omits keep their values (PATCH)")
        void update_patchesSecrets() {
            CredentialMetadata m = github(ALICE, "gh");
            CredentialMetadata u = store.update(ALICE, m.id(), 1, CredentialUpdate.builder().secrets("accessToken", "new-token").build());
            assertThat(u.version()).isEqualTo(2);
            assertThat(u.fingerprint()).isNotEqualTo(m.fingerprint());
            SecretFields s = store.reveal(ALICE, m.id()).secrets();
            assertThat(s.require("accessToken").reveal()).isEqualTo("new-token");
            assertThat(s.require("username").reveal()).isEqualTo("octocat");
        }

        @Test
        @DisplayName("metadata-only update keeps the secret and its fingerprint")
        void update_metadataOnly() {
            CredentialMetadata m = github(ALICE, "gh");
            clock.advance(Duration.ofSeconds(1));
            CredentialMetadata u = store.update(ALICE, m.id(), 1, CredentialUpdate.builder().name("gh2").description(null)
                    .category("vcs").build());
            assertThat(u.name()).isEqualTo("gh2");
            assertThat(u.description()).isNull();
            assertThat(u.category()).isEqualTo("vcs");
            assertThat(u.fingerprint()).isEqualTo(m.fingerprint());
            assertThat(u.lastUpdated()).isEqualTo(START.plusSeconds(1));
            assertThat(u.dateCreated()).isEqualTo(START);
            assertThat(store.describe(ALICE, m.id())).isEqualTo(u);
        }

        @Test
        @DisplayName("setting a secret to its current value keeps the fingerprint")
        void update_sameSecret_sameFingerprint() {
            CredentialMetadata m = github(ALICE, "gh");
            CredentialMetadata u = store.update(ALICE, m.id(), 1, CredentialUpdate.builder().secrets("accessToken", TOKEN).build());
            assertThat(u.fingerprint()).isEqualTo(m.fingerprint());
        }

        @Test
        @DisplayName("an optional field can be removed; a required one cannot")
        void update_removeSecret() {
            CredentialMetadata m = github(ALICE, "gh");
            CredentialMetadata u = store.update(ALICE, m.id(), 1, CredentialUpdate.builder().removeSecret("username").build());
            assertThat(u.secretFieldNames()).containsExactly("accessToken");
            ValidationException e = (ValidationException) catchThrowable(() ->
                    store.update(ALICE, m.id(), 2, CredentialUpdate.builder().removeSecret("accessToken").build()));
            assertThat(e.field()).isEqualTo("secrets.accessToken");
            assertThat(store.describe(ALICE, m.id()).version()).isEqualTo(2);
        }

        @Test
        @DisplayName("a stale expected version conflicts and changes nothing")
        void update_staleVersion_conflicts() {
            CredentialMetadata m = github(ALICE, "gh");
            store.update(ALICE, m.id(), 1, CredentialUpdate.builder().name("v2").build());
            assertThatThrownBy(() -> store.update(ALICE, m.id(), 1, CredentialUpdate.builder().name("v3")
                    .secrets("accessToken", "lost").build()))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("version 2");
            CredentialMetadata now = store.describe(ALICE, m.id());
            assertThat(now.name()).isEqualTo("v2");
            assertThat(now.version()).isEqualTo(2);
            assertThat(store.reveal(ALICE, m.id()).secrets().require("accessToken").reveal()).isEqualTo(TOKEN);
        }

        @Test
        @DisplayName("renaming onto another active credential's name conflicts")
        void update_renameOntoTakenName_conflicts() {
            github(ALICE, "a");
            CredentialMetadata b = github(ALICE, "b");
            assertThatThrownBy(() -> store.update(ALICE, b.id(), 1, CredentialUpdate.builder().name("a").build()))
                    .isInstanceOf(ConflictException.class);
            assertThat(store.describe(ALICE, b.id()).name()).isEqualTo("b");
        }

        @Test
        @DisplayName("an unknown secret field in an update is refused, naming provider and field")
        void update_unknownField_refused() {
            CredentialMetadata m = github(ALICE, "gh");
            ValidationException e = (ValidationException) catchThrowable(() ->
                    store.update(ALICE, m.id(), 1, CredentialUpdate.builder().secrets("bogus", TOKEN).build()));
            assertThat(e.field()).isEqualTo("secrets.bogus");
            assertThat(e.getMessage()).contains("github").doesNotContain(TOKEN);
            assertThat(store.describe(ALICE, m.id()).version()).isEqualTo(1);
        }

        @Test
        @DisplayName("status is settable, bumps the version and is journaled; setting the same status is a no-op")
        void setStatus() {
            CredentialMetadata m = github(ALICE, "gh");
            CredentialMetadata s = store.setStatus(ALICE, m.id(), CredentialStatus.UNAUTHENTICATED);
            assertThat(s.status()).isEqualTo(CredentialStatus.UNAUTHENTICATED);
            assertThat(s.version()).isEqualTo(2);
            assertThat(store.setStatus(ALICE, m.id(), CredentialStatus.UNAUTHENTICATED).version()).isEqualTo(2);
            assertThat(events(m.id())).extracting(JournalEvent::type).containsExactly("credential.created", "credential.status_changed");
        }

        @Test
        @DisplayName("concurrent compare-and-set updates: each commits or conflicts, none is lost")
        void update_concurrentCas_noLostUpdate() throws Exception {
            CredentialMetadata m = github(ALICE, "gh");
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
                            CredentialMetadata cur = store.describe(ALICE, m.id());
                            try {
                                store.update(ALICE, m.id(), cur.version(), CredentialUpdate.builder().description(tag).build());
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
            CredentialMetadata fin = store.describe(ALICE, m.id());
            assertThat(fin.version()).isEqualTo(1 + committed.size());
            assertThat(committed).contains(fin.description());
            assertThat(events(m.id())).filteredOn(e -> e.type().equals("credential.updated")).hasSize(committed.size());
        }
    }

    @Nested
    @DisplayName("delete, restore, purge")
    class Deletion {
        @Test
        @DisplayName("delete is soft, idempotent, and frees the name")
        void delete_soft() {
            CredentialMetadata m = github(ALICE, "gh");
            clock.advance(Duration.ofSeconds(1));
            CredentialMetadata d = store.delete(ALICE, m.id());
            assertThat(d.deleted()).isTrue();
            assertThat(d.deletedAt()).isEqualTo(clock.instant());
            assertThat(store.delete(ALICE, m.id())).isEqualTo(d);
            assertThat(store.describe(ALICE, m.id()).deleted()).isTrue();
            CredentialMetadata again = github(ALICE, "gh");
            assertThat(again.id()).isNotEqualTo(m.id());
        }

        @Test
        @DisplayName("restore undoes delete, but not over an active credential of the same name")
        void restore() {
            CredentialMetadata m = github(ALICE, "gh");
            store.delete(ALICE, m.id());
            CredentialMetadata other = github(ALICE, "gh");
            assertThatThrownBy(() -> store.restore(ALICE, m.id())).isInstanceOf(ConflictException.class).hasMessageContaining("'gh'");
            store.delete(ALICE, other.id());
            CredentialMetadata r = store.restore(ALICE, m.id());
            assertThat(r.deleted()).isFalse();
            assertThat(store.restore(ALICE, m.id())).isEqualTo(r);
        }

        @Test
        @DisplayName("an update of a deleted credential conflicts")
        void update_deleted_conflicts() {
            CredentialMetadata m = github(ALICE, "gh");
            CredentialMetadata d = store.delete(ALICE, m.id());
            assertThatThrownBy(() -> store.update(ALICE, m.id(), d.version(), CredentialUpdate.builder().name("x").build()))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("deleted");
        }

        @Test
        @DisplayName("purge removes the credential for good and journals it")
        void purge() {
            CredentialMetadata m = github(ALICE, "gh");
            store.purge(ALICE, m.id());
            assertThatThrownBy(() -> store.describe(ALICE, m.id())).isInstanceOf(CredentialNotFoundException.class);
            assertThatThrownBy(() -> store.purge(ALICE, m.id())).isInstanceOf(CredentialNotFoundException.class);
            assertThat(events(m.id())).extracting(JournalEvent::type).containsExactly("credential.created", "credential.purged");
        }

        @Test
        @DisplayName("delete and restore are journaled")
        void deleteRestore_journaled() {
            CredentialMetadata m = github(ALICE, "gh");
            store.delete(ALICE, m.id());
            store.restore(ALICE, m.id());
            assertThat(events(m.id())).extracting(JournalEvent::type)
                    .containsExactly("credential.created", "credential.deleted", "credential.restored");
        }
    }

    @Nested
    @DisplayName("list")
    class Listing {
        @Test
        @DisplayName("lists only the owner's active credentials, in creation order, metadata only")
        void list_ownerActive() {
            CredentialMetadata a = github(ALICE, "a");
            clock.advance(Duration.ofMillis(1));
            CredentialMetadata b = github(ALICE, "b");
            clock.advance(Duration.ofMillis(1));
            CredentialMetadata c = github(ALICE, "c");
            github(BOB, "bob's");
            store.delete(ALICE, b.id());
            Page<CredentialMetadata> p = store.list(ALICE, ListFilter.active(), PageRequest.first(10));
            assertThat(p.items()).extracting(CredentialMetadata::id).containsExactly(a.id(), c.id());
            assertThat(p.hasNext()).isFalse();
            assertThat(store.list(ALICE, ListFilter.active().withDeletion(ListFilter.Deletion.DELETED), PageRequest.first(10)).items())
                    .extracting(CredentialMetadata::id).containsExactly(b.id());
            assertThat(store.list(ALICE, ListFilter.all(), PageRequest.first(10)).items()).hasSize(3);
        }

        @Test
        @DisplayName("filters by provider, category, status and name prefix")
        void list_filters() {
            github(ALICE, "prod-github");
            CredentialMetadata aws = store.create(ALICE, NewCredential.builder("aws", "prod-aws").category("cloud")
                    .secrets("accessKey", "AKIA", "secretKey", "s").build());
            CredentialMetadata dev = github(ALICE, "dev-github");
            store.setStatus(ALICE, dev.id(), CredentialStatus.OK);
            Function<ListFilter, List<String>> names = f -> store.list(ALICE, f, PageRequest.first(100)).items().stream()
                    .map(CredentialMetadata::name).toList();
            assertThat(names.apply(ListFilter.active().withProvider("aws"))).containsExactly("prod-aws");
            assertThat(names.apply(ListFilter.active().withCategory("cloud"))).containsExactly("prod-aws");
            assertThat(names.apply(ListFilter.active().withStatus(CredentialStatus.OK))).containsExactly("dev-github");
            assertThat(names.apply(ListFilter.active().withNamePrefix("prod-"))).containsExactlyInAnyOrder("prod-github", "prod-aws");
            assertThat(names.apply(ListFilter.active().withNamePrefix("prod-").withProvider("github"))).containsExactly("prod-github");
            assertThat(names.apply(ListFilter.active().withNamePrefix("%"))).isEmpty();
            assertThat(names.apply(ListFilter.active().withNamePrefix("prod_"))).isEmpty();
            assertThat(aws.category()).isEqualTo("cloud");
        }

        @Test
        @DisplayName("pages follow cursors to the end, each item once")
        void list_pages() {
            List<CredentialId> created = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                created.add(github(ALICE, "c" + i).id());
                clock.advance(Duration.ofMillis(1));
            }
            List<CredentialId> seen = walk(ALICE, 5, p -> { });
            assertThat(seen).containsExactlyElementsOf(created);
        }

        @Test
        @DisplayName("pagination stays correct while others insert and delete: survivors appear exactly once")
        void list_pagination_underConcurrentChanges() {
            List<CredentialId> initial = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                initial.add(github(ALICE, "init-" + i).id());
                clock.advance(Duration.ofMillis(1));
            }
            Set<CredentialId> deleted = new HashSet<>();
            int[] round = {0};
            List<CredentialId> seen = walk(ALICE, 7, page -> {
                int r = round[0]++;
                github(ALICE, "added-" + r);
                clock.advance(Duration.ofMillis(1));
                CredentialId victim = initial.get((r * 11 + 3) % initial.size());
                if (deleted.add(victim)) {
                    store.delete(ALICE, victim);
                }
            });
            assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
            for (CredentialId id : initial) {
                if (!deleted.contains(id)) {
                    assertThat(seen).contains(id);
                }
            }
        }

        @Test
        @DisplayName("a malformed cursor or limit is refused with a validation error")
        void list_badPageRequest() {
            assertThat(((ValidationException) catchThrowable(() -> new PageRequest("x y", 10))).field()).isEqualTo("cursor");
            assertThat(((ValidationException) catchThrowable(() -> PageRequest.first(0))).field()).isEqualTo("limit");
            assertThat(((ValidationException) catchThrowable(() -> PageRequest.first(1001))).getMessage()).contains("1..1000");
        }

        private List<CredentialId> walk(OwnerId owner, int size, Consumer<Page<CredentialMetadata>> between) {
            List<CredentialId> seen = new ArrayList<>();
            PageRequest req = PageRequest.first(size);
            while (true) {
                Page<CredentialMetadata> p = store.list(owner, ListFilter.active(), req);
                assertThat(p.items().size()).isLessThanOrEqualTo(size);
                p.items().forEach(m -> seen.add(m.id()));
                if (!p.hasNext()) {
                    return seen;
                }
                between.accept(p);
                req = req.next(p.nextCursor());
            }
        }
    }

    @Nested
    @DisplayName("owner isolation")
    class Isolation {
        @Test
        @DisplayName("another owner's id behaves exactly like an unknown id for every operation")
        void otherOwner_isNotFound() {
            CredentialMetadata m = github(ALICE, "gh");
            CredentialId unknown = CredentialId.generate(START.toEpochMilli());
            Map<String, Function<CredentialId, Object>> ops = new LinkedHashMap<>();
            ops.put("describe", id -> store.describe(BOB, id));
            ops.put("reveal", id -> store.reveal(BOB, id));
            ops.put("update", id -> store.update(BOB, id, 1, CredentialUpdate.builder().name("stolen").build()));
            ops.put("setStatus", id -> store.setStatus(BOB, id, CredentialStatus.OK));
            ops.put("delete", id -> store.delete(BOB, id));
            ops.put("restore", id -> store.restore(BOB, id));
            ops.put("purge", id -> {
                store.purge(BOB, id);
                return null;
            });
            ops.forEach((op, call) -> {
                Throwable other = catchThrowable(() -> call.apply(m.id()));
                Throwable none = catchThrowable(() -> call.apply(unknown));
                assertThat(other).as(op).isInstanceOf(CredentialNotFoundException.class);
                assertThat(none).as(op).isInstanceOf(CredentialNotFoundException.class);
                assertThat(other.getMessage().replace(m.id().value(), "ID"))
                        .as(op).isEqualTo(none.getMessage().replace(unknown.value(), "ID"));
            });
            assertThat(store.describe(ALICE, m.id())).isEqualTo(m);
            assertThat(store.list(BOB, ListFilter.all(), PageRequest.first(10)).items()).isEmpty();
        }
    }

    @Nested
    @DisplayName("tamper detection")
    class Tamper {
        @Test
        @DisplayName("flipping any byte of the stored ciphertext gives an integrity error, never other plaintext")
        void everyByteFlipped_isIntegrityError() {
            CredentialMetadata m = github(ALICE, "gh");
            byte[] original = backend.find(m.id()).orElseThrow().sealed();
            for (int i = 0; i < original.length; i++) {
                int pos = i;
                tamper(m.id(), b -> {
                    byte[] c = original.clone();
                    c[pos] ^= (byte) 0x5A;
                    return c;
                });
                Throwable t = catchThrowable(() -> store.reveal(ALICE, m.id()));
                assertThat(t).as("byte %d", pos).isInstanceOf(IntegrityException.class);
                assertThat(t.getMessage()).contains(m.id().value()).doesNotContain(TOKEN);
            }
            tamper(m.id(), b -> original);
            assertThat(store.reveal(ALICE, m.id()).secrets().require("accessToken").reveal()).isEqualTo(TOKEN);
        }

        @Test
        @DisplayName("truncated or empty ciphertext gives an integrity error")
        void truncated_isIntegrityError() {
            CredentialMetadata m = github(ALICE, "gh");
            byte[] original = backend.find(m.id()).orElseThrow().sealed();
            for (int len : new int[] {0, 1, 5, 17, original.length - 1}) {
                tamper(m.id(), b -> java.util.Arrays.copyOf(original, len));
                assertThatThrownBy(() -> store.reveal(ALICE, m.id())).as("length %d", len).isInstanceOf(IntegrityException.class);
            }
        }

        @Test
        @DisplayName("ciphertext copied to another credential of the same owner does not open")
        void swappedBetweenRows_isIntegrityError() {
            CredentialMetadata a = github(ALICE, "a");
            CredentialMetadata b = store.create(ALICE, NewCredential.builder("github", "b").secrets("accessToken", "other").build());
            byte[] fromA = backend.find(a.id()).orElseThrow().sealed();
            tamper(b.id(), x -> fromA);
            assertThatThrownBy(() -> store.reveal(ALICE, b.id())).isInstanceOf(IntegrityException.class);
        }

        @Test
        @DisplayName("ciphertext copied to another owner's credential does not open")
        void swappedBetweenOwners_isIntegrityError() {
            CredentialMetadata a = github(ALICE, "a");
            CredentialMetadata b = github(BOB, "b");
            byte[] fromA = backend.find(a.id()).orElseThrow().sealed();
            tamper(b.id(), x -> fromA);
            assertThatThrownBy(() -> store.reveal(BOB, b.id())).isInstanceOf(IntegrityException.class);
        }

        @Test
        @DisplayName("a patch on tampered ciphertext fails with an integrity error and changes nothing")
        void updateOnTampered_changesNothing() {
            CredentialMetadata m = github(ALICE, "gh");
            tamper(m.id(), b -> {
                b[b.length - 1] ^= 1;
                return b;
            });
            assertThatThrownBy(() -> store.update(ALICE, m.id(), 1, CredentialUpdate.builder().secrets("username", "x").build()))
                    .isInstanceOf(IntegrityException.class);
            assertThat(store.describe(ALICE, m.id()).version()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("redaction")
    class Redaction {
        @Test
        @DisplayName("toString of secrets, metadata, revealed credentials and stored rows never shows a secret")
        void toString_neverShowsSecret() {
            CredentialMetadata m = github(ALICE, "gh");
            RevealedCredential r = store.reveal(ALICE, m.id());
            assertThat(SecretValue.of(TOKEN).toString()).doesNotContain(TOKEN);
            assertThat(r.secrets().toString()).doesNotContain(TOKEN).contains("accessToken");
            assertThat(r.toString()).doesNotContain(TOKEN);
            assertThat(backend.find(m.id()).orElseThrow().toString()).doesNotContain(TOKEN);
            assertThat(NewCredential.builder("github", "x").secrets("accessToken", TOKEN).build().toString()).doesNotContain(TOKEN);
            assertThat(CredentialUpdate.builder().secrets("accessToken", TOKEN).build().toString()).doesNotContain(TOKEN);
        }

        @Test
        @DisplayName("Jackson does not serialize secret values by accident")
        void jackson_doesNotSerializeSecrets() throws Exception {
            CredentialMetadata m = github(ALICE, "gh");
            RevealedCredential r = store.reveal(ALICE, m.id());
            ObjectMapper mapper = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            for (Object o : new Object[] {SecretValue.of(TOKEN), r.secrets(), r}) {
                String json;
                try {
                    json = mapper.writeValueAsString(o);
                } catch (Exception refused) {
                    json = String.valueOf(refused.getMessage());
                }
                assertThat(json).doesNotContain(TOKEN);
            }
        }

        @Test
        @DisplayName("secret values are equal by content in constant time, with a content-free hash code")
        void secretValue_equality() {
            assertThat(SecretValue.of(TOKEN)).isEqualTo(SecretValue.of(TOKEN)).isNotEqualTo(SecretValue.of(TOKEN + "x"));
            assertThat(SecretValue.of("a").hashCode()).isEqualTo(SecretValue.of("b").hashCode());
        }

        @Test
        @DisplayName("a secret-fields builder used again after build() leaves what it built unchanged")
        void secretFields_builderReuse() {
            SecretFields.Builder b = SecretFields.builder().put("accessToken", TOKEN);
            SecretFields first = b.build();
            SecretFields second = b.put("refreshToken", "r").build();
            assertThat(first.names()).containsExactly("accessToken");
            assertThat(second.names()).containsExactly("accessToken", "refreshToken");
            assertThatThrownBy(() -> b.put("accessToken", "again")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("secrets.accessToken");
        }

        @Test
        @DisplayName("no error message carries a secret value")
        void errors_neverShowSecret() {
            List<Throwable> errors = new ArrayList<>();
            errors.add(catchThrowable(() -> store.create(ALICE, NewCredential.builder("github", "x").secrets("bogus", TOKEN).build())));
            errors.add(catchThrowable(() -> store.create(ALICE, NewCredential.builder("nope", "x").secrets("accessToken", TOKEN).build())));
            errors.add(catchThrowable(() -> store.create(ALICE, NewCredential.builder("aws", "x").secrets("accessKey", TOKEN).build())));
            errors.add(catchThrowable(() -> SecretFields.of("accessToken", TOKEN, "accessToken", TOKEN)));
            errors.add(catchThrowable(() -> SecretFields.of("a", TOKEN + "\uD800")));
            assertThat(errors).allSatisfy(e -> {
                assertThat(e).isInstanceOf(ValidationException.class);
                assertThat(e.getMessage()).doesNotContain(TOKEN);
            });
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {
        static Stream<Arguments> values() {
            return Stream.of(
                    Arguments.of("null", null),
                    Arguments.of("empty", ""),
                    Arguments.of("whitespace", "   \t "),
                    Arguments.of("10k", "x".repeat(10_000)),
                    Arguments.of("quotes", "O'Brien \"quoted\" back\\slash"),
                    Arguments.of("unicode", "名前 🔑 émoji Ω"),
                    Arguments.of("sql", "'; DROP TABLE credentials; --"),
                    Arguments.of("nul", "a\u0000b"),
                    Arguments.of("newline", "line1\nline2"),
                    Arguments.of("surrogate", "bad\uD800"));
        }

        /** Runs {@code op}; returns the stored value, or asserts a validation error naming {@code field}. */
        private void storedVerbatimOrRefused(String field, String value, java.util.function.Supplier<String> op) {
            long before = backend.events(EventQuery.all(10_000)).size();
            Throwable t = catchThrowable(() -> {
                String stored = op.get();
                assertThat(stored).as("%s stored verbatim", field).isEqualTo(value);
            });
            if (t != null) {
                assertThat(t).as("%s=%s", field, value == null ? null : value.length() > 20 ? value.substring(0, 20) : value)
                        .isInstanceOf(ValidationException.class);
                assertThat(((ValidationException) t).field()).isEqualTo(field);
                assertThat(t.getMessage()).doesNotContain("x".repeat(300));
                assertThat(backend.events(EventQuery.all(10_000))).hasSize((int) before);
            }
        }

        @ParameterizedTest(name = "name {0}")
        @MethodSource("values")
        @DisplayName("name: stored verbatim or refused naming 'name'")
        void name(String label, String value) {
            storedVerbatimOrRefused("name", value, () -> {
                CredentialMetadata m = store.create(ALICE, NewCredential.builder("github", value).secrets("accessToken", TOKEN).build());
                return store.describe(ALICE, m.id()).name();
            });
        }

        @ParameterizedTest(name = "description {0}")
        @MethodSource("values")
        @DisplayName("description: stored verbatim or refused naming 'description'")
        void description(String label, String value) {
            storedVerbatimOrRefused("description", value, () -> {
                CredentialMetadata m = store.create(ALICE, NewCredential.builder("github", "d-" + label).description(value)
                        .secrets("accessToken", TOKEN).build());
                return store.describe(ALICE, m.id()).description();
            });
        }

        @ParameterizedTest(name = "category {0}")
        @MethodSource("values")
        @DisplayName("category: stored verbatim or refused naming 'category'")
        void category(String label, String value) {
            storedVerbatimOrRefused("category", value, () -> {
                CredentialMetadata m = store.create(ALICE, NewCredential.builder("github", "c-" + label).category(value)
                        .secrets("accessToken", TOKEN).build());
                return store.describe(ALICE, m.id()).category();
            });
        }

        @ParameterizedTest(name = "owner {0}")
        @MethodSource("values")
        @DisplayName("owner: stored verbatim or refused naming 'owner'")
        void owner(String label, String value) {
            storedVerbatimOrRefused("owner", value, () -> {
                OwnerId owner = OwnerId.of(value);
                CredentialMetadata m = store.create(owner, NewCredential.builder("github", "o").secrets("accessToken", TOKEN).build());
                assertThat(store.list(owner, ListFilter.active(), PageRequest.first(10)).items()).hasSize(1);
                return store.describe(owner, m.id()).owner().value();
            });
        }

        @ParameterizedTest(name = "provider {0}")
        @MethodSource("values")
        @DisplayName("provider: refused naming 'provider' unless registered")
        void provider(String label, String value) {
            storedVerbatimOrRefused("provider", value, () -> store.create(ALICE, NewCredential.builder(value, "p")
                    .secrets("accessToken", TOKEN).build()).provider());
        }

        @ParameterizedTest(name = "secret value {0}")
        @MethodSource("values")
        @DisplayName("secret value: revealed verbatim or refused naming the field")
        void secretValue(String label, String value) {
            storedVerbatimOrRefused("secrets.accessToken", value, () -> {
                CredentialMetadata m = store.create(ALICE, NewCredential.builder("github", "s-" + label)
                        .secrets(SecretFields.builder().put("accessToken", value).build()).build());
                return store.reveal(ALICE, m.id()).secrets().require("accessToken").reveal();
            });
        }

        @ParameterizedTest(name = "secret field name {0}")
        @MethodSource("values")
        @DisplayName("secret field name (generic provider): kept or refused naming the field")
        void secretFieldName(String label, String value) {
            Throwable t = catchThrowable(() -> {
                CredentialMetadata m = store.create(ALICE, NewCredential.builder("generic", "f-" + label)
                        .secrets(SecretFields.builder().put(value, "v").build()).build());
                assertThat(store.reveal(ALICE, m.id()).secrets().names()).containsExactly(value);
            });
            if (t != null) {
                assertThat(t).isInstanceOf(ValidationException.class);
                assertThat(((ValidationException) t).field()).startsWith("secrets");
            }
        }

        @ParameterizedTest(name = "name prefix {0}")
        @MethodSource("values")
        @DisplayName("list name prefix: matches literally or is refused naming 'namePrefix'")
        void namePrefix(String label, String value) {
            github(ALICE, "plain");
            Throwable t = catchThrowable(() -> {
                List<CredentialMetadata> items = store.list(ALICE, ListFilter.active().withNamePrefix(value),
                        PageRequest.first(10)).items();
                if (value == null) {
                    assertThat(items).extracting(CredentialMetadata::name).containsExactly("plain");
                } else {
                    assertThat(items).allSatisfy(m -> assertThat(m.name()).startsWith(value));
                }
            });
            if (t != null) {
                assertThat(t).isInstanceOf(ValidationException.class);
                assertThat(((ValidationException) t).field()).isEqualTo("namePrefix");
            }
        }

        @ParameterizedTest(name = "credential id {0}")
        @MethodSource("values")
        @DisplayName("credential id: unknown ids are not found, malformed ones refused naming 'credentialId'")
        void credentialId(String label, String value) {
            Throwable t = catchThrowable(() -> store.describe(ALICE, CredentialId.of(value)));
            assertThat(t).isInstanceOf(VaultException.class);
            if (t instanceof ValidationException v) {
                assertThat(v.field()).isEqualTo("credentialId");
            } else {
                assertThat(t).isInstanceOf(CredentialNotFoundException.class);
            }
        }
    }
}
