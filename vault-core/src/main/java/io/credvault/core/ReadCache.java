package io.credvault.core;

import java.time.Duration;
import java.util.Objects;

/**
 * An optional in-process cache of sealed credentials, as {@link CredVault.Builder#readCache} sets it up. It holds
 * what the store holds (ciphertext and metadata, never plaintext), bounded by entries and by bytes. This vault's own
 * writes invalidate what they touch when they commit; other instances' writes are seen as they commit through the
 * store's change feed where it has one (PostgreSQL's {@code LISTEN/NOTIFY}, checked every {@code pollInterval}),
 * otherwise through the journal, which a background thread reads every {@code pollInterval}; and no entry is served
 * older than {@code maxStaleness}, whatever happened to either. Reads inside a write (a compare-and-set, a refresh)
 * never use it.
 *
 * @param maxEntries   the most credentials held, 1..10,000,000
 * @param maxBytes     the most bytes held (sealed payloads and metadata, estimated), 1 KiB..16 GiB
 * @param maxStaleness the oldest an entry may be when served, after which it is read again, 10 ms..1 h
 * @param pollInterval how often the journal is read for other instances' changes (or the change feed checked),
 *                     10 ms..{@code maxStaleness}
 */
public record ReadCache(long maxEntries, long maxBytes, Duration maxStaleness, Duration pollInterval) {
    /**
     * Checks the bounds.
     *
     * @param maxEntries   the most credentials held
     * @param maxBytes     the most bytes held
     * @param maxStaleness the oldest an entry may be when served
     * @param pollInterval how often the journal is read
     */
    public ReadCache {
        if (maxEntries < 1 || maxEntries > 10_000_000) {
            throw new IllegalArgumentException("readCache maxEntries must be 1..10000000, got " + maxEntries);
        }
        if (maxBytes < 1024 || maxBytes > (16L << 30)) {
            throw new IllegalArgumentException("readCache maxBytes must be 1KiB..16GiB, got " + maxBytes);
        }
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (maxStaleness.compareTo(Duration.ofMillis(10)) < 0 || maxStaleness.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("readCache maxStaleness must be 10ms..1h, got " + maxStaleness);
        }
        if (pollInterval.compareTo(Duration.ofMillis(10)) < 0 || pollInterval.compareTo(maxStaleness) > 0) {
            throw new IllegalArgumentException("readCache pollInterval must be 10ms..maxStaleness, got " + pollInterval);
        }
    }

    /**
     * A cache of up to {@code maxEntries} credentials and {@code maxBytes}, serving nothing older than
     * {@code maxStaleness}, polling the journal every quarter of it (at least every 10 ms).
     *
     * @param maxEntries   the most credentials held
     * @param maxBytes     the most bytes held
     * @param maxStaleness the oldest an entry may be when served
     * @return the settings
     */
    public static ReadCache of(long maxEntries, long maxBytes, Duration maxStaleness) {
        Duration poll = maxStaleness.dividedBy(4);
        return new ReadCache(maxEntries, maxBytes, maxStaleness, poll.compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10) : poll);
    }
}
