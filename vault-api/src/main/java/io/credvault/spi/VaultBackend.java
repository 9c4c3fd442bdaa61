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

    /**
     * The credential with this id, whatever its owner (the caller checks ownership).
     *
     * @param id the credential's id
     * @return the credential, or empty
     */
    Optional<StoredCredential> find(CredentialId id);

    /**
     * The credentials with these ids, whatever their owner, in one round trip where the store can (by default, one
     * {@link #find} each).
     *
     * @param ids the ids
     * @return the credentials that exist, in no particular order
     */
    default List<StoredCredential> findAll(java.util.Collection<CredentialId> ids) {
        return ids.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /**
     * Up to {@code limit} of {@code owner}'s credentials (every owner's when {@code owner} is null) matching
     * {@code filter}, with ids greater than {@code after}, in id order.
     *
     * @param owner the owner, or null for every owner
     * @param filter which credentials
     * @param after the id after which the page starts, or null
     * @param limit the most rows
     * @return the credentials, in id order
     */
    List<StoredCredential> list(@Nullable OwnerId owner, ListFilter filter, @Nullable CredentialId after, int limit);

    /**
     * Sets each credential's {@code lastUsed} to the given time if that is later (or it was unset), as the reveal
     * writer sends them; does not change versions; ids that no longer exist are ignored. Best effort: it may run in
     * its own short transaction.
     *
     * @param uses credential id to the time it was used
     */
    void recordUses(Map<CredentialId, Instant> uses);

    /**
     * Up to {@code limit} credentials (of any owner, deleted or not) sealed under one of {@code versions},
     * with ids greater than {@code after}, in id order: the keyset walk that rewrap uses.
     *
     * @param versions key versions
     * @param after the id after which the page starts, or null
     * @param limit the most rows
     * @return credentials sealed under one of {@code versions}, in id order
     */
    List<StoredCredential> sealedUnder(List<Integer> versions, @Nullable CredentialId after, int limit);

    /**
     * {@link #sealedUnder}, narrowed to what a rewrap reads: the same walk, without the metadata. A backend that can
     * read fewer columns should.
     *
     * @param versions key versions
     * @param after the id after which the page starts, or null
     * @param limit the most rows
     * @return the sealed records of credentials sealed under one of {@code versions}, in id order
     */
    default List<SealedRecord> sealedRecordsUnder(List<Integer> versions, @Nullable CredentialId after, int limit) {
        return sealedUnder(versions, after, limit).stream().map(SealedRecord::of).toList();
    }

    /**
     * Up to {@code limit} active (not deleted) credentials of {@code owner}, or of every owner when it is null, whose
     * {@link io.credvault.CredentialMetadata#nextExpiry() next expiry} is set and before {@code before}, sorted by
     * next expiry then id, after {@code after}: the keyset walk of the expiry queries.
     *
     * @param owner the owner, or null for every owner
     * @param before next expiries before this instant
     * @param after the position after which the page starts, or null
     * @param limit the most rows
     * @return active credentials by next expiry, then id
     */
    List<StoredCredential> expiring(@Nullable OwnerId owner, Instant before, @Nullable ExpiryPosition after, int limit);

    /**
     * Number of credentials per key version.
     *
     * @return key version to the number of credentials sealed under it
     */
    Map<Integer, Long> countByKeyVersion();

    /**
     * How many rows the store holds, by kind: {@code credentials}, {@code journal}, {@code keys},
     * {@code settings}, {@code apiKeys}, {@code providerCalls}. Opening a vault reads it to tell an empty store
     * (which may become a new vault) from one whose keyring is missing (which must never be re-initialised).
     *
     * @return table name to row count
     */
    Map<String, Long> contents();

    /**
     * Every keyring setting (the key check, the MAC root, the journal's head and anchor, a rewrap's progress):
     * for copying a vault.
     *
     * @return setting name to value
     */
    Map<String, String> settings();

    /**
     * All key records, ordered by version.
     *
     * @return every key record, by version
     */
    List<KeyRecord> keys();

    /**
     * A named setting (keyring metadata, rewrap state), if set.
     *
     * @param name a setting's name
     * @return its value, or empty
     */
    Optional<String> setting(String name);

    /**
     * Journal entries matching {@code query}, in sequence order (descending if {@code newestFirst}).
     *
     * @param query which entries
     * @return the entries
     */
    List<JournalEvent> events(EventQuery query);

    /**
     * The optional capability to store the vault's own API keys; empty: the vault refuses API-key calls.
     *
     * @return the API keys store, or empty if this backend does not keep API keys
     */
    default Optional<ApiKeyStore> apiKeys() {
        return Optional.empty();
    }

    /**
     * The optional capability to store provider calls; empty: the vault refuses to record them.
     *
     * @return the provider calls store, or empty if this backend does not keep provider calls
     */
    default Optional<ProviderCallStore> providerCalls() {
        return Optional.empty();
    }

    /**
     * The optional capability to push other instances' committed changes as they happen; empty: a read cache reads
     * the journal at an interval instead.
     *
     * @return the change feed, or empty
     */
    default Optional<ChangeFeed> changeFeed() {
        return Optional.empty();
    }

    /**
     * Runs {@code work} in one transaction: all of its writes commit together or, if it throws, none do.
     * Keep the work short; no I/O other than this backend's.
     *
     * @param <T> what the work returns
     * @param work what runs in the transaction
     * @return what the work returned
     */
    <T> T inTransaction(TransactionWork<T> work);

    @Override
    void close();

    /**
     * Runs {@code step} in one transaction, as {@link #inTransaction} does, for work that returns nothing.
     *
     * @param step what runs in the transaction
     */
    default void useTransaction(TransactionStep step) {
        inTransaction(tx -> {
            step.run(tx);
            return Boolean.TRUE;
        });
    }

    /** Work run by {@link #inTransaction}. */
    @FunctionalInterface
    interface TransactionWork<T> {
        /**
         * Runs in the transaction.
         *
         * @param tx the transaction
         * @return what the transaction returns
         */
        T run(BackendTransaction tx);
    }

    /** Work run by {@link #useTransaction}. */
    @FunctionalInterface
    interface TransactionStep {
        /**
         * Runs in the transaction.
         *
         * @param tx the transaction
         */
        void run(BackendTransaction tx);
    }
}
