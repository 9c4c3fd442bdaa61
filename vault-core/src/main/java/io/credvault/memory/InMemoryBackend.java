package io.credvault.memory;

import io.credvault.ApiKeyState;
import io.credvault.CredentialId;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import io.credvault.spi.ApiKeyRow;
import io.credvault.spi.ApiKeyStore;
import io.credvault.spi.EventQuery;
import io.credvault.spi.ExpiryPosition;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.LeaseTable;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.ProviderCallStore;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link VaultBackend} held in memory. Transactions take one write lock and keep an undo log, so a
 * transaction that throws leaves no trace; reads are lock-free (optimistic) and never see a transaction's
 * uncommitted writes. Everything is lost when the object is dropped.
 */
public final class InMemoryBackend implements VaultBackend, ApiKeyStore, ProviderCallStore {
    private final StampedLock lock = new StampedLock();
    final ConcurrentHashMap<CredentialId, StoredCredential> byId = new ConcurrentHashMap<>();
    final ConcurrentHashMap<OwnerId, ConcurrentSkipListMap<CredentialId, StoredCredential>> byOwner =
            new ConcurrentHashMap<>();
    final HashMap<String, CredentialId> activeNames = new HashMap<>();
    final TreeMap<Integer, KeyRecord> keys = new TreeMap<>();
    final HashMap<String, String> settings = new HashMap<>();
    final TreeMap<Long, JournalEvent> journal = new TreeMap<>();
    final TreeMap<Long, ProviderCallRow> calls = new TreeMap<>();
    long nextCallId = 1;
    final HashMap<String, ApiKeyRow> apiKeys = new HashMap<>();
    final HashMap<String, LeaseTable.Lease> leases = new HashMap<>();
    private volatile @Nullable Thread txOwner;

    /** An empty backend. */
    public InMemoryBackend() {
    }

    @Override
    public Optional<StoredCredential> find(CredentialId id) {
        return Optional.ofNullable(read(() -> byId.get(id)));
    }

    @Override
    public List<StoredCredential> list(@Nullable OwnerId owner, ListFilter filter, @Nullable CredentialId after, int limit) {
        return read(() -> {
            NavigableMap<CredentialId, StoredCredential> all = owner == null ? new TreeMap<>(byId) : byOwner.get(owner);
            List<StoredCredential> out = new ArrayList<>(Math.min(limit, 64));
            if (all == null) {
                return out;
            }
            NavigableMap<CredentialId, StoredCredential> tail = after == null ? all : all.tailMap(after, false);
            for (StoredCredential c : tail.values()) {
                if (filter.matches(c.metadata())) {
                    out.add(c);
                    if (out.size() == limit) {
                        break;
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void recordUses(Map<CredentialId, Instant> uses) {
        writeLocked(() -> uses.forEach((id, at) -> {
            StoredCredential c = byId.get(id);
            if (c != null && (c.metadata().lastUsed() == null || c.metadata().lastUsed().isBefore(at))) {
                put(c.with(m -> m.lastUsed(at)));
            }
        }));
    }

    @Override
    public Optional<ApiKeyStore> apiKeys() {
        return Optional.of(this);
    }

    @Override
    public Optional<ProviderCallStore> providerCalls() {
        return Optional.of(this);
    }

    /** Runs a single-step change outside any transaction, under the write lock. */
    private void writeLocked(Runnable change) {
        long stamp = lock.writeLock();
        try {
            change.run();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public List<StoredCredential> sealedUnder(List<Integer> versions, @Nullable CredentialId after, int limit) {
        return read(() -> byId.values().stream()
                .filter(c -> versions.contains(c.keyVersion()) && (after == null || c.id().compareTo(after) > 0))
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .limit(limit)
                .toList());
    }

    @Override
    public List<StoredCredential> expiring(@Nullable OwnerId owner, Instant before, @Nullable ExpiryPosition after, int limit) {
        return read(() -> {
            Collection<StoredCredential> scope = owner == null ? byId.values()
                    : byOwner.getOrDefault(owner, new ConcurrentSkipListMap<>()).values();
            TreeMap<ExpiryPosition, StoredCredential> sorted = new TreeMap<>(
                    Comparator.comparing(ExpiryPosition::at).thenComparing(ExpiryPosition::id));
            for (StoredCredential c : scope) {
                Instant at = c.metadata().nextExpiry();
                if (!c.deleted() && at != null && at.isBefore(before) && (after == null || after.isBefore(at, c.id()))) {
                    sorted.put(new ExpiryPosition(at, c.id()), c);
                }
            }
            return sorted.values().stream().limit(limit).toList();
        });
    }

    @Override
    public Map<Integer, Long> countByKeyVersion() {
        return read(() -> {
            TreeMap<Integer, Long> counts = new TreeMap<>();
            byId.values().forEach(c -> counts.merge(c.keyVersion(), 1L, Long::sum));
            return counts;
        });
    }

    @Override
    public Map<String, Long> contents() {
        return locked(() -> Map.of("credentials", (long) byId.size(), "journal", (long) journal.size(), "keys", (long) keys.size(),
                "settings", (long) settings.size(), "apiKeys", (long) apiKeys.size(), "providerCalls", (long) calls.size()));
    }

    @Override
    public List<KeyRecord> keys() {
        return locked(() -> List.copyOf(keys.values()));
    }

    @Override
    public Optional<String> setting(String name) {
        return locked(() -> Optional.ofNullable(settings.get(name)));
    }

    @Override
    public Map<String, String> settings() {
        return locked(() -> Map.copyOf(settings));
    }

    @Override
    public List<ApiKeyRow> page(@Nullable String afterId, int limit) {
        return locked(() -> apiKeys.values().stream().filter(k -> afterId == null || k.id().compareTo(afterId) > 0)
                .sorted((a, b) -> a.id().compareTo(b.id())).limit(limit).toList());
    }

    @Override
    public List<ProviderCallRow> page(long afterId, int limit) {
        return locked(() -> calls.tailMap(afterId, false).values().stream().limit(limit).toList());
    }

    @Override
    public List<JournalEvent> events(EventQuery query) {
        return locked(() -> (query.newestFirst() ? journal.descendingMap() : journal).values().stream()
                .filter(query::matches).limit(query.limit()).toList());
    }

    @Override
    public List<ProviderCallRow> calls(CredentialId id, long beforeId, int limit) {
        return locked(() -> calls.descendingMap().values().stream()
                .filter(c -> c.credentialId().equals(id) && (beforeId == 0 || c.id() < beforeId)).limit(limit).toList());
    }

    @Override
    public Optional<ApiKeyRow> byHash(String hash) {
        return locked(() -> apiKeys.values().stream().filter(k -> k.hash().equals(hash)).findFirst());
    }

    @Override
    public List<ApiKeyRow> live(OwnerId owner) {
        return locked(() -> apiKeys.values().stream().filter(k -> k.owner().equals(owner) && k.state() != ApiKeyState.REVOKED)
                .sorted((a, b) -> a.createdAt().compareTo(b.createdAt())).toList());
    }

    @Override
    public void recordUse(String id, Instant at) {
        writeLocked(() -> {
            ApiKeyRow k = apiKeys.get(id);
            if (k != null && (k.lastUsed() == null || k.lastUsed().isBefore(at))) {
                apiKeys.put(id, new ApiKeyRow(k.id(), k.owner(), k.prefix(), k.hash(), k.state(), k.createdAt(),
                        k.graceUntil(), k.revokedAt(), at));
            }
        });
    }

    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
        if (txOwner == Thread.currentThread()) {
            throw new IllegalStateException("nested transaction: this thread is already inside a transaction of this backend");
        }
        long stamp = lock.writeLock();
        txOwner = Thread.currentThread();
        InMemoryTransaction tx = new InMemoryTransaction(this);
        try {
            T result = work.run(tx);
            tx.undo.clear();
            return result;
        } catch (RuntimeException | Error e) {
            tx.rollback();
            throw e;
        } finally {
            txOwner = null;
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public void close() {
        // nothing to release
    }

    /**
     * Overwrites (or, with null, deletes) the journal row {@code seq} outside any transaction, as an attacker
     * with database access could: for tamper-detection tests only.
     *
     * @param seq the journal sequence number
     * @param replacement the entry to write in its place, or null to delete the row
     */
    public void rewriteJournalRow(long seq, @Nullable JournalEvent replacement) {
        writeLocked(() -> {
            if (replacement == null) {
                journal.remove(seq);
            } else {
                journal.put(seq, replacement);
            }
        });
    }

    /** Lock-free read, retried under the read lock if a transaction ran meanwhile. */
    private <T> T read(Supplier<T> reader) {
        if (txOwner == Thread.currentThread()) {
            return reader.get(); // a read from inside this thread's transaction
        }
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            T value = reader.get();
            if (lock.validate(stamp)) {
                return value;
            }
        }
        return locked(reader);
    }

    private <T> T locked(Supplier<T> reader) {
        if (txOwner == Thread.currentThread()) {
            return reader.get();
        }
        long stamp = lock.readLock();
        try {
            return reader.get();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    static String nameKey(OwnerId owner, String name) {
        return owner.value() + '\u0000' + name;
    }

    /** Puts {@code c} into every index; returns the previous state. */
    @Nullable StoredCredential put(StoredCredential c) {
        StoredCredential previous = byId.put(c.id(), c);
        byOwner.computeIfAbsent(c.owner(), o -> new ConcurrentSkipListMap<>()).put(c.id(), c);
        if (previous != null && !previous.deleted()) {
            activeNames.remove(nameKey(previous.owner(), previous.metadata().name()), previous.id());
        }
        if (!c.deleted()) {
            activeNames.put(nameKey(c.owner(), c.metadata().name()), c.id());
        }
        return previous;
    }

    void remove(StoredCredential c) {
        byId.remove(c.id());
        NavigableMap<CredentialId, StoredCredential> owned = byOwner.get(c.owner());
        if (owned != null) {
            owned.remove(c.id());
        }
        if (!c.deleted()) {
            activeNames.remove(nameKey(c.owner(), c.metadata().name()), c.id());
        }
    }
}
