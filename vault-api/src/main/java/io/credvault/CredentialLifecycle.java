package io.credvault;

import java.time.Duration;

/**
 * The lifecycle of credentials across owners: which expire soon, for a host's scheduler or an operator, and a
 * background refresher that keeps them fresh. The per-owner question is {@link CredentialStore#expiring}.
 */
public interface CredentialLifecycle {

    /**
     * A page of the active credentials of every owner whose {@link CredentialMetadata#nextExpiry() next expiry} is
     * within {@code within} from now (those already expired included), earliest first, then by id. Keyset-paged
     * over an index: a deep page costs what the first does.
     *
     * @param within how far ahead of now (expired credentials are included)
     * @param page the page size, and the cursor from the previous page (none for the first)
     * @return a page of active credentials of every owner, earliest next expiry first
     * @throws ValidationException if {@code within} is negative or the cursor is not one this query returned
     */
    Page<CredentialMetadata> expiring(Duration within, PageRequest page);

    /**
     * Starts refreshing, in the background, every credential whose access token (or, without one, the credential)
     * expires within {@code window}: a scan of {@link #expiring} every {@code window / 10} (1 s to 1 min), each due
     * credential handed to one of {@code concurrency} threads. Instances sharing the store split the work through
     * the same refresh leases as {@link Vault#refresh}: a credential another holder is refreshing is skipped. A failed
     * credential waits before its next try (1 s doubling to 5 min); one that needs its user to reconnect is left
     * alone until its secrets are updated.
     *
     * @param window how far ahead of its expiry a credential is refreshed
     * @param concurrency refreshes run at once, 1..64
     * @param refresher the host's exchange of the secrets at the provider
     * @return the running refresher; close it (or the vault) to stop it
     * @throws ValidationException if {@code window} is not positive or {@code concurrency} is not 1 to 64
     */
    BackgroundRefresher startRefresher(Duration window, int concurrency, Refresher refresher);

    /**
     * Tells {@code listener} of status changes, recoveries, refreshes and failed refreshes, after each committed, in
     * journal order. Closing the returned handle stops it.
     *
     * @param listener what is told of status changes, recoveries and refreshes
     * @return a handle whose {@code close()} unsubscribes
     */
    AutoCloseable subscribe(LifecycleListener listener);

    /**
     * Tells {@code listener} when a credential's next expiry comes within each of {@code thresholds} (say 7 days and 1
     * day): a scan of {@link #expiring} every smallest threshold / 10 (1 s to 1 min), each credential told once per
     * threshold and expiry by this watch. Closing the returned handle stops it.
     *
     * @param thresholds how long before an expiry to tell, e.g. 7 days and 1 day
     * @param listener what is told, through {@link LifecycleListener#expiringSoon}
     * @return a handle whose {@code close()} stops the watch
     * @throws ValidationException if {@code thresholds} is empty or holds a duration that is not positive
     */
    AutoCloseable watchExpiring(java.util.List<Duration> thresholds, LifecycleListener listener);
}
