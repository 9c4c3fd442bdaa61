package io.credvault.core.internal;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.spi.ApiKeyRow;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.StoredCredential;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A transaction whose appends are chained: each gets the next sequence number and its link MAC; the head moves once. */
final class ChainedTransaction implements BackendTransaction {
    private final JournaledBackend journal;
    private final BackendTransaction tx;
    private final List<JournalEvent> appended;
    private JournaledBackend.@Nullable Position head;

    ChainedTransaction(JournaledBackend journal, BackendTransaction tx, List<JournalEvent> appended) {
        this.journal = journal;
        this.tx = tx;
        this.appended = appended;
    }

    @Override
    public void append(JournalEvent event) {
        if (head == null) {
            head = journal.position(JournaledBackend.HEAD, tx.setting(JournaledBackend.HEAD));
        }
        JournalEvent numbered = event.chained(head.seq() + 1, "");
        JournalEvent chained = numbered.chained(numbered.seq(), journal.linkMac(head.mac(), numbered));
        head = new JournaledBackend.Position(chained.seq(), chained.mac());
        appended.add(chained);
    }

    /** Writes this transaction's entries (one batch) and the new authenticated head, once, before commit. */
    void finish() {
        JournaledBackend.Position last = head;
        if (last != null && !appended.isEmpty()) {
            tx.appendAll(appended);
            tx.putSetting(JournaledBackend.HEAD, journal.encode(JournaledBackend.HEAD, last.seq(), last.mac()));
        }
    }

    @Override
    public Optional<StoredCredential> find(CredentialId id) {
        return tx.find(id);
    }

    @Override
    public boolean activeNameExists(OwnerId owner, String name) {
        return tx.activeNameExists(owner, name);
    }

    @Override
    public void insert(StoredCredential credential) {
        tx.insert(credential);
    }

    @Override
    public boolean update(StoredCredential credential, long expectedVersion) {
        return tx.update(credential, expectedVersion);
    }

    @Override
    public boolean[] swapSealed(List<StoredCredential> seen, List<StoredCredential> next) {
        return tx.swapSealed(seen, next);
    }

    @Override
    public boolean delete(CredentialId id) {
        return tx.delete(id);
    }

    @Override
    public void appendAll(List<JournalEvent> events) {
        events.forEach(this::append);
    }

    @Override
    public int deleteEventsUpTo(long upTo) {
        return tx.deleteEventsUpTo(upTo);
    }

    @Override
    public long lastSeqBefore(Instant time) {
        return tx.lastSeqBefore(time);
    }

    @Override
    public long insertProviderCall(ProviderCallRow call) {
        return tx.insertProviderCall(call);
    }

    @Override
    public int deleteProviderCalls(@Nullable CredentialId credentialId, @Nullable Instant before) {
        return tx.deleteProviderCalls(credentialId, before);
    }

    @Override
    public void putApiKey(ApiKeyRow key) {
        tx.putApiKey(key);
    }

    @Override
    public List<KeyRecord> keys() {
        return tx.keys();
    }

    @Override
    public void putKey(KeyRecord key) {
        tx.putKey(key);
    }

    @Override
    public Optional<String> setting(String name) {
        return tx.setting(name);
    }

    @Override
    public void putSetting(String name, String value) {
        tx.putSetting(name, value);
    }
}
