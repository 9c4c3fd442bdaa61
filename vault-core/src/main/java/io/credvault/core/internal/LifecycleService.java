package io.credvault.core.internal;

import io.credvault.CredentialId;
import io.credvault.CredentialLifecycle;
import io.credvault.CredentialMetadata;
import io.credvault.OwnerId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.ValidationException;
import io.credvault.spi.ExpiryPosition;
import io.credvault.spi.StoredCredential;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** {@link CredentialLifecycle}: the expiry queries, per owner and across owners. */
final class LifecycleService implements CredentialLifecycle {
    private final Kernel kernel;

    LifecycleService(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public Page<CredentialMetadata> expiring(Duration within, PageRequest page) {
        return expiring(null, within, page);
    }

    /** Credentials whose next expiry is within {@code within}, of {@code owner} or (null) of every owner. */
    Page<CredentialMetadata> expiring(@Nullable OwnerId owner, Duration within, PageRequest page) {
        Kernel.requireArg("within", within);
        Kernel.requireArg("page", page);
        if (within.isNegative()) {
            throw new ValidationException("within", "must be zero or more, got " + within);
        }
        Instant now = kernel.now();
        Instant before = within.compareTo(Duration.between(now, Expiries.MAX)) >= 0 ? Expiries.MAX.plusSeconds(1) : now.plus(within);
        List<StoredCredential> rows = kernel.backend.expiring(owner, before, position(page.cursor()), page.limit() + 1);
        return Pages.of(rows, page.limit(), kernel::metadata, LifecycleService::cursor);
    }

    /** {@code <epoch microseconds>_<id>} of the last item (a page cursor is letters, digits, {@code _} and {@code -}). */
    private static String cursor(CredentialMetadata m) {
        Instant at = Objects.requireNonNull(m.nextExpiry(), "an expiring credential has a next expiry");
        return ChronoUnit.MICROS.between(Instant.EPOCH, at) + "_" + m.id().value();
    }

    private static @Nullable ExpiryPosition position(@Nullable String cursor) {
        if (cursor == null) {
            return null;
        }
        int colon = cursor.indexOf('_');
        try {
            long micros = Long.parseLong(cursor.substring(0, colon));
            return new ExpiryPosition(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), CredentialId.of(cursor.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new ValidationException("cursor", "is not a cursor of an expiry query (pass nextCursor() as it was returned)");
        }
    }
}
