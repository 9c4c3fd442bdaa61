package io.credvault.core.internal;

import io.credvault.IntegrityException;
import io.credvault.SecretFields;
import io.credvault.SecretValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The plaintext layout of a credential's secret fields, before sealing:
 * {@code 0x01 | count(2) | { nameLength(1) | name (UTF-8) | valueLength(4) | value (UTF-8) }*}, fields in name
 * order. Deterministic, so equal fields give equal fingerprints.
 */
public final class SecretCodec {
    private static final byte FORMAT = 1;

    private SecretCodec() {
    }

    public static byte[] encode(SecretFields fields) {
        int size = 3;
        byte[][] names = new byte[fields.size()][];
        byte[][] values = new byte[fields.size()][];
        int i = 0;
        for (Map.Entry<String, SecretValue> e : fields.asMap().entrySet()) {
            names[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            values[i] = e.getValue().revealUtf8();
            size += 1 + names[i].length + 4 + values[i].length;
            i++;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT).putShort((short) fields.size());
        for (int j = 0; j < names.length; j++) {
            out.put((byte) names[j].length).put(names[j]).putInt(values[j].length).put(values[j]);
            Arrays.fill(values[j], (byte) 0);
        }
        return out.array();
    }

    public static SecretFields decode(byte[] plaintext) {
        try {
            ByteBuffer in = ByteBuffer.wrap(plaintext);
            if (in.get() != FORMAT) {
                throw new IntegrityException("secret payload has an unknown format");
            }
            int count = in.getShort() & 0xFFFF;
            SecretFields.Builder b = SecretFields.builder();
            for (int i = 0; i < count; i++) {
                int nameLength = in.get() & 0xFF;
                String name = new String(plaintext, in.position(), nameLength, StandardCharsets.UTF_8);
                in.position(in.position() + nameLength);
                int valueLength = in.getInt();
                b.put(name, SecretValue.ofUtf8(plaintext, in.position(), valueLength));
                in.position(in.position() + valueLength);
            }
            if (in.hasRemaining()) {
                throw new IntegrityException("secret payload has trailing bytes");
            }
            return b.build();
        } catch (RuntimeException e) {
            if (e instanceof IntegrityException ie) {
                throw ie;
            }
            throw new IntegrityException("secret payload is malformed");
        }
    }
}
