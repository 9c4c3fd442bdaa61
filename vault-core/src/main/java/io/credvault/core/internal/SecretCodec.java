package io.credvault.core.internal;

import io.credvault.IntegrityException;
import io.credvault.SecretFields;
import io.credvault.SecretValue;
import io.credvault.internal.Payloads;
import io.credvault.internal.Text;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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

    /**
     * The fields of {@code plaintext}, which this takes: the values are views of it (not copies), and it is cleared
     * if it does not decode. A name among {@code names} (the credential's metadata's, checked when it was stored) is
     * that string; another is decoded and checked. Names must be in order, values well-formed, nothing left over.
     */
    public static SecretFields decode(byte[] plaintext, Set<String> names) {
        try {
            return decodeOrThrow(plaintext, names);
        } catch (RuntimeException e) {
            Arrays.fill(plaintext, (byte) 0);
            if (e instanceof IntegrityException ie) {
                throw ie;
            }
            throw malformed();
        }
    }

    private static SecretFields decodeOrThrow(byte[] p, Set<String> known) {
        if (p[0] != FORMAT) {
            throw new IntegrityException("secret payload has an unknown format");
        }
        Payloads.Builders builders = Payloads.builders();
        int count = ((p[1] & 0xFF) << 8) | (p[2] & 0xFF);
        String[] names = new String[count];
        SecretValue[] values = new SecretValue[count];
        int at = 3;
        for (int i = 0; i < count; i++) {
            int nameLength = p[at++] & 0xFF;
            String name = name(known, p, at, nameLength);
            if (i > 0 && names[i - 1].compareTo(name) >= 0) {
                throw malformed();
            }
            at += nameLength;
            int valueLength = (p[at] << 24) | ((p[at + 1] & 0xFF) << 16) | ((p[at + 2] & 0xFF) << 8) | (p[at + 3] & 0xFF);
            at += 4;
            Objects.checkFromIndexSize(at, valueLength, p.length);
            SecretValue value = builders.value(p, at, valueLength);
            if (value == null) {
                throw malformed();
            }
            names[i] = name;
            values[i] = value;
            at += valueLength;
        }
        if (at != p.length) {
            throw new IntegrityException("secret payload has trailing bytes");
        }
        return builders.fields(names, values);
    }

    /** The name {@code b[at, at + length)}: the one of {@code known} it spells, or else decoded and checked. */
    private static String name(Set<String> known, byte[] b, int at, int length) {
        for (String n : known) {
            if (n.length() == length && spells(n, b, at)) {
                return n;
            }
        }
        String name = new String(b, at, length, StandardCharsets.UTF_8);
        if (!Text.isFieldName(name)) {
            throw malformed();
        }
        return name;
    }

    /** Whether {@code b} from {@code at} holds the characters of {@code s} (a field name: ASCII), one byte each. */
    private static boolean spells(String s, byte[] b, int at) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != b[at + i]) {
                return false;
            }
        }
        return true;
    }

    private static IntegrityException malformed() {
        return new IntegrityException("secret payload is malformed");
    }
}
