package io.credvault.core.internal;

import io.credvault.Journal;
import io.credvault.JournalCheckpoint;
import io.credvault.JournalEntry;
import io.credvault.JournalQuery;
import io.credvault.JournalVerification;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.ValidationException;
import io.credvault.internal.Text;
import io.credvault.spi.EventQuery;
import io.credvault.spi.JournalEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Journal} over a {@link JournaledBackend}. */
final class JournalService implements Journal {
    private static final Logger LOG = LoggerFactory.getLogger("io.credvault.journal");
    private final JournaledBackend backend;
    private final Clock clock;
    private final Duration journalRetention;
    private final Duration callRetention;
    private final RevealAuditor auditor;

    JournalService(JournaledBackend backend, Clock clock, Duration journalRetention, Duration callRetention, RevealAuditor auditor) {
        this.backend = backend;
        this.clock = clock;
        this.journalRetention = journalRetention;
        this.callRetention = callRetention;
        this.auditor = auditor;
    }

    @Override
    public Page<JournalEntry> query(JournalQuery q, PageRequest page) {
        Objects.requireNonNull(q, "query");
        Objects.requireNonNull(page, "page");
        long cursor = 0;
        if (page.cursor() != null) {
            try {
                cursor = Long.parseLong(page.cursor());
            } catch (NumberFormatException e) {
                throw new ValidationException("cursor", "is not a journal cursor");
            }
        }
        List<JournalEvent> rows = backend.events(new EventQuery(q.owner(), q.credentialId(), q.types(), q.from(), q.to(),
                cursor, q.newestFirst(), page.limit() + 1));
        return Pages.of(rows, page.limit(), JournaledBackend::entry, e -> String.valueOf(e.seq()));
    }

    @Override
    public JournalVerification verify() {
        return backend.verify();
    }

    @Override
    public JournalCheckpoint checkpoint() {
        return backend.checkpoint(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    @Override
    public JournalVerification verify(JournalCheckpoint checkpoint) {
        java.util.Objects.requireNonNull(checkpoint, "checkpoint");
        if (!backend.authentic(checkpoint)) {
            return new JournalVerification(false, 0, checkpoint.seq(), "the checkpoint was not made by this vault or was altered");
        }
        return backend.verify(checkpoint);
    }

    @Override
    public long purgeBefore(Instant cutoff) {
        java.util.Objects.requireNonNull(cutoff, "cutoff");
        Text.instant("cutoff", cutoff);
        return purge(cutoff, cutoff);
    }

    @Override
    public long purgeExpired() {
        Instant now = clock.instant();
        return purge(now.minus(journalRetention), now.minus(callRetention));
    }

    private long purge(Instant journalCutoff, Instant callCutoff) {
        return backend.inTransaction(tx -> {
            long upTo = tx.journal().lastSeqBefore(journalCutoff);
            int deleted = 0;
            if (upTo > 0) {
                JournalEvent last = backend.events(new EventQuery(null, null, java.util.Set.of(), null, null, upTo + 1, true, 1))
                        .stream().findFirst().orElseThrow();
                deleted = tx.journal().deleteUpTo(upTo);
                tx.keyring().putSetting(JournaledBackend.ANCHOR, backend.encode(JournaledBackend.ANCHOR, last.seq(), last.mac()));
            }
            int calls = Kernel.deleteProviderCalls(tx, null, callCutoff);
            if (deleted > 0 || calls > 0) {
                tx.journal().append(JournalEvent.of(clock.instant(), null, null, "journal.purged", null, Map.of(
                        "entries", String.valueOf(deleted), "providerCalls", String.valueOf(calls),
                        "before", journalCutoff.toString())));
            }
            return (long) deleted;
        });
    }

    @Override
    public AutoCloseable startRetention(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ValidationException("interval", "must be at least 1 minute, got " + interval);
        }
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "credvault-retention");
            t.setDaemon(true);
            return t;
        });
        exec.scheduleWithFixedDelay(() -> {
            try {
                purgeExpired();
            } catch (RuntimeException e) {
                LOG.warn("journal retention run failed; will retry", e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return exec::shutdownNow;
    }

    @Override
    public AutoCloseable subscribe(Consumer<JournalEntry> listener) {
        return backend.subscribe(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void flush() {
        auditor.flush();
    }
}
