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

    public StoredCredential {
        sealed = sealed.clone();
    }

    @Override
    public byte[] sealed() {
        return sealed.clone();
    }

    public CredentialId id() {
        return metadata.id();
    }

    public OwnerId owner() {
        return metadata.owner();
    }

    public long version() {
        return metadata.version();
    }

    public int keyVersion() {
        return metadata.keyVersion();
    }

    public boolean deleted() {
        return metadata.deleted();
    }

    /** The same sealed secret under metadata changed by {@code change}. */
    public StoredCredential with(UnaryOperator<CredentialMetadata.Builder> change) {
        return new StoredCredential(change.apply(metadata.toBuilder()).build(), sealed);
    }

    /** The same metadata over a secret sealed anew under data key {@code newKeyVersion}. */
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
