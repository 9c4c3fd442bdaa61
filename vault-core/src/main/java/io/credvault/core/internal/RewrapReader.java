package io.credvault.core.internal;

import io.credvault.CredentialId;
import io.credvault.IntegrityException;
import io.credvault.KeyUnavailableException;
import io.credvault.StorageException;
import io.credvault.spi.SealContext;
import io.credvault.spi.SealedRecord;
import io.credvault.spi.Sealer;
import io.credvault.spi.VaultBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Reads and seals again the batches of one rewrap pass: the next batch (the rows after the current one's last id) is
 * read, opened and sealed under the primary key on a thread of its own while the current one is written, so that the
 * store reads, the processor seals and the store writes at once. Rows read ahead are checked like any others: the
 * write's compare-and-set on the version skips a row changed in between. Plaintext lives only inside {@link #reseal}.
 */
final class RewrapReader implements AutoCloseable {
    /**
     * One batch: the rows as read ({@code seen}) and sealed again ({@code next}), pair by pair; how many rows could
     * not be opened (left under their old key); the last id read, null when the pass is over.
     */
    record Resealed(List<SealedRecord> seen, List<SealedRecord> next, long unreadable, @Nullable CredentialId last) {
        boolean isEmpty() {
            return last == null;
        }
    }

    private final VaultBackend backend;
    private final Sealer sealer;
    private final Keyring keyring;
    /** How many rows the pass may still seal (its count at the start, less those read since). */
    private long expected;
    private final List<Integer> versions;
    private final int size;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "credvault-rewrap-read");
        t.setDaemon(true);
        return t;
    });
    private @Nullable CredentialId aheadAfter;
    private @Nullable Future<Resealed> ahead;

    RewrapReader(VaultBackend backend, Sealer sealer, Keyring keyring, long expected, List<Integer> versions, int size) {
        this.backend = backend;
        this.sealer = sealer;
        this.keyring = keyring;
        this.expected = expected;
        this.versions = versions;
        this.size = size;
    }

    /** The batch after {@code after}, read and sealed again: the one prepared ahead, if it is that one. */
    Resealed batch(@Nullable CredentialId after) {
        Future<Resealed> f = ahead;
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
        return read(after);
    }

    /** Starts preparing the batch after {@code after}. */
    void readAhead(CredentialId after) {
        aheadAfter = after;
        ahead = executor.submit(() -> read(after));
    }

    private Resealed read(@Nullable CredentialId after) {
        List<SealedRecord> rows = backend.sealedRecordsUnder(versions, after, size);
        if (rows.isEmpty()) {
            return new Resealed(List.of(), List.of(), 0, null);
        }
        // the encryptions of this batch, and of the pass's rest, reserved at once (one transaction, not one per block)
        keyring.reserveAhead(rows.size(), expected);
        expected = Math.max(0, expected - rows.size());
        List<SealedRecord> seen = new ArrayList<>(rows.size());
        List<SealedRecord> next = new ArrayList<>(rows.size());
        long unreadable = 0;
        for (SealedRecord c : rows) {
            byte[] sealed = reseal(c);
            if (sealed == null) {
                unreadable++;
            } else {
                seen.add(c);
                next.add(c.withSealed(sealed, sealer.keyVersion(sealed)));
            }
        }
        return new Resealed(seen, next, unreadable, rows.get(rows.size() - 1).id());
    }

    /** The row's secret sealed under the primary key, or null if it cannot be opened (a damaged row, a missing key). */
    private byte @Nullable [] reseal(SealedRecord c) {
        SealContext ctx = SealContext.secretOf(c.owner(), c.id());
        byte[] plaintext;
        try {
            plaintext = sealer.open(c.sealed(), ctx);
        } catch (IntegrityException | KeyUnavailableException e) {
            return null;
        }
        try {
            return sealer.seal(plaintext, ctx);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
