package io.credvault.spi;

import io.credvault.CredentialId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The optional capability to store provider calls ({@link VaultBackend#providerCalls()}): committed reads here,
 * writes through {@link BackendTransaction#providerCalls()}. Without it the vault refuses to record calls.
 */
public interface ProviderCallStore {
    /**
     * A credential's recorded provider calls, newest first, with ids below {@code beforeId} (0 for none).
     *
     * @param id the credential
     * @param beforeId the id after which the page starts, newest first; {@code Long.MAX_VALUE} for the first page
     * @param limit the most rows
     * @return the calls, newest first
     */
    List<ProviderCallRow> calls(CredentialId id, long beforeId, int limit);

    /** The provider-call rows of one transaction. */
    /**
     * Every credential's calls, oldest first: for copying a vault.
     *
     * @param afterId the id after which the page starts; 0 for the first page
     * @param limit   the most rows
     * @return the calls, in id order
     */
    List<ProviderCallRow> page(long afterId, int limit);

    /** The provider-call rows of one transaction. */
    interface Table {
        /**
         * Inserts a provider call; returns its id.
         *
         * @param call the call
         * @return its assigned id
         */
        long add(ProviderCallRow call);

        /**
         * Deletes the calls of a credential (or, with {@code before} set, those older than it); returns how many.
         *
         * @param credentialId the credential, or null for all
         * @param before delete calls before this instant, or null for all
         * @return how many were deleted
         */
        int remove(@Nullable CredentialId credentialId, @Nullable Instant before);
    }
}
