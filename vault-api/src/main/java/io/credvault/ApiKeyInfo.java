package io.credvault;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An issued API key without the key: its display prefix and lifecycle.
 *
 * @param state active, in grace (a rotated key still verifying until {@code graceUntil}) or revoked
 */
public record ApiKeyInfo(String id, OwnerId owner, String prefix, ApiKeyState state, Instant createdAt,
                         @Nullable Instant graceUntil, @Nullable Instant lastUsed) {
}
