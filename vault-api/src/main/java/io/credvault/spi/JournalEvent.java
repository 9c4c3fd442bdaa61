package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One journal entry. Details never hold secret material: field names, versions and counts only.
 *
 * @param seq  position in the journal, assigned by the backend on append (0 before)
 * @param type event type, e.g. {@code credential.created}, {@code key.rotated}
 */
public record JournalEvent(
        long seq,
        Instant at,
        @Nullable OwnerId owner,
        @Nullable CredentialId credentialId,
        String type,
        @Nullable String actor,
        Map<String, String> details) {

    public JournalEvent {
        details = java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    }

    public JournalEvent withSeq(long newSeq) {
        return new JournalEvent(newSeq, at, owner, credentialId, type, actor, details);
    }
}
