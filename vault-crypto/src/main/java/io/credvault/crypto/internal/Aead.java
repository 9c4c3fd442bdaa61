package io.credvault.crypto.internal;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;

/**
 * AES-GCM bound to one key: {@link #seal} and {@link #open}, an authenticated encryption that cannot be handed the
 * wrong key or a repeated nonce. A sealed value is {@code header | nonce(12) | ciphertext | tag(16)}: the caller's
 * header (a format byte, a key version) comes first and the nonce is fresh for every seal. The associated data is
 * the caller's to choose; to bind the header, include it.
 */
public final class Aead {
    /** What sealing adds beyond the header and the plaintext: the nonce and the tag. */
    public static final int OVERHEAD = AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES;

    private final SecretKey key;
    /**
     * This key's own cipher on each thread: the provider expands an AES key schedule whenever a cipher is initialised
     * with a key other than its last, so a thread that alternates keys (a rewrap opens under one and seals under
     * another) would expand one for every operation through a cipher shared by all keys.
     */
    private final ThreadLocal<Cipher> cipher = ThreadLocal.withInitial(AesGcm::newCipher);

    public Aead(SecretKey key) {
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("an AES key is required, got " + key.getAlgorithm());
        }
        this.key = key;
    }

    /** {@code header | nonce | ciphertext | tag} of {@code plaintext} under a fresh nonce. */
    public byte[] seal(byte[] header, byte[] plaintext, byte[] associatedData) {
        return seal(header, AesGcm.nonce(), plaintext, associatedData);
    }

    /**
     * {@link #seal(byte[], byte[], byte[])} under the given 12-byte {@code nonce}: for known-answer tests and
     * baselines. A nonce must never repeat under one key.
     */
    public byte[] seal(byte[] header, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        if (nonce.length != AesGcm.NONCE_BYTES) {
            throw new IllegalArgumentException("a nonce is " + AesGcm.NONCE_BYTES + " bytes, got " + nonce.length);
        }
        byte[] out = new byte[header.length + OVERHEAD + plaintext.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(nonce, 0, out, header.length, AesGcm.NONCE_BYTES);
        try {
            AesGcm.encrypt(cipher.get(), key, nonce, associatedData, plaintext, out, header.length + AesGcm.NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return out;
    }

    /**
     * The plaintext of {@code sealed}, whose first {@code headerLength} bytes are the caller's header.
     *
     * @throws AEADBadTagException if {@code sealed} is too short, or it or {@code associatedData} is not what was sealed
     */
    public byte[] open(byte[] sealed, int headerLength, byte[] associatedData) throws AEADBadTagException {
        if (headerLength < 0 || sealed.length < headerLength + OVERHEAD) {
            throw new AEADBadTagException("too short to be sealed: " + sealed.length + " bytes");
        }
        try {
            return AesGcm.decrypt(cipher.get(), key, sealed, headerLength, AesGcm.NONCE_BYTES, associatedData, sealed,
                    headerLength + AesGcm.NONCE_BYTES,
                    sealed.length - headerLength - AesGcm.NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }
}
