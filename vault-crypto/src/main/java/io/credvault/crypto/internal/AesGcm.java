package io.credvault.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM through JCE with 128-bit tags: one {@link Cipher} per thread ({@link Aead} keeps one per thread for each key), re-initialised per operation
 * ({@code Cipher.getInstance} per call costs several times more), and a per-thread DRBG for nonces.
 */
public final class AesGcm {
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(AesGcm::newCipher);
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(AesGcm::newRandom);

    private AesGcm() {
    }

    /** A new AES/GCM/NoPadding cipher. */
    static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("this JVM provides no AES/GCM/NoPadding cipher", e);
        }
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /**
     * A fresh 96-bit nonce from this thread's DRBG. A DRBG call costs several times more than AES-GCM on a
     * small secret, and little more for 384 bytes than for 12, so each thread draws 32 nonces at a time. Nonces
     * are public (they are stored beside the ciphertext); uniqueness is what matters, and each buffered nonce is
     * handed out once.
     */
    public static byte[] nonce() {
        return NONCES.get().take();
    }

    private static final ThreadLocal<NonceBuffer> NONCES = ThreadLocal.withInitial(NonceBuffer::new);

    private static final class NonceBuffer {
        private final byte[] bytes = new byte[NONCE_BYTES * 32];
        private int next = bytes.length;

        byte[] take() {
            if (next == bytes.length) {
                RANDOM.get().nextBytes(bytes);
                next = 0;
            }
            byte[] nonce = Arrays.copyOfRange(bytes, next, next + NONCE_BYTES);
            next += NONCE_BYTES;
            return nonce;
        }
    }

    /** {@code length} random bytes straight from this thread's DRBG (keys, salts). */
    public static byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        RANDOM.get().nextBytes(b);
        return b;
    }

    /**
     * Encrypts {@code plaintext} into {@code out} at {@code outOffset} (ciphertext then tag).
     *
     * @return number of bytes written ({@code plaintext.length + 16})
     */
    public static int encrypt(SecretKey key, byte[] nonce, byte[] aad, byte[] plaintext, byte[] out, int outOffset)
            throws GeneralSecurityException {
        return encrypt(CIPHER.get(), key, nonce, aad, plaintext, out, outOffset);
    }

    /** {@link #encrypt(SecretKey, byte[], byte[], byte[], byte[], int)} with the caller's cipher. */
    static int encrypt(Cipher c, SecretKey key, byte[] nonce, byte[] aad, byte[] plaintext, byte[] out, int outOffset)
            throws GeneralSecurityException {
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
        if (aad.length > 0) {
            c.updateAAD(aad);
        }
        return c.doFinal(plaintext, 0, plaintext.length, out, outOffset);
    }

    /**
     * Decrypts {@code in[offset, offset + length)} (ciphertext then tag).
     *
     * @throws AEADBadTagException if the tag does not verify
     */
    public static byte[] decrypt(SecretKey key, byte[] nonce, byte[] aad, byte[] in, int offset, int length)
            throws GeneralSecurityException {
        return decrypt(key, nonce, 0, nonce.length, aad, in, offset, length);
    }

    /** {@link #decrypt(SecretKey, byte[], byte[], byte[], int, int)} with a 12-byte nonce read from {@code nonceSource}. */
    public static byte[] decrypt(SecretKey key, byte[] nonceSource, int nonceOffset, byte[] aad, byte[] in, int offset, int length)
            throws GeneralSecurityException {
        return decrypt(key, nonceSource, nonceOffset, NONCE_BYTES, aad, in, offset, length);
    }

    private static byte[] decrypt(SecretKey key, byte[] nonceSource, int nonceOffset, int nonceLength, byte[] aad, byte[] in,
                                  int offset, int length) throws GeneralSecurityException {
        return decrypt(CIPHER.get(), key, nonceSource, nonceOffset, nonceLength, aad, in, offset, length);
    }

    /** Decrypts with the caller's cipher, the nonce read from {@code nonceSource}. */
    static byte[] decrypt(Cipher c, SecretKey key, byte[] nonceSource, int nonceOffset, int nonceLength, byte[] aad, byte[] in,
                          int offset, int length) throws GeneralSecurityException {
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonceSource, nonceOffset, nonceLength));
        if (aad.length > 0) {
            c.updateAAD(aad);
        }
        return c.doFinal(in, offset, length);
    }
}
