package io.credvault.core.internal;

import io.credvault.ApiKeys;
import io.credvault.ExportOptions;
import io.credvault.ExportReport;
import io.credvault.ImportOptions;
import io.credvault.ImportReport;
import io.credvault.OwnedCredential;
import io.credvault.ConflictException;
import io.credvault.CredentialHealth;
import io.credvault.CredentialId;
import io.credvault.Refresher;
import io.credvault.SecretValue;
import io.credvault.CredentialLifecycle;
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
import io.credvault.RevealAudit;
import io.credvault.RevealedCredential;
import io.credvault.SecretFields;
import io.credvault.StatusMapping;
import io.credvault.ValidationException;
import io.credvault.Vault;
import io.credvault.core.VaultObserver;
import io.credvault.internal.Text;
import io.credvault.spi.Sealer;
import io.credvault.spi.StoredCredential;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Vault} implementation: a thin facade over the {@link Kernel} — validation, then the kernel's steps
 * in one short transaction. Built by {@code CredVault.builder()}.
 */
public final class VaultCore implements Vault {
    public static final int MAX_NAME = 255;
    public static final int MAX_DESCRIPTION = 4000;
    public static final int MAX_CATEGORY = 64;
    public static final int MAX_IDEMPOTENCY_KEY = 128;
    /** Latest accepted expiry: storable by every backend. */

    /** Settings of the core; validated by the builder. */
    public record Settings(Duration lastUsedResolution, RevealAudit revealAudit, Duration revealFlushInterval,
                           Duration journalRetention, Duration providerCallRetention, Map<String, StatusMapping> statusMappings,
                           Duration refreshLeaseTtl, VaultObserver observer) {
    }

    /** What every actor view of one vault shares. */
    private record Shared(ProviderRegistry providers, Settings settings, KeyManager keys, JournalService journal,
                          Set<ExpiryRefresher> refreshers) {
    }

    private final Shared shared;
    private final Kernel kernel;
    private final HealthService health;
    private final ApiKeyService apiKeys;
    private final LifecycleService lifecycle;
    private final RefreshService refreshes;
    private final CreateService creations;

    public VaultCore(JournaledBackend backend, Sealer sealer, ProviderRegistry providers, Clock clock, Settings settings,
                     KeyManager keys) {
        this(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(providers, "providers"),
                Objects.requireNonNull(keys, "keys"), new RevealAuditor(Objects.requireNonNull(backend, "backend"),
                        settings.revealAudit(), settings.revealFlushInterval(), settings.observer()),
                Objects.requireNonNull(sealer, "sealer"), Objects.requireNonNull(clock, "clock"));
    }

    private VaultCore(Settings settings, ProviderRegistry providers, KeyManager keys, RevealAuditor auditor, Sealer sealer, Clock clock) {
        this(new Shared(providers, settings, keys, new JournalService(auditor.backend(), clock, settings.journalRetention(),
                settings.providerCallRetention(), auditor), ConcurrentHashMap.newKeySet()), new Kernel(auditor.backend(), sealer, auditor, clock, null, settings.lastUsedResolution()));
    }

    private VaultCore(Shared shared, Kernel kernel) {
        this.shared = shared;
        this.kernel = kernel;
        this.health = new HealthService(kernel, shared.settings().statusMappings());
        this.apiKeys = new ApiKeyService(kernel);
        this.refreshes = new RefreshService(kernel, shared.providers(), shared.settings().refreshLeaseTtl());
        this.lifecycle = new LifecycleService(kernel, refreshes, shared.refreshers());
        this.creations = new CreateService(kernel, shared.providers());
    }

    @Override
    public Vault withActor(String newActor) {
        return new VaultCore(shared, kernel.withActor(Text.requireLine("actor", newActor, 255)));
    }

    @Override
    public Journal journal() {
        return shared.journal();
    }

    @Override
    public CredentialHealth health() {
        return health;
    }

    @Override
    public ProviderRegistry providers() {
        return shared.providers();
    }

    @Override
    public KeyAdmin keys() {
        return shared.keys();
    }

    @Override
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    @Override
    public CredentialLifecycle lifecycle() {
        return lifecycle;
    }

    RevealAuditor auditor() {
        return kernel.auditor;
    }

    /** Reveals and uses waiting for the reveal journal: a gauge. */
    public int revealJournalQueue() {
        return kernel.auditor.queued();
    }

    @Override
    public void close() {
        try {
            lifecycle.closeRefreshers();
            kernel.auditor.close();
            shared.keys().releaseUnused();
        } finally {
            kernel.backend.close();
        }
    }

    @Override
    public CredentialMetadata create(OwnerId owner, NewCredential credential) {
        requireArg("owner", owner);
        requireArg("credential", credential);
        return creations.create(owner, credential);
    }

    @Override
    public List<CredentialMetadata> createAll(List<OwnedCredential> credentials) {
        requireArg("credentials", credentials);
        return creations.createAll(credentials);
    }

    @Override
    public void validate(OwnerId owner, NewCredential credential) {
        requireArg("owner", owner);
        requireArg("credential", credential);
        creations.validate(credential, kernel.now());
    }

    @Override
    public ExportReport exportTo(OutputStream out, ExportOptions options) {
        requireArg("out", out);
        requireArg("options", options);
        return new Exporter(kernel).exportTo(out, options);
    }

    @Override
    public ImportReport importFrom(InputStream in, ImportOptions options) {
        requireArg("in", in);
        requireArg("options", options);
        return new Importer(kernel, shared.providers()).importFrom(in, options);
    }

    @Override
    public CredentialMetadata describe(OwnerId owner, CredentialId id) {
        return kernel.metadata(kernel.load(owner, id));
    }

    @Override
    public RevealedCredential reveal(OwnerId owner, CredentialId id) {
        return kernel.reveal(owner, id);
    }

    @Override
    public Map<CredentialId, RevealedCredential> revealAll(OwnerId owner, java.util.Collection<CredentialId> ids) {
        return kernel.revealAll(owner, ids);
    }

    @Override
    public RevealedCredential refresh(OwnerId owner, CredentialId id, Refresher refresher) {
        return refreshes.refresh(owner, id, refresher);
    }

    @Override
    public SecretValue accessToken(OwnerId owner, CredentialId id, Duration minValidity, Refresher refresher) {
        return refreshes.accessToken(owner, id, minValidity, refresher);
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
        Instant now = kernel.now();
        Instant expiresAt = changes.expiresAtSet() ? Expiries.check("expiresAt", changes.expiresAt(), now) : null;
        // Crypto happens before the transaction, on the version the caller expects; the transaction then
        // only compares and sets, so it stays short and never waits on key reservation.
        StoredCredential cached = kernel.load(owner, id);
        // a version other than expected may be a stale cached copy: ask the store before calling it a conflict
        StoredCredential cur = cached.version() == expectedVersion ? cached : kernel.loadFresh(owner, id);
        Kernel.checkUpdatable(cur, expectedVersion);
        if (changes.isEmpty()) {
            return kernel.metadata(cur);
        }
        String newName = name == null ? cur.metadata().name() : name;
        Kernel.Sealed s = new Kernel.Sealed(cur.sealed(), cur.metadata().fingerprint(), cur.keyVersion(), cur.metadata().secretFieldNames());
        Map<String, String> details = new TreeMap<>();
        if (changes.changesSecrets()) {
            for (String removed : changes.removedSecrets()) {
                if (!cur.metadata().secretFieldNames().contains(removed)) {
                    throw new ValidationException("secrets." + removed, "cannot be removed: credential has no such field");
                }
            }
            SecretFields merged = kernel.open(cur).patch(changes.secrets(), changes.removedSecrets());
            shared.providers().require(cur.metadata().provider()).validate(merged);
            s = kernel.seal(owner, id, merged);
            details.put("secretFields", String.join(",", new TreeSet<>(changes.secrets().names())));
            if (!changes.removedSecrets().isEmpty()) {
                details.put("removedFields", String.join(",", new TreeSet<>(changes.removedSecrets())));
            }
            details.put("secretChanged", String.valueOf(!s.fingerprint().equals(cur.metadata().fingerprint())));
        }
        List<String> changed = new ArrayList<>();
        if (name != null && !name.equals(cur.metadata().name())) {
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
        Map<String, Instant> secretExpiries = Expiries.forUpdate(cur.metadata().secretExpiries(), changes, s.fieldNames(), now);
        if (!changes.secretExpiries().isEmpty()) {
            changed.add("secretExpiries");
        }
        if (!changed.isEmpty()) {
            details.put("metadata", String.join(",", changed));
        }
        CredentialMetadata.Builder meta = cur.metadata().toBuilder().name(newName).deletedAt(null).lastUpdated(now)
                .version(cur.version() + 1).secret(s.fingerprint(), s.fieldNames(), s.keyVersion()).secretExpiries(secretExpiries);
        if (changes.descriptionSet()) {
            meta.description(description);
        }
        if (changes.categorySet()) {
            meta.category(category);
        }
        if (changes.expiresAtSet()) {
            meta.expiresAt(expiresAt);
        }
        StoredCredential prepared = new StoredCredential(meta.build(), s.sealed());
        boolean reconnected = changes.changesSecrets() && !s.fingerprint().equals(cur.metadata().fingerprint());
        return kernel.backend.inTransaction(tx -> {
            StoredCredential locked = kernel.load(tx, owner, id);
            Kernel.checkUpdatable(locked, expectedVersion);
            if (!newName.equals(cur.metadata().name()) && tx.credentials().activeNameExists(owner, newName)) {
                throw CreateService.nameTaken(newName);
            }
            // health moves without a version change: take it from the row as it is now, under its lock
            CredentialMetadata health = locked.metadata();
            boolean reset = reconnected && health.status().needsReconnect();
            StoredCredential next = prepared.with(m -> reset ? m.status(CredentialStatus.NEVER_CHECKED).checked(health.lastCheckedAt(), 0)
                    : m.status(health.status()).checked(health.lastCheckedAt(), health.consecutiveFailures()));
            Map<String, String> all = details;
            if (reset) {
                all = new TreeMap<>(details);
                all.put("status", health.status() + " -> " + CredentialStatus.NEVER_CHECKED + " (new secrets)");
            }
            Kernel.write(tx, next, expectedVersion);
            tx.journal().append(kernel.event(now, next, "credential.updated", all));
            return kernel.metadata(next);
        });
    }


    @Override
    public CredentialMetadata setStatus(OwnerId owner, CredentialId id, CredentialStatus status) {
        requireArg("status", status);
        return kernel.backend.inTransaction(tx -> kernel.changeStatus(tx, kernel.load(tx, owner, id), status, kernel.now(),
                Map.of("cause", "set by host")));
    }

    @Override
    public CredentialMetadata delete(OwnerId owner, CredentialId id) {
        return setDeleted(owner, id, true);
    }

    @Override
    public CredentialMetadata restore(OwnerId owner, CredentialId id) {
        return setDeleted(owner, id, false);
    }

    /** Soft delete or restore: a no-op when already so; a restore needs its name free among active credentials. */
    private CredentialMetadata setDeleted(OwnerId owner, CredentialId id, boolean deleted) {
        return kernel.backend.inTransaction(tx -> {
            StoredCredential cur = kernel.load(tx, owner, id);
            if (cur.deleted() == deleted) {
                return kernel.metadata(cur);
            }
            if (!deleted && tx.credentials().activeNameExists(owner, cur.metadata().name())) {
                throw new ConflictException("cannot restore credential " + id + ": an active credential named '"
                        + cur.metadata().name() + "' exists; rename or delete it first");
            }
            Instant now = kernel.now();
            StoredCredential next = Kernel.next(cur, deleted ? now : null, now);
            Kernel.write(tx, next, cur.version());
            tx.journal().append(kernel.event(now, next, deleted ? "credential.deleted" : "credential.restored", Map.of()));
            return kernel.metadata(next);
        });
    }

    @Override
    public void purge(OwnerId owner, CredentialId id) {
        kernel.backend.useTransaction(tx -> {
            StoredCredential cur = kernel.load(tx, owner, id);
            if (!tx.credentials().delete(id)) {
                throw new CredentialNotFoundException(id);
            }
            int calls = Kernel.deleteProviderCalls(tx, id, null);
            tx.journal().append(kernel.event(kernel.now(), cur, "credential.purged", Map.of("providerCalls", String.valueOf(calls))));
        });
    }

    @Override
    public Page<CredentialMetadata> list(OwnerId owner, ListFilter filter, PageRequest page) {
        requireArg("owner", owner);
        return listOf(owner, filter, page);
    }

    @Override
    public Page<CredentialMetadata> listAllOwners(ListFilter filter, PageRequest page) {
        return listOf(null, filter, page);
    }

    private Page<CredentialMetadata> listOf(@Nullable OwnerId owner, ListFilter filter, PageRequest page) {
        requireArg("filter", filter);
        requireArg("page", page);
        List<StoredCredential> rows = kernel.backend.list(owner, filter, Pages.credentialCursor(page), page.limit() + 1);
        return Pages.of(rows, page.limit(), kernel::metadata, m -> m.id().value());
    }

    @Override
    public Page<CredentialMetadata> expiring(OwnerId owner, Duration within, PageRequest page) {
        requireArg("owner", owner);
        return lifecycle.expiring(owner, within, page);
    }


    private static void requireArg(String field, @Nullable Object value) {
        Kernel.requireArg(field, value);
    }
}
