package io.credvault.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.credvault.ValidationException;
import io.credvault.internal.Text;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The text rules every field is checked with, as the engine uses them. */
class TextTest {
    private static String field(Runnable r) {
        try {
            r.run();
        } catch (ValidationException e) {
            return e.field();
        }
        throw new AssertionError("no ValidationException");
    }

    @Test
    @DisplayName("a required line refuses null, blank, too long, control characters and unpaired surrogates, naming the field")
    void requireLine() {
        assertThat(Text.requireLine("name", "GitHub corporate", 255)).isEqualTo("GitHub corporate");
        for (String bad : new String[] {null, "", "  \t", "x".repeat(256), "two\nlines", "nul\u0000", "bad\uD800", "\uDC00x"}) {
            assertThat(field(() -> Text.requireLine("name", bad, 255))).as(String.valueOf(bad)).isEqualTo("name");
        }
    }

    @Test
    @DisplayName("multi-line text allows tab and line breaks only; other control characters are refused")
    void optionalText() {
        assertThat(Text.optionalText("description", "a\tb\r\nc", 100)).isEqualTo("a\tb\r\nc");
        assertThat(Text.optionalText("description", null, 100)).isNull();
        assertThatThrownBy(() -> Text.optionalText("description", "bell\u0007", 100)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("U+0007");
    }

    @Test
    @DisplayName("a field name that does not match the pattern is refused without being quoted back")
    void fieldName_neverEchoed() {
        assertThat(Text.fieldName("accessToken")).isEqualTo("accessToken");
        String secretInWrongPlace = "ghp_s3cr3t-value";
        assertThatThrownBy(() -> Text.fieldName(secretInWrongPlace)).isInstanceOf(ValidationException.class)
                .hasMessageNotContaining(secretInWrongPlace);
        for (String bad : new String[] {null, "", "1abc", "_x", "a-b", "x".repeat(65)}) {
            assertThatThrownBy(() -> Text.fieldName(bad)).as(String.valueOf(bad)).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    @DisplayName("a field name's characters, every UTF-16 unit first and later, are what the pattern [A-Za-z][A-Za-z0-9_]* allows")
    void fieldName_everyCharacter() {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String ch = String.valueOf((char) c);
            for (String name : new String[] {ch, "a" + ch, "a" + ch + "z"}) {
                boolean allowed = pattern.matcher(name).matches();
                if (allowed) {
                    assertThat(Text.fieldName(name)).isEqualTo(name);
                } else {
                    assertThatThrownBy(() -> Text.fieldName(name)).as("U+%04X in %s", c, name.length() == 1 ? "first place" : "a later place")
                            .isInstanceOf(ValidationException.class);
                }
            }
        }
        assertThat(Text.fieldName("x".repeat(64))).hasSize(64);
    }

    @Test
    @DisplayName("instants outside 0001..9999 are refused with the allowed range; null passes")
    void instantRange() {
        assertThat(Text.instant("at", null)).isNull();
        assertThat(Text.instant("at", Text.MAX_INSTANT)).isEqualTo(Text.MAX_INSTANT);
        for (Instant bad : new Instant[] {Instant.MIN, Instant.MAX, Text.MIN_INSTANT.minusNanos(1000), Text.MAX_INSTANT.plusSeconds(1)}) {
            assertThatThrownBy(() -> Text.instant("at", bad)).isInstanceOf(ValidationException.class).hasMessageContaining("0001");
        }
    }

    @Test
    @DisplayName("identifiers: lower-kebab provider ids and letter-led names")
    void identifiers() {
        assertThat(Text.requireIdentifier("provider", "raven-slingshot", 64, true)).isEqualTo("raven-slingshot");
        assertThat(field(() -> Text.requireIdentifier("provider", "Raven", 64, true))).isEqualTo("provider");
        assertThat(field(() -> Text.requireIdentifier("provider", "-x", 64, true))).isEqualTo("provider");
        assertThat(Text.requireIdentifier("credentialId", "C0_x", 64, false)).isEqualTo("C0_x");
    }
}
