package io.credvault.core.internal;

import io.credvault.CredentialId;
import io.credvault.StorageException;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Reads the batches of one rewrap pass: the next batch (the rows after the current one's last id) is read on a thread
 * of its own while the current one is sealed and written, so that the store reads and writes at once. Rows read ahead
 * are checked like any others: the write's compare-and-set on the version skips a row changed in between.
 */
final class RewrapReader implements AutoCloseable {
    private final VaultBackend backend;
    private final List<Integer> versions;
    private final int size;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "credvault-rewrap-read");
        t.setDaemon(true);
        return t;
    });
    private @Nullable CredentialId aheadAfter;
    private @Nullable Future<List<StoredCredential>> ahead;

    RewrapReader(VaultBackend backend, List<Integer> versions, int size) {
        this.backend = backend;
        this.versions = versions;
        this.size = size;
    }

    /** Up to the batch size of rows under the versions after {@code after}: the batch read ahead, if it is that one. */
    List<StoredCredential> batch(@Nullable CredentialId after) {
        Future<List<StoredCredential>> f = ahead;
        ahead = null;
        if (f != null && Objects.equals(aheadAfter, after)) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("rewrap interrupted; run it again to resume", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new StorageException("reading a rewrap batch failed: " + e.getCause(), e.getCause());
            }
        }
        if (f != null) {
            f.cancel(false);
        }
        return backend.sealedUnder(versions, after, size);
    }

    /** Starts reading the batch after {@code after}. */
    void readAhead(CredentialId after) {
        aheadAfter = after;
        ahead = executor.submit(() -> backend.sealedUnder(versions, after, size));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
