package io.credvault;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What can be known about a credential without revealing it.
 *
 * @param fingerprint keyed HMAC-SHA256 of the secret fields (hex, 128 bits): changes exactly when a secret
 *                    value changes; cannot be computed without the vault's keys
 * @param secretFieldNames names of the secret fields present (names are not secret)
 * @param keyVersion       data-key version the secret is sealed under
 * @param deletedAt        when it was soft-deleted, or {@code null} while active
 */
public record CredentialMetadata(
        CredentialId id,
        OwnerId owner,
        String name,
        @Nullable String description,
        String provider,
        @Nullable String category,
        CredentialStatus status,
        @Nullable Instant deletedAt,
        @Nullable Instant lastUsed,
        Instant dateCreated,
        Instant lastUpdated,
        long version,
        @Nullable Instant expiresAt,
        String fingerprint,
        Set<String> secretFieldNames,
        int keyVersion) {

    public CredentialMetadata {
        secretFieldNames = Set.copyOf(secretFieldNames);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /** Whether {@code expiresAt} is set and not after {@code now}. */
    public boolean isExpired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
