package io.credvault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * One secret string (a token, a private key, a shared secret). Not a record on purpose: {@link #toString()}
 * never shows the content, {@link #equals(Object)} compares in constant time and {@link #hashCode()} is a
 * constant, and there are no bean getters for a serializer to find. Read it with {@link #reveal()}.
 */
public final class SecretValue {
    /** Largest accepted secret, in UTF-8 bytes (64 KiB: a 4096-bit PEM private key is about 3.3 KiB). */
    public static final int MAX_BYTES = 65_536;

    private final byte[] utf8;

    private SecretValue(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** Wraps {@code value}; refuses null, empty, over-long or ill-formed Unicode values (the field is named by the caller's schema). */
    public static SecretValue of(String value) {
        if (value == null) {
            throw new ValidationException("secret", "is required");
        }
        io.credvault.internal.Text.requireWellFormed("secret", value);
        return ofUtf8(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Wraps a copy of UTF-8 bytes. */
    public static SecretValue ofUtf8(byte[] utf8) {
        return ofUtf8(utf8, 0, utf8.length);
    }

    /** Wraps a copy of {@code length} UTF-8 bytes of {@code source} from {@code offset}. */
    public static SecretValue ofUtf8(byte[] source, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, source.length);
        if (length == 0) {
            throw new ValidationException("secret", "must not be empty");
        }
        if (length > MAX_BYTES) {
            throw new ValidationException("secret", "must be at most " + MAX_BYTES + " bytes in UTF-8, got " + length);
        }
        return new SecretValue(Arrays.copyOfRange(source, offset, offset + length));
    }

    /** The secret as a string. Every call is an explicit disclosure; keep the result short-lived. */
    public String reveal() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** A copy of the secret's UTF-8 bytes. */
    public byte[] revealUtf8() {
        return utf8.clone();
    }

    /** Number of UTF-8 bytes; used for encoding, not shown in {@link #toString()}. */
    public int utf8Length() {
        return utf8.length;
    }

    byte[] internalBytes() {
        return utf8;
    }

    /** Constant-time for equal lengths. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue other && MessageDigest.isEqual(utf8, other.utf8);
    }

    /** A constant: a content-derived hash would leak a function of the secret. */
    @Override
    public int hashCode() {
        return 0x5EC2E7;
    }

    @Override
    public String toString() {
        return "SecretValue[redacted]";
    }

    /** Overwrites this value's bytes. Further {@link #reveal()} calls return zero bytes' text. */
    public void destroy() {
        Arrays.fill(utf8, (byte) 0);
    }
}
