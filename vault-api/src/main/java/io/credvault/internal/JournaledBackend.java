package io.credvault.internal;

import io.credvault.CredentialId;
import io.credvault.JournalEntry;
import io.credvault.JournalVerification;
import io.credvault.OwnerId;
import io.credvault.spi.ApiKeyRow;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.EventQuery;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.ProviderCallRow;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a backend so that every journal append, in any transaction, joins the HMAC chain:
 * {@code mac(n) = HMAC(journalKey, mac(n-1) | canonical(entry n))}, with the head ({@code seq:mac}) kept in the
 * {@value #HEAD} setting and updated in the same transaction (the setting row is the chain's lock). Retention
 * moves the {@value #ANCHOR} forward. Listeners hear about entries after their transaction commits.
 */
public final class JournaledBackend extends ForwardingBackend {
    public static final String HEAD = "journal.head";
    public static final String ANCHOR = "journal.anchor";
    public static final String GENESIS = "0:" + "0".repeat(64);
    private static final System.Logger LOG = System.getLogger("io.credvault.journal");

    private final CopyOnWriteArrayList<Consumer<JournalEntry>> listeners = new CopyOnWriteArrayList<>();
    private volatile @Nullable UnaryOperator<byte[]> mac;

    public JournaledBackend(VaultBackend delegate) {
        super(delegate);
    }

    /** Sets the chain's HMAC (once the keyring is open); appends before that fail. */
    public void chainWith(UnaryOperator<byte[]> hmac) {
        this.mac = hmac;
    }

    public AutoCloseable subscribe(Consumer<JournalEntry> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public static JournalEntry entry(JournalEvent e) {
        return new JournalEntry(e.seq(), e.at(), e.owner(), e.credentialId(), e.type(), e.actor(), e.details());
    }

    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
        List<JournalEvent> appended = new ArrayList<>();
        T result = delegate().inTransaction(tx -> {
            appended.clear();
            ChainTx chained = new ChainTx(tx, appended);
            T r = work.run(chained);
            chained.finish();
            return r;
        });
        for (JournalEvent e : appended) {
            for (Consumer<JournalEntry> l : listeners) {
                try {
                    l.accept(entry(e));
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.WARNING, "journal listener failed on entry " + e.seq() + " (" + e.type() + ")", ex);
                }
            }
        }
        return result;
    }

    /** Length-prefixed UTF-8 of every field, sequence number and time as 8-byte integers: unambiguous. */
    static byte[] canonical(JournalEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        writeLong(out, e.seq());
        writeLong(out, ChronoUnit.MICROS.between(Instant.EPOCH, e.at()));
        List<String> parts = new ArrayList<>();
        parts.add(e.owner() == null ? "\u0000" : e.owner().value());
        parts.add(e.credentialId() == null ? "\u0000" : e.credentialId().value());
        parts.add(e.type());
        parts.add(e.actor() == null ? "\u0000" : e.actor());
        e.details().forEach((k, v) -> {
            parts.add(k);
            parts.add(v);
        });
        for (String p : parts) {
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            writeLong(out, b.length);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        for (int i = 7; i >= 0; i--) {
            out.write((int) (v >>> (i * 8)));
        }
    }

    String linkMac(String previousMac, JournalEvent e) {
        UnaryOperator<byte[]> m = mac;
        if (m == null) {
            throw new IllegalStateException("the journal chain key is not set; the keyring is not open yet");
        }
        byte[] prev = HexFormat.of().parseHex(previousMac);
        byte[] body = canonical(e);
        byte[] input = new byte[prev.length + body.length];
        System.arraycopy(prev, 0, input, 0, prev.length);
        System.arraycopy(body, 0, input, prev.length, body.length);
        return HexFormat.of().formatHex(m.apply(input));
    }

    /** Walks the chain from the anchor to the head. */
    public JournalVerification verify() {
        String[] anchor = delegate().setting(ANCHOR).orElse(GENESIS).split(":");
        String[] head = delegate().setting(HEAD).orElse(GENESIS).split(":");
        long expected = Long.parseLong(anchor[0]) + 1;
        String prev = anchor[1];
        long checked = 0;
        long cursor = 0;
        long headSeq = Long.parseLong(head[0]);
        walk:
        while (true) {
            List<JournalEvent> page = delegate().events(new EventQuery(null, null, java.util.Set.of(), null, null, cursor, false, 1000));
            for (JournalEvent e : page) {
                if (e.seq() > headSeq) {
                    break walk; // appended after verification began: not part of the chain read here
                }
                if (e.seq() < expected) {
                    continue; // below the anchor: left by a purge that is not yet visible, or re-inserted
                }
                if (e.seq() != expected) {
                    return new JournalVerification(false, checked, expected, "entry " + expected + " is missing or out of order");
                }
                String want = linkMac(prev, e);
                if (!MessageDigest.isEqual(want.getBytes(StandardCharsets.US_ASCII), e.mac().getBytes(StandardCharsets.US_ASCII))) {
                    return new JournalVerification(false, checked, e.seq(), "entry " + e.seq() + " was altered, moved or replaced");
                }
                prev = e.mac();
                expected++;
                checked++;
            }
            if (page.size() < 1000) {
                break;
            }
            cursor = page.get(page.size() - 1).seq();
        }
        if (expected - 1 != headSeq || !prev.equals(head[1])) {
            return new JournalVerification(false, checked, expected, "entries after " + (expected - 1)
                    + " up to the head " + head[0] + " are missing");
        }
        return new JournalVerification(true, checked, null, "intact");
    }

    /** A transaction whose appends are chained. */
    private final class ChainTx implements BackendTransaction {
        private final BackendTransaction tx;
        private final List<JournalEvent> appended;
        private @Nullable String head;

        ChainTx(BackendTransaction tx, List<JournalEvent> appended) {
            this.tx = tx;
            this.appended = appended;
        }

        @Override
        public void append(JournalEvent event) {
            if (head == null) {
                head = tx.setting(HEAD).orElse(GENESIS);
            }
            String[] h = head.split(":");
            JournalEvent numbered = event.chained(Long.parseLong(h[0]) + 1, "");
            JournalEvent chained = numbered.chained(numbered.seq(), linkMac(h[1], numbered));
            head = chained.seq() + ":" + chained.mac();
            appended.add(chained);
        }

        /** Writes this transaction's entries (one batch) and the new head, once, before commit. */
        void finish() {
            if (!appended.isEmpty()) {
                tx.appendAll(appended);
                tx.putSetting(HEAD, head);
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
}
