package io.credvault;

import java.time.Duration;

/**
 * The lifecycle of credentials across owners: which expire soon, for a host's scheduler or an operator. The
 * per-owner question is {@link CredentialStore#expiring}.
 */
public interface CredentialLifecycle {

    /**
     * A page of the active credentials of every owner whose {@link CredentialMetadata#nextExpiry() next expiry} is
     * within {@code within} from now (those already expired included), earliest first, then by id. Keyset-paged
     * over an index: a deep page costs what the first does.
     *
     * @throws ValidationException if {@code within} is negative or the cursor is not one this query returned
     */
    Page<CredentialMetadata> expiring(Duration within, PageRequest page);
}
