package io.credvault.internal;

import io.credvault.SecretFields;
import io.credvault.SecretValue;
import org.jspecify.annotations.Nullable;

/**
 * What the vault's decoder of a decrypted secret payload may build that the public API does not offer: values that
 * are views of the payload's array (not copies of it) and fields from names already in order. {@link SecretFields}
 * grants it as it loads; nothing else can.
 */
public final class Payloads {
    /** Builders over a decrypted payload; granted by {@link SecretFields}. */
    public interface Builders {
        /**
         * The value {@code payload[offset, offset + length)}, sharing the array; null unless it is a value
         * {@link SecretValue#ofUtf8(byte[])} would accept.
         */
        @Nullable SecretValue value(byte[] payload, int offset, int length);

        /** Fields of {@code names} (ascending, distinct, each a field name) and their {@code values}; the arrays are kept. */
        SecretFields fields(String[] names, SecretValue[] values);
    }

    private static volatile @Nullable Builders granted;

    private Payloads() {
    }

    /** Called once, by {@link SecretFields} as it loads: only a class nested in it is taken. */
    public static synchronized void grant(Builders builders) {
        if (granted != null || builders.getClass().getNestHost() != SecretFields.class) {
            throw new IllegalStateException("the payload builders are granted by SecretFields, once");
        }
        granted = builders;
    }

    /** The builders, loading {@link SecretFields} first if it has not granted them yet. */
    public static Builders builders() {
        Builders b = granted;
        if (b == null) {
            SecretFields.empty(); // its class initializer grants them
            b = granted;
            if (b == null) {
                throw new IllegalStateException("SecretFields did not grant the payload builders");
            }
        }
        return b;
    }
}
