package io.credvault;

/**
 * The host's exchange of a credential's secrets at its provider (an OAuth refresh-token grant, say), given to
 * {@link Vault#refresh} and {@link Vault#accessToken}. The vault calls it at most once at a time per credential,
 * across the threads and instances that share the store, outside any database transaction.
 */
@FunctionalInterface
public interface Refresher {

    /**
     * Exchanges {@code secrets} for new ones.
     *
     * @param credential the credential's metadata as read just before the call
     * @param secrets    its current secret fields
     * @return the fields to set (others keep their values) and their expiries
     * @throws InvalidGrantException when the provider rejects the grant: the user must reconnect (unless another
     *                               instance rotated the secrets meanwhile, which the vault checks first)
     * @throws Exception             anything else: the provider could not be reached or failed; the credential is
     *                               marked {@link CredentialStatus#TEMPORARILY_UNAVAILABLE}
     */
    Refreshed refresh(CredentialMetadata credential, SecretFields secrets) throws Exception;
}
