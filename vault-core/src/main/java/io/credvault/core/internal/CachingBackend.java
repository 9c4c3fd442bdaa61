package io.credvault.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.credvault.CredentialId;
import io.credvault.core.ReadCache;
import io.credvault.core.VaultObserver;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.CredentialTable;
import io.credvault.spi.EventQuery;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReadCache}: committed reads of credentials by id served from a Caffeine cache of sealed records.
 * Transactions record the ids they write and invalidate them after commit; a poller reads the journal tail for
 * the ids other instances changed; entries expire {@code maxStaleness} after they were read, by the vault's clock.
 */
public final class CachingBackend extends ForwardingBackend {
    private static final Logger LOG = LoggerFactory.getLogger("io.credvault.cache");
    /** What a cached record's metadata is taken to weigh beyond its sealed payload, in bytes. */
    private static final int METADATA_BYTES = 512;

    private final Cache<CredentialId, StoredCredential> cache;
    private final Thread poller;
    private volatile long journalSeq;
    private volatile boolean closed;
    private final VaultObserver observer;

    public CachingBackend(VaultBackend delegate, ReadCache settings, Clock clock, VaultObserver observer) {
        super(delegate);
        this.observer = observer;
        long floor = Math.max(1, settings.maxBytes() / settings.maxEntries()); // so the byte bound is also the entry bound
        this.cache = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes())
                .weigher((CredentialId id, StoredCredential c) -> (int) Math.min(Integer.MAX_VALUE,
                        Math.max(floor, c.sealed().length + METADATA_BYTES)))
                .expireAfterWrite(settings.maxStaleness())
                .ticker(clockTicker(clock))
                .build();
        List<JournalEvent> last = delegate.events(new EventQuery(null, null, Set.of(), null, null, 0, true, 1));
        this.journalSeq = last.isEmpty() ? 0 : last.get(0).seq();
        this.poller = new Thread(() -> poll(settings.pollInterval()), "credvault-read-cache");
        this.poller.setDaemon(true);
        this.poller.start();
    }

    /** The vault's clock as Caffeine's ticker: what the tests' clock moves, the cache's staleness follows. */
    private static Ticker clockTicker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        };
    }

    @Override
    public Optional<StoredCredential> find(CredentialId id) {
        StoredCredential hit = cache.getIfPresent(id);
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<StoredCredential> read = super.find(id);
        read.ifPresent(c -> cache.put(id, c));
        return read;
    }

    @Override
    public List<StoredCredential> findAll(Collection<CredentialId> ids) {
        Map<CredentialId, StoredCredential> hits = cache.getAllPresent(ids);
        List<CredentialId> missing = ids.stream().filter(id -> !hits.containsKey(id)).toList();
        List<StoredCredential> out = new ArrayList<>(hits.values());
        if (!missing.isEmpty()) {
            for (StoredCredential c : super.findAll(missing)) {
                cache.put(c.id(), c);
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public void recordUses(Map<CredentialId, Instant> uses) {
        try {
            super.recordUses(uses);
        } finally {
            cache.invalidateAll(uses.keySet());
        }
    }

    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
        Set<CredentialId> written = new HashSet<>();
        try {
            return super.inTransaction(tx -> {
                written.clear(); // a transaction the backend runs again starts over
                return work.run(new RecordingTransaction(tx, written));
            });
        } finally {
            // after the commit (or the failure, whose outcome may be unknown): the next read goes to the store
            cache.invalidateAll(written);
        }
    }

    private void poll(Duration interval) {
        while (!closed) {
            try {
                Thread.sleep(interval.toMillis());
                for (List<JournalEvent> page; !(page = super.events(new EventQuery(null, null, Set.of(), null, null, journalSeq, false,
                        1000))).isEmpty(); ) {
                    for (JournalEvent e : page) {
                        if (e.credentialId() != null) {
                            cache.invalidate(e.credentialId());
                        }
                    }
                    journalSeq = page.get(page.size() - 1).seq();
                }
                observer.readCacheCaughtUp(journalSeq);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the store is unreachable: entries still expire after maxStaleness
                LOG.warn("reading the journal for other instances' changes failed; cached entries expire after maxStaleness ({})",
                        e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        cache.invalidateAll();
        super.close();
    }

    /** A transaction whose credential writes are noted, to invalidate after it. */
    private static final class RecordingTransaction implements BackendTransaction {
        private final BackendTransaction tx;
        private final Set<CredentialId> written;

        RecordingTransaction(BackendTransaction tx, Set<CredentialId> written) {
            this.tx = tx;
            this.written = written;
        }

        @Override
        public CredentialTable credentials() {
            CredentialTable t = tx.credentials();
            return new CredentialTable() {
                @Override
                public Optional<StoredCredential> find(CredentialId id) {
                    return t.find(id);
                }

                @Override
                public boolean activeNameExists(io.credvault.OwnerId owner, String name) {
                    return t.activeNameExists(owner, name);
                }

                @Override
                public void insert(StoredCredential credential) {
                    written.add(credential.id());
                    t.insert(credential);
                }

                @Override
                public boolean update(StoredCredential credential, long expectedVersion) {
                    written.add(credential.id());
                    return t.update(credential, expectedVersion);
                }

                @Override
                public boolean[] swapSealed(List<StoredCredential> seen, List<StoredCredential> next) {
                    seen.forEach(c -> written.add(c.id()));
                    return t.swapSealed(seen, next);
                }

                @Override
                public boolean delete(CredentialId id) {
                    written.add(id);
                    return t.delete(id);
                }
            };
        }

        @Override
        public io.credvault.spi.JournalTable journal() {
            return tx.journal();
        }

        @Override
        public io.credvault.spi.KeyringTable keyring() {
            return tx.keyring();
        }

        @Override
        public Optional<io.credvault.spi.ApiKeyStore.Table> apiKeys() {
            return tx.apiKeys();
        }

        @Override
        public Optional<io.credvault.spi.ProviderCallStore.Table> providerCalls() {
            return tx.providerCalls();
        }

        @Override
        public Optional<io.credvault.spi.LeaseTable> leases() {
            return tx.leases();
        }
    }
}
