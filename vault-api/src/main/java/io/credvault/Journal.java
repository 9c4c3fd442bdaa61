package io.credvault;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The append-only record of every change, key event and reveal. Entries are chained with HMAC-SHA256 under a
 * key derived from the vault's MAC root: editing, deleting or reordering rows breaks the chain at that point.
 */
public interface Journal {

    /**
     * A page of entries; the cursor is opaque.
     *
     * @param query which entries
     * @param page the page size, and the cursor (a sequence number) from the previous page
     * @return a page of entries in the query's order
     */
    Page<JournalEntry> query(JournalQuery query, PageRequest page);

    /**
     * Walks the chain from the retention anchor to the head and reports the first broken link.
     *
     * @return whether the chain is intact, how many entries were checked, and where it first broke
     */
    JournalVerification verify();

    /**
     * Takes an authenticated checkpoint of the head. Store it outside the database; {@link #verify(JournalCheckpoint)}
     * proves later that nothing up to it was removed or rewritten, even after a rollback of the whole database.
     *
     * @return the journal's head now, to keep apart from the database
     */
    JournalCheckpoint checkpoint();

    /**
     * {@link #verify()}, and also that the journal still reaches {@code checkpoint} and holds the very entry it
     * names (not intact if the database was rolled back to before it, or the chain was rebuilt). A checkpoint
     * older than the retention anchor is reported intact with that said in the reason.
     *
     * @param checkpoint a head taken earlier with {@link #checkpoint()}
     * @return whether the chain is intact and still reaches {@code checkpoint}
     */
    JournalVerification verify(JournalCheckpoint checkpoint);

    /**
     * Deletes entries older than {@code cutoff} (a prefix of the chain, whose last MAC is kept as the new anchor,
     * so the rest still verifies) and provider calls older than it. Journals {@code journal.purged}.
     *
     * @param cutoff entries before this instant are deleted
     * @return entries deleted
     */
    long purgeBefore(Instant cutoff);

    /**
     * {@link #purgeBefore} with the configured retention (default 30 days).
     *
     * @return the number of entries deleted
     */
    long purgeExpired();

    /**
     * Runs {@link #purgeExpired()} every {@code interval} on a daemon thread until the handle is closed.
     *
     * @param interval how often retention runs
     * @return a handle whose {@code close()} stops it
     */
    AutoCloseable startRetention(Duration interval);

    /**
     * Calls {@code listener} after commit with every entry this instance appends; close the handle to stop.
     *
     * @param listener told of each entry after it commits, in order
     * @return a handle whose {@code close()} unsubscribes
     */
    AutoCloseable subscribe(Consumer<JournalEntry> listener);

    /** Writes reveal entries still waiting in the write-behind queue. */
    void flush();
}
