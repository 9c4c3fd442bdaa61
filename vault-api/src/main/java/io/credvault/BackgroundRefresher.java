package io.credvault;

/**
 * A running background refresher (see {@link CredentialLifecycle#startRefresher}). {@link #close()} stops it: no
 * new refresh starts, and the call returns once those in flight have ended. The vault's own {@code close()} closes
 * its refreshers first.
 */
public interface BackgroundRefresher extends AutoCloseable {

    /**
     * Refresher calls this instance made that saved new secrets.
     *
     * @return refreshes that saved new secrets since the refresher started
     */
    long refreshed();

    /**
     * Refreshes that failed (the provider's failures and the vault's); each puts its credential in backoff.
     *
     * @return refreshes that failed since the refresher started (each is retried after a backoff)
     */
    long failed();

    @Override
    void close();
}
