package io.credvault.crypto.internal;

import io.credvault.ConflictException;
import io.credvault.KeyUnavailableException;
import io.credvault.StorageException;
import io.credvault.crypto.KeyWrapper;
import io.credvault.spi.KeyRecord;
import io.credvault.spi.KeyState;
import io.credvault.spi.VaultBackend;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The data keys of a vault, unwrapped in memory. The backend holds them wrapped under the master key; this
 * class keeps an immutable snapshot and reloads it when it meets a version it does not know.
 *
 * <p>Settings it owns: {@code keyring.check} (a wrapped constant: proves the master key at open) and
 * {@code keyring.mac-root} (a wrapped random root from which MAC keys are derived, so that changing the
 * master key changes no fingerprint, journal chain or API-key hash).
 */
public final class Keyring {
    public static final String CHECK_SETTING = "keyring.check";
    public static final String MAC_ROOT_SETTING = "keyring.mac-root";
    private static final String CHECK_LABEL = "key-check";
    private static final String MAC_ROOT_LABEL = "mac-root";

    private final VaultBackend backend;
    private final KeyWrapper wrapper;
    private final byte[] macRoot;
    private volatile Snapshot snapshot;

    /** Unwrapped keys by version; {@code keys[v]} is null for unknown or retired versions. */
    public record Snapshot(int primary, SecretKey[] keys, KeyState[] states) {
        public @Nullable SecretKey key(int version) {
            return version > 0 && version < keys.length ? keys[version] : null;
        }

        public int maxVersion() {
            return keys.length - 1;
        }

        public @Nullable KeyState state(int version) {
            return version > 0 && version < states.length ? states[version] : null;
        }
    }

    private Keyring(VaultBackend backend, KeyWrapper wrapper, byte[] macRoot) {
        this.backend = backend;
        this.wrapper = wrapper;
        this.macRoot = macRoot;
        this.snapshot = load();
    }

    /**
     * Opens the keyring of {@code backend}, creating it (data key version 1) if the vault is new.
     *
     * @throws KeyUnavailableException if {@code wrapper} is not the master key this vault was created with
     */
    public static Keyring open(VaultBackend backend, KeyWrapper wrapper, Clock clock) {
        Optional<String> check = backend.setting(CHECK_SETTING);
        if (check.isEmpty()) {
            try {
                backend.inTransaction(tx -> {
                    if (tx.setting(CHECK_SETTING).isEmpty()) {
                        byte[] dataKey = AesGcm.randomBytes(32);
                        byte[] root = AesGcm.randomBytes(32);
                        tx.putKey(new KeyRecord(1, KeyState.PRIMARY, wrapper.wrap(dataKey, dataKeyLabel(1)),
                                clock.instant(), 0, null));
                        tx.putSetting(MAC_ROOT_SETTING, b64(wrapper.wrap(root, MAC_ROOT_LABEL)));
                        tx.putSetting(CHECK_SETTING, b64(wrapper.wrap(new byte[32], CHECK_LABEL)));
                        Arrays.fill(dataKey, (byte) 0);
                        Arrays.fill(root, (byte) 0);
                    }
                    return null;
                });
            } catch (ConflictException | StorageException e) {
                // Another instance created the keyring at the same moment; use theirs.
                if (backend.setting(CHECK_SETTING).isEmpty()) {
                    throw e;
                }
            }
            check = backend.setting(CHECK_SETTING);
        }
        try {
            wrapper.unwrap(unb64(check.orElseThrow()), CHECK_LABEL);
        } catch (KeyUnavailableException e) {
            throw new KeyUnavailableException("the master key does not open this vault (key check failed); "
                    + "open it with the master key it was created with", e);
        }
        byte[] root = wrapper.unwrap(unb64(backend.setting(MAC_ROOT_SETTING)
                .orElseThrow(() -> new KeyUnavailableException("vault has a key check but no MAC root; the keyring is damaged"))),
                MAC_ROOT_LABEL);
        return new Keyring(backend, wrapper, root);
    }

    public static String dataKeyLabel(int version) {
        return "data-key/" + version;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Re-reads the keyring from the backend (after another instance rotated, or on an unknown version). */
    public Snapshot reload() {
        Snapshot s = load();
        snapshot = s;
        return s;
    }

    private Snapshot load() {
        List<KeyRecord> records = backend.keys();
        int max = records.stream().mapToInt(KeyRecord::version).max().orElse(0);
        SecretKey[] keys = new SecretKey[max + 1];
        KeyState[] states = new KeyState[max + 1];
        int primary = 0;
        for (KeyRecord r : records) {
            states[r.version()] = r.state();
            if (r.state() == KeyState.RETIRED) {
                continue;
            }
            byte[] raw = wrapper.unwrap(r.wrapped(), dataKeyLabel(r.version()));
            keys[r.version()] = new SecretKeySpec(raw, "AES");
            Arrays.fill(raw, (byte) 0);
            if (r.state() == KeyState.PRIMARY) {
                primary = r.version();
            }
        }
        if (primary == 0) {
            throw new KeyUnavailableException("the keyring has no primary data key; it is damaged or not initialised");
        }
        return new Snapshot(primary, keys, states);
    }

    /** A MAC key for {@code purpose}, derived from the MAC root (HKDF-Expand, one block). */
    public SecretKey macKey(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macRoot, "HmacSHA256"));
            mac.update(("credvault " + purpose).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 1);
            return new SecretKeySpec(mac.doFinal(), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public KeyWrapper wrapper() {
        return wrapper;
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static byte[] unb64(String s) {
        return Base64.getDecoder().decode(s);
    }
}
