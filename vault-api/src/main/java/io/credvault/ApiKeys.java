package io.credvault;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * API keys the host issues to its own users: shown once, stored as an HMAC-SHA256 hash under a pepper derived
 * from the vault's MAC root, one active key per owner. Keys look like {@code cvk_} followed by 43 Base64url
 * characters (256 random bits), a recognisable prefix for secret scanners.
 */
public interface ApiKeys {

    /**
     * Issues the owner's key.
     *
     * @param owner the owner the key authenticates as
     * @return the new key, shown this once, and its stored description
     * @throws ConflictException if the owner already has an active key (rotate or delete it)
     */
    IssuedApiKey create(OwnerId owner);

    /**
     * Replaces the owner's active key. The old key stops verifying at once, or after {@code grace}
     * (0..30 days) during which both verify.
     *
     * @param grace how long the old key still verifies; zero stops it at once
     * @param owner the owner whose key is replaced
     * @return the new key, shown this once, and its stored description
     * @throws ConflictException if the owner has no active key
     */
    IssuedApiKey rotate(OwnerId owner, Duration grace);

    /**
     * Revokes the owner's keys (active and in grace); false if there were none.
     *
     * @param owner the owner whose keys are revoked
     * @return whether there was a live key to revoke
     */
    boolean delete(OwnerId owner);

    /**
     * The owner of {@code presentedKey}, or empty if it is not a live key; {@code null} (no key presented, say an
     * absent header) is not one. The work does not depend on where a wrong key differs from a right one. A failure
     * is journaled without the key.
     *
     * @param presentedKey the key a caller presented, as it was sent (null or malformed is simply not valid)
     * @return the owner the key authenticates, or empty if it is unknown, revoked, past its grace or malformed
     */
    Optional<OwnerId> verify(@Nullable String presentedKey);

    /**
     * The owner's live keys (active and in grace), without the keys.
     *
     * @param owner the owner
     * @return the owner's live keys (active and in grace), never the keys themselves
     */
    java.util.List<ApiKeyInfo> list(OwnerId owner);
}
