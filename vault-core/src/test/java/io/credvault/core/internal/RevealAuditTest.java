package io.credvault.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.credvault.CredentialId;
import io.credvault.JournalEntry;
import io.credvault.JournalQuery;
import io.credvault.NewCredential;
import io.credvault.OwnerId;
import io.credvault.Page;
import io.credvault.PageRequest;
import io.credvault.RevealAudit;
import io.credvault.StorageException;
import io.credvault.Vault;
import io.credvault.core.CredVault;
import io.credvault.crypto.MasterKey;
import io.credvault.memory.InMemoryBackend;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.CredentialTable;
import io.credvault.spi.JournalTable;
import io.credvault.spi.KeyringTable;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.VaultBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the reveal audit writes: bounded batches under write-behind, shared commits under strict. */
class RevealAuditTest {
    private static final OwnerId OWNER = OwnerId.of("tenant-1");
    private static final int CAPACITY = RevealAuditor.CAPACITY;
    private static final int BATCH = RevealAuditor.BATCH;

    /** Records how many journal entries each transaction appends and how many uses each batch records. */
    static final class CountingBackend extends ForwardingBackend {
        final List<Integer> appendsPerTransaction = new CopyOnWriteArrayList<>();
        final List<Integer> usesPerBatch = new CopyOnWriteArrayList<>();
        /** Run after each committed transaction that appended entries. */
        volatile Runnable afterAppends = () -> { };
        /** When set, the next transaction waits for it before it starts (outside the delegate's locks). */
        volatile CountDownLatch holdNextTransaction;
        /** Counted down when a transaction starts waiting on {@link #holdNextTransaction}. */
        final CountDownLatch held = new CountDownLatch(1);
        /** How many of the next transactions that append entries fail, rolled back, after appending. */
        final AtomicInteger failAppends = new AtomicInteger();

        CountingBackend(VaultBackend delegate) {
            super(delegate);
        }

        @Override
        public <T> T inTransaction(TransactionWork<T> work) {
            CountDownLatch hold = holdNextTransaction;
            if (hold != null) {
                holdNextTransaction = null;
                held.countDown();
                try {
                    hold.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            AtomicInteger appends = new AtomicInteger();
            T result = delegate().inTransaction(tx -> {
                T r = work.run(counting(tx, appends));
                if (appends.get() > 0 && failAppends.getAndDecrement() > 0) {
                    throw new StorageException("journal write refused by the test", null);
                }
                return r;
            });
            if (appends.get() > 0) {
                appendsPerTransaction.add(appends.get());
                afterAppends.run();
            }
            return result;
        }

        @Override
        public void recordUses(Map<CredentialId, Instant> uses) {
            usesPerBatch.add(uses.size());
            super.recordUses(uses);
        }

        /** {@code tx}, with its journal's appends counted. */
        private BackendTransaction counting(BackendTransaction tx, AtomicInteger appends) {
            JournalTable journal = tx.journal();
            JournalTable counted = new JournalTable() {
                @Override
                public void append(JournalEvent event) {
                    appends.incrementAndGet();
                    journal.append(event);
                }

                @Override
                public void appendAll(List<JournalEvent> events) {
                    appends.addAndGet(events.size());
                    journal.appendAll(events);
                }

                @Override
                public int deleteUpTo(long upTo) {
                    return journal.deleteUpTo(upTo);
                }

                @Override
                public long lastSeqBefore(Instant time) {
                    return journal.lastSeqBefore(time);
                }
            };
            return new BackendTransaction() {
                @Override
                public CredentialTable credentials() {
                    return tx.credentials();
                }

                @Override
                public JournalTable journal() {
                    return counted;
                }

                @Override
                public KeyringTable keyring() {
                    return tx.keyring();
                }

                @Override
                public java.util.Optional<io.credvault.spi.ApiKeyStore.Table> apiKeys() {
                    return tx.apiKeys();
                }

                @Override
                public java.util.Optional<io.credvault.spi.ProviderCallStore.Table> providerCalls() {
                    return tx.providerCalls();
                }
            };
        }
    }

    private static Vault vault(VaultBackend backend, RevealAudit audit) {
        return CredVault.builder().createIfEmpty(true).backend(backend).masterKey(MasterKey.of(new byte[32]))
                .revealAudit(audit).revealFlushInterval(Duration.ofMinutes(1)).build();
    }

    private static List<CredentialId> create(Vault vault, int n) {
        List<CredentialId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(vault.create(OWNER, NewCredential.builder("generic", "c" + i).secrets("k", "v" + i).build()).id());
        }
        return ids;
    }

    private static List<JournalEntry> reveals(Vault vault) {
        List<JournalEntry> all = new ArrayList<>();
        PageRequest req = PageRequest.first(1000);
        while (true) {
            Page<JournalEntry> p = vault.journal().query(JournalQuery.of(OWNER).ofTypes("credential.revealed"), req);
            all.addAll(p.items());
            if (!p.hasNext()) {
                return all;
            }
            req = req.next(p.nextCursor());
        }
    }

    @Test
    @DisplayName("write-behind: past 10,000 waiting tallies a reveal writes one bounded batch, not the backlog")
    void backpressureWritesBoundedBatches() {
        CountingBackend backend = new CountingBackend(new InMemoryBackend());
        try (Vault vault = vault(backend, RevealAudit.WRITE_BEHIND)) {
            List<CredentialId> ids = create(vault, CAPACITY + 2 * BATCH);
            backend.appendsPerTransaction.clear();
            int revealed = 0;
            for (CredentialId id : ids) {
                vault.reveal(OWNER, id);
                revealed++;
                // never more than CAPACITY tallies wait once a reveal has returned
                if (revealed > CAPACITY && revealed % 100 == 0) {
                    assertThat(backend.appendsPerTransaction.stream().mapToInt(Integer::intValue).sum())
                            .isGreaterThanOrEqualTo(revealed - CAPACITY);
                }
            }
            assertThat(backend.appendsPerTransaction).isNotEmpty().allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(BATCH));
            assertThat(backend.usesPerBatch).isNotEmpty().allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(BATCH));
            vault.journal().flush();
            List<JournalEntry> entries = reveals(vault);
            assertThat(entries).hasSize(ids.size()).allSatisfy(e -> assertThat(e.details()).containsEntry("count", "1"));
            assertThat(entries).extracting(JournalEntry::credentialId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(vault.describe(OWNER, ids.get(0)).lastUsed()).isNotNull();
            assertThat(vault.journal().verify().intact()).isTrue();
        }
    }

    @Test
    @DisplayName("write-behind: reveals on four threads while flushes run, some of them failing, are all counted, each once")
    void concurrentRevealsAndFlushes_countEveryReveal() throws Exception {
        // a flush meets a key again when a reveal counts it anew behind the flush's walk of the pending map; that
        // interleaving is a matter of timing, so the run is repeated
        for (int round = 0; round < 30; round++) {
            revealWhileFlushing();
        }
    }

    /** Reveals 50 credentials on four threads while this thread flushes, every third flush failing; checks the counts. */
    private static void revealWhileFlushing() throws Exception {
        CountingBackend backend = new CountingBackend(new InMemoryBackend());
        try (Vault vault = vault(backend, RevealAudit.WRITE_BEHIND)) {
            List<CredentialId> ids = create(vault, 50);
            int threads = 4;
            int perThread = 20_000;
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Thread> revealers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                Thread thread = new Thread(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            vault.reveal(OWNER, ids.get((i + offset) % ids.size()));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                thread.start();
                revealers.add(thread);
            }
            int flushes = 0;
            int failedFlushes = 0;
            while (revealers.stream().anyMatch(Thread::isAlive)) {
                if (flushes % 3 == 0) {
                    backend.failAppends.set(1); // this flush's entries go back to pending, to be counted again
                }
                try {
                    vault.journal().flush();
                } catch (StorageException e) {
                    failedFlushes++;
                }
                flushes++;
            }
            for (Thread t : revealers) {
                t.join(30_000);
            }
            backend.failAppends.set(0);
            vault.journal().flush();
            assertThat(failures).isEmpty();
            assertThat(failedFlushes).as("flushes that failed while reveals went on").isPositive();
            Map<CredentialId, Long> counted = new java.util.HashMap<>();
            for (JournalEntry e : reveals(vault)) {
                counted.merge(e.credentialId(), Long.parseLong(e.details().get("count")), Long::sum);
            }
            Map<CredentialId, Long> revealed = new java.util.HashMap<>();
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    revealed.merge(ids.get((i + t) % ids.size()), 1L, Long::sum);
                }
            }
            assertThat(counted).isEqualTo(revealed);
            assertThat(vault.journal().verify().intact()).isTrue();
        }
    }

    @Test
    @DisplayName("flush writes what was pending when it was called and returns, though reveals keep arriving")
    void flush_isBoundedWhileRevealsContinue() {
        CountingBackend backend = new CountingBackend(new InMemoryBackend());
        try (Vault vault = vault(backend, RevealAudit.WRITE_BEHIND)) {
            List<CredentialId> ids = create(vault, 3);
            vault.reveal(OWNER, ids.get(0));
            vault.reveal(OWNER, ids.get(1));
            backend.appendsPerTransaction.clear();
            AtomicInteger arrivals = new AtomicInteger();
            // every write is followed by a new reveal, as under steady load: pending never stays empty
            backend.afterAppends = () -> {
                if (arrivals.incrementAndGet() <= 50) {
                    vault.reveal(OWNER, ids.get(2));
                }
            };
            vault.journal().flush();
            assertThat(backend.appendsPerTransaction).as("transactions written by one flush").hasSizeLessThanOrEqualTo(2);
            assertThat(arrivals.get()).isLessThan(50);
        }
    }

    @Test
    @DisplayName("strict: reveals arriving while one is being written share the next commit, and each returns after its entry committed")
    void strictGroupCommit() throws Exception {
        CountingBackend backend = new CountingBackend(new InMemoryBackend());
        try (Vault vault = vault(backend, RevealAudit.STRICT)) {
            List<CredentialId> ids = create(vault, 4);
            backend.appendsPerTransaction.clear();
            CountDownLatch release = new CountDownLatch(1);
            backend.holdNextTransaction = release;
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicBoolean firstReturned = new AtomicBoolean();
            Thread first = new Thread(() -> {
                vault.reveal(OWNER, ids.get(0));
                firstReturned.set(true);
            });
            first.start();
            assertThat(backend.held.await(10, TimeUnit.SECONDS)).as("the first reveal is committing its group").isTrue();
            CountDownLatch queued = new CountDownLatch(3);
            ((VaultCore) vault).auditor().strictQueued = queued::countDown;
            List<Thread> others = new ArrayList<>();
            for (int i = 1; i < 4; i++) {
                CredentialId id = ids.get(i);
                Thread t = new Thread(() -> {
                    try {
                        vault.reveal(OWNER, id);
                        assertThat(reveals(vault)).extracting(JournalEntry::credentialId).contains(id);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                t.start();
                others.add(t);
            }
            // queued for the next commit; whichever takes the writer's lock next commits all three
            assertThat(queued.await(10, TimeUnit.SECONDS)).as("three reveals queued").isTrue();
            assertThat(firstReturned).isFalse();
            assertThat(reveals(vault)).isEmpty();
            release.countDown();
            first.join(10_000);
            for (Thread t : others) {
                t.join(10_000);
            }
            assertThat(failures).isEmpty();
            assertThat(backend.appendsPerTransaction).containsExactly(1, 3);
            assertThat(reveals(vault)).extracting(JournalEntry::credentialId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(vault.describe(OWNER, ids.get(3)).lastUsed()).isNotNull();
        }
    }
}
