package io.credvault.core.internal;

import io.credvault.CredentialId;
import io.credvault.IntegrityException;
import io.credvault.JournalCheckpoint;
import io.credvault.JournalEntry;
import io.credvault.JournalVerification;
import io.credvault.spi.EventQuery;
import io.credvault.spi.ForwardingBackend;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.StoredCredential;
import io.credvault.spi.VaultBackend;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a backend so that every journal append, in any transaction, joins the HMAC chain:
 * {@code mac(n) = HMAC(journalKey, mac(n-1) | canonical(entry n))}, with the head ({@code seq:mac:tag}) kept in the
 * {@value #HEAD} setting and updated in the same transaction (the setting row is the chain's lock). Retention
 * moves the {@value #ANCHOR} forward. Head and anchor carry a tag under the chain key, so neither can be rewound
 * or moved without the master key. Listeners hear about entries after their transaction commits.
 */
public final class JournaledBackend extends ForwardingBackend {
    public static final String HEAD = "journal.head";
    public static final String ANCHOR = "journal.anchor";
    public static final String GENESIS = "0:" + "0".repeat(64);
    /** How often verify re-reads the head and the tail before it reports them apart. */
    static final int SETTLE_READS = 5;
    private static final Logger LOG = LoggerFactory.getLogger("io.credvault.journal");

    private final CopyOnWriteArrayList<Consumer<JournalEntry>> listeners = new CopyOnWriteArrayList<>();
    private final UnaryOperator<byte[]> chainMac;

    /** Journals {@code delegate}, chaining its entries with {@code chainMac}, the vault's HMAC for the journal. */
    public JournaledBackend(VaultBackend delegate, UnaryOperator<byte[]> chainMac) {
        super(delegate);
        this.chainMac = chainMac;
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
            ChainedTransaction chained = new ChainedTransaction(this, tx, appended);
            T r = work.run(chained);
            chained.finish();
            return r;
        });
        for (JournalEvent e : appended) {
            for (Consumer<JournalEntry> l : listeners) {
                try {
                    l.accept(entry(e));
                } catch (RuntimeException ex) {
                    LOG.warn("journal listener failed on entry " + e.seq() + " (" + e.type() + ")", ex);
                }
            }
        }
        return result;
    }

    /** Length-prefixed UTF-8 of every field, sequence number and time as 8-byte integers: unambiguous. */
    static byte[] canonical(JournalEvent e) {
        return canonicalAfter(new byte[0], e);
    }

    /**
     * {@code prefix} followed by the canonical bytes of {@code e}, in one array: seq and time (8 bytes each), then
     * owner, credential, type, actor and each detail's name and value (in name order), each as an 8-byte length and
     * UTF-8; an absent owner, credential or actor is the one character U+0000.
     */
    private static byte[] canonicalAfter(byte[] prefix, JournalEvent e) {
        Map<String, String> details = e.details();
        byte[][] parts = new byte[4 + 2 * details.size()][];
        parts[0] = utf8(e.owner() == null ? ABSENT : e.owner().value());
        parts[1] = utf8(e.credentialId() == null ? ABSENT : e.credentialId().value());
        parts[2] = utf8(e.type());
        parts[3] = utf8(e.actor() == null ? ABSENT : e.actor());
        int n = 4;
        for (Map.Entry<String, String> d : details.entrySet()) {
            parts[n++] = utf8(d.getKey());
            parts[n++] = utf8(d.getValue());
        }
        int size = prefix.length + 16;
        for (byte[] p : parts) {
            size += 8 + p.length;
        }
        byte[] out = Arrays.copyOf(prefix, size);
        int at = putLong(out, prefix.length, e.seq());
        at = putLong(out, at, ChronoUnit.MICROS.between(Instant.EPOCH, e.at()));
        for (byte[] p : parts) {
            at = putLong(out, at, p.length);
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static final String ABSENT = "\u0000";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int putLong(byte[] out, int at, long v) {
        for (int i = 0; i < 8; i++) {
            out[at + i] = (byte) (v >>> (56 - 8 * i));
        }
        return at + 8;
    }

    String linkMac(String previousMac, JournalEvent e) {
        return HexFormat.of().formatHex(linkMac(HexFormat.of().parseHex(previousMac), e));
    }

    /** The chain MAC of {@code e} after the entry whose MAC is {@code previousMac}: HMAC of previous MAC and entry. */
    byte[] linkMac(byte[] previousMac, JournalEvent e) {
        return chainMac.apply(canonicalAfter(previousMac, e));
    }

    /** A chain position ({@code seq}, {@code mac}) as stored in the head or anchor setting, with its tag. */
    record Position(long seq, String mac) {
        static final Position GENESIS_POSITION = new Position(0, "0".repeat(64));
    }

    /** {@code seq:mac:tag}: a position authenticated under the chain key, bound to what it is ({@code kind}). */
    String encode(String kind, long seq, String mac) {
        return seq + ":" + mac + ":" + tag(kind, seq, mac);
    }

    private String tag(String kind, long seq, String mac) {
        return HexFormat.of().formatHex(chainMac.apply(("credvault " + kind + ":" + seq + ":" + mac).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Reads the {@code kind} setting ({@link #HEAD} or {@link #ANCHOR}) and checks its tag. Absent, or the
     * genesis value, is position 0.
     *
     * @throws IntegrityException if the value is malformed or its tag does not verify
     */
    Position position(String kind, Optional<String> stored) {
        String value = stored.orElse(GENESIS);
        if (value.equals(GENESIS)) {
            return Position.GENESIS_POSITION;
        }
        String[] p = value.split(":");
        try {
            if (p.length == 3) {
                long seq = Long.parseLong(p[0]);
                byte[] want = tag(kind, seq, p[1]).getBytes(StandardCharsets.US_ASCII);
                if (MessageDigest.isEqual(want, p[2].getBytes(StandardCharsets.US_ASCII))) {
                    return new Position(seq, p[1]);
                }
            }
        } catch (NumberFormatException malformed) {
            // reported below
        }
        throw new IntegrityException("the journal " + kind.substring("journal.".length()) + " (" + kind
                + ") does not verify: it was altered outside the vault (truncation or rewind)");
    }

    /**
     * Re-tags a head or anchor written by a release that did not authenticate them ({@code seq:mac}), once,
     * after the master key was verified at open. Returns whether anything was rewritten.
     */
    public boolean authenticateLegacyPositions() {
        if (!isLegacy(delegate().setting(HEAD)) && !isLegacy(delegate().setting(ANCHOR))) {
            return false;
        }
        return delegate().inTransaction(tx -> {
            boolean changed = false;
            for (String kind : List.of(HEAD, ANCHOR)) {
                Optional<String> v = tx.keyring().setting(kind);
                if (isLegacy(v)) {
                    String[] p = v.get().split(":");
                    tx.keyring().putSetting(kind, encode(kind, Long.parseLong(p[0]), p[1]));
                    changed = true;
                }
            }
            return changed;
        });
    }

    private static boolean isLegacy(Optional<String> value) {
        return value.isPresent() && !value.get().equals(GENESIS) && value.get().split(":").length == 2;
    }

    /** Whether committed reads of credentials may come from the read cache (and so be up to its staleness old). */
    boolean readsCached() {
        return delegate() instanceof CachingBackend;
    }

    /** {@code id} as the store holds it now, past the read cache if there is one (which then holds what was read). */
    Optional<StoredCredential> reread(CredentialId id) {
        return delegate() instanceof CachingBackend cache ? cache.reread(id) : delegate().find(id);
    }

    /** The authenticated head: the last entry of the chain. */
    public Position head() {
        return position(HEAD, delegate().setting(HEAD));
    }

    /** Walks the chain from the authenticated anchor to the authenticated head; see {@link #verify(JournalCheckpoint)}. */
    public JournalVerification verify() {
        return verify(null);
    }

    /**
     * Walks the chain from the anchor to the head: every entry must link to the one before, the first to the
     * anchor, the last must be the head, and no entry may lie beyond it. With a checkpoint, the chain must also
     * still hold the entry it names. An entry that cannot be read (it holds a value the vault never writes) breaks the
     * chain where it stands: the walk checks every entry before it and names it.
     *
     * <p>Entries may be appended while the walk runs, and the head and the entries are read by separate
     * statements: a head read may show a commit whose entries the previous read did not, or the reverse. So the
     * walk reads the head after reaching the end, follows the chain to it when it moved on, and reports entries
     * missing or beyond the head only when that persists over a few re-reads ({@value #SETTLE_READS}, 20 ms
     * apart) — a truncated or extended journal stays so, a commit in flight does not.
     */
    public JournalVerification verify(@Nullable JournalCheckpoint checkpoint) {
        Position anchor;
        try {
            anchor = position(ANCHOR, delegate().setting(ANCHOR));
        } catch (IntegrityException e) {
            return new JournalVerification(false, 0, null, String.valueOf(e.getMessage()));
        }
        long expected = anchor.seq() + 1;
        String prev = anchor.mac();
        String atCheckpoint = checkpoint != null && checkpoint.seq() == anchor.seq() ? anchor.mac() : null;
        long checked = 0;
        Position head = anchor;
        int pageSize = 1000;
        for (int settle = 0; ; settle++) {
            while (true) { // walk from where the chain stands to the end of the table
                List<JournalEvent> page;
                try {
                    page = delegate().events(new EventQuery(null, null, java.util.Set.of(), null, null,
                            expected - 1, false, pageSize));
                } catch (IntegrityException unreadable) {
                    if (pageSize > 1) { // a row that cannot be read: walk up to it an entry at a time
                        pageSize = 1;
                        continue;
                    }
                    return new JournalVerification(false, checked, expected, String.valueOf(unreadable.getMessage()));
                }
                for (JournalEvent e : page) {
                    if (e.seq() != expected) {
                        return new JournalVerification(false, checked, expected, "entry " + expected + " is missing or out of order");
                    }
                    String want = linkMac(prev, e);
                    if (!MessageDigest.isEqual(want.getBytes(StandardCharsets.US_ASCII), e.mac().getBytes(StandardCharsets.US_ASCII))) {
                        return new JournalVerification(false, checked, e.seq(), "entry " + e.seq() + " was altered, moved or replaced");
                    }
                    if (checkpoint != null && e.seq() == checkpoint.seq()) {
                        atCheckpoint = e.mac();
                    }
                    prev = e.mac();
                    expected++;
                    checked++;
                }
                if (page.size() < pageSize) {
                    break;
                }
            }
            try {
                head = position(HEAD, delegate().setting(HEAD));
            } catch (IntegrityException e) {
                return new JournalVerification(false, checked, null, String.valueOf(e.getMessage()));
            }
            long last = expected - 1;
            if (last == head.seq()) {
                if (!prev.equals(head.mac())) {
                    return new JournalVerification(false, checked, head.seq(), "the last entry is not the authenticated head");
                }
                break;
            }
            if (settle == SETTLE_READS) {
                return last > head.seq()
                        ? new JournalVerification(false, checked, head.seq() + 1, "entries after " + head.seq()
                                + " lie beyond the authenticated head: they were added outside the vault")
                        : new JournalVerification(false, checked, expected, "entries after " + last + " up to the head "
                                + head.seq() + " are missing");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new JournalVerification(false, checked, null, "interrupted before the walk reached the head");
            }
        }
        if (checkpoint != null) {
            if (head.seq() < checkpoint.seq()) {
                return new JournalVerification(false, checked, head.seq() + 1, "the journal ends at " + head.seq()
                        + ", before the checkpoint at " + checkpoint.seq() + ": it was truncated or the database rolled back");
            }
            if (anchor.seq() > checkpoint.seq()) {
                return new JournalVerification(true, checked, null, "intact; the checkpoint at " + checkpoint.seq()
                        + " precedes the retention anchor " + anchor.seq() + " (purged by retention)");
            }
            if (atCheckpoint == null || !atCheckpoint.equals(checkpoint.mac())) {
                return new JournalVerification(false, checked, checkpoint.seq(), "entry " + checkpoint.seq()
                        + " is not the one the checkpoint saw: the journal was rewritten or the database rolled back");
            }
        }
        return new JournalVerification(true, checked, null, "intact");
    }

    /** A checkpoint of the current head, authenticated under the chain key, taken at {@code at}. */
    public JournalCheckpoint checkpoint(Instant at) {
        Position head = head();
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        return new JournalCheckpoint(head.seq(), head.mac(), at, tag("journal.checkpoint:" + micros, head.seq(), head.mac()));
    }

    /** Whether {@code checkpoint} was made by this vault (its tag verifies under the chain key). */
    public boolean authentic(JournalCheckpoint checkpoint) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, checkpoint.at());
        return MessageDigest.isEqual(tag("journal.checkpoint:" + micros, checkpoint.seq(), checkpoint.mac())
                .getBytes(StandardCharsets.US_ASCII), checkpoint.tag().getBytes(StandardCharsets.US_ASCII));
    }
}
