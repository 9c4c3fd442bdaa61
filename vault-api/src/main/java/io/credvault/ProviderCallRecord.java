package io.credvault;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A recorded provider call, as stored: redacted.
 *
 * @param statusCode HTTP status, or null for a timeout
 * @param headers    {@code Name: value} lines, redacted
 * @param status     the credential status this outcome mapped to, or null if it maps to none
 */
public record ProviderCallRecord(long id, CredentialId credentialId, Instant at, @Nullable Integer statusCode, String headers,
                                 String body, @Nullable CredentialStatus status) {
}
