package io.credvault;

/**
 * Provider-call outcomes and the status they drive: the calls are kept, redacted, as the credential's event log.
 */
public interface CredentialHealth {

    /**
     * Records a call the host made with the credential. Values of the credential's secret fields, and the
     * values of {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}, {@code Set-Cookie} and
     * API-key headers, are redacted before storage. The status follows the provider's {@link StatusMapping};
     * a change of status is journaled.
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param id the credential's id
     * @param call the call's outcome: an HTTP status or a timeout, with optional headers and body (redacted before they
     *     are stored)
     * @return the credential's metadata after the call
     */
    CredentialMetadata record(OwnerId owner, CredentialId id, ProviderCall call);

    /**
     * The credential's recorded calls, newest first.
     *
     * @param owner the credential's owner (a user, workspace or tenant); another owner's credential is not found
     * @param id the credential's id
     * @param page the page size, and the cursor from the previous page (none for the first)
     * @return the credential's recorded calls, newest first
     */
    Page<ProviderCallRecord> calls(OwnerId owner, CredentialId id, PageRequest page);
}
