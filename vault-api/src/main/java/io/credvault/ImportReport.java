package io.credvault;

import java.time.Duration;

/**
 * What an import did.
 *
 * @param created        credentials added
 * @param replaced       credentials replaced by a newer import ({@link ImportOptions.OnConflict#REPLACE_IF_NEWER})
 * @param skipped        credentials left as the vault had them (an id it held, or an active name taken)
 * @param journalEntries journal entries kept as history
 * @param providerCalls  provider calls added
 * @param batches        transactions committed
 * @param elapsed        how long it took
 */
public record ImportReport(long created, long replaced, long skipped, long journalEntries, long providerCalls, int batches,
                           Duration elapsed) {
}
