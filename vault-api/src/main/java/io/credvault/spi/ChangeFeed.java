package io.credvault.spi;

import io.credvault.CredentialId;
import java.util.Collection;

/**
 * The optional capability of a shared store to push which credentials other instances changed, as they commit
 * (PostgreSQL's {@code LISTEN/NOTIFY}). A read cache uses it to drop what changed at once instead of finding it in
 * the journal an interval later. A feed may stop delivering at any time (a lost connection, a pooler that drops
 * session state); it says so with {@link Listener#lost}, and with {@link Listener#resynced} when it delivers again.
 */
public interface ChangeFeed {

    /**
     * Starts delivering changes to {@code listener} on a thread of the feed's own, until the returned handle is closed.
     * Nothing is delivered before the first {@link Listener#resynced}. The feed checks that it still delivers every
     * {@code heartbeat} and reports itself {@linkplain Listener#lost lost} when it finds it does not.
     *
     * @param heartbeat how often the feed checks itself
     * @param listener  what is told of changes
     * @return the subscription; closing it stops the thread and releases its connection
     */
    AutoCloseable subscribe(java.time.Duration heartbeat, Listener listener);

    /** What a {@link ChangeFeed} tells its subscriber; called on the feed's thread, one call at a time. */
    interface Listener {
        /**
         * These credentials were changed by a transaction that committed.
         *
         * @param journalSeq the last journal entry that transaction wrote
         * @param ids        the credentials it inserted, updated or deleted
         */
        void changed(long journalSeq, Collection<CredentialId> ids);

        /**
         * Credentials with ids from {@code first} to {@code last} (inclusive, in {@link String#compareTo} order) may have
         * been changed by a transaction that committed: a rewrap batch, which names its range instead of each id.
         *
         * @param journalSeq the last journal entry that transaction wrote
         * @param first      the least id it may have changed
         * @param last       the greatest id it may have changed
         */
        void changedBetween(long journalSeq, CredentialId first, CredentialId last);

        /**
         * The feed delivers from now on, but changes made before now may not have been delivered: forget whatever
         * was read before.
         */
        void resynced();

        /**
         * The feed stopped delivering (it tries again on its own).
         *
         * @param cause why
         */
        void lost(Exception cause);
    }
}
