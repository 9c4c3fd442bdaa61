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
     * @return the credential's metadata after the call
     */
    CredentialMetadata record(OwnerId owner, CredentialId id, ProviderCall call);

    /** The credential's recorded calls, newest first. */
    Page<ProviderCallRecord> calls(OwnerId owner, CredentialId id, PageRequest page);
}
