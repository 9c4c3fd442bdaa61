package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.CredentialStatus;
import io.credvault.OwnerId;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A credential as a backend stores it: metadata plus the sealed secret. Never plaintext.
 *
 * @param sealed     the ciphertext (header, nonce, ciphertext, tag); copied in and out
 * @param keyVersion data-key version named in {@code sealed}'s header, kept as a column for rotation queries
 */
public record StoredCredential(
        OwnerId owner,
        CredentialId id,
        String name,
        @Nullable String description,
        String provider,
        @Nullable String category,
        CredentialStatus status,
        @Nullable Instant deletedAt,
        @Nullable Instant lastUsed,
        Instant createdAt,
        Instant updatedAt,
        long version,
        @Nullable Instant expiresAt,
        String fingerprint,
        Set<String> fieldNames,
        int keyVersion,
        byte[] sealed) {

    public StoredCredential {
        fieldNames = Set.copyOf(fieldNames);
        sealed = sealed.clone();
    }

    @Override
    public byte[] sealed() {
        return sealed.clone();
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    public StoredCredential withSealed(byte[] newSealed, int newKeyVersion) {
        return new StoredCredential(owner, id, name, description, provider, category, status, deletedAt, lastUsed,
                createdAt, updatedAt, version, expiresAt, fingerprint, fieldNames, newKeyVersion, newSealed);
    }

    public StoredCredential withLastUsed(Instant at) {
        return new StoredCredential(owner, id, name, description, provider, category, status, deletedAt, at,
                createdAt, updatedAt, version, expiresAt, fingerprint, fieldNames, keyVersion, sealed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredCredential s && id.equals(s.id) && version == s.version
                && java.util.Arrays.equals(sealed, s.sealed) && toString().equals(s.toString());
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Long.hashCode(version);
    }

    @Override
    public String toString() {
        return "StoredCredential[owner=" + owner + ", id=" + id + ", name=" + name + ", provider=" + provider
                + ", category=" + category + ", status=" + status + ", deletedAt=" + deletedAt + ", lastUsed=" + lastUsed
                + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt + ", version=" + version
                + ", expiresAt=" + expiresAt + ", fieldNames=" + new java.util.TreeSet<>(fieldNames)
                + ", keyVersion=" + keyVersion + ", sealed=" + sealed.length + " bytes]";
    }
}
