package io.credvault.core.internal;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.RevealAudit;
import io.credvault.core.VaultObserver;
import io.credvault.spi.JournalEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records reveals: their journal entries and the credentials' {@code lastUsed}.
 *
 * <p>{@link RevealAudit#STRICT}: the entry (and the {@code lastUsed} update) is committed before the reveal
 * returns. Reveals that arrive while another thread is writing are committed together in its next transaction
 * (group commit, at most {@value #BATCH} entries), so concurrent reveals share one commit instead of queueing for
 * one each.
 *
 * <p>{@link RevealAudit#WRITE_BEHIND}: reveals are tallied per (owner, credential, actor, fields) and a daemon
 * thread writes one {@code credential.revealed} entry per tally (with {@code count}, {@code firstAt} and the last
 * time as {@code at}) at least every flush interval, then the latest use of each credential; in transactions of
 * at most {@value #BATCH} tallies (or uses) each. At most {@value #CAPACITY} tallies (and as many uses) wait: a
 * reveal that finds more waiting writes one batch itself before it returns (backpressure), so the longest a
 * reveal waits for the audit is about one batch of its own plus the batch being written. A crash loses at most
 * one interval and at most {@value #CAPACITY} entries; {@link #close()} writes what is left. Until a use is
 * written, {@link #pendingUse} lets this process read its own writes.
 */
final class RevealAuditor implements AutoCloseable {
    static final int CAPACITY = 10_000;
    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger("io.credvault.journal");

    /**
     * What one tally counts. {@code fields} is the credential's own immutable name set, compared by content; the
     * hash leaves it out (a credential's field names seldom differ between its reveals), so that finding a tally
     * does not walk the set: the hash is computed once, from the owner, the id and the actor.
     */
    private static final class Key {
        final OwnerId owner;
        final CredentialId id;
        final @Nullable String actor;
        final Set<String> fields;
        private final int hash;

        Key(OwnerId owner, CredentialId id, @Nullable String actor, Set<String> fields) {
            this.owner = owner;
            this.id = id;
            this.actor = actor;
            this.fields = fields;
            this.hash = (id.hashCode() * 31 + owner.hashCode()) * 31 + Objects.hashCode(actor);
        }

        JournalEvent event(Instant at, Map<String, String> details) {
            return JournalEvent.of(at, owner, id, "credential.revealed", actor, details);
        }

        String fieldList() {
            String known = FIELD_LISTS.get(fields);
            if (known != null) {
                return known;
            }
            String joined = String.join(",", new TreeSet<>(fields));
            if (FIELD_LISTS.size() < 1024) {
                FIELD_LISTS.putIfAbsent(Set.copyOf(fields), joined);
            }
            return joined;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && id.equals(k.id) && owner.equals(k.owner)
                    && Objects.equals(actor, k.actor) && (fields == k.fields || fields.equals(k.fields));
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The detail string of each set of field names written so far (a provider has one or a few), up to 1,024. */
    private static final ConcurrentHashMap<Set<String>, String> FIELD_LISTS = new ConcurrentHashMap<>();

    /**
     * Reveals counted under one key, times in microseconds since the epoch (reveal times are truncated to
     * microseconds). A reveal that finds its key's tally in the pending map counts in it under the tally's own lock,
     * without locking the map; the writer removes a tally from the map and then {@linkplain #take() takes} it, after
     * which it counts nothing more: a reveal that finds it taken counts in a new tally. The pending map only ever
     * holds tallies not taken.
     */
    private static final class Tally {
        private long first;
        private long last;
        private long count;
        private boolean taken;

        Tally(long first, long last, long count) {
            this.first = first;
            this.last = last;
            this.count = count;
        }

        /** Counts {@code n} reveals from {@code from} to {@code to}; false, counting nothing, once taken. */
        synchronized boolean add(long from, long to, long n) {
            if (taken) {
                return false;
            }
            first = Math.min(first, from);
            last = Math.max(last, to);
            count += n;
            return true;
        }

        /** Ends counting: from now on the figures are final. */
        synchronized Tally take() {
            taken = true;
            return this;
        }
    }

    /** One reveal waiting for its strict entry to commit; completed by whichever thread commits it. */
    private static final class StrictReveal {
        final JournalEvent event;
        final @Nullable Instant usedAt;
        boolean done;
        @Nullable RuntimeException failure;

        StrictReveal(JournalEvent event, @Nullable Instant usedAt) {
            this.event = event;
            this.usedAt = usedAt;
        }
    }

    private static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private final JournaledBackend backend;
    private final RevealAudit mode;
    private final ConcurrentHashMap<Key, Tally> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<CredentialId, Instant> pendingUses = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<StrictReveal> strictQueue = new ConcurrentLinkedQueue<>();
    /** Held while a batch is written; fair, so callers that must write wait in arrival order. */
    private final ReentrantLock writing = new ReentrantLock(true);
    private final Object wakeUp = new Object();
    private final Thread writer;
    private volatile boolean closed;
    /** Told each time a strict reveal joins the queue for the next commit; a test observes group commit with it. */
    volatile Runnable strictQueued = () -> { };
    private volatile boolean started;
    private final VaultObserver observer;
    private long failures;

    RevealAuditor(JournaledBackend backend, RevealAudit mode, Duration flushInterval, VaultObserver observer) {
        this.backend = backend;
        this.mode = mode;
        this.observer = observer;
        this.writer = new Thread(() -> run(flushInterval), "credvault-reveal-audit");
        this.writer.setDaemon(true);
    }

    /**
     * Records one reveal of {@code fields} of a credential at {@code at} by {@code actor}, and its use as the
     * credential's {@code lastUsed} when {@code used}.
     */
    void revealed(Instant at, OwnerId owner, CredentialId id, @Nullable String actor, Set<String> fields, boolean used) {
        Key key = new Key(owner, id, actor, fields);
        if (mode == RevealAudit.STRICT) {
            strict(new StrictReveal(key.event(at, Map.of("fields", key.fieldList(), "count", "1")), used ? at : null));
            return;
        }
        if (used) {
            pendingUses.merge(id, at, (a, b) -> a.isAfter(b) ? a : b);
        }
        long us = micros(at);
        count(key, us, us, 1);
        if (!started) {
            startWriter();
        }
        if (pending.size() > CAPACITY || pendingUses.size() > CAPACITY) {
            wakeWriter();
            writeBatch(); // backpressure: one batch, not the whole backlog
        }
    }

    /**
     * Counts {@code n} reveals of {@code key} from {@code first} to {@code last}: in its pending tally, or (none
     * pending, or the one found taken meanwhile) in a new one.
     */
    private void count(Key key, long first, long last, long n) {
        Tally t = pending.get(key);
        if (t == null || !t.add(first, last, n)) {
            pending.compute(key, (k, cur) -> cur != null && cur.add(first, last, n) ? cur : new Tally(first, last, n));
        }
    }

    /** Commits {@code r}, with whatever other strict reveals are waiting, before returning. */
    private void strict(StrictReveal r) {
        strictQueue.add(r);
        strictQueued.run();
        while (true) {
            writing.lock();
            try {
                if (!r.done) {
                    writeStrictGroup();
                }
                if (r.done) {
                    break;
                }
            } finally {
                writing.unlock();
            }
        }
        if (r.failure != null) {
            throw r.failure;
        }
    }

    /** Under {@link #writing}: one transaction for up to {@value #BATCH} waiting strict reveals, then their uses. */
    private void writeStrictGroup() {
        List<StrictReveal> group = new ArrayList<>();
        StrictReveal next;
        while (group.size() < BATCH && (next = strictQueue.poll()) != null) {
            group.add(next);
        }
        RuntimeException failure = null;
        try {
            backend.useTransaction(tx -> {
                group.forEach(g -> tx.journal().append(g.event));
            });
            Map<CredentialId, Instant> uses = new HashMap<>();
            for (StrictReveal g : group) {
                if (g.usedAt != null) {
                    uses.merge(g.event.credentialId(), g.usedAt, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            backend.recordUses(uses);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (StrictReveal g : group) {
            g.failure = failure;
            g.done = true;
        }
    }

    JournaledBackend backend() {
        return backend;
    }

    /** The latest use of {@code id} not yet written, if any. */
    @Nullable Instant pendingUse(CredentialId id) {
        return pendingUses.isEmpty() ? null : pendingUses.get(id);
    }

    private synchronized void startWriter() {
        if (!started && !closed) {
            writer.start();
            started = true;
        }
    }

    private void wakeWriter() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void run(Duration interval) {
        while (!closed) {
            synchronized (wakeUp) {
                try {
                    wakeUp.wait(Math.max(1, interval.toMillis()));
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                flush();
                failures = 0;
            } catch (RuntimeException e) {
                if (failures++ % 60 == 0) { // at most about once a minute at the default interval
                    LOG.warn("writing " + pending.size() + " reveal journal entries failed "
                            + failures + " time(s); they stay pending and are retried", e);
                }
            }
        }
    }

    /** Writes the tallies and uses pending when called, a batch at a time; on failure what was not written stays pending. */
    void flush() {
        // what is pending now, a batch at a time; reveals that arrive meanwhile wait for the next flush, so a
        // flush under steady load ends (and the writer thread rests between intervals)
        int batches = (Math.max(pending.size(), pendingUses.size()) + BATCH - 1) / BATCH;
        for (int i = 0; i < batches && (!pending.isEmpty() || !pendingUses.isEmpty()); i++) {
            writeBatch();
        }
    }

    /** Writes at most {@value #BATCH} pending tallies and {@value #BATCH} pending uses; on failure they stay pending. */
    private void writeBatch() {
        writing.lock();
        long start = System.nanoTime();
        int[] written = {0, 0};
        try {
            RuntimeException failure = null;
            try {
                written[0] = writeEntries();
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                written[1] = writeUses();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            if (written[0] + written[1] > 0 || failure != null) {
                observer.revealJournalFlushed(written[0] + written[1], System.nanoTime() - start, failure == null);
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            writing.unlock();
        }
    }

    /** Reveals (tallies) and uses waiting to be written. */
    int queued() {
        return pending.size() + pendingUses.size() + strictQueue.size();
    }

    /** Writes up to a batch of pending uses; returns how many. */
    private int writeUses() {
        if (pendingUses.isEmpty()) {
            return 0;
        }
        Map<CredentialId, Instant> uses = new HashMap<>();
        for (Map.Entry<CredentialId, Instant> e : pendingUses.entrySet()) {
            if (uses.size() == BATCH) {
                break;
            }
            uses.put(e.getKey(), e.getValue());
        }
        backend.recordUses(uses); // on failure nothing was removed: retried at the next flush
        // drop what was written, unless a later use arrived meanwhile
        uses.forEach(pendingUses::remove);
        return uses.size();
    }

    /** Writes up to a batch of pending tallies as journal entries; returns how many. */
    private int writeEntries() {
        if (pending.isEmpty()) {
            return 0;
        }
        Map<Key, Tally> batch = new LinkedHashMap<>();
        for (Key k : pending.keySet()) {
            if (batch.size() == BATCH) {
                break;
            }
            if (batch.containsKey(k)) {
                // met again: a reveal counted it anew after it was taken (the walk is weakly consistent); the new
                // tally waits for the next batch rather than replacing, and losing, the one taken here
                continue;
            }
            Tally t = pending.remove(k);
            if (t != null) {
                batch.put(k, t.take());
            }
        }
        List<JournalEvent> events = new ArrayList<>(batch.size());
        batch.forEach((k, t) -> {
            Map<String, String> details = new TreeMap<>();
            details.put("fields", k.fieldList());
            details.put("count", String.valueOf(t.count));
            if (t.count > 1) {
                details.put("firstAt", instant(t.first).toString());
            }
            events.add(k.event(instant(t.last), details));
        });
        try {
            backend.useTransaction(tx -> {
                events.forEach(tx.journal()::append);
            });
        } catch (RuntimeException e) {
            // counted again, into the key's pending tally or a new one: a taken tally never goes back into the map
            batch.forEach((k, t) -> count(k, t.first, t.last, t.count));
            throw e;
        }
        return events.size();
    }

    @Override
    public void close() {
        closed = true;
        wakeWriter();
        try {
            if (started) {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
