package io.credvault.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.IntegrityException;
import io.credvault.SecretFields;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecretCodecTest {
    @Test
    @DisplayName("fields round-trip exactly, including multi-byte characters, newlines and a 64 KiB value")
    void roundTrip() {
        SecretFields in = SecretFields.of("accessToken", "ghp_x", "pem", "-----BEGIN KEY-----\nline\n-----END KEY-----",
                "note", "名前 🔑", "big", "x".repeat(64 * 1024));
        SecretFields out = SecretCodec.decode(SecretCodec.encode(in));
        assertThat(out.names()).isEqualTo(in.names());
        for (String n : in.names()) {
            assertThat(out.require(n).reveal()).isEqualTo(in.require(n).reveal());
        }
    }

    @Test
    @DisplayName("the encoding is deterministic and independent of the order fields were given in (fingerprints rely on it)")
    void deterministic() {
        byte[] a = SecretCodec.encode(SecretFields.of("b", "2", "a", "1"));
        byte[] b = SecretCodec.encode(SecretFields.of("a", "1", "b", "2"));
        assertThat(a).isEqualTo(b);
        assertThat(a[0]).as("format byte").isEqualTo((byte) 1);
    }

    @Test
    @DisplayName("a payload with an unknown format, truncated, with trailing bytes or with a length past its end is an IntegrityException")
    void malformed_isIntegrity() {
        byte[] good = SecretCodec.encode(SecretFields.of("k", "value"));
        byte[] format = good.clone();
        format[0] = 2;
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        byte[] nameTooLong = good.clone();
        nameTooLong[3] = (byte) 0xFF; // "k" claims 255 bytes
        byte[] negativeValue = good.clone();
        negativeValue[5] = (byte) 0xFF; // the value's length, after 0x01 | count(2) | 1 | "k", reads below zero
        byte[] valueTooLong = good.clone();
        valueTooLong[8] = 6; // "value" claims one byte more than there is
        byte[] extraField = good.clone();
        extraField[2] = 2; // two fields claimed, one present
        for (byte[] bad : new byte[][] {format, Arrays.copyOf(good, good.length - 1), trailing, new byte[0], nameTooLong,
                negativeValue, valueTooLong, extraField}) {
            assertThatThrownBy(() -> SecretCodec.decode(bad)).isInstanceOf(IntegrityException.class);
        }
    }
}
