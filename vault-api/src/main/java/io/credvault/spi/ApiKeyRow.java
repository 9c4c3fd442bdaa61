package io.credvault.spi;

import io.credvault.ApiKeyState;
import io.credvault.OwnerId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An issued API key as stored: never the key, only its keyed hash.
 *
 * @param hash       hex HMAC-SHA256 of the key under the API-key pepper
 * @param prefix     the key's first characters, for display
 * @param state      active, in grace (verifies until {@code graceUntil}) or revoked
 */
public record ApiKeyRow(String id, OwnerId owner, String prefix, String hash, ApiKeyState state, Instant createdAt,
                        @Nullable Instant graceUntil, @Nullable Instant revokedAt, @Nullable Instant lastUsed) {
    /**
     * This key in another state.
     *
     * @param newState the state
     * @param newGraceUntil until when it verifies in grace, or null
     * @param newRevokedAt when it was revoked, or null
     * @return a new row
     */
    public ApiKeyRow withState(ApiKeyState newState, @Nullable Instant newGraceUntil, @Nullable Instant newRevokedAt) {
        return new ApiKeyRow(id, owner, prefix, hash, newState, createdAt, newGraceUntil, newRevokedAt, lastUsed);
    }
}
