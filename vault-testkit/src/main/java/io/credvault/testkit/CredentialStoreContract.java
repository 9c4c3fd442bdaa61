package io.credvault.testkit;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.spi.EventQuery;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour every backend must show. A backend's test class extends this and implements
 * {@link #newBackend()}; everything else is optional. Each feature's tests live in their own file and are joined
 * here by a short {@code @Nested} class. The kit reaches the backend only through the SPI, which is also how it
 * tampers with stored ciphertext.
 */
public abstract class CredentialStoreContract {
    /** An owner the tests use. */
    protected static final OwnerId ALICE = OwnerId.of("user-alice");
    /** Another owner the tests use. */
    protected static final OwnerId BOB = OwnerId.of("user-bob");
    /** The secret value of {@link #github}'s credentials. */
    protected static final String TOKEN = "ghp_s3cr3tT0k3nValue0123456789abcdef";
    /** The kit's clock starts here. */
    protected static final Instant START = Instant.parse("2026-01-15T10:00:00Z");

    /** The kit's clock: tests move it. */
    protected final MutableClock clock = new MutableClock(START);
    /** The kit's master key. */
    protected final MasterKey masterKey = MasterKey.of(new byte[32]);
    /** The current test's backend. */
    protected VaultBackend backend;
    /** The current test's vault over {@link #backend}. */
    protected Vault store;

    /**
     * A new, empty backend for one test. Called once before each test.
     *
     * @return an empty backend
     */
    protected abstract VaultBackend newBackend();

    /**
     * Optional tamper hook for the journal-chain tests: overwrites the stored journal row {@code seq} of the
     * current backend with {@code replacement} (all columns, its {@code seq} included), or deletes it if null, as
     * someone with write access to the store could. By default the tests that need it are skipped, saying so.
     *
     * @param seq the journal sequence number
     * @param replacement the entry to write in its place, or null to delete the row
     */
    protected void rewriteJournalRow(long seq, @Nullable JournalEvent replacement) {
        Assumptions.abort(getClass().getSimpleName() + " does not override rewriteJournalRow: journal tamper tests skipped");
    }

    private final List<Vault> opened = new ArrayList<>();
    private boolean storeOpen;

    /**
     * Opens a store over {@code b} with this kit's clock and master key; closed after the test.
     *
     * @param b the backend
     * @return the vault
     */
    protected Vault open(VaultBackend b) {
        return build(builder(b));
    }

    /**
     * Builds {@code b} and closes the vault after the test (flushing its write-behind reveal entries).
     *
     * @param b the builder
     * @return the vault
     */
    protected Vault build(CredVault.Builder b) {
        Vault v = b.build();
        opened.add(v);
        return v;
    }

    /**
     * A builder over {@code b} with this kit's clock and master key, for tests that change other settings.
     *
     * @param b the backend
     * @return a builder
     */
    protected CredVault.Builder builder(VaultBackend b) {
        return CredVault.builder().createIfEmpty(true).backend(b).masterKey(masterKey).clock(clock).lastUsedResolution(Duration.ofMinutes(1));
    }

    @BeforeEach
    void openStore() {
        opened.clear();
        backend = newBackend(); // may abort the test (no server configured): then no store is open
        store = builder(backend).build();
        storeOpen = true;
    }

    @AfterEach
    void closeStore() {
        // Flush every vault before closing any: the first close may release a backend they share.
        if (storeOpen) { // false if newBackend() aborted the test (e.g. no server configured)
            opened.add(store);
            storeOpen = false;
        }
        for (Vault v : opened) {
            v.journal().flush();
        }
        for (Vault v : opened) {
            v.close();
        }
        opened.clear();
    }

    /**
     * Creates a GitHub credential with {@link #TOKEN} in {@link #store}.
     *
     * @param owner the owner
     * @param name the name
     * @return its metadata
     */
    protected CredentialMetadata github(OwnerId owner, String name) {
        return store.create(owner, NewCredential.builder("github", name).description("corporate account")
                .category("repositories").secrets("accessToken", TOKEN, "username", "octocat").build());
    }

    /**
     * The journal entries of a credential.
     *
     * @param id the credential
     * @return its entries, oldest first
     */
    protected List<JournalEvent> events(CredentialId id) {
        return backend.events(EventQuery.of(id, 1000));
    }

    /**
     * Changes a credential's sealed payload in place, as an attacker with database access could.
     *
     * @param id the credential
     * @param change what to do to the payload
     */
    protected void tamper(CredentialId id, Function<byte[], byte[]> change) {
        backend.inTransaction(tx -> {
            StoredCredential c = tx.credentials().find(id).orElseThrow();
            return tx.credentials().update(c.withSealed(change.apply(c.sealed()), c.keyVersion()), c.version());
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
    @DisplayName("rewrap and retirement")
    class Rewrap extends RewrapTests {
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
    @DisplayName("expiry")
    class Expiry extends ExpiryTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("single-flight refresh")
    class Refresh extends RefreshTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("lifecycle listeners")
    class Listeners extends ListenerTests {
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
    class Create extends CreateTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("reveal")
    class Reveal extends RevealTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("update")
    class Update extends UpdateTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("delete, restore, purge")
    class Deletion extends DeletionTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("list")
    class Listing extends ListingTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("owner isolation")
    class Isolation extends IsolationTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("tamper detection")
    class Tamper extends TamperTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("redaction")
    class Redaction extends RedactionTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("read cache")
    class Cache extends CacheTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput extends BadInputTests {
        @Override
        CredentialStoreContract kit() {
            return CredentialStoreContract.this;
        }
    }
}
