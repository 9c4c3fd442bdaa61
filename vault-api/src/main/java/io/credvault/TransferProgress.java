package io.credvault;

import java.time.Duration;

/**
 * Where an export or import stands, told after every batch.
 *
 * @param phase   {@code credentials}, {@code journal} or {@code providerCalls}
 * @param done    records written (export) or read (import) so far, all phases together
 * @param elapsed time since it started
 */
public record TransferProgress(String phase, long done, Duration elapsed) {
    /**
     * The rate so far.
     *
     * @return records per second
     */
    public double ratePerSecond() {
        return done / Math.max(elapsed.toNanos() / 1e9, 1e-9);
    }
}
