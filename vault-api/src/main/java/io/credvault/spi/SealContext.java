package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import java.nio.charset.StandardCharsets;

/**
 * Where a sealed payload belongs. Its canonical encoding is part of the associated data, so a ciphertext
 * moved to another owner, credential or purpose fails to open.
 */
public record SealContext(OwnerId owner, CredentialId credentialId, String purpose) {
    /** The purpose of a credential's secret payload. */
    public static final String CREDENTIAL_SECRET = "credential.secret";
    private static final byte[] CREDENTIAL_SECRET_UTF8 = CREDENTIAL_SECRET.getBytes(StandardCharsets.UTF_8);

    /**
     * The context of credential {@code id}'s secret, owned by {@code owner}.
     *
     * @param owner the owner
     * @param id the credential
     * @return the context
     */
    public static SealContext secretOf(OwnerId owner, CredentialId id) {
        return new SealContext(owner, id, CREDENTIAL_SECRET);
    }

    /**
     * Length-prefixed UTF-8 of owner, credential id and purpose: unambiguous for any strings.
     *
     * @return the associated data the seal authenticates: purpose, owner and id, length-prefixed
     */
    public byte[] canonical() {
        return canonicalAfter(new byte[0], 0, 0);
    }

    /**
     * {@code prefix[offset, offset + length)} followed by {@link #canonical()}, in one array: the associated data
     * of a sealed payload is its header followed by this.
     *
     * @param prefix bytes to put first
     * @param offset where in {@code prefix} they start
     * @param length how many
     * @return those bytes followed by {@link #canonical()}
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for ASCII (the id's alphabet; most owners)
    public byte[] canonicalAfter(byte[] prefix, int offset, int length) {
        String o = owner.value();
        byte[] a = ascii(o) ? null : o.getBytes(StandardCharsets.UTF_8); // an ASCII owner is copied as it stands
        int aLength = a == null ? o.length() : a.length;
        String b = credentialId.value(); // [A-Za-z0-9_] only: its UTF-8 is one byte per character
        byte[] c = CREDENTIAL_SECRET.equals(purpose) ? CREDENTIAL_SECRET_UTF8 : purpose.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length + 12 + aLength + b.length() + c.length];
        System.arraycopy(prefix, offset, out, 0, length);
        int at = putLength(out, length, aLength);
        if (a == null) {
            o.getBytes(0, aLength, out, at);
        } else {
            System.arraycopy(a, 0, out, at, aLength);
        }
        at = putLength(out, at + aLength, b.length());
        b.getBytes(0, b.length(), out, at);
        put(out, at + b.length(), c);
        return out;
    }

    /** Whether every character of {@code s} is ASCII, so that its UTF-8 is its characters' low bytes. */
    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int put(byte[] out, int at, byte[] part) {
        int from = putLength(out, at, part.length);
        System.arraycopy(part, 0, out, from, part.length);
        return from + part.length;
    }

    private static int putLength(byte[] out, int at, int length) {
        out[at] = (byte) (length >>> 24);
        out[at + 1] = (byte) (length >>> 16);
        out[at + 2] = (byte) (length >>> 8);
        out[at + 3] = (byte) length;
        return at + 4;
    }
}
