package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.CredentialStatus;
import io.credvault.OwnerId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A recorded call to a provider, already redacted.
 *
 * @param id         assigned by the backend on insert (0 before)
 * @param statusCode HTTP status, or null for a timeout / no response
 * @param headers    selected response headers, one {@code Name: value} per line, redacted
 * @param body       body excerpt, redacted
 * @param status     the credential status this outcome maps to, or null if it maps to none
 */
public record ProviderCallRow(long id, OwnerId owner, CredentialId credentialId, Instant at, @Nullable Integer statusCode,
                              String headers, String body, @Nullable CredentialStatus status) {
    /**
     * This row with its id.
     *
     * @param newId the id the store assigned
     * @return a new row
     */
    public ProviderCallRow withId(long newId) {
        return new ProviderCallRow(newId, owner, credentialId, at, statusCode, headers, body, status);
    }
}
