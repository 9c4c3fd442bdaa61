package io.credvault;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One journal entry: what changed, when, for whom, by which actor. {@code details} never hold secret material.
 *
 * @param seq its position in the journal
 * @param at when
 * @param owner the owner concerned, or null
 * @param credentialId the credential concerned, or null
 * @param type the type, e.g. {@code credential.created}
 * @param actor who acted, or null
 * @param details names and values; never a secret
 */
public record JournalEntry(long seq, Instant at, @Nullable OwnerId owner, @Nullable CredentialId credentialId, String type,
                           @Nullable String actor, Map<String, String> details) {
    /**
     * Copies the details.
     *
     * @param seq its position in the journal
     * @param at when
     * @param owner the owner concerned, or null
     * @param credentialId the credential concerned, or null
     * @param type the type, e.g. {@code credential.created}
     * @param actor who acted, or null
     * @param details names and values; never a secret
     */
    public JournalEntry {
        details = Map.copyOf(details);
    }
}
