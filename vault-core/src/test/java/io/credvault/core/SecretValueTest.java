package io.credvault.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.SecretValue;
import io.credvault.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A secret value from UTF-8 bytes is a copy of a non-empty, bounded, well-formed range, or a refusal that says which. */
class SecretValueTest {
    @Test
    @DisplayName("an empty, over-long or ill-formed range is refused with the reason, and a good range is copied")
    void ofUtf8() {
        assertThatThrownBy(() -> SecretValue.ofUtf8(new byte[0])).isInstanceOf(ValidationException.class)
                .hasMessageContaining("must not be empty");
        byte[] big = new byte[SecretValue.MAX_BYTES + 1];
        Arrays.fill(big, (byte) 'a');
        assertThatThrownBy(() -> SecretValue.ofUtf8(big)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("at most " + SecretValue.MAX_BYTES + " bytes").hasMessageContaining("got " + big.length);
        assertThat(SecretValue.ofUtf8(big, 1, SecretValue.MAX_BYTES).utf8Length()).isEqualTo(SecretValue.MAX_BYTES);
        byte[] surrogate = {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        assertThatThrownBy(() -> SecretValue.ofUtf8(surrogate)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("well-formed UTF-8");
        assertThat(SecretValue.ofUtf8(surrogate, 0, 1).reveal()).isEqualTo("a");

        byte[] source = "xtokeny".getBytes(StandardCharsets.UTF_8);
        SecretValue v = SecretValue.ofUtf8(source, 1, 5);
        source[2] = 'X';
        assertThat(v.reveal()).isEqualTo("token");
    }
}
