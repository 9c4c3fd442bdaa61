package io.credvault.spi;

/**
 * Authenticated encryption of secret payloads, bound to where they are stored, and the vault's keyed MACs.
 * Implemented by the engine over its keyring; the services that call it never see keys.
 */
public interface Sealer {

    /**
     * Seals {@code plaintext} under the current primary key, bound to {@code context}.
     *
     * @param plaintext the secret payload
     * @param context what the payload belongs to
     * @return the sealed payload: format, key version, nonce, ciphertext and tag
     */
    byte[] seal(byte[] plaintext, SealContext context);

    /**
     * Opens what {@link #seal} produced under the same {@code context}.
     *
     * @param sealed what {@link #seal} returned
     * @param context the context it was sealed with
     * @return the payload
     * @throws io.credvault.IntegrityException      if it was altered or sealed under another context
     * @throws io.credvault.KeyUnavailableException if its key version is unknown or retired
     */
    byte[] open(byte[] sealed, SealContext context);

    /**
     * The key version named in {@code sealed}'s header, read without decrypting.
     *
     * @param sealed a sealed payload
     * @return the data key version it is sealed under
     */
    int keyVersion(byte[] sealed);

    /**
     * A keyed fingerprint (HMAC) of {@code plaintext} in {@code context}; hex.
     *
     * @param plaintext the secret payload
     * @param context what it belongs to
     * @return a keyed fingerprint of the payload, safe to store beside it
     */
    String fingerprint(byte[] plaintext, SealContext context);

    /**
     * HMAC-SHA256 of {@code data} under the vault's MAC key for {@code purpose} ({@code journal}, {@code api-key}).
     *
     * @param purpose a purpose label that separates the MAC keys
     * @param data the data
     * @return the keyed MAC of {@code data}
     */
    byte[] mac(String purpose, byte[] data);
}
