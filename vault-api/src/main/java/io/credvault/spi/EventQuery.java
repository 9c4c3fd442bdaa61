package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A journal query. Unset criteria match everything.
 *
 * @param types       event types to include; empty for all
 * @param from        earliest time, inclusive
 * @param to          latest time, exclusive
 * @param cursor      a sequence number: entries after it (oldest first) or before it (newest first); 0 for none
 * @param newestFirst order by descending sequence number
 * @param owner only this owner's entries, or null
 * @param credentialId only this credential's entries, or null
 * @param limit the most entries
 */
public record EventQuery(@Nullable OwnerId owner, @Nullable CredentialId credentialId, Set<String> types,
                         @Nullable Instant from, @Nullable Instant to, long cursor, boolean newestFirst, int limit) {
    /**
     * Copies the types and checks the limit.
     *
     * @param owner only this owner's entries, or null
     * @param credentialId only this credential's entries, or null
     * @param types event types to include; empty for all
     * @param from earliest time, inclusive
     * @param to latest time, exclusive
     * @param cursor a sequence number: entries after it (oldest first) or before it (newest first); 0 for none
     * @param newestFirst order by descending sequence number
     * @param limit the most entries
     */
    public EventQuery {
        types = Set.copyOf(types);
        if (limit < 1) {
            throw new IllegalArgumentException("event query limit must be >= 1, got " + limit);
        }
    }

    /**
     * Every entry, oldest first.
     *
     * @param limit the most entries
     * @return the query
     */
    public static EventQuery all(int limit) {
        return new EventQuery(null, null, Set.of(), null, null, 0, false, limit);
    }

    /**
     * One credential's entries (or all), oldest first.
     *
     * @param credentialId the credential, or null for all
     * @param limit the most entries
     * @return the query
     */
    public static EventQuery of(@Nullable CredentialId credentialId, int limit) {
        return new EventQuery(null, credentialId, Set.of(), null, null, 0, false, limit);
    }

    /**
     * Whether an entry matches the criteria and lies beyond the cursor.
     *
     * @param e an entry
     * @return true if it matches
     */
    public boolean matches(JournalEvent e) {
        return (cursor == 0 || (newestFirst ? e.seq() < cursor : e.seq() > cursor))
                && (owner == null || owner.equals(e.owner()))
                && (credentialId == null || credentialId.equals(e.credentialId()))
                && (types.isEmpty() || types.contains(e.type()))
                && (from == null || !e.at().isBefore(from))
                && (to == null || e.at().isBefore(to));
    }
}
