package io.credvault;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a {@link Refresher} when the provider rejects the grant (OAuth's {@code invalid_grant}), and by the
 * vault when that left the credential needing a reconnect: it is then {@link CredentialStatus#UNAUTHENTICATED},
 * and automatic refresh stops until its secrets are updated.
 */
public class InvalidGrantException extends VaultException {
    private static final long serialVersionUID = 1L;

    /**
     * The provider rejected the grant.
     *
     * @param message the provider's reason (no secret)
     */
    public InvalidGrantException(String message) {
        super(message);
    }

    /**
     * The provider rejected the grant.
     *
     * @param message the provider's reason (no secret)
     * @param cause the underlying failure, or null
     */
    public InvalidGrantException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
