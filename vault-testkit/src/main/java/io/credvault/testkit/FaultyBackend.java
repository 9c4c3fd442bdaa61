package io.credvault.testkit;

import io.credvault.CredentialId;
import io.credvault.ListFilter;
import io.credvault.OwnerId;
import io.credvault.StorageException;
import io.credvault.spi.EventQuery;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A backend that delegates to another and lets a test act before the Nth transaction: run something
 * (a concurrent change), or fail it as if the process died there.
 */
public final class FaultyBackend implements VaultBackend {
    private final VaultBackend delegate;
    private final AtomicInteger transactions = new AtomicInteger();
    private volatile int failAt = -1;
    private volatile IntConsumer beforeTransaction = n -> { };

    public FaultyBackend(VaultBackend delegate) {
        this.delegate = delegate;
    }

    /** Fails the {@code n}th transaction from now (1-based) with a {@link StorageException}; it does not run. */
    public FaultyBackend failTransaction(int n) {
        transactions.set(0);
        failAt = n;
        return this;
    }

    /** Runs {@code action} with the transaction's number (1-based, counted from now) before each transaction. */
    public FaultyBackend beforeTransaction(IntConsumer action) {
        transactions.set(0);
        beforeTransaction = action;
        return this;
    }

    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
        int n = transactions.incrementAndGet();
        beforeTransaction.accept(n);
        if (n == failAt) {
            throw new StorageException("injected failure of transaction " + n, null);
        }
        return delegate.inTransaction(work);
    }

    @Override
    public Optional<StoredCredential> find(CredentialId id) {
        return delegate.find(id);
    }

    @Override
    public List<StoredCredential> list(OwnerId owner, ListFilter filter, @Nullable CredentialId after, int limit) {
        return delegate.list(owner, filter, after, limit);
    }

    @Override
    public void recordUse(CredentialId id, Instant at) {
        delegate.recordUse(id, at);
    }

    @Override
    public List<StoredCredential> sealedUnder(List<Integer> versions, @Nullable CredentialId after, int limit) {
        return delegate.sealedUnder(versions, after, limit);
    }

    @Override
    public Map<Integer, Long> countByKeyVersion() {
        return delegate.countByKeyVersion();
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
    public List<io.credvault.spi.ProviderCallRow> providerCalls(CredentialId id, long beforeId, int limit) {
        return delegate.providerCalls(id, beforeId, limit);
    }

    @Override
    public Optional<io.credvault.spi.ApiKeyRow> apiKeyByHash(String hash) {
        return delegate.apiKeyByHash(hash);
    }

    @Override
    public List<io.credvault.spi.ApiKeyRow> liveApiKeys(OwnerId owner) {
        return delegate.liveApiKeys(owner);
    }

    @Override
    public void recordApiKeyUse(String id, Instant at) {
        delegate.recordApiKeyUse(id, at);
    }

    @Override
    public void close() {
        // the delegate belongs to the test
    }
}
