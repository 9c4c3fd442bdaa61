package io.credvault.core.internal;

import io.credvault.CredentialMetadata;
import io.credvault.spi.StoredCredential;

/** Maps a stored credential to its public metadata. */
public final class Metadata {
    private Metadata() {
    }

    public static CredentialMetadata of(StoredCredential c) {
        return new CredentialMetadata(c.id(), c.owner(), c.name(), c.description(), c.provider(), c.category(),
                c.status(), c.deletedAt(), c.lastUsed(), c.createdAt(), c.updatedAt(), c.version(), c.expiresAt(),
                c.fingerprint(), c.fieldNames(), c.keyVersion());
    }
}
