package io.credvault;

import java.time.Duration;

/**
 * What an export wrote.
 *
 * @param credentials    credentials written, with their secrets
 * @param journalEntries journal entries written
 * @param providerCalls  provider calls written
 * @param elapsed        how long it took
 */
public record ExportReport(long credentials, long journalEntries, long providerCalls, Duration elapsed) {
}
