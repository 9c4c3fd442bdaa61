package io.credvault.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under keys derived from one 32-byte root, a key per purpose:
 * {@code key(purpose) = HMAC-SHA256(root, "credvault " + purpose | 0x01)} (HKDF-Expand, one block). Fingerprints, the
 * journal chain, API-key hashes and idempotent ids each have their own purpose, so a MAC made for one can never
 * stand for another. Thread-safe; each thread keeps its own initialised {@link Mac} per purpose.
 */
public final class MacKeys {
    public static final int ROOT_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] root;
    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
    private final ThreadLocal<Map<String, Mac>> macs = ThreadLocal.withInitial(HashMap::new);

    /** MAC keys derived from {@code root} (copied). */
    public MacKeys(byte[] root) {
        if (root.length != ROOT_BYTES) {
            throw new IllegalArgumentException("a MAC root is " + ROOT_BYTES + " bytes, got " + root.length);
        }
        this.root = root.clone();
    }

    /** The root, copied: only to wrap it anew under another master key. */
    public byte[] root() {
        return root.clone();
    }

    /** The key for {@code purpose}. */
    public SecretKey key(String purpose) {
        return keys.computeIfAbsent(purpose, p -> {
            Mac mac = init(new SecretKeySpec(root, ALGORITHM));
            mac.update(("credvault " + p).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 1);
            byte[] derived = mac.doFinal();
            try {
                return new SecretKeySpec(derived, ALGORITHM);
            } finally {
                Arrays.fill(derived, (byte) 0);
            }
        });
    }

    /** This thread's {@link Mac} under the key for {@code purpose}, reset and ready for {@code update}. */
    public Mac instance(String purpose) {
        return macs.get().computeIfAbsent(purpose, p -> init(key(p)));
    }

    /** HMAC-SHA256 of {@code data} under the key for {@code purpose}. */
    public byte[] mac(String purpose, byte[] data) {
        return instance(purpose).doFinal(data);
    }

    /** The MAC of one purpose as a function, for a component that needs that one alone. */
    public UnaryOperator<byte[]> forPurpose(String purpose) {
        return data -> mac(purpose, data);
    }

    private static Mac init(SecretKey key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }
}
