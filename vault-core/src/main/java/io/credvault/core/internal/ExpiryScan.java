package io.credvault.core.internal;

import io.credvault.CredentialMetadata;
import io.credvault.Page;
import io.credvault.PageRequest;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A walk of the expiry query across owners, repeated every period on a daemon thread, handing each credential that
 * expires within the window to an action. What the background refresher and the expiry watch are made of.
 */
final class ExpiryScan implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.credvault.lifecycle");
    private static final int PAGE = 100;

    /** What is done with each credential a walk finds; may block (the walk waits). */
    @FunctionalInterface
    interface Action {
        void on(CredentialMetadata credential) throws InterruptedException;
    }

    private final LifecycleService lifecycle;
    private final Duration window;
    private final Duration period;
    private final Action action;
    private final ScheduledExecutorService scanner;
    private volatile boolean closed;

    private ExpiryScan(LifecycleService lifecycle, Duration window, Duration period, String name, Action action) {
        this.lifecycle = lifecycle;
        this.window = window;
        this.period = period;
        this.action = action;
        this.scanner = Executors.newSingleThreadScheduledExecutor(daemon(name));
    }

    /** Walks now, then every {@code period}: a tenth of {@code basis}, at least 1 s and at most 1 min. */
    static ExpiryScan start(LifecycleService lifecycle, Duration window, Duration basis, String name, Action action) {
        Duration period = Duration.ofMillis(Math.max(1000, Math.min(60_000, basis.toMillis() / 10)));
        ExpiryScan scan = new ExpiryScan(lifecycle, window, period, name, action);
        scan.scanner.scheduleWithFixedDelay(scan::walk, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return scan;
    }

    boolean closed() {
        return closed;
    }

    private void walk() {
        try {
            PageRequest request = PageRequest.first(PAGE);
            while (!closed) {
                Page<CredentialMetadata> page = lifecycle.expiring(window, request);
                for (CredentialMetadata m : page.items()) {
                    if (closed) {
                        return;
                    }
                    action.on(m);
                }
                if (!page.hasNext()) {
                    return;
                }
                request = new PageRequest(page.nextCursor(), PAGE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("expiry scan failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); the next one is in " + period.toMillis() + " ms");
        }
    }

    /** Stops walking; a walk under way ends at its next credential. */
    @Override
    public void close() {
        closed = true;
        scanner.shutdownNow();
        try {
            scanner.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
