package io.credvault.spi;

/**
 * Wraps and unwraps data keys: the one thing a master key does. {@code io.credvault.crypto.MasterKey} implements it
 * with
 * AES-256-GCM in process; a KMS or HSM plugs in by implementing these two calls (for example with AWS KMS
 * {@code Encrypt}/{@code Decrypt} passing {@code label} as encryption context, or Vault Transit
 * {@code encrypt}/{@code decrypt} passing it as {@code context}), so the master key never enters the JVM.
 *
 * <p>Contract: {@code unwrap(wrap(key, label), label)} returns {@code key}; unwrapping under a different
 * label or a different master key fails with {@link io.credvault.KeyUnavailableException}.
 */
public interface KeyWrapper {

    /**
     * Encrypts {@code key}, binding it to {@code label} (e.g. {@code "data-key/3"}).
     *
     * @param key the key to wrap
     * @param label what the key is, bound to the wrapping as associated data
     * @return the wrapped key
     */
    byte[] wrap(byte[] key, String label);

    /**
     * Decrypts what {@link #wrap} produced for {@code label}.
     *
     * @param wrapped what {@link #wrap} returned
     * @param label the label it was wrapped with
     * @return the key
     * @throws io.credvault.KeyUnavailableException if it does not verify under this wrapper and label
     */
    byte[] unwrap(byte[] wrapped, String label);

    /**
     * Non-secret settings the vault stores when this wrapper becomes its master key, e.g. the salt and
     * Argon2id parameters of a passphrase-derived key, so the same key can be derived again later.
     *
     * @return settings stored with the keyring that reopen this wrapper (a passphrase's salt and parameters); empty by
     *     default
     */
    default java.util.Map<String, String> settings() {
        return java.util.Map.of();
    }
}
