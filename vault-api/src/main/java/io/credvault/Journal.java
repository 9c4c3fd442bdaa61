package io.credvault;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The append-only record of every change, key event and reveal. Entries are chained with HMAC-SHA256 under a
 * key derived from the vault's MAC root: editing, deleting or reordering rows breaks the chain at that point.
 */
public interface Journal {

    /** A page of entries; the cursor is opaque. */
    Page<JournalEntry> query(JournalQuery query, PageRequest page);

    /** Walks the chain from the retention anchor to the head and reports the first broken link. */
    JournalVerification verify();

    /**
     * Takes an authenticated checkpoint of the head. Store it outside the database; {@link #verify(JournalCheckpoint)}
     * proves later that nothing up to it was removed or rewritten, even after a rollback of the whole database.
     */
    JournalCheckpoint checkpoint();

    /**
     * {@link #verify()}, and also that the journal still reaches {@code checkpoint} and holds the very entry it
     * names (not intact if the database was rolled back to before it, or the chain was rebuilt). A checkpoint
     * older than the retention anchor is reported intact with that said in the reason.
     */
    JournalVerification verify(JournalCheckpoint checkpoint);

    /**
     * Deletes entries older than {@code cutoff} (a prefix of the chain, whose last MAC is kept as the new anchor,
     * so the rest still verifies) and provider calls older than it. Journals {@code journal.purged}.
     *
     * @return entries deleted
     */
    long purgeBefore(Instant cutoff);

    /** {@link #purgeBefore} with the configured retention (default 30 days). */
    long purgeExpired();

    /** Runs {@link #purgeExpired()} every {@code interval} on a daemon thread until the handle is closed. */
    AutoCloseable startRetention(Duration interval);

    /** Calls {@code listener} after commit with every entry this instance appends; close the handle to stop. */
    AutoCloseable subscribe(Consumer<JournalEntry> listener);

    /** Writes reveal entries still waiting in the write-behind queue. */
    void flush();
}
