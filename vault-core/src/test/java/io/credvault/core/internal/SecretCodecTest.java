package io.credvault.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.IntegrityException;
import io.credvault.SecretFields;
import io.credvault.SecretValue;
import io.credvault.internal.Payloads;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecretCodecTest {
    @Test
    @DisplayName("fields round-trip exactly, including multi-byte characters, newlines and a 64 KiB value")
    void roundTrip() {
        SecretFields in = SecretFields.of("accessToken", "ghp_x", "pem", "-----BEGIN KEY-----\nline\n-----END KEY-----",
                "note", "名前 🔑", "big", "x".repeat(64 * 1024));
        SecretFields out = SecretCodec.decode(SecretCodec.encode(in), Set.of());
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
            assertThatThrownBy(() -> SecretCodec.decode(bad, Set.of("k"))).isInstanceOf(IntegrityException.class);
            assertThat(bad).as("a payload that does not decode is cleared").isEqualTo(new byte[bad.length]);
        }
    }

    @Test
    @DisplayName("decoded with the names the metadata lists, or with none, or with others, the fields are the same")
    void knownNames() {
        SecretFields in = SecretFields.of("accessToken", "ghp_x", "refreshToken", "ghr_y", "note", "名前");
        for (Set<String> known : List.<Set<String>>of(Set.of(), in.names(), Set.of("accessToken"), Set.of("accessTokens", "refresh", "other"))) {
            SecretFields out = SecretCodec.decode(SecretCodec.encode(in), known);
            assertThat(out).isEqualTo(in);
            assertThat(out.names()).containsExactly("accessToken", "note", "refreshToken");
        }
    }

    @Test
    @DisplayName("names out of order, given twice or not field names are an IntegrityException, even among the known names")
    void badNames_areIntegrity() {
        byte[] good = SecretCodec.encode(SecretFields.of("a", "1", "b", "2")); // 01 0002 | 01 'a' 00000001 '1' | 01 'b' ...
        byte[] outOfOrder = good.clone();
        outOfOrder[4] = 'c'; // c, b
        byte[] twice = good.clone();
        twice[11] = 'a'; // a, a
        byte[] notAName = good.clone();
        notAName[4] = '1'; // a name starts with a letter
        for (byte[] bad : new byte[][] {outOfOrder, twice, notAName}) {
            for (Set<String> known : List.of(Set.<String>of(), Set.of("a", "b", "c"))) {
                assertThatThrownBy(() -> SecretCodec.decode(bad.clone(), known)).isInstanceOf(IntegrityException.class)
                        .hasMessage("secret payload is malformed");
            }
        }
    }

    @Test
    @DisplayName("decoded values share the payload: destroying one leaves the others, and an empty or ill-formed value is refused")
    void values() {
        SecretFields out = SecretCodec.decode(SecretCodec.encode(SecretFields.of("a", "first", "b", "second")), Set.of("a", "b"));
        out.require("a").destroy();
        assertThat(out.require("a").revealUtf8()).containsOnly(0);
        assertThat(out.require("b").reveal()).isEqualTo("second");
        assertThat(out.require("b")).isEqualTo(SecretValue.of("second")).isNotEqualTo(SecretValue.of("secone"));
        byte[] good = SecretCodec.encode(SecretFields.of("k", "value"));
        byte[] illFormed = good.clone();
        illFormed[9] = (byte) 0xC0; // an overlong form
        byte[] empty = Arrays.copyOf(good, 9);
        empty[8] = 0;
        for (byte[] bad : new byte[][] {illFormed, empty}) {
            assertThatThrownBy(() -> SecretCodec.decode(bad, Set.of("k"))).isInstanceOf(IntegrityException.class);
        }
    }

    @Test
    @DisplayName("the decoder's builders are SecretFields' own: no other class can grant them, before or after it")
    void builders_grantedBySecretFieldsAlone() {
        Payloads.Builders foreign = new Payloads.Builders() {
            @Override
            public SecretValue value(byte[] payload, int offset, int length) {
                return SecretValue.of("forged");
            }

            @Override
            public SecretFields fields(String[] names, SecretValue[] values) {
                return SecretFields.empty();
            }
        };
        assertThatThrownBy(() -> Payloads.grant(foreign)).isInstanceOf(IllegalStateException.class);
        assertThat(Payloads.builders().getClass().getNestHost()).isEqualTo(SecretFields.class);
    }
}
