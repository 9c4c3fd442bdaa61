package io.credvault.internal;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.RevealAudit;
import io.credvault.spi.JournalEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Records reveals: their journal entries and the credentials' {@code lastUsed}. {@link RevealAudit#STRICT}: one
 * entry per reveal and the {@code lastUsed} update, each in its own transaction, before the reveal returns.
 * {@link RevealAudit#WRITE_BEHIND}: reveals are tallied per (owner, credential, actor, fields) and a daemon
 * thread writes one {@code credential.revealed} entry per tally (with {@code count}, {@code firstAt} and the last
 * time as {@code at}) at least every flush interval, then the latest use of each credential in one batch. At
 * most {@value #CAPACITY} tallies (and as many uses) wait: past that the revealing thread writes them itself. So
 * a crash loses at most one interval and at most that many entries; {@link #close()} writes what is left.
 * Until a use is written, {@link #pendingUse} lets this process read its own writes.
 */
final class RevealAuditor implements AutoCloseable {
    static final int CAPACITY = 10_000;
    private static final System.Logger LOG = System.getLogger("io.credvault.journal");

    /** What one tally counts. {@code fields} is the credential's own immutable name set, compared by content. */
    private record Key(OwnerId owner, CredentialId id, @Nullable String actor, Set<String> fields) {
        JournalEvent event(Instant at, Map<String, String> details) {
            return JournalEvent.of(at, owner, id, "credential.revealed", actor, details);
        }

        String fieldList() {
            return String.join(",", new TreeSet<>(fields));
        }
    }

    /**
     * Reveals counted under one key, times in microseconds since the epoch (reveal times are truncated to
     * microseconds); changed only inside the pending map's compute or merge for that key.
     */
    private static final class Tally {
        private long first;
        private long last;
        private long count;

        Tally(long first, long last, long count) {
            this.first = first;
            this.last = last;
            this.count = count;
        }

        Tally add(long from, long to, long n) {
            first = Math.min(first, from);
            last = Math.max(last, to);
            count += n;
            return this;
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
    private final Object flushLock = new Object();
    private final Thread writer;
    private volatile boolean closed;
    private volatile boolean started;
    private long failures;

    RevealAuditor(JournaledBackend backend, RevealAudit mode, Duration flushInterval) {
        this.backend = backend;
        this.mode = mode;
        this.writer = new Thread(() -> run(flushInterval), "credvault-reveal-audit");
        this.writer.setDaemon(true);
    }

    /** Records one reveal of {@code fields} of a credential at {@code at} by {@code actor}. */
    void revealed(Instant at, OwnerId owner, CredentialId id, @Nullable String actor, Set<String> fields) {
        Key key = new Key(owner, id, actor, fields);
        if (mode == RevealAudit.STRICT) {
            JournalEvent event = key.event(at, Map.of("fields", key.fieldList(), "count", "1"));
            backend.inTransaction(tx -> {
                tx.append(event);
                return null;
            });
            return;
        }
        long us = micros(at);
        pending.compute(key, (k, t) -> t == null ? new Tally(us, us, 1) : t.add(us, us, 1));
        queued(pending.size());
    }

    /** Records that {@code id} was used at {@code at}: now under STRICT, with the next flush otherwise. */
    void used(CredentialId id, Instant at) {
        if (mode == RevealAudit.STRICT) {
            backend.recordUse(id, at);
            return;
        }
        pendingUses.merge(id, at, (a, b) -> a.isAfter(b) ? a : b);
        queued(pendingUses.size());
    }

    /** After queueing: the writer runs, and past {@value #CAPACITY} waiting the caller writes (backpressure). */
    private void queued(int waiting) {
        if (!started) {
            startWriter();
        }
        if (waiting > CAPACITY) {
            flush();
        }
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

    private void run(Duration interval) {
        while (!closed) {
            synchronized (flushLock) {
                try {
                    flushLock.wait(Math.max(1, interval.toMillis()));
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                flush();
                failures = 0;
            } catch (RuntimeException e) {
                if (failures++ % 60 == 0) { // at most about once a minute at the default interval
                    LOG.log(System.Logger.Level.WARNING, "writing " + pending.size() + " reveal journal entries failed "
                            + failures + " time(s); they stay pending and are retried", e);
                }
            }
        }
    }

    /** Writes every pending tally and use; on failure they stay pending. */
    synchronized void flush() {
        RuntimeException failure = null;
        try {
            flushEntries();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            flushUses();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Writes the latest pending use of each credential; on failure they stay pending. */
    private void flushUses() {
        if (pendingUses.isEmpty()) {
            return;
        }
        Map<CredentialId, Instant> uses = new java.util.HashMap<>(pendingUses);
        backend.recordUses(uses); // on failure nothing was removed: retried at the next flush
        // drop what was written, unless a later use arrived meanwhile
        uses.forEach(pendingUses::remove);
    }

    private void flushEntries() {
        if (pending.isEmpty()) {
            return;
        }
        Map<Key, Tally> batch = new java.util.LinkedHashMap<>();
        for (Key k : pending.keySet()) {
            Tally t = pending.remove(k);
            if (t != null) {
                batch.put(k, t);
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
            backend.inTransaction(tx -> {
                events.forEach(tx::append);
                return null;
            });
        } catch (RuntimeException e) {
            batch.forEach((k, t) -> pending.merge(k, t, (a, b) -> a.add(b.first, b.last, b.count)));
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (flushLock) {
            flushLock.notifyAll();
        }
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
