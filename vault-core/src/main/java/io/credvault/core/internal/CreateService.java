package io.credvault.core.internal;

import io.credvault.ConflictException;
import io.credvault.CredentialId;
import io.credvault.CredentialMetadata;
import io.credvault.CredentialStatus;
import io.credvault.NewCredential;
import io.credvault.OwnedCredential;
import io.credvault.OwnerId;
import io.credvault.ProviderRegistry;
import io.credvault.ValidationException;
import io.credvault.internal.Text;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.StoredCredential;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** New credentials: validated and sealed before a transaction, written with their {@code credential.created} entries. */
final class CreateService {
    static final int MAX_BATCH = 10_000;

    private final Kernel kernel;
    private final ProviderRegistry providers;

    CreateService(Kernel kernel, ProviderRegistry providers) {
        this.kernel = kernel;
        this.providers = providers;
    }

    /** A credential validated and sealed, not yet written; {@code idempotent} if its id came from an idempotency key. */
    private record Prepared(StoredCredential stored, boolean idempotent) {
    }

    /** Checks {@code credential} as {@link #create} does, without sealing or writing. */
    void validate(NewCredential credential, Instant now) {
        check(credential, now);
    }

    private void check(NewCredential credential, Instant now) {
        Text.requireIdentifier("provider", credential.provider(), 64, true);
        providers.require(credential.provider()).validate(credential.secrets());
        Text.requireLine("name", credential.name(), VaultCore.MAX_NAME);
        Text.optionalText("description", credential.description(), VaultCore.MAX_DESCRIPTION);
        Text.optionalLine("category", credential.category(), VaultCore.MAX_CATEGORY);
        Expiries.check("expiresAt", credential.expiresAt(), now);
        if (credential.idempotencyKey() != null) {
            Text.requireLine("idempotencyKey", credential.idempotencyKey(), VaultCore.MAX_IDEMPOTENCY_KEY);
        }
        Expiries.forCreate(credential.secretExpiries(), credential.secrets().names(), now);
    }

    private Prepared prepare(OwnerId owner, NewCredential credential, Instant now) {
        check(credential, now);
        String name = credential.name();
        String description = credential.description();
        String category = credential.category();
        Instant expiresAt = Expiries.check("expiresAt", credential.expiresAt(), now);
        String idempotencyKey = credential.idempotencyKey() == null ? null
                : Text.requireLine("idempotencyKey", credential.idempotencyKey(), VaultCore.MAX_IDEMPOTENCY_KEY);
        CredentialId id = idempotencyKey == null ? CredentialId.generate(now.toEpochMilli()) : Idempotency.id(kernel.sealer, owner, idempotencyKey);
        Map<String, Instant> secretExpiries = Expiries.forCreate(credential.secretExpiries(), credential.secrets().names(), now);
        Kernel.Sealed s = kernel.seal(owner, id, credential.secrets());
        return new Prepared(new StoredCredential(CredentialMetadata.builder(owner, id).name(name)
                .description(description).provider(credential.provider()).category(category)
                .status(CredentialStatus.NEVER_CHECKED).dateCreated(now).lastUpdated(now).version(1).expiresAt(expiresAt)
                .secretExpiries(secretExpiries).secret(s.fingerprint(), s.fieldNames(), s.keyVersion()).build(), s.sealed()),
                idempotencyKey != null);
    }

    /** Writes {@code p} in {@code tx}; returns what is stored (the first attempt's credential for a retried create). */
    private StoredCredential write(BackendTransaction tx, Prepared p, Instant now) {
        StoredCredential stored = p.stored();
        if (p.idempotent()) {
            Optional<StoredCredential> first = tx.credentials().find(stored.id());
            if (first.isPresent()) {
                return Idempotency.sameRequest(first.get(), stored);
            }
        }
        if (tx.credentials().activeNameExists(stored.owner(), stored.metadata().name())) {
            throw nameTaken(stored.metadata().name());
        }
        tx.credentials().insert(stored);
        tx.journal().append(kernel.event(now, stored, "credential.created", Map.of("provider", stored.metadata().provider(),
                "fields", String.join(",", new TreeSet<>(stored.metadata().secretFieldNames())))));
        return stored;
    }

    CredentialMetadata create(OwnerId owner, NewCredential credential) {
        Instant now = kernel.now();
        Prepared p = prepare(owner, credential, now);
        StoredCredential result = kernel.backend.inTransaction(tx -> write(tx, p, now));
        return result == p.stored() ? p.stored().metadata() : kernel.metadata(result);
    }

    List<CredentialMetadata> createAll(List<OwnedCredential> credentials) {
        if (credentials.size() > MAX_BATCH) {
            throw new ValidationException("credentials", "at most " + MAX_BATCH + " at a time, got " + credentials.size());
        }
        Instant now = kernel.now();
        List<Prepared> prepared = new ArrayList<>(credentials.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < credentials.size(); i++) {
            OwnedCredential c = credentials.get(i);
            if (c == null) {
                throw new ValidationException("credentials[" + i + "]", "is required");
            }
            Prepared p;
            try {
                p = prepare(c.owner(), c.credential(), now);
            } catch (ValidationException e) {
                throw new ValidationException("credentials[" + i + "]." + e.field(), e.problem());
            }
            if (!names.add(c.owner().value() + "\n" + p.stored().metadata().name())) {
                throw new ConflictException("credentials[" + i + "]: the name '" + p.stored().metadata().name()
                        + "' is given twice for owner " + c.owner());
            }
            prepared.add(p);
        }
        List<StoredCredential> stored = kernel.backend.inTransaction(tx -> {
            List<StoredCredential> out = new ArrayList<>(prepared.size());
            for (Prepared p : prepared) {
                out.add(write(tx, p, now));
            }
            return out;
        });
        List<CredentialMetadata> result = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            result.add(stored.get(i) == prepared.get(i).stored() ? stored.get(i).metadata() : kernel.metadata(stored.get(i)));
        }
        return result;
    }

    static ConflictException nameTaken(String name) {
        return new ConflictException("an active credential named '" + name + "' already exists for this owner");
    }
}
