package io.credvault.internal;

import io.credvault.RevealAudit;
import io.credvault.spi.JournalEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Journals reveals. {@link RevealAudit#STRICT}: one transaction per reveal. {@link RevealAudit#WRITE_BEHIND}:
 * entries queue and a daemon thread writes them in batches (at most {@value #BATCH} per transaction) at least
 * every flush interval, so a crash loses at most that window; {@link #close()} writes what is left.
 */
final class RevealAuditor implements AutoCloseable {
    static final int BATCH = 500;
    private static final System.Logger LOG = System.getLogger("io.credvault.journal");
    private final JournaledBackend backend;
    private final RevealAudit mode;
    private final LinkedBlockingQueue<JournalEvent> queue = new LinkedBlockingQueue<>();
    private final Object flushLock = new Object();
    private final Thread writer;
    private volatile boolean closed;
    private volatile boolean started;
    private long failures;

    private synchronized void startWriter() {
        if (!started && !closed) {
            writer.start();
            started = true;
        }
    }

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
        } else {
            if (!started) {
                startWriter();
            }
            queue.add(event);
            if (queue.size() >= BATCH) {
                synchronized (flushLock) {
                    flushLock.notifyAll();
                }
            }
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
                    LOG.log(System.Logger.Level.WARNING, "writing " + queue.size() + " reveal journal entries failed "
                            + failures + " time(s); they stay queued and are retried", e);
                }
            }
        }
    }

    /** Writes everything queued so far. */
    synchronized void flush() {
        while (!queue.isEmpty()) {
            List<JournalEvent> batch = new ArrayList<>(Math.min(queue.size(), BATCH));
            queue.drainTo(batch, BATCH);
            try {
                backend.inTransaction(tx -> {
                    batch.forEach(tx::append);
                    return null;
                });
            } catch (RuntimeException e) {
                List<JournalEvent> rest = new ArrayList<>(batch);
                queue.drainTo(rest);
                queue.addAll(rest);
                throw e;
            }
        }
    }

    int pending() {
        return queue.size();
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
