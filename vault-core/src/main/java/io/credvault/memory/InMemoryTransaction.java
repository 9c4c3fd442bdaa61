package io.credvault.memory;

import io.credvault.ApiKeyState;
import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.spi.ApiKeyRow;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.JournalTable;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.CompleteTransaction;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** One transaction of an {@link InMemoryBackend}: changes apply at once and are undone on rollback. */
final class InMemoryTransaction implements CompleteTransaction {
    private final InMemoryBackend b;
    final Deque<Runnable> undo = new ArrayDeque<>();

    InMemoryTransaction(InMemoryBackend b) {
        this.b = b;
    }

    @Override
    public boolean tryTake(Lease lease, Instant now) {
        Lease held = b.leases.get(lease.name());
        if (held != null && !held.holder().equals(lease.holder()) && !held.expiresAt().isBefore(now)) {
            return false;
        }
        restoreOnUndo(b.leases, lease.name(), b.leases.put(lease.name(), lease));
        return true;
    }

    @Override
    public void release(String name, String holder) {
        Lease held = b.leases.get(name);
        if (held != null && held.holder().equals(holder)) {
            restoreOnUndo(b.leases, name, b.leases.remove(name));
        }
    }

    /** On rollback, puts back what {@code key} held in {@code map} before this transaction's change ({@code previous}). */
    private <K, V> void restoreOnUndo(Map<K, V> map, K key, @Nullable V previous) {
        undo.push(() -> {
            if (previous == null) {
                map.remove(key);
            } else {
                map.put(key, previous);
            }
        });
    }

    void rollback() {
        while (!undo.isEmpty()) {
            undo.pop().run();
        }
    }

    @Override
    public Optional<StoredCredential> find(CredentialId id) {
        return Optional.ofNullable(b.byId.get(id));
    }

    @Override
    public boolean activeNameExists(OwnerId owner, String name) {
        return b.activeNames.containsKey(b.nameKey(owner, name));
    }

    private void checkName(StoredCredential c) {
        CredentialId holder = b.activeNames.get(b.nameKey(c.owner(), c.metadata().name()));
        if (!c.deleted() && holder != null && !holder.equals(c.id())) {
            throw new ConflictException("an active credential named '" + c.metadata().name() + "' already exists for this owner");
        }
    }

    @Override
    public void insert(StoredCredential credential) {
        if (b.byId.containsKey(credential.id())) {
            throw new ConflictException("credential " + credential.id() + " already exists");
        }
        checkName(credential);
        b.put(credential);
        undo.push(() -> b.remove(credential));
    }

    @Override
    public boolean update(StoredCredential credential, long expectedVersion) {
        StoredCredential current = b.byId.get(credential.id());
        if (current == null || current.version() != expectedVersion) {
            return false;
        }
        checkName(credential);
        StoredCredential stored = current.metadata().lastUsed() != null
                && (credential.metadata().lastUsed() == null || credential.metadata().lastUsed().isBefore(current.metadata().lastUsed()))
                ? credential.with(m -> m.lastUsed(current.metadata().lastUsed())) : credential;
        b.put(stored);
        undo.push(() -> {
            b.remove(stored);
            b.put(current);
        });
        return true;
    }

    @Override
    public boolean delete(CredentialId id) {
        StoredCredential current = b.byId.get(id);
        if (current == null) {
            return false;
        }
        b.remove(current);
        undo.push(() -> b.put(current));
        return true;
    }

    @Override
    public void append(JournalEvent event) {
        if (b.journal.putIfAbsent(event.seq(), event) != null) {
            throw JournalTable.entryExists(event.seq());
        }
        undo.push(() -> b.journal.remove(event.seq()));
    }

    @Override
    public int deleteUpTo(long upTo) {
        Map<Long, JournalEvent> removed = new TreeMap<>(b.journal.headMap(upTo, true));
        b.journal.headMap(upTo, true).clear();
        undo.push(() -> b.journal.putAll(removed));
        return removed.size();
    }

    @Override
    public long lastSeqBefore(Instant time) {
        return b.journal.values().stream().filter(e -> e.at().isBefore(time)).mapToLong(JournalEvent::seq).max().orElse(0);
    }

    @Override
    public long add(ProviderCallRow call) {
        long id = b.nextCallId++;
        b.calls.put(id, call.withId(id));
        undo.push(() -> {
            b.calls.remove(id);
            b.nextCallId--;
        });
        return id;
    }

    @Override
    public int remove(@Nullable CredentialId credentialId, @Nullable Instant before) {
        Map<Long, ProviderCallRow> removed = new TreeMap<>();
        b.calls.values().removeIf(c -> {
            boolean hit = (credentialId == null || c.credentialId().equals(credentialId))
                    && (before == null || c.at().isBefore(before));
            if (hit) {
                removed.put(c.id(), c);
            }
            return hit;
        });
        undo.push(() -> b.calls.putAll(removed));
        return removed.size();
    }

    @Override
    public void put(ApiKeyRow key) {
        if (key.state() == ApiKeyState.ACTIVE && b.apiKeys.values().stream().anyMatch(k -> k.state() == ApiKeyState.ACTIVE
                && k.owner().equals(key.owner()) && !k.id().equals(key.id()))) {
            throw new ConflictException("owner already has an active API key; rotate or delete it first");
        }
        ApiKeyRow previous = b.apiKeys.put(key.id(), key);
        undo.push(() -> {
            if (previous == null) {
                b.apiKeys.remove(key.id());
            } else {
                b.apiKeys.put(key.id(), previous);
            }
        });
    }

    @Override
    public List<KeyRecord> keys() {
        return List.copyOf(b.keys.values());
    }

    @Override
    public void putKey(KeyRecord key) {
        KeyRecord previous = b.keys.put(key.version(), key);
        undo.push(() -> {
            if (previous == null) {
                b.keys.remove(key.version());
            } else {
                b.keys.put(previous.version(), previous);
            }
        });
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.ofNullable(b.settings.get(name));
    }

    @Override
    public void putSetting(String name, String value) {
        restoreOnUndo(b.settings, name, b.settings.put(name, value));
    }

    @Override
    public void insertSetting(String name, String value) {
        if (b.settings.containsKey(name)) {
            throw new io.credvault.ConflictException("setting " + name + " exists");
        }
        putSetting(name, value);
    }
}
