package io.credvault;

/**
 * The result of {@link CredentialStore#reveal}: the metadata and the secret fields.
 * {@link #toString()} shows metadata and field names, never values.
 */
public record RevealedCredential(CredentialMetadata metadata, SecretFields secrets) {
}
