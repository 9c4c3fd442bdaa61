package io.credvault.spi;

import io.credvault.IntegrityException;
import java.time.Instant;
import java.util.List;

/** The journal rows of one backend transaction. The vault numbers and chains entries; the backend stores them. */
public interface JournalTable {
    /**
     * Appends a journal entry with the sequence number and MAC the caller assigned.
     *
     * @param event the chained event
     * @throws io.credvault.IntegrityException if an entry with that sequence number exists (it lies beyond the
     *         authenticated head: rows were added outside the vault); make it with {@link #entryExists(long)}
     */
    void append(JournalEvent event);

    /**
     * The error of {@link #append} when sequence number {@code seq} (or, for a batch, one from it on) is taken.
     *
     * @param seq the sequence number that exists
     * @return the error every backend reports for it
     */
    static IntegrityException entryExists(long seq) {
        return new IntegrityException("the journal already holds an entry numbered " + seq + " or later, beyond its "
                + "authenticated head: rows were added to the journal outside the vault");
    }

    /**
     * Appends entries in order; backends that can should send them as one batch.
     *
     * @param events chained events in sequence order
     */
    default void appendAll(List<JournalEvent> events) {
        events.forEach(this::append);
    }

    /**
     * Deletes journal entries with {@code seq <= upTo}; returns how many.
     *
     * @param upTo the last sequence number to delete
     * @return how many entries were deleted
     */
    int deleteUpTo(long upTo);

    /**
     * The largest sequence number of an entry before {@code time}, or 0.
     *
     * @param time an instant
     * @return the sequence number of the last entry before it, or 0
     */
    long lastSeqBefore(Instant time);
}
