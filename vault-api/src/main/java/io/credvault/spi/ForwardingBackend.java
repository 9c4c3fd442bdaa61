package io.credvault.spi;

import io.credvault.CredentialId;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A backend that forwards every call to another: extend it to decorate one aspect (transactions, faults,
 * metrics) and override only that.
 */
public abstract class ForwardingBackend implements VaultBackend {
    private final VaultBackend delegate;

    /**
     * Forwards to {@code delegate}.
     *
     * @param delegate the backend every call goes to
     */
    protected ForwardingBackend(VaultBackend delegate) {
        this.delegate = delegate;
    }

    /**
     * The backend every call goes to.
     *
     * @return the delegate
     */
    protected VaultBackend delegate() {
        return delegate;
    }

    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
        return delegate.inTransaction(work);
    }

    @Override
    public Optional<StoredCredential> find(CredentialId id) {
        return delegate.find(id);
    }

    @Override
    public List<StoredCredential> list(@Nullable OwnerId owner, ListFilter filter, @Nullable CredentialId after, int limit) {
        return delegate.list(owner, filter, after, limit);
    }

    @Override
    public void recordUses(Map<CredentialId, Instant> uses) {
        delegate.recordUses(uses);
    }

    @Override
    public List<StoredCredential> sealedUnder(List<Integer> versions, @Nullable CredentialId after, int limit) {
        return delegate.sealedUnder(versions, after, limit);
    }

    @Override
    public List<SealedRecord> sealedRecordsUnder(List<Integer> versions, @Nullable CredentialId after, int limit) {
        return delegate.sealedRecordsUnder(versions, after, limit);
    }

    @Override
    public List<StoredCredential> expiring(@Nullable OwnerId owner, Instant before, @Nullable ExpiryPosition after, int limit) {
        return delegate.expiring(owner, before, after, limit);
    }

    @Override
    public Map<Integer, Long> countByKeyVersion() {
        return delegate.countByKeyVersion();
    }

    @Override
    public Map<String, Long> contents() {
        return delegate.contents();
    }

    @Override
    public List<KeyRecord> keys() {
        return delegate.keys();
    }

    @Override
    public Optional<String> setting(String name) {
        return delegate.setting(name);
    }

    @Override
    public List<JournalEvent> events(EventQuery query) {
        return delegate.events(query);
    }

    @Override
    public Optional<ApiKeyStore> apiKeys() {
        return delegate.apiKeys();
    }

    @Override
    public Optional<ChangeFeed> changeFeed() {
        return delegate.changeFeed();
    }

    @Override
    public Optional<ProviderCallStore> providerCalls() {
        return delegate.providerCalls();
    }

    @Override
    public List<StoredCredential> findAll(java.util.Collection<CredentialId> ids) {
        return delegate.findAll(ids);
    }

    @Override
    public Map<String, String> settings() {
        return delegate.settings();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
