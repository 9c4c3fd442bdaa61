package io.credvault.spi;

import io.credvault.CredentialId;
import java.time.Instant;

/**
 * A place in the expiry order: credentials sort by their next expiry, then by id.
 *
 * @param at the next expiry of the last credential of the previous page
 * @param id its id
 */
public record ExpiryPosition(Instant at, CredentialId id) {

    /**
     * Whether {@code c} (next expiry {@code cAt}) sorts after this position.
     *
     * @param cAt another credential's next expiry
     * @param c that credential's id
     * @return whether this position comes before that one (by expiry, then id)
     */
    public boolean isBefore(Instant cAt, CredentialId c) {
        int byTime = cAt.compareTo(at);
        return byTime > 0 || byTime == 0 && c.compareTo(id) > 0;
    }
}
