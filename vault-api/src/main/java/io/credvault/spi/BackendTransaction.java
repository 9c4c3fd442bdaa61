package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import java.util.List;
import java.util.Optional;

/**
 * The writes (and the reads that must see them) of one backend transaction.
 */
public interface BackendTransaction {

    /** The credential, locked for update where the backend locks rows. */
    Optional<StoredCredential> find(CredentialId id);

    /** Whether an active (not deleted) credential of {@code owner} is named {@code name}. */
    boolean activeNameExists(OwnerId owner, String name);

    /**
     * Inserts a new credential.
     *
     * @throws io.credvault.ConflictException if an active credential of the same owner has the same name
     */
    void insert(StoredCredential credential);

    /**
     * Replaces the credential if its stored version is {@code expectedVersion} (compare-and-set).
     * {@code lastUsed} keeps the later of the stored and the given value, so a concurrent
     * {@link VaultBackend#recordUse} is never undone.
     *
     * @return false, changing nothing, if the stored version differs or the credential is gone
     * @throws io.credvault.ConflictException if the change would give two active credentials one name
     */
    boolean update(StoredCredential credential, long expectedVersion);

    /**
     * Rewrap's compare-and-set, for many credentials: replaces the sealed secret and key version of each
     * {@code next} if its stored version and key version are still those of {@code seen} (same index); other
     * columns are untouched. Returns, per index, whether it was replaced. Backends that can should send one batch.
     */
    default boolean[] swapSealed(List<StoredCredential> seen, List<StoredCredential> next) {
        boolean[] done = new boolean[seen.size()];
        for (int i = 0; i < seen.size(); i++) {
            StoredCredential s = seen.get(i);
            Optional<StoredCredential> cur = find(s.id());
            done[i] = cur.isPresent() && cur.get().version() == s.version() && cur.get().keyVersion() == s.keyVersion()
                    && update(next.get(i), s.version());
        }
        return done;
    }

    /** Removes the credential for good; false if it did not exist. */
    boolean delete(CredentialId id);

    /** Appends a journal entry with the sequence number and MAC the caller assigned. */
    void append(JournalEvent event);

    /** Appends entries in order; backends that can should send them as one batch. */
    default void appendAll(List<JournalEvent> events) {
        events.forEach(this::append);
    }

    /** Deletes journal entries with {@code seq <= upTo}; returns how many. */
    int deleteEventsUpTo(long upTo);

    /** The largest sequence number of an entry before {@code time}, or 0. */
    long lastSeqBefore(java.time.Instant time);

    /** Inserts a provider call; returns its id. */
    long insertProviderCall(ProviderCallRow call);

    /** Deletes the provider calls of a credential (or, with {@code before} set, those older than it); returns how many. */
    int deleteProviderCalls(@org.jspecify.annotations.Nullable CredentialId credentialId,
                            java.time.@org.jspecify.annotations.Nullable Instant before);

    /** Inserts or replaces an API key record (by id). */
    void putApiKey(ApiKeyRow key);

    /** Key records, read inside this transaction (locked where the backend locks rows). */
    List<KeyRecord> keys();

    /** Inserts or replaces the key record of {@code key.version()}. */
    void putKey(KeyRecord key);

    /** A named setting, read inside this transaction. */
    Optional<String> setting(String name);

    /** Sets a named setting. */
    void putSetting(String name, String value);
}
