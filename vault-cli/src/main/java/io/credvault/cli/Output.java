package io.credvault.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credvault.CredentialMetadata;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * How a command prints: text for people, or with {@code --format json} one JSON object for scripts. The JSON field
 * names are stable and listed in the README; every field is present, null when it has no value; instants are ISO-8601
 * UTC strings.
 */
final class Output {
    /** The output formats: {@code jsonl} is {@code json}, one object per line, as {@code events --follow} prints it. */
    enum Format { text, json, jsonl }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output: text (for people, the default), or json or jsonl (for scripts: one JSON object per line, stable field names, see the README)")
    Format format = Format.text;

    boolean json() {
        return format != Format.text;
    }

    static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON output failed", e);
        }
    }

    static @Nullable String iso(@Nullable Instant at) {
        return at == null ? null : at.toString();
    }

    /** An ordered JSON object from alternating names and values. */
    static Map<String, @Nullable Object> object(@Nullable Object... namesAndValues) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object v = namesAndValues[i + 1];
            m.put(String.valueOf(namesAndValues[i]), v instanceof Instant at ? at.toString() : v);
        }
        return m;
    }

    /** A credential's metadata (never a secret) as the JSON every command uses. */
    static Map<String, @Nullable Object> credential(CredentialMetadata m) {
        Map<String, String> expiries = new TreeMap<>();
        m.secretExpiries().forEach((field, at) -> expiries.put(field, at.toString()));
        return object("id", m.id().value(), "owner", m.owner().value(), "name", m.name(), "description", m.description(),
                "provider", m.provider(), "category", m.category(), "status", m.status().name(),
                "secretFields", new ArrayList<>(new TreeSet<>(m.secretFieldNames())), "version", m.version(),
                "keyVersion", m.keyVersion(), "fingerprint", m.fingerprint(), "createdAt", m.dateCreated(),
                "updatedAt", m.lastUpdated(), "lastUsedAt", m.lastUsed(), "expiresAt", m.expiresAt(),
                "secretExpiries", expiries, "nextExpiry", m.nextExpiry(), "lastCheckedAt", m.lastCheckedAt(),
                "consecutiveFailures", m.consecutiveFailures(), "deleted", m.deleted(), "deletedAt", m.deletedAt());
    }

    /**
     * Rewrites the progress line on standard error: a bar, count, rate and ETA when the total is known, else count
     * and rate.
     *
     * @param err   standard error
     * @param done  units done
     * @param total units in all, or 0 if unknown
     * @param rate  units per second
     * @param unit  what is counted, e.g. {@code rows}
     * @param label the phase, or empty
     */
    static void progress(PrintWriter err, long done, long total, double rate, String unit, String label) {
        if (total > 0) {
            int width = 30;
            int filled = (int) Math.min(width, width * done / total);
            String eta = rate > 0 ? Durations.format(java.time.Duration.ofSeconds((long) Math.ceil(Math.max(0, total - done) / rate))) : "?";
            err.printf("\r[%s%s] %,d/%,d %s  %,.0f/s  ETA %s  %-14s", "#".repeat(filled), ".".repeat(width - filled), done, total, unit,
                    rate, eta, label);
        } else {
            err.printf("\r%,d %s  %,.0f/s  %-14s", done, unit, rate, label);
        }
        err.flush();
    }

    /** Rows printed in columns as wide as their widest cell (cut at {@value #MAX_WIDTH} characters). */
    static final class Table {
        private static final int MAX_WIDTH = 40;
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        Table row(@Nullable Object... cells) {
            String[] r = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                String s = cells[i] == null ? "-" : cells[i].toString();
                r[i] = s.length() <= MAX_WIDTH ? s : s.substring(0, MAX_WIDTH - 1) + "…";
            }
            rows.add(r);
            return this;
        }

        void print(PrintWriter out) {
            int[] width = new int[rows.get(0).length];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
                }
            }
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    line.append(r[i]);
                    if (i < r.length - 1) {
                        line.append(" ".repeat(width[i] - r[i].codePointCount(0, r[i].length()) + 2));
                    }
                }
                out.println(line.toString().stripTrailing());
            }
        }
    }
}
