package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One journal entry as stored. Details never hold secret material: field names, versions and counts only.
 *
 * @param seq  position in the journal, assigned by the vault core when it appends (0 before)
 * @param type event type, e.g. {@code credential.created}, {@code key.rotated}
 * @param mac  hex HMAC-SHA256 chaining this entry to the previous one ("" before it is appended)
 * @param at when
 * @param owner the owner concerned, or null
 * @param credentialId the credential concerned, or null
 * @param actor who acted, or null
 * @param details names and values; never a secret
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

    /**
     * Copies the details.
     *
     * @param seq position in the journal, assigned by the vault core when it appends (0 before)
     * @param at when
     * @param owner the owner concerned, or null
     * @param credentialId the credential concerned, or null
     * @param type event type, e.g. {@code credential.created}, {@code key.rotated}
     * @param actor who acted, or null
     * @param details names and values; never a secret
     * @param mac hex HMAC-SHA256 chaining this entry to the previous one ("" before it is appended)
     */
    public JournalEvent {
        details = details instanceof Frozen ? details : new Frozen(details);
    }

    /**
     * Details as an event holds them: a sorted copy, unmodifiable. The events derived from one ({@link #chained},
     * {@link #withActor}) share it instead of copying it again.
     */
    private static final class Frozen extends AbstractMap<String, String> {
        private final Map<String, String> sorted;

        Frozen(Map<String, String> source) {
            this.sorted = Collections.unmodifiableMap(new TreeMap<>(source));
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return sorted.entrySet();
        }

        @Override
        public @Nullable String get(@Nullable Object key) {
            return sorted.get(key);
        }

        @Override
        public boolean containsKey(@Nullable Object key) {
            return sorted.containsKey(key);
        }

        @Override
        public int size() {
            return sorted.size();
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super String> action) {
            sorted.forEach(action);
        }
    }

    /**
     * A new, not yet appended entry.
     *
     * @param at when
     * @param owner the owner concerned, or null
     * @param credentialId the credential concerned, or null
     * @param type the type, e.g. {@code credential.created}
     * @param details names and values; never a secret
     * @param actor who acted, or null
     * @return an event not yet chained (sequence 0, no MAC)
     */
    public static JournalEvent of(Instant at, @Nullable OwnerId owner, @Nullable CredentialId credentialId, String type,
                                  @Nullable String actor, Map<String, String> details) {
        return new JournalEvent(0, at, owner, credentialId, type, actor, details, "");
    }

    /**
     * This event at its place in the chain.
     *
     * @param newSeq its sequence number
     * @param newMac its chain MAC
     * @return a new event
     */
    public JournalEvent chained(long newSeq, String newMac) {
        return new JournalEvent(newSeq, at, owner, credentialId, type, actor, details, newMac);
    }

    /**
     * This event with another actor.
     *
     * @param newActor who acted, or null
     * @return a new event
     */
    public JournalEvent withActor(@Nullable String newActor) {
        return new JournalEvent(seq, at, owner, credentialId, type, newActor, details, mac);
    }
}
