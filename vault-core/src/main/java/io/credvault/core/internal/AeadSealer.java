package io.credvault.core.internal;

import io.credvault.IntegrityException;
import io.credvault.KeyState;
import io.credvault.KeyUnavailableException;
import io.credvault.crypto.internal.Aead;
import io.credvault.crypto.internal.MacKeys;
import io.credvault.spi.SealContext;
import io.credvault.spi.Sealer;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;

/**
 * Seals secret payloads with AES-256-GCM under the keyring's primary key.
 *
 * <p>Layout: {@code format(1) = 0x01 | keyVersion(4, big-endian) | nonce(12) | ciphertext | tag(16)}.
 * Associated data: the 5 header bytes followed by {@link SealContext#canonical()}.
 */
public final class AeadSealer implements Sealer {
    public static final byte FORMAT = 1;
    public static final int HEADER = 5;
    public static final int OVERHEAD = HEADER + Aead.OVERHEAD;

    private final Keyring keyring;
    private final MacKeys macs;

    public AeadSealer(Keyring keyring) {
        this.keyring = keyring;
        this.macs = keyring.macs();
    }

    @Override
    public byte[] seal(byte[] plaintext, SealContext context) {
        Keyring.Block k = keyring.nextEncryption();
        byte[] header = header(k.version());
        return k.aead().seal(header, plaintext, aad(header, context));
    }

    /** Seals under an explicit key, version and nonce: the deterministic path, pinned by the known-answer test. */
    public static byte[] seal(Aead aead, int version, byte[] nonce, byte[] plaintext, SealContext context) {
        byte[] header = header(version);
        return aead.seal(header, nonce, plaintext, aad(header, context));
    }

    @Override
    public byte[] open(byte[] sealed, SealContext context) {
        if (sealed.length < OVERHEAD || sealed[0] != FORMAT) {
            throw notVerified(context);
        }
        int version = keyVersion(sealed);
        Keyring.Snapshot s = keyring.snapshot();
        Aead aead = s.aead(version);
        if (aead == null) {
            s = keyring.reload();
            aead = s.aead(version);
        }
        if (aead == null) {
            if (version < 1 || version > s.maxVersion()) {
                throw notVerified(context);
            }
            throw new KeyUnavailableException("credential " + context.credentialId() + " is sealed under key version "
                    + version + ", which is " + (s.state(version) == KeyState.RETIRED ? "retired" : "missing from the keyring"));
        }
        try {
            return aead.open(sealed, HEADER, aad(sealed, context));
        } catch (AEADBadTagException e) {
            throw notVerified(context);
        }
    }

    @Override
    public int keyVersion(byte[] sealed) {
        if (sealed.length < HEADER) {
            return 0;
        }
        return ((sealed[1] & 0xFF) << 24) | ((sealed[2] & 0xFF) << 16) | ((sealed[3] & 0xFF) << 8) | (sealed[4] & 0xFF);
    }

    @Override
    public String fingerprint(byte[] plaintext, SealContext context) {
        Mac mac = macs.instance("fingerprint");
        mac.update(context.canonical());
        byte[] full = mac.doFinal(plaintext);
        return HexFormat.of().formatHex(full, 0, 16);
    }

    @Override
    public byte[] mac(String purpose, byte[] data) {
        return macs.mac(purpose, data);
    }

    private static byte[] header(int version) {
        return new byte[] {FORMAT, (byte) (version >>> 24), (byte) (version >>> 16), (byte) (version >>> 8), (byte) version};
    }

    private static byte[] aad(byte[] headerSource, SealContext context) {
        return context.canonicalAfter(headerSource, 0, HEADER);
    }

    private static IntegrityException notVerified(SealContext context) {
        return new IntegrityException("credential " + context.credentialId() + ": stored secret did not verify "
                + "(altered, moved to another row or owner, or sealed under other keys)");
    }
}
