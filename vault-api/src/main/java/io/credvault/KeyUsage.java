package io.credvault;

import java.util.List;
import java.util.Map;

/**
 * Which key versions the stored credentials use: the proof that a rotation finished.
 *
 * @param credentialsByVersion number of credentials (active and deleted) sealed under each version
 * @param keys                 every key version with its state
 * @param primaryVersion the primary data key's version
 */
public record KeyUsage(int primaryVersion, Map<Integer, Long> credentialsByVersion, List<KeyInfo> keys) {
    /**
     * Copies the collections.
     *
     * @param primaryVersion the primary data key's version
     * @param credentialsByVersion number of credentials (active and deleted) sealed under each version
     * @param keys every key version with its state
     */
    public KeyUsage {
        credentialsByVersion = Map.copyOf(credentialsByVersion);
        keys = List.copyOf(keys);
    }

    /**
     * Credentials sealed under versions other than the primary.
     *
     * @return credentials sealed under versions other than the primary
     */
    public long remaining() {
        return credentialsByVersion.entrySet().stream().filter(e -> e.getKey() != primaryVersion)
                .mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * Whether every credential is sealed under the primary version.
     *
     * @return true if every credential is sealed under the primary version
     */
    public boolean rotationComplete() {
        return remaining() == 0;
    }

    /**
     * Credentials sealed under {@code version}.
     *
     * @param version a data key version
     * @return how many (0 if none)
     */
    public long credentialsUnder(int version) {
        return credentialsByVersion.getOrDefault(version, 0L);
    }
}
