package io.credvault;

import java.time.Duration;

/**
 * Hears about credentials' lifecycle so a host can send its own notifications (see
 * {@link CredentialLifecycle#subscribe} and {@link CredentialLifecycle#watchExpiring}). Changes are told after they
 * committed, in journal order, on the thread that committed them: keep the work short or hand it off. An exception
 * a method throws is logged and does not affect the vault.
 */
public interface LifecycleListener {

    /** The status moved (a provider call, a refresh, the host), other than a recovery. */
    default void statusChanged(JournalEntry entry, CredentialStatus from, CredentialStatus to) {
    }

    /** Back to {@link CredentialStatus#OK} from a failure status. */
    default void recovered(JournalEntry entry, CredentialStatus from) {
    }

    /** New secrets were saved by a refresh. */
    default void refreshed(JournalEntry entry) {
    }

    /** A refresh failed at the provider; {@code cause} says how (no secret in it). */
    default void refreshFailed(JournalEntry entry, String cause) {
    }

    /** {@code credential}'s next expiry came within {@code threshold} (once per threshold and expiry, per watch). */
    default void expiringSoon(CredentialMetadata credential, Duration threshold) {
    }
}
