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
 */
public record EventQuery(@Nullable OwnerId owner, @Nullable CredentialId credentialId, Set<String> types,
                         @Nullable Instant from, @Nullable Instant to, long cursor, boolean newestFirst, int limit) {
    public EventQuery {
        types = Set.copyOf(types);
        if (limit < 1) {
            throw new IllegalArgumentException("event query limit must be >= 1, got " + limit);
        }
    }

    public static EventQuery all(int limit) {
        return new EventQuery(null, null, Set.of(), null, null, 0, false, limit);
    }

    public static EventQuery of(@Nullable CredentialId credentialId, int limit) {
        return new EventQuery(null, credentialId, Set.of(), null, null, 0, false, limit);
    }

    public boolean matches(JournalEvent e) {
        return (cursor == 0 || (newestFirst ? e.seq() < cursor : e.seq() > cursor))
                && (owner == null || owner.equals(e.owner()))
                && (credentialId == null || credentialId.equals(e.credentialId()))
                && (types.isEmpty() || types.contains(e.type()))
                && (from == null || !e.at().isBefore(from))
                && (to == null || e.at().isBefore(to));
    }
}
