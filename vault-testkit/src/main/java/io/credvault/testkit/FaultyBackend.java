package io.credvault.testkit;

import io.credvault.StorageException;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.VaultBackend;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A backend that delegates to another and lets a test act before the Nth transaction: run something
 * (a concurrent change), or fail it as if the process died there.
 */
public final class FaultyBackend extends ForwardingBackend {
    private final AtomicInteger transactions = new AtomicInteger();
    private volatile int failAt = -1;
    private volatile IntConsumer beforeTransaction = n -> { };

    /**
     * A backend that forwards to {@code delegate} until told to fail.
     *
     * @param delegate the backend
     */
    public FaultyBackend(VaultBackend delegate) {
        super(delegate);
    }

    /**
     * Fails the {@code n}th transaction from now (1-based) with a {@link StorageException}; it does not run.
     *
     * @param n the transaction, counted from 1, that fails
     * @return this backend
     */
    public FaultyBackend failTransaction(int n) {
        transactions.set(0);
        failAt = n;
        return this;
    }

    /**
     * Runs {@code action} with the transaction's number (1-based, counted from now) before each transaction.
     *
     * @param action told each transaction's number before it runs
     * @return this backend
     */
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
        return delegate().inTransaction(work);
    }

    @Override
    public void close() {
        // the delegate belongs to the test
    }
}
