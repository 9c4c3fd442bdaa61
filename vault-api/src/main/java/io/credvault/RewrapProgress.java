package io.credvault;

import java.time.Duration;

/**
 * Progress of a rewrap after each batch.
 *
 * @param done    credentials re-encrypted so far (including before a resume)
 * @param total   credentials to re-encrypt when this run started, plus those done before it
 * @param skipped credentials a concurrent change got to first (they are re-sealed by that change)
 */
public record RewrapProgress(long done, long total, long skipped, Duration elapsed) {
    /**
     * Credentials re-encrypted per second in this run.
     *
     * @param doneAtStart {@link #done()} when this run started
     * @return credentials per second
     */
    public double ratePerSecond(long doneAtStart) {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        return (done - doneAtStart) / seconds;
    }
}
