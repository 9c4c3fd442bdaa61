package io.credvault.cli;

import io.credvault.CredentialId;
import io.credvault.OwnerId;
import io.credvault.Vault;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every vault command shares: options, output, the root's terminal and environment. */
abstract class Base implements Callable<Integer> {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhd])");

    @Spec
    CommandSpec spec;

    @Mixin
    VaultOptions vault;

    Main root() {
        return (Main) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Terminal terminal() {
        return root().terminal;
    }

    Vault open() {
        return vault.withEnv(root().env).open(terminal(), false);
    }

    @Override
    public Integer call() {
        try (Vault v = open()) {
            return run(v);
        }
    }

    abstract int run(Vault v);

    static OwnerId owner(String value) {
        return OwnerId.of(value);
    }

    static CredentialId id(String value) {
        return CredentialId.of(value);
    }

    /** {@code 30s}, {@code 15m}, {@code 24h}, {@code 7d}, {@code 0}, or ISO-8601 ({@code PT24H}). */
    static Duration duration(String field, String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SHORT_DURATION.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliException(5, field + ": '" + text + "' is not a duration; use e.g. 30s, 15m, 24h, 7d or PT24H");
        }
    }

    static @Nullable Instant instant(String field, @Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliException(5, field + ": '" + text + "' is not an ISO-8601 instant like 2027-01-31T00:00:00Z");
        }
    }

    static String orDash(@Nullable Object o) {
        return o == null ? "-" : o.toString();
    }
}
