package io.credvault;

import java.time.Duration;

/**
 * A {@link CredentialStore} with its operator functions (keys, journal, health, API keys); built by
 * {@code CredVault.builder()}.
 */
public interface Vault extends CredentialStore {

    /**
     * Key rotation, rewrap, usage, retirement and master-key change.
     *
     * @return key administration
     */
    KeyAdmin keys();

    /**
     * The event journal: query, verify, retention, listeners.
     *
     * @return the journal
     */
    Journal journal();

    /**
     * Provider-call outcomes and the status they drive.
     *
     * @return provider-call health
     */
    CredentialHealth health();

    /**
     * API keys issued to the host's own users.
     *
     * @return issued API keys
     */
    ApiKeys apiKeys();

    /**
     * Expiry across owners.
     *
     * @return lifecycle across owners
     */
    CredentialLifecycle lifecycle();

    /**
     * Every owner's credentials matching {@code filter}, metadata only, in id order (creation order), one page at a
     * time: the operator's view. A host serving its users keeps to {@link #list(OwnerId, ListFilter, PageRequest)}.
     *
     * @param filter which credentials
     * @param page   the page size and the cursor from the previous page
     * @return a page of credentials, with the cursor of the next one
     * @throws ValidationException if the cursor is not one a credential list returned
     */
    Page<CredentialMetadata> listAllOwners(ListFilter filter, PageRequest page);

    /**
     * Refreshes the credential through {@code refresher}, single-flight: at most one refresher call per credential
     * at a time across threads and instances sharing the store (a lease row with a time-to-live, so a crashed holder
     * lets go). A caller that waited for another's refresh re-reads and returns those secrets without calling
     * {@code refresher}. The new secrets are saved with compare-and-set and journaled as {@code credential.refreshed};
     * a success sets the status to {@link CredentialStatus#OK}.
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param id the credential's id
     * @param refresher the host's exchange of the secrets at the provider
     * @return the credential with its secrets after the refresh (journaled as a reveal, like {@link #reveal})
     * @throws InvalidGrantException if the provider rejected the grant and no other instance had rotated the secrets
     *                               meanwhile: the credential is now {@link CredentialStatus#UNAUTHENTICATED}
     * @throws RefreshException      if the refresher failed otherwise (recorded as the credential's failure), if the
     *                               credential needs its user to reconnect first, or if another holder's refresh
     *                               outlasted the wait (neither recorded)
     */
    RevealedCredential refresh(OwnerId owner, CredentialId id, Refresher refresher);

    /**
     * The credential's {@code accessToken}, valid for at least {@code minValidity} by its field expiry (or the
     * credential's), refreshing it first, as {@link #refresh} does, only when it is not. A token without a known
     * expiry is returned as it is.
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param id the credential's id
     * @param minValidity how long the token must stay valid
     * @param refresher the host's exchange of the secrets at the provider
     * @return the access token, refreshed first if it expires within {@code minValidity}
     */
    SecretValue accessToken(OwnerId owner, CredentialId id, Duration minValidity, Refresher refresher);

    /**
     * A view of this vault whose journal entries name {@code actor} (a user or service id of the host, up to
     * 255 characters). Cheap; share the underlying vault.
     *
     * @param actor who acts: recorded in every journal entry of the view
     * @return a view of this vault acting as {@code actor}
     */
    Vault withActor(String actor);
}
