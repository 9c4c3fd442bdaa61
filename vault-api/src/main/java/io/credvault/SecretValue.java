package io.credvault;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One secret string (a token, a private key, a shared secret). Not a record on purpose: {@link #toString()}
 * never shows the content, {@link #equals(Object)} compares in constant time and {@link #hashCode()} is a
 * constant, and there are no bean getters for a serializer to find. Read it with {@link #reveal()}.
 */
public final class SecretValue {
    /** Largest accepted secret, in UTF-8 bytes (64 KiB: a 4096-bit PEM private key is about 3.3 KiB). */
    public static final int MAX_BYTES = 65_536;

    /** The secret is {@code bytes[offset, offset + length)}; a value decoded by the vault shares its payload's array. */
    private final byte[] bytes;
    private final int offset;
    private final int length;

    private SecretValue(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /** A value over {@code bytes[offset, offset + length)}, not copied and not checked again: see {@link io.credvault.internal.Payloads}. */
    SecretValue(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    /**
     * Wraps {@code value}; refuses null, empty, over-long or ill-formed Unicode values (the field is named by the
     * caller's schema).
     *
     * @param value the secret
     * @return the value
     */
    public static SecretValue of(String value) {
        if (value == null) {
            throw new ValidationException("secret", "is required");
        }
        io.credvault.internal.Text.requireWellFormed("secret", value);
        return ofUtf8(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Wraps a copy of UTF-8 bytes.
     *
     * @param utf8 the secret's UTF-8 bytes (copied; the caller may clear its array)
     * @return the value
     */
    public static SecretValue ofUtf8(byte[] utf8) {
        return ofUtf8(utf8, 0, utf8.length);
    }

    /**
     * Wraps a copy of {@code length} UTF-8 bytes of {@code source} from {@code offset}.
     *
     * @param source an array holding the secret's UTF-8 bytes
     * @param offset where they start
     * @param length how many there are
     * @return the value
     */
    public static SecretValue ofUtf8(byte[] source, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, source.length);
        String refusal = refusal(source, offset, length);
        if (refusal != null) {
            throw new ValidationException("secret", refusal);
        }
        return new SecretValue(Arrays.copyOfRange(source, offset, offset + length));
    }

    /**
     * Why {@code length} bytes of {@code source} from {@code offset} cannot be a secret value, or null if they can: the
     * one acceptance test for values given by a caller and values decoded from a payload.
     */
    static @Nullable String refusal(byte[] source, int offset, int length) {
        if (length == 0) {
            return "must not be empty";
        }
        if (length > MAX_BYTES) {
            return "must be at most " + MAX_BYTES + " bytes in UTF-8, got " + length;
        }
        if (!wellFormedUtf8(source, offset, length)) {
            return "must be well-formed UTF-8 (no stray, overlong or surrogate byte sequences)";
        }
        return null;
    }

    /** RFC 3629: shortest forms only, no surrogates, nothing above U+10FFFF. */
    private static boolean wellFormedUtf8(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            int max = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                min = c == 0xE0 ? 0xA0 : 0x80;
                max = c == 0xED ? 0x9F : 0xBF;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                min = c == 0xF0 ? 0x90 : 0x80;
                max = c == 0xF4 ? 0x8F : 0xBF;
            } else {
                return false;
            }
            if (i + n >= end) {
                return false;
            }
            int second = b[i + 1] & 0xFF;
            if (second < min || second > max) {
                return false;
            }
            for (int k = 2; k <= n; k++) {
                int cont = b[i + k] & 0xFF;
                if (cont < 0x80 || cont > 0xBF) {
                    return false;
                }
            }
            i += n + 1;
        }
        return true;
    }

    /**
     * The secret as a string. Every call is an explicit disclosure; keep the result short-lived.
     *
     * @return the secret itself: the one way to read it
     */
    public String reveal() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    /**
     * A copy of the secret's UTF-8 bytes.
     *
     * @return a copy of the secret's UTF-8 bytes, for the caller to clear after use
     */
    public byte[] revealUtf8() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /**
     * Number of UTF-8 bytes; used for encoding, not shown in {@link #toString()}.
     *
     * @return the length of the secret in UTF-8 bytes
     */
    public int utf8Length() {
        return length;
    }

    /** Constant-time for equal lengths: every byte is compared, whatever differs. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SecretValue other) || other.length != length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= bytes[offset + i] ^ other.bytes[other.offset + i];
        }
        return diff == 0;
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
        Arrays.fill(bytes, offset, offset + length, (byte) 0);
    }
}
