package io.credvault.memory;

import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import io.credvault.core.internal.Metadata;
import io.credvault.spi.ApiKeyRow;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.EventQuery;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
public final class InMemoryBackend implements VaultBackend {
    private final StampedLock lock = new StampedLock();
    private final ConcurrentHashMap<CredentialId, StoredCredential> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<OwnerId, ConcurrentSkipListMap<CredentialId, StoredCredential>> byOwner =
            new ConcurrentHashMap<>();
    private final HashMap<String, CredentialId> activeNames = new HashMap<>();
    private final TreeMap<Integer, KeyRecord> keys = new TreeMap<>();
    private final HashMap<String, String> settings = new HashMap<>();
    private final TreeMap<Long, JournalEvent> journal = new TreeMap<>();
    private final TreeMap<Long, ProviderCallRow> calls = new TreeMap<>();
    private long nextCallId = 1;
    private final HashMap<String, ApiKeyRow> apiKeys = new HashMap<>();
    private volatile @Nullable Thread txOwner;

    public InMemoryBackend() {
    }

    @Override
    public Optional<StoredCredential> find(CredentialId id) {
        return Optional.ofNullable(read(() -> byId.get(id)));
    }

    @Override
    public List<StoredCredential> list(OwnerId owner, ListFilter filter, @Nullable CredentialId after, int limit) {
        return read(() -> {
            NavigableMap<CredentialId, StoredCredential> all = byOwner.get(owner);
            List<StoredCredential> out = new ArrayList<>(Math.min(limit, 64));
            if (all == null) {
                return out;
            }
            NavigableMap<CredentialId, StoredCredential> tail = after == null ? all : all.tailMap(after, false);
            for (StoredCredential c : tail.values()) {
                if (filter.matches(Metadata.of(c))) {
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
    public void recordUse(CredentialId id, Instant at) {
        writeLocked(() -> {
            StoredCredential c = byId.get(id);
            if (c != null && (c.lastUsed() == null || c.lastUsed().isBefore(at))) {
                put(c.withLastUsed(at));
            }
        });
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
    public List<JournalEvent> events(EventQuery query) {
        return locked(() -> (query.newestFirst() ? journal.descendingMap() : journal).values().stream()
                .filter(query::matches).limit(query.limit()).toList());
    }

    @Override
    public List<ProviderCallRow> providerCalls(CredentialId id, long beforeId, int limit) {
        return locked(() -> calls.descendingMap().values().stream()
                .filter(c -> c.credentialId().equals(id) && (beforeId == 0 || c.id() < beforeId)).limit(limit).toList());
    }

    @Override
    public Optional<ApiKeyRow> apiKeyByHash(String hash) {
        return locked(() -> apiKeys.values().stream().filter(k -> k.hash().equals(hash)).findFirst());
    }

    @Override
    public List<ApiKeyRow> liveApiKeys(OwnerId owner) {
        return locked(() -> apiKeys.values().stream().filter(k -> k.owner().equals(owner) && !k.state().equals("REVOKED"))
                .sorted((a, b) -> a.createdAt().compareTo(b.createdAt())).toList());
    }

    @Override
    public void recordApiKeyUse(String id, Instant at) {
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
        Tx tx = new Tx();
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

    private static String nameKey(OwnerId owner, String name) {
        return owner.value() + '\u0000' + name;
    }

    /** Puts {@code c} into every index; returns the previous state. */
    private @Nullable StoredCredential put(StoredCredential c) {
        StoredCredential previous = byId.put(c.id(), c);
        byOwner.computeIfAbsent(c.owner(), o -> new ConcurrentSkipListMap<>()).put(c.id(), c);
        if (previous != null && !previous.deleted()) {
            activeNames.remove(nameKey(previous.owner(), previous.name()), previous.id());
        }
        if (!c.deleted()) {
            activeNames.put(nameKey(c.owner(), c.name()), c.id());
        }
        return previous;
    }

    private void remove(StoredCredential c) {
        byId.remove(c.id());
        NavigableMap<CredentialId, StoredCredential> owned = byOwner.get(c.owner());
        if (owned != null) {
            owned.remove(c.id());
        }
        if (!c.deleted()) {
            activeNames.remove(nameKey(c.owner(), c.name()), c.id());
        }
    }

    private final class Tx implements BackendTransaction {
        private final Deque<Runnable> undo = new ArrayDeque<>();

        void rollback() {
            while (!undo.isEmpty()) {
                undo.pop().run();
            }
        }

        @Override
        public Optional<StoredCredential> find(CredentialId id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public boolean activeNameExists(OwnerId owner, String name) {
            return activeNames.containsKey(nameKey(owner, name));
        }

        private void checkName(StoredCredential c) {
            CredentialId holder = activeNames.get(nameKey(c.owner(), c.name()));
            if (!c.deleted() && holder != null && !holder.equals(c.id())) {
                throw new ConflictException("an active credential named '" + c.name() + "' already exists for this owner");
            }
        }

        @Override
        public void insert(StoredCredential credential) {
            if (byId.containsKey(credential.id())) {
                throw new ConflictException("credential " + credential.id() + " already exists");
            }
            checkName(credential);
            put(credential);
            undo.push(() -> remove(credential));
        }

        @Override
        public boolean update(StoredCredential credential, long expectedVersion) {
            StoredCredential current = byId.get(credential.id());
            if (current == null || current.version() != expectedVersion) {
                return false;
            }
            checkName(credential);
            StoredCredential stored = current.lastUsed() != null
                    && (credential.lastUsed() == null || credential.lastUsed().isBefore(current.lastUsed()))
                    ? credential.withLastUsed(current.lastUsed()) : credential;
            put(stored);
            undo.push(() -> {
                remove(stored);
                put(current);
            });
            return true;
        }

        @Override
        public boolean delete(CredentialId id) {
            StoredCredential current = byId.get(id);
            if (current == null) {
                return false;
            }
            remove(current);
            undo.push(() -> put(current));
            return true;
        }

        @Override
        public void append(JournalEvent event) {
            if (journal.putIfAbsent(event.seq(), event) != null) {
                throw new io.credvault.IntegrityException("the journal holds an entry with sequence number " + event.seq()
                        + " beyond its authenticated head: rows were added to the journal outside the vault");
            }
            undo.push(() -> journal.remove(event.seq()));
        }

        @Override
        public int deleteEventsUpTo(long upTo) {
            Map<Long, JournalEvent> removed = new TreeMap<>(journal.headMap(upTo, true));
            journal.headMap(upTo, true).clear();
            undo.push(() -> journal.putAll(removed));
            return removed.size();
        }

        @Override
        public long lastSeqBefore(Instant time) {
            return journal.values().stream().filter(e -> e.at().isBefore(time)).mapToLong(JournalEvent::seq).max().orElse(0);
        }

        @Override
        public long insertProviderCall(ProviderCallRow call) {
            long id = nextCallId++;
            calls.put(id, call.withId(id));
            undo.push(() -> {
                calls.remove(id);
                nextCallId--;
            });
            return id;
        }

        @Override
        public int deleteProviderCalls(@Nullable CredentialId credentialId, @Nullable Instant before) {
            Map<Long, ProviderCallRow> removed = new TreeMap<>();
            calls.values().removeIf(c -> {
                boolean hit = (credentialId == null || c.credentialId().equals(credentialId))
                        && (before == null || c.at().isBefore(before));
                if (hit) {
                    removed.put(c.id(), c);
                }
                return hit;
            });
            undo.push(() -> calls.putAll(removed));
            return removed.size();
        }

        @Override
        public void putApiKey(ApiKeyRow key) {
            if (key.state().equals("ACTIVE") && apiKeys.values().stream().anyMatch(k -> k.state().equals("ACTIVE")
                    && k.owner().equals(key.owner()) && !k.id().equals(key.id()))) {
                throw new ConflictException("owner already has an active API key; rotate or delete it first");
            }
            ApiKeyRow previous = apiKeys.put(key.id(), key);
            undo.push(() -> {
                if (previous == null) {
                    apiKeys.remove(key.id());
                } else {
                    apiKeys.put(key.id(), previous);
                }
            });
        }

        @Override
        public List<KeyRecord> keys() {
            return List.copyOf(keys.values());
        }

        @Override
        public void putKey(KeyRecord key) {
            KeyRecord previous = keys.put(key.version(), key);
            undo.push(() -> {
                if (previous == null) {
                    keys.remove(key.version());
                } else {
                    keys.put(previous.version(), previous);
                }
            });
        }

        @Override
        public Optional<String> setting(String name) {
            return Optional.ofNullable(settings.get(name));
        }

        @Override
        public void putSetting(String name, String value) {
            String previous = settings.put(name, value);
            undo.push(() -> {
                if (previous == null) {
                    settings.remove(name);
                } else {
                    settings.put(name, previous);
                }
            });
        }
    }
}
