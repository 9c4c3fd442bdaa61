package io.credvault;

import java.util.Optional;

/**
 * Maps a provider call's outcome to a credential status. {@link #DEFAULT}: 2xx → OK, 401 → UNAUTHENTICATED,
 * 403 → MISSING_PERMISSION, 429, 5xx or timeout → TEMPORARILY_UNAVAILABLE, anything else → no change.
 * Register another per provider with {@code CredVault.Builder.statusMapping(provider, mapping)}.
 */
@FunctionalInterface
public interface StatusMapping {
    /**
     * The default mapping: 2xx {@code OK}, 401 {@code UNAUTHENTICATED}, 403 {@code MISSING_PERMISSION}, 429, 5xx and
     * timeouts {@code TEMPORARILY_UNAVAILABLE}; anything else leaves the status.
     */
    StatusMapping DEFAULT = call -> {
        Integer code = call.statusCode();
        if (code == null || code == 429 || code >= 500) {
            return Optional.of(CredentialStatus.TEMPORARILY_UNAVAILABLE);
        }
        if (code >= 200 && code < 300) {
            return Optional.of(CredentialStatus.OK);
        }
        if (code == 401) {
            return Optional.of(CredentialStatus.UNAUTHENTICATED);
        }
        if (code == 403) {
            return Optional.of(CredentialStatus.MISSING_PERMISSION);
        }
        return Optional.empty();
    };

    /**
     * The status {@code call} implies, or empty to leave the status as it is.
     *
     * @param call the call's outcome
     * @return the new status, or empty to leave it as it is
     */
    Optional<CredentialStatus> map(ProviderCall call);
}
