package io.credvault.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.credvault.CredentialId;
import io.credvault.core.ReadCache;
import io.credvault.core.VaultObserver;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.ChangeFeed;
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
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReadCache}: committed reads of credentials by id served from a Caffeine cache of sealed records.
 * Transactions record the ids they write and invalidate them after commit. Other instances' writes arrive through
 * the store's {@link ChangeFeed} while it delivers, and otherwise through a poller that reads the journal tail;
 * entries expire {@code maxStaleness} after they were read, by the vault's clock, whatever else fails.
 *
 * <p>A read that was in flight while something was invalidated does not put what it read: every invalidation
 * first counts a generation, and a read whose generation moved takes its entry back out.
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
    private final AtomicLong generation = new AtomicLong();
    /** The change feed delivers: the poller rests. */
    private volatile boolean feedLive;
    /** The feed was lost: the poller starts again from the journal's head, after dropping everything. */
    private volatile boolean feedLost;
    private final @Nullable AutoCloseable subscription;

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
        this.journalSeq = head();
        this.poller = new Thread(() -> poll(settings.pollInterval()), "credvault-read-cache");
        this.poller.setDaemon(true);
        this.poller.start();
        this.subscription = delegate.changeFeed().map(f -> f.subscribe(settings.pollInterval(), new FeedListener())).orElse(null);
    }

    private long head() {
        List<JournalEvent> last = super.events(new EventQuery(null, null, Set.of(), null, null, 0, true, 1));
        return last.isEmpty() ? 0 : last.get(0).seq();
    }

    private void invalidate(Collection<CredentialId> ids) {
        generation.incrementAndGet(); // before: a read that checks the generation after its put sees it moved
        cache.invalidateAll(ids);
    }

    private void invalidateAll() {
        generation.incrementAndGet();
        cache.invalidateAll();
    }

    /** Caches what a read that started at {@code gen} found, unless something was invalidated since. */
    private void put(StoredCredential c, long gen) {
        cache.put(c.id(), c);
        if (generation.get() != gen) {
            cache.asMap().remove(c.id(), c);
        }
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
        long gen = generation.get();
        Optional<StoredCredential> read = super.find(id);
        read.ifPresent(c -> put(c, gen));
        return read;
    }

    /** {@code id} read again from the store, past the entry this cache holds, which is replaced by what was read. */
    Optional<StoredCredential> reread(CredentialId id) {
        invalidate(List.of(id));
        return find(id);
    }

    @Override
    public List<StoredCredential> findAll(Collection<CredentialId> ids) {
        Map<CredentialId, StoredCredential> hits = cache.getAllPresent(ids);
        List<CredentialId> missing = ids.stream().filter(id -> !hits.containsKey(id)).toList();
        List<StoredCredential> out = new ArrayList<>(hits.values());
        if (!missing.isEmpty()) {
            long gen = generation.get();
            for (StoredCredential c : super.findAll(missing)) {
                put(c, gen);
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
            invalidate(uses.keySet());
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
            invalidate(written);
        }
    }

    private void poll(Duration interval) {
        while (!closed) {
            try {
                Thread.sleep(interval.toMillis());
                if (feedLost) {
                    feedLost = false;
                    journalSeq = head();
                    invalidateAll(); // what the feed may have missed, from before the head just read
                }
                if (feedLive) {
                    continue;
                }
                for (List<JournalEvent> page; !(page = super.events(new EventQuery(null, null, Set.of(), null, null, journalSeq, false,
                        1000))).isEmpty(); ) {
                    // a reveal changes no sealed record (only lastUsed, which may lag by maxStaleness)
                    invalidate(page.stream().filter(e -> e.credentialId() != null && !e.type().equals("credential.revealed"))
                            .map(JournalEvent::credentialId).toList());
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
        try {
            if (subscription != null) {
                subscription.close();
            }
        } catch (Exception e) {
            LOG.warn("stopping the change feed failed: {}", e.toString());
        } finally {
            cache.invalidateAll();
            super.close();
        }
    }

    /** What the store's change feed tells this cache. */
    private final class FeedListener implements ChangeFeed.Listener {
        @Override
        public void changed(long seq, Collection<CredentialId> ids) {
            invalidate(ids);
            observer.readCacheCaughtUp(seq);
        }

        @Override
        public void changedBetween(long seq, CredentialId first, CredentialId last) {
            generation.incrementAndGet();
            cache.asMap().keySet().removeIf(id -> id.value().compareTo(first.value()) >= 0 && id.value().compareTo(last.value()) <= 0);
            observer.readCacheCaughtUp(seq);
        }

        @Override
        public void resynced() {
            long seq = head(); // read first: what committed up to it is dropped below, what comes after is delivered
            invalidateAll();
            feedLive = true;
            observer.readCacheCaughtUp(seq);
        }

        @Override
        public void lost(Exception cause) {
            if (feedLive) {
                feedLive = false;
                feedLost = true;
            }
        }
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
                public boolean[] swapSealed(List<io.credvault.spi.SealedRecord> seen, List<io.credvault.spi.SealedRecord> next) {
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
