package io.credvault.spi;

import io.credvault.KeyState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A data key as the backend stores it: wrapped under the master key, never in the clear.
 *
 * @param wrapped              the key wrapped under the master key (empty once retired)
 * @param encryptionsReserved  upper bound of encryptions made under this key: blocks are reserved here
 *                             before they are used, so the count survives crashes as an upper bound
 * @param version the key's version
 * @param state its state
 * @param createdAt when it was made
 * @param retiredAt when it was retired, or null
 */
public record KeyRecord(int version, KeyState state, byte[] wrapped, Instant createdAt, long encryptionsReserved,
                        @Nullable Instant retiredAt) {
    /**
     * Copies the wrapped key.
     *
     * @param version the key's version
     * @param state its state
     * @param wrapped the key wrapped under the master key (empty once retired)
     * @param createdAt when it was made
     * @param encryptionsReserved upper bound of encryptions made under this key: blocks are reserved here before they
     *     are used, so the count survives crashes as an upper bound
     * @param retiredAt when it was retired, or null
     */
    public KeyRecord {
        if (version < 1) {
            throw new IllegalArgumentException("key version must be >= 1, got " + version);
        }
        wrapped = wrapped.clone();
    }

    /**
     * The data key wrapped under the master key.
     *
     * @return a copy
     */
    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    /**
     * This key in another state.
     *
     * @param newState the state
     * @return a new record
     */
    public KeyRecord withState(KeyState newState) {
        return new KeyRecord(version, newState, wrapped, createdAt, encryptionsReserved, retiredAt);
    }

    /**
     * This key wrapped anew.
     *
     * @param newWrapped the key wrapped under a new master key
     * @return a new record
     */
    public KeyRecord withWrapped(byte[] newWrapped) {
        return new KeyRecord(version, state, newWrapped, createdAt, encryptionsReserved, retiredAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRecord k && version == k.version && state == k.state
                && java.util.Arrays.equals(wrapped, k.wrapped) && encryptionsReserved == k.encryptionsReserved;
    }

    @Override
    public int hashCode() {
        return version;
    }

    @Override
    public String toString() {
        return "KeyRecord[version=" + version + ", state=" + state + ", createdAt=" + createdAt
                + ", encryptionsReserved=" + encryptionsReserved + ", retiredAt=" + retiredAt + "]";
    }
}
