package io.credvault.core.internal;

import io.credvault.CredentialUpdate;
import io.credvault.ValidationException;
import io.credvault.internal.Text;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Checks and merges expiry times: the credential's own and those of single secret fields. */
final class Expiries {
    /** The latest expiry accepted: far enough for any token, early enough for every database's time column. */
    static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");

    private Expiries() {
    }

    /** {@code at} truncated to microseconds (what every backend stores), or null; refuses the past and the far future. */
    static @Nullable Instant check(String field, @Nullable Instant at, Instant now) {
        if (at == null) {
            return null;
        }
        if (!at.isAfter(now)) {
            throw new ValidationException(field, "must be in the future, got " + at);
        }
        if (at.isAfter(MAX)) {
            throw new ValidationException(field, "must be at most " + MAX + ", got " + at);
        }
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    /** The field expiries of a new credential whose secret fields are {@code fields}. */
    static Map<String, Instant> forCreate(Map<String, Instant> requested, Set<String> fields, Instant now) {
        Map<String, Instant> out = new TreeMap<>();
        requested.forEach((field, at) -> out.put(requireField(field, fields), check(field(field), at, now)));
        return out;
    }

    /**
     * The field expiries after {@code changes}: a removed field and a field whose value is replaced lose their
     * expiry, then the update's own settings apply; {@code fieldsAfter} are the secret fields after the update.
     */
    static Map<String, Instant> forUpdate(Map<String, Instant> current, CredentialUpdate changes, Set<String> fieldsAfter,
                                          Instant now) {
        Map<String, Instant> out = new TreeMap<>(current);
        out.keySet().removeAll(changes.removedSecrets());
        out.keySet().removeAll(changes.secrets().names());
        for (Map.Entry<String, Optional<Instant>> e : changes.secretExpiries().entrySet()) {
            String field = requireField(e.getKey(), fieldsAfter);
            Instant at = check(field(field), e.getValue().orElse(null), now);
            if (at == null) {
                out.remove(field);
            } else {
                out.put(field, at);
            }
        }
        return out;
    }

    /** The field expiries after a refresh that set {@code replaced} fields with {@code newExpiries}. */
    static Map<String, Instant> afterRefresh(Map<String, Instant> current, Set<String> replaced, Map<String, Instant> newExpiries,
                                             Set<String> fieldsAfter, Instant now) {
        Map<String, Instant> out = new TreeMap<>(current);
        out.keySet().removeAll(replaced);
        newExpiries.forEach((field, at) -> out.put(requireField(field, fieldsAfter), check(field(field), at, now)));
        return out;
    }

    private static String requireField(String field, Set<String> fields) {
        Text.fieldName(field);
        if (!fields.contains(field)) {
            throw new ValidationException(field(field), "names no secret field of this credential (fields: "
                    + String.join(", ", new TreeSet<>(fields)) + ")");
        }
        return field;
    }

    private static String field(String name) {
        return "secretExpiries." + name;
    }
}
