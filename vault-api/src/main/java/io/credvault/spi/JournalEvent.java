package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One journal entry as stored. Details never hold secret material: field names, versions and counts only.
 *
 * @param seq  position in the journal, assigned by the vault core when it appends (0 before)
 * @param type event type, e.g. {@code credential.created}, {@code key.rotated}
 * @param mac  hex HMAC-SHA256 chaining this entry to the previous one ("" before it is appended)
 */
public record JournalEvent(
        long seq,
        Instant at,
        @Nullable OwnerId owner,
        @Nullable CredentialId credentialId,
        String type,
        @Nullable String actor,
        Map<String, String> details,
        String mac) {

    public JournalEvent {
        details = java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    }

    /** A new, not yet appended entry. */
    public static JournalEvent of(Instant at, @Nullable OwnerId owner, @Nullable CredentialId credentialId, String type,
                                  @Nullable String actor, Map<String, String> details) {
        return new JournalEvent(0, at, owner, credentialId, type, actor, details, "");
    }

    public JournalEvent chained(long newSeq, String newMac) {
        return new JournalEvent(newSeq, at, owner, credentialId, type, actor, details, newMac);
    }

    public JournalEvent withActor(@Nullable String newActor) {
        return new JournalEvent(seq, at, owner, credentialId, type, newActor, details, mac);
    }
}
