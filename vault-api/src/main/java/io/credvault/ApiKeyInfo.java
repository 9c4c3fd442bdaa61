package io.credvault;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An issued API key without the key: its display prefix and lifecycle.
 *
 * @param state {@code ACTIVE}, {@code GRACE} (a rotated key still verifying until {@code graceUntil}) or {@code REVOKED}
 */
public record ApiKeyInfo(String id, OwnerId owner, String prefix, String state, Instant createdAt,
                         @Nullable Instant graceUntil, @Nullable Instant lastUsed) {
}
