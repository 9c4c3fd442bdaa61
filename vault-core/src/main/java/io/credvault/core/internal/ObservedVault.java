package io.credvault.core.internal;

import io.credvault.ApiKeys;
import io.credvault.CredentialHealth;
import io.credvault.CredentialId;
import io.credvault.CredentialLifecycle;
import io.credvault.CredentialMetadata;
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
import io.credvault.Refresher;
import io.credvault.RevealedCredential;
import io.credvault.SecretValue;
import io.credvault.Vault;
import io.credvault.core.VaultGauges;
import io.credvault.core.VaultObserver;
import java.time.Duration;
import java.util.function.Supplier;

/** A vault whose credential calls are timed and told to a {@link VaultObserver}; the operator parts pass through. */
public final class ObservedVault implements Vault {
    private final Vault vault;
    private final VaultObserver observer;
    private final VaultGauges gauges;

    private ObservedVault(Vault vault, VaultObserver observer, VaultGauges gauges) {
        this.vault = vault;
        this.observer = observer;
        this.gauges = gauges;
    }

    /**
     * {@code core}, observed: the observer is given the vault's gauges, then told of every call.
     *
     * @param core     the vault
     * @param keyring  its keyring, for the key gauges
     * @param limit    the encryption limit per key
     * @param observer what hears the vault
     * @return the observed vault
     */
    public static Vault open(VaultCore core, Keyring keyring, long limit, VaultObserver observer) {
        VaultGauges gauges = new VaultGauges() {
            @Override
            public int revealJournalQueue() {
                return core.revealJournalQueue();
            }

            @Override
            public long primaryKeyEncryptions() {
                return keyring.primaryEncryptions();
            }

            @Override
            public long maxEncryptionsPerKey() {
                return limit;
            }

            @Override
            public int primaryKeyVersion() {
                return keyring.primaryVersion();
            }
        };
        observer.opened(gauges);
        return new ObservedVault(core, observer, gauges);
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            T result = call.get();
            observer.called(operation, System.nanoTime() - start, null);
            return result;
        } catch (RuntimeException | Error e) {
            observer.called(operation, System.nanoTime() - start, e);
            throw e;
        }
    }

    @Override
    public CredentialMetadata create(OwnerId owner, NewCredential credential) {
        return timed("create", () -> vault.create(owner, credential));
    }

    @Override
    public CredentialMetadata describe(OwnerId owner, CredentialId id) {
        return timed("describe", () -> vault.describe(owner, id));
    }

    @Override
    public RevealedCredential reveal(OwnerId owner, CredentialId id) {
        return timed("reveal", () -> vault.reveal(owner, id));
    }

    @Override
    public java.util.Map<CredentialId, RevealedCredential> revealAll(OwnerId owner, java.util.Collection<CredentialId> ids) {
        return timed("revealAll", () -> vault.revealAll(owner, ids));
    }

    @Override
    public CredentialMetadata update(OwnerId owner, CredentialId id, long expectedVersion, CredentialUpdate changes) {
        return timed("update", () -> vault.update(owner, id, expectedVersion, changes));
    }

    @Override
    public CredentialMetadata setStatus(OwnerId owner, CredentialId id, CredentialStatus status) {
        return timed("setStatus", () -> vault.setStatus(owner, id, status));
    }

    @Override
    public CredentialMetadata delete(OwnerId owner, CredentialId id) {
        return timed("delete", () -> vault.delete(owner, id));
    }

    @Override
    public CredentialMetadata restore(OwnerId owner, CredentialId id) {
        return timed("restore", () -> vault.restore(owner, id));
    }

    @Override
    public void purge(OwnerId owner, CredentialId id) {
        timed("purge", () -> {
            vault.purge(owner, id);
            return null;
        });
    }

    @Override
    public Page<CredentialMetadata> list(OwnerId owner, ListFilter filter, PageRequest page) {
        return timed("list", () -> vault.list(owner, filter, page));
    }

    @Override
    public Page<CredentialMetadata> listAllOwners(ListFilter filter, PageRequest page) {
        return timed("listAllOwners", () -> vault.listAllOwners(filter, page));
    }

    @Override
    public Page<CredentialMetadata> expiring(OwnerId owner, Duration within, PageRequest page) {
        return timed("expiring", () -> vault.expiring(owner, within, page));
    }

    @Override
    public java.util.List<CredentialMetadata> createAll(java.util.List<io.credvault.OwnedCredential> credentials) {
        return timed("createAll", () -> vault.createAll(credentials));
    }

    @Override
    public void validate(OwnerId owner, NewCredential credential) {
        vault.validate(owner, credential);
    }

    @Override
    public io.credvault.ExportReport exportTo(java.io.OutputStream out, io.credvault.ExportOptions options) {
        return timed("exportTo", () -> vault.exportTo(out, options));
    }

    @Override
    public io.credvault.ImportReport importFrom(java.io.InputStream in, io.credvault.ImportOptions options) {
        return timed("importFrom", () -> vault.importFrom(in, options));
    }

    @Override
    public RevealedCredential refresh(OwnerId owner, CredentialId id, Refresher refresher) {
        return timed("refresh", () -> vault.refresh(owner, id, refresher));
    }

    @Override
    public SecretValue accessToken(OwnerId owner, CredentialId id, Duration minValidity, Refresher refresher) {
        return timed("accessToken", () -> vault.accessToken(owner, id, minValidity, refresher));
    }

    @Override
    public Vault withActor(String actor) {
        return new ObservedVault(vault.withActor(actor), observer, gauges);
    }

    @Override
    public ProviderRegistry providers() {
        return vault.providers();
    }

    @Override
    public KeyAdmin keys() {
        return vault.keys();
    }

    @Override
    public Journal journal() {
        return vault.journal();
    }

    @Override
    public CredentialHealth health() {
        return vault.health();
    }

    @Override
    public ApiKeys apiKeys() {
        return vault.apiKeys();
    }

    @Override
    public CredentialLifecycle lifecycle() {
        return vault.lifecycle();
    }

    @Override
    public void close() {
        try {
            vault.close();
        } finally {
            observer.closed(gauges);
        }
    }
}
