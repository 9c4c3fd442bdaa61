package io.credvault;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which journal entries {@link Journal#query} returns: by owner, credential, types and time range
 * ({@code from} inclusive, {@code to} exclusive), oldest or newest first.
 */
public record JournalQuery(@Nullable OwnerId owner, @Nullable CredentialId credentialId, Set<String> types,
                           @Nullable Instant from, @Nullable Instant to, boolean newestFirst) {
    public JournalQuery {
        types = Set.copyOf(types);
        types.forEach(t -> io.credvault.internal.Text.requireLine("types", t, 64));
        io.credvault.internal.Text.instant("from", from);
        io.credvault.internal.Text.instant("to", to);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ValidationException("from", "must be before 'to' (" + to + "), got " + from);
        }
    }

    public static JournalQuery all() {
        return new JournalQuery(null, null, Set.of(), null, null, false);
    }

    public static JournalQuery of(OwnerId owner) {
        return new JournalQuery(owner, null, Set.of(), null, null, false);
    }

    public JournalQuery forCredential(@Nullable CredentialId id) {
        return new JournalQuery(owner, id, types, from, to, newestFirst);
    }

    public JournalQuery ofTypes(String... eventTypes) {
        return new JournalQuery(owner, credentialId, Set.of(eventTypes), from, to, newestFirst);
    }

    public JournalQuery between(@Nullable Instant fromInclusive, @Nullable Instant toExclusive) {
        return new JournalQuery(owner, credentialId, types, fromInclusive, toExclusive, newestFirst);
    }

    public JournalQuery latestFirst() {
        return new JournalQuery(owner, credentialId, types, from, to, true);
    }
}
