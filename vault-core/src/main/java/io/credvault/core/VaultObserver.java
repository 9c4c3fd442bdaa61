package io.credvault.core;

import io.credvault.RewrapProgress;
import org.jspecify.annotations.Nullable;

/**
 * Hears what a vault does, for metrics ({@code vault-micrometer} implements it over a Micrometer registry): calls
 * and their latency, seals, reveal-journal flushes and rewrap progress, plus gauges of its live state. The engine
 * keeps no metrics dependency. Methods are called on the thread that did the work, so keep them short; they are
 * never given a secret. Every method does nothing by default.
 */
public interface VaultObserver {
    /** Observes nothing: the default. */
    VaultObserver NONE = new VaultObserver() {
    };

    /**
     * The vault is open; {@code gauges} reads its live state from now until it closes.
     *
     * @param gauges the vault's live state
     */
    default void opened(VaultGauges gauges) {
    }

    /**
     * The vault that handed out {@code gauges} has closed: they read nothing any more.
     *
     * @param gauges what {@link #opened} was given for that vault
     */
    default void closed(VaultGauges gauges) {
    }

    /**
     * A call of the vault's API finished.
     *
     * @param operation the method: {@code create}, {@code describe}, {@code reveal}, {@code revealAll}, {@code update},
     *                  {@code setStatus}, {@code delete}, {@code restore}, {@code purge}, {@code list},
     *                  {@code listAllOwners}, {@code expiring}, {@code createAll}, {@code exportTo}, {@code importFrom},
     *                  {@code refresh} or {@code accessToken}
     * @param nanos     how long it took
     * @param failure   what it threw, or null if it returned
     */
    default void called(String operation, long nanos, @Nullable Throwable failure) {
    }

    /**
     * One secret was encrypted (a create, an update, a refresh, a rewrap).
     *
     * @param nanos how long the encryption took
     */
    default void sealed(long nanos) {
    }

    /**
     * A batch of reveal-journal entries (and {@code lastUsed} times) was written, or failed and stays queued.
     *
     * @param entries how many entries and times the batch held
     * @param nanos   how long the write took
     * @param ok      whether it committed
     */
    default void revealJournalFlushed(int entries, long nanos, boolean ok) {
    }

    /**
     * The read cache (if any) learned of other instances' changes, from the journal or from the store's change feed,
     * and dropped what they touched.
     *
     * @param journalSeq the journal entry it has caught up to (from the feed: the last entry of the transaction it
     *                   was told of)
     */
    default void readCacheCaughtUp(long journalSeq) {
    }

    /**
     * A rewrap committed a batch (and once before its first).
     *
     * @param progress where the rewrap stands
     */
    default void rewrapProgressed(RewrapProgress progress) {
    }
}
