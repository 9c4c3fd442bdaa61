package io.credvault.core.internal;

import io.credvault.ApiKeys;
import io.credvault.ConflictException;
import io.credvault.CredentialHealth;
import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialNotFoundException;
import io.credvault.CredentialStatus;
import io.credvault.CredentialUpdate;
import io.credvault.Journal;
import io.credvault.KeyAdmin;
import io.credvault.ListFilter;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.ProviderRegistry;
import io.credvault.ProviderSchema;
import io.credvault.RevealAudit;
import io.credvault.RevealedCredential;
import io.credvault.SecretFields;
import io.credvault.StatusMapping;
import io.credvault.ValidationException;
import io.credvault.Vault;
import io.credvault.internal.Text;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.SealContext;
import io.credvault.spi.Sealer;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Vault} implementation: validation, sealing, optimistic concurrency and journaling over
 * a {@link VaultBackend} and a {@link Sealer}. Built by {@code CredVault.builder()} in vault-crypto.
 */
public final class VaultCore implements Vault {
    public static final int MAX_NAME = 255;
    public static final int MAX_DESCRIPTION = 4000;
    public static final int MAX_CATEGORY = 64;
    public static final int MAX_IDEMPOTENCY_KEY = 128;
    /** Latest accepted expiry: storable by every backend. */
    public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

    /** Settings of the core; validated by the builder. */
    public record Settings(Duration lastUsedResolution, RevealAudit revealAudit, Duration revealFlushInterval,
                           Duration journalRetention, Duration providerCallRetention, Map<String, StatusMapping> statusMappings) {
    }

    /** What every actor view of one vault shares. */
    private static final class Shared {
        final JournaledBackend backend;
        final Sealer sealer;
        final ProviderRegistry providers;
        final Clock clock;
        final Settings settings;
        final KeyAdmin keys;
        RevealAuditor auditor;
        JournalService journal;
        HealthService health;
        ApiKeyService apiKeys;

        Shared(JournaledBackend backend, Sealer sealer, ProviderRegistry providers, Clock clock, Settings settings, KeyAdmin keys) {
            this.backend = backend;
            this.sealer = sealer;
            this.providers = providers;
            this.clock = clock;
            this.settings = settings;
            this.keys = keys;
        }
    }

    private final Shared shared;
    private final JournaledBackend backend;
    private final Sealer sealer;
    private final ProviderRegistry providers;
    private final Clock clock;
    private final Duration lastUsedResolution;
    private final @Nullable String actor;

    public VaultCore(JournaledBackend backend, Sealer sealer, ProviderRegistry providers, Clock clock, Settings settings,
                     KeyAdmin keys) {
        this(new Shared(Objects.requireNonNull(backend, "backend"), Objects.requireNonNull(sealer, "sealer"),
                Objects.requireNonNull(providers, "providers"), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(keys, "keys")), null);
        shared.auditor = new RevealAuditor(backend, settings.revealAudit(), settings.revealFlushInterval());
        shared.journal = new JournalService(backend, clock, settings.journalRetention(), settings.providerCallRetention(), shared.auditor);
        shared.health = new HealthService(this, settings.statusMappings());
        shared.apiKeys = new ApiKeyService(this, sealer);
    }

    private VaultCore(Shared shared, @Nullable String actor) {
        this.shared = shared;
        this.backend = shared.backend;
        this.sealer = shared.sealer;
        this.providers = shared.providers;
        this.clock = shared.clock;
        this.lastUsedResolution = shared.settings.lastUsedResolution();
        this.actor = actor;
    }

    @Override
    public Vault withActor(String newActor) {
        return new VaultCore(shared, Text.requireLine("actor", newActor, 255));
    }

    @Override
    public Journal journal() {
        return shared.journal;
    }

    @Override
    public CredentialHealth health() {
        return shared.health;
    }

    @Override
    public ApiKeys apiKeys() {
        return shared.apiKeys;
    }

    /** Now, at the microsecond precision every backend stores. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public CredentialMetadata create(OwnerId owner, NewCredential credential) {
        requireArg("owner", owner);
        requireArg("credential", credential);
        Text.requireIdentifier("provider", credential.provider(), 64, true);
        ProviderSchema schema = providers.require(credential.provider());
        String name = Text.requireLine("name", credential.name(), MAX_NAME);
        String description = Text.optionalText("description", credential.description(), MAX_DESCRIPTION);
        String category = Text.optionalLine("category", credential.category(), MAX_CATEGORY);
        schema.validate(credential.secrets());
        Instant now = now();
        Instant expiresAt = checkExpiry(credential.expiresAt(), now);

        String idempotencyKey = credential.idempotencyKey() == null ? null
                : Text.requireLine("idempotencyKey", credential.idempotencyKey(), MAX_IDEMPOTENCY_KEY);
        CredentialId id = idempotencyKey == null ? CredentialId.generate(now.toEpochMilli()) : idempotentId(owner, idempotencyKey);
        SealContext ctx = SealContext.secretOf(owner, id);
        byte[] plaintext = SecretCodec.encode(credential.secrets());
        StoredCredential stored;
        try {
            byte[] sealed = sealer.seal(plaintext, ctx);
            stored = new StoredCredential(owner, id, name, description, credential.provider(), category,
                    CredentialStatus.NEVER_CHECKED, null, null, now, now, 1, expiresAt,
                    sealer.fingerprint(plaintext, ctx), credential.secrets().names(), sealer.keyVersion(sealed), sealed);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        StoredCredential result = backend.inTransaction(tx -> {
            if (idempotencyKey != null) {
                Optional<StoredCredential> first = tx.find(id);
                if (first.isPresent()) {
                    return sameRequest(first.get(), stored);
                }
            }
            if (tx.activeNameExists(owner, name)) {
                throw nameTaken(name);
            }
            tx.insert(stored);
            tx.append(event(now, stored, "credential.created", Map.of("provider", stored.provider(),
                    "fields", String.join(",", new java.util.TreeSet<>(stored.fieldNames())))));
            return stored;
        });
        return result == stored ? Metadata.of(stored) : metadata(result);
    }

    /** The id of the credential created under {@code key} for {@code owner}: "I" and 100 bits of a vault MAC. */
    private CredentialId idempotentId(OwnerId owner, String key) {
        byte[] o = owner.value().getBytes(StandardCharsets.UTF_8);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[2 + o.length + k.length];
        input[0] = (byte) (o.length >>> 8);
        input[1] = (byte) o.length;
        System.arraycopy(o, 0, input, 2, o.length);
        System.arraycopy(k, 0, input, 2 + o.length, k.length);
        return CredentialId.of("I" + HexFormat.of().withUpperCase().formatHex(sealer.mac("credential-idempotency", input)).substring(0, 25));
    }

    /** A create retried under its idempotency key: the credential the first attempt made, if it is the same request. */
    private static StoredCredential sameRequest(StoredCredential first, StoredCredential retried) {
        if (!first.owner().equals(retried.owner()) || !first.provider().equals(retried.provider()) || !first.name().equals(retried.name())) {
            throw new ConflictException("idempotencyKey: already used to create credential " + first.id() + " ("
                    + first.provider() + ", named \"" + first.name() + "\"); a different credential needs its own key");
        }
        return first;
    }

    @Override
    public CredentialMetadata describe(OwnerId owner, CredentialId id) {
        return metadata(load(owner, id));
    }

    /** Metadata as this process knows it: a use not yet written by the reveal writer counts. */
    CredentialMetadata metadata(StoredCredential c) {
        return Metadata.of(withPendingUse(c));
    }

    private StoredCredential withPendingUse(StoredCredential c) {
        Instant pending = shared.auditor.pendingUse(c.id());
        return pending != null && (c.lastUsed() == null || pending.isAfter(c.lastUsed())) ? c.withLastUsed(pending) : c;
    }

    @Override
    public RevealedCredential reveal(OwnerId owner, CredentialId id) {
        StoredCredential c = load(owner, id);
        if (c.deleted()) {
            throw new ConflictException("credential " + id + " is deleted; restore it before revealing it");
        }
        SecretFields fields = open(c);
        Instant now = now();
        c = withPendingUse(c);
        boolean used = c.lastUsed() == null || c.lastUsed().plus(lastUsedResolution).isBefore(now);
        shared.auditor.revealed(now, c.owner(), c.id(), actor, c.fieldNames(), used);
        if (used) {
            c = c.withLastUsed(now);
        }
        return new RevealedCredential(Metadata.of(c), fields);
    }

    @Override
    public CredentialMetadata update(OwnerId owner, CredentialId id, long expectedVersion, CredentialUpdate changes) {
        requireArg("owner", owner);
        requireArg("changes", changes);
        if (expectedVersion < 1) {
            throw new ValidationException("expectedVersion", "must be a version a credential can have (1 or more), got " + expectedVersion);
        }
        String name = changes.name() == null ? null : Text.requireLine("name", changes.name(), MAX_NAME);
        String description = Text.optionalText("description", changes.description(), MAX_DESCRIPTION);
        String category = Text.optionalLine("category", changes.category(), MAX_CATEGORY);
        Instant now = now();
        Instant expiresAt = changes.expiresAtSet() ? checkExpiry(changes.expiresAt(), now) : null;
        // Crypto happens before the transaction, on the version the caller expects; the transaction then
        // only compares and sets, so it stays short and never waits on key reservation.
        StoredCredential cur = load(owner, id);
        checkUpdatable(cur, expectedVersion);
        if (changes.isEmpty()) {
            return metadata(cur);
        }
        String newName = name == null ? cur.name() : name;
        byte[] sealed = cur.sealed();
        String fingerprint = cur.fingerprint();
        java.util.Set<String> fieldNames = cur.fieldNames();
        int keyVersion = cur.keyVersion();
        Map<String, String> details = new TreeMap<>();
        if (changes.changesSecrets()) {
            for (String removed : changes.removedSecrets()) {
                if (!cur.fieldNames().contains(removed)) {
                    throw new ValidationException("secrets." + removed, "cannot be removed: credential has no such field");
                }
            }
            SealContext ctx = SealContext.secretOf(owner, id);
            SecretFields merged = open(cur).patch(changes.secrets(), changes.removedSecrets());
            providers.require(cur.provider()).validate(merged);
            byte[] plaintext = SecretCodec.encode(merged);
            try {
                sealed = sealer.seal(plaintext, ctx);
                fingerprint = sealer.fingerprint(plaintext, ctx);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
            keyVersion = sealer.keyVersion(sealed);
            fieldNames = merged.names();
            details.put("secretFields", String.join(",", new java.util.TreeSet<>(changes.secrets().names())));
            if (!changes.removedSecrets().isEmpty()) {
                details.put("removedFields", String.join(",", new java.util.TreeSet<>(changes.removedSecrets())));
            }
            details.put("secretChanged", String.valueOf(!fingerprint.equals(cur.fingerprint())));
        }
        List<String> changed = new ArrayList<>();
        if (name != null && !name.equals(cur.name())) {
            changed.add("name");
        }
        if (changes.descriptionSet()) {
            changed.add("description");
        }
        if (changes.categorySet()) {
            changed.add("category");
        }
        if (changes.expiresAtSet()) {
            changed.add("expiresAt");
        }
        if (!changed.isEmpty()) {
            details.put("metadata", String.join(",", changed));
        }
        StoredCredential next = new StoredCredential(owner, id, newName,
                changes.descriptionSet() ? description : cur.description(), cur.provider(),
                changes.categorySet() ? category : cur.category(), cur.status(), null, cur.lastUsed(),
                cur.createdAt(), now, cur.version() + 1, changes.expiresAtSet() ? expiresAt : cur.expiresAt(),
                fingerprint, fieldNames, keyVersion, sealed);
        return backend.inTransaction(tx -> {
            checkUpdatable(load(tx, owner, id), expectedVersion);
            if (!newName.equals(cur.name()) && tx.activeNameExists(owner, newName)) {
                throw nameTaken(newName);
            }
            write(tx, next, expectedVersion);
            tx.append(event(now, next, "credential.updated", details));
            return metadata(next);
        });
    }

    private static void checkUpdatable(StoredCredential cur, long expectedVersion) {
        if (cur.version() != expectedVersion) {
            throw new ConflictException("credential " + cur.id() + " is at version " + cur.version()
                    + ", not the expected " + expectedVersion + "; re-read it and retry");
        }
        if (cur.deleted()) {
            throw new ConflictException("credential " + cur.id() + " is deleted; restore it before updating it");
        }
    }

    @Override
    public CredentialMetadata setStatus(OwnerId owner, CredentialId id, CredentialStatus status) {
        requireArg("status", status);
        return backend.inTransaction(tx -> changeStatus(tx, load(tx, owner, id), status, now(), Map.of("cause", "set by host")));
    }

    /** Sets the status inside {@code tx}; a no-op if it is unchanged. Journals {@code credential.status_changed}. */
    CredentialMetadata changeStatus(BackendTransaction tx, StoredCredential cur, CredentialStatus status, Instant now,
                                    Map<String, String> cause) {
        if (cur.status() == status) {
            return metadata(cur);
        }
        StoredCredential next = copy(cur, cur.name(), status, cur.deletedAt(), now);
        write(tx, next, cur.version());
        Map<String, String> details = new TreeMap<>(cause);
        details.put("from", cur.status().name());
        details.put("to", status.name());
        tx.append(event(now, next, "credential.status_changed", details));
        return metadata(next);
    }

    @Override
    public CredentialMetadata delete(OwnerId owner, CredentialId id) {
        return backend.inTransaction(tx -> {
            StoredCredential cur = load(tx, owner, id);
            if (cur.deleted()) {
                return metadata(cur);
            }
            Instant now = now();
            StoredCredential next = copy(cur, cur.name(), cur.status(), now, now);
            write(tx, next, cur.version());
            tx.append(event(now, next, "credential.deleted", Map.of()));
            return metadata(next);
        });
    }

    @Override
    public CredentialMetadata restore(OwnerId owner, CredentialId id) {
        return backend.inTransaction(tx -> {
            StoredCredential cur = load(tx, owner, id);
            if (!cur.deleted()) {
                return metadata(cur);
            }
            if (tx.activeNameExists(owner, cur.name())) {
                throw new ConflictException("cannot restore credential " + id + ": an active credential named '"
                        + cur.name() + "' exists; rename or delete it first");
            }
            Instant now = now();
            StoredCredential next = copy(cur, cur.name(), cur.status(), null, now);
            write(tx, next, cur.version());
            tx.append(event(now, next, "credential.restored", Map.of()));
            return metadata(next);
        });
    }

    @Override
    public void purge(OwnerId owner, CredentialId id) {
        backend.inTransaction(tx -> {
            StoredCredential cur = load(tx, owner, id);
            if (!tx.delete(id)) {
                throw new CredentialNotFoundException(id);
            }
            int calls = tx.deleteProviderCalls(id, null);
            tx.append(event(now(), cur, "credential.purged", Map.of("providerCalls", String.valueOf(calls))));
            return null;
        });
    }

    @Override
    public Page<CredentialMetadata> list(OwnerId owner, ListFilter filter, PageRequest page) {
        requireArg("owner", owner);
        requireArg("filter", filter);
        requireArg("page", page);
        CredentialId after;
        try {
            after = page.cursor() == null ? null : CredentialId.of(page.cursor());
        } catch (ValidationException e) {
            throw new ValidationException("cursor", "is not a cursor of a credential list (pass nextCursor() as it was returned)");
        }
        List<StoredCredential> rows = backend.list(owner, filter, after, page.limit() + 1);
        boolean more = rows.size() > page.limit();
        List<CredentialMetadata> items = rows.stream().limit(page.limit()).map(this::metadata).toList();
        return new Page<>(items, more ? items.get(items.size() - 1).id().value() : null);
    }

    @Override
    public KeyAdmin keys() {
        return shared.keys;
    }

    @Override
    public ProviderRegistry providers() {
        return providers;
    }

    @Override
    public void close() {
        try {
            shared.auditor.close();
        } finally {
            backend.close();
        }
    }

    /** The backend, journaled: its transactions chain their journal entries. */
    JournaledBackend journaled() {
        return backend;
    }

    VaultBackend backend() {
        return backend;
    }

    /** Opens a stored credential's secret fields. */
    public SecretFields open(StoredCredential c) {
        byte[] plaintext = sealer.open(c.sealed(), SealContext.secretOf(c.owner(), c.id()));
        try {
            return SecretCodec.decode(plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The credential of {@code owner}, read inside {@code tx}; another owner's reads as unknown. */
    public StoredCredential load(BackendTransaction tx, OwnerId owner, CredentialId id) {
        requireArg("owner", owner);
        requireArg("id", id);
        return tx.find(id).filter(c -> c.owner().equals(owner)).orElseThrow(() -> new CredentialNotFoundException(id));
    }

    /** The committed credential of {@code owner}; another owner's reads as unknown. */
    StoredCredential loadCommitted(OwnerId owner, CredentialId id) {
        return load(owner, id);
    }

    private StoredCredential load(OwnerId owner, CredentialId id) {
        requireArg("owner", owner);
        requireArg("id", id);
        return backend.find(id).filter(c -> c.owner().equals(owner)).orElseThrow(() -> new CredentialNotFoundException(id));
    }

    private static void write(BackendTransaction tx, StoredCredential next, long expectedVersion) {
        if (!tx.update(next, expectedVersion)) {
            throw new ConflictException("credential " + next.id() + " was changed concurrently (expected version "
                    + expectedVersion + "); re-read it and retry");
        }
    }

    private static StoredCredential copy(StoredCredential c, String name, io.credvault.CredentialStatus status,
                                         @Nullable Instant deletedAt, Instant now) {
        return new StoredCredential(c.owner(), c.id(), name, c.description(), c.provider(), c.category(), status,
                deletedAt, c.lastUsed(), c.createdAt(), now, c.version() + 1, c.expiresAt(), c.fingerprint(),
                c.fieldNames(), c.keyVersion(), c.sealed());
    }

    private JournalEvent event(Instant at, StoredCredential c, String type, Map<String, String> details) {
        Map<String, String> all = new TreeMap<>(details);
        all.put("version", String.valueOf(c.version()));
        return event(at, c.owner(), c.id(), type, all);
    }

    /** A journal entry by this view's actor. */
    JournalEvent event(Instant at, @Nullable OwnerId owner, @Nullable CredentialId id, String type, Map<String, String> details) {
        return JournalEvent.of(at, owner, id, type, actor, details);
    }

    private static ConflictException nameTaken(String name) {
        return new ConflictException("an active credential named '" + name + "' already exists for this owner");
    }

    private static @Nullable Instant checkExpiry(@Nullable Instant expiresAt, Instant now) {
        if (expiresAt == null) {
            return null;
        }
        if (!expiresAt.isAfter(now)) {
            throw new ValidationException("expiresAt", "must be in the future, got " + expiresAt);
        }
        if (expiresAt.isAfter(MAX_INSTANT)) {
            throw new ValidationException("expiresAt", "must be at most " + MAX_INSTANT + ", got " + expiresAt);
        }
        return expiresAt.truncatedTo(ChronoUnit.MICROS);
    }

    private static void requireArg(String field, @Nullable Object value) {
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
    }
}
