package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.OwnerId;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A credential as a backend stores it: its metadata plus the sealed secret. Never plaintext.
 *
 * @param metadata everything that can be known without the keys; its {@code keyVersion} is the data-key version
 *                 named in {@code sealed}'s header, kept as a column for rotation queries
 * @param sealed   the ciphertext (header, nonce, ciphertext, tag); copied in and out
 */
public record StoredCredential(CredentialMetadata metadata, byte[] sealed) {

    /**
     * Checks that the sealed payload is present.
     *
     * @param metadata everything that can be known without the keys; its {@code keyVersion} is the data-key version
     *     named in {@code sealed}'s header, kept as a column for rotation queries
     * @param sealed the ciphertext (header, nonce, ciphertext, tag); copied in and out
     */
    public StoredCredential {
        sealed = sealed.clone();
    }

    /**
     * The sealed secret payload.
     *
     * @return the bytes (not copied: do not change them)
     */
    @Override
    public byte[] sealed() {
        return sealed.clone();
    }

    /**
     * The credential's id.
     *
     * @return the id
     */
    public CredentialId id() {
        return metadata.id();
    }

    /**
     * The credential's owner.
     *
     * @return the owner
     */
    public OwnerId owner() {
        return metadata.owner();
    }

    /**
     * The credential's version.
     *
     * @return the version
     */
    public long version() {
        return metadata.version();
    }

    /**
     * The data key version the payload is sealed under.
     *
     * @return the version
     */
    public int keyVersion() {
        return metadata.keyVersion();
    }

    /**
     * Whether the credential is soft-deleted.
     *
     * @return true if deleted
     */
    public boolean deleted() {
        return metadata.deleted();
    }

    /**
     * The same sealed secret under metadata changed by {@code change}.
     *
     * @param change a change of the metadata
     * @return a new stored credential with the changed metadata and the same payload
     */
    public StoredCredential with(UnaryOperator<CredentialMetadata.Builder> change) {
        return new StoredCredential(change.apply(metadata.toBuilder()).build(), sealed);
    }

    /**
     * The same metadata over a secret sealed anew under data key {@code newKeyVersion}.
     *
     * @param newSealed the payload sealed anew
     * @param newKeyVersion the key version it is sealed under
     * @return a new stored credential
     */
    public StoredCredential withSealed(byte[] newSealed, int newKeyVersion) {
        return new StoredCredential(metadata.toBuilder().keyVersion(newKeyVersion).build(), newSealed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredCredential s && metadata.equals(s.metadata) && Arrays.equals(sealed, s.sealed);
    }

    @Override
    public int hashCode() {
        return metadata.hashCode() * 31 + Arrays.hashCode(sealed);
    }

    @Override
    public String toString() {
        return "StoredCredential[" + metadata + ", sealed=" + sealed.length + " bytes]";
    }
}
