package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Storage for sealed credentials, the keyring, settings and the journal. Implementations are thread-safe and
 * never see plaintext. Reads here run outside transactions and see only committed state; every change goes
 * through {@link #inTransaction}, which commits all of its writes or none.
 *
 * <p>Failures of the underlying store are thrown as {@link io.credvault.StorageException}.
 */
public interface VaultBackend extends AutoCloseable {

    /** The credential with this id, whatever its owner (the caller checks ownership). */
    Optional<StoredCredential> find(CredentialId id);

    /**
     * Up to {@code limit} of {@code owner}'s credentials (every owner's when {@code owner} is null) matching
     * {@code filter}, with ids greater than {@code after}, in id order.
     */
    List<StoredCredential> list(@Nullable OwnerId owner, ListFilter filter, @Nullable CredentialId after, int limit);

    /**
     * Sets each credential's {@code lastUsed} to the given time if that is later (or it was unset), as the reveal
     * writer sends them; does not change versions; ids that no longer exist are ignored. Best effort: it may run in
     * its own short transaction.
     */
    void recordUses(Map<CredentialId, Instant> uses);

    /**
     * Up to {@code limit} credentials (of any owner, deleted or not) sealed under one of {@code versions},
     * with ids greater than {@code after}, in id order: the keyset walk that rewrap uses.
     */
    List<StoredCredential> sealedUnder(List<Integer> versions, @Nullable CredentialId after, int limit);

    /**
     * Up to {@code limit} active (not deleted) credentials of {@code owner}, or of every owner when it is null, whose
     * {@link io.credvault.CredentialMetadata#nextExpiry() next expiry} is set and before {@code before}, sorted by
     * next expiry then id, after {@code after}: the keyset walk of the expiry queries.
     */
    List<StoredCredential> expiring(@Nullable OwnerId owner, Instant before, @Nullable ExpiryPosition after, int limit);

    /** Number of credentials per key version. */
    Map<Integer, Long> countByKeyVersion();

    /**
     * How many rows the store holds, by kind: {@code credentials}, {@code journal}, {@code keys},
     * {@code settings}, {@code apiKeys}, {@code providerCalls}. Opening a vault reads it to tell an empty store
     * (which may become a new vault) from one whose keyring is missing (which must never be re-initialised).
     */
    Map<String, Long> contents();

    /** All key records, ordered by version. */
    List<KeyRecord> keys();

    /** A named setting (keyring metadata, rewrap state), if set. */
    Optional<String> setting(String name);

    /** Journal entries matching {@code query}, in sequence order (descending if {@code newestFirst}). */
    List<JournalEvent> events(EventQuery query);

    /** The optional capability to store the vault's own API keys; empty: the vault refuses API-key calls. */
    default Optional<ApiKeyStore> apiKeys() {
        return Optional.empty();
    }

    /** The optional capability to store provider calls; empty: the vault refuses to record them. */
    default Optional<ProviderCallStore> providerCalls() {
        return Optional.empty();
    }

    /**
     * Runs {@code work} in one transaction: all of its writes commit together or, if it throws, none do.
     * Keep the work short; no I/O other than this backend's.
     */
    <T> T inTransaction(TransactionWork<T> work);

    @Override
    void close();

    /** Runs {@code step} in one transaction, as {@link #inTransaction} does, for work that returns nothing. */
    default void useTransaction(TransactionStep step) {
        inTransaction(tx -> {
            step.run(tx);
            return Boolean.TRUE;
        });
    }

    /** Work run by {@link #inTransaction}. */
    @FunctionalInterface
    interface TransactionWork<T> {
        T run(BackendTransaction tx);
    }

    /** Work run by {@link #useTransaction}. */
    @FunctionalInterface
    interface TransactionStep {
        void run(BackendTransaction tx);
    }
}
