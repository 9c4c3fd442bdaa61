package io.credvault;

import java.util.Objects;

/**
 * A new credential and its owner: one item of {@link Vault#createAll}.
 *
 * @param owner      whose credential it is
 * @param credential the new credential
 */
public record OwnedCredential(OwnerId owner, NewCredential credential) {
    /**
     * Checks that both are given.
     *
     * @param owner      whose credential it is
     * @param credential the new credential
     */
    public OwnedCredential {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(credential, "credential");
    }
}
