package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a sealed payload belongs. Its canonical encoding is part of the associated data, so a ciphertext
 * moved to another owner, credential or purpose fails to open.
 */
public record SealContext(OwnerId owner, CredentialId credentialId, String purpose) {
    public static final String CREDENTIAL_SECRET = "credential.secret";

    public static SealContext secretOf(OwnerId owner, CredentialId id) {
        return new SealContext(owner, id, CREDENTIAL_SECRET);
    }

    /** Length-prefixed UTF-8 of owner, credential id and purpose: unambiguous for any strings. */
    public byte[] canonical() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        for (String part : new String[] {owner.value(), credentialId.value(), purpose}) {
            byte[] b = part.getBytes(StandardCharsets.UTF_8);
            out.write(b.length >>> 24);
            out.write(b.length >>> 16);
            out.write(b.length >>> 8);
            out.write(b.length);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
