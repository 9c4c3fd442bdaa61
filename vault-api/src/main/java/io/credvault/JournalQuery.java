package io.credvault;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which journal entries {@link Journal#query} returns: by owner, credential, types and time range
 * ({@code from} inclusive, {@code to} exclusive), oldest or newest first.
 *
 * @param owner only this owner's entries, or null
 * @param credentialId only this credential's entries, or null
 * @param types entry types to include; empty for all
 * @param from the earliest instant, inclusive, or null
 * @param to the latest instant, exclusive, or null
 * @param newestFirst newest entries first
 */
public record JournalQuery(@Nullable OwnerId owner, @Nullable CredentialId credentialId, Set<String> types,
                           @Nullable Instant from, @Nullable Instant to, boolean newestFirst) {
    /**
     * Copies the types.
     *
     * @param owner only this owner's entries, or null
     * @param credentialId only this credential's entries, or null
     * @param types entry types to include; empty for all
     * @param from the earliest instant, inclusive, or null
     * @param to the latest instant, exclusive, or null
     * @param newestFirst newest entries first
     */
    public JournalQuery {
        types = Set.copyOf(types);
        types.forEach(t -> io.credvault.internal.Text.requireLine("types", t, 64));
        io.credvault.internal.Text.instant("from", from);
        io.credvault.internal.Text.instant("to", to);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ValidationException("from", "must be before 'to' (" + to + "), got " + from);
        }
    }

    /**
     * Every entry, oldest first.
     *
     * @return the query
     */
    public static JournalQuery all() {
        return new JournalQuery(null, null, Set.of(), null, null, false);
    }

    /**
     * One owner's entries, oldest first.
     *
     * @param owner the owner
     * @return the query
     */
    public static JournalQuery of(OwnerId owner) {
        return new JournalQuery(owner, null, Set.of(), null, null, false);
    }

    /**
     * This query, narrowed to one credential.
     *
     * @param id the credential, or null for all
     * @return a new query
     */
    public JournalQuery forCredential(@Nullable CredentialId id) {
        return new JournalQuery(owner, id, types, from, to, newestFirst);
    }

    /**
     * This query, narrowed to entry types.
     *
     * @param eventTypes types such as {@code credential.revealed}; none for all
     * @return a new query
     */
    public JournalQuery ofTypes(String... eventTypes) {
        return new JournalQuery(owner, credentialId, Set.of(eventTypes), from, to, newestFirst);
    }

    /**
     * This query, narrowed to a time range.
     *
     * @param fromInclusive the earliest instant, or null
     * @param toExclusive the instant after the latest, or null
     * @return a new query
     */
    public JournalQuery between(@Nullable Instant fromInclusive, @Nullable Instant toExclusive) {
        return new JournalQuery(owner, credentialId, types, fromInclusive, toExclusive, newestFirst);
    }

    /**
     * This query, newest entries first.
     *
     * @return a new query
     */
    public JournalQuery latestFirst() {
        return new JournalQuery(owner, credentialId, types, from, to, true);
    }
}
