package io.credvault.core.internal;

import io.credvault.core.VaultObserver;
import io.credvault.spi.SealContext;
import io.credvault.spi.Sealer;

/** A sealer whose encryptions are timed and told to a {@link VaultObserver}. */
public final class TimedSealer implements Sealer {
    private final Sealer sealer;
    private final VaultObserver observer;

    public TimedSealer(Sealer sealer, VaultObserver observer) {
        this.sealer = sealer;
        this.observer = observer;
    }

    @Override
    public byte[] seal(byte[] plaintext, SealContext context) {
        long start = System.nanoTime();
        byte[] sealed = sealer.seal(plaintext, context);
        observer.sealed(System.nanoTime() - start);
        return sealed;
    }

    @Override
    public byte[] open(byte[] sealed, SealContext context) {
        return sealer.open(sealed, context);
    }

    @Override
    public int keyVersion(byte[] sealed) {
        return sealer.keyVersion(sealed);
    }

    @Override
    public String fingerprint(byte[] plaintext, SealContext context) {
        return sealer.fingerprint(plaintext, context);
    }

    @Override
    public byte[] mac(String purpose, byte[] data) {
        return sealer.mac(purpose, data);
    }
}
