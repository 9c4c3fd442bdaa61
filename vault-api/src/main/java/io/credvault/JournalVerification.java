package io.credvault;

import org.jspecify.annotations.Nullable;

/**
 * The result of {@link Journal#verify()}.
 *
 * @param checked       entries whose link was checked
 * @param firstBrokenSeq sequence number of the first entry whose link does not verify, or null if intact
 * @param reason        what is wrong at that link (edited, missing, out of order, tail removed), or "intact"
 */
public record JournalVerification(boolean intact, long checked, @Nullable Long firstBrokenSeq, String reason) {
}
