package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import org.jspecify.annotations.Nullable;

/**
 * A journal query: entries after {@code afterSeq}, optionally of one owner and/or credential, at most
 * {@code limit}.
 */
public record EventQuery(@Nullable OwnerId owner, @Nullable CredentialId credentialId, long afterSeq, int limit) {
    public EventQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("event query limit must be >= 1, got " + limit);
        }
    }

    public static EventQuery all(int limit) {
        return new EventQuery(null, null, 0, limit);
    }

    public boolean matches(JournalEvent e) {
        return e.seq() > afterSeq
                && (owner == null || owner.equals(e.owner()))
                && (credentialId == null || credentialId.equals(e.credentialId()));
    }
}
