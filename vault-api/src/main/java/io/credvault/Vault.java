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
     * Creates many credentials, of any owners, in one transaction: all or none. Each is validated as by
     * {@link #create} before anything is written; one {@code credential.created} entry is journaled per credential.
     *
     * @param credentials the credentials and their owners, at most 10,000
     * @return their metadata, in the same order
     * @throws ValidationException naming the item ({@code credentials[3].name}) and what is allowed
     * @throws ConflictException   if an active name is taken (by the vault or an earlier item)
     */
    java.util.List<CredentialMetadata> createAll(java.util.List<OwnedCredential> credentials);

    /**
     * Checks a new credential as {@link #create} would, writing nothing: for bulk loads that must find every bad
     * record before the first is written. A name taken in the vault is not checked (it may be freed meanwhile).
     *
     * @param owner      whose credential it would be
     * @param credential the credential
     * @throws ValidationException naming the field and what is allowed
     */
    void validate(OwnerId owner, NewCredential credential);

    /**
     * Writes credentials with their secrets (and optionally the journal and provider calls) to {@code out} in an
     * authenticated, chunked AES-256-GCM envelope under the export key, streaming in constant memory. The export is
     * journaled as {@code vault.exported} with its counts; the credentials it reads are not journaled one by one.
     *
     * @param out     where the export goes (closed at the end)
     * @param options whose credentials, what else, and the key
     * @return what was written
     * @throws StorageException if the vault cannot be read or {@code out} cannot be written
     */
    ExportReport exportTo(java.io.OutputStream out, ExportOptions options);

    /**
     * Reads an export into this vault: secrets are re-sealed under this vault's primary key, ids and metadata (version,
     * status, dates, expiries) are kept, and the exported journal is kept as history (entries of type
     * {@code imported.<type>} with the original time and sequence in their details, chained into this vault's
     * journal), then {@code vault.imported} marks the import. Written in batches: an interrupted import keeps the
     * batches it committed; running it again with {@link ImportOptions.OnConflict#SKIP} completes it.
     *
     * @param in      the export (closed at the end)
     * @param options the key, the conflict policy and the batch size
     * @return what was done
     * @throws IntegrityException  if the file was altered, truncated, or the key is wrong
     * @throws ConflictException   for an id the vault holds under {@link ImportOptions.OnConflict#FAIL}
     * @throws ValidationException if an imported credential does not match its provider's schema
     */
    ImportReport importFrom(java.io.InputStream in, ImportOptions options);

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
