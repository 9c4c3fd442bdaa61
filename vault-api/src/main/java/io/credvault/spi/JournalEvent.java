package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
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
     * Details as an event holds them: a copy sorted by name, unmodifiable, in two arrays rather than a tree (an entry
     * has a handful of details; the reveal audit's writer builds one for each entry and the chain encodes each in
     * name order, as verification does again). The events derived from one ({@link #chained}, {@link #withActor})
     * share it instead of copying it again.
     */
    private static final class Frozen extends AbstractMap<String, String> {
        private final String[] names;
        private final String[] values;

        Frozen(Map<String, String> source) {
            int n = source.size();
            String[] k = new String[n];
            String[] v = new String[n];
            int i = 0;
            for (Map.Entry<String, String> e : source.entrySet()) {
                String name = Objects.requireNonNull(e.getKey(), "a detail's name");
                String value = Objects.requireNonNull(e.getValue(), "a detail's value");
                int at = i++;
                while (at > 0 && k[at - 1].compareTo(name) > 0) { // insertion sort: a handful of details
                    k[at] = k[at - 1];
                    v[at] = v[at - 1];
                    at--;
                }
                k[at] = name;
                v[at] = value;
            }
            this.names = k;
            this.values = v;
        }

        private int indexOf(@Nullable Object key) {
            return key instanceof String name ? Arrays.binarySearch(names, name) : -1;
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, String>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < names.length;
                        }

                        @Override
                        public Map.Entry<String, String> next() {
                            if (next >= names.length) {
                                throw new NoSuchElementException();
                            }
                            int at = next++;
                            return Map.entry(names[at], values[at]);
                        }
                    };
                }

                @Override
                public int size() {
                    return names.length;
                }
            };
        }

        @Override
        public @Nullable String get(@Nullable Object key) {
            int at = indexOf(key);
            return at >= 0 ? values[at] : null;
        }

        @Override
        public boolean containsKey(@Nullable Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return names.length;
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super String> action) {
            for (int i = 0; i < names.length; i++) {
                action.accept(names[i], values[i]);
            }
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
