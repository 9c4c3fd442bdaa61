package io.credvault;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One journal entry: what changed, when, for whom, by which actor. {@code details} never hold secret material.
 */
public record JournalEntry(long seq, Instant at, @Nullable OwnerId owner, @Nullable CredentialId credentialId, String type,
                           @Nullable String actor, Map<String, String> details) {
    public JournalEntry {
        details = Map.copyOf(details);
    }
}
