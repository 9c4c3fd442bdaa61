package io.credvault;

import java.time.Duration;

/**
 * The end of a rewrap.
 *
 * @param rewrapped    credentials re-encrypted by this run
 * @param resumedFrom  credentials done by an interrupted earlier run that this one continued (0 if fresh)
 * @param skipped      credentials changed concurrently, left to that change
 * @param usage        key usage after the run: {@code usage.rotationComplete()} proves it finished
 * @param stopped      whether {@link RewrapOptions#stopWhen()} stopped the run before the end: what it rewrapped is
 *                     committed, and the next rewrap continues from there
 */
public record RewrapReport(int primaryVersion, long rewrapped, long resumedFrom, long skipped, int batches,
                           Duration elapsed, KeyUsage usage, boolean stopped) {
}
