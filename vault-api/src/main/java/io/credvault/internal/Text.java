package io.credvault.internal;

import io.credvault.ValidationException;
import org.jspecify.annotations.Nullable;

/** Validation of the strings credvault stores: lengths, control characters, well-formed Unicode. */
public final class Text {
    private Text() {
    }

    /** A required, non-blank, single-line string of at most {@code max} UTF-16 units. */
    public static String requireLine(String field, @Nullable String value, int max) {
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
        if (value.isBlank()) {
            throw new ValidationException(field, "must not be empty or blank");
        }
        return check(field, value, max, false);
    }

    /** An optional single-line string; {@code null} stays {@code null}. */
    public static @Nullable String optionalLine(String field, @Nullable String value, int max) {
        return value == null ? null : check(field, value, max, false);
    }

    /** An optional multi-line string (tabs and line breaks allowed); {@code null} stays {@code null}. */
    public static @Nullable String optionalText(String field, @Nullable String value, int max) {
        return value == null ? null : check(field, value, max, true);
    }

    /** Any content, as long as it is well-formed Unicode (so UTF-8 round-trips exactly). */
    public static String requireWellFormed(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ValidationException(field, "must be well-formed Unicode (unpaired surrogate at index " + i + ")");
            }
        }
        return value;
    }

    /** Earliest instant any call accepts: storable as microseconds on every backend. */
    public static final java.time.Instant MIN_INSTANT = java.time.Instant.parse("0001-01-01T00:00:00Z");
    /** Latest instant any call accepts. */
    public static final java.time.Instant MAX_INSTANT = java.time.Instant.parse("9999-12-31T23:59:59.999999Z");

    /** An instant within [{@link #MIN_INSTANT}, {@link #MAX_INSTANT}]; null stays null. */
    public static java.time.@Nullable Instant instant(String field, java.time.@Nullable Instant value) {
        if (value != null && (value.isBefore(MIN_INSTANT) || value.isAfter(MAX_INSTANT))) {
            throw new ValidationException(field, "must be between " + MIN_INSTANT + " and " + MAX_INSTANT + ", got " + value);
        }
        return value;
    }

    /** Longest secret field name. */
    public static final int MAX_FIELD_NAME = 64;

    /**
     * A secret field name: letters, digits and '_', starting with a letter, at most 64 characters. A name that
     * does not match is never quoted back (it may be a secret passed in the wrong place).
     */
    public static String fieldName(@Nullable String name) {
        if (name == null || !isFieldName(name)) {
            throw new ValidationException("secrets", "a field name must be 1-" + MAX_FIELD_NAME + " letters, digits and '_', "
                    + "starting with a letter; the name given does not match (not shown: it may be a secret)");
        }
        return name;
    }

    /**
     * What each ASCII character may be in a field name: {@link #FIRST} (a letter: first or later), {@link #LATER}
     * (a digit or '_': not first) or nothing (0): one look-up a character instead of up to five range comparisons.
     */
    private static final byte[] FIELD_NAME_CHARS = new byte[128];
    private static final byte FIRST = 2;
    private static final byte LATER = 1;

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            FIELD_NAME_CHARS[c] = FIRST;
            FIELD_NAME_CHARS[Character.toUpperCase(c)] = FIRST;
        }
        for (char c = '0'; c <= '9'; c++) {
            FIELD_NAME_CHARS[c] = LATER;
        }
        FIELD_NAME_CHARS['_'] = LATER;
    }

    /** Whether {@code name} is a field name, as {@link #fieldName} checks. */
    public static boolean isFieldName(String name) {
        int n = name.length();
        if (n == 0 || n > MAX_FIELD_NAME) {
            return false;
        }
        char first = name.charAt(0);
        if (first >= 128 || FIELD_NAME_CHARS[first] != FIRST) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = name.charAt(i);
            if (c >= 128 || FIELD_NAME_CHARS[c] == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Free text (a provider-call body or header value) may hold anything but NUL, which not every database can
     * store; also requires well-formed Unicode.
     */
    public static String requireNoNul(String field, @Nullable String value) {
        if (value == null) {
            return "";
        }
        int nul = value.indexOf('\u0000');
        if (nul >= 0) {
            throw new ValidationException(field, "must not contain NUL (U+0000), found at index " + nul);
        }
        return requireWellFormed(field, value);
    }

    private static String check(String field, String value, int max, boolean multiLine) {
        if (value.length() > max) {
            throw new ValidationException(field, "must be at most " + max + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new ValidationException(field, "must be well-formed Unicode (unpaired surrogate at index " + i + ")");
            }
            if (Character.isLowSurrogate(c)) {
                throw new ValidationException(field, "must be well-formed Unicode (unpaired surrogate at index " + i + ")");
            }
            if (Character.isISOControl(c) && !(multiLine && (c == '\n' || c == '\r' || c == '\t'))) {
                throw new ValidationException(field, "must not contain control characters (U+"
                        + String.format("%04X", (int) c) + " at index " + i + ")"
                        + (multiLine ? "; only tab and line breaks are allowed" : ""));
            }
        }
        return value;
    }

    /** Checks {@code value} against {@code [a-z0-9][a-z0-9-]*} / {@code [a-zA-Z][a-zA-Z0-9_]*} style identifiers. */
    public static String requireIdentifier(String field, @Nullable String value, int max, boolean lowerKebab) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException(field, "is required");
        }
        String allowed = lowerKebab ? "lower-case letters, digits and '-', starting with a letter or digit"
                : "letters, digits and '_', starting with a letter";
        if (value.length() > max) {
            throw new ValidationException(field, "must be at most " + max + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = lowerKebab
                    ? (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0)
                    : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || ((c == '_' || (c >= '0' && c <= '9')) && i > 0);
            if (!ok) {
                throw new ValidationException(field, "may contain only " + allowed + "; got an invalid character at index " + i);
            }
        }
        return value;
    }
}
