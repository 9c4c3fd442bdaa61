package io.credvault.core.internal;

import io.credvault.IntegrityException;
import io.credvault.KeyState;
import io.credvault.KeyUnavailableException;
import io.credvault.crypto.internal.Aead;
import io.credvault.crypto.internal.AesGcm;
import io.credvault.crypto.internal.MacKeys;
import io.credvault.crypto.internal.Passphrase;
import io.credvault.spi.BackendTransaction;
import io.credvault.spi.JournalEvent;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.KeyWrapper;
import io.credvault.spi.VaultBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data keys of a vault, unwrapped in memory, and the budget of encryptions under the primary.
 *
 * <p>The backend holds the keys wrapped under the master key. This class keeps an immutable snapshot,
 * reloads it when it meets an unknown version, and hands out encryptions under the primary from a block of
 * the key's counter that it reserved in the backend beforehand (NIST SP 800-38D §8.3: the stored count is an
 * upper bound that survives crashes and is shared by every instance). A block also expires after the refresh
 * interval, so an instance picks up another instance's rotation within that time.
 *
 * <p>Settings it owns: {@code keyring.check} (a wrapped constant: proves the master key at open) and
 * {@code keyring.mac-root} (a wrapped random root from which MAC keys are derived, so that changing the
 * master key changes no fingerprint, journal chain or API-key hash).
 */
public final class Keyring {
    private static final Logger LOG = LoggerFactory.getLogger("io.credvault.keys");
    public static final String CHECK_SETTING = "keyring.check";
    public static final String MAC_ROOT_SETTING = "keyring.mac-root";
    static final String CHECK_LABEL = "key-check";
    static final String MAC_ROOT_LABEL = "mac-root";
    /** The most encryptions {@link #reserveAhead} reserves at once. */
    static final long MAX_AHEAD = 1_000_000;

    /** Limits on the primary key's use. */
    public record Limits(long maxEncryptions, int reservationBlock, @Nullable Duration rotateAfter, Duration refresh) {
    }

    /** Unwrapped keys by version, each bound in its {@link Aead}; {@code keys[v]} is null for unknown or retired versions. */
    public record Snapshot(int primary, Aead[] keys, KeyState[] states) {
        public @Nullable Aead aead(int version) {
            return version > 0 && version < keys.length ? keys[version] : null;
        }

        public int maxVersion() {
            return keys.length - 1;
        }

        public @Nullable KeyState state(int version) {
            return version > 0 && version < states.length ? states[version] : null;
        }
    }

    /**
     * Encryptions [next, end) under {@code version}, valid until {@code expiresMillis} (epoch milliseconds of the
     * vault's clock). What {@link #nextEncryption()} hands out: the key and version for one encryption.
     */
    public record Block(int version, Aead aead, AtomicLong next, long end, long expiresMillis) {
        boolean take(Clock clock) {
            return next.getAndIncrement() < end && clock.millis() < expiresMillis;
        }
    }

    private final VaultBackend backend;
    /** Where the counter of the primary stood at this instance's latest reservation (for the gauge between blocks). */
    private volatile long lastReserved;
    private final Clock clock;
    private final Limits limits;
    private volatile KeyWrapper wrapper;
    private final MacKeys macs;
    private volatile Snapshot snapshot;
    private volatile @Nullable Block block;

    /**
     * The keyring of {@code backend}, whose key material {@link #unlock} proved and returned as {@code macs}.
     * {@code backend} is the journaled one: rotations, automatic ones included, write journal entries.
     */
    public Keyring(JournaledBackend backend, KeyWrapper wrapper, Clock clock, Limits limits, MacKeys macs) {
        this.backend = backend;
        this.wrapper = wrapper;
        this.clock = clock;
        this.limits = limits;
        this.macs = macs;
        this.snapshot = load();
    }

    static String dependents(VaultBackend backend) {
        Map<String, Long> c = backend.contents();
        return c.getOrDefault("credentials", 0L) + " credentials, " + c.getOrDefault("journal", 0L) + " journal entries and "
                + c.getOrDefault("apiKeys", 0L) + " API keys";
    }

    public static String dataKeyLabel(int version) {
        return "data-key/" + version;
    }

    /** A fresh random data key, wrapped, as the primary. */
    static KeyRecord newKey(KeyWrapper wrapper, int version, Instant now) {
        byte[] raw = AesGcm.randomBytes(32);
        try {
            return new KeyRecord(version, KeyState.PRIMARY, wrapper.wrap(raw, dataKeyLabel(version)), now, 0, null);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    static JournalEvent keyEvent(Instant at, String type, Map<String, String> details) {
        return JournalEvent.of(at, null, null, type, null, details);
    }

    /**
     * Inside {@code tx}: locks the keyring and reads its keys. Every transaction that changes keys starts here:
     * the key-check row is the keyring's lock, taken first, so the key rows read after it are current (under
     * READ COMMITTED a locking read that waited would not see a key another transaction inserted meanwhile).
     */
    static List<KeyRecord> lockKeys(BackendTransaction tx) {
        tx.keyring().setting(CHECK_SETTING);
        return tx.keyring().keys();
    }

    /**
     * Inside {@code tx}: demotes the primary to decrypt-only (a compromised one stays compromised) and adds a
     * new primary. Returns the new primary.
     */
    KeyRecord rotateIn(BackendTransaction tx, Instant now, String type, Map<String, String> details) {
        List<KeyRecord> keys = lockKeys(tx);
        int max = 0;
        int from = 0;
        for (KeyRecord k : keys) {
            max = Math.max(max, k.version());
            if (k.state() == KeyState.PRIMARY) {
                from = k.version();
                tx.keyring().putKey(k.withState(KeyState.DECRYPT_ONLY));
            }
        }
        KeyRecord next = newKey(wrapper, max + 1, now);
        tx.keyring().putKey(next);
        java.util.TreeMap<String, String> all = new java.util.TreeMap<>(details);
        all.put("from", String.valueOf(from));
        all.put("to", String.valueOf(next.version()));
        tx.journal().append(keyEvent(now, type, all));
        return next;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Re-reads the keyring from the backend (after another instance rotated, or on an unknown version). */
    public Snapshot reload() {
        Snapshot s = load();
        snapshot = s;
        Block b = block;
        if (b != null && b.version() != s.primary()) {
            block = null;
        }
        return s;
    }

    private Snapshot load() {
        List<KeyRecord> records = backend.keys();
        int max = records.stream().mapToInt(KeyRecord::version).max().orElse(0);
        Aead[] keys = new Aead[max + 1];
        KeyState[] states = new KeyState[max + 1];
        int primary = 0;
        KeyWrapper w = wrapper;
        for (KeyRecord r : records) {
            states[r.version()] = r.state();
            if (r.state() == KeyState.RETIRED) {
                continue;
            }
            byte[] raw = w.unwrap(r.wrapped(), dataKeyLabel(r.version()));
            keys[r.version()] = new Aead(new SecretKeySpec(raw, "AES"));
            Arrays.fill(raw, (byte) 0);
            if (r.state() == KeyState.PRIMARY) {
                primary = r.version();
            }
        }
        if (primary == 0) {
            throw new IntegrityException("the keyring has no primary data key: it was altered outside the vault; "
                    + dependents(backend) + " depend on it; restore it from a backup");
        }
        return new Snapshot(primary, keys, states);
    }

    /** The key and version for one encryption under the primary, counted against its limit. */
    public Block nextEncryption() {
        Block b = block;
        return b != null && b.take(clock) ? b : refill(b);
    }

    private synchronized Block refill(@Nullable Block seen) {
        Block current = block;
        if (current != seen && current != null && current.take(clock)) {
            return current;
        }
        return reserve(limits.reservationBlock(), true); // the caller's encryption is the block's first
    }

    /**
     * Makes sure the current block holds {@code n} more encryptions; if it does not, reserves a block for
     * {@code upTo} (at least {@code n} and the configured block, at most {@value #MAX_AHEAD}, never past the key's
     * limit): for a caller about to seal many values (a rewrap), one reservation (a transaction) instead of one per
     * configured block. What a crash leaves unused stays counted: the safe side of the limit.
     */
    public synchronized void reserveAhead(long n, long upTo) {
        Block b = block;
        if (b == null || b.end() - b.next().get() < n || clock.millis() >= b.expiresMillis()) {
            reserve(Math.min(Math.max(n, upTo), MAX_AHEAD), false);
        }
    }

    private Block reserve(long wanted, boolean takeFirst) {
        Instant now = clock.instant();
        long[] range = backend.inTransaction(tx -> {
            KeyRecord primary = lockKeys(tx).stream().filter(k -> k.state() == KeyState.PRIMARY).findFirst()
                    .orElseThrow(() -> new KeyUnavailableException("the keyring has no primary data key"));
            String reason = null;
            long size = Math.max(limits.reservationBlock(), Math.min(wanted, limits.maxEncryptions() - primary.encryptionsReserved()));
            if (primary.encryptionsReserved() + size > limits.maxEncryptions()) {
                reason = "encryption limit " + limits.maxEncryptions() + " reached";
            } else if (limits.rotateAfter() != null && !primary.createdAt().plus(limits.rotateAfter()).isAfter(now)) {
                reason = "key older than " + limits.rotateAfter();
            }
            if (reason != null) {
                primary = rotateIn(tx, now, "key.auto_rotated", Map.of("reason", reason));
            }
            long from = primary.encryptionsReserved();
            long to = from + Math.max(limits.reservationBlock(), Math.min(wanted, limits.maxEncryptions() - from));
            tx.keyring().putKey(new KeyRecord(primary.version(), primary.state(), primary.wrapped(), primary.createdAt(), to,
                    primary.retiredAt()));
            return new long[] {primary.version(), from, to};
        });
        Snapshot s = snapshot;
        if (s.primary() != (int) range[0] || s.aead((int) range[0]) == null) {
            s = reload();
        }
        Aead key = s.aead((int) range[0]);
        if (key == null) {
            throw new IntegrityException("data key " + range[0] + " is the primary but its material is missing or retired: "
                    + "the keyring was altered outside the vault");
        }
        Block next = new Block((int) range[0], key, new AtomicLong(range[1] + (takeFirst ? 1 : 0)), range[2], now.plus(limits.refresh()).toEpochMilli());
        lastReserved = range[1];
        block = next;
        return next;
    }

    /**
     * On close: gives the unused rest of this instance's encryption block back, so that the stored count is the
     * encryptions made rather than the blocks reserved. Only the latest reservation of a key can be given back (an
     * older block has another instance's above it); what cannot be given back, or a give-back that fails, leaves the
     * count above the true one, which is the safe side of the limit. The block is closed first: an encryption that
     * races this call takes a new block instead.
     */
    void releaseUnused() {
        Block b;
        synchronized (this) {
            b = block;
            block = null;
        }
        if (b == null) {
            return;
        }
        long used = Math.min(b.next().getAndAdd(Long.MAX_VALUE / 4), b.end()); // every slot below it was handed out
        if (used >= b.end()) {
            return;
        }
        try {
            backend.useTransaction(tx -> {
                for (KeyRecord k : lockKeys(tx)) {
                    if (k.version() == b.version() && k.encryptionsReserved() == b.end()) {
                        tx.keyring().putKey(new KeyRecord(k.version(), k.state(), k.wrapped(), k.createdAt(), used, k.retiredAt()));
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("giving back {} unused encryptions of data key {} failed; its count stays {} ({})", b.end() - used, b.version(),
                    b.end(), e.toString());
        }
    }

    /** Encryptions counted under the primary as far as this instance knows: a gauge (see {@code VaultGauges}). */
    public long primaryEncryptions() {
        Block b = block;
        return b == null ? lastReserved : Math.min(b.next().get(), b.end());
    }

    /** The primary data key's version as last loaded: a gauge. */
    public int primaryVersion() {
        return snapshot.primary();
    }

    /** Drops the current encryption block, so the next encryption reloads the primary. */
    public void invalidate() {
        block = null;
    }

    /** The MAC keys derived from the vault's MAC root. */
    public MacKeys macs() {
        return macs;
    }

    public KeyWrapper wrapper() {
        return wrapper;
    }

    /** Inside {@code tx}: rewraps every live data key, the MAC root and the key check under {@code next}. */
    void rewrapUnder(BackendTransaction tx, KeyWrapper next) {
        KeyWrapper current = wrapper;
        for (KeyRecord k : lockKeys(tx)) {
            if (k.state() == KeyState.RETIRED) {
                continue;
            }
            byte[] raw = current.unwrap(k.wrapped(), dataKeyLabel(k.version()));
            tx.keyring().putKey(k.withWrapped(next.wrap(raw, dataKeyLabel(k.version()))));
            Arrays.fill(raw, (byte) 0);
        }
        byte[] root = macs.root();
        try {
            tx.keyring().putSetting(MAC_ROOT_SETTING, b64(next.wrap(root, MAC_ROOT_LABEL)));
        } finally {
            Arrays.fill(root, (byte) 0);
        }
        tx.keyring().putSetting(CHECK_SETTING, b64(next.wrap(new byte[32], CHECK_LABEL)));
        for (Map.Entry<String, String> e : next.settings().entrySet()) {
            tx.keyring().putSetting(e.getKey(), e.getValue());
        }
        if (!next.settings().containsKey(Passphrase.SETTING)) {
            tx.keyring().putSetting(Passphrase.SETTING, "");
        }
    }

    /** After a committed {@link #rewrapUnder}: use {@code next} from now on. */
    void useWrapper(KeyWrapper next) {
        wrapper = next;
        reload();
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static byte[] unb64(String setting, String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IntegrityException("the keyring setting " + setting + " is not Base64: it was altered outside the vault");
        }
    }
}
