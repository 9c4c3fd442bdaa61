package io.credvault.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Every duration option: {@code 100ms}, {@code 30s}, {@code 15m}, {@code 24h}, {@code 7d}, {@code 0}, or ISO-8601 ({@code PT24H}). */
final class Durations implements ITypeConverter<Duration> {
    /** What the help and the errors show. */
    static final String FORMS = "e.g. 100ms, 30s, 15m, 24h, 7d, 0 or ISO-8601 like PT1H30M";
    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SHORT.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not a duration; use " + FORMS);
        }
    }

    /** {@code 1h2m3s}, {@code 250ms}: how durations are printed. */
    static String format(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        return d.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
