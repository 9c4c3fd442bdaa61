package io.credvault.core.internal;

import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.InvalidGrantException;
import io.credvault.OwnerId;
import io.credvault.ProviderRegistry;
import io.credvault.RefreshException;
import io.credvault.Refreshed;
import io.credvault.Refresher;
import io.credvault.RevealedCredential;
import io.credvault.SecretFields;
import io.credvault.SecretValue;
import io.credvault.ValidationException;
import io.credvault.VaultException;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.LeaseTable;
import io.credvault.spi.StoredCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Single-flight refresh. One lease row per credential ({@code refresh:<id>}, with a time-to-live) admits one
 * refresher call at a time across threads and instances; the others wait, re-reading the credential, and return
 * what the holder saved. The holder re-reads after taking the lease (someone may have refreshed just before),
 * calls the refresher outside any transaction, and saves with compare-and-set, merging onto a version a host
 * update made meanwhile rather than dropping newly issued secrets. An invalid grant is only the credential's failure
 * if the secrets it was tried with are still the stored ones.
 */
final class RefreshService {
    static final String ACCESS_TOKEN = "accessToken";
    private static final int SAVE_ATTEMPTS = 3;

    private final Kernel kernel;
    private final ProviderRegistry providers;
    private final Duration leaseTtl;
    private final String instance = UUID.randomUUID().toString();

    RefreshService(Kernel kernel, ProviderRegistry providers, Duration leaseTtl) {
        this.kernel = kernel;
        this.providers = providers;
        this.leaseTtl = leaseTtl;
    }

    RevealedCredential refresh(OwnerId owner, CredentialId id, Refresher refresher) {
        Kernel.requireArg("owner", owner);
        Kernel.requireArg("id", id);
        Kernel.requireArg("refresher", refresher);
        refreshIf(owner, id, refresher, m -> true, true);
        return kernel.reveal(owner, id);
    }

    SecretValue accessToken(OwnerId owner, CredentialId id, Duration minValidity, Refresher refresher) {
        Kernel.requireArg("owner", owner);
        Kernel.requireArg("id", id);
        Kernel.requireArg("minValidity", minValidity);
        Kernel.requireArg("refresher", refresher);
        if (minValidity.isNegative()) {
            throw new ValidationException("minValidity", "must be zero or more, got " + minValidity);
        }
        Predicate<CredentialMetadata> stale = m -> !validFor(m, minValidity);
        refreshIf(owner, id, refresher, stale, true);
        RevealedCredential r = kernel.reveal(owner, id);
        return r.secrets().get(ACCESS_TOKEN).orElseThrow(() -> new ValidationException("id",
                "credential " + id + " has no " + ACCESS_TOKEN + " field (fields: " + new TreeSet<>(r.secrets().names()) + ")"));
    }

    /**
     * For the background refresher: refreshes {@code id} if its access token (or the credential) expires within
     * {@code window}, unless another holder is at it (then it is theirs: no waiting). Returns whether this call ran
     * the refresher.
     */
    boolean refreshExpiring(OwnerId owner, CredentialId id, Duration window, Refresher refresher) {
        return refreshIf(owner, id, refresher, m -> !validFor(m, window), false);
    }

    /** Whether {@code m}'s access token (or, without a field expiry, the credential) stays valid for {@code d} from now. */
    boolean validFor(CredentialMetadata m, Duration d) {
        Instant expiry = m.secretExpiries().getOrDefault(ACCESS_TOKEN, m.expiresAt());
        return expiry == null || expiry.isAfter(kernel.now().plus(d));
    }

    /**
     * Refreshes when {@code stale} holds for the stored credential; returns once the stored one is fresh, or, without
     * {@code wait}, at once if another holder has the lease. Returns whether this call ran the refresher.
     */
    private boolean refreshIf(OwnerId owner, CredentialId id, Refresher refresher, Predicate<CredentialMetadata> stale,
                              boolean wait) {
        StoredCredential seen = kernel.loadFresh(owner, id);
        if (seen.deleted()) {
            throw new ConflictException("credential " + id + " is deleted; restore it before refreshing it");
        }
        if (!stale.test(seen.metadata())) {
            return false;
        }
        requireConnected(seen);
        String lease = "refresh:" + id.value();
        String holder = instance + "/" + Thread.currentThread().getId();
        Duration patience = leaseTtl.multipliedBy(2); // a live holder lets go within one time-to-live
        long deadline = System.nanoTime() + patience.toNanos();
        for (int attempt = 0; !tryAcquire(lease, holder); attempt++) {
            if (!wait) {
                return false;
            }
            pause(attempt);
            StoredCredential now = kernel.loadFresh(owner, id);
            if (now.version() != seen.version() || !stale.test(now.metadata())) {
                return false; // another holder refreshed it meanwhile
            }
            if (System.nanoTime() > deadline) {
                throw new RefreshException("credential " + id + " is being refreshed by another holder (lease " + lease
                        + ") for longer than " + patience.toMillis() + " ms; try again later", false, null);
            }
        }
        try {
            StoredCredential cur = kernel.loadFresh(owner, id);
            if (cur.version() != seen.version() || !stale.test(cur.metadata())) {
                return false; // refreshed just before the lease was ours
            }
            requireConnected(cur);
            call(cur, refresher).ifPresent(r -> save(cur, r));
            return true;
        } finally {
            release(lease, holder);
        }
    }

    private static void requireConnected(StoredCredential c) {
        if (c.metadata().status().needsReconnect()) {
            throw new RefreshException("credential " + c.id() + " is " + c.metadata().status() + ": its user must reconnect; "
                    + "automatic refresh resumes once its secrets are updated", false, null);
        }
    }

    /**
     * Calls the refresher with {@code cur}'s secrets. A failure is recorded as the credential's; but an invalid grant
     * for secrets another holder has rotated since is nobody's failure: empty, and the caller reads the new ones.
     */
    private Optional<Refreshed> call(StoredCredential cur, Refresher refresher) {
        try {
            return Optional.of(refresher.refresh(kernel.metadata(cur), kernel.open(cur)));
        } catch (InvalidGrantException e) {
            if (kernel.loadFresh(cur.owner(), cur.id()).version() != cur.version()) {
                return Optional.empty();
            }
            recordFailure(cur, CredentialStatus.UNAUTHENTICATED, "invalid grant");
            throw new InvalidGrantException("credential " + cur.id() + ": the provider rejected the grant; its user must "
                    + "reconnect (status UNAUTHENTICATED)", e);
        } catch (VaultException e) {
            throw e; // the vault's own failure inside the refresher: not the credential's
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            recordFailure(cur, CredentialStatus.TEMPORARILY_UNAVAILABLE, "refresher failed: " + e.getClass().getSimpleName());
            throw new RefreshException("credential " + cur.id() + ": the refresher failed (" + e.getClass().getName()
                    + "); status TEMPORARILY_UNAVAILABLE", true, e);
        }
    }

    /** Saves {@code r} over {@code base}, merging onto a newer version (a host's update) if one was committed meanwhile. */
    private void save(StoredCredential base, Refreshed r) {
        StoredCredential onto = base;
        for (int attempt = 1; ; attempt++) {
            SecretFields merged = kernel.open(onto).patch(r.secrets(), Set.of());
            providers.require(onto.metadata().provider()).validate(merged);
            Instant now = kernel.now();
            Map<String, Instant> expiries = Expiries.afterRefresh(onto.metadata().secretExpiries(), r.secrets().names(),
                    r.secretExpiries(), merged.names(), now);
            Kernel.Sealed s = kernel.seal(onto.owner(), onto.id(), merged);
            long expected = onto.version();
            Optional<StoredCredential> newer = kernel.backend.inTransaction(tx -> {
                StoredCredential locked = kernel.load(tx, base.owner(), base.id());
                if (locked.version() != expected || locked.deleted()) {
                    return Optional.of(locked);
                }
                StoredCredential next = new StoredCredential(locked.metadata().toBuilder().lastUpdated(now).version(expected + 1)
                        .secret(s.fingerprint(), s.fieldNames(), s.keyVersion()).secretExpiries(expiries).build(), s.sealed());
                Kernel.write(tx, next, expected);
                Map<String, String> details = new TreeMap<>();
                details.put("secretFields", String.join(",", new TreeSet<>(r.secrets().names())));
                details.put("secretChanged", String.valueOf(!s.fingerprint().equals(locked.metadata().fingerprint())));
                tx.journal().append(kernel.event(now, next, "credential.refreshed", details));
                kernel.changeHealth(tx, next, next.with(m -> m.status(CredentialStatus.OK).checked(now, 0)), now,
                        Map.of("cause", "refresh"));
                return Optional.empty();
            });
            if (newer.isEmpty()) {
                return;
            }
            if (newer.get().deleted() || attempt == SAVE_ATTEMPTS) {
                throw new ConflictException("credential " + base.id() + " kept changing while its refreshed secrets were "
                        + "saved (" + (newer.get().deleted() ? "it was deleted" : attempt + " attempts") + ")");
            }
            onto = newer.get();
        }
    }

    private void recordFailure(StoredCredential cur, CredentialStatus status, String cause) {
        Instant now = kernel.now();
        kernel.backend.useTransaction(tx -> {
            StoredCredential locked = kernel.load(tx, cur.owner(), cur.id());
            int failures = locked.metadata().consecutiveFailures() + 1;
            tx.journal().append(kernel.event(now, locked, "credential.refresh_failed", Map.of("cause", cause)));
            kernel.changeHealth(tx, locked, locked.with(m -> m.status(status).checked(now, failures)), now,
                    Map.of("cause", "refresh: " + cause));
        });
    }

    private boolean tryAcquire(String name, String holder) {
        Instant now = kernel.now();
        try {
            return kernel.backend.inTransaction(tx -> leases(tx).tryTake(new LeaseTable.Lease(name, holder, now.plus(leaseTtl)), now));
        } catch (ConflictException e) {
            return false; // another holder took it at the same moment
        }
    }

    private void release(String name, String holder) {
        try {
            kernel.backend.useTransaction(tx -> leases(tx).release(name, holder));
        } catch (RuntimeException e) {
            // the lease lapses on its own after its time-to-live; the refresh itself is saved
        }
    }

    private static LeaseTable leases(BackendTransaction tx) {
        return tx.leases().orElseThrow(() -> new VaultException(
                "this vault's backend has no lease rows (its transactions' leases() is empty): refresh needs them"));
    }

    /** Waits before the next try: 5 ms doubling to 160 ms, with jitter so waiters do not move in step. */
    private static void pause(int attempt) {
        long millis = 5L << Math.min(attempt, 5);
        try {
            Thread.sleep(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RefreshException("interrupted while waiting for another holder's refresh", false, e);
        }
    }
}
