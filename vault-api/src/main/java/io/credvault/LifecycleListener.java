package io.credvault;

import java.time.Duration;

/**
 * Hears about credentials' lifecycle so a host can send its own notifications (see
 * {@link CredentialLifecycle#subscribe} and {@link CredentialLifecycle#watchExpiring}). Changes are told after they
 * committed, in journal order, on the thread that committed them: keep the work short or hand it off. An exception
 * a method throws is logged and does not affect the vault.
 */
public interface LifecycleListener {

    /**
     * The status moved (a provider call, a refresh, the host), other than a recovery.
     *
     * @param entry the journal entry of the change
     * @param from the status before
     * @param to the status after
     */
    default void statusChanged(JournalEntry entry, CredentialStatus from, CredentialStatus to) {
    }

    /**
     * Back to {@link CredentialStatus#OK} from a failure status.
     *
     * @param entry the journal entry of the change
     * @param from the failure status it recovered from
     */
    default void recovered(JournalEntry entry, CredentialStatus from) {
    }

    /**
     * New secrets were saved by a refresh.
     *
     * @param entry the journal entry of the change
     */
    default void refreshed(JournalEntry entry) {
    }

    /**
     * A refresh failed at the provider; {@code cause} says how (no secret in it).
     *
     * @param entry the journal entry of the change
     * @param cause why the refresh failed
     */
    default void refreshFailed(JournalEntry entry, String cause) {
    }

    /**
     * {@code credential}'s next expiry came within {@code threshold} (once per threshold and expiry, per watch).
     *
     * @param credential the credential's metadata
     * @param threshold the threshold its next expiry came within
     */
    default void expiringSoon(CredentialMetadata credential, Duration threshold) {
    }
}
