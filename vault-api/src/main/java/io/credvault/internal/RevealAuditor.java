package io.credvault.internal;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.RevealAudit;
import io.credvault.spi.JournalEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Journals reveals. {@link RevealAudit#STRICT}: one entry per reveal, in its own transaction, before the reveal
 * returns. {@link RevealAudit#WRITE_BEHIND}: reveals are tallied per (owner, credential, actor, fields) and a
 * daemon thread writes one {@code credential.revealed} entry per tally (with {@code count}, {@code firstAt} and
 * the last time as {@code at}) at least every flush interval. At most {@value #CAPACITY} tallies wait: past that
 * the revealing thread writes them itself. So a crash loses at most one interval and at most that many entries;
 * {@link #close()} writes what is left.
 */
final class RevealAuditor implements AutoCloseable {
    static final int CAPACITY = 10_000;
    private static final System.Logger LOG = System.getLogger("io.credvault.journal");

    private record Key(OwnerId owner, CredentialId id, @Nullable String actor, String fields) {
    }

    private record Tally(Instant first, Instant last, long count) {
        Tally plus(Instant at) {
            return new Tally(first.isBefore(at) ? first : at, last.isAfter(at) ? last : at, count + 1);
        }
    }

    private final JournaledBackend backend;
    private final RevealAudit mode;
    private final ConcurrentHashMap<Key, Tally> pending = new ConcurrentHashMap<>();
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

    void revealed(JournalEvent event) {
        if (mode == RevealAudit.STRICT) {
            backend.inTransaction(tx -> {
                tx.append(event);
                return null;
            });
            return;
        }
        if (!started) {
            startWriter();
        }
        Key key = new Key(event.owner(), event.credentialId(), event.actor(), event.details().getOrDefault("fields", ""));
        pending.compute(key, (k, t) -> t == null ? new Tally(event.at(), event.at(), 1) : t.plus(event.at()));
        if (pending.size() > CAPACITY) {
            flush(); // backpressure: the loss window stays bounded
        }
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

    /** Writes every pending tally; on failure they are put back. */
    synchronized void flush() {
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
            details.put("fields", k.fields());
            details.put("count", String.valueOf(t.count()));
            if (t.count() > 1) {
                details.put("firstAt", t.first().toString());
            }
            events.add(JournalEvent.of(t.last(), k.owner(), k.id(), "credential.revealed", k.actor(), details));
        });
        try {
            backend.inTransaction(tx -> {
                events.forEach(tx::append);
                return null;
            });
        } catch (RuntimeException e) {
            batch.forEach((k, t) -> pending.merge(k, t, (a, b) -> new Tally(a.first().isBefore(b.first()) ? a.first() : b.first(),
                    a.last().isAfter(b.last()) ? a.last() : b.last(), a.count() + b.count())));
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
