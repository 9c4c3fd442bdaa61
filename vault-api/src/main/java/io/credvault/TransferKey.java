package io.credvault;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The key an export file is sealed under: a passphrase (stretched with Argon2id, whose parameters are written in the
 * file's header) or a 32-byte key the host manages. It is separate from the vault's master key, so an export can be
 * handed to another environment with its own master key. {@code toString} never shows it.
 */
public final class TransferKey {
    private final char @Nullable [] passphrase;
    private final byte @Nullable [] key;

    private TransferKey(char @Nullable [] passphrase, byte @Nullable [] key) {
        this.passphrase = passphrase;
        this.key = key;
    }

    /**
     * A passphrase; at least 12 characters.
     *
     * @param passphrase the passphrase (copied: the caller may clear its array)
     * @return the key
     * @throws ValidationException naming {@code passphrase} if it is shorter than 12 characters
     */
    public static TransferKey passphrase(char[] passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        if (passphrase.length < 12) {
            throw new ValidationException("passphrase", "an export passphrase needs at least 12 characters, got " + passphrase.length);
        }
        return new TransferKey(passphrase.clone(), null);
    }

    /**
     * A 32-byte key.
     *
     * @param key the key (copied)
     * @return the key
     * @throws ValidationException naming {@code key} if it is not 32 bytes
     */
    public static TransferKey of(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != 32) {
            throw new ValidationException("key", "an export key is 32 bytes, got " + key.length);
        }
        return new TransferKey(null, key.clone());
    }

    /**
     * The passphrase, if this is one.
     *
     * @return a copy, or null for a key
     */
    public char @Nullable [] passphrase() {
        return passphrase == null ? null : passphrase.clone();
    }

    /**
     * The key, if this is one.
     *
     * @return a copy, or null for a passphrase
     */
    public byte @Nullable [] key() {
        return key == null ? null : key.clone();
    }

    /** Clears the passphrase or key held here. */
    public void destroy() {
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
        }
        if (key != null) {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return passphrase != null ? "TransferKey[passphrase]" : "TransferKey[key]";
    }
}
