package io.credvault.core.internal;

import io.credvault.spi.ApiKeyStore;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.CredentialTable;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.JournalTable;
import io.credvault.spi.LeaseTable;
import io.credvault.spi.KeyringTable;
import io.credvault.spi.ProviderCallStore;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A transaction whose journal appends are chained: each gets the next sequence number and its link MAC, and the
 * authenticated head moves once, at {@link #finish()}. The other roles are the backend's own.
 */
final class ChainedTransaction implements BackendTransaction, JournalTable {
    private final JournaledBackend journal;
    private final BackendTransaction tx;
    private final List<JournalEvent> appended;
    private JournaledBackend.@Nullable Position head;
    /** The MAC of {@link #head} as bytes, the next append's chain input; null until the head is read. */
    private byte @Nullable [] headMac;

    ChainedTransaction(JournaledBackend journal, BackendTransaction tx, List<JournalEvent> appended) {
        this.journal = journal;
        this.tx = tx;
        this.appended = appended;
    }

    @Override
    public CredentialTable credentials() {
        return tx.credentials();
    }

    @Override
    public JournalTable journal() {
        return this;
    }

    @Override
    public KeyringTable keyring() {
        return tx.keyring();
    }

    @Override
    public Optional<ApiKeyStore.Table> apiKeys() {
        return tx.apiKeys();
    }

    @Override
    public Optional<ProviderCallStore.Table> providerCalls() {
        return tx.providerCalls();
    }

    @Override
    public Optional<LeaseTable> leases() {
        return tx.leases();
    }

    @Override
    public void append(JournalEvent event) {
        JournaledBackend.Position at = head;
        byte[] previous = headMac;
        if (at == null || previous == null) {
            at = journal.position(JournaledBackend.HEAD, tx.keyring().setting(JournaledBackend.HEAD));
            previous = HexFormat.of().parseHex(at.mac());
        }
        JournalEvent numbered = event.chained(at.seq() + 1, "");
        byte[] mac = journal.linkMac(previous, numbered);
        JournalEvent chained = numbered.chained(numbered.seq(), HexFormat.of().formatHex(mac));
        head = new JournaledBackend.Position(chained.seq(), chained.mac());
        headMac = mac;
        appended.add(chained);
    }

    @Override
    public int deleteUpTo(long upTo) {
        return tx.journal().deleteUpTo(upTo);
    }

    @Override
    public long lastSeqBefore(Instant time) {
        return tx.journal().lastSeqBefore(time);
    }

    /** Writes this transaction's entries (one batch) and the new authenticated head, once, before commit. */
    void finish() {
        JournaledBackend.Position last = head;
        if (last != null && !appended.isEmpty()) {
            tx.journal().appendAll(appended);
            tx.keyring().putSetting(JournaledBackend.HEAD, journal.encode(JournaledBackend.HEAD, last.seq(), last.mac()));
        }
    }
}
