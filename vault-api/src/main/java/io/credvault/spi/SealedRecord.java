package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import java.util.Arrays;
import java.util.Objects;

/**
 * A credential's sealed secret with only what a rewrap needs to seal it again and compare-and-set it: the narrow row
 * a rewrap reads ({@link VaultBackend#sealedRecordsUnder}) and writes ({@link CredentialTable#swapSealed}). Never
 * plaintext.
 *
 * @param id         the credential's id
 * @param owner      its owner, part of what the ciphertext is bound to
 * @param version    the credential's version, which the swap compares
 * @param keyVersion the data-key version named in {@code sealed}'s header
 * @param sealed     the ciphertext (header, nonce, ciphertext, tag); not copied: do not change it
 */
public record SealedRecord(CredentialId id, OwnerId owner, long version, int keyVersion, byte[] sealed) {

    /**
     * Checks that every part is present.
     *
     * @param id         the credential's id
     * @param owner      its owner
     * @param version    the credential's version
     * @param keyVersion the data-key version named in {@code sealed}'s header
     * @param sealed     the ciphertext
     */
    public SealedRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sealed, "sealed");
    }

    /**
     * The sealed part of a stored credential.
     *
     * @param c the credential
     * @return its id, owner, version, key version and ciphertext
     */
    public static SealedRecord of(StoredCredential c) {
        return new SealedRecord(c.id(), c.owner(), c.version(), c.keyVersion(), c.sealed());
    }

    /**
     * The same credential sealed again.
     *
     * @param newSealed     the new ciphertext
     * @param newKeyVersion the data-key version it is sealed under
     * @return a record with the same id, owner and version
     */
    public SealedRecord withSealed(byte[] newSealed, int newKeyVersion) {
        return new SealedRecord(id, owner, version, newKeyVersion, newSealed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedRecord r && id.equals(r.id) && owner.equals(r.owner) && version == r.version
                && keyVersion == r.keyVersion && Arrays.equals(sealed, r.sealed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, owner, version, keyVersion, Arrays.hashCode(sealed));
    }

    @Override
    public String toString() {
        return "SealedRecord[id=" + id + ", owner=" + owner + ", version=" + version + ", keyVersion=" + keyVersion + ", "
                + sealed.length + " sealed bytes]";
    }
}
