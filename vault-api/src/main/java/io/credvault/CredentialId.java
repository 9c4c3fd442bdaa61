package io.credvault;

import io.credvault.internal.Text;
import java.security.SecureRandom;

/**
 * A credential's id: 26 characters of Crockford base32, time-ordered (48 bits of milliseconds then 80 random
 * bits), so ids sort by creation time and cursor pagination follows creation order.
 *
 * @param value the id's text: 1 to 64 characters of [A-Za-z0-9_], starting with a letter
 */
public record CredentialId(String value) implements Comparable<CredentialId> {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The longest id accepted, in characters. */
    public static final int MAX_LENGTH = 64;

    /**
     * Checks the value: 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9_]}, starting with a letter.
     *
     * @param value the id's text: 1 to 64 characters of [A-Za-z0-9_], starting with a letter
     * @throws ValidationException naming {@code id} if it is not
     */
    public CredentialId {
        Text.requireIdentifier("credentialId", value, MAX_LENGTH, false);
    }

    /**
     * The id {@code value}.
     *
     * @param value the id's text
     * @return the id
     * @throws ValidationException naming {@code id} if it is not a valid id
     */
    public static CredentialId of(String value) {
        return new CredentialId(value);
    }

    /**
     * A new id for a credential created at {@code epochMillis}.
     *
     * @param epochMillis the creation time, which orders ids created in different milliseconds
     * @return a new random id
     */
    public static CredentialId generate(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        char[] out = new char[26];
        long time = epochMillis & 0xFFFF_FFFF_FFFFL;
        // 10 characters of time (50 bits, top 2 always zero), 16 characters of randomness (80 bits).
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        long hi = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (random[i] & 0xFF);
        }
        long lo = 0;
        for (int i = 5; i < 10; i++) {
            lo = (lo << 8) | (random[i] & 0xFF);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        // The first character must be a letter for the identifier rule; time < 2^48 keeps it '0'.
        out[0] = 'C';
        return new CredentialId(new String(out));
    }

    @Override
    public int compareTo(CredentialId other) {
        return value.compareTo(other.value);
    }

    /**
     * Equal when the values are: as the record's own, written out so that the lookups every call makes (maps keyed
     * by id) compare one string directly.
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof CredentialId other && value.equals(other.value);
    }

    /** The value's hash (what the record's own gives for its one component). */
    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
