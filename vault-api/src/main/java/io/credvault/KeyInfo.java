package io.credvault;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A data key version as an operator sees it; never key material.
 *
 * @param encryptions upper bound of encryptions made under it (counted in reserved blocks, so exact or above)
 */
public record KeyInfo(int version, KeyState state, Instant createdAt, long encryptions, @Nullable Instant retiredAt) {
}
