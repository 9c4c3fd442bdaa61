package io.credvault.core;

/** A vault's live state, as {@link VaultObserver#opened} gives it; each method is cheap (no database call). */
public interface VaultGauges {
    /**
     * Reveals and uses waiting to be written to the journal (write-behind reveal journal).
     *
     * @return entries queued now
     */
    int revealJournalQueue();

    /**
     * Encryptions counted under the primary data key, as far as this instance knows (up to the end of its current
     * reservation block): the number that {@link #maxEncryptionsPerKey()} bounds.
     *
     * @return encryptions counted
     */
    long primaryKeyEncryptions();

    /**
     * The encryption limit per data key, after which the primary rotates automatically.
     *
     * @return the limit
     */
    long maxEncryptionsPerKey();

    /**
     * The primary data key's version as this instance last loaded it.
     *
     * @return the version
     */
    int primaryKeyVersion();
}
