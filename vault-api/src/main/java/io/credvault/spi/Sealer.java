package io.credvault.spi;

/**
 * Authenticated encryption of secret payloads, bound to where they are stored, and the vault's keyed MACs.
 * Implemented by the engine over its keyring; the services that call it never see keys.
 */
public interface Sealer {

    /** Seals {@code plaintext} under the current primary key, bound to {@code context}. */
    byte[] seal(byte[] plaintext, SealContext context);

    /**
     * Opens what {@link #seal} produced under the same {@code context}.
     *
     * @throws io.credvault.IntegrityException      if it was altered or sealed under another context
     * @throws io.credvault.KeyUnavailableException if its key version is unknown or retired
     */
    byte[] open(byte[] sealed, SealContext context);

    /** The key version named in {@code sealed}'s header, read without decrypting. */
    int keyVersion(byte[] sealed);

    /** A keyed fingerprint (HMAC) of {@code plaintext} in {@code context}; hex. */
    String fingerprint(byte[] plaintext, SealContext context);

    /** HMAC-SHA256 of {@code data} under the vault's MAC key for {@code purpose} ({@code journal}, {@code api-key}). */
    byte[] mac(String purpose, byte[] data);
}
