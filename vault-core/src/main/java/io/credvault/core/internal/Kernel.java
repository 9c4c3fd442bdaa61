package io.credvault.core.internal;

import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialNotFoundException;
import io.credvault.CredentialStatus;
import io.credvault.KeyUnavailableException;
import io.credvault.OwnerId;
import io.credvault.RevealedCredential;
import io.credvault.SecretFields;
import io.credvault.ValidationException;
import io.credvault.VaultException;
import io.credvault.spi.ApiKeyStore;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.ProviderCallStore;
import io.credvault.spi.SealContext;
import io.credvault.spi.Sealer;
import io.credvault.spi.StoredCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The few steps every operation is made of — load, open, seal, write, journal — for one actor. The facade
 * ({@link VaultCore}) and the services (health, API keys) are written in these steps and never call each other.
 */
final class Kernel {
    /** The most credentials one {@code revealAll} reveals. */
    static final int MAX_REVEAL_ALL = 1000;
    /** A payload sealed for one credential: what a row stores of its secret fields. */
    record Sealed(byte[] sealed, String fingerprint, int keyVersion, Set<String> fieldNames) {
    }

    final JournaledBackend backend;
    final Sealer sealer;
    final RevealAuditor auditor;
    private final Clock clock;
    final @Nullable String actor;
    private final Duration lastUsedResolution;

    Kernel(JournaledBackend backend, Sealer sealer, RevealAuditor auditor, Clock clock, @Nullable String actor,
           Duration lastUsedResolution) {
        this.backend = backend;
        this.sealer = sealer;
        this.auditor = auditor;
        this.clock = clock;
        this.actor = actor;
        this.lastUsedResolution = lastUsedResolution;
    }

    Kernel withActor(@Nullable String newActor) {
        return new Kernel(backend, sealer, auditor, clock, newActor, lastUsedResolution);
    }

    /**
     * The credential with its secrets, handed to the reveal auditor (and, once per {@code lastUsedResolution}, its
     * {@code lastUsed} moved).
     */
    RevealedCredential reveal(@Nullable OwnerId owner, @Nullable CredentialId id) {
        return revealLoaded(revealable(load(owner, id)));
    }

    /** Many of one owner's credentials, read in one round trip; all checked before any is revealed. */
    Map<CredentialId, RevealedCredential> revealAll(@Nullable OwnerId owner, java.util.@Nullable Collection<CredentialId> ids) {
        OwnerId o = requireArg("owner", owner);
        java.util.Set<CredentialId> wanted = new java.util.LinkedHashSet<>();
        int i = 0;
        for (CredentialId id : requireArg("ids", ids)) {
            wanted.add(requireArg("ids[" + i++ + "]", id));
        }
        if (wanted.size() > MAX_REVEAL_ALL) {
            throw new io.credvault.ValidationException("ids", "at most " + MAX_REVEAL_ALL + " at a time, got " + wanted.size());
        }
        Map<CredentialId, StoredCredential> found = new java.util.HashMap<>();
        backend.findAll(wanted).forEach(c -> found.put(c.id(), c));
        List<StoredCredential> checked = new java.util.ArrayList<>(wanted.size());
        for (CredentialId id : wanted) {
            StoredCredential c = found.get(id);
            if (c == null || !c.owner().equals(o)) {
                throw new CredentialNotFoundException(id);
            }
            checked.add(revealable(c));
        }
        Map<CredentialId, RevealedCredential> out = new java.util.LinkedHashMap<>();
        checked.forEach(c -> out.put(c.id(), revealLoaded(c)));
        return out;
    }

    private static StoredCredential revealable(StoredCredential c) {
        if (c.deleted()) {
            throw new ConflictException("credential " + c.id() + " is deleted; restore it before revealing it");
        }
        return c;
    }

    private RevealedCredential revealLoaded(StoredCredential loaded) {
        Opened opened = openLoaded(loaded);
        StoredCredential c = revealable(opened.credential());
        SecretFields fields = opened.fields();
        Instant now = now();
        c = withPendingUse(c);
        boolean used = c.metadata().lastUsed() == null || c.metadata().lastUsed().plus(lastUsedResolution).isBefore(now);
        auditor.revealed(now, c.owner(), c.id(), actor, c.metadata().secretFieldNames(), used);
        if (used) {
            c = c.with(m -> m.lastUsed(now));
        }
        return new RevealedCredential(c.metadata(), fields);
    }

    /** Now, at the microsecond precision every backend stores. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The committed credential of {@code owner}; another owner's reads as unknown. */
    StoredCredential load(@Nullable OwnerId owner, @Nullable CredentialId id) {
        OwnerId o = requireArg("owner", owner);
        CredentialId i = requireArg("id", id);
        return backend.find(i).filter(c -> c.owner().equals(o)).orElseThrow(() -> new CredentialNotFoundException(i));
    }

    /**
     * The credential of {@code owner} as the store holds it now, past the read cache if there is one: for what must
     * not act on a stale copy (a refresh, a compare-and-set whose version differs from the cached one).
     */
    StoredCredential loadFresh(@Nullable OwnerId owner, @Nullable CredentialId id) {
        return backend.readsCached() ? backend.inTransaction(tx -> load(tx, owner, id)) : load(owner, id);
    }

    /** The credential of {@code owner}, read (and locked) inside {@code tx}; another owner's reads as unknown. */
    StoredCredential load(BackendTransaction tx, @Nullable OwnerId owner, @Nullable CredentialId id) {
        OwnerId o = requireArg("owner", owner);
        CredentialId i = requireArg("id", id);
        return tx.credentials().find(i).filter(c -> c.owner().equals(o)).orElseThrow(() -> new CredentialNotFoundException(i));
    }

    /** A credential and its secrets, opened. */
    record Opened(StoredCredential credential, SecretFields fields) {
    }

    /**
     * Opens what {@link #load} found. A record from the read cache may be sealed under a key that another instance
     * has since rewrapped it from and retired (a cache that polls learns of a rewrap only as its entries expire); it
     * no longer opens, so it is read again from the store, once, and the cache holds the new record.
     */
    Opened openLoaded(StoredCredential c) {
        try {
            return new Opened(c, open(c));
        } catch (KeyUnavailableException e) {
            if (!backend.readsCached()) {
                throw e;
            }
            StoredCredential fresh = backend.reread(c.id()).filter(f -> f.owner().equals(c.owner()))
                    .orElseThrow(() -> new CredentialNotFoundException(c.id()));
            return new Opened(fresh, open(fresh));
        }
    }

    /** A stored credential's secret fields: views of the plaintext, which no one else holds. */
    SecretFields open(StoredCredential c) {
        byte[] plaintext = sealer.open(c.sealed(), SealContext.secretOf(c.owner(), c.id()));
        return SecretCodec.decode(plaintext, c.metadata().secretFieldNames());
    }

    /** Seals {@code fields} for the credential {@code id} of {@code owner}, with their fingerprint. */
    Sealed seal(OwnerId owner, CredentialId id, SecretFields fields) {
        SealContext ctx = SealContext.secretOf(owner, id);
        byte[] plaintext = SecretCodec.encode(fields);
        try {
            byte[] sealed = sealer.seal(plaintext, ctx);
            return new Sealed(sealed, sealer.fingerprint(plaintext, ctx), sealer.keyVersion(sealed), fields.names());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Refuses an update of {@code cur} unless it is at {@code expectedVersion} and not deleted. */
    static void checkUpdatable(StoredCredential cur, long expectedVersion) {
        if (cur.version() != expectedVersion) {
            throw new ConflictException("credential " + cur.id() + " is at version " + cur.version()
                    + ", not the expected " + expectedVersion + "; re-read it and retry");
        }
        if (cur.deleted()) {
            throw new ConflictException("credential " + cur.id() + " is deleted; restore it before updating it");
        }
    }

    /** Compare-and-set of {@code next} over {@code expectedVersion}. */
    static void write(BackendTransaction tx, StoredCredential next, long expectedVersion) {
        if (!tx.credentials().update(next, expectedVersion)) {
            throw new ConflictException("credential " + next.id() + " was changed concurrently (expected version "
                    + expectedVersion + "); re-read it and retry");
        }
    }

    /** The next version of {@code c}, deleted at {@code deletedAt} or (null) restored. */
    static StoredCredential next(StoredCredential c, @Nullable Instant deletedAt, Instant now) {
        return c.with(m -> m.deletedAt(deletedAt).lastUpdated(now).version(c.version() + 1));
    }

    /** A journal entry about {@code c} at its version, by this actor. */
    JournalEvent event(Instant at, StoredCredential c, String type, Map<String, String> details) {
        Map<String, String> all = new TreeMap<>(details);
        all.put("version", String.valueOf(c.version()));
        return event(at, c.owner(), c.id(), type, all);
    }

    /** A journal entry by this actor. */
    JournalEvent event(Instant at, @Nullable OwnerId owner, @Nullable CredentialId id, String type, Map<String, String> details) {
        return JournalEvent.of(at, owner, id, type, actor, details);
    }

    /** Metadata as this process knows it: a use not yet written by the reveal writer counts. */
    CredentialMetadata metadata(StoredCredential c) {
        return withPendingUse(c).metadata();
    }

    StoredCredential withPendingUse(StoredCredential c) {
        Instant pending = auditor.pendingUse(c.id());
        return pending != null && (c.metadata().lastUsed() == null || pending.isAfter(c.metadata().lastUsed())) ? c.with(m -> m.lastUsed(pending)) : c;
    }

    /** Sets the status inside {@code tx}; a no-op if it is unchanged. Journals {@code credential.status_changed}. */
    CredentialMetadata changeStatus(BackendTransaction tx, StoredCredential cur, CredentialStatus status, Instant now,
                                    Map<String, String> cause) {
        return changeHealth(tx, cur, cur.with(m -> m.status(status)), now, cause);
    }

    /**
     * Writes {@code next}, {@code cur} with its status or check outcome moved, without changing the version (health
     * is not the host's edit); a status change is journaled: {@code credential.recovered} from a failure status to
     * {@link CredentialStatus#OK}, {@code credential.status_changed} otherwise.
     */
    CredentialMetadata changeHealth(BackendTransaction tx, StoredCredential cur, StoredCredential next, Instant now,
                                    Map<String, String> cause) {
        if (next.equals(cur)) {
            return metadata(cur);
        }
        write(tx, next, cur.version());
        CredentialStatus from = cur.metadata().status();
        CredentialStatus to = next.metadata().status();
        if (from != to) {
            Map<String, String> details = new TreeMap<>(cause);
            details.put("from", from.name());
            details.put("to", to.name());
            boolean recovered = from.isFailure() && to == CredentialStatus.OK;
            if (recovered) {
                details.put("failures", String.valueOf(cur.metadata().consecutiveFailures()));
            }
            tx.journal().append(event(now, next, recovered ? "credential.recovered" : "credential.status_changed", details));
        }
        return metadata(next);
    }

    /** The backend's API-key store; a backend without one makes API-key calls fail saying so. */
    ApiKeyStore apiKeys() {
        return backend.apiKeys().orElseThrow(() -> unsupported("API keys", "apiKeys"));
    }

    static ApiKeyStore.Table apiKeys(BackendTransaction tx) {
        return tx.apiKeys().orElseThrow(() -> unsupported("API keys", "apiKeys"));
    }

    /** The backend's provider-call store; a backend without one makes recording calls fail saying so. */
    ProviderCallStore providerCalls() {
        return backend.providerCalls().orElseThrow(() -> unsupported("provider calls", "providerCalls"));
    }

    static ProviderCallStore.Table providerCalls(BackendTransaction tx) {
        return tx.providerCalls().orElseThrow(() -> unsupported("provider calls", "providerCalls"));
    }

    /** Deletes provider calls where the backend stores them; 0 where it does not. */
    static int deleteProviderCalls(BackendTransaction tx, @Nullable CredentialId id, @Nullable Instant before) {
        return tx.providerCalls().map(t -> t.remove(id, before)).orElse(0);
    }

    private static VaultException unsupported(String what, String method) {
        return new VaultException("this vault's backend does not store " + what + " (its " + method + "() is empty)");
    }

    /** {@code value}, or a {@link ValidationException} naming {@code field} if it is null. */
    static <T> T requireArg(String field, @Nullable T value) {
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
        return value;
    }
}
