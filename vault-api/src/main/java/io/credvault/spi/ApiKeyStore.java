package io.credvault.spi;

import io.credvault.OwnerId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The optional capability to store the vault's own API keys ({@link VaultBackend#apiKeys()}): committed reads
 * here, writes through {@link BackendTransaction#apiKeys()}. A backend without it makes the vault refuse API-key
 * calls with a clear error.
 */
public interface ApiKeyStore {
    /**
     * The API key with this hash, in any state.
     *
     * @param hash the keyed hash of a presented key
     * @return the key's row, whatever its state, or empty
     */
    Optional<ApiKeyRow> byHash(String hash);

    /**
     * The owner's API keys that are not revoked.
     *
     * @param owner the owner
     * @return the owner's active and grace keys
     */
    List<ApiKeyRow> live(OwnerId owner);

    /**
     * Sets an API key's {@code lastUsed} to {@code at} if it is earlier (or unset). Best effort.
     *
     * @param id the key's id
     * @param at when it was used
     */
    void recordUse(String id, Instant at);

    /**
     * Every API key, revoked ones included, by id: for copying a vault.
     *
     * @param afterId the id after which the page starts, or null for the first page
     * @param limit   the most rows
     * @return the keys, in id order
     */
    List<ApiKeyRow> page(@Nullable String afterId, int limit);

    /** The API-key rows of one transaction. */
    interface Table {
        /**
         * Inserts or replaces an API key record (by id).
         *
         * @param key the row to insert or replace, by id
         */
        void put(ApiKeyRow key);
    }
}
