package io.credvault.core.internal;

import io.credvault.BackgroundRefresher;
import io.credvault.CredentialStatus;
import io.credvault.JournalEntry;
import io.credvault.LifecycleListener;
import io.credvault.CredentialId;
import io.credvault.CredentialLifecycle;
import io.credvault.CredentialMetadata;
import io.credvault.OwnerId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.Refresher;
import io.credvault.ValidationException;
import io.credvault.spi.ExpiryPosition;
import io.credvault.spi.StoredCredential;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** {@link CredentialLifecycle}: the expiry queries, per owner and across owners. */
final class LifecycleService implements CredentialLifecycle {
    private final Kernel kernel;
    private final RefreshService refreshes;
    private final Set<ExpiryRefresher> refreshers;

    /** {@code refreshers}: the running background refreshers of the vault, shared by its actor views. */
    LifecycleService(Kernel kernel, RefreshService refreshes, Set<ExpiryRefresher> refreshers) {
        this.kernel = kernel;
        this.refreshes = refreshes;
        this.refreshers = refreshers;
    }

    @Override
    public BackgroundRefresher startRefresher(Duration window, int concurrency, Refresher refresher) {
        Kernel.requireArg("window", window);
        Kernel.requireArg("refresher", refresher);
        if (window.isNegative() || window.isZero()) {
            throw new ValidationException("window", "must be positive, got " + window);
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new ValidationException("concurrency", "must be 1 to 64, got " + concurrency);
        }
        ExpiryRefresher[] started = new ExpiryRefresher[1];
        started[0] = ExpiryRefresher.start(this, refreshes, window, concurrency, refresher, () -> refreshers.remove(started[0]));
        refreshers.add(started[0]);
        return started[0];
    }

    @Override
    public AutoCloseable subscribe(LifecycleListener listener) {
        Kernel.requireArg("listener", listener);
        return kernel.backend.subscribe(entry -> tell(entry, listener));
    }

    /** The lifecycle event that the journal entry {@code e} is, if it is one. */
    static void tell(JournalEntry e, LifecycleListener listener) {
        switch (e.type()) {
            case "credential.status_changed" -> listener.statusChanged(e, status(e, "from"), status(e, "to"));
            case "credential.recovered" -> listener.recovered(e, status(e, "from"));
            case "credential.refreshed" -> listener.refreshed(e);
            case "credential.refresh_failed" -> listener.refreshFailed(e, e.details().getOrDefault("cause", ""));
            default -> {
            }
        }
    }

    private static CredentialStatus status(JournalEntry e, String detail) {
        return CredentialStatus.valueOf(e.details().getOrDefault(detail, CredentialStatus.NEVER_CHECKED.name()));
    }

    @Override
    public AutoCloseable watchExpiring(List<Duration> thresholds, LifecycleListener listener) {
        Kernel.requireArg("thresholds", thresholds);
        Kernel.requireArg("listener", listener);
        if (thresholds.isEmpty() || thresholds.stream().anyMatch(t -> t == null || t.isNegative() || t.isZero())) {
            throw new ValidationException("thresholds", "must be one or more positive durations, got " + thresholds);
        }
        List<Duration> sorted = thresholds.stream().sorted().distinct().toList();
        Set<String> told = ConcurrentHashMap.newKeySet();
        return ExpiryScan.start(this, sorted.get(sorted.size() - 1), sorted.get(0), "credvault-expiry-watch", m -> {
            Instant next = Objects.requireNonNull(m.nextExpiry(), "an expiring credential has a next expiry");
            Duration left = Duration.between(kernel.now(), next);
            for (Duration t : sorted) {
                if (left.compareTo(t) <= 0 && told.add(m.id().value() + "@" + next + "<" + t)) {
                    listener.expiringSoon(m, t);
                }
            }
        });
    }

    /** Stops every background refresher (the vault is closing). */
    void closeRefreshers() {
        for (ExpiryRefresher r : List.copyOf(refreshers)) {
            r.close();
        }
    }

    @Override
    public Page<CredentialMetadata> expiring(Duration within, PageRequest page) {
        return expiring(null, within, page);
    }

    /** Credentials whose next expiry is within {@code within}, of {@code owner} or (null) of every owner. */
    Page<CredentialMetadata> expiring(@Nullable OwnerId owner, Duration within, PageRequest page) {
        Kernel.requireArg("within", within);
        Kernel.requireArg("page", page);
        if (within.isNegative()) {
            throw new ValidationException("within", "must be zero or more, got " + within);
        }
        Instant now = kernel.now();
        Instant before = within.compareTo(Duration.between(now, Expiries.MAX)) >= 0 ? Expiries.MAX.plusSeconds(1) : now.plus(within);
        List<StoredCredential> rows = kernel.backend.expiring(owner, before, position(page.cursor()), page.limit() + 1);
        return Pages.of(rows, page.limit(), kernel::metadata, LifecycleService::cursor);
    }

    /** {@code <epoch microseconds>_<id>} of the last item (a page cursor is letters, digits, {@code _} and {@code -}). */
    private static String cursor(CredentialMetadata m) {
        Instant at = Objects.requireNonNull(m.nextExpiry(), "an expiring credential has a next expiry");
        return ChronoUnit.MICROS.between(Instant.EPOCH, at) + "_" + m.id().value();
    }

    private static @Nullable ExpiryPosition position(@Nullable String cursor) {
        if (cursor == null) {
            return null;
        }
        int colon = cursor.indexOf('_');
        try {
            long micros = Long.parseLong(cursor.substring(0, colon));
            return new ExpiryPosition(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), CredentialId.of(cursor.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new ValidationException("cursor", "is not a cursor of an expiry query (pass nextCursor() as it was returned)");
        }
    }
}
