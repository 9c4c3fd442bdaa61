package io.credvault.core.internal;

import io.credvault.BackgroundRefresher;
import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.Refresher;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background refresher: an {@link ExpiryScan} hands each due credential to one of a fixed number of workers (the
 * walk waits for a free one), skipping those another holder is refreshing, those in backoff after a failure and
 * those whose user must reconnect.
 */
final class ExpiryRefresher implements BackgroundRefresher {
    private static final Logger LOG = LoggerFactory.getLogger("io.credvault.refresh");
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private record Backoff(int failures, long untilNanos) {
    }

    private final RefreshService refreshes;
    private final Duration window;
    private final Refresher refresher;
    private @Nullable ExpiryScan scan; // set once, by start(), so that nothing escapes the constructor
    private final ExecutorService workers;
    private final Semaphore slots;
    private final Set<CredentialId> running = ConcurrentHashMap.newKeySet();
    private final Map<CredentialId, Backoff> backoff = new ConcurrentHashMap<>();
    private final AtomicLong refreshed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Runnable onClose;

    private ExpiryRefresher(RefreshService refreshes, Duration window, int concurrency, Refresher refresher, Runnable onClose) {
        this.refreshes = refreshes;
        this.window = window;
        this.refresher = refresher;
        this.onClose = onClose;
        this.workers = Executors.newFixedThreadPool(concurrency, ExpiryScan.daemon("credvault-refresh"));
        this.slots = new Semaphore(concurrency);
    }

    /** A refresher, scanning from now on. */
    static ExpiryRefresher start(LifecycleService lifecycle, RefreshService refreshes, Duration window, int concurrency,
                                 Refresher refresher, Runnable onClose) {
        ExpiryRefresher r = new ExpiryRefresher(refreshes, window, concurrency, refresher, onClose);
        r.scan = ExpiryScan.start(lifecycle, window, window, "credvault-refresh-scan", r::submit);
        return r;
    }

    /** Hands a due credential to a worker, waiting for a free one. */
    private void submit(CredentialMetadata m) throws InterruptedException {
        if (due(m) && running.add(m.id())) {
            slots.acquire();
            workers.execute(() -> {
                try {
                    refreshOne(m);
                } finally {
                    running.remove(m.id());
                    slots.release();
                }
            });
        }
    }

    private boolean due(CredentialMetadata m) {
        Backoff b = backoff.get(m.id());
        return !m.status().needsReconnect() && !refreshes.validFor(m, window) && (b == null || System.nanoTime() > b.untilNanos());
    }

    private void refreshOne(CredentialMetadata m) {
        try {
            if (refreshes.refreshExpiring(m.owner(), m.id(), window, refresher)) {
                refreshed.incrementAndGet();
            }
            backoff.remove(m.id());
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            Backoff b = backoff.compute(m.id(), (id, prev) -> {
                int failures = prev == null ? 1 : prev.failures() + 1;
                long delay = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(failures - 1, 20));
                return new Backoff(failures, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay));
            });
            LOG.info("refresh of credential " + m.id() + " failed (" + e.getClass().getSimpleName()
                    + "); try " + (b.failures() + 1) + " after backoff");
        }
    }

    @Override
    public long refreshed() {
        return refreshed.get();
    }

    @Override
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        ExpiryScan s = scan;
        if (s == null || s.closed()) {
            return;
        }
        s.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            onClose.run();
        }
    }
}
